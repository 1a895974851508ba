"""/healthz for load balancers, and the outage page that needs no database.

The real outages (PostgreSQL and Redis stopped under a running site) are in
test_database_outage.py and test_redis_outage.py.
"""

import json

import pytest
from django.db import InterfaceError, OperationalError
from django.test import RequestFactory

from palopo_site.outage import DatabaseOutageMiddleware, render_outage_page

pytestmark = pytest.mark.django_db


def test_healthz_reports_database_and_cache_as_json(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"status": "ok", "database": "ok", "cache": "ok"}
    # A stale "ok" from a cache in front must never hide an outage.
    assert "no-cache" in response["Cache-Control"]
    assert "max-age=0" in response["Cache-Control"]


def test_healthz_is_one_query(client, django_assert_num_queries):
    with django_assert_num_queries(1):  # SELECT 1
        client.get("/healthz")


def test_the_outage_page_renders_without_any_query(django_assert_num_queries):
    request = RequestFactory().get("/2025/04/")

    with django_assert_num_queries(0):
        response = render_outage_page(request)

    assert response.status_code == 503
    html = response.content.decode()
    assert "Layanan sedang terganggu" in html
    assert '<html lang="id">' in html
    assert 'class="skip-link"' in html  # the site's own header and navigation
    assert 'href="/tag/"' in html
    assert response["Retry-After"] == "60"


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_a_database_connection_error_in_a_view_becomes_the_503_page(error):
    middleware = DatabaseOutageMiddleware(lambda request: None)
    request = RequestFactory().get("/tag/")

    response = middleware.process_exception(request, error("connection refused"))

    assert response.status_code == 503
    assert "connection refused" not in response.content.decode()


def test_other_errors_stay_server_errors():
    """A bug is not an outage: it must reach the error log and the 500 page as before."""
    middleware = DatabaseOutageMiddleware(lambda request: None)
    request = RequestFactory().get("/tag/")

    assert middleware.process_exception(request, ValueError("bug")) is None
