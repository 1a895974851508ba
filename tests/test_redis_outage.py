"""Redis (the shared cache) really goes down under a running site: pages keep coming.

gunicorn runs with REDIS_URL pointing at a redis-server the test owns. When it is
stopped the site serves from PostgreSQL (every cache call is a miss), logs one warning
instead of a traceback per request, and /healthz reports the cache as down while
still answering 200 (the site can serve). When Redis returns, the cache is used again.
"""

import json
import os

import pytest
from django.core.cache.backends.base import DEFAULT_TIMEOUT

from palopo_site.cache import ResilientRedisCache
from tests import servers
from tests.servers import (
    fetch,
    free_port,
    gunicorn,
    redis_server,
    site_env,
    wait_for,
)

# The seeded test database, committed so that gunicorn sees it.
served_database = servers.served_database

PAGES = [
    "/",
    "/2025/04/",
    "/2025/04/kebijakan-pengelolaan-sektor-perhubungan-palopo/",
    "/tag/partisipasi-masyarakat/",
    "/cari/?q=anggaran",
    "/feed/",
]


def health(url):
    status, _, body = fetch(url + "/healthz")
    return status, json.loads(body)


def test_site_keeps_serving_when_redis_goes_down_and_uses_it_again_after(served_database, tmp_path):
    port = free_port()
    log = tmp_path / "gunicorn.log"
    with redis_server(port) as (redis_url, redis_process):
        env = site_env(served_database, REDIS_URL=redis_url)
        with gunicorn(env, log) as url:
            for path in PAGES:
                assert fetch(url + path)[0] == 200
            assert health(url) == (200, {"status": "ok", "database": "ok", "cache": "ok"})

            redis_process.terminate()
            redis_process.wait(timeout=10)

            for _ in range(3):
                for path in PAGES:
                    status = fetch(url + path)[0]
                    assert status == 200, f"{path} answered {status} with Redis down"
            assert health(url) == (200, {"status": "degraded", "database": "ok", "cache": "error"})

            with redis_server(port):
                wait_for(
                    lambda: health(url)[1]["cache"] == "ok",
                    10,
                    "cache not used after Redis came back",
                )
                assert fetch(url + "/")[0] == 200

    text = log.read_text(errors="replace")
    assert "Redis cache unavailable" in text
    assert "Traceback" not in text, text
    # One warning per worker per interval, not one per request.
    assert text.count("Redis cache unavailable") <= 4


def test_every_cache_call_is_a_miss_when_redis_is_unreachable(caplog):
    """The backend API contract while Redis is down (nothing listens on the port)."""
    cache = ResilientRedisCache(f"redis://127.0.0.1:{free_port()}/0", {})

    with caplog.at_level("WARNING", logger="palopo_site.cache"):
        assert cache.get("page", "fallback") == "fallback"
        assert cache.get_many(["a", "b"]) == {}
        assert cache.has_key("page") is False
        assert cache.set("page", "html") is None
        assert cache.add("page", "html") is False
        assert cache.set_many({"a": 1, "b": 2}) == ["a", "b"]
        assert cache.touch("page", DEFAULT_TIMEOUT) is False
        assert cache.delete("page") is False
        assert cache.get_or_set("page", "fresh") == "fresh"
        with pytest.raises(ValueError):
            cache.incr("counter")
    warnings = [record for record in caplog.records if record.levelname == "WARNING"]
    assert len(warnings) == 1, "one warning per interval, not one per call"


@pytest.mark.skipif(not os.environ.get("TEST_REDIS_URL"), reason="TEST_REDIS_URL not set")
def test_the_backend_is_a_normal_cache_while_redis_is_up():
    cache = ResilientRedisCache(os.environ["TEST_REDIS_URL"], {"KEY_PREFIX": "h7-resilient"})
    cache.delete_many(["page", "n"])
    cache.set("page", "html", 30)
    assert cache.get("page") == "html"
    assert cache.add("n", 1) is True
    assert cache.incr("n") == 2
    assert cache.delete("page") is True
    assert cache.get("page") is None
