"""``/healthz``: whether this app server can reach its database and cache, as JSON.

Load balancers and monitoring poll it. 200 means the site can serve pages; 503 means
the database is unreachable. A cache outage is reported but stays 200, because the
site keeps serving from the database without it (slower).
"""

import logging

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)

PROBE_KEY = "healthz:probe"


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError as error:
        logger.warning("Health check: database unavailable: %s", error)
        # A broken persistent connection must not be reused by the next request.
        connection.close_if_unusable_or_obsolete()
        return False


def cache_ok() -> bool:
    # The project's Redis backend turns outages into misses (palopo_site/cache.py),
    # so a failed round trip shows up as the probe value not coming back.
    try:
        cache.set(PROBE_KEY, "ok", timeout=10)
        return cache.get(PROBE_KEY) == "ok"
    except Exception as error:  # any backend, any failure: report it, never crash
        logger.warning("Health check: cache unavailable: %s", error)
        return False


@never_cache
def healthz(request):
    database, cache_status = database_ok(), cache_ok()
    if not database:
        status = "error"
    elif not cache_status:
        status = "degraded"
    else:
        status = "ok"
    return JsonResponse(
        {
            "status": status,
            "database": "ok" if database else "error",
            "cache": "ok" if cache_status else "error",
        },
        status=200 if database else 503,
    )
