"""``/sitemap.xml``: an index over articles, month archives and tags (django.contrib.sitemaps).

Everything starts from ``Article.objects.published()``. Each sitemap holds at most
50,000 addresses, the sitemaps.org limit; beyond that the index lists further
pages (``/sitemap-artikel.xml?p=2``).
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Count, Max, Q
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Tag

# sitemaps.org: "no more than 50,000 URLs" per sitemap file.
SITEMAP_LIMIT = 50_000


class ArticleSitemap(Sitemap):
    limit = SITEMAP_LIMIT

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

    def get_latest_lastmod(self):
        # For the index: one MAX() in the database. Django's default builds every
        # article to compare their lastmods (over a second at 100,000 articles).
        return self.items().aggregate(latest=Max(last_change()))["latest"]


def last_change():
    """An article's last real content change, as SQL (the same rule as Article.last_modified)."""
    return Greatest("publish_at", Coalesce("content_changed_at", "publish_at"))


class MonthArchiveSitemap(Sitemap):
    limit = SITEMAP_LIMIT

    def items(self):
        # One row per WITA month with its newest change, in one grouped query.
        return list(
            Article.objects.published()
            .month_counts()
            .annotate(changed=Max(last_change()))
            .order_by("month")
        )

    def location(self, row):
        month = (
            timezone.localtime(row["month"]) if timezone.is_aware(row["month"]) else row["month"]
        )
        return reverse("articles:month_archive", kwargs={"year": month.year, "month": month.month})

    def lastmod(self, row):
        return row["changed"]


class TagSitemap(Sitemap):
    limit = SITEMAP_LIMIT

    def items(self):
        public = Q(tagged_articles__content_object__in=Article.objects.published())
        changed = Greatest(
            "tagged_articles__content_object__publish_at",
            Coalesce(
                "tagged_articles__content_object__content_changed_at",
                "tagged_articles__content_object__publish_at",
            ),
        )
        return (
            Tag.objects.annotate(
                article_count=Count("tagged_articles", filter=public),
                changed=Max(changed, filter=public),
            )
            .filter(article_count__gt=0)
            .order_by("pk")
        )

    def location(self, tag):
        return tag.get_absolute_url()

    def lastmod(self, tag):
        return tag.changed


SITEMAPS = {
    "artikel": ArticleSitemap,
    "bulan": MonthArchiveSitemap,
    "topik": TagSitemap,
}
