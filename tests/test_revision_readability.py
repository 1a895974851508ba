"""Revisions read as an account of what people did: words, WITA times and names."""

import re

import pytest
import reversion
from django.db import transaction
from django.utils.translation import gettext_lazy

from articles.models import Article, Tag, TagRedirect
from articles.revisions import (
    Change,
    article_versions,
    current_snapshot,
    differences,
    restore_changes,
    restore_content,
    revision_snapshot,
)
from tests.factories import DraftFactory, wita
from tests.staff import staff_user

pytestmark = pytest.mark.django_db

DATABASE_WORDS = re.compile(r"\b(draft|published)\b")


def record(article, user=None, comment=""):
    """One revision of the article as it is now, saved by ``user``, as the admin does."""
    article.refresh_from_db()
    with reversion.create_revision(manage_manually=True):
        if user is not None:
            reversion.set_user(user)
        reversion.set_comment(comment)
        reversion.add_to_revision(article)
    return article_versions(article.pk).first()


def staff_with_name(username, first, last):
    user = staff_user(username, "Editor")
    user.first_name, user.last_name = first, last
    user.save()
    return user


def diff_table(html):
    tables = re.findall(r'<table class="redaksi-diff">.*?</table>', html, re.S)
    assert len(tables) == 1, html
    return tables[0]


def rows(html):
    """The labels of the rows of the page's table of changes."""
    return re.findall(r'<th scope="row">([^<]*)', diff_table(html))


# --- differences ---------------------------------------------------------------------


def test_status_and_publish_time_are_two_rows_in_words_and_wita_time():
    draft = DraftFactory(publish_at=wita(2026, 12, 2, 10))
    before = revision_snapshot(record(draft))  # times come back from reversion in UTC
    Article.objects.filter(pk=draft.pk).update(
        status=Article.Status.PUBLISHED, publish_at=wita(2026, 12, 2, 11)
    )
    after = revision_snapshot(record(draft))

    changes = differences(before, after)

    assert [change.label for change in changes] == ["Status", "Waktu terbit"]
    status, publish_time = changes
    assert status.diff == "<del>Draf</del> → <ins>Terbit</ins>"
    assert publish_time.diff == (
        "2 Desember 2026 <del>10.00</del> WITA → 2 Desember 2026 <ins>11.00</ins> WITA"
    )


def test_each_row_appears_only_when_its_value_changed():
    draft = DraftFactory(publish_at=wita(2026, 12, 2, 10))
    before = current_snapshot(draft)
    draft.status = Article.Status.PUBLISHED
    published = current_snapshot(draft)
    draft.publish_at = wita(2027, 1, 5, 9, 30)
    rescheduled = current_snapshot(draft)

    (status,) = differences(before, published)
    (publish_time,) = differences(published, rescheduled)

    assert status.label == "Status"
    assert publish_time.label == "Waktu terbit"
    assert publish_time.diff == (
        "<del>2 Desember 2026 10.00</del> WITA → <ins>5 Januari 2027 09.30</ins> WITA"
    )
    assert not DATABASE_WORDS.search(status.diff + publish_time.diff)


def test_content_only_leaves_status_and_publish_time_out():
    draft = DraftFactory(title="Reses Dapil I", publish_at=wita(2026, 12, 2, 10))
    before = current_snapshot(draft)
    draft.title = "Reses Dapil II"
    draft.status = Article.Status.PUBLISHED
    draft.publish_at = wita(2026, 12, 3, 10)
    after = current_snapshot(draft)

    assert [change.label for change in differences(before, after)] == [
        "Judul",
        "Status",
        "Waktu terbit",
    ]
    assert [change.label for change in differences(before, after, content_only=True)] == ["Judul"]


def test_every_label_is_a_plain_str():
    draft = DraftFactory(sections=[("", "<p>Pembuka.</p>"), ("Isi", "<p>Isi.</p>")])
    before = current_snapshot(draft)
    draft.status = Article.Status.PUBLISHED
    after = current_snapshot(draft)
    after.sections = [("", "<p>Pembuka baru.</p>"), ("Isi", "<p>Isi.</p>")]

    changes = differences(before, after)

    assert [change.label for change in changes] == ["Status", "Bagian 1: (bagian pembuka)"]
    assert all(type(change.label) is str for change in changes)
    assert type(Change(gettext_lazy("Tag"), "").label) is str


# --- restore_changes -----------------------------------------------------------------


def test_restore_changes_lists_content_only_and_exactly_what_restoring_does():
    sampah = Tag.objects.create(name="sampah")
    draft = DraftFactory(title="Perda Sampah", publish_at=wita(2025, 5, 1), tags=[sampah])
    snapshot = revision_snapshot(record(draft))
    # Since then: new title and text, published at another time, and the tag
    # "sampah" merged into "kebersihan" (its old address now leads there).
    draft.title = "Perda Pengelolaan Sampah"
    draft.status = Article.Status.PUBLISHED
    draft.publish_at = wita(2025, 5, 20, 8)
    draft.save()
    draft.sections.filter(position=2).update(body="<p>Penutup yang baru.</p>")
    kebersihan = Tag.objects.create(name="kebersihan")
    draft.tags.set([kebersihan])
    sampah.delete()
    TagRedirect.objects.create(old_slug="sampah", tag=kebersihan)
    tags_before = Tag.objects.count()

    changes = restore_changes(draft, snapshot)

    # The restore keeps status and time, and sets "kebersihan" again: no such rows.
    assert [change.label for change in changes] == ["Judul", "Bagian 2: Kesimpulan"]
    assert Tag.objects.count() == tags_before  # looking created nothing
    before = current_snapshot(draft)
    with transaction.atomic():
        restore_content(draft, snapshot)
        restored = current_snapshot(draft)
        transaction.set_rollback(True)
    done = differences(before, restored)
    assert [(c.label, c.diff, c.kind) for c in done] == [(c.label, c.diff, c.kind) for c in changes]


def test_restore_changes_is_empty_when_only_status_and_time_differ():
    draft = DraftFactory(publish_at=wita(2025, 5, 1))
    snapshot = revision_snapshot(record(draft))
    draft.status = Article.Status.PUBLISHED
    draft.publish_at = wita(2025, 5, 2)
    draft.save()

    assert differences(current_snapshot(draft), snapshot) != []
    assert restore_changes(draft, snapshot) == []


# --- The admin pages -----------------------------------------------------------------


def test_history_page_shows_names_wita_times_and_status_in_words(staff_client):
    draft = DraftFactory(title="Jadwal Paripurna", publish_at=wita(2026, 12, 2, 10))
    record(draft)  # imported: no user, no comment
    andi = staff_with_name("andi", "Andi", "Pratama")
    Article.objects.filter(pk=draft.pk).update(
        status=Article.Status.PUBLISHED, publish_at=wita(2026, 12, 2, 11), version=2
    )
    record(draft, andi, "Dijadwalkan untuk 2 Desember 2026 11.00 WITA")

    html = staff_client.get(f"/admin/articles/article/{draft.pk}/revisi/").content.decode()

    assert "Andi Pratama" in html
    assert ">andi<" not in html
    assert "Sistem (impor atau skrip)" in html
    assert "Dijadwalkan untuk 2 Desember 2026 11.00 WITA" in html
    assert "<td>—</td>" in html  # the imported revision has no note
    # Both revisions were saved at the pinned clock, 1 June 2025 12:00 WITA.
    assert html.count(">1 Juni 2025 12.00 WITA</time>") == 2
    assert "Perbedaan 1 Juni 2025 12.00 WITA → 1 Juni 2025 12.00 WITA" in html
    table = diff_table(html)
    assert rows(html) == ["Status", "Waktu terbit"]
    assert "<del>Draf</del> → <ins>Terbit</ins>" in table
    assert "2 Desember 2026 <del>10.00</del> WITA → 2 Desember 2026 <ins>11.00</ins> WITA" in table
    assert not DATABASE_WORDS.search(table)
    assert "03:00" not in table and "02:00" not in table  # no UTC


def test_restore_page_lists_only_what_will_change_with_name_and_wita_time(staff_client):
    sari = staff_with_name("sari", "Sari", "Wulandari")
    draft = DraftFactory(title="Rapat Banggar", publish_at=wita(2025, 5, 1))
    version = record(draft, sari, "Disunting")
    draft.title = "Rapat Badan Anggaran"
    draft.status = Article.Status.PUBLISHED
    draft.publish_at = wita(2025, 5, 20, 8)
    draft.save()

    response = staff_client.get(f"/admin/articles/article/{draft.pk}/revisi/{version.pk}/pulihkan/")
    html = response.content.decode()

    assert response.status_code == 200
    assert "seperti pada revisi 1 Juni 2025 12.00 WITA, yang disimpan oleh Sari Wulandari" in html
    assert "Status, waktu terbit dan tanda tempat sampah tetap seperti sekarang" in html
    assert rows(html) == ["Judul"]
    assert "Rapat <del>Badan Anggaran</del><ins>Banggar</ins>" in diff_table(html)
    assert not DATABASE_WORDS.search(diff_table(html))


def test_restore_page_names_the_system_for_a_revision_without_user(staff_client):
    draft = DraftFactory(title="Hasil Kunker")
    version = record(draft)
    draft.title = "Hasil Kunjungan Kerja"
    draft.save()

    html = staff_client.get(
        f"/admin/articles/article/{draft.pk}/revisi/{version.pk}/pulihkan/"
    ).content.decode()

    assert "revisi 1 Juni 2025 12.00 WITA, yang dicatat oleh sistem (impor atau skrip)" in html
    assert "(oleh —)" not in html
