"""What search engines and link previews read: canonical, description, Open Graph, JSON-LD."""

import json
import re
from html import unescape

import pytest

from tests.factories import ArticleFactory, wita

pytestmark = pytest.mark.django_db

TRICKY_TITLE = 'Anggaran </script><script>alert("x")</script> & "Pajak"'


def json_ld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    items = []
    for block in blocks:
        data = json.loads(block)
        items.extend(data if isinstance(data, list) else [data])
    return {item["@type"]: item for item in items}


def meta(html, attribute, name):
    found = re.findall(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)"', html)
    return [unescape(value) for value in found]


@pytest.fixture
def article():
    return ArticleFactory(
        title=TRICKY_TITLE,
        slug="anggaran-pajak",
        summary="Ringkasan <b>anggaran</b> & pajak daerah.",
        publish_at=wita(2025, 4, 24, 9, 15),
        tags=["pajak daerah", "Anggaran"],
    )


def test_article_json_ld_is_a_news_article_by_the_council(client, article):
    article.content_changed_at = wita(2025, 5, 2, 8)
    article.save()
    html = client.get("/2025/04/anggaran-pajak/").content.decode()
    data = json_ld(html)
    news = data["NewsArticle"]
    assert news["@context"] == "https://schema.org"
    assert news["headline"] == TRICKY_TITLE
    assert news["datePublished"] == "2025-04-24T09:15:00+08:00"
    assert news["dateModified"] == "2025-05-02T08:00:00+08:00"
    assert news["author"] == {
        "@type": "Organization",
        "name": "DPRD Kota Palopo",
        "url": "http://testserver/",
    }
    assert news["publisher"]["name"] == "DPRD Kota Palopo"
    assert news["keywords"] == ["Anggaran", "pajak daerah"]
    assert news["mainEntityOfPage"] == "http://testserver/2025/04/anggaran-pajak/"
    crumbs = data["BreadcrumbList"]["itemListElement"]
    assert [(c["position"], c["name"], c["item"]) for c in crumbs] == [
        (1, "Beranda", "http://testserver/"),
        (2, "April 2025", "http://testserver/2025/04/"),
        (3, TRICKY_TITLE, "http://testserver/2025/04/anggaran-pajak/"),
    ]


def test_a_title_cannot_break_out_of_the_json_ld_script(client, article):
    html = client.get("/2025/04/anggaran-pajak/").content.decode()
    assert "<script>alert" not in html
    assert html.count("</script>") == html.count("<script")


@pytest.mark.parametrize(
    ("url", "trail"),
    [
        ("/2025/", ["Beranda", "2025"]),
        ("/2025/04/", ["Beranda", "2025", "April"]),
        ("/2025/04/24/", ["Beranda", "2025", "April", "24"]),
        ("/tag/pajak-daerah/", ["Beranda", "Topik", "pajak daerah"]),
    ],
)
def test_archive_pages_carry_a_breadcrumb_list(client, article, url, trail):
    html = client.get(url).content.decode()
    crumbs = json_ld(html)["BreadcrumbList"]["itemListElement"]
    assert [crumb["name"] for crumb in crumbs] == trail
    assert crumbs[-1]["item"] == f"http://testserver{url}"


def test_article_page_has_canonical_description_open_graph_and_twitter(client, article):
    html = client.get("/2025/04/anggaran-pajak/").content.decode()
    assert '<html lang="id">' in html
    canonical = "http://testserver/2025/04/anggaran-pajak/"
    assert f'<link rel="canonical" href="{canonical}">' in html
    summary = "Ringkasan <b>anggaran</b> & pajak daerah."
    assert meta(html, "name", "description") == [summary]
    assert meta(html, "property", "og:description") == [summary]
    assert meta(html, "property", "og:type") == ["article"]
    assert meta(html, "property", "og:url") == [canonical]
    assert meta(html, "property", "og:title") == [f"{TRICKY_TITLE} · DPRD Kota Palopo"]
    assert meta(html, "property", "og:locale") == ["id_ID"]
    assert meta(html, "property", "article:tag") == ["Anggaran", "pajak daerah"]
    assert meta(html, "name", "twitter:card") == ["summary"]
    assert meta(html, "name", "twitter:title") == [f"{TRICKY_TITLE} · DPRD Kota Palopo"]


@pytest.mark.parametrize(
    ("url", "description"),
    [
        ("/2025/04/", "Artikel kebijakan DPRD Kota Palopo yang terbit pada April 2025."),
        ("/tag/pajak-daerah/", "Artikel kebijakan DPRD Kota Palopo tentang pajak daerah."),
    ],
)
def test_archive_pages_describe_themselves(client, article, url, description):
    html = client.get(url).content.decode()
    assert meta(html, "name", "description") == [description]
    assert meta(html, "property", "og:type") == ["website"]
    assert f'<link rel="canonical" href="http://testserver{url}">' in html


def test_later_pages_of_a_list_have_their_own_canonical(client):
    for day in range(1, 25):
        ArticleFactory(publish_at=wita(2025, 4, day))
    html = client.get("/2025/04/page/2/").content.decode()
    assert '<link rel="canonical" href="http://testserver/2025/04/page/2/">' in html
    assert meta(html, "property", "og:url") == ["http://testserver/2025/04/page/2/"]


def test_search_results_are_not_indexed(client, article):
    html = client.get("/cari/", {"q": "anggaran"}).content.decode()
    assert meta(html, "name", "robots") == ["noindex, follow"]
