"""Tag pages: every tag with its count, and each tag's articles."""

import pytest

from articles.models import Tag
from tests.factories import ArticleFactory, DraftFactory, wita

pytestmark = pytest.mark.django_db


def test_tag_index_lists_tags_with_public_counts(client, seed_archive):
    response = client.get("/tag/")

    assert response.status_code == 200
    counts = {tag.name: tag.article_count for tag in response.context["tags"]}
    assert counts["partisipasi masyarakat"] == 4
    assert counts["transportasi"] == 1
    assert '<a href="/tag/ekonomi/">ekonomi</a> <span class="count">(2 artikel)</span>' in (
        response.content.decode()
    )


def test_tag_page_lists_its_articles_newest_first(client, seed_archive):
    response = client.get("/tag/ekonomi/")

    assert response.status_code == 200
    assert [a.title for a in response.context["articles"]] == [
        "Program Bantuan Untuk Peningkatan Usaha Mikro Palopo",
        "Evaluasi Kebijakan Pembangunan Ekonomi Palopo",
    ]
    html = response.content.decode()
    assert "<h1>Topik: ekonomi</h1>" in html
    assert "2 artikel" in html


def test_tags_are_case_insensitive(db):
    first = ArticleFactory(tags=["Anggaran"])
    second = ArticleFactory(tags=["anggaran"])

    assert Tag.objects.filter(name__iexact="anggaran").count() == 1
    assert list(first.tags.all()) == list(second.tags.all())


def test_tag_page_is_paginated(client):
    for day in range(1, 23):
        ArticleFactory(publish_at=wita(2025, 3, day), tags=["perda"])

    assert len(client.get("/tag/perda/").context["articles"]) == 20
    assert len(client.get("/tag/perda/page/2/").context["articles"]) == 2
    assert client.get("/tag/perda/page/3/").status_code == 404


def test_tag_used_only_by_drafts_is_not_public(client):
    DraftFactory(tags=["rahasia"])

    assert client.get("/tag/rahasia/").status_code == 404
    assert "rahasia" not in client.get("/tag/").content.decode()


def test_a_tag_renamed_outside_the_admin_keeps_its_old_address(client):
    """A script or the shell renaming a tag leaves the same 301 the admin does."""
    ArticleFactory(tags=["perda"])
    tag = Tag.objects.get(slug="perda")
    tag.name, tag.slug = "peraturan daerah", "peraturan-daerah"
    tag.save()

    response = client.get("/tag/perda/")
    assert response.status_code == 301
    assert response["Location"] == "/tag/peraturan-daerah/"
    assert client.get("/tag/peraturan-daerah/").status_code == 200
