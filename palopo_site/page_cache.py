"""Whole-page cache for citizens' requests, and the Cache-Control a CDN or proxy needs.

Never stale: a page is stored under the site's generation (``articles.generation``:
a change counter bumped by a trigger in the same transaction as any change, and the
newest publication that has come), read from the database on every request in one
small query. A staff save, publish, unpublish, delete, tag change or import moves it,
and so does a scheduled article whose time has come, so the next request builds a
fresh page, on every app server, whether the cache is per-process memory or a shared
Redis. Old entries are simply never asked for again and expire.

Staff never receive or fill the public cache: any request carrying a session cookie
(only people who logged in have one) bypasses it. Only anonymous GET/HEAD answers that
are 200, not streaming, set no cookie and are not marked private are stored.

A page is one page whatever else its address carries: parameters no public view reads
(``utm_*``, ``fbclid``, junk) are taken off the request before anything sees it, so
they neither render nor store another copy. Ignored rather than redirected: a link
shared on WhatsApp with ``fbclid`` opens in one request, and the page's canonical
link already names the clean address for search engines.

When the database is down the generation cannot be read: the last copy stored for the
address, if any, is served (marked with ``X-Cache: STALE``), which is better than the
503 page. Never a copy stored before an article last left the public site (trashed,
withdrawn, purged: ``note_withdrawal``, called by ``articles.withdrawals``): such a
copy may show it, and the 503 page is better than bringing it back.
"""

import hashlib
import logging
import re
import time

from django.conf import settings
from django.core.cache import cache
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import parse_http_date_safe

from articles.generation import generation_key
from palopo_site.outage import DATABASE_ERRORS

logger = logging.getLogger(__name__)

# Never stored: staff pages, the health probe, and static files (whitenoise serves
# those from memory without a database query; this middleware runs before it).
NOT_STORED_PREFIXES = ("/admin/", "/pratinjau/", "/healthz", "/" + settings.STATIC_URL.lstrip("/"))
# Every query parameter a public view reads (lists: page; search: q and its filters;
# WordPress's old ?p= and ?s=). A view that reads a new one must add it here.
READ_PARAMETERS = frozenset({"page", "q", "tahun", "bulan", "topik", "p", "s"})
# As GZipMiddleware decides whether to compress: "gzipx" is not gzip.
_GZIP = re.compile(r"\bgzip\b")
PAGE_TIMEOUT = 60 * 60
# Kept longer: only served while the database is down.
LAST_COPY_TIMEOUT = 24 * 60 * 60
# For a CDN or reverse proxy: it may keep a page 30 s, serve it 30 s more while it
# fetches a fresh one, and a day when the site is down. Browsers revalidate every
# time (max-age=0), which costs a 304 thanks to the ETag.
PUBLIC_CACHE_CONTROL = {
    "public": True,
    "max_age": 0,
    "s_maxage": 30,
    "stale_while_revalidate": 30,
    "stale_if_error": 24 * 60 * 60,
}


def is_public_request(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not request.path.startswith(NOT_STORED_PREFIXES)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


def is_storable(response) -> bool:
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in cache_control
        and "no-store" not in cache_control
    )


def without_unread_parameters(request) -> None:
    """Drops the query parameters no public view reads (READ_PARAMETERS)."""
    if set(request.GET) <= READ_PARAMETERS:
        return
    kept = request.GET.copy()
    for name in set(kept) - READ_PARAMETERS:
        del kept[name]
    kept._mutable = False
    request.GET = kept
    request.META["QUERY_STRING"] = kept.urlencode()


def page_key(request, generation) -> str:
    # The stored body may be gzipped (GZipMiddleware runs inside this one).
    gzip = bool(_GZIP.search(request.headers.get("Accept-Encoding", "")))
    address = f"{request.path}?{request.GET.urlencode()}|{gzip}"
    return "page:" + hashlib.sha256(f"{generation}|{address}".encode()).hexdigest()


def last_copy_key(request) -> str:
    return page_key(request, "last-copy")


WITHDRAWN_KEY = "page:withdrawn-at"


def note_withdrawal() -> None:
    """An article left the public site: no last copy stored before now may be served."""
    cache.set(WITHDRAWN_KEY, time.time(), LAST_COPY_TIMEOUT)


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_public_request(request):
            return self.get_response(request)
        without_unread_parameters(request)
        if not settings.PAGE_CACHE:
            return self.with_public_headers(request, self.get_response(request))

        try:
            key = page_key(request, generation_key(request))
        except DATABASE_ERRORS:
            return self.last_copy(request) or self.get_response(request)

        cached = cache.get(key)
        if cached is not None:
            cached["X-Cache"] = "HIT"
            return self.revalidated(request, cached)

        response = self.with_public_headers(request, self.get_response(request))
        if is_storable(response):
            response["X-Cache"] = "MISS"
            cache.set(key, response, PAGE_TIMEOUT)
            cache.set(last_copy_key(request), (time.time(), response), LAST_COPY_TIMEOUT)
        return response

    def with_public_headers(self, request, response):
        if response.status_code < 500 and "Cache-Control" not in response:
            patch_cache_control(response, **PUBLIC_CACHE_CONTROL)
            patch_vary_headers(response, ["Accept-Encoding"])
        return response

    def revalidated(self, request, response):
        """A stored page answers a matching If-None-Match / If-Modified-Since with 304."""
        return get_conditional_response(
            request,
            etag=response.get("ETag"),
            last_modified=parse_http_date_safe(response.get("Last-Modified", "")),
            response=response,
        )

    def last_copy(self, request):
        stored = cache.get_many([last_copy_key(request), WITHDRAWN_KEY])
        stored_at, response = stored.get(last_copy_key(request), (0, None))
        if response is None or stored_at <= stored.get(WITHDRAWN_KEY, 0):
            return None
        logger.warning("Database unavailable: serving the last copy of %s", request.path)
        response["X-Cache"] = "STALE"
        return response
