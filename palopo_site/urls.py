from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Redaksi Arsip DPRD Kota Palopo")
admin.site.site_title = _("Redaksi DPRD Kota Palopo")
admin.site.index_title = _("Kelola arsip")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("articles.urls")),
]
