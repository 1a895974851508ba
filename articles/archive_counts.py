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

Written by hand in SQL: Django has no trigger support, and the maintained packages
for it (django-pgtrigger) would add a dependency for three small functions.
"""

import datetime

from django.conf import settings
from django.db import connection
from django.utils import timezone

from articles.models import Article, Tag

# A month is the WITA calendar month, as on every page. The zone is written into the
# trigger by migration 0004; a site that changed TIME_ZONE would migrate articles
# back to 0003 and forward again to rewrite it and recount.
MONTH_OF = "date_trunc('month', {column} AT TIME ZONE '{zone}')::date"

PUBLISHED = "status = 'published' AND deleted_at IS NULL"


def install_sql(zone=None):
    zone = zone or settings.TIME_ZONE
    old_month = MONTH_OF.format(column="OLD.publish_at", zone=zone)
    new_month = MONTH_OF.format(column="NEW.publish_at", zone=zone)
    return f"""
CREATE FUNCTION articles_count_article() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    was_counted boolean := TG_OP <> 'INSERT'
        AND OLD.status = 'published' AND OLD.deleted_at IS NULL;
    is_counted boolean := TG_OP <> 'DELETE'
        AND NEW.status = 'published' AND NEW.deleted_at IS NULL;
BEGIN
    IF was_counted AND is_counted AND {old_month} = {new_month} THEN
        RETURN NULL;  -- an edit that moves nothing: the common case stays free
    END IF;
    IF was_counted THEN
        UPDATE articles_monthcount SET count = count - 1 WHERE month = {old_month};
    END IF;
    IF is_counted THEN
        INSERT INTO articles_monthcount (month, count) VALUES ({new_month}, 1)
        ON CONFLICT (month) DO UPDATE SET count = articles_monthcount.count + 1;
    END IF;
    -- Tags follow only the counted state; the month does not matter to them.
    IF was_counted AND NOT is_counted THEN
        UPDATE articles_tagcount AS c SET count = c.count - 1
        FROM articles_taggedarticle AS t
        WHERE t.content_object_id = OLD.id AND c.tag_id = t.tag_id;
    ELSIF is_counted AND NOT was_counted THEN
        -- In tag order, so two such transactions lock rows in the same order.
        INSERT INTO articles_tagcount (tag_id, count)
        SELECT tag_id, 1 FROM articles_taggedarticle
        WHERE content_object_id = NEW.id ORDER BY tag_id
        ON CONFLICT (tag_id) DO UPDATE SET count = articles_tagcount.count + 1;
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION articles_count_tagging() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' AND EXISTS (
        SELECT 1 FROM articles_article WHERE id = OLD.content_object_id AND {PUBLISHED}
    ) THEN
        UPDATE articles_tagcount SET count = count - 1 WHERE tag_id = OLD.tag_id;
    END IF;
    IF TG_OP <> 'DELETE' AND EXISTS (
        SELECT 1 FROM articles_article WHERE id = NEW.content_object_id AND {PUBLISHED}
    ) THEN
        INSERT INTO articles_tagcount (tag_id, count) VALUES (NEW.tag_id, 1)
        ON CONFLICT (tag_id) DO UPDATE SET count = articles_tagcount.count + 1;
    END IF;
    RETURN NULL;
END $$;

-- TRUNCATE (the benchmark generator's --replace) fires no row triggers.
CREATE FUNCTION articles_recount() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    {recount_sql(zone)}
    RETURN NULL;
END $$;

CREATE TRIGGER articles_count_article
AFTER INSERT OR DELETE OR UPDATE OF status, deleted_at, publish_at ON articles_article
FOR EACH ROW EXECUTE FUNCTION articles_count_article();

CREATE TRIGGER articles_count_tagging
AFTER INSERT OR DELETE OR UPDATE OF tag_id, content_object_id ON articles_taggedarticle
FOR EACH ROW EXECUTE FUNCTION articles_count_tagging();

CREATE TRIGGER articles_recount_article AFTER TRUNCATE ON articles_article
FOR EACH STATEMENT EXECUTE FUNCTION articles_recount();

CREATE TRIGGER articles_recount_tagging AFTER TRUNCATE ON articles_taggedarticle
FOR EACH STATEMENT EXECUTE FUNCTION articles_recount();
"""


UNINSTALL_SQL = """
DROP TRIGGER IF EXISTS articles_recount_tagging ON articles_taggedarticle;
DROP TRIGGER IF EXISTS articles_recount_article ON articles_article;
DROP TRIGGER IF EXISTS articles_count_tagging ON articles_taggedarticle;
DROP TRIGGER IF EXISTS articles_count_article ON articles_article;
DROP FUNCTION IF EXISTS articles_recount();
DROP FUNCTION IF EXISTS articles_count_tagging();
DROP FUNCTION IF EXISTS articles_count_article();
"""


def recount_sql(zone=None):
    """Both tables from scratch: for the migration and after a TRUNCATE."""
    month = MONTH_OF.format(column="publish_at", zone=zone or settings.TIME_ZONE)
    return f"""
    DELETE FROM articles_monthcount;
    DELETE FROM articles_tagcount;
    INSERT INTO articles_monthcount (month, count)
        SELECT {month}, count(*) FROM articles_article WHERE {PUBLISHED} GROUP BY 1;
    INSERT INTO articles_tagcount (tag_id, count)
        SELECT t.tag_id, count(*) FROM articles_taggedarticle AS t
        JOIN articles_article AS a ON a.id = t.content_object_id
        WHERE a.status = 'published' AND a.deleted_at IS NULL GROUP BY 1;
    """


def _waiting():
    """Scheduled articles whose time has not come: counted in the tables, not public."""
    return Article.objects.filter(
        status=Article.Status.PUBLISHED, deleted_at__isnull=True, publish_at__gt=timezone.now()
    ).order_by()


def month_counts(year=None):
    """[{"month": date (1st of the month), "count": n}], newest first, public articles only.

    One query, whatever the size of the archive: the month table, minus the waiting
    scheduled articles.
    """
    waiting_sql, waiting_params = _waiting().values("publish_at").query.sql_with_params()
    month = MONTH_OF.format(column="w.publish_at", zone=settings.TIME_ZONE)
    where, params = "", []
    if year is not None:
        where = "AND c.month >= %s AND c.month < %s"
        params = [datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1)]
    sql = f"""
        SELECT c.month, c.count - COALESCE(w.n, 0) AS public
        FROM articles_monthcount AS c
        LEFT JOIN (SELECT {month} AS month, count(*) AS n FROM ({waiting_sql}) AS w GROUP BY 1)
            AS w ON w.month = c.month
        WHERE c.count - COALESCE(w.n, 0) > 0 {where}
        ORDER BY c.month DESC
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, (*waiting_params, *params))
        return [{"month": month, "count": count} for month, count in cursor.fetchall()]


def month_count(year, month):
    """Public articles in one WITA month."""
    for row in month_counts(year):
        if row["month"].month == month:
            return row["count"]
    return 0


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
