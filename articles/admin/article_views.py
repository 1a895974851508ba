"""The article admin's own pages: revisions, restoring one, and the editing heartbeat."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _t

from articles import editing_notice, editorial, revisions
from articles.admin.forms import RestoreForm
from articles.models import Article


class ArticleViews:
    """Mixed into ArticleAdmin, which routes to these views (``get_urls``)."""

    def editing_view(self, request, object_id):
        """The change form's heartbeat ("I still have this article open"), and its
        goodbye when the page is left (``selesai``)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = Article.objects.filter(pk=object_id).first()
        if article is None or not self.has_change_permission(request, article):
            raise Http404
        if request.POST.get("selesai"):
            editing_notice.stop_editing(article.pk, request.user)
            return HttpResponse(status=204)
        # The answer brings the open page's notice up to date: someone who saved or
        # left drops out of it without a reload.
        others = editing_notice.note_editing(article.pk, request.user)
        return JsonResponse({"editors": editing_notice.notice_lines(others)})

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
            try:
                outcome = editorial.restore_revision(
                    article,
                    version,
                    user=request.user,
                    change_kind=form.cleaned_data.get("change_kind"),
                    correction_reason=form.cleaned_data.get("correction_reason", ""),
                )
            except ValidationError as error:
                form.add_error(None, error)  # by field where it names one
            else:
                self.message_user(request, outcome.message, messages.SUCCESS)
                return redirect("admin:articles_article_change", article.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": article,
            "title": _t("Pulihkan revisi"),
            "version": version,
            "form": form,
            "changes": revisions.restore_changes(article, snapshot),
        }
        return TemplateResponse(request, "admin/articles/article/restore.html", context)
