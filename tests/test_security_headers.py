"""Security headers on every page kind, and HTTPS-only cookies and HSTS in production."""

import json
import os

import pytest

from tests.servers import settings_probe

# Every public page kind, with an address from the April 2025 seed, and its status.
PAGE_KINDS = {
    "home": ("/", 200),
    "home page 2 (404: one page only)": ("/page/2/", 404),
    "year": ("/2025/", 200),
    "month": ("/2025/04/", 200),
    "day": ("/2025/04/23/", 200),
    "article": ("/2025/04/kebijakan-pengelolaan-sektor-perhubungan-palopo/", 200),
    "tag list": ("/tag/", 200),
    "tag": ("/tag/partisipasi-masyarakat/", 200),
    "not found": ("/2025/13/", 404),
    "wordpress redirect": ("/?p=999999", 404),
    "health": ("/healthz", 200),
    "search": ("/cari/?q=anggaran", 200),
    "feed": ("/feed/", 200),
    "sitemap": ("/sitemap.xml", 200),
    "admin login": ("/admin/login/", 200),
}


def csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def assert_common_headers(response):
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    permissions = response["Permissions-Policy"]
    for feature in ("camera=()", "geolocation=()", "microphone=()", "payment=()"):
        assert feature in permissions


def assert_strict_csp(response):
    policy = csp_directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]


@pytest.mark.django_db
@pytest.mark.parametrize("kind", list(PAGE_KINDS))
def test_every_page_kind_sends_the_security_headers(client, seed_archive, kind):
    path, status = PAGE_KINDS[kind]
    response = client.get(path)

    assert response.status_code == status
    assert_common_headers(response)
    if kind != "admin login":
        assert_strict_csp(response)


@pytest.mark.django_db
def test_the_admin_relaxes_only_what_its_editor_needs(admin_client):
    """Scripts: our files and the editor's import map by hash, never 'unsafe-inline'."""
    response = admin_client.get("/admin/articles/article/add/")

    assert response.status_code == 200
    policy = csp_directives(response["Content-Security-Policy"])
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    hashes = [value for value in policy["script-src"] if value.startswith("'sha256-")]
    assert len(hashes) == 1
    assert '<script type="importmap">' in response.content.decode()
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]


PRODUCTION_PROBE = """
import json, django
django.setup()
from django.test import Client
client = Client()
login = client.get("/admin/login/", secure=True)
plain = client.get("/2025/04/")
health = client.get("/healthz", secure=False)
print(json.dumps({
    "login_status": login.status_code,
    "hsts": login.get("Strict-Transport-Security"),
    "cookies": {name: {"secure": bool(c["secure"]), "httponly": bool(c["httponly"]),
                       "samesite": c["samesite"]} for name, c in login.cookies.items()},
    "plain_status": plain.status_code,
    "plain_location": plain.get("Location"),
    "health_redirected": health.status_code in (301, 302),
}))
"""


def production_env(allowed_hosts):
    """DEBUG=0 and HTTPS on (the production default), whatever the developer's shell says."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "HTTPS", "SECRET_KEY", "ALLOWED_HOSTS", "SITE_URL", "REDIS_URL"}
    }
    env.update(
        DEBUG="0",
        SECRET_KEY="production-probe-" + "k" * 50,
        ALLOWED_HOSTS=allowed_hosts,
        SITE_URL=f"https://{allowed_hosts.split(',')[0]}",
    )
    return env


def test_production_sends_hsts_and_https_only_cookies():
    """With DEBUG=0 and HTTPS on (the production default): the settings a server runs."""
    output = settings_probe(PRODUCTION_PROBE, production_env("testserver"))
    probe = json.loads(output.strip().splitlines()[-1])

    assert probe["login_status"] == 200
    max_age = int(probe["hsts"].split("max-age=")[1].split(";")[0])
    assert max_age >= 31536000
    assert "includeSubDomains" in probe["hsts"]
    csrf = probe["cookies"]["csrftoken"]
    assert csrf["secure"]
    assert csrf["samesite"] == "Lax"
    # Plain http is sent to https; the health probe of a load balancer is not.
    assert probe["plain_status"] == 301
    assert probe["plain_location"].startswith("https://")
    assert not probe["health_redirected"]


def test_production_session_cookie_is_secure_and_httponly():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.CSRF_COOKIE_SECURE)"
    )
    output = settings_probe(code, production_env("x.example"))
    assert output.split()[-3:] == ["True", "True", "True"]
