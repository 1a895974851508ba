"""The tag admin: renaming (the old address keeps answering) and merging tags."""

from django.contrib import admin, messages
from django.db.models import Count
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from articles import editorial
from articles.admin.forms import TagForm
from articles.models import Tag


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    form = TagForm
    list_display = ["name", "slug", "article_count"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    actions = ["merge_selected"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("tagged_articles"))

    @admin.display(description=_("jumlah artikel"), ordering="article_count")
    def article_count(self, tag):
        return tag.article_count

    def save_model(self, request, obj, form, change):
        if change and ("name" in form.changed_data or "slug" in form.changed_data):
            editorial.rename_tag(obj, name=obj.name, slug=obj.slug, user=request.user)
            request.tag_renamed = True
        else:
            super().save_model(request, obj, form, change)

    def log_change(self, request, obj, message):
        if not getattr(request, "tag_renamed", False):  # else logged with the rename
            super().log_change(request, obj, message)

    @admin.action(description=_("Gabungkan tag terpilih"), permissions=["change"])
    def merge_selected(self, request, queryset):
        tags = list(queryset.order_by("-article_count", "name"))
        if len(tags) < 2:
            self.message_user(
                request, _t("Pilih sedikitnya dua tag untuk digabung."), messages.ERROR
            )
            return None
        target_id = request.POST.get("target")
        target = next((tag for tag in tags if str(tag.pk) == target_id), None)
        if "confirm" in request.POST and target is not None:
            sources = [tag for tag in tags if tag.pk != target.pk]
            outcome = editorial.merge_tags(sources, target, user=request.user)
            self.message_user(request, outcome.message, messages.SUCCESS)
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _t("Gabungkan tag"),
            "tags": tags,
            "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "target_error": "confirm" in request.POST,
        }
        return TemplateResponse(request, "admin/articles/tag/merge.html", context)
