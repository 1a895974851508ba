"""Configuration from the environment: production refuses unsafe starts; Redis when asked."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "a-long-random-test-key-" + "x" * 40 + "-not-for-real-use",
    "ALLOWED_HOSTS": "dprd.palopokota.go.id",
    "SITE_URL": "https://dprd.palopokota.go.id",
}


def manage(*args, **env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "SITE_URL", "HTTPS", "REDIS_URL"}
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_mode_refuses_to_start_without_secret_key_hosts_and_origin():
    result = manage("check", DEBUG="0")

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
    assert "ALLOWED_HOSTS" in result.stderr
    assert "SITE_URL" in result.stderr


def test_a_site_url_that_is_not_an_origin_stops_the_start():
    result = manage("check", **{**PRODUCTION, "SITE_URL": "dprd.palopokota.go.id/berita"})

    assert result.returncode != 0
    assert "SITE_URL must be an origin" in result.stderr


def test_production_settings_pass_the_deployment_checklist():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_cache_is_redis_when_redis_url_is_set():
    """Two separate processes share values through Redis, as two app servers would."""
    redis_url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    key, value = f"palopo-test-{uuid.uuid4()}", str(uuid.uuid4())

    write = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.core.cache import cache; from django.conf import settings; "
        f"cache.set('{key}', '{value}', 60); print(settings.CACHES['default']['BACKEND'])",
        REDIS_URL=redis_url,
    )
    read = manage(
        "shell",
        "--no-imports",
        "-c",
        f"from django.core.cache import cache; print(cache.get('{key}')); cache.delete('{key}')",
        REDIS_URL=redis_url,
    )

    assert write.returncode == 0, write.stderr
    assert "RedisCache" in write.stdout
    assert read.stdout.strip() == value
