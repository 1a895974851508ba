"""Honest corrections: an editor says whether a change to public text is a correction.

Readers then see "Diperbarui" and the change log; crawlers see the date of the last
real change (dateModified, sitemap lastmod). A typo fix marked minor changes nothing
public.
"""

import json
import re

import pytest
from django.test import Client

from articles.models import Correction
from tests.factories import ArticleFactory, wita
from tests.staff import article_form, change_url, logged_in, save, staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return logged_in(Client, staff_user("editor", "Editor"))


@pytest.fixture
def article():
    return ArticleFactory(
        title="Realisasi Anggaran Triwulan I",
        slug="realisasi-anggaran-triwulan-i",
        publish_at=wita(2025, 4, 10),
        sections=[("Ringkasan", "<p>Realisasi belanja mencapai 21 persen.</p>")],
    )


def edit_text(client, article, **extra):
    data = article_form(client, change_url(article))
    data["sections-0-body"] = "<p>Realisasi belanja mencapai 12 persen.</p>"
    data.update(extra)
    return client.post(change_url(article), save(data))


def date_modified(html):
    items = []
    for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S):
        data = json.loads(block)
        for item in data if isinstance(data, list) else [data]:
            items += item.get("@graph", [item])
    return next(item["dateModified"] for item in items if "dateModified" in item)


def sitemap_lastmod(client, slug):
    index = client.get("/sitemap.xml").content.decode()
    for path in re.findall(r"<loc>https?://[^/]+(/[^<]+)</loc>", index):
        xml = client.get(path).content.decode()
        found = re.search(rf"{slug}/</loc>\s*<lastmod>([^<]+)</lastmod>", xml)
        if found:
            return found[1]
    raise AssertionError(f"{slug} not in the sitemap")


def test_a_correction_is_shown_with_its_reason_and_moves_the_dates(editor, article):
    citizen = Client()
    before = citizen.get(article.get_absolute_url()).content.decode()
    assert "Diperbarui" not in before
    assert "Riwayat perubahan" not in before

    response = edit_text(
        editor,
        article,
        change_kind="koreksi",
        correction_reason="Angka realisasi diperbaiki dari 21 menjadi 12 persen.",
    )

    assert response.status_code == 302
    correction = Correction.objects.get(article=article)
    assert correction.editor.username == "editor"
    html = citizen.get(article.get_absolute_url()).content.decode()
    assert "Diperbarui" in html
    assert "1 Juni 2025, 12:00 WITA" in html
    assert "Riwayat perubahan" in html
    assert "Angka realisasi diperbaiki dari 21 menjadi 12 persen." in html
    assert "12 persen" in html
    assert date_modified(html).startswith("2025-06-01T12:00")
    assert sitemap_lastmod(citizen, article.slug).startswith("2025-06-01")


def test_a_minor_fix_is_not_announced(editor, article):
    citizen = Client()
    lastmod_before = sitemap_lastmod(citizen, article.slug)

    response = edit_text(editor, article, change_kind="kecil")

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.content_changed_at is None
    assert not Correction.objects.exists()
    html = citizen.get(article.get_absolute_url()).content.decode()
    assert "12 persen" in html
    assert "Diperbarui" not in html
    assert "Riwayat perubahan" not in html
    assert date_modified(html).startswith("2025-04-10")
    assert sitemap_lastmod(citizen, article.slug) == lastmod_before


def test_an_update_moves_the_date_without_a_correction_entry(editor, article):
    edit_text(editor, article, change_kind="pembaruan")

    html = Client().get(article.get_absolute_url()).content.decode()
    assert "Diperbarui" in html
    assert "Riwayat perubahan" not in html
    assert not Correction.objects.exists()


def test_changing_public_text_requires_a_choice_and_a_correction_requires_a_reason(editor, article):
    unchosen = edit_text(editor, article)
    assert unchosen.status_code == 200
    assert "pilih jenis perubahannya" in unchosen.content.decode()

    no_reason = edit_text(editor, article, change_kind="koreksi", correction_reason="  ")
    assert no_reason.status_code == 200
    assert "Tuliskan alasan koreksi" in no_reason.content.decode()

    article.refresh_from_db()
    assert "21 persen" in article.sections.get().body
    assert not Correction.objects.exists()


def test_changing_only_tags_of_a_public_article_needs_no_choice(editor, article):
    data = article_form(editor, change_url(article))
    data["tags"] = "anggaran"

    assert editor.post(change_url(article), save(data)).status_code == 302
    assert "Diperbarui" not in Client().get(article.get_absolute_url()).content.decode()


def test_drafts_have_no_correction_fields(editor):
    from tests.factories import DraftFactory

    html = editor.get(change_url(DraftFactory())).content.decode()

    assert 'name="change_kind"' not in html


@pytest.mark.parametrize("corrections", [1, 6])
def test_the_change_log_costs_one_query_however_long_it_is(corrections):
    """Compared with the same page without corrections: the "Diperbarui" line and the
    log share one read of the article's corrections; an uncorrected article pays
    nothing."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    plain = ArticleFactory(slug="tanpa-koreksi", publish_at=wita(2025, 4, 10))
    corrected = ArticleFactory(slug="dengan-koreksi", publish_at=wita(2025, 4, 10))
    for number in range(corrections):
        Correction.objects.create(article=corrected, reason=f"Koreksi nomor {number}.")
    corrected.content_changed_at = timezone.now()
    corrected.save()
    citizen = Client()

    with CaptureQueriesContext(connection) as without_log:
        assert citizen.get(plain.get_absolute_url()).status_code == 200
    with CaptureQueriesContext(connection) as with_log:
        html = citizen.get(corrected.get_absolute_url()).content.decode()

    assert html.count("Koreksi nomor") == corrections
    assert len(with_log) == len(without_log) + 1
