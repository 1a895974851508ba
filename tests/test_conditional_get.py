"""Crawlers revalidate with ETag / Last-Modified and get 304 when nothing changed."""

import pytest
from django.utils.http import http_date

from articles.models import Article
from tests.factories import ArticleFactory, wita

pytestmark = pytest.mark.django_db

PAGES = [
    "/2025/04/rapat-paripurna/",
    "/2025/",
    "/2025/04/",
    "/2025/04/10/",
    "/tag/",
    "/tag/anggaran/",
    "/feed/",
    "/feed/atom/",
    "/tag/anggaran/feed/",
    "/sitemap.xml",
    "/sitemap-artikel.xml",
]


@pytest.fixture
def article():
    ArticleFactory(title="Rapat Lain", slug="rapat-lain", publish_at=wita(2025, 4, 9))
    return ArticleFactory(
        title="Rapat Paripurna",
        slug="rapat-paripurna",
        publish_at=wita(2025, 4, 10),
        tags=["anggaran"],
    )


@pytest.mark.parametrize("url", PAGES)
def test_matching_etag_gets_304_and_an_edit_gets_200_again(client, article, url, pinned_clock):
    first = client.get(url)
    assert first.status_code == 200
    etag = first["ETag"]
    assert etag.startswith('W/"')

    again = client.get(url, headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again.content == b""

    pinned_clock.shift(60)  # the edit happens a minute later
    article.title = "Rapat Paripurna DPRD"
    article.save()
    changed = client.get(url, headers={"if-none-match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag


@pytest.mark.parametrize("url", PAGES)
def test_if_modified_since_gets_304_until_something_changes(client, article, url, pinned_clock):
    first = client.get(url)
    last_modified = first["Last-Modified"]
    assert client.get(url, headers={"if-modified-since": last_modified}).status_code == 304

    pinned_clock.shift(60)  # a minute later, so the edit has a newer time
    Article.objects.get(slug="rapat-lain").save()
    response = client.get(url, headers={"if-modified-since": last_modified})
    assert response.status_code == 200
    assert response["Last-Modified"] == http_date((wita(2025, 6, 1, 12, 1)).timestamp())


def test_unpublishing_an_article_changes_the_answer(client, article):
    url = "/2025/04/"
    etag = client.get(url)["ETag"]
    Article.objects.filter(slug="rapat-lain").update(
        status=Article.Status.DRAFT, updated_at=wita(2025, 6, 1, 12, 5)
    )
    response = client.get(url, headers={"if-none-match": etag})
    assert response.status_code == 200
    assert "Rapat Lain" not in response.content.decode()


def test_a_scheduled_article_coming_due_changes_the_answer(client, article, pinned_clock):
    ArticleFactory(title="Terjadwal", slug="terjadwal", publish_at=wita(2025, 6, 1, 15))
    url = "/feed/"
    first = client.get(url)
    assert client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 304
    pinned_clock.move_to(wita(2025, 6, 1, 15, 1))
    response = client.get(url, headers={"if-none-match": first["ETag"]})
    assert response.status_code == 200
    assert "Terjadwal" in response.content.decode()
