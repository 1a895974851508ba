"""Real servers for tests that need another process: gunicorn, PostgreSQL, Redis.

The site runs as in production (gunicorn, DEBUG=0) so a test sees what a citizen or a
load balancer would. Each helper is a context manager that always cleans up.

What the measuring scripts do too (production settings, gunicorn on 127.0.0.1,
databases of their own, ``manage.py``) is in scripts/harness.py, imported here; this
module adds what only tests need, with failures as assertions that show the output.
"""

import atexit
import contextlib
import functools
import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from scripts import harness
from scripts.harness import (
    DEFAULT_DATABASE_URL,
    PRIVATE_ENV,
    ROOT,
    database_name,
    database_url,
    drop_database,
    free_port,
)


def fetch(url: str, timeout: float = 10.0):
    """(status, headers, body text) of a GET, for any status, never raising on 4xx/5xx."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.headers, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode("utf-8", "replace")


def wait_for(condition, timeout: float, message: str, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            if condition():
                return
        time.sleep(interval)
    raise AssertionError(message)


def manage(env: dict, *args: str) -> str:
    """The output of ``manage.py args``; a failure is an AssertionError with all its output."""
    try:
        return harness.manage(env, *args, capture=True, timeout=300).stdout
    except subprocess.CalledProcessError as failed:
        raise AssertionError(
            f"manage.py {' '.join(args)} failed:\n{failed.stdout}{failed.stderr}"
        ) from None


def settings_probe(code: str, env: dict) -> str:
    """The output of ``code`` run in a fresh Python with the site's settings read from ``env``.

    Settings are read once per process: a test of what an environment variable does
    needs a process of its own.
    """
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "palopo_site.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def load_seed(env: dict) -> str:
    """The April 2025 archive, loaded the way scripts/run loads it."""
    return manage(env, *harness.SEED_ARCHIVE)


def scratch_database_url(suffix: str) -> str:
    """``<name>_<suffix>`` next to the developer's database: a database of the test's own."""
    base = os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)
    return database_url(base, database_name(base) + "_" + suffix)


def recreate_database(url: str):
    """The database of ``url``, new and empty (dropped first if it exists)."""
    drop_database(url)
    harness.create_database(url)


@contextlib.contextmanager
def scratch_database(suffix: str):
    """A new, empty ``<name>_<suffix>`` database; yields its URL and always drops it."""
    url = scratch_database_url(suffix)
    recreate_database(url)
    try:
        yield url
    finally:
        drop_database(url)


@functools.cache
def collected_static() -> str:
    """Static files collected once per test run from the work tree as it is now.

    A server must not depend on the developer's last collectstatic: a template naming
    a static file added since would answer 500 (manifest storage).
    """
    root = tempfile.mkdtemp(prefix="palopo-static-")
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    env = {key: value for key, value in os.environ.items() if key not in PRIVATE_ENV}
    manage({**env, "STATIC_ROOT": root, "DEBUG": "1"}, "collectstatic", "--noinput", "-v0")
    return root


def site_env(database_url: str, **extra: str) -> dict:
    """Production settings on plain http at 127.0.0.1 (scripts/harness.py), this run's
    static files; ``extra`` adds or overrides variables."""
    return harness.production_env(database_url, collected_static(), **extra)


@contextlib.contextmanager
def gunicorn(env: dict, log_path: Path, workers: int = 2):
    """The site on a free port; yields its base URL. Waits until /healthz answers.

    Everything the server writes (gunicorn's log and the site's) goes to ``log_path``.
    """
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with log_path.open("wb") as log_file:
        process = harness.start_gunicorn(
            env, port, workers, stdout=log_file, stderr=subprocess.STDOUT
        )
        try:
            try:
                # 503: serving, with the database or the cache down.
                harness.wait_for_answer(url + "/healthz", process, 30, accept=(503,))
            except SystemExit as failure:
                raise AssertionError(f"{failure}:\n{log_path.read_text()}") from None
            yield url
        finally:
            harness.stop(process)


def postgres_bindir() -> Path | None:
    """The newest server binaries of the distribution (Debian: /usr/lib/postgresql/N/bin)."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(p.split("/")[4])
    )
    if found:
        return Path(found[-1]).parent
    pg_ctl = shutil.which("pg_ctl")
    return Path(pg_ctl).parent if pg_ctl else None


UNPRIVILEGED_USER = "palopo-test"


def unprivileged_prefix() -> list[str]:
    """PostgreSQL refuses to run as root: as root, run it as a system user made for tests."""
    if os.geteuid() != 0:
        return []
    try:
        pwd.getpwnam(UNPRIVILEGED_USER)
    except KeyError:
        subprocess.run(
            [
                "useradd",
                "--system",
                "--no-create-home",
                "--shell",
                "/usr/sbin/nologin",
                UNPRIVILEGED_USER,
            ],
            check=True,
        )
    return ["runuser", "-u", UNPRIVILEGED_USER, "--"]


class ThrowAwayPostgres:
    """A PostgreSQL cluster in a temporary directory that the test may stop and start."""

    def __init__(self, bindir: Path):
        self.bindir = bindir
        self.prefix = unprivileged_prefix()
        self.port = free_port()
        self.directory = Path(tempfile.mkdtemp(prefix="palopo-pg-"))
        self.data = self.directory / "data"
        self.log = self.directory / "server.log"
        if self.prefix:
            user = pwd.getpwnam(UNPRIVILEGED_USER)
            os.chown(self.directory, user.pw_uid, user.pw_gid)
        self.directory.chmod(0o755)
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--no-sync",
            "--locale=C",
        )

    def url(self, database: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def _run(self, program: str, *args: str):
        done = subprocess.run(
            [*self.prefix, str(self.bindir / program), *args],
            cwd=self.directory,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, f"{program} failed:\n{done.stdout}{done.stderr}"

    def start(self):
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start")

    def stop(self):
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def destroy(self):
        with contextlib.suppress(AssertionError, subprocess.TimeoutExpired):
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.directory, ignore_errors=True)


@contextlib.contextmanager
def redis_server(port: int | None = None):
    """Redis on a free port, no persistence; yields (url, process)."""
    binary = shutil.which("redis-server")
    assert binary, "redis-server is missing (scripts/test installs it)"
    port = port or free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(
            lambda: socket.create_connection(("127.0.0.1", port), 1).close() or True,
            10,
            "redis-server did not start",
        )
        yield f"redis://127.0.0.1:{port}/0", process
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def served_database(transactional_db):
    """The seeded test database, committed so that gunicorn (another process) sees it.

    ``transactional_db`` empties it again after the test. Accounts made in this process
    have MD5 password hashes (tests/conftest.py), which gunicorn's production settings
    do not check: they cannot log in there.
    """
    from django.core.management import call_command
    from django.db import connection

    from tests.conftest import SEED_META, SEED_PAGE

    call_command("import_archive", str(SEED_PAGE), "--meta", str(SEED_META), verbosity=0)
    settings = connection.settings_dict
    return (
        f"postgres://{settings['USER']}:{settings['PASSWORD']}@{settings['HOST']}:"
        f"{settings['PORT'] or 5432}/{settings['NAME']}"
    )
