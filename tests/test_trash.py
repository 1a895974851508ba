"""Deleting an article moves it to the trash: gone from the site, back with one action.

Only a superuser can purge it for good.
"""

import pytest
from django.test import Client

from articles.models import Article, Section
from tests.factories import ArticleFactory
from tests.staff import CHANGELIST, logged_in, staff_user

pytestmark = pytest.mark.django_db


def action(client, name, articles, url=CHANGELIST, *, confirm=True):
    # Actions apply to what the list shows: the trash is the list ?sampah=ya. Moving
    # to the trash asks first; ``confirm`` answers yes.
    data = {"action": name, "_selected_action": [article.pk for article in articles], "index": 0}
    if confirm:
        data["confirm"] = "1"
    return client.post(url, data)


def titles(html):
    import re

    return re.findall(r'<th class="field-title"><a href="[^"]*">([^<]*)</a></th>', html)


def test_deleting_in_the_admin_moves_to_the_trash_and_restoring_brings_it_back():
    editor = logged_in(Client, staff_user("editor", "Editor"))
    article = ArticleFactory(title="Artikel Terhapus", tags=["anggaran"])
    public = Client()
    assert public.get(article.get_absolute_url()).status_code == 200

    confirm = editor.get(f"/admin/articles/article/{article.pk}/delete/")
    assert "dipindahkan ke tempat sampah" in confirm.content.decode()
    response = editor.post(f"/admin/articles/article/{article.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.deleted_at is not None
    assert Section.objects.filter(article=article).count() == 2  # nothing really deleted
    assert public.get(article.get_absolute_url()).status_code == 404
    assert "Artikel Terhapus" not in public.get("/2025/04/").content.decode()
    assert "Artikel Terhapus" not in titles(editor.get(CHANGELIST).content.decode())
    trash = editor.get(CHANGELIST, {"sampah": "ya"}).content.decode()
    assert titles(trash) == ["Artikel Terhapus"]

    action(editor, "untrash_selected", [article], CHANGELIST + "?sampah=ya")

    article.refresh_from_db()
    assert article.deleted_at is None
    assert public.get(article.get_absolute_url()).status_code == 200


def test_purge_is_for_superusers_and_only_from_the_trash():
    editor = logged_in(Client, staff_user("editor", "Editor"))
    superuser = logged_in(Client, staff_user("admin", superuser=True))
    trashed = ArticleFactory(title="Di Sampah")
    kept = ArticleFactory(title="Tidak Di Sampah")
    action(editor, "trash_selected", [trashed])

    action(editor, "purge_selected", [trashed], CHANGELIST + "?sampah=ya")
    assert Article.objects.filter(pk=trashed.pk).exists()

    action(superuser, "purge_selected", [trashed], CHANGELIST + "?sampah=ya")
    action(superuser, "purge_selected", [kept])

    assert not Article.objects.filter(pk=trashed.pk).exists()
    assert Article.objects.filter(pk=kept.pk).exists()  # not in the trash: skipped
