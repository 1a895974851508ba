"""The audit trail, for superusers: admin log entries and revisions, read-only."""

from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _
from reversion.models import Revision

from articles.models import Article


class SuperuserReadOnlyAdmin(admin.ModelAdmin):
    """An audit record is evidence: superusers read and filter it; nobody edits it."""

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LogEntry)
class LogEntryAdmin(SuperuserReadOnlyAdmin):
    list_display = [
        "action_time",
        "user",
        "action_flag",
        "content_type",
        "object_repr",
        "change_message_text",
    ]
    list_filter = ["user", "action_flag", "content_type"]
    date_hierarchy = "action_time"
    search_fields = ["object_repr", "change_message"]
    list_select_related = ["user", "content_type"]

    @admin.display(description=_("pesan"))
    def change_message_text(self, entry):
        return entry.get_change_message()


@admin.register(Revision)
class RevisionAdmin(SuperuserReadOnlyAdmin):
    list_display = ["date_created", "user", "comment", "object_list"]
    list_filter = ["user"]
    date_hierarchy = "date_created"
    search_fields = ["comment"]
    list_select_related = ["user"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("version_set")

    @admin.display(description=_("artikel"))
    def object_list(self, revision):
        article_type = ContentType.objects.get_for_model(Article).pk  # cached by Django
        return ", ".join(
            version.object_repr
            for version in revision.version_set.all()
            if version.content_type_id == article_type
        )
