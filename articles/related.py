"""Further reading: related articles and the month-archive navigator, one query each."""

from dataclasses import dataclass, field
from functools import lru_cache

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.safestring import mark_safe

from articles import archive_counts
from articles.models import Article

RELATED_COUNT = 5
# Per tag of the article, this many of its articles on each side in time are the
# candidates: the work is the same for a tag of 10 articles or of 10,000.
NEAREST_PER_TAG = 10

RELATED_SQL = """
WITH own AS (
    SELECT tag_id FROM articles_taggedarticle WHERE content_object_id = %(id)s
), nearest AS (
    SELECT near.content_object_id FROM own, LATERAL (
        (SELECT t.content_object_id FROM articles_taggedarticle AS t
         WHERE t.tag_id = own.tag_id AND t.publish_at <= %(at)s
             AND t.content_object_id <> %(id)s
         ORDER BY t.publish_at DESC LIMIT %(per_tag)s)
        UNION ALL
        (SELECT t.content_object_id FROM articles_taggedarticle AS t
         WHERE t.tag_id = own.tag_id AND t.publish_at > %(at)s AND t.publish_at <= %(now)s
         ORDER BY t.publish_at LIMIT %(per_tag)s)
    ) AS near
)
SELECT a.id, a.title, a.slug, a.publish_at, count(*) AS shared,
       greatest(a.publish_at - %(at)s, %(at)s - a.publish_at) AS distance
FROM nearest JOIN articles_article AS a ON a.id = nearest.content_object_id
-- Public, as Article.objects.published() defines it.
WHERE a.status = 'published' AND a.deleted_at IS NULL AND a.publish_at <= %(now)s
GROUP BY a.id
ORDER BY shared DESC, distance, a.id DESC
LIMIT %(count)s
"""


def related_articles(article, count=RELATED_COUNT):
    """Public articles sharing the most tags with this one, then the closest in date.

    One query, with a cost that does not grow with the archive: for each of the
    article's tags, only the NEAREST_PER_TAG articles before and after it in time
    (one range of ``taggedarticle_tag_date_idx`` each) are candidates. An article
    sharing three tags but years away may therefore rank as sharing fewer, which for
    "further reading" is what a reader wants anyway. Counting every article of every
    tag took 40-60 ms at 100,000 articles.
    """
    return list(
        Article.objects.raw(
            RELATED_SQL,
            {
                "id": article.pk,
                "at": article.publish_at,
                "now": timezone.now(),
                "per_tag": NEAREST_PER_TAG,
                "count": count,
            },
        )
    )


# The query above ranges over the copy of publish_at in each tagging
# (TaggedArticle.publish_at). Triggers keep it equal to the article's, whoever writes:
# admin, import or psql. They are in migration 0005_scale_indexes, frozen there as
# SQL (written by hand: Django has no triggers, see articles/archive_counts.py).


@dataclass
class YearOfArchive:
    year: int
    count: int = 0
    months: list = field(default_factory=list)


def years_of(rows, open_year):
    """(month, count) rows, newest first, grouped into years; only ``open_year`` lists
    its months (the others link to their year page, which lists them)."""
    years = []
    for month, count in rows:
        if not years or years[-1].year != month.year:
            years.append(YearOfArchive(month.year))
        years[-1].count += count
        if month.year == open_year:
            years[-1].months.append({"month": month, "count": count})
    return years


def month_navigator_html(current_path, month_counts=None, year=None):
    """The navigator's HTML, with the link to ``current_path`` marked as the current page.

    The months of ``year`` (default: the newest) are listed; other years are one link
    each, so a decade of archive stays a short list on a phone.

    Rendering the links was a quarter of an archive page's CPU time. The HTML
    depends only on the month counts, which are read on every request, and the open
    year, so it is rendered once per distinct set of them and can never be stale:
    any change to a count is a different key.
    """
    if month_counts is None:
        month_counts = archive_counts.month_counts()
    rows = tuple((row["month"], row["count"]) for row in month_counts)
    if year is None and rows:
        year = rows[0][0].year
    html = _render_navigator(rows, year, translation.get_language())
    link = f'<a href="{escape(current_path)}">'
    return mark_safe(html.replace(link, link[:-1] + ' aria-current="page">', 1))


@lru_cache(maxsize=64)
def _render_navigator(rows, open_year, language):
    years = years_of(rows, open_year)
    return render_to_string("articles/includes/month_navigator.html", {"years": years})
