"""Crawlers revalidate with ETag / Last-Modified and get 304 when nothing changed."""

import datetime

import pytest
from django.db.models import F
from django.utils.http import parse_http_date

from articles.models import Article, SiteChange, Tag
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
def test_if_modified_since_gets_304_until_something_changes(client, article, url):
    # The last change was a minute ago (its time comes from PostgreSQL's clock, the
    # one clock all app servers share, so the pinned test clock cannot move it).
    SiteChange.objects.update(changed_at=F("changed_at") - datetime.timedelta(minutes=1))
    first = client.get(url)
    last_modified = first["Last-Modified"]
    assert client.get(url, headers={"if-modified-since": last_modified}).status_code == 304

    Article.objects.get(slug="rapat-lain").save()
    response = client.get(url, headers={"if-modified-since": last_modified})
    assert response.status_code == 200
    newer = parse_http_date(response["Last-Modified"]) - parse_http_date(last_modified)
    assert 59 <= newer <= 61


def test_a_tag_rename_changes_every_answer(client, article):
    """A tag's name is on the article page, lists and feeds, and the tag's row is not
    an article's: the trigger on the tag table moves the generation all the same."""
    SiteChange.objects.update(changed_at=F("changed_at") - datetime.timedelta(minutes=1))
    first = client.get("/2025/04/rapat-paripurna/")
    Tag.objects.filter(slug="anggaran").update(name="Anggaran Daerah")
    revalidations = [
        {"if-none-match": first["ETag"]},
        {"if-modified-since": first["Last-Modified"]},
    ]
    for headers in revalidations:
        response = client.get("/2025/04/rapat-paripurna/", headers=headers)
        assert response.status_code == 200
        assert "Anggaran Daerah" in response.content.decode()


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
