"""Public pages. Every queryset here starts from ``Article.objects.published()``."""

import datetime
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models.expressions import RawSQL
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView
from django.views.generic.dates import DayArchiveView, MonthArchiveView, YearArchiveView

from articles import archive_counts, redirects
from articles.models import Article, Tag, with_anchors

PAGE_SIZE = 20


def public_articles():
    return Article.objects.published()


def month_end(month):
    """The first moment after a WITA month (a date, the 1st), as an aware datetime."""
    following = (month + datetime.timedelta(days=32)).replace(day=1)
    return timezone.make_aware(
        datetime.datetime.combine(following, datetime.time.min), timezone.get_default_timezone()
    )


class MonthPaginator(Paginator):
    """Django's paginator, reading page N from the month it falls in.

    With ``months`` (the list's month counts, newest first, from articles/archive_counts.py)
    the page's items are read only from that month back, with an OFFSET smaller than
    one month's articles, instead of an OFFSET over every newer article of the list
    (284 ms for the home list's last page at 100,000 articles, growing with the
    archive). The list must be newest first (``-publish_at, -pk``) and the counts
    those of the same list; the articles and their order are exactly the plain
    OFFSET's (tests/test_deep_pages.py compares every page).
    """

    months = None

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self._get_page(self.read(bottom, top), number, self)

    def read(self, bottom, top):
        if not self.months or bottom == 0:
            return self.object_list[bottom:top]
        newer = 0  # items of the months newer than the one ``bottom`` falls in
        for row in self.months:
            if newer + row["count"] > bottom:
                break
            newer += row["count"]
        else:
            return self.object_list[bottom:top]  # past the counts: as Django would
        if newer == 0:
            return self.object_list[bottom:top]
        return self.object_list.filter(publish_at__lt=month_end(row["month"]))[
            bottom - newer : top - newer
        ]


# One tag's page of public articles, newest first, read from the tagging index
# (tag, publish_at, the article; publish_at kept equal to the article's by the trigger
# of migration 0005_scale_indexes) instead of joining every article of the archive.
# Unpublished and trashed articles are the few: they are taken out through their own
# small partial index (article_not_public_idx), and publish_at <= now leaves out the
# scheduled ones, so the page is exactly Article.objects.published()'s.
TAG_PAGE_SQL = """
    SELECT t.content_object_id FROM articles_taggedarticle AS t
    WHERE t.tag_id = %s AND t.publish_at <= %s
      AND NOT EXISTS (
          SELECT 1 FROM articles_article AS a
          WHERE a.id = t.content_object_id
            AND (NOT (a.status = 'published') OR a.deleted_at IS NOT NULL))
    ORDER BY t.publish_at DESC, t.content_object_id DESC
    OFFSET %s LIMIT %s
"""


class TagPaginator(MonthPaginator):
    """Page N of a tag from the tagging index: a tag's last page cost 49-68 ms of
    database time at 100,000 articles (an OFFSET over a join with the whole archive);
    this reads 6,000 index entries and a thousand unpublished ids, 2-6 ms."""

    tag = None

    def read(self, bottom, top):
        if self.tag is None or bottom == 0:
            return super().read(bottom, top)
        page_ids = RawSQL(TAG_PAGE_SQL, [self.tag.pk, timezone.now(), bottom, top - bottom])
        return self.object_list.filter(pk__in=page_ids)


class PaginatedListMixin:
    """Pages as WordPress addressed them (``.../page/2/``), ``?page=2`` accepted too.

    ``page/1/`` answers 301 to the list's own address so page one has one URL. Page
    numbers out of range or not numbers are 404 (Django's paginator decides).
    """

    paginate_by = PAGE_SIZE
    paginator_class = MonthPaginator
    allow_empty = False

    def get(self, request, *args, **kwargs):
        if self.kwargs.get("page") == 1:
            return redirect(self.page_path(1), permanent=True)
        return super().get(request, *args, **kwargs)

    @cached_property
    def month_counts(self):
        """Every month with its count, read once per request: the month navigator
        beside every list shows it, and the home, year and month lists count from it."""
        return archive_counts.month_counts()

    def public_count(self):
        """How many articles the whole list has, from articles/archive_counts.py.

        None lets the paginator count them with COUNT(*), which reads every matching
        article: fine for a day, 40-80 ms for a tag or a year of a big archive.
        """
        return None

    def page_months(self):
        """The list's month counts, newest first, when it is newest first across months
        (home, year): page N is then read from its own month (``MonthPaginator``).
        None: a plain OFFSET (a month or a day is one month; a tag's counts are not
        per month)."""
        return None

    def get_paginator(self, queryset, per_page, **kwargs):
        paginator = super().get_paginator(queryset, per_page, **kwargs)
        count = self.public_count()
        if count is not None:
            paginator.count = count  # replaces the cached_property that would count
        paginator.months = self.page_months()
        return paginator

    def paginate_queryset(self, queryset, page_size):
        # Only the page's own articles need summaries and tags; counts, neighbours
        # and date lists run on the plain queryset.
        return super().paginate_queryset(queryset.for_listing(), page_size)

    def list_kwargs(self):
        return {key: value for key, value in self.kwargs.items() if key != "page"}

    def page_path(self, number):
        kwargs = self.list_kwargs()
        if number == 1:
            return reverse(f"articles:{self.url_name}", kwargs=kwargs)
        return reverse(f"articles:{self.url_name}_page", kwargs={**kwargs, "page": number})

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["month_counts"] = self.month_counts
        page = context["page_obj"]
        context["canonical_path"] = self.page_path(page.number if page else 1)
        if page is not None:
            context["previous_page_path"] = (
                self.page_path(page.previous_page_number()) if page.has_previous() else None
            )
            context["next_page_path"] = (
                self.page_path(page.next_page_number()) if page.has_next() else None
            )
        return context


class DateArchiveMixin(PaginatedListMixin):
    date_field = "publish_at"
    month_format = "%m"
    context_object_name = "articles"

    def get_queryset(self):
        return public_articles()

    # The neighbouring months and years with articles, from the month counts the
    # page has anyway, instead of one query each in Django's date views.
    def get_next_month(self, date):
        return self.neighbour(date.replace(day=1), later=True, months=True)

    def get_previous_month(self, date):
        return self.neighbour(date.replace(day=1), later=False, months=True)

    def get_next_year(self, date):
        return self.neighbour(date.replace(month=1, day=1), later=True, months=False)

    def get_previous_year(self, date):
        return self.neighbour(date.replace(month=1, day=1), later=False, months=False)

    def neighbour(self, start, *, later, months):
        """The first month (or year) after ``start``, or the last before it, with public
        articles; as a date, the first day of it, like Django's date views."""
        starts = {
            row["month"] if months else row["month"].replace(month=1) for row in self.month_counts
        }
        found = [other for other in starts if (other > start if later else other < start)]
        if not found:
            return None
        return min(found) if later else max(found)


class HomeView(PaginatedListMixin, ListView):
    """The newest articles, months with counts and tags; also WordPress's ``/?p=ID``."""

    template_name = "articles/home.html"
    context_object_name = "articles"
    url_name = "home"
    allow_empty = True

    def get(self, request, *args, **kwargs):
        if "p" in request.GET:
            return legacy_post_redirect(request.GET["p"])
        if "s" in request.GET:
            # WordPress's search address: the same words on our search page.
            query = urlencode({"q": request.GET["s"]})
            return redirect(f"{reverse('articles:search')}?{query}", permanent=True)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return public_articles()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["tags"] = list(archive_counts.tags_with_counts())
        return context

    def public_count(self):
        return sum(row["count"] for row in self.month_counts)

    def page_months(self):
        return self.month_counts


def legacy_post_redirect(post_id):
    """WordPress's ``/?p=533`` answers 301 to the article that was post 533."""
    if not post_id.isdigit() or len(post_id) > 10:
        raise Http404(_("Nomor pos tidak dikenal."))
    article = get_object_or_404(public_articles(), legacy_id=int(post_id))
    return redirect(article, permanent=True)


def year_crumb(date):
    return (reverse("articles:year_archive", kwargs={"year": date.year}), str(date.year))


def month_crumb(date):
    return (
        reverse("articles:month_archive", kwargs={"year": date.year, "month": date.month}),
        date_format(date, "F"),
    )


class YearArchive(DateArchiveMixin, YearArchiveView):
    template_name = "articles/article_archive_year.html"
    url_name = "year_archive"
    make_object_list = True

    def year_months(self):
        year = int(self.get_year())
        return [row for row in self.month_counts if row["month"].year == year]

    def get_date_list(self, queryset, date_type=None, ordering="ASC"):
        # The months of the year with their counts, instead of bare dates.
        months = self.year_months()
        if not months:
            raise Http404(_("Tidak ada artikel pada tahun ini."))
        return months

    def public_count(self):
        return sum(row["count"] for row in self.year_months())

    def page_months(self):
        return self.year_months()


class MonthArchive(DateArchiveMixin, MonthArchiveView):
    template_name = "articles/article_archive_month.html"
    url_name = "month_archive"

    def get_date_list(self, queryset, date_type=None, ordering="ASC"):
        return []  # the days of the month: the page does not show them

    def public_count(self):
        year, month = int(self.get_year()), int(self.get_month())
        for row in self.month_counts:
            if (row["month"].year, row["month"].month) == (year, month):
                return row["count"]
        return 0

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["crumbs"] = [year_crumb(context["month"])]
        return context


class DayArchive(DateArchiveMixin, DayArchiveView):
    template_name = "articles/article_archive_day.html"
    url_name = "day_archive"
    day_format = "%d"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["crumbs"] = [year_crumb(context["day"]), month_crumb(context["day"])]
        return context


class ArticleDetail(DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        return public_articles().with_lead()

    def get(self, request, *args, **kwargs):
        try:
            self.object = self.get_object()
        except Http404:
            # An old slug or a near miss (in the address's month): 301 when certain,
            # else a 404 with a suggestion.
            return redirects.article_not_found(
                request, kwargs["slug"], kwargs["year"], kwargs["month"]
            )
        # An article asked for under another year or month moves to its one address.
        canonical = self.object.get_absolute_url()
        if request.path != canonical:
            return redirect(canonical, permanent=True)
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.object
        neighbours = public_articles().only("title", "slug", "publish_at")
        at = article.publish_at
        context.update(
            sections=with_anchors(list(article.sections.all())),
            tags=article.sorted_tags(),
            # "Before (at, pk)" written as a range on publish_at minus the few
            # articles of the same moment: an OR of the two conditions would make
            # PostgreSQL walk the index from the far end of the archive (18 ms at
            # 100,000 articles instead of 0.1 ms).
            previous_article=neighbours.filter(publish_at__lte=at)
            .exclude(publish_at=at, pk__gte=article.pk)
            .order_by("-publish_at", "-pk")
            .first(),
            next_article=neighbours.filter(publish_at__gte=at)
            .exclude(publish_at=at, pk__lte=article.pk)
            .order_by("publish_at", "pk")
            .first(),
            canonical_path=article.get_absolute_url(),
            local_publish_at=timezone.localtime(article.publish_at),
            # Both parts of includes/change_log.html show them: read once, and only
            # for an article really changed after publication.
            corrections=list(article.corrections.all()) if article.is_updated else [],
        )
        return context


class TagList(ListView):
    template_name = "articles/tag_list.html"
    context_object_name = "tags"

    def get_queryset(self):
        return list(archive_counts.tags_with_counts())

    def get_context_data(self, **kwargs):
        return super().get_context_data(canonical_path=reverse("articles:tag_list"), **kwargs)


class TagDetail(PaginatedListMixin, ListView):
    template_name = "articles/tag_detail.html"
    context_object_name = "articles"
    url_name = "tag_detail"
    paginator_class = TagPaginator

    def get(self, request, *args, **kwargs):
        self.tag = Tag.objects.filter(slug=kwargs["slug"]).first()
        if self.tag is None:
            return redirects.moved_tag_redirect(kwargs["slug"], kwargs.get("page"))
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return public_articles().filter(tagged_items__tag=self.tag)

    def public_count(self):
        return archive_counts.tag_count(self.tag)

    def get_paginator(self, queryset, per_page, **kwargs):
        paginator = super().get_paginator(queryset, per_page, **kwargs)
        paginator.tag = self.tag
        return paginator

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)
