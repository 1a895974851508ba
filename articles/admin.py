from datetime import datetime

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from reversion.models import Revision
from taggit.models import Tag as TaggitTag

from articles import editing_notice, revisions, workflow
from articles.models import Article, Correction, Section, Tag
from articles.search.index import refresh_search_vectors
from articles.search.signals import deferred_search_refresh
from articles.tagging import merge_tags

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

    # Sections follow the article: whoever may change the article may change them.
    def has_add_permission(self, request, obj=None):
        return workflow.can_edit(request.user, obj)

    def has_change_permission(self, request, obj=None):
        return workflow.can_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return workflow.can_edit(request.user, obj)

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("articles.view_article")


class ChangeKind:
    """How an edit of a public article's text counts, chosen by the editor."""

    CORRECTION = "koreksi"
    UPDATE = "pembaruan"
    MINOR = "kecil"
    CHOICES = [
        (CORRECTION, _("Koreksi: dicatat di “Riwayat perubahan” publik dengan alasannya")),
        (UPDATE, _("Pembaruan isi: tanggal “Diperbarui” berubah, tanpa catatan koreksi")),
        (MINOR, _("Perubahan kecil (salah ketik, tata letak): tidak diumumkan")),
    ]


# The article fields whose change is a change of the public text.
TEXT_FIELDS = ("title", "summary")


class ArticleForm(forms.ModelForm):
    """The article form, with the version it was loaded at and the correction choice.

    ``request`` and ``can_publish`` are set by ArticleAdmin.get_form.
    """

    request = None
    can_publish = False

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    change_kind = forms.ChoiceField(
        label=_("Jenis perubahan"),
        choices=ChangeKind.CHOICES,
        widget=forms.RadioSelect,
        required=False,
        help_text=_("Wajib dipilih bila teks artikel yang sudah terbit diubah."),
    )
    correction_reason = forms.CharField(
        label=_("Alasan koreksi"),
        max_length=255,
        required=False,
        help_text=_("Satu kalimat untuk pembaca, mis.: “Jumlah anggaran diperbaiki.”"),
    )

    class Meta:
        model = Article
        fields = [
            "title",
            "slug",
            "summary",
            "tags",
            "status",
            "publish_at",
            "publish_date_inferred",
            "author",
            "legacy_id",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = None
        self.locked_version = None
        if self.instance.pk:
            self.fields["loaded_version"].initial = self.instance.version
        if "status" in self.fields and not self.can_publish:
            self.fields["status"].choices = [(Article.Status.DRAFT, Article.Status.DRAFT.label)]
            self.fields["status"].error_messages["invalid_choice"] = _(
                "Hanya editor yang dapat menerbitkan atau menjadwalkan artikel. "
                "Simpan sebagai draf; editor akan menerbitkannya."
            )

    def text_changed(self):
        formsets = getattr(self.request, "article_formsets", [])
        return any(name in self.changed_data for name in TEXT_FIELDS) or any(
            formset.has_changed() for formset in formsets
        )

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            self.check_version()
            self.check_change_kind(cleaned)
        return cleaned

    def check_version(self):
        """Refuses a save that started from an older version than the stored one.

        The row is locked (SELECT ... FOR UPDATE) until the admin's transaction ends,
        so no other save can slip in between this check and this save.
        """
        current = (
            Article.objects.select_for_update()
            .filter(pk=self.instance.pk)
            .values_list("version", flat=True)
            .first()
        )
        self.locked_version = current
        loaded = self.cleaned_data.get("loaded_version")
        if current is None or loaded == current:
            return
        latest = revisions.article_versions(self.instance.pk).first()
        self.conflict = {
            "loaded": loaded,
            "current": current,
            "by": latest.revision.user if latest else None,
            "at": latest.revision.date_created if latest else None,
            "changes": conflict_changes(self.instance.pk, loaded),
        }
        # The next save starts from the current version: the writer has now seen it.
        self.data = self.data.copy()
        self.data[self.add_prefix("loaded_version")] = str(current)
        raise ValidationError(
            _(
                "Artikel ini sudah diubah orang lain sejak Anda membukanya, jadi belum "
                "disimpan. Teks Anda masih ada di formulir di bawah. Periksa perubahan "
                "mereka, gabungkan bila perlu, lalu simpan lagi."
            ),
            code="stale_version",
        )

    def check_change_kind(self, cleaned):
        was_public = Article.objects.published().filter(pk=self.instance.pk).exists()
        if not was_public:
            return
        kind = cleaned.get("change_kind")
        if self.text_changed() and not kind:
            self.add_error(
                "change_kind",
                _("Teks artikel yang sudah terbit berubah: pilih jenis perubahannya."),
            )
        if kind == ChangeKind.CORRECTION and not cleaned.get("correction_reason", "").strip():
            self.add_error(
                "correction_reason", _("Tuliskan alasan koreksi untuk pembaca (satu kalimat).")
            )


def conflict_changes(article_pk, loaded_version):
    """What others changed since ``loaded_version``: that revision against the stored state."""
    article = Article.objects.get(pk=article_pk)
    loaded = revisions.version_for(article_pk, loaded_version)
    if loaded is None:
        return None
    return revisions.differences(
        revisions.revision_snapshot(loaded), revisions.current_snapshot(article)
    )


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


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleForm
    inlines = [SectionInline]
    list_display = ["title", "status_label", "publish_at", "publish_date_inferred", "tag_list"]
    list_filter = [StatusFilter, TrashFilter, MonthFilter, "publish_date_inferred", "tags"]
    date_hierarchy = "publish_at"
    search_fields = ["title", "sections__heading", "sections__body"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["author"]
    readonly_fields = ["created_at", "updated_at", "version"]
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
        fieldsets = [
            (None, {"fields": ["title", "slug", "summary", "tags", "loaded_version"]}),
            (
                _("Penerbitan"),
                {"fields": ["status", "publish_at", "publish_date_inferred", "author"]},
            ),
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

    def _create_formsets(self, request, obj, change):
        # The form's correction check needs to know whether sections changed too.
        formsets, inlines = super()._create_formsets(request, obj, change)
        request.article_formsets = formsets
        return formsets, inlines

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("tags")

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
            return _("Di tempat sampah")
        return workflow.status_label(article, timezone.now())

    @admin.display(description=_("tag"))
    def tag_list(self, article):
        return ", ".join(tag.name for tag in article.tags.all())

    # --- Saving: version check, corrections, revisions -------------------------------

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = extra_context or {}
        article = self.get_object(request, object_id) if object_id else None
        if article is not None:
            # Before anything changes, make sure the history holds the current text.
            revisions.record_baseline(article)
            if request.method == "GET":
                editing = self.has_change_permission(request, article)
                extra_context["other_editors"] = editing_notice.note_editing(
                    article.pk, request.user, editing=editing
                )
                if editing:
                    extra_context["heartbeat_url"] = reverse(
                        "admin:articles_article_editing", args=[article.pk]
                    )
        # One revision per save, written by hand once everything (sections, tags) is
        # saved, so it holds the final state and not a half-saved one. The search
        # vector, likewise, is rebuilt once and not after each section and tag.
        with reversion.create_revision(manage_manually=True), deferred_search_refresh():
            reversion.set_user(request.user)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        context["conflict"] = getattr(form, "conflict", None)
        if obj is not None:
            context["preview_url"] = reverse("articles:article_preview", kwargs={"pk": obj.pk})
            context["revisions_url"] = reverse("admin:articles_article_revisions", args=[obj.pk])
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        if obj.author is None:
            obj.author = request.user
        if change:
            obj.version = (form.locked_version or obj.version) + 1
            kind = form.cleaned_data.get("change_kind")
            if kind in (ChangeKind.CORRECTION, ChangeKind.UPDATE) and form.text_changed():
                obj.content_changed_at = timezone.now()
            request.article_correction = (
                form.cleaned_data["correction_reason"].strip()
                if kind == ChangeKind.CORRECTION and form.text_changed()
                else None
            )
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        article = form.instance
        reason = getattr(request, "article_correction", None)
        if reason:
            Correction.objects.create(
                article=article, reason=reason, editor=request.user, corrected_at=timezone.now()
            )
        comment = _t("Dibuat") if not change else _t("Diubah")
        kind = form.cleaned_data.get("change_kind") if form.text_changed() else None
        if reason:
            comment = _t("Koreksi: %(reason)s") % {"reason": reason}
        elif kind == ChangeKind.MINOR:
            comment = _t("Perubahan kecil")
        elif kind == ChangeKind.UPDATE:
            comment = _t("Pembaruan isi")
        reversion.set_comment(comment)
        reversion.add_to_revision(article)
        editing_notice.stop_editing(article.pk, request.user)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Section:
            return super().save_formset(request, form, formset, change)
        formset.save(commit=False)
        for section in formset.deleted_objects:
            section.delete()
        kept = [
            f
            for f in formset.forms
            if f.has_changed() or f.instance.pk
            if f.instance not in formset.deleted_objects
        ]
        # Renumber 1..n in the order staff asked for; blank positions go last.
        kept.sort(key=lambda f: (f.instance.position is None, f.instance.position or 0))
        for number, section_form in enumerate(kept, start=1):
            section = section_form.instance
            unchanged = section.pk and not section_form.has_changed()
            if unchanged and section_form.initial.get("position") == number:
                continue  # the same text in the same place: nothing to write
            section.position = number
            section.article = form.instance
            section.save()
        formset.save_m2m()

    # --- Delete = move to the trash --------------------------------------------------

    def get_deleted_objects(self, objs, request):
        # Nothing is really deleted, so nothing related needs a delete permission.
        return [str(obj) for obj in objs], {}, set(), []

    def delete_model(self, request, obj):
        self.trash(request, Article.objects.filter(pk=obj.pk))

    def trash(self, request, queryset):
        return self.change_state(
            request,
            queryset.filter(deleted_at__isnull=True),
            {"deleted_at": timezone.now()},
            _t("Dipindahkan ke tempat sampah"),
        )

    def change_state(self, request, queryset, values, message):
        """Applies ``values`` to the articles, each with a revision and a log entry."""
        for article in queryset:
            revisions.record_baseline(article)
        with transaction.atomic(), reversion.create_revision(manage_manually=True):
            articles = list(queryset.select_for_update())
            pks = [article.pk for article in articles]
            Article.objects.filter(pk__in=pks).update(
                **values, version=F("version") + 1, updated_at=timezone.now()
            )
            # update() sends no signals: publishing or trashing changes which words
            # the search may suggest.
            refresh_search_vectors(pks)
            reversion.set_user(request.user)
            reversion.set_comment(message)
            for article in Article.objects.filter(pk__in=pks):
                reversion.add_to_revision(article)
                self.log_change(request, article, message)
        return len(pks)

    # --- Actions ---------------------------------------------------------------------

    @admin.action(description=_("Terbitkan artikel terpilih"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        count = self.change_state(
            request,
            queryset.filter(status=Article.Status.DRAFT, deleted_at__isnull=True),
            {"status": Article.Status.PUBLISHED},
            _t("Diterbitkan"),
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d artikel diterbitkan (yang waktunya di masa depan menjadi terjadwal).",
                "%(count)d artikel diterbitkan (yang waktunya di masa depan menjadi terjadwal).",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Tarik menjadi draf"), permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        count = self.change_state(
            request,
            queryset.filter(status=Article.Status.PUBLISHED),
            {"status": Article.Status.DRAFT},
            _t("Ditarik menjadi draf"),
        )
        self.message_user(request, _t("%(count)d artikel ditarik menjadi draf.") % {"count": count})

    @admin.action(description=_("Pindahkan ke tempat sampah"), permissions=["delete"])
    def trash_selected(self, request, queryset):
        count = self.trash(request, queryset)
        self.message_user(
            request,
            _t(
                "%(count)d artikel dipindahkan ke tempat sampah. Pulihkan dari daftar "
                "“Di tempat sampah” bila keliru."
            )
            % {"count": count},
        )

    @admin.action(description=_("Pulihkan dari tempat sampah"), permissions=["delete"])
    def untrash_selected(self, request, queryset):
        count = self.change_state(
            request,
            queryset.filter(deleted_at__isnull=False),
            {"deleted_at": None},
            _t("Dipulihkan dari tempat sampah"),
        )
        self.message_user(
            request, _t("%(count)d artikel dipulihkan dari tempat sampah.") % {"count": count}
        )

    @admin.action(description=_("Hapus permanen (hanya dari tempat sampah)"), permissions=["purge"])
    def purge_selected(self, request, queryset):
        trashed = Article.objects.filter(
            pk__in=list(queryset.filter(deleted_at__isnull=False).values_list("pk", flat=True))
        )
        self.log_deletions(request, trashed)
        count = trashed.count()
        trashed.delete()
        self.message_user(
            request,
            _t("%(count)d artikel dihapus permanen; yang tidak di tempat sampah dilewati.")
            % {"count": count},
        )

    # --- Revisions: history, differences, restore -------------------------------------

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
            *super().get_urls(),
        ]

    def editing_view(self, request, object_id):
        """The change form's heartbeat: "I still have this article open"."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = Article.objects.filter(pk=object_id).first()
        if article is None or not self.has_change_permission(request, article):
            raise Http404
        editing_notice.note_editing(article.pk, request.user)
        return HttpResponse(status=204)

    def revision_article(self, request, object_id):
        article = Article.objects.filter(pk=object_id).first()
        if article is None or not self.has_view_or_change_permission(request, article):
            raise Http404
        return article

    def revisions_view(self, request, object_id):
        """Every saved revision, and the difference between any two of them."""
        article = self.revision_article(request, object_id)
        versions = list(revisions.article_versions(article.pk))
        by_id = {str(version.pk): version for version in versions}
        older = by_id.get(request.GET.get("dari"))
        newer = by_id.get(request.GET.get("ke"))
        if older is None and len(versions) > 1:
            older = versions[1]
        newer = newer or (versions[0] if versions else None)
        changes = None
        if older and newer:
            changes = revisions.differences(
                revisions.revision_snapshot(older), revisions.revision_snapshot(newer)
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": article,
            "title": _t("Revisi: %(title)s") % {"title": article.title},
            "versions": versions,
            "older": older,
            "newer": newer,
            "changes": changes,
            "can_restore": self.has_change_permission(request, article),
        }
        return TemplateResponse(request, "admin/articles/article/revisions.html", context)

    def restore_view(self, request, object_id, version_id):
        """Puts an old revision's text back; the restore is itself a new revision."""
        article = self.revision_article(request, object_id)
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        version = get_object_or_404(revisions.article_versions(article.pk), pk=version_id)
        snapshot = revisions.revision_snapshot(version)
        form = RestoreForm(
            request.POST if request.method == "POST" else None, public=article.is_public
        )
        if request.method == "POST" and form.is_valid():
            self.restore(request, article, version, snapshot, form.cleaned_data)
            self.message_user(
                request,
                _t("Revisi %(date)s dipulihkan sebagai revisi baru.")
                % {
                    "date": date_format(
                        timezone.localtime(version.revision.date_created), "j M Y H:i"
                    )
                },
                messages.SUCCESS,
            )
            return redirect("admin:articles_article_change", article.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": article,
            "title": _t("Pulihkan revisi"),
            "version": version,
            "form": form,
            "changes": revisions.differences(revisions.current_snapshot(article), snapshot),
        }
        return TemplateResponse(request, "admin/articles/article/restore.html", context)

    def restore(self, request, article, version, snapshot, choice):
        when = date_format(timezone.localtime(version.revision.date_created), "j M Y H:i")
        with (
            transaction.atomic(),
            reversion.create_revision(manage_manually=True),
            deferred_search_refresh(),
        ):
            article = Article.objects.select_for_update().get(pk=article.pk)
            revisions.restore_content(article, snapshot)
            article.version += 1
            kind = choice.get("change_kind")
            if kind in (ChangeKind.CORRECTION, ChangeKind.UPDATE):
                article.content_changed_at = timezone.now()
            article.save()
            if kind == ChangeKind.CORRECTION:
                Correction.objects.create(
                    article=article, reason=choice["correction_reason"], editor=request.user
                )
            message = _t("Dipulihkan dari revisi %(date)s") % {"date": when}
            reversion.set_user(request.user)
            reversion.set_comment(message)
            reversion.add_to_revision(article)
            self.log_change(request, article, message)


class RestoreForm(forms.Form):
    """For a public article, restoring old text is a change readers may need to know of."""

    change_kind = ArticleForm.base_fields["change_kind"]
    correction_reason = ArticleForm.base_fields["correction_reason"]

    def __init__(self, *args, public, **kwargs):
        super().__init__(*args, **kwargs)
        if not public:
            del self.fields["change_kind"]
            del self.fields["correction_reason"]
        else:
            self.fields["change_kind"].required = True

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("change_kind") == ChangeKind.CORRECTION
            and not cleaned.get("correction_reason", "").strip()
        ):
            self.add_error(
                "correction_reason", _("Tuliskan alasan koreksi untuk pembaca (satu kalimat).")
            )
        return cleaned


# --- Tags ------------------------------------------------------------------------------


class TagForm(forms.ModelForm):
    class Meta:
        model = Tag
        fields = ["name", "slug"]

    def clean_name(self):
        # Tags are case-insensitive: "Anggaran" and "anggaran" are one topic.
        name = self.cleaned_data["name"].strip()
        if Tag.objects.filter(name__iexact=name).exclude(pk=self.instance.pk).exists():
            raise ValidationError(
                _(
                    "Sudah ada tag bernama “%(name)s”. Untuk menyatukan dua tag, pilih "
                    "keduanya di daftar tag lalu pakai aksi “Gabungkan tag terpilih”."
                ),
                params={"name": name},
            )
        return name


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
            # One transaction (create_revision is atomic): the log and the merge go together.
            with reversion.create_revision(manage_manually=True):
                reversion.set_user(request.user)
                self.log_deletions(request, Tag.objects.filter(pk__in=[tag.pk for tag in sources]))
                moved = merge_tags(sources, target)
            self.log_change(
                request,
                target,
                _t("Digabung dari: %(names)s") % {"names": ", ".join(tag.name for tag in sources)},
            )
            self.message_user(
                request,
                _t("%(count)d tag digabung ke “%(target)s”; %(articles)d artikel dipindahkan.")
                % {"count": len(sources), "target": target.name, "articles": moved},
                messages.SUCCESS,
            )
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


# --- Audit trail (superusers) --------------------------------------------------------------


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
