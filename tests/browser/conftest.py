"""The real site in a real browser: gunicorn with production-like settings, Debian's Chromium.

The session starts gunicorn on a free port against its own PostgreSQL database (the
pytest-django test database lives inside a transaction no other process can see), seeded
with the April 2025 archive and one staff account, and drives the distribution's
Chromium through Playwright. No browser is ever downloaded.
"""

import os
import secrets
from pathlib import Path

import pytest

from tests.servers import gunicorn, load_seed, manage, scratch_database, site_env

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
# Headless flags that work as root in containers and CI, with no calls home.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORTS = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 900}}
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
STAFF_USERNAME = "redaksi"
STAFF_PASSWORD = secrets.token_urlsafe(16)

# Every public page kind, with an address from the April 2025 seed.
PUBLIC_PAGES = {
    "home": "/",
    "year": "/2025/",
    "month": "/2025/04/",
    "day": "/2025/04/23/",
    "article": "/2025/04/kebijakan-pengelolaan-sektor-perhubungan-palopo/",
    "tags": "/tag/",
    "tag": "/tag/partisipasi-masyarakat/",
    "not-found": "/2025/13/",
}


@pytest.fixture(autouse=True)
def pinned_clock():
    """The server runs on the real clock, so the browser tests do too (no time travel)."""
    yield None


@pytest.fixture(scope="session")
def browser_database():
    """A database of its own (``<name>_browser``), created, migrated and seeded, then dropped."""
    with scratch_database("browser") as url:
        env = {**os.environ, "DATABASE_URL": url, "DEBUG": "1"}
        manage(env, "migrate", "--noinput")
        load_seed(env)
        manage(
            {**env, "DJANGO_SUPERUSER_PASSWORD": STAFF_PASSWORD},
            "createsuperuser",
            "--noinput",
            "--username",
            STAFF_USERNAME,
            "--email",
            "redaksi@example.org",
        )
        yield url


@pytest.fixture(scope="session")
def site_url(browser_database, tmp_path_factory):
    """The real site: gunicorn, DEBUG=0, plain http on 127.0.0.1, whitenoise static files."""
    log = tmp_path_factory.mktemp("gunicorn") / "gunicorn.log"
    with gunicorn(site_env(browser_database), log) as url:
        yield url
    # A server error anywhere in the session is a failure even if no page showed it.
    text = log.read_text(errors="replace")
    assert "Traceback" not in text, text


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package (.ci/run does)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(params=list(VIEWPORTS), ids=list(VIEWPORTS))
def viewport(request):
    return request.param


def open_tab(browser, viewport_name):
    """A fresh browser tab at a viewport's size that records CSP violations and errors."""
    context = browser.new_context(viewport=VIEWPORTS[viewport_name], locale="id-ID")
    tab = context.new_page()
    tab.problems = []
    tab.on("console", lambda message: _record_console(tab, message))
    tab.on("response", lambda response: _record_response(tab, response))
    tab.on("pageerror", lambda error: tab.problems.append(f"page error: {error}"))
    tab.viewport_name = viewport_name
    return tab


@pytest.fixture
def page(browser, viewport):
    tab = open_tab(browser, viewport)
    yield tab
    tab.context.close()


def _record_console(tab, message):
    # CSP violations and script errors arrive as console errors; a 404 answer (the
    # not-found page, Chromium's own favicon request) is checked by the tests instead.
    if message.type == "error" and not message.text.startswith("Failed to load resource"):
        tab.problems.append(message.text)


def _record_response(tab, response):
    if response.status >= 500:
        tab.problems.append(f"{response.status} from {response.url}")


def screenshot(page, name: str):
    """Saves the page for a person to look at (test-artifacts/, not committed)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    size = getattr(page, "viewport_name", "{width}x{height}".format(**page.viewport_size))
    page.screenshot(path=SCREENSHOTS / f"{name}-{size}.png", full_page=True)


def log_in(page, site_url):
    page.goto(site_url + "/admin/login/")
    page.fill("#id_username", STAFF_USERNAME)
    page.fill("#id_password", STAFF_PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(site_url + "/admin/")
