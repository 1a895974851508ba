"""Public URLs, in the forms the council's WordPress site used, most specific first."""

from django.urls import path, register_converter

from articles import converters, views

register_converter(converters.YearConverter, "year")
register_converter(converters.MonthConverter, "month")
register_converter(converters.DayConverter, "day")
register_converter(converters.PageConverter, "page")

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("page/<page:page>/", views.HomeView.as_view(), name="home_page"),
    path("tag/", views.TagList.as_view(), name="tag_list"),
    path("tag/<slug:slug>/", views.TagDetail.as_view(), name="tag_detail"),
    path("tag/<slug:slug>/page/<page:page>/", views.TagDetail.as_view(), name="tag_detail_page"),
    path("<year:year>/", views.YearArchive.as_view(), name="year_archive"),
    path("<year:year>/page/<page:page>/", views.YearArchive.as_view(), name="year_archive_page"),
    path("<year:year>/<month:month>/", views.MonthArchive.as_view(), name="month_archive"),
    path(
        "<year:year>/<month:month>/page/<page:page>/",
        views.MonthArchive.as_view(),
        name="month_archive_page",
    ),
    path("<year:year>/<month:month>/<day:day>/", views.DayArchive.as_view(), name="day_archive"),
    path(
        "<year:year>/<month:month>/<day:day>/page/<page:page>/",
        views.DayArchive.as_view(),
        name="day_archive_page",
    ),
    path(
        "<year:year>/<month:month>/<slug:slug>/",
        views.ArticleDetail.as_view(),
        name="article_detail",
    ),
]
