"""``/sitemap.xml``: an index over articles, month archives and tags (django.contrib.sitemaps).

Everything starts from ``Article.objects.published()``. Each sitemap file holds at most
SITEMAP_LIMIT addresses; Django's index lists the further pages of each
(``/sitemap-artikel.xml?p=2``, ``?p=3``, ...), and ``?p=`` past the last page is 404.

Every file is bounded work, whatever the size of the archive, because a crawler (or an
attacker adding ``?x=<random>`` to miss every cache) may ask for any of them:

- files are small: 50,000 addresses per file (the sitemaps.org maximum) took 3.4-4.9 s
  to render at 100,000 articles, and four such requests at once made the cached home
  page wait 10-13 s; SITEMAP_LIMIT addresses take 27-43 ms;
- page N of the articles starts from the month it falls in (the count tables say
  which), not from an OFFSET over every earlier article (33 ms for the last page at
  100,000 articles, growing with the archive);
- a month's or a tag's lastmod comes from one index probe each (its newest public
  article) and the RECENT_CHANGES newest content changes, instead of grouping every
  article of the archive (42-97 ms for the months, 106-210 ms for the tags at 100,000);
- the XML is written by ``URLSET`` below instead of Django's template, and addresses
  by prefix instead of one ``reverse()`` per item: 14 µs per address instead of 90.

docs/performance.md ("Worst requests at 100,000 articles") has the measurements;
scripts/worst_requests.py repeats them.
"""

import datetime
from xml.sax.saxutils import escape

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db import connection
from django.db.models import Max, OuterRef, Subquery
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property

from articles import archive_counts
from articles.models import Article, MonthCount, Tag, TaggedArticle

# Addresses per sitemap file. sitemaps.org allows 50,000; crawlers take any number of
# smaller files from the index. 2,000 render in 27-43 ms at 100,000 articles (a file's
# work does not depend on the size of the archive), and 100,000 articles make 50 files.
SITEMAP_LIMIT = 2_000

# A month's or a tag's lastmod is its newest public article or its newest content
# change. The changes looked at are the newest RECENT_CHANGES of the whole archive,
# one index range (article_changed_idx): a change older than all of those no longer
# moves a month's or a tag's lastmod. Every crawler that read the sitemap while it
# was among them (for a council: years) saw it, so nothing is lost in practice, and
# the cost no longer grows with the number of corrected articles.
RECENT_CHANGES = 1_000


class Rows:
    """A sitemap's items, read one page at a time.

    Django's paginator only takes ``len()`` and slices ``[bottom:top]``; the slice is
    one ``read(start, stop)`` of exactly the page's items, so no page costs the work
    of the pages before it.
    """

    def __init__(self, total, read):
        self.total, self.read = total, read

    def __len__(self):
        return self.total

    def __getitem__(self, index):
        if not isinstance(index, slice):
            raise TypeError("sitemap rows are read by slices")
        start, stop, _ = index.indices(self.total)
        return self.read(start, stop) if start < stop else []


class Paths:
    """Addresses of one URL pattern by string concatenation: ``reverse()`` once per prefix.

    ``reverse()`` costs about 20 µs, a third of writing a sitemap entry. The pattern is
    reversed with a marker in place of the slug, so the prefix and suffix are the
    URLconf's own; tests/test_sitemaps.py compares every address with
    ``get_absolute_url()``.
    """

    MARKER = "sitemap-slug-marker"

    def __init__(self, name):
        self.name, self.parts = name, {}

    def __call__(self, slug, **kwargs):
        key = tuple(kwargs.values())
        parts = self.parts.get(key)
        if parts is None:
            parts = self.parts[key] = reverse(
                self.name, kwargs={**kwargs, "slug": self.MARKER}
            ).split(self.MARKER)
        head, tail = parts
        return f"{head}{slug}{tail}"


class Urlset:
    """``sitemap.xml`` written directly, for Django's sitemap view as its ``template_name``.

    TemplateResponse accepts a template object; this one has a template's ``render()``.
    Django's ``sitemap.xml`` template costs ~60 µs per address (a loop with
    ``{% spaceless %}`` and a ``date`` filter); this writes the same elements (loc and
    the W3C date of lastmod, in the site's time zone) in a few.
    """

    HEAD = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
    )

    def render(self, context=None, request=None):
        parts = [self.HEAD]
        for url in context["urlset"]:
            lastmod = url.get("lastmod")
            if lastmod is None:
                parts.append(f"<url><loc>{escape(url['location'])}</loc></url>")
                continue
            if isinstance(lastmod, datetime.datetime):
                lastmod = timezone.localtime(lastmod).date()
            parts.append(
                f"<url><loc>{escape(url['location'])}</loc>"
                f"<lastmod>{lastmod.isoformat()}</lastmod></url>"
            )
        parts.append("</urlset>\n")
        return "\n".join(parts)


URLSET = Urlset()


class CountedSitemap(Sitemap):
    """A sitemap that knows its size and newest change without reading every item.

    The index (``/sitemap.xml``) asks each sitemap for its number of pages and its
    newest ``lastmod``: both come from the count tables and two index probes. A
    sitemap file reads its own page only (``read``), as (path, lastmod) pairs.
    """

    @property
    def limit(self):
        return SITEMAP_LIMIT  # read when used, so a test can make files small

    def item_count(self):
        raise NotImplementedError

    def read(self, start, stop):
        """[(path, lastmod)] of items ``start`` to ``stop`` (0-based, stop excluded)."""
        raise NotImplementedError

    @cached_property
    def total(self):
        return self.item_count()

    def items(self):
        return Rows(self.total, self.read)

    def get_urls(self, page=1, site=None, protocol=None):
        # The paginator checks the page number: PageNotAnInteger and EmptyPage become
        # 404 in Django's view.
        origin = f"{self.get_protocol(protocol)}://{self.get_domain(site)}"
        return [
            {"location": origin + path, "lastmod": lastmod}
            for path, lastmod in self.paginator.page(page).object_list
        ]

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


def last_change(publish_at, content_changed_at):
    """An article's last real content change (the rule of Article.last_modified)."""
    return max(content_changed_at or publish_at, publish_at)


def latest(*moments):
    found = [moment for moment in moments if moment is not None]
    return max(found) if found else None


def recent_changes():
    """The newest RECENT_CHANGES content changes of public articles: a queryset of them."""
    return (
        Article.objects.published()
        .filter(content_changed_at__isnull=False)
        .order_by("-content_changed_at")
    )


def month_start(month):
    """The first moment of a WITA month (a date, the 1st), as an aware datetime."""
    return timezone.make_aware(datetime.datetime.combine(month, datetime.time.min))


class ArticleSitemap(CountedSitemap):
    """Public articles, oldest first (by publication, then id), so page N keeps its addresses."""

    @cached_property
    def months(self):
        return archive_counts.month_counts()[::-1]  # oldest first

    def item_count(self):
        return sum(row["count"] for row in self.months)

    def read(self, start, stop):
        # The month item ``start`` falls in, from the count tables; the page is read
        # from that month's first article on: its OFFSET is less than one month.
        before = 0
        for row in self.months:
            if before + row["count"] > start:
                break
            before += row["count"]
        else:
            return []
        rows = (
            Article.objects.published()
            .filter(publish_at__gte=month_start(row["month"]))
            .order_by("publish_at", "pk")
            .values_list("slug", "publish_at", "content_changed_at")[start - before : stop - before]
        )
        path = Paths("articles:article_detail")
        pages = []
        for slug, publish_at, changed in rows:
            local = timezone.localtime(publish_at)
            pages.append(
                (path(slug, year=local.year, month=local.month), last_change(publish_at, changed))
            )
        return pages


class MonthArchiveSitemap(CountedSitemap):
    """Month archives, oldest first, each with its newest public article or change."""

    @cached_property
    def months(self):
        return [row["month"] for row in archive_counts.month_counts()[::-1]]

    def item_count(self):
        return len(self.months)

    def read(self, start, stop):
        months = self.months[start:stop]
        # The newest public article of each month: one probe of article_public_idx per
        # month, between the month's first moment and the next month's (WITA, as the
        # month count table counts).
        table = connection.ops.quote_name(MonthCount._meta.db_table)
        first = f"{table}.month::timestamp AT TIME ZONE %s"
        starts = RawSQL(f"({first})", [settings.TIME_ZONE])
        ends = RawSQL(f"(({first}) + interval '1 month')", [settings.TIME_ZONE])
        newest = (
            Article.objects.published()
            .filter(publish_at__gte=OuterRef("starts"), publish_at__lt=OuterRef("ends"))
            .order_by("-publish_at")
            .values("publish_at")[:1]
        )
        newest_by_month = dict(
            MonthCount.objects.filter(month__in=months)
            .annotate(starts=starts, ends=ends)
            .annotate(newest=Subquery(newest))
            .values_list("month", "newest")
        )
        changed_by_month = {}
        for publish_at, changed in recent_changes().values_list("publish_at", "content_changed_at")[
            :RECENT_CHANGES
        ]:
            month = timezone.localtime(publish_at).date().replace(day=1)
            changed_by_month[month] = latest(changed_by_month.get(month), changed)
        return [
            (
                reverse(
                    "articles:month_archive", kwargs={"year": month.year, "month": month.month}
                ),
                latest(newest_by_month.get(month), changed_by_month.get(month)),
            )
            for month in months
        ]


class TagSitemap(CountedSitemap):
    """Tags with public articles, by id, each with its newest public article or change."""

    @cached_property
    def tags(self):
        return sorted(archive_counts.tags_with_counts(), key=lambda tag: tag.pk)

    def item_count(self):
        return len(self.tags)

    def read(self, start, stop):
        tags = self.tags[start:stop]
        ids = [tag.pk for tag in tags]
        # The newest public article of each tag: the tag's taggings newest first
        # (taggedarticle_tag_date_idx, whose publish_at the trigger copies from the
        # article), stopping at the first public one.
        taggings = TaggedArticle.objects.filter(
            tag=OuterRef("pk"),
            publish_at__lte=timezone.now(),
            content_object__in=Article.objects.published(),
        )
        newest = taggings.order_by("-publish_at").values("publish_at")[:1]
        newest_by_tag = dict(
            Tag.objects.filter(pk__in=ids)
            .annotate(newest=Subquery(newest))
            .values_list("pk", "newest")
        )
        changed_by_tag = dict(
            TaggedArticle.objects.filter(
                tag__in=ids,
                content_object__in=recent_changes().values("pk")[:RECENT_CHANGES],
            )
            .values("tag")
            .annotate(changed=Max("content_object__content_changed_at"))
            .values_list("tag", "changed")
        )
        path = Paths("articles:tag_detail")
        return [
            (path(tag.slug), latest(newest_by_tag.get(tag.pk), changed_by_tag.get(tag.pk)))
            for tag in tags
        ]


SITEMAPS = {
    "artikel": ArticleSitemap,
    "bulan": MonthArchiveSitemap,
    "topik": TagSitemap,
}
