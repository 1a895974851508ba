"""Tags in the admin: counts, rename and merge, and old tag addresses that keep working."""

import re

import pytest
from django.test import Client

from articles.models import Article, Tag
from tests.factories import ArticleFactory
from tests.staff import logged_in, staff_user

pytestmark = pytest.mark.django_db

TAGS = "/admin/articles/tag/"


@pytest.fixture
def editor():
    return logged_in(Client, staff_user("editor", "Editor"))


def test_tag_list_shows_how_many_articles_each_tag_has(editor):
    ArticleFactory(tags=["anggaran"])
    ArticleFactory(tags=["anggaran", "umkm"])

    html = editor.get(TAGS).content.decode()

    counts = dict(
        re.findall(r'field-name[^>]*>(?:<a [^>]*>)?([^<]+)<.*?field-article_count">(\d+)<', html)
    )
    assert counts == {"anggaran": "2", "umkm": "1"}


def test_renaming_a_tag_slug_keeps_the_old_address(editor):
    article = ArticleFactory(title="Perda UMKM", tags=["usaha kecil"])
    tag = Tag.objects.get(name="usaha kecil")

    response = editor.post(
        f"{TAGS}{tag.pk}/change/", {"name": "UMKM", "slug": "umkm", "_save": "Simpan"}
    )

    assert response.status_code == 302
    citizen = Client()
    old = citizen.get("/tag/usaha-kecil/")
    assert old.status_code == 301
    assert old["Location"] == "/tag/umkm/"
    assert "Perda UMKM" in citizen.get("/tag/umkm/").content.decode()
    assert [t.name for t in article.tags.all()] == ["UMKM"]


def test_a_tag_cannot_be_renamed_to_another_tag_in_other_case(editor):
    Tag.objects.create(name="anggaran", slug="anggaran")
    other = Tag.objects.create(name="keuangan", slug="keuangan")

    response = editor.post(
        f"{TAGS}{other.pk}/change/", {"name": "Anggaran", "slug": "anggaran-2", "_save": "1"}
    )

    assert response.status_code == 200
    assert "Sudah ada tag bernama" in response.content.decode()
    assert Tag.objects.get(pk=other.pk).name == "keuangan"


def test_merging_two_tags_moves_the_articles_and_redirects_the_old_address(editor):
    both = ArticleFactory(title="Artikel Dua Tag", tags=["anggaran", "APBD"])
    only_old = ArticleFactory(title="Artikel APBD Saja", tags=["APBD"])
    ArticleFactory(title="Artikel Anggaran Saja", tags=["anggaran"])
    keep, gone = Tag.objects.get(slug="anggaran"), Tag.objects.get(slug="apbd")
    selected = {"action": "merge_selected", "_selected_action": [keep.pk, gone.pk], "index": 0}

    confirm = editor.post(TAGS, selected)
    assert confirm.status_code == 200
    assert "Tag mana yang dipertahankan?" in confirm.content.decode()

    response = editor.post(TAGS, {**selected, "target": keep.pk, "confirm": "1"})

    assert response.status_code == 302
    assert not Tag.objects.filter(pk=gone.pk).exists()
    assert [t.slug for t in both.tags.all()] == ["anggaran"]
    assert [t.slug for t in only_old.tags.all()] == ["anggaran"]
    assert Article.objects.filter(tags=keep).count() == 3
    citizen = Client()
    old = citizen.get("/tag/apbd/")
    assert old.status_code == 301
    assert old["Location"] == "/tag/anggaran/"
    page = citizen.get("/tag/anggaran/").content.decode()
    assert "Artikel APBD Saja" in page
    # An open article form from before the merge cannot bring the old tag back.
    only_old.refresh_from_db()
    assert only_old.version == 2


def test_tags_stay_case_insensitive(editor):
    ArticleFactory(tags=["Anggaran"])
    article = ArticleFactory(tags=["anggaran"])

    assert Tag.objects.filter(name__iexact="anggaran").count() == 1
    assert [t.name for t in article.tags.all()] == ["Anggaran"]


def test_writer_cannot_merge_tags():
    writer = logged_in(Client, staff_user("penulis", "Penulis"))
    a = Tag.objects.create(name="a", slug="a")
    b = Tag.objects.create(name="b", slug="b")

    writer.post(
        TAGS,
        {
            "action": "merge_selected",
            "_selected_action": [a.pk, b.pk],
            "target": a.pk,
            "confirm": "1",
        },
    )

    assert Tag.objects.filter(pk=b.pk).exists()
