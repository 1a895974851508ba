"""The month and tag counts kept by triggers always equal counting the public articles.

Each test changes articles the way staff, imports or scripts do, then compares what
the pages show (articles/archive_counts.py) with a plain COUNT over
``Article.objects.published()``, the one definition of public.
"""

import datetime
import random

import pytest
from django.db import connection
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone

from articles import archive_counts
from articles.editorial import merge_tags
from articles.models import Article, Tag, TaggedArticle
from tests.factories import ArticleFactory, DraftFactory, wita

pytestmark = pytest.mark.django_db


def counted_months():
    return {row["month"]: row["count"] for row in archive_counts.month_counts()}


def true_months():
    rows = (
        Article.objects.published()
        .annotate(month=TruncMonth("publish_at"))
        .values("month")
        .annotate(n=Count("pk"))
    )
    return {timezone.localtime(row["month"]).date(): row["n"] for row in rows}


def counted_tags():
    return {tag.name: tag.article_count for tag in archive_counts.tags_with_counts()}


def true_tags():
    rows = (
        Tag.objects.filter(tagged_articles__content_object__in=Article.objects.published())
        .annotate(n=Count("tagged_articles"))
        .values_list("name", "n")
    )
    return dict(rows)


def assert_counts_are_true():
    assert counted_months() == true_months()
    assert counted_tags() == true_tags()
    for tag in Tag.objects.all():
        assert archive_counts.tag_count(tag) == true_tags().get(tag.name, 0)


def test_seed_archive_counts(client, seed_archive):
    assert counted_months() == {datetime.date(2025, 4, 1): 7}
    assert counted_tags()["partisipasi masyarakat"] == 4
    assert_counts_are_true()


def test_publish_unpublish_move_delete_restore_purge():
    article = DraftFactory(publish_at=wita(2025, 3, 31, 23, 30), tags=["anggaran", "perda"])
    assert counted_months() == {}
    assert counted_tags() == {}

    article.status = Article.Status.PUBLISHED
    article.save()
    assert counted_months() == {datetime.date(2025, 3, 1): 1}
    assert counted_tags() == {"anggaran": 1, "perda": 1}

    # 23:30 WITA on 31 March is 15:30 UTC: still March on the Palopo calendar, and
    # one hour later it is April there.
    article.publish_at = wita(2025, 4, 1, 0, 30)
    article.save()
    assert counted_months() == {datetime.date(2025, 4, 1): 1}
    assert_counts_are_true()

    article.deleted_at = timezone.now()
    article.save()
    assert counted_months() == {} and counted_tags() == {}

    article.deleted_at = None
    article.save()
    assert_counts_are_true()
    assert counted_tags() == {"anggaran": 1, "perda": 1}

    article.status = Article.Status.DRAFT
    article.save()
    assert counted_months() == {} and counted_tags() == {}

    article.status = Article.Status.PUBLISHED
    article.save()
    article.delete()  # the superuser's purge
    assert counted_months() == {} and counted_tags() == {}
    assert_counts_are_true()


def test_scheduled_article_is_counted_when_its_time_comes(pinned_clock):
    ArticleFactory(publish_at=wita(2025, 5, 2), tags=["perda"])
    ArticleFactory(publish_at=wita(2025, 6, 1, 14, 0), tags=["perda", "jadwal"])

    assert counted_months() == {datetime.date(2025, 5, 1): 1}
    assert counted_tags() == {"perda": 1}

    pinned_clock.move_to(wita(2025, 6, 1, 13, 59))
    assert counted_months() == {datetime.date(2025, 5, 1): 1}

    pinned_clock.move_to(wita(2025, 6, 1, 14, 0))
    assert counted_months() == {datetime.date(2025, 5, 1): 1, datetime.date(2025, 6, 1): 1}
    assert counted_tags() == {"perda": 2, "jadwal": 1}
    assert_counts_are_true()


def test_tag_add_remove_rename_merge_delete():
    first = ArticleFactory(tags=["Anggaran"])
    second = ArticleFactory(tags=["anggaran daerah", "perda"])
    DraftFactory(tags=["anggaran daerah"])

    first.tags.add("perda")
    second.tags.remove("perda")
    assert counted_tags() == {"Anggaran": 1, "anggaran daerah": 1, "perda": 1}

    tag = Tag.objects.get(name="perda")
    tag.name = "Peraturan daerah"
    tag.save()
    assert counted_tags()["Peraturan daerah"] == 1

    merge_tags([Tag.objects.get(name="anggaran daerah")], Tag.objects.get(name="Anggaran"))
    assert counted_tags() == {"Anggaran": 2, "Peraturan daerah": 1}

    Tag.objects.get(name="Peraturan daerah").delete()
    assert counted_tags() == {"Anggaran": 2}
    assert_counts_are_true()


def test_many_random_changes_keep_every_count_true(pinned_clock):
    """Hundreds of mixed changes, as years of staff work would make them."""
    rng = random.Random(20250401)
    names = ["anggaran", "perda", "kesehatan", "pendidikan", "jalan"]
    months = [(2024, 12), (2025, 1), (2025, 5), (2025, 6)]
    articles = []
    for step in range(300):
        action = rng.choice(["create", "create", "status", "move", "delete", "tag", "untag"])
        if action == "create" or not articles:
            year, month = rng.choice(months)
            factory = rng.choice([ArticleFactory, DraftFactory])
            articles.append(
                factory(
                    publish_at=wita(year, month, rng.randint(1, 28), rng.randint(0, 23)),
                    tags=rng.sample(names, rng.randint(0, 3)),
                )
            )
            continue
        article = rng.choice(articles)
        if action == "status":
            article.status = rng.choice(Article.Status.values)
            article.save()
        elif action == "move":
            year, month = rng.choice(months)
            article.publish_at = wita(year, month, rng.randint(1, 28))
            article.save()
        elif action == "delete":
            article.deleted_at = None if article.deleted_at else timezone.now()
            article.save()
        elif action == "tag":
            article.tags.add(rng.choice(names))
        else:
            tagging = TaggedArticle.objects.filter(content_object=article).order_by("?").first()
            if tagging:
                tagging.delete()
        if step % 50 == 0:
            assert_counts_are_true()
    # Scheduled ones (June, after noon on the 1st) become public as the clock moves.
    assert_counts_are_true()
    pinned_clock.move_to(wita(2025, 7, 1))
    assert_counts_are_true()


def test_truncate_and_bulk_writes_keep_counts(settings):
    ArticleFactory(publish_at=wita(2025, 2, 3), tags=["perda"])
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            "TRUNCATE articles_article, articles_section, articles_taggedarticle CASCADE"
        )
    assert counted_months() == {} and counted_tags() == {}

    Article.objects.bulk_create(
        [
            Article(title=f"Bulk {n}", slug=f"bulk-{n}", publish_at=wita(2025, 1, n + 1))
            for n in range(5)
        ]
    )
    Article.objects.filter(slug__in=["bulk-0", "bulk-1"]).update(status="published")
    assert counted_months() == {datetime.date(2025, 1, 1): 2}
    assert_counts_are_true()


def test_year_page_and_pages_numbers_use_the_counts(client):
    for day in range(1, 23):
        ArticleFactory(publish_at=wita(2025, 3, day), tags=["perda"])
    ArticleFactory(publish_at=wita(2025, 6, 1, 14, 0), tags=["perda"])  # not yet

    html = client.get("/2025/").content.decode()
    assert "(22 artikel)" in html
    assert client.get("/2025/page/2/").status_code == 200
    assert client.get("/2025/page/3/").status_code == 404
    assert client.get("/2025/03/page/2/").status_code == 200
    assert client.get("/tag/perda/page/2/").context["paginator"].count == 22
    assert client.get("/").context["paginator"].count == 22
