"""A database outage answers 503 with a friendly page in the site's look, never a traceback.

When PostgreSQL is down (restarting, full disk, network cut) every query raises
``OperationalError``/``InterfaceError``. Django would turn that into a 500, which tells
crawlers the page is broken and tells citizens nothing. A 503 with ``Retry-After`` tells
crawlers to come back and keep the page indexed; the page itself needs no database (no
context processors run, see ``render_outage_page``). Nothing has to be restarted when the
database returns: Django's connection health checks open a fresh connection on the next
request.
"""

import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 60
DATABASE_ERRORS = (OperationalError, InterfaceError)


def render_outage_page(request) -> HttpResponse:
    # The request goes in as a plain variable, not as render_to_string(request=...):
    # with a request, context processors would run, and a future one might query.
    context = {"request": request, "site_name": settings.SITE_NAME}
    try:
        body = render_to_string("503.html", context)
    except Exception:  # the friendly page must never be the thing that fails
        logger.exception("The 503 page could not be rendered; answering in plain text")
        body = "Layanan sedang mengalami gangguan. Silakan coba lagi beberapa saat lagi."
        response = HttpResponse(body, status=503, content_type="text/plain; charset=utf-8")
    else:
        response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


class DatabaseOutageMiddleware:
    """Turns a database connection failure in any view (or its template) into the 503 page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DATABASE_ERRORS):
            return None
        logger.warning("Database unavailable for %s: %s", request.path, exception)
        return render_outage_page(request)
