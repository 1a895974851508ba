"""Every admin save is a revision; staff compare any two and restore one."""

import re

import pytest
from django.test import Client

from articles.models import Article, Correction
from articles.revisions import article_versions, revision_snapshot
from tests.factories import ArticleFactory, DraftFactory
from tests.staff import article_form, change_url, form_data, logged_in, save, staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return logged_in(Client, staff_user("editor", "Editor"))


def revisions_url(article):
    return f"/admin/articles/article/{article.pk}/revisi/"


def edit(client, article, **changes):
    data = article_form(client, change_url(article))
    data.update(changes)
    response = client.post(change_url(article), save(data))
    assert response.status_code == 302, response.content.decode()[:2000]
    article.refresh_from_db()


def test_each_save_records_who_when_and_the_whole_content(editor):
    draft = DraftFactory(title="Perda Sampah", tags=["lingkungan"])

    edit(editor, draft, **{"sections-0-body": "<p>Versi kedua pembuka.</p>"})
    edit(editor, draft, title="Perda Pengelolaan Sampah", tags="lingkungan, kebersihan")

    versions = list(article_versions(draft.pk))
    assert len(versions) == 3
    newest, older, baseline = versions
    # The text as it was before anyone edited it in the admin (e.g. imported).
    assert baseline.revision.user is None
    assert revision_snapshot(baseline).sections[0] == (
        "Pendahuluan",
        "<p>Pembuka artikel Perda Sampah.</p>",
    )
    assert newest.revision.user.username == "editor"
    snapshot = revision_snapshot(newest)
    assert snapshot.title == "Perda Pengelolaan Sampah"
    assert snapshot.version == draft.version == 3
    assert snapshot.sections == [
        ("Pendahuluan", "<p>Versi kedua pembuka.</p>"),
        ("Kesimpulan", "<p>Penutup artikel Perda Sampah.</p>"),
    ]
    assert snapshot.tag_names == ["kebersihan", "lingkungan"]
    assert revision_snapshot(older).title == "Perda Sampah"


def test_history_lists_revisions_and_shows_word_differences(editor):
    draft = DraftFactory(title="Anggaran Sekolah")
    edit(editor, draft, **{"sections-1-body": "<p>Dana dibagi ke sepuluh sekolah.</p>"})
    edit(editor, draft, **{"sections-1-body": "<p>Dana dibagi ke dua belas sekolah negeri.</p>"})

    html = editor.get(revisions_url(draft)).content.decode()

    assert html.count('name="dari"') == 3  # the text before the admin, and two saves
    assert "Bagian 2: Kesimpulan" in html
    assert "<del>sepuluh</del>" in html
    assert "<ins>dua belas</ins>" in html
    assert "sekolah<ins> negeri</ins>." in html
    assert "Pendahuluan" not in re.findall(r'<th scope="row">([^<]*)', html)  # unchanged


def test_restoring_brings_back_sections_order_text_and_tags_as_a_new_revision(editor):
    draft = DraftFactory(
        title="Rencana Kerja",
        sections=[("Satu", "<p>Isi satu.</p>"), ("Dua", "<p>Isi dua.</p>")],
        tags=["perencanaan"],
    )
    edit(editor, draft)  # the first revision: the state to come back to
    original = article_versions(draft.pk).first()
    data = article_form(editor, change_url(draft))
    data.update(
        {
            "title": "Rencana Kerja Diubah",
            "tags": "anggaran",
            "sections-0-position": "2",
            "sections-1-position": "1",
            "sections-1-body": "<p>Isi dua diganti.</p>",
            "sections-TOTAL_FORMS": "3",
            "sections-2-heading": "Tiga",
            "sections-2-body": "<p>Isi tiga.</p>",
            "sections-2-position": "",
        }
    )
    assert editor.post(change_url(draft), save(data)).status_code == 302
    draft.refresh_from_db()
    assert list(draft.sections.values_list("heading", flat=True)) == ["Dua", "Satu", "Tiga"]

    restore_url = f"/admin/articles/article/{draft.pk}/revisi/{original.pk}/pulihkan/"
    confirm = editor.get(restore_url)
    assert "Kerja<del> Diubah</del>" in confirm.content.decode()
    response = editor.post(restore_url)

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Rencana Kerja"
    assert list(draft.sections.values_list("position", "heading", "body")) == [
        (1, "Satu", "<p>Isi satu.</p>"),
        (2, "Dua", "<p>Isi dua.</p>"),
    ]
    assert [tag.name for tag in draft.tags.all()] == ["perencanaan"]
    assert draft.status == Article.Status.DRAFT
    versions = list(article_versions(draft.pk))
    assert len(versions) == 4  # restoring added one; nothing was overwritten
    assert versions[0].revision.comment.startswith("Dipulihkan dari revisi")
    assert revision_snapshot(versions[1]).title == "Rencana Kerja Diubah"


def test_restoring_a_public_article_asks_whether_it_is_a_correction(editor):
    article = ArticleFactory(title="Hasil Reses")
    edit(editor, article, change_kind="kecil")
    first = article_versions(article.pk).first()
    edit(editor, article, title="Hasil Reses Dapil II", change_kind="kecil")
    restore_url = f"/admin/articles/article/{article.pk}/revisi/{first.pk}/pulihkan/"

    refused = editor.post(restore_url, {"change_kind": "koreksi", "correction_reason": ""})
    assert refused.status_code == 200
    assert "Tuliskan alasan koreksi" in refused.content.decode()
    article.refresh_from_db()
    assert article.title == "Hasil Reses Dapil II"

    editor.post(
        restore_url,
        {"change_kind": "koreksi", "correction_reason": "Judul dikembalikan; dapil keliru."},
    )

    article.refresh_from_db()
    assert article.title == "Hasil Reses"
    assert Correction.objects.get(article=article).reason == "Judul dikembalikan; dapil keliru."
    assert (
        "Judul dikembalikan; dapil keliru."
        in Client().get(article.get_absolute_url()).content.decode()
    )


def test_a_writer_cannot_restore_a_published_article():
    writer = logged_in(Client, staff_user("penulis", "Penulis"))
    editor = logged_in(Client, staff_user("editor", "Editor"))
    article = ArticleFactory(title="Terbit")
    edit(editor, article, change_kind="kecil")
    version = article_versions(article.pk).first()

    assert writer.get(revisions_url(article)).status_code == 200  # may read the history
    response = writer.post(f"/admin/articles/article/{article.pk}/revisi/{version.pk}/pulihkan/")

    assert response.status_code == 403


def test_publishing_by_action_is_a_revision_too(editor):
    draft = DraftFactory()

    editor.post(
        "/admin/articles/article/",
        {"action": "publish_selected", "_selected_action": [draft.pk], "index": 0},
    )

    version, baseline = article_versions(draft.pk)
    assert revision_snapshot(baseline).status == "draft"
    # Nobody chose its time: published now (the pinned clock), as the note says.
    assert version.revision.comment == "Diterbitkan pada 1 Juni 2025 12.00 WITA"
    assert revision_snapshot(version).status == "published"
    assert form_data(editor.get(change_url(draft)))["loaded_version"] == "2"
