"""The article list's filters, in the words staff use."""

from datetime import datetime

from django.contrib import admin
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from articles.models import Article


class StatusFilter(admin.SimpleListFilter):
    """Draf / Terjadwal / Terbit, the way staff think of an article (and of the list)."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("draf", _("Draf")), ("terjadwal", _("Terjadwal")), ("terbit", _("Terbit"))]

    def queryset(self, request, queryset):
        now = timezone.now()
        published = queryset.filter(status=Article.Status.PUBLISHED)
        return {
            "draf": lambda: queryset.filter(status=Article.Status.DRAFT),
            "terjadwal": lambda: published.filter(publish_at__gt=now),
            "terbit": lambda: published.filter(publish_at__lte=now),
        }.get(self.value(), lambda: queryset)()


class TrashFilter(admin.SimpleListFilter):
    """Deleted articles wait in the trash, out of the normal list, until restored."""

    title = _("tempat sampah")
    parameter_name = "sampah"

    def lookups(self, request, model_admin):
        return [("ya", _("Di tempat sampah"))]

    def queryset(self, request, queryset):
        if self.value() == "ya":
            return queryset.filter(deleted_at__isnull=False)
        return queryset.filter(deleted_at__isnull=True)

    def choices(self, changelist):
        for choice in super().choices(changelist):
            if choice["display"] == _t("All"):
                choice["display"] = _("Artikel aktif")
            yield choice


class MonthFilter(admin.SimpleListFilter):
    title = _("bulan terbit")
    parameter_name = "bulan"

    def lookups(self, request, model_admin):
        return [
            (month.strftime("%Y-%m"), date_format(month, "F Y"))
            for month in Article.objects.datetimes("publish_at", "month", order="DESC")
        ]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        try:
            year, month = (int(part) for part in self.value().split("-"))
            start = timezone.make_aware(datetime(year, month, 1))
            end = timezone.make_aware(datetime(year + month // 12, month % 12 + 1, 1))
        except (ValueError, OverflowError):
            return queryset.none()
        return queryset.filter(publish_at__gte=start, publish_at__lt=end)
