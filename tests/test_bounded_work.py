"""No anonymous request's work grows with the archive: sitemap files and mistyped slugs.

The timings at 100,000 articles are in docs/performance.md ("Worst requests at
100,000 articles", scripts/worst_requests.py); these tests hold the constructions
that bound them: small sitemap files, each page read from its own month, and slug
lookups limited to the address's month and to slugs that could be a typo.
"""

import math
import re
from pathlib import Path

import pytest
import xmlschema
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles import redirects, sitemaps
from articles.models import Article
from tests.factories import ArticleFactory, DraftFactory, wita
from tests.test_sitemaps import fetch, locs

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).resolve().parent / "schemas"
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
LIMIT = 40


@pytest.fixture(scope="module")
def schemas():
    return (
        xmlschema.XMLSchema(SCHEMAS / "siteindex.xsd"),
        xmlschema.XMLSchema(SCHEMAS / "sitemap.xsd"),
    )


@pytest.fixture
def big_archive():
    """250 public articles over five months (50 each), 45 tags, a draft and a scheduled one."""
    articles = []
    for number in range(250):
        month, day = 1 + number % 5, 1 + number % 28
        articles.append(
            ArticleFactory.build(
                title=f"Rapat {number}",
                slug=f"rapat-komisi-{number}",
                publish_at=wita(2024, month, day, 8 + number % 10, number % 60),
            )
        )
    Article.objects.bulk_create(articles)  # the count tables' triggers count them too
    for number, article in enumerate(Article.objects.order_by("pk")[:90]):
        article.tags.add(f"topik-{number % 45}")
    DraftFactory(slug="draf-rahasia", publish_at=wita(2024, 2, 2))
    ArticleFactory(slug="terjadwal", publish_at=wita(2099, 1, 1))
    return Article.objects.published()


@pytest.fixture
def small_files(monkeypatch):
    monkeypatch.setattr(sitemaps, "SITEMAP_LIMIT", LIMIT)


def test_sitemap_files_hold_at_most_the_limit_and_the_index_lists_all_of_them(
    client, big_archive, small_files, schemas
):
    index_schema, sitemap_schema = schemas
    index = locs(fetch(client, "/sitemap.xml", index_schema), "sitemap")
    article_pages = math.ceil(250 / LIMIT)  # 7
    assert index[:article_pages] == ["http://testserver/sitemap-artikel.xml"] + [
        f"http://testserver/sitemap-artikel.xml?p={page}" for page in range(2, article_pages + 1)
    ]
    # 45 tags: two files of the topics; five months: one.
    assert index[article_pages:] == [
        "http://testserver/sitemap-bulan.xml",
        "http://testserver/sitemap-topik.xml",
        "http://testserver/sitemap-topik.xml?p=2",
    ]

    files = [locs(fetch(client, url, sitemap_schema)) for url in index]
    assert all(1 <= len(addresses) <= LIMIT for addresses in files)
    listed = [address for addresses in files for address in addresses]
    assert len(listed) == len(set(listed))
    expected = {f"http://testserver{article.get_absolute_url()}" for article in big_archive}
    expected |= {f"http://testserver/2024/0{month}/" for month in range(1, 6)}
    expected |= {f"http://testserver/tag/topik-{number}/" for number in range(45)}
    assert set(listed) == expected

    # One page past the last of each sitemap is not found.
    assert client.get(f"/sitemap-artikel.xml?p={article_pages + 1}").status_code == 404
    assert client.get("/sitemap-topik.xml?p=3").status_code == 404


def test_a_deep_sitemap_page_reads_from_its_own_month_not_past_every_earlier_article(
    client, big_archive, small_files
):
    # Page 7 starts at article 241: in the fifth month, after 200 of earlier months.
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/sitemap-artikel.xml?p=7")
    assert response.status_code == 200
    assert response.content.count(b"<url>") == 10
    pages = [q["sql"] for q in queries if '"articles_article"."slug"' in q["sql"]]
    assert len(pages) == 1
    offsets = [int(found) for found in re.findall(r"OFFSET (\d+)", pages[0])]
    assert offsets and max(offsets) < 50  # within the month's 50 articles
    assert "LIMIT 10" in pages[0]


def test_each_page_of_articles_keeps_publication_order_across_months(
    client, big_archive, small_files, schemas
):
    _, sitemap_schema = schemas
    listed = []
    for page in range(1, 8):
        listed += locs(fetch(client, f"/sitemap-artikel.xml?p={page}", sitemap_schema))
    in_order = big_archive.order_by("publish_at", "pk")
    assert listed == [f"http://testserver{article.get_absolute_url()}" for article in in_order]


def test_month_and_tag_lastmod_are_their_newest_article_or_content_change(client, schemas):
    _, sitemap_schema = schemas
    old = ArticleFactory(slug="lama", publish_at=wita(2024, 3, 5), tags=["sidang"])
    ArticleFactory(slug="baru", publish_at=wita(2024, 3, 20), tags=["sidang"])
    ArticleFactory(slug="lain", publish_at=wita(2024, 4, 2), tags=["anggaran"])
    # Neither a draft nor a scheduled article moves a lastmod.
    DraftFactory(slug="draf", publish_at=wita(2024, 4, 25), tags=["anggaran"])
    ArticleFactory(slug="nanti", publish_at=wita(2099, 4, 1), tags=["anggaran"])

    def lastmods(url):
        tree = fetch(client, url, sitemap_schema)
        return {
            node.findtext("sm:loc", namespaces=NS): node.findtext("sm:lastmod", namespaces=NS)
            for node in tree.findall("sm:url", NS)
        }

    assert lastmods("/sitemap-bulan.xml") == {
        "http://testserver/2024/03/": "2024-03-20",
        "http://testserver/2024/04/": "2024-04-02",
    }
    assert lastmods("/sitemap-topik.xml") == {
        "http://testserver/tag/sidang/": "2024-03-20",
        "http://testserver/tag/anggaran/": "2024-04-02",
    }

    old.content_changed_at = wita(2024, 6, 1)
    old.save()
    assert lastmods("/sitemap-bulan.xml")["http://testserver/2024/03/"] == "2024-06-01"
    assert lastmods("/sitemap-topik.xml")["http://testserver/tag/sidang/"] == "2024-06-01"


# --- mistyped slugs -------------------------------------------------------------------

SLUG = "pengawasan-pelaksanaan-anggaran-pendapatan-belanja-daerah"


@pytest.fixture
def april():
    ArticleFactory.create_batch(5, publish_at=wita(2025, 4, 3))
    return ArticleFactory(slug=SLUG, title="Pengawasan APBD", publish_at=wita(2025, 4, 24))


def similarity_queries(queries):
    return [q["sql"] for q in queries if "similarity(" in q["sql"].lower()]


@pytest.mark.parametrize("length", [100, 240, 255])
def test_a_slug_longer_than_any_in_its_month_is_a_plain_404_without_a_similarity_query(
    client, april, length
):
    slug = ((SLUG + "-") * 5)[: length - 1] + "x"  # the April slug, again and again

    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/2025/04/{slug}/")

    assert response.status_code == 404
    assert "Mungkin maksud Anda" not in response.content.decode()
    assert similarity_queries(queries) == []


def test_a_slug_over_the_column_length_asks_nothing_but_the_article(client, april):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/2025/04/{'a' * 256}/").status_code == 404
    assert similarity_queries(queries) == []
    assert not [q for q in queries if "articles_slugredirect" in q["sql"]]


def test_a_near_miss_still_redirects_and_compares_only_its_month(client, april):
    typo = "pengawasan-pelaksanaan-anggaran-pendaptan-belanja-daerah"

    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/2025/04/{typo}/")

    assert response.status_code == 301
    assert response["Location"] == f"/2025/04/{SLUG}/"
    (lookup,) = similarity_queries(queries)
    # One month's range of the public index, at most the best two, never the trigram
    # index over the archive (pg_trgm's % operator).
    assert '"publish_at" >= ' in lookup and '"publish_at" < ' in lookup
    assert " % " not in lookup
    assert lookup.rstrip().endswith("LIMIT 2")


def test_a_long_real_slug_mistyped_still_redirects(client, april):
    long_slug = "-".join(["peraturan-daerah-kota-palopo-nomor-5-tahun-2024-tentang"] * 3)
    assert len(long_slug) > redirects.ALWAYS_COMPARED
    ArticleFactory(slug=long_slug, publish_at=wita(2025, 4, 12))
    typo = long_slug.replace("tentang", "tentnag", 1)

    response = client.get(f"/2025/04/{typo}/")

    assert response.status_code == 301
    assert response["Location"] == f"/2025/04/{long_slug}/"
    # One letter more than the longest slug may still be a typo of it.
    response = client.get(f"/2025/04/{long_slug}x/")
    assert response.status_code == 301


def test_a_near_miss_under_another_month_is_not_looked_for_across_the_archive(client, april):
    typo = "pengawasan-pelaksanaan-anggaran-pendaptan-belanja-daerah"

    response = client.get(f"/2025/05/{typo}/")

    assert response.status_code == 404
    assert "Mungkin maksud Anda" not in response.content.decode()
    # The exact slug under another month still finds its article, as before.
    assert client.get(f"/2025/05/{SLUG}/")["Location"] == f"/2025/04/{SLUG}/"
