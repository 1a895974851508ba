"""Deep list pages read from their own month, and show exactly what a plain OFFSET shows.

The home list and the year list find the month page N falls in from the month counts
(articles/views.py, ``MonthPaginator``) instead of skipping every newer article with
an OFFSET. Every page is compared here with the plain OFFSET queryset, over months of
very different sizes, articles on month boundaries and at the same moment, and with
drafts, trashed and scheduled articles that must neither show nor shift the pages.
"""

import datetime
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import archive_counts
from articles.models import Article
from articles.views import PAGE_SIZE, MonthPaginator
from tests.factories import ArticleFactory, DraftFactory, wita

pytestmark = [pytest.mark.django_db, pytest.mark.no_page_cache]


@pytest.fixture
def archive():
    """~150 public articles over 30 months (0 to 14 a month), plus hidden ones."""
    rng = random.Random(12)
    for offset in range(30):
        year, month = 2023 + (offset + 3) // 12, (offset + 3) % 12 + 1
        for _ in range(rng.choice([0, 1, 2, 3, 5, 8, 13, 14])):
            day, hour = rng.randint(1, 28), rng.randint(0, 23)
            ArticleFactory(publish_at=wita(year, month, day, hour, rng.choice([0, 30])))
    # Month boundaries in WITA (16:00 UTC the day before is midnight in Palopo), and
    # several articles at one moment: their order is by id.
    for moment in [wita(2024, 3, 1, 0, 0), wita(2024, 2, 29, 23, 59), wita(2024, 12, 31, 23, 59)]:
        ArticleFactory(publish_at=moment)
    for _ in range(4):
        ArticleFactory(publish_at=wita(2024, 6, 15, 9, 0))
    # This month, already public.
    ArticleFactory(publish_at=timezone.now() - datetime.timedelta(minutes=5))
    # Not public: drafts, trashed and scheduled articles, in the same months.
    DraftFactory(publish_at=wita(2024, 6, 15, 9, 0))
    DraftFactory(publish_at=wita(2023, 5, 2))
    for moment in [wita(2024, 6, 15, 9, 0), wita(2024, 3, 1, 0, 0), wita(2023, 8, 8)]:
        ArticleFactory(publish_at=moment, deleted_at=timezone.now())
    ArticleFactory(publish_at=timezone.now() + datetime.timedelta(hours=2))  # this month
    ArticleFactory(publish_at=timezone.now() + datetime.timedelta(days=40))
    ArticleFactory(publish_at=wita(2030, 1, 1))


def pages_of(queryset):
    pks = list(queryset.order_by("-publish_at", "-pk").values_list("pk", flat=True))
    return [pks[start : start + PAGE_SIZE] for start in range(0, len(pks), PAGE_SIZE)]


def shown(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return [article.pk for article in response.context["articles"]]


def test_every_home_page_is_the_plain_offset_page(client, archive):
    expected = pages_of(Article.objects.published())
    assert len(expected) >= 8  # deep enough for months with several pages
    for number, pks in enumerate(expected, start=1):
        path = "/" if number == 1 else f"/page/{number}/"
        assert shown(client, path) == pks, path
        assert shown(client, f"/?page={number}") == pks, number
    assert client.get(f"/page/{len(expected) + 1}/").status_code == 404


def test_every_year_page_is_the_plain_offset_page(client, archive):
    for year in range(2023, 2026):
        expected = pages_of(Article.objects.published().filter(publish_at__year=year))
        assert expected, year
        for number, pks in enumerate(expected, start=1):
            path = f"/{year}/" if number == 1 else f"/{year}/page/{number}/"
            assert shown(client, path) == pks, path
        assert client.get(f"/{year}/page/{len(expected) + 1}/").status_code == 404


@pytest.mark.parametrize("per_page", [1, 3, 7, 20])
def test_pages_starting_anywhere_are_the_plain_offset_pages(archive, per_page):
    """With one item a page, a page starts at every article: every month boundary."""
    plain = Article.objects.published().order_by("-publish_at", "-pk")
    months = archive_counts.month_counts()
    for year_months, queryset in [
        (months, plain),
        ([row for row in months if row["month"].year == 2024], plain.filter(publish_at__year=2024)),
    ]:
        paginator = MonthPaginator(queryset, per_page)
        paginator.count = sum(row["count"] for row in year_months)
        paginator.months = year_months
        pks = list(queryset.values_list("pk", flat=True))
        assert paginator.count == len(pks)
        for number in paginator.page_range:
            page = paginator.page(number)
            start = (number - 1) * per_page
            assert [article.pk for article in page] == pks[start : start + per_page], number


def test_a_deep_page_skips_less_than_a_month(client, archive):
    pages = pages_of(Article.objects.published())
    biggest_month = 14 + 4  # the fixture's largest month (with the four at one moment)
    with CaptureQueriesContext(connection) as queries:
        assert shown(client, f"/page/{len(pages)}/") == pages[-1]
    listing = [q["sql"] for q in queries if "LIMIT" in q["sql"]]
    assert len(listing) == 1, [q["sql"] for q in queries]
    sql = listing[0]
    offset = int(sql.rsplit("OFFSET", 1)[1].split()[0]) if "OFFSET" in sql else 0
    assert offset < biggest_month


def test_scheduled_article_shifts_pages_when_its_time_comes(client, archive):
    later = (
        Article.objects.filter(publish_at__gt=timezone.now(), publish_at__lt=wita(2029, 1, 1))
        .order_by("-publish_at")
        .first()
    )
    later.publish_at = timezone.now() - datetime.timedelta(minutes=1)
    later.save()  # now public: every page of the home list moves by one
    expected = pages_of(Article.objects.published())
    for number, pks in enumerate(expected, start=1):
        assert shown(client, f"/?page={number}") == pks, number


def test_every_page_of_a_tag_is_the_plain_offset_page(client, archive):
    """A tag's deep pages come from the tagging index (``TagPaginator``); the drafts,
    trashed and scheduled articles of the archive fixture carry the tag too."""
    from articles.models import Tag

    tag = Tag.objects.create(name="Retribusi")
    for article in Article.objects.all():
        article.tags.add(tag)
    expected = pages_of(Article.objects.published().filter(tagged_items__tag=tag))
    assert len(expected) >= 5

    for number, page in enumerate(expected, start=1):
        path = "/tag/retribusi/" if number == 1 else f"/tag/retribusi/page/{number}/"
        assert shown(client, path) == page, number
    assert client.get(f"/tag/retribusi/page/{len(expected) + 1}/").status_code == 404


def test_a_tags_deep_page_joins_no_other_article(client, archive):
    from articles.models import Tag

    tag = Tag.objects.create(name="Retribusi")
    for article in Article.objects.all():
        article.tags.add(tag)
    with CaptureQueriesContext(connection) as queries:
        client.get("/tag/retribusi/page/4/")
    assert any("OFFSET 60" in query["sql"] and "NOT EXISTS" in query["sql"] for query in queries)
