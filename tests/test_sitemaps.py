"""The sitemap index and its sitemaps, validated against the sitemaps.org schemas."""

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import xmlschema
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles import sitemaps
from articles.models import Article
from tests.factories import ArticleFactory, DraftFactory, wita

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).resolve().parent / "schemas"
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture(scope="module")
def sitemap_schema():
    return xmlschema.XMLSchema(SCHEMAS / "sitemap.xsd")


@pytest.fixture(scope="module")
def index_schema():
    return xmlschema.XMLSchema(SCHEMAS / "siteindex.xsd")


def fetch(client, url, schema):
    response = client.get(url)
    assert response.status_code == 200
    schema.validate(response.content)
    return ET.fromstring(response.content)


def locs(tree, element="url"):
    return [node.findtext("sm:loc", namespaces=NS) for node in tree.findall(f"sm:{element}", NS)]


@pytest.fixture
def archive():
    old = ArticleFactory(
        title="Sidang Lama", slug="sidang-lama", publish_at=wita(2025, 3, 31, 23), tags=["sidang"]
    )
    ArticleFactory(title="Sidang Baru", slug="sidang-baru", publish_at=wita(2025, 4, 2))
    DraftFactory(title="Draf", slug="draf-rahasia", publish_at=wita(2025, 5, 2), tags=["rahasia"])
    ArticleFactory(slug="terjadwal", publish_at=wita(2025, 7, 1), tags=["jadwal"])
    return old


def test_index_lists_articles_months_and_tags(client, archive, index_schema):
    tree = fetch(client, "/sitemap.xml", index_schema)
    assert locs(tree, "sitemap") == [
        "http://testserver/sitemap-artikel.xml",
        "http://testserver/sitemap-bulan.xml",
        "http://testserver/sitemap-topik.xml",
    ]


def test_sitemaps_list_public_addresses_only(client, archive, sitemap_schema):
    articles = fetch(client, "/sitemap-artikel.xml", sitemap_schema)
    assert locs(articles) == [
        "http://testserver/2025/03/sidang-lama/",
        "http://testserver/2025/04/sidang-baru/",
    ]
    months = fetch(client, "/sitemap-bulan.xml", sitemap_schema)
    assert locs(months) == ["http://testserver/2025/03/", "http://testserver/2025/04/"]
    tags = fetch(client, "/sitemap-topik.xml", sitemap_schema)
    assert locs(tags) == ["http://testserver/tag/sidang/"]


def test_article_lastmod_is_the_last_real_content_change(client, archive, sitemap_schema):
    archive.content_changed_at = wita(2025, 5, 10, 8)
    archive.save()
    # A minor fix moves updated_at only: no new lastmod for crawlers.
    Article.objects.filter(slug="sidang-baru").update(summary="Ralat ejaan.")
    tree = fetch(client, "/sitemap-artikel.xml", sitemap_schema)
    lastmods = [node.text for node in tree.iterfind("sm:url/sm:lastmod", NS)]
    # Django writes the WITA day (W3C date precision).
    assert lastmods == ["2025-05-10", "2025-04-02"]
    months = fetch(client, "/sitemap-bulan.xml", sitemap_schema)
    assert [node.text for node in months.iterfind("sm:url/sm:lastmod", NS)] == [
        "2025-05-10",
        "2025-04-02",
    ]


def test_real_files_are_small_enough_to_render_quickly():
    # sitemaps.org allows 50,000 addresses a file; one such file took 4-5 s to render
    # at 100,000 articles (docs/performance.md, "Worst requests at 100,000 articles").
    assert sitemaps.SITEMAP_LIMIT == 2_000
    for sitemap in sitemaps.SITEMAPS.values():
        assert sitemap().limit == 2_000


def test_more_articles_than_the_limit_are_split_into_pages(
    client, archive, index_schema, sitemap_schema, monkeypatch
):
    for number in range(3):
        ArticleFactory(slug=f"rapat-{number}", publish_at=wita(2025, 4, 10 + number))
    # Five public articles with a limit of two: three pages, as 50,001 would make two.
    monkeypatch.setattr(sitemaps.ArticleSitemap, "limit", 2)
    index = fetch(client, "/sitemap.xml", index_schema)
    assert locs(index, "sitemap")[:3] == [
        "http://testserver/sitemap-artikel.xml",
        "http://testserver/sitemap-artikel.xml?p=2",
        "http://testserver/sitemap-artikel.xml?p=3",
    ]
    pages = [
        locs(fetch(client, f"/sitemap-artikel.xml?p={page}", sitemap_schema)) for page in (1, 2, 3)
    ]
    assert [len(page) for page in pages] == [2, 2, 1]
    assert len({loc for page in pages for loc in page}) == 5
    assert client.get("/sitemap-artikel.xml?p=4").status_code == 404
    assert client.get("/sitemap-artikel.xml?p=abc").status_code == 404
    assert client.get("/sitemap-tidak-ada.xml").status_code == 404


def test_sitemap_pages_use_a_fixed_number_of_queries(client, django_assert_num_queries):
    for number in range(30):
        ArticleFactory(publish_at=wita(2025, 1 + number % 5, 1 + number), tags=[f"t{number % 4}"])
    # Site freshness for the ETag (1); the number of items from the count tables (1,
    # never a COUNT over the archive) and the page (1).
    with django_assert_num_queries(3):
        client.get("/sitemap-artikel.xml")
    # Months and tags: freshness, the list from the count tables, the newest public
    # article of each (one index probe each, in one query) and the newest changes.
    with django_assert_num_queries(4):
        client.get("/sitemap-bulan.xml")
    with django_assert_num_queries(4):
        client.get("/sitemap-topik.xml")
    # The index: freshness, then each of the three sitemaps' size and newest change.
    with django_assert_num_queries(7):
        client.get("/sitemap.xml")


def test_robots_txt_names_the_sitemap_and_keeps_crawlers_out_of_admin_and_search(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Allow: /" in lines
    assert "Disallow: /admin/" in lines
    assert "Disallow: /cari/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def test_index_gives_each_sitemap_its_latest_change_without_loading_every_article(
    client, archive, index_schema
):
    archive.content_changed_at = wita(2025, 5, 10, 8)
    archive.save()
    with CaptureQueriesContext(connection) as queries:
        tree = fetch(client, "/sitemap.xml", index_schema)

    lastmods = dict(
        zip(
            locs(tree, "sitemap"),
            (node.text for node in tree.iterfind("sm:sitemap/sm:lastmod", NS)),
            strict=True,
        )
    )
    assert lastmods["http://testserver/sitemap-artikel.xml"].startswith("2025-05-10")
    # The article sitemap's lastmod is one MAX() in the database, not every row in Python.
    article_rows = [q["sql"] for q in queries if '"articles_article"."slug"' in q["sql"]]
    assert article_rows == []
