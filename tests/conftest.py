import datetime
from pathlib import Path

import pytest
import time_machine
from django.core.cache import cache
from django.core.management import call_command

from tests.staff import staff_user

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SEED_PAGE = FIXTURES / "archive-2025-04.txt"
SEED_META = FIXTURES / "archive-2025-04.meta.csv"

# A fixed "now" for everything date-based: 1 June 2025, 12:00 WITA.
NOW = datetime.datetime(2025, 6, 1, 4, 0, tzinfo=datetime.UTC)

# Hashing a password as production does (PBKDF2, a million rounds) costs a good part of
# a second, and the tests make hundreds of accounts: MD5 instead, for the whole session.
# Only in this process: a server of tests/servers.py runs the production settings and
# cannot check an MD5 hash, so an account that logs in there must be made by manage.py
# in the server's environment (as tests/browser/conftest.py does), not by staff_user().
FAST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_configure(config):
    # Django is set up by now (pytest-django, before this conftest is imported).
    from django.test import override_settings

    override_settings(PASSWORD_HASHERS=FAST_PASSWORD_HASHERS).enable()
    # The test client asks for "testserver": that is the site's origin in tests.
    override_settings(SITE_URL="http://testserver").enable()


@pytest.fixture(autouse=True)
def pinned_clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache, as a freshly started server does."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def page_cache(request, settings):
    """The whole-page cache is on, as in production, so every test that changes
    something and reads a page again also checks that the cache is never stale.
    Tests that count queries per rendered page mark themselves ``no_page_cache``."""
    settings.PAGE_CACHE = request.node.get_closest_marker("no_page_cache") is None


@pytest.fixture
def seed_archive(db):
    """The council's April 2025 archive page, loaded as the run script loads it."""
    call_command("import_archive", str(SEED_PAGE), "--meta", str(SEED_META), verbosity=0)


@pytest.fixture
def staff_client(client, db):
    """pytest-django's ``client``, logged in as a superuser."""
    client.force_login(staff_user("redaksi", superuser=True))
    return client
