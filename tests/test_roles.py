"""Roles: a Penulis writes drafts; an Editor also publishes; only superusers purge.

Every refusal is checked with the request a hidden button would have sent, so the
server, not the page, is what says no.
"""

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from articles.models import Article, Tag
from tests.factories import ArticleFactory, DraftFactory
from tests.staff import ADD, CHANGELIST, article_form, change_url, logged_in, save, staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def writer():
    return logged_in(Client, staff_user("penulis", "Penulis"))


@pytest.fixture
def editor():
    return logged_in(Client, staff_user("editor", "Editor"))


@pytest.fixture
def superuser():
    return logged_in(Client, staff_user("admin", superuser=True))


def new_article(client, title, slug, status):
    data = article_form(client, ADD)
    data.update(
        {
            "title": title,
            "slug": slug,
            "status": status,
            "publish_at_0": "20-05-2025",
            "publish_at_1": "10.00",
            "sections-0-heading": "Pendahuluan",
            "sections-0-body": "<p>Isi pembuka.</p>",
        }
    )
    return client.post(ADD, save(data))


def action(client, name, articles, url=CHANGELIST):
    return client.post(
        url,
        {"action": name, "_selected_action": [article.pk for article in articles], "index": 0},
    )


def test_the_roles_exist_with_their_permissions():
    writer = set(Group.objects.get(name="Penulis").permissions.values_list("codename", flat=True))
    editor = set(Group.objects.get(name="Editor").permissions.values_list("codename", flat=True))

    assert {"add_article", "change_article", "view_article"} <= writer
    assert not writer & {"publish_article", "delete_article", "add_tag", "change_tag"}
    assert writer < editor
    assert {"publish_article", "delete_article", "add_tag", "change_tag", "delete_tag"} <= editor


# --- Penulis ------------------------------------------------------------------------


def test_writer_saves_a_draft(writer):
    response = new_article(writer, "Usulan Perda Pasar", "usulan-perda-pasar", "draft")

    assert response.status_code == 302
    article = Article.objects.get(slug="usulan-perda-pasar")
    assert article.status == Article.Status.DRAFT
    assert article.author.username == "penulis"


def test_writer_is_offered_only_draft_status(writer):
    html = writer.get(ADD).content.decode()

    assert 'value="draft"' in html
    assert 'value="published"' not in html


def test_writer_posting_published_is_refused(writer):
    response = new_article(writer, "Terbit Diam-diam", "terbit-diam-diam", "published")

    assert response.status_code == 200
    assert "Hanya editor yang dapat menerbitkan" in response.content.decode()
    assert not Article.objects.filter(slug="terbit-diam-diam").exists()


def test_writer_cannot_publish_an_existing_draft_by_editing_it(writer):
    draft = DraftFactory(title="Draf Penulis")
    data = article_form(writer, change_url(draft))
    data["status"] = "published"

    response = writer.post(change_url(draft), save(data))

    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT


def test_writer_sees_a_published_article_read_only_and_cannot_post_to_it(writer):
    article = ArticleFactory(title="Sudah Terbit")

    page = writer.get(change_url(article))
    assert page.status_code == 200
    html = page.content.decode()
    assert "hanya editor yang dapat mengubahnya" in html
    assert 'name="_save"' not in html

    response = writer.post(
        change_url(article), {"title": "Diubah Penulis", "slug": article.slug, "_save": "1"}
    )

    assert response.status_code == 403
    article.refresh_from_db()
    assert article.title == "Sudah Terbit"


def test_writer_cannot_edit_a_scheduled_article(writer):
    from tests.factories import wita

    scheduled = ArticleFactory(title="Terjadwal", publish_at=wita(2025, 6, 5))

    response = writer.post(change_url(scheduled), {"title": "X", "_save": "1"})

    assert response.status_code == 403


def test_writer_cannot_publish_trash_or_delete(writer):
    draft = DraftFactory()
    listing = writer.get(CHANGELIST).content.decode()
    for hidden in ("publish_selected", "trash_selected", "purge_selected"):
        assert f'value="{hidden}"' not in listing

    for name in ("publish_selected", "trash_selected", "purge_selected"):
        action(writer, name, [draft])
    delete = writer.post(f"/admin/articles/article/{draft.pk}/delete/", {"post": "yes"})

    assert delete.status_code == 403
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT
    assert draft.deleted_at is None


def test_writer_cannot_manage_tags(writer):
    tag = Tag.objects.create(name="Anggaran", slug="anggaran")

    assert writer.get("/admin/articles/tag/add/").status_code == 403
    assert (
        writer.post("/admin/articles/tag/add/", {"name": "Baru", "slug": "baru"}).status_code == 403
    )
    response = writer.post(
        f"/admin/articles/tag/{tag.pk}/change/", {"name": "Diganti", "slug": "diganti"}
    )
    assert response.status_code == 403
    assert Tag.objects.get(pk=tag.pk).name == "Anggaran"


# --- Editor -------------------------------------------------------------------------


def test_editor_publishes_by_form_and_by_action(editor):
    response = new_article(editor, "Terbit Editor", "terbit-editor", "published")
    assert response.status_code == 302
    assert Article.objects.published().filter(slug="terbit-editor").exists()

    draft = DraftFactory(title="Draf Siap Terbit")
    action(editor, "publish_selected", [draft])
    draft.refresh_from_db()
    assert draft.status == Article.Status.PUBLISHED
    assert Client().get(draft.get_absolute_url()).status_code == 200


def test_editor_unpublishes(editor):
    article = ArticleFactory()

    action(editor, "unpublish_selected", [article])

    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert Client().get(article.get_absolute_url()).status_code == 404


def test_editor_edits_a_published_article(editor):
    article = ArticleFactory(title="Judul Lama")
    data = article_form(editor, change_url(article))
    data.update({"title": "Judul Baru", "change_kind": "kecil"})

    response = editor.post(change_url(article), save(data))

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "Judul Baru"


def test_editor_sees_the_actions_of_the_role_but_not_purge(editor):
    ArticleFactory()
    listing = editor.get(CHANGELIST).content.decode()

    for offered in ("publish_selected", "unpublish_selected", "trash_selected"):
        assert f'value="{offered}"' in listing
    assert 'value="purge_selected"' not in listing
    assert 'value="delete_selected"' not in listing  # deleting is the trash


def test_editor_manages_tags(editor):
    response = editor.post("/admin/articles/tag/add/", {"name": "Reses", "slug": "reses"})

    assert response.status_code == 302
    assert Tag.objects.filter(slug="reses").exists()
