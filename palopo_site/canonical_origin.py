"""One origin for the whole site: every absolute address is built from ``SITE_URL``.

Canonical links, Open Graph, JSON-LD, feeds, sitemaps and robots.txt name the site
by its address. Built from the request, they named whatever a visitor sent: one
request with ``Host: 127.0.0.1:6666`` or ``X-Forwarded-Proto: https`` put that origin
into a page the whole-page cache then served to everyone. So:

- A request for another host that ``ALLOWED_HOSTS`` admits (the old WordPress
  domain, a ``www.`` name, the bare IP) answers 301 to the same path on the
  canonical origin: that is also how the move from the old domain keeps its links.
  ``/healthz`` is exempt: load balancers ask by address.
- Every other request is made to look as if it came to the canonical origin
  (host, port and scheme), before anything reads it, so Django's own
  ``build_absolute_uri``, syndication feeds and sitemaps, and the templates all
  build the same addresses whatever the request said. The real scheme has already
  been judged by SecurityMiddleware (the https redirect), which runs first.

A port in ``Host`` does not redirect (a proxy may or may not pass it on); it simply
never reaches a page.
"""

from functools import lru_cache
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponsePermanentRedirect
from django.http.request import split_domain_port

NOT_REDIRECTED_PREFIXES = ("/healthz",)


@lru_cache(maxsize=4)
def _parse(site_url):
    parts = urlsplit(site_url)  # checked to be an origin by the settings
    return parts.scheme, parts.netloc, parts.hostname


def origin():
    """(scheme, host with port if any, host name) of SITE_URL."""
    return _parse(settings.SITE_URL)


def absolute(path: str) -> str:
    """``path`` on the canonical origin."""
    scheme, netloc, _host = origin()
    return f"{scheme}://{netloc}{path}"


class CanonicalOriginMiddleware:
    """Right after SecurityMiddleware, before the page cache and everything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        scheme, netloc, hostname = origin()
        host, _port = split_domain_port(request.get_host())  # 400 for a host not allowed
        if host != hostname and not request.path.startswith(NOT_REDIRECTED_PREFIXES):
            return HttpResponsePermanentRedirect(absolute(request.get_full_path()))
        request.META["HTTP_HOST"] = netloc
        request.META.pop("HTTP_X_FORWARDED_HOST", None)
        request.META["wsgi.url_scheme"] = scheme
        if settings.SECURE_PROXY_SSL_HEADER:
            header, secure_value = settings.SECURE_PROXY_SSL_HEADER
            request.META[header] = secure_value if scheme == "https" else "http"
        return self.get_response(request)
