"""Last-Modified and ETag for public pages, feeds and sitemaps, so crawlers can revalidate.

Every public page shows more than its own article (neighbours, related reading,
counts, month lists), so a page's freshness is the site's: the newest edit to any
article (drafts included, because unpublishing or deleting an article is an edit
that changes what lists show) and the newest publication time that has come (a
scheduled article becoming public changes pages without anyone saving anything).
Both come from ONE query that reads two indexes (``article_updated_idx`` and
``article_public_idx``), however big the archive is.

Known limits: renaming a tag does not touch an article's ``updated_at``; a hard
delete of an article that was not the newest edit is not seen (the site deletes
softly through ``deleted_at``, which is an edit).
"""

import hashlib
from functools import wraps

from django.db import connection
from django.views.decorators.http import condition

from articles.models import Article

# Bump when templates change in a way every cached page should pick up.
RENDER_VERSION = "1"


def site_generation(request):
    """(newest edit, newest publication that has come), cached on the request."""
    cached = getattr(request, "_site_generation", None)
    if cached is None:
        newest_edit = Article.objects.order_by("-updated_at").values("updated_at")[:1]
        newest_public = Article.objects.published().order_by("-publish_at").values("publish_at")[:1]
        edit_sql, edit_params = newest_edit.query.sql_with_params()
        public_sql, public_params = newest_public.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT ({edit_sql}), ({public_sql})", (*edit_params, *public_params))
            cached = cursor.fetchone()
        request._site_generation = cached
    return cached


def last_modified(request, *args, **kwargs):
    moments = [moment for moment in site_generation(request) if moment is not None]
    return max(moments) if moments else None


def etag(request, *args, **kwargs):
    edited, published = site_generation(request)
    # Weak: the same content may come gzipped or not.
    key = f"{RENDER_VERSION}|{request.path}|{request.GET.urlencode()}|{edited}|{published}"
    return "W/" + '"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'


def conditional_page(view):
    """Answers 304 to a matching If-None-Match / If-Modified-Since, else adds both headers.

    Syndication and sitemap views set their own Last-Modified from their newest
    entry, which misses unpublished and deleted ones; it is dropped so the
    site-wide one above is what clients revalidate against.
    """

    @wraps(view)
    def with_site_dates(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.has_header("Last-Modified"):
            del response.headers["Last-Modified"]
        return response

    return condition(etag_func=etag, last_modified_func=last_modified)(with_site_dates)
