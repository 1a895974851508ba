"""Further reading on an article, and the month navigator on archive pages."""

import re

import pytest

from tests.factories import ArticleFactory, DraftFactory, wita

pytestmark = pytest.mark.django_db


def related_titles(html):
    if 'id="bacaan-terkait"' not in html:
        return []
    block = html.split('id="bacaan-terkait"', 1)[1].split("</aside>", 1)[0]
    return re.findall(r'<a href="[^"]+">([^<]+)</a>', block)


@pytest.fixture
def reading():
    main = ArticleFactory(
        title="Utama", slug="utama", publish_at=wita(2025, 4, 15), tags=["a", "b", "c"]
    )
    ArticleFactory(title="Tiga Sama", publish_at=wita(2025, 1, 1), tags=["a", "b", "c"])
    ArticleFactory(title="Dua Sama Dekat", publish_at=wita(2025, 4, 14), tags=["a", "b"])
    ArticleFactory(title="Dua Sama Jauh", publish_at=wita(2024, 4, 14), tags=["b", "c"])
    ArticleFactory(title="Satu Sama Dekat", publish_at=wita(2025, 4, 16), tags=["c", "x"])
    ArticleFactory(title="Satu Sama Agak Jauh", publish_at=wita(2025, 3, 1), tags=["a"])
    ArticleFactory(title="Satu Sama Paling Jauh", publish_at=wita(2020, 3, 1), tags=["a"])
    ArticleFactory(title="Tanpa Tag Sama", publish_at=wita(2025, 4, 15, 11), tags=["x"])
    DraftFactory(title="Draf Tiga Sama", publish_at=wita(2025, 4, 15), tags=["a", "b", "c"])
    ArticleFactory(title="Terjadwal Sama", publish_at=wita(2025, 7, 1), tags=["a", "b", "c"])
    return main


def test_related_articles_share_the_most_tags_then_are_closest_in_date(client, reading):
    html = client.get("/2025/04/utama/").content.decode()
    assert related_titles(html) == [
        "Tiga Sama",
        "Dua Sama Dekat",
        "Dua Sama Jauh",
        "Satu Sama Dekat",
        "Satu Sama Agak Jauh",
    ]


def test_related_articles_come_from_the_nearest_in_time_of_each_tag(client, reading):
    """Each tag adds only its 10 nearest articles on each side, so the work does not grow
    with the archive. Ten newer "b" and ten newer "c" articles between April 2024 and
    the main article push "Dua Sama Jauh" (April 2024, b and c) out of both windows."""
    for month in range(5, 13):
        ArticleFactory(title=f"B {month}", publish_at=wita(2024, month, 2), tags=["b"])
        ArticleFactory(title=f"C {month}", publish_at=wita(2024, month, 3), tags=["c"])
    for day in (4, 5):
        ArticleFactory(title=f"B 12-{day}", publish_at=wita(2024, 12, day), tags=["b"])
        ArticleFactory(title=f"C 12-{day}", publish_at=wita(2024, 12, day, 11), tags=["c"])

    titles = related_titles(client.get("/2025/04/utama/").content.decode())
    assert titles == [
        "Tiga Sama",
        "Dua Sama Dekat",
        "Satu Sama Dekat",
        "Satu Sama Agak Jauh",
        "C 12-5",
    ]


def test_tag_dates_follow_the_article(reading):
    from articles.models import TaggedArticle

    reading.publish_at = wita(2025, 4, 20)
    reading.save()
    reading.tags.add("d")
    dates = set(
        TaggedArticle.objects.filter(content_object=reading).values_list("publish_at", flat=True)
    )
    assert dates == {wita(2025, 4, 20)}


def test_an_article_without_tags_has_no_related_section(client):
    ArticleFactory(title="Sendiri", slug="sendiri", publish_at=wita(2025, 4, 15))
    ArticleFactory(title="Lain", publish_at=wita(2025, 4, 16), tags=["x"])
    html = client.get("/2025/04/sendiri/").content.decode()
    assert related_titles(html) == []
    assert "Bacaan terkait" not in html


def test_previous_and_next_stay_within_the_public_archive(client, reading):
    html = client.get("/2025/04/utama/").content.decode()
    assert re.search(r'Sebelumnya</span> <a href="[^"]+" rel="prev">Dua Sama Dekat</a>', html)
    assert re.search(r'Berikutnya</span> <a href="[^"]+" rel="next">Tanpa Tag Sama</a>', html)


def test_month_navigator_lists_years_and_months_with_counts(client, reading):
    html = client.get("/2025/04/").content.decode()
    nav = html.split('class="secondary month-navigator"', 1)[1].split("</nav>", 1)[0]
    years = re.findall(r'<a href="/(\d{4})/"[^>]*>\d{4}</a> <span class="count">\((\d+)\)', nav)
    assert years == [("2025", "6"), ("2024", "1"), ("2020", "1")]
    assert re.search(
        r'href="/2025/04/" aria-current="page">April</a> <span class="count">\(4\)', nav
    )
    assert 'href="/2025/07/"' not in nav  # the scheduled article's month is not public yet
    # Only the year shown lists its months, so a decade of archive stays short.
    assert 'href="/2024/04/"' not in nav and 'href="/2020/03/"' not in nav

    nav_2024 = client.get("/2024/").content.decode().split("month-navigator", 1)[1]
    assert 'href="/2024/04/">April</a>' in nav_2024.split("</nav>", 1)[0]
    assert 'href="/2025/04/"' not in nav_2024.split("</nav>", 1)[0]


@pytest.mark.parametrize("years", [1, 12])
def test_month_navigator_query_count_does_not_grow_with_years(
    client, django_assert_num_queries, years
):
    for year in range(2025 - years + 1, 2026):
        ArticleFactory(publish_at=wita(year, 4, 10))
    # Site freshness (1), EXISTS (1), page (1), its tags (1), and the navigator's
    # month counts, also the month's size and its previous and next month (1).
    with django_assert_num_queries(5):
        response = client.get("/2025/04/")
    assert response.status_code == 200
