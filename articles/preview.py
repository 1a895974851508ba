"""Staff preview of any article (draft, scheduled, published) with the public template.

Only logged-in staff who may view the article in the admin get it; anyone else gets
the login page (not logged in) or the site's 404 (logged in without the right), so a
preview address that leaks never shows a draft. The response is never cached and
never indexed.
"""

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control

from articles.models import Article
from articles.views import ArticleDetail


class ArticlePreview(ArticleDetail):
    template_name = "articles/article_preview.html"

    def get_queryset(self):
        # Any article, even trashed: staff may want to see what they would restore.
        return Article.objects.with_lead()

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path(), login_url="admin:login")
        if not (user.is_active and user.is_staff and user.has_perm("articles.view_article")):
            raise Http404
        response = super().dispatch(request, *args, **kwargs)
        add_never_cache_headers(response)
        patch_cache_control(response, private=True, no_store=True)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    def get(self, request, *args, **kwargs):
        # No redirect to the canonical address: the preview has its own.
        self.object = self.get_object()
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            preview=True,
            canonical_path=None,
            admin_change_url=reverse("admin:articles_article_change", args=[self.object.pk]),
        )
        return context
