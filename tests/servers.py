"""Real servers for tests that need another process: gunicorn, PostgreSQL, Redis.

The site runs as in production (gunicorn, DEBUG=0) so a test sees what a citizen or a
load balancer would. Each helper is a context manager that always cleans up.
"""

import atexit
import contextlib
import functools
import glob
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
# The developer's database when DATABASE_URL is not set (as in palopo_site/settings.py).
DEFAULT_DATABASE_URL = "postgres://palopo:palopo@127.0.0.1:5432/palopo"
# Variables of the developer's shell that must not leak into a production-like server.
PRIVATE_ENV = {"DEBUG", "HTTPS", "SECRET_KEY", "ALLOWED_HOSTS", "REDIS_URL", "DATABASE_URL"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, f"manage.py {' '.join(args)} failed:\n{done.stdout}{done.stderr}"
    return done.stdout


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
    return manage(
        env,
        "import_archive",
        "fixtures/archive-2025-04.txt",
        "--meta",
        "fixtures/archive-2025-04.meta.csv",
    )


def database_url_named(url: str, name: str) -> str:
    """``url`` with another database name: same server, same credentials."""
    return urlunsplit(urlsplit(url)._replace(path="/" + name))


def scratch_database_url(suffix: str) -> str:
    """``<name>_<suffix>`` next to the developer's database: a database of the test's own."""
    base = os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)
    return database_url_named(base, urlsplit(base).path.lstrip("/") + "_" + suffix)


def _on_server(url: str, statement: str):
    """Runs ``statement`` (``{}``: the database of ``url``) on that server's postgres database."""
    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(database_url_named(url, "postgres"), autocommit=True) as conn:
        conn.execute(sql.SQL(statement).format(sql.Identifier(name)))


def drop_database(url: str):
    """Drops the database of ``url`` if it exists, closing the connections still open to it."""
    _on_server(url, "DROP DATABASE IF EXISTS {} WITH (FORCE)")


def recreate_database(url: str):
    """The database of ``url``, new and empty (dropped first if it exists)."""
    drop_database(url)
    _on_server(url, "CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8'")


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
    env = {key: value for key, value in os.environ.items() if key not in PRIVATE_ENV}
    env.update(
        STATIC_ROOT=collected_static(),
        DATABASE_URL=database_url,
        DEBUG="0",
        HTTPS="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


@contextlib.contextmanager
def gunicorn(env: dict, log_path: Path, workers: int = 2):
    """The site on a free port; yields its base URL. Waits until /healthz answers."""
    port = free_port()
    binary = Path(sys.executable).parent / "gunicorn"
    log_file = log_path.open("wb")
    process = subprocess.Popen(
        [str(binary), "palopo_site.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(workers)],
        cwd=ROOT,
        env=env,
        stdout=log_file,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:

        def serving():
            assert process.poll() is None, f"gunicorn exited:\n{log_path.read_text()}"
            return fetch(url + "/healthz", timeout=2)[0] in (200, 503)

        wait_for(serving, 30, f"gunicorn did not answer on {url}")
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log_file.close()


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

    ``transactional_db`` empties it again after the test.
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
