"""SQL queries per page are fixed: the same for 1 article on a page or 20.

If one of these numbers grows, a page has started querying per article, which is
what makes a big archive slow.
"""

import pytest

from tests.factories import ArticleFactory, wita

# What rendering costs: with the page cache, a second request costs one query.
pytestmark = [pytest.mark.django_db, pytest.mark.no_page_cache]


def make_articles(count):
    for number in range(count):
        ArticleFactory(
            publish_at=wita(2025, 4, 1 + number % 28, 8 + number % 10),
            tags=["anggaran", f"topik-{number % 5}"],
        )


# Each list page: the page of articles (with the first section's body for
# summaries as a subquery) and one prefetch for their tags.
PAGE_QUERIES = 2
# How many articles the whole list has: from the count tables of
# articles/archive_counts.py, never a COUNT over the archive.
LIST_SIZE = 1
# Date archives and tag pages are 404 when empty: Django's list views check that
# with one EXISTS first.
EMPTY_CHECK = 1
# Archive, tag and article pages answer conditional GETs: the site's freshness
# (newest edit, newest publication) in one query (articles/generation.py).
FRESHNESS = 1
# The sidebar beside every list: years and months with counts, one query. On the
# home, year and month pages it is also the list's size, and on date archives it
# gives the previous and next month and year with articles.
MONTH_NAVIGATOR = 1

PAGES = [
    # + tag counts for the sidebar (the home page may be empty)
    ("/", MONTH_NAVIGATOR + PAGE_QUERIES + 1),
    ("/2025/", FRESHNESS + EMPTY_CHECK + MONTH_NAVIGATOR + PAGE_QUERIES),
    ("/2025/04/", FRESHNESS + EMPTY_CHECK + MONTH_NAVIGATOR + PAGE_QUERIES),
    # + previous and next day with articles; the day's size is a COUNT of that day
    ("/2025/04/01/", FRESHNESS + EMPTY_CHECK + LIST_SIZE + PAGE_QUERIES + 2 + MONTH_NAVIGATOR),
    # + the tag itself
    ("/tag/anggaran/", FRESHNESS + EMPTY_CHECK + LIST_SIZE + PAGE_QUERIES + 1 + MONTH_NAVIGATOR),
    # tags with their public counts, in one query
    ("/tag/", FRESHNESS + 1),
]


@pytest.mark.parametrize("articles_on_page", [1, 50])
@pytest.mark.parametrize(("url", "queries"), PAGES)
def test_list_pages_use_a_fixed_number_of_queries(
    client, django_assert_num_queries, articles_on_page, url, queries
):
    make_articles(articles_on_page)

    with django_assert_num_queries(queries):
        response = client.get(url)

    assert response.status_code == 200


@pytest.mark.parametrize("sections", [1, 30])
def test_article_page_uses_a_fixed_number_of_queries(client, django_assert_num_queries, sections):
    make_articles(3)
    article = ArticleFactory(
        publish_at=wita(2025, 4, 15),
        sections=[(f"Bagian {n}", f"<p>Isi {n}.</p>") for n in range(sections)],
        tags=["anggaran", "ekonomi", "umkm"],
    )

    # The article (with its first section's body for the summary, as a subquery),
    # its sections, its tags, the previous and the next article; the site's freshness
    # for conditional GET and up to five related articles (one query each).
    with django_assert_num_queries(5 + FRESHNESS + 1):
        response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    assert response.content.decode().count("<section") == sections
