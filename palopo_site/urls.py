from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from articles.generation import conditional_page
from articles.sitemaps import SITEMAPS, URLSET

admin.site.site_header = _("Redaksi Arsip DPRD Kota Palopo")
admin.site.site_title = _("Redaksi DPRD Kota Palopo")
admin.site.index_title = _("Kelola arsip")

urlpatterns = [
    path("admin/", admin.site.urls),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain; charset=utf-8"),
        name="robots_txt",
    ),
    path(
        "sitemap.xml",
        conditional_page(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap_index",
    ),
    path(
        "sitemap-<section>.xml",
        conditional_page(sitemap_views.sitemap),
        # URLSET writes the XML itself (articles/sitemaps.py): Django's template is
        # most of the time of a file.
        {"sitemaps": SITEMAPS, "template_name": URLSET},
        name="sitemap_section",
    ),
    path("", include("articles.urls")),
]
