"""``/sitemap.xml``: an index over articles, month archives and tags (django.contrib.sitemaps).

Everything starts from ``Article.objects.published()``. Each sitemap holds at most
50,000 addresses, the sitemaps.org limit; beyond that the index lists further
pages (``/sitemap-artikel.xml?p=2``).
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.db.models.functions import Coalesce, Greatest, TruncMonth
from django.urls import reverse
from django.utils import timezone

from articles import archive_counts
from articles.models import Article, Tag

# sitemaps.org: "no more than 50,000 URLs" per sitemap file.
SITEMAP_LIMIT = 50_000


class CountedSitemap(Sitemap):
    """A sitemap that knows its size and newest change without reading every item.

    The index (``/sitemap.xml``) asks each sitemap for its number of pages and its
    newest ``lastmod``; Django's defaults count and build every item for that (over
    half a second at 100,000 articles). Here both come from the count tables and
    two index probes.
    """

    limit = SITEMAP_LIMIT

    def item_count(self):
        raise NotImplementedError

    @property
    def paginator(self):
        paginator = super().paginator
        paginator.count = self.item_count()  # replaces the cached_property that counts
        return paginator

    def get_latest_lastmod(self):
        return newest_public_change()


def newest_public_change():
    """The newest real change of any public article, as the index's lastmod of each sitemap.

    No month or tag changed later than this, and the newest article's month changed
    exactly then; for a tag sitemap it may be early when the newest change is to an
    article without tags, which only makes a crawler look once more. Two MAX()es
    PostgreSQL answers from the ends of two indexes, instead of reading every article.
    """
    newest = Article.objects.published().aggregate(
        published=Max("publish_at"), changed=Max("content_changed_at")
    )
    moments = [moment for moment in newest.values() if moment is not None]
    return max(moments) if moments else None


class ArticleSitemap(CountedSitemap):
    def items(self):
        # Oldest first and by id, so page N of the sitemap keeps its addresses.
        return (
            Article.objects.published()
            .only("slug", "publish_at", "content_changed_at")
            .order_by("publish_at", "pk")
        )

    def lastmod(self, article):
        # The last real content change, not a typo fix (Article.last_modified).
        return article.last_modified

    def item_count(self):
        return archive_counts.total_count()


def last_change():
    """An article's last real content change, as SQL (the same rule as Article.last_modified)."""
    return Greatest("publish_at", Coalesce("content_changed_at", "publish_at"))


class MonthArchiveSitemap(CountedSitemap):
    def items(self):
        # One row per WITA month with its newest change, in one grouped query that
        # runs only for this sitemap's own page.
        return (
            Article.objects.published()
            .annotate(month=TruncMonth("publish_at"))
            .values("month")
            .annotate(changed=Max(last_change()))
            .order_by("month")
        )

    def item_count(self):
        return len(archive_counts.month_counts())

    def location(self, row):
        month = timezone.localtime(row["month"])  # the WITA month TruncMonth gave
        return reverse("articles:month_archive", kwargs={"year": month.year, "month": month.month})

    def lastmod(self, row):
        return row["changed"]


class TagSitemap(CountedSitemap):
    def items(self):
        # Filtering before aggregating joins the public articles once (see
        # articles/archive_counts.py for why counting them this way is avoided).
        published = "tagged_articles__content_object__"
        changed = Greatest(
            f"{published}publish_at",
            Coalesce(f"{published}content_changed_at", f"{published}publish_at"),
        )
        return (
            Tag.objects.filter(tagged_articles__content_object__in=Article.objects.published())
            .annotate(changed=Max(changed))
            .order_by("pk")
        )

    def item_count(self):
        return len(list(archive_counts.tags_with_counts()))

    def location(self, tag):
        return tag.get_absolute_url()

    def lastmod(self, tag):
        return tag.changed


SITEMAPS = {
    "artikel": ArticleSitemap,
    "bulan": MonthArchiveSitemap,
    "topik": TagSitemap,
}
