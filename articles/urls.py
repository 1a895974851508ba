"""Public URLs, in the forms the council's WordPress site used, most specific first."""

from django.urls import path, register_converter

from articles import converters, feeds, redirects, views
from articles.generation import conditional_page
from articles.preview import ArticlePreview
from articles.search.views import SearchView
from palopo_site import health

register_converter(converters.YearConverter, "year")
register_converter(converters.MonthConverter, "month")
register_converter(converters.DayConverter, "day")
register_converter(converters.PageConverter, "page")

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("page/<page:page>/", views.HomeView.as_view(), name="home_page"),
    # Staff only (drafts and scheduled articles as they will look); never cached or indexed.
    path("pratinjau/<int:pk>/", ArticlePreview.as_view(), name="article_preview"),
    # Search results are for people, not crawlers (robots.txt disallows them).
    path("cari/", SearchView.as_view(), name="search"),
    # Feeds, archives, tags and articles answer 304 to a matching revalidation.
    path("feed/", conditional_page(feeds.LatestArticles()), name="feed"),
    path("feed/atom/", conditional_page(feeds.LatestArticlesAtom()), name="feed_atom"),
    path("tag/", conditional_page(views.TagList.as_view()), name="tag_list"),
    path("tag/<slug:slug>/", conditional_page(views.TagDetail.as_view()), name="tag_detail"),
    path("tag/<slug:slug>/feed/", conditional_page(feeds.TagArticles()), name="tag_feed"),
    path(
        "tag/<slug:slug>/page/<page:page>/",
        conditional_page(views.TagDetail.as_view()),
        name="tag_detail_page",
    ),
    # WordPress categories became tags: their old addresses answer 301 (articles/redirects.py).
    path("category/<slug:slug>/", redirects.category_redirect, name="category"),
    path("category/<slug:slug>/page/<page:page>/", redirects.category_redirect),
    path("category/<slug:slug>/feed/", redirects.category_redirect, {"feed": True}),
    path("category/<slug:parent>/<slug:slug>/", redirects.category_redirect),
    path("<year:year>/", conditional_page(views.YearArchive.as_view()), name="year_archive"),
    path(
        "<year:year>/page/<page:page>/",
        conditional_page(views.YearArchive.as_view()),
        name="year_archive_page",
    ),
    path(
        "<year:year>/<month:month>/",
        conditional_page(views.MonthArchive.as_view()),
        name="month_archive",
    ),
    path(
        "<year:year>/<month:month>/page/<page:page>/",
        conditional_page(views.MonthArchive.as_view()),
        name="month_archive_page",
    ),
    path(
        "<year:year>/<month:month>/<day:day>/",
        conditional_page(views.DayArchive.as_view()),
        name="day_archive",
    ),
    path(
        "<year:year>/<month:month>/<day:day>/page/<page:page>/",
        conditional_page(views.DayArchive.as_view()),
        name="day_archive_page",
    ),
    path(
        "<year:year>/<month:month>/<slug:slug>/",
        conditional_page(views.ArticleDetail.as_view()),
        name="article_detail",
    ),
]
