"""The article admin: the list, the form and the actions, each calling the editorial rules."""

import logging
from urllib.parse import urlencode

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, InterfaceError, OperationalError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from articles import editing_notice, editorial, revisions, workflow
from articles.admin.article_views import ArticleViews
from articles.admin.filters import MonthFilter, StatusFilter, TrashFilter
from articles.admin.forms import ArticleForm, SectionForm, SectionFormSet
from articles.models import Article, Section
from palopo_site import resume_save

logger = logging.getLogger(__name__)


class SectionInline(admin.StackedInline):
    model = Section
    form = SectionForm
    formset = SectionFormSet
    ordering = ["position", "pk"]

    def get_extra(self, request, obj=None, **kwargs):
        # One empty section to write in when there is none, but not required: an
        # imported article without text, or a draft with only its title, still saves.
        return 0 if obj is not None and obj.sections.exists() else 1

    # Sections follow the article: whoever may change the article may change them.
    def has_add_permission(self, request, obj=None):
        return workflow.can_edit(request.user, obj)

    def has_change_permission(self, request, obj=None):
        return workflow.can_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return workflow.can_edit(request.user, obj)

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("articles.view_article")


@admin.register(Article)
class ArticleAdmin(ArticleViews, admin.ModelAdmin):
    form = ArticleForm
    inlines = [SectionInline]
    list_display = ["title", "status_label", "publish_at", "publish_date_inferred", "tag_list"]
    list_filter = [StatusFilter, TrashFilter, MonthFilter, "publish_date_inferred", "tags"]
    date_hierarchy = "publish_at"
    search_fields = ["title", "sections__heading", "sections__body"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["author"]
    readonly_fields = ["created_at", "updated_at", "version"]
    # The form's own "status" and "publish_at" (the Penerbitan choice) are not the
    # model's: listed in the fieldsets, they would be bound to it and written as typed.
    exclude = ["status", "publish_at"]
    actions = [
        "publish_selected",
        "unpublish_selected",
        "trash_selected",
        "untrash_selected",
        "purge_selected",
    ]
    change_form_template = "admin/articles/article/change_form.html"
    delete_confirmation_template = "admin/articles/article/delete_confirmation.html"

    def get_fieldsets(self, request, obj=None):
        publishing = ["status", "publish_at", "publish_date_inferred", "author"]
        if not workflow.can_publish(request.user):
            # Writers only save drafts: a time or a date mark would mean nothing to them.
            publishing = ["status", "author"]
        fieldsets = [
            (None, {"fields": ["title", "slug", "summary", "tags", "loaded_version"]}),
            (_("Penerbitan"), {"fields": publishing}),
        ]
        editable = obj is not None and self.has_change_permission(request, obj)
        if editable and obj.is_public:
            fieldsets.append(
                (
                    _("Koreksi (artikel ini sudah terbit)"),
                    {
                        "fields": ["change_kind", "correction_reason"],
                        "description": _(
                            "Pembaca melihat “Diperbarui” dan “Riwayat perubahan” untuk "
                            "koreksi. Perubahan kecil tidak diumumkan."
                        ),
                    },
                )
            )
        fieldsets.append(
            (_("Riwayat"), {"fields": ["legacy_id", "version", "created_at", "updated_at"]})
        )
        return fieldsets

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return type(
            form.__name__,
            (form,),
            {"request": request, "can_publish": workflow.can_publish(request.user)},
        )

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not workflow.can_publish(request.user):
            # The editorial rules keep the writer's own name; the WordPress id is the
            # old site's, for editors to correct.
            fields += ["author", "legacy_id"]
        return fields

    def _create_formsets(self, request, obj, change):
        # The form's checks need to know whether sections changed too.
        formsets, inlines = super()._create_formsets(request, obj, change)
        request.article_formsets = formsets
        return formsets, inlines

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("tags")

    def view_on_site(self, article):
        # "Lihat di situs" only where the public can see it; drafts have Pratinjau.
        return article.get_absolute_url() if article.is_public else None

    # --- Permissions: what each role sees is what the server accepts -----------------

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and workflow.can_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and workflow.can_publish(request.user)

    def has_publish_permission(self, request):
        return workflow.can_publish(request.user)

    def has_purge_permission(self, request):
        return workflow.can_purge(request.user)

    def get_actions(self, request):
        actions = super().get_actions(request)
        # Deleting is moving to the trash (trash_selected); purging is separate.
        actions.pop("delete_selected", None)
        return actions

    # --- The list -------------------------------------------------------------------

    @admin.display(description=_("status"), ordering="status")
    def status_label(self, article):
        if article.deleted_at:
            return _t("Di tempat sampah")
        return workflow.status_label(article, timezone.now())

    @admin.display(description=_("tag"))
    def tag_list(self, article):
        return ", ".join(tag.name for tag in article.tags.all())

    # --- The form: opened, saved through the editorial rules, never losing text ------

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = extra_context or {}
        article = self.get_object(request, unquote(object_id)) if object_id else None
        if article is not None:
            # Before anything changes, make sure the history holds the current text.
            revisions.record_baseline(article)
            # Also when a refused save shows the form again: they are still editing.
            editing = self.has_change_permission(request, article)
            extra_context["other_editors"] = editing_notice.note_editing(
                article.pk, request.user, editing=editing
            )
            if editing:
                extra_context["heartbeat_url"] = reverse(
                    "admin:articles_article_editing", args=[article.pk]
                )
            if article.deleted_at is not None:
                extra_context["trashed_at"] = article.deleted_at
                extra_context["untrash_url"] = reverse("admin:articles_article_untrash")
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except (OperationalError, InterfaceError):
            raise  # the database is away: the outage page, not a form
        except (ValidationError, DatabaseError) as error:
            # The save was refused after the form was checked (a race, or the database
            # said no) and rolled back. Show the form again with everything typed:
            # the form's clean() reports this error, so nothing is saved this time.
            request.article_save_error = save_error_message(error)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        context["conflict"] = getattr(form, "conflict", None)
        context["resume_token"] = resume_save.token_for(request.user)
        if obj is not None:
            context["preview_url"] = reverse("articles:article_preview", kwargs={"pk": obj.pk})
            context["revisions_url"] = reverse("admin:articles_article_revisions", args=[obj.pk])
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        """Nothing yet: ``save_related`` saves the article with its sections and tags
        through ``editorial.save_article``, as one change."""

    def save_formset(self, request, form, formset, change):
        """Sections are written by ``editorial.save_article`` (see ``save_related``)."""

    def save_related(self, request, form, formsets, change):
        sections = form.section_formset()
        data = form.cleaned_data
        outcome = editorial.save_article(
            form.instance,
            user=request.user,
            sections=sections.sections() if sections is not None else None,
            tags=data.get("tags") if "tags" in form.fields else None,
            publication=data.get("status"),
            publish_at=data.get("publish_at"),
            change_kind=data.get("change_kind") or None,
            correction_reason=data.get("correction_reason", ""),
            text_changed=form.text_changed() if change else True,
        )
        request.article_outcome = outcome
        editing_notice.stop_editing(form.instance.pk, request.user)

    def construct_change_message(self, request, form, formsets, add=False):
        # The editorial module writes the log entry, with its own words.
        return ""

    def log_addition(self, request, obj, message):
        """Logged by the editorial module with the change itself."""

    def log_change(self, request, obj, message):
        """Logged by the editorial module with the change itself."""

    def log_deletions(self, request, queryset):
        """Logged by the editorial module with the change itself."""

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        outcome = getattr(request, "article_outcome", None)
        if outcome is not None and level == messages.SUCCESS:
            # Django's "was changed successfully" says nothing of what happened.
            message, request.article_outcome = outcome.message, None
        super().message_user(request, message, level, *args, **kwargs)

    # --- Delete = move to the trash --------------------------------------------------

    def get_deleted_objects(self, objs, request):
        # Nothing is really deleted, so nothing related needs a delete permission.
        return [str(obj) for obj in objs], {}, set(), []

    def delete_model(self, request, obj):
        outcome = editorial.trash([obj], request.user)
        # Replaces Django's "deleted successfully" (message_user above).
        outcome.message = with_undo(outcome)
        request.article_outcome = outcome

    # --- Actions ---------------------------------------------------------------------

    @admin.action(description=_("Terbitkan artikel terpilih"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        outcome = editorial.publish(list(queryset), request.user)
        level = messages.SUCCESS if sum(outcome.counts.values()) else messages.WARNING
        self.message_user(request, outcome.message, level)

    @admin.action(description=_("Tarik menjadi draf"), permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        outcome = editorial.unpublish(list(queryset), request.user)
        self.message_user(request, outcome.message, messages.SUCCESS)

    @admin.action(description=_("Pindahkan ke tempat sampah"), permissions=["delete"])
    def trash_selected(self, request, queryset):
        articles = list(queryset.filter(deleted_at__isnull=True))
        if "confirm" not in request.POST:
            return TemplateResponse(
                request,
                "admin/articles/article/trash_confirmation.html",
                {
                    **self.admin_site.each_context(request),
                    "opts": self.model._meta,
                    "title": _t("Pindahkan ke tempat sampah?"),
                    "articles": articles,
                    "skipped": queryset.count() - len(articles),
                    "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                },
            )
        outcome = editorial.trash(articles, request.user)
        self.message_user(request, with_undo(outcome), messages.SUCCESS)
        return None

    @admin.action(description=_("Pulihkan dari tempat sampah"), permissions=["delete"])
    def untrash_selected(self, request, queryset):
        outcome = editorial.restore_from_trash(list(queryset), request.user)
        self.message_user(request, outcome.message, messages.SUCCESS)

    @admin.action(description=_("Hapus permanen (hanya dari tempat sampah)"), permissions=["purge"])
    def purge_selected(self, request, queryset):
        outcome = editorial.purge(list(queryset), request.user)
        self.message_user(request, outcome.message, messages.SUCCESS)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<int:object_id>/revisi/",
                view(self.revisions_view),
                name="articles_article_revisions",
            ),
            path(
                "<int:object_id>/sunting/",
                view(self.editing_view),
                name="articles_article_editing",
            ),
            path(
                "<int:object_id>/revisi/<int:version_id>/pulihkan/",
                view(self.restore_view),
                name="articles_article_restore",
            ),
            path("pulihkan-dari-sampah/", view(self.untrash_view), name="articles_article_untrash"),
            *super().get_urls(),
        ]

    def untrash_view(self, request):
        """Undo of a move to the trash: asks first (GET), then restores (POST)."""
        if not self.has_delete_permission(request):
            raise PermissionDenied
        ids = request.GET.getlist("id") + request.POST.getlist("id")
        pks = [int(value) for value in ids if value.isdigit() and len(value) < 19]
        articles = list(Article.objects.filter(pk__in=pks, deleted_at__isnull=False))
        if request.method == "POST":
            outcome = editorial.restore_from_trash(articles, request.user)
            self.message_user(request, outcome.message, messages.SUCCESS)
            if len(articles) == 1:
                return redirect("admin:articles_article_change", articles[0].pk)
            return redirect("admin:articles_article_changelist")
        return TemplateResponse(
            request,
            "admin/articles/article/untrash_confirmation.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _t("Pulihkan dari tempat sampah?"),
                "articles": articles,
            },
        )


def with_undo(outcome):
    """The message of a move to the trash, with a link that undoes it."""
    pks = outcome.counts.get("changed", [])
    if not pks:
        return outcome.message
    undo = reverse("admin:articles_article_untrash") + "?" + urlencode([("id", pk) for pk in pks])
    return format_html(
        '{} <a href="{}">{}</a>',
        outcome.message,
        undo,
        _t("Urungkan (pulihkan dari tempat sampah)"),
    )


def save_error_message(error) -> list[str]:
    if isinstance(error, ValidationError):
        return error.messages
    # The database's own words stay in the server log: they mean nothing to staff.
    logger.exception("article save refused by the database")
    return [
        _t(
            "Artikel belum tersimpan: basis data menolak simpanan ini. Semua yang Anda "
            "ketik masih ada di bawah; tekan Simpan lagi. Bila terulang, hubungi admin situs."
        )
    ]
