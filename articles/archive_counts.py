"""How many public articles each month and each tag has, without counting the archive.

Month lists, the tag list, year pages and page numbers all need counts. Counting
100,000 articles on every request cost 40-300 ms; these counts are instead kept in
two small tables (``MonthCount``, ``TagCount``) by PostgreSQL triggers, in the same
transaction as the change, whoever makes it: the admin, an import, a script or psql.
No cache is involved, so the counts can never be stale.

The tables count articles that are published and not deleted. "Public" also needs the
publication time to have come, which changes with the clock and not with any write,
so reading subtracts the few scheduled articles still waiting (found through the
``(status, publish_at)`` index). The result is what ``Article.objects.published()``
would count, and tests/test_archive_counts.py checks exactly that after every kind
of change.

Written by hand in SQL, in migration 0004: Django has no trigger support, and the
maintained packages for it (django-pgtrigger) would add a dependency for three small
functions.
"""

from django.conf import settings
from django.db import connection
from django.utils import timezone

from articles.models import Article, Tag

# The tables and the three trigger functions that keep them (articles_count_article,
# articles_count_tagging, and articles_recount after a TRUNCATE) are in migration
# 0004_archive_counts, frozen there as SQL.
#
# A month is the WITA calendar month, as on every page. The zone is written into the
# triggers by migration 0004 ('Asia/Makassar', settings.TIME_ZONE) and must be the one
# read with here; a site that changed TIME_ZONE would need a new migration rewriting
# the functions and recounting.
MONTH_OF = "date_trunc('month', {column} AT TIME ZONE '{zone}')::date"


def _waiting():
    """Scheduled articles whose time has not come: counted in the tables, not public."""
    return Article.objects.filter(
        status=Article.Status.PUBLISHED, deleted_at__isnull=True, publish_at__gt=timezone.now()
    ).order_by()


def month_counts():
    """[{"month": date (1st of the month), "count": n}], newest first, public articles only.

    One query, whatever the size of the archive: the month table, minus the waiting
    scheduled articles.
    """
    waiting_sql, waiting_params = _waiting().values("publish_at").query.sql_with_params()
    month = MONTH_OF.format(column="w.publish_at", zone=settings.TIME_ZONE)
    sql = f"""
        SELECT c.month, c.count - COALESCE(w.n, 0) AS public
        FROM articles_monthcount AS c
        LEFT JOIN (SELECT {month} AS month, count(*) AS n FROM ({waiting_sql}) AS w GROUP BY 1)
            AS w ON w.month = c.month
        WHERE c.count - COALESCE(w.n, 0) > 0
        ORDER BY c.month DESC
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, waiting_params)
        return [{"month": month, "count": count} for month, count in cursor.fetchall()]


def tags_with_counts():
    """Tags with at least one public article, by name, each with ``article_count``. One query."""
    waiting_sql, waiting_params = _waiting().values("pk").query.sql_with_params()
    return Tag.objects.raw(
        f"""
        SELECT t.*, c.count - COALESCE(w.n, 0) AS article_count
        FROM articles_tag AS t
        JOIN articles_tagcount AS c ON c.tag_id = t.id
        LEFT JOIN (
            SELECT tag_id, count(*) AS n FROM articles_taggedarticle
            WHERE content_object_id IN ({waiting_sql}) GROUP BY tag_id
        ) AS w ON w.tag_id = t.id
        WHERE c.count - COALESCE(w.n, 0) > 0
        ORDER BY lower(t.name), t.id
        """,
        waiting_params,
    )


def tag_count(tag):
    """Public articles with this tag."""
    waiting_sql, waiting_params = _waiting().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT COALESCE((SELECT count FROM articles_tagcount WHERE tag_id = %s), 0)
                - (SELECT count(*) FROM articles_taggedarticle
                   WHERE tag_id = %s AND content_object_id IN ({waiting_sql}))
            """,
            (tag.pk, tag.pk, *waiting_params),
        )
        return cursor.fetchone()[0]


def total_count():
    return sum(row["count"] for row in month_counts())
