from datetime import datetime

from django import forms
from django.contrib import admin
from django.db.models import Count
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag as TaggitTag

from articles.models import Article, Section, Tag

# Our own Tag model replaces taggit's; its empty admin would only confuse staff.
admin.site.unregister(TaggitTag)


class SectionForm(forms.ModelForm):
    # Blank means "after the others", so a new section never jumps to the top.
    position = forms.IntegerField(
        label=_("Urutan"),
        required=False,
        min_value=0,
        help_text=_(
            "Bagian diurutkan dari angka kecil ke besar. Kosongkan untuk menaruh di akhir."
        ),
    )

    class Meta:
        model = Section
        fields = ["position", "heading", "body"]


class SectionInline(admin.StackedInline):
    model = Section
    form = SectionForm
    extra = 0
    min_num = 1
    ordering = ["position", "pk"]


class MonthFilter(admin.SimpleListFilter):
    title = _("bulan terbit")
    parameter_name = "bulan"

    def lookups(self, request, model_admin):
        return [
            (row["month"].strftime("%Y-%m"), date_format(row["month"], "F Y"))
            for row in Article.objects.month_counts()
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


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    inlines = [SectionInline]
    list_display = ["title", "status_label", "publish_at", "publish_date_inferred", "tag_list"]
    list_filter = ["status", MonthFilter, "publish_date_inferred", "tags"]
    date_hierarchy = "publish_at"
    search_fields = ["title", "sections__heading", "sections__body"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["author"]
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "tags"]}),
        (
            _("Penerbitan"),
            {"fields": ["status", "publish_at", "publish_date_inferred", "author"]},
        ),
        (_("Riwayat"), {"fields": ["legacy_id", "created_at", "updated_at"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("tags")

    @admin.display(description=_("status"), ordering="status")
    def status_label(self, article):
        if article.status == Article.Status.DRAFT:
            return _("Draf")
        if article.publish_at > timezone.now():
            when = date_format(timezone.localtime(article.publish_at), "j M Y H:i")
            return _("Terjadwal (%(when)s)") % {"when": when}
        return _("Terbit")

    @admin.display(description=_("tag"))
    def tag_list(self, article):
        return ", ".join(tag.name for tag in article.tags.all())

    def save_model(self, request, obj, form, change):
        if obj.author is None:
            obj.author = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Section:
            return super().save_formset(request, form, formset, change)
        formset.save(commit=False)
        for section in formset.deleted_objects:
            section.delete()
        kept = [
            f.instance
            for f in formset.forms
            if f.has_changed() or f.instance.pk
            if f.instance not in formset.deleted_objects
        ]
        # Renumber 1..n in the order staff asked for; blank positions go last.
        kept.sort(key=lambda s: (s.position is None, s.position or 0))
        for number, section in enumerate(kept, start=1):
            section.position = number
            section.article = form.instance
            section.save()
        formset.save_m2m()


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "article_count"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("tagged_articles"))

    @admin.display(description=_("jumlah artikel"), ordering="article_count")
    def article_count(self, tag):
        return tag.article_count
