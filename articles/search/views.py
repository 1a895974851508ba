"""The search page ``/cari/?q=...``: results from public articles only, with filters.

When all the words together find nothing, the articles with any of them are shown
instead, under a line that says so (``articles.search.query.ParsedQuery.any_tsquery``).
"""

from urllib.parse import urlencode

from django import forms
from django.core.paginator import InvalidPage, Paginator
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from articles import archive_counts
from articles.models import Article
from articles.search import query as search

RESULTS_PER_PAGE = 10
MONTH_CHOICES = [
    (1, _("Januari")),
    (2, _("Februari")),
    (3, _("Maret")),
    (4, _("April")),
    (5, _("Mei")),
    (6, _("Juni")),
    (7, _("Juli")),
    (8, _("Agustus")),
    (9, _("September")),
    (10, _("Oktober")),
    (11, _("November")),
    (12, _("Desember")),
]


class QueryField(forms.CharField):
    """Free text: anything typed gives a page, so no validator may turn it into a 404."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators = []


class SearchForm(forms.Form):
    """What the search page accepts. Anything else in a filter is a 404, like a bad URL."""

    q = QueryField(label=_("Kata yang dicari"), required=False, strip=True)
    tahun = forms.IntegerField(label=_("Tahun"), required=False, min_value=1900, max_value=2999)
    bulan = forms.TypedChoiceField(
        label=_("Bulan"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Semua bulan")), *MONTH_CHOICES],
    )
    topik = forms.SlugField(label=_("Topik"), required=False, allow_unicode=True)
    page = forms.IntegerField(required=False, min_value=1, max_value=100_000)


class SearchView(TemplateView):
    template_name = "articles/search.html"

    def get(self, request, *args, **kwargs):
        form = SearchForm(request.GET)
        if not form.is_valid():
            raise Http404(_("Filter pencarian tidak dikenal."))
        self.form = form
        return super().get(request, *args, **kwargs)

    def filtered_articles(self, data):
        articles = Article.objects.published()
        if data["tahun"]:
            articles = articles.filter(publish_at__year=data["tahun"])
        if data["bulan"]:
            # In WITA (the current time zone), like the month archives.
            articles = articles.filter(publish_at__month=data["bulan"])
        if data["topik"]:
            articles = articles.filter(tagged_items__tag__slug=data["topik"])
        return articles

    def page_path(self, number):
        params = {key: value for key, value in self.request.GET.items() if key != "page" and value}
        if number > 1:
            params["page"] = number
        return f"{self.request.path}?{urlencode(params)}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        data = self.form.cleaned_data
        query = search.clean_query(data["q"])
        context.update(
            form=self.form,
            query=query,
            filters=data,
            year_choices=self.year_choices(),
            month_choices=MONTH_CHOICES,
            topic_choices=self.topic_choices(),
            searched=bool(query),
            canonical_path=self.page_path(data["page"] or 1),
        )
        if not query:
            if data["page"]:
                raise Http404
            return context
        parsed = search.parse_query(query)
        articles = self.filtered_articles(data)
        results = search.search_articles(parsed.tsquery, articles) if parsed.tsquery else None
        highlight = parsed.tsquery
        # All the words together find nothing: the articles with any of them, most first.
        found_all = results is not None and results.count() > 0
        partial = False
        if results is not None and not found_all and parsed.any_tsquery:
            fallback = search.search_articles(parsed.any_tsquery, articles, parsed.parts)
            if fallback.count():
                results, highlight, partial = fallback, parsed.any_tsquery, True
        paginator = Paginator(
            results if results is not None else Article.objects.none(), RESULTS_PER_PAGE
        )
        try:
            page = paginator.page(data["page"] or 1)
        except InvalidPage as error:
            if data["page"]:
                raise Http404 from error
            page = None
        page_articles = list(page.object_list) if page else []
        # One query for the tags of the whole page.
        prefetch_related_objects(page_articles, "tags")
        marked = search.snippets([article.pk for article in page_articles], highlight)
        for article in page_articles:
            article.snippet = marked.get(article.pk, "")
        context.update(
            articles=page_articles,
            page_obj=page,
            paginator=paginator,
            result_count=paginator.count if results is not None else 0,
            count_capped=getattr(results, "capped", False),
            partial=partial,
            dropped=parsed.dropped,
            max_terms=search.MAX_TERMS,
            max_alternatives=search.MAX_ALTERNATIVES,
        )
        if page and page.has_previous():
            context["previous_page_path"] = self.page_path(page.previous_page_number())
        if page and page.has_next():
            context["next_page_path"] = self.page_path(page.next_page_number())
        if not found_all:
            suggestion = search.suggest(parsed.text or query, articles)
            if suggestion:
                params = {"q": suggestion.text}
                params.update(
                    {
                        k: v
                        for k, v in self.request.GET.items()
                        if k in ("tahun", "bulan", "topik") and v
                    }
                )
                context["suggestion"] = suggestion
                context["suggestion_path"] = f"{self.request.path}?{urlencode(params)}"
        return context

    def year_choices(self):
        """Years that have public articles, newest first (one query on the month counts)."""
        return list(dict.fromkeys(row["month"].year for row in archive_counts.month_counts()))

    def topic_choices(self):
        return [{"slug": tag.slug, "name": tag.name} for tag in archive_counts.tags_with_counts()]
