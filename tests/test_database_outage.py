"""PostgreSQL really goes down under a running site, then comes back.

A throw-away cluster (the distribution's initdb/pg_ctl, run as an unprivileged user)
serves a gunicorn site with persistent connections and a shared Redis page cache. While
the cluster is stopped, a page citizens read before is served from its last cached copy,
every other public page is a friendly 503 in the site's look, and /healthz says the
database is down; when it starts again the same gunicorn serves normally, with no
restart.
"""

import json
import os

import pytest
import redis

from tests.servers import (
    ThrowAwayPostgres,
    fetch,
    gunicorn,
    load_seed,
    manage,
    postgres_bindir,
    site_env,
)

PAGES = [
    "/",
    "/2025/04/",
    "/2025/04/23/",
    "/2025/04/kebijakan-pengelolaan-sektor-perhubungan-palopo/",
    "/tag/",
    "/tag/partisipasi-masyarakat/",
    "/feed/",
    "/cari/?q=anggaran",
]
# Addresses nobody asked for before the outage: nothing cached to fall back on.
NEVER_READ = ["/2025/04/22/", "/tag/ekonomi/", "/cari/?q=transportasi", "/2025/"]
# Its own Redis database, emptied first, so no other test's pages can be served.
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15").rsplit("/", 1)[0] + "/12"


@pytest.fixture
def cluster():
    bindir = postgres_bindir()
    if bindir is None:
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) are not installed")
    server = ThrowAwayPostgres(bindir)
    try:
        server.start()
        yield server
    finally:
        server.destroy()


@pytest.fixture
def site(cluster, tmp_path):
    import psycopg

    with psycopg.connect(cluster.url(), autocommit=True) as conn:
        conn.execute("CREATE DATABASE palopo TEMPLATE template0 ENCODING 'UTF8'")
    # Persistent connections (the production default) are the hard case: every worker
    # holds a connection that dies with the server and must be replaced afterwards.
    redis.Redis.from_url(REDIS_URL).flushdb()
    env = site_env(cluster.url("palopo"), DATABASE_CONN_MAX_AGE="60", REDIS_URL=REDIS_URL)
    manage({**env, "DEBUG": "1"}, "migrate", "--noinput")
    load_seed({**env, "DEBUG": "1"})
    log = tmp_path / "gunicorn.log"
    with gunicorn(env, log) as url:
        yield url, log


def assert_serves_normally(url):
    for path in PAGES:
        status, _, _ = fetch(url + path)
        assert status == 200, f"{path} answered {status}"
    status, _, body = fetch(url + "/healthz")
    assert status == 200
    assert json.loads(body) == {"status": "ok", "database": "ok", "cache": "ok"}


def test_database_outage_is_a_friendly_503_and_the_site_recovers_without_restart(cluster, site):
    url, log = site
    # Several rounds so that both workers hold a persistent connection.
    for _ in range(3):
        assert_serves_normally(url)

    before = {path: fetch(url + path)[2] for path in PAGES}

    cluster.stop()

    for path in PAGES:
        status, headers, body = fetch(url + path)
        assert status == 200, f"{path} answered {status} with the database down"
        assert headers["X-Cache"] == "STALE"
        assert body == before[path]
    for path in NEVER_READ:
        status, headers, body = fetch(url + path)
        assert status == 503, f"{path} answered {status} with the database down"
        assert "Layanan sedang terganggu" in body
        assert 'class="site-header"' in body  # the site's own look, with its navigation
        assert 'href="/tag/"' in body
        assert "Traceback" not in body
        assert "OperationalError" not in body
        assert headers["Retry-After"] == "60"
        assert "no-store" in headers["Cache-Control"]
    status, _, body = fetch(url + "/healthz")
    assert status == 503
    assert json.loads(body) == {"status": "error", "database": "error", "cache": "ok"}

    cluster.start()

    # The very next requests are served: connection health checks replace the dead ones.
    assert_serves_normally(url)
    assert_serves_normally(url)

    text = log.read_text(errors="replace")
    assert "Traceback" not in text, text
    assert "Database unavailable" in text  # the outage is in the log for the operator


WITHDRAWN = "/2025/04/kebijakan-pengelolaan-sektor-perhubungan-palopo/"
WITHDRAW = (
    "from articles import editorial; from articles.models import Article; "
    "editorial.{action}([Article.objects.get(slug='kebijakan-pengelolaan-sektor-perhubungan-palopo')])"
)


@pytest.mark.parametrize("action", ["trash", "unpublish"])
def test_an_article_taken_off_the_site_never_comes_back_from_a_last_copy(cluster, site, action):
    url, _log = site
    status, _, article_page = fetch(url + WITHDRAWN)
    assert status == 200 and "Perhubungan" in article_page  # a last copy is stored
    env = site_env(cluster.url("palopo"), REDIS_URL=REDIS_URL)
    manage(env, "shell", "-c", WITHDRAW.format(action=action))
    assert fetch(url + WITHDRAWN)[0] == 404
    home = fetch(url + "/")[2]  # read again after the change: a fresh last copy

    cluster.stop()

    status, _, body = fetch(url + WITHDRAWN)
    assert status == 503, f"the {action}ed article answered {status} from a copy"
    assert "Perhubungan Palopo" not in body
    status, headers, body = fetch(url + "/")
    assert (status, headers["X-Cache"]) == (200, "STALE")
    assert body == home  # copies stored after the change are still served
    cluster.start()
