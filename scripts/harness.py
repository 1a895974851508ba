"""Running the site for real, shared by the measuring scripts and the tests.

The scripts (scripts/bench, scripts/two_servers, scripts/loadtest) and the tests that
need another process (tests/servers.py) all make databases of their own, run
``manage.py`` in the project's venv and start gunicorn with production settings
(DEBUG=0) on 127.0.0.1: that is here, once. bench and two_servers also run
deploy/nginx.conf itself, made local: ports, paths and a throw-away self-signed
certificate substituted. What only one script needs stays in that script; what only
the tests need (throw-away PostgreSQL clusters, Redis, fixtures) in tests/servers.py.

Standard library only at import time (psycopg is imported when a database is used).
A sibling module, not a package: the scripts import it as ``harness`` because Python
puts the running script's directory first on ``sys.path``; the tests import it as
``scripts.harness`` (from the project root, scripts/ is a namespace package), as they
import the form reader ``scripts.html_forms``.
"""

import getpass
import os
import re
import secrets
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
# The developer's database when no URL is given (as in palopo_site/settings.py).
DEFAULT_DATABASE_URL = "postgres://palopo:palopo@127.0.0.1:5432/palopo"

# Every https address these scripts fetch is the local nginx with its throw-away
# certificate (self_signed_certificate below).
INSECURE = ssl.create_default_context()
INSECURE.check_hostname = False
INSECURE.verify_mode = ssl.CERT_NONE


def say(message, file=None):
    """A progress line; ``file`` defaults to stdout."""
    print(f"==> {message}", file=file, flush=True)


# --- PostgreSQL and manage.py -----------------------------------------------------------

# The April 2025 archive, loaded the way scripts/run loads it: ``manage(env, *SEED_ARCHIVE)``.
SEED_ARCHIVE = (
    "import_archive",
    "fixtures/archive-2025-04.txt",
    "--meta",
    "fixtures/archive-2025-04.meta.csv",
)


def database_url(base, name):
    """``base`` with its database name replaced by ``name``: same server, same credentials."""
    parts = urlsplit(base)
    return urlunsplit(parts._replace(path="/" + name))


def database_name(url):
    return urlsplit(url).path.lstrip("/")


def sql(url, statement, params=None):
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        cursor = connection.execute(statement, params)
        return cursor.fetchall() if cursor.description else None


def _on_server(url, statement):
    """Runs ``statement`` (``{}``: the database of ``url``, quoted) from the server's
    ``postgres`` database: a database cannot be created or dropped from inside itself."""
    from psycopg import sql as query

    statement = query.SQL(statement).format(query.Identifier(database_name(url)))
    sql(database_url(url, "postgres"), statement)


def create_database(url):
    """The database of ``url``, new and empty (UTF-8, from template0)."""
    _on_server(url, "CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8'")


def drop_database(url):
    """Drops the database of ``url`` if it exists, closing the connections still open to it."""
    _on_server(url, "DROP DATABASE IF EXISTS {} WITH (FORCE)")


def ensure_database(base, name, file=None):
    """Creates the database ``name`` on the server of ``base`` unless it exists."""
    if not sql(base, "SELECT 1 FROM pg_database WHERE datname = %s", [name]):
        say(f"Creating database {name}", file=file)
        create_database(database_url(base, name))


def manage(env, *args, capture=False, stdout=None, timeout=None):
    """Runs ``manage.py`` with the venv's Python; ``capture`` keeps stdout and stderr.

    A failure raises ``subprocess.CalledProcessError`` (with the output when captured).
    """
    return subprocess.run(
        [str(VENV_BIN / "python"), "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.PIPE if capture else stdout,
        stderr=subprocess.PIPE if capture else None,
        text=True,
        timeout=timeout,
    )


# --- processes --------------------------------------------------------------------------

# Variables of the developer's shell that must not leak into a production-like server.
PRIVATE_ENV = {
    "DEBUG",
    "HTTPS",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "SITE_URL",
    "REDIS_URL",
    "DATABASE_URL",
    "DATABASE_REPLICA_URL",
}


# The origin production_env names; start_gunicorn adds the port it serves on.
LOCAL_ORIGIN = "http://127.0.0.1"


def production_env(database_url, static_root, **extra):
    """The environment of the site as production runs it, on plain http at 127.0.0.1.

    This shell's environment without its site settings (PRIVATE_ENV), DEBUG=0, a fresh
    SECRET_KEY, no Redis (the local-memory cache) unless ``extra`` gives REDIS_URL;
    ``extra`` adds or overrides variables (e.g. ``HTTPS="1"``).
    """
    env = {key: value for key, value in os.environ.items() if key not in PRIVATE_ENV}
    env.update(
        DATABASE_URL=database_url,
        STATIC_ROOT=str(static_root),
        DEBUG="0",
        HTTPS="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SITE_URL=LOCAL_ORIGIN,
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(env, port, workers, error_log=None, access_log=None, stdout=None, stderr=None):
    """The site under gunicorn on 127.0.0.1:port, in its own session.

    ``error_log`` and ``access_log`` are files; without ``error_log`` gunicorn logs to
    ``stderr`` (the terminal unless a pipe or file is given), without ``access_log`` not
    at all. The site's own log (Django's, on stderr) always goes to ``stderr``; pass
    ``stdout=file, stderr=subprocess.STDOUT`` to have everything in one file.
    """
    # Its own address (with the port) is the site's origin, unless the caller named
    # another one (a proxy's).
    if env.get("SITE_URL", LOCAL_ORIGIN) == LOCAL_ORIGIN:
        env = {**env, "SITE_URL": f"{LOCAL_ORIGIN}:{port}"}
    command = [
        str(VENV_BIN / "gunicorn"),
        "palopo_site.wsgi:application",
        *("--bind", f"127.0.0.1:{port}", "--workers", str(workers)),
        # As scripts/run: the socket would live in $HOME and collide between servers.
        "--no-control-socket",
    ]
    if access_log:
        command += ["--access-logfile", str(access_log)]
    if error_log:
        command += ["--error-logfile", str(error_log)]
    return subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=stdout,
        stderr=stderr,
        text=True,
        start_new_session=True,
    )


def fetch(url, headers=None, timeout=30):
    """(status, headers, body bytes); an error status raises ``urllib.error.HTTPError``."""
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=timeout, context=INSECURE) as response:
        return response.status, dict(response.headers), response.read()


def wait_for_answer(url, process, seconds=60, accept=()):
    """Waits until ``url`` answers without an error status (or with one of ``accept``),
    while ``process`` runs; SystemExit when it exits or the time is up."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server for {url} exited with {process.returncode}")
        try:
            fetch(url, timeout=2)
            return
        except urllib.error.HTTPError as error:
            if error.code in accept:
                return
            time.sleep(0.3)
        except OSError:  # refused, reset, timed out
            time.sleep(0.3)
    raise SystemExit(f"{url} did not answer within {seconds} s")


def stop(process, sig=signal.SIGTERM):
    if process and process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def worker_memory_mb(master_pid):
    """Resident memory of each child (gunicorn worker) of ``master_pid``, in MB."""
    result = subprocess.run(
        ["ps", "-o", "rss=", "--ppid", str(master_pid)], capture_output=True, text=True
    )
    return [round(int(value) / 1024, 1) for value in result.stdout.split()]


# --- wrk ----------------------------------------------------------------------------------

UNITS_TIME = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}
UNITS_BYTES = {"B": 1, "KB": 1024, "MB": 1024**2, "GB": 1024**3}


def parse_time_ms(text):
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    return float(match[1]) * UNITS_TIME[match[2]]


def parse_wrk(output):
    """The figures of one ``wrk --latency`` run (the percentiles need --latency)."""
    requests_match = re.search(r"(\d+) requests in ([\d.]+\w+), ([\d.]+)(\w+) read", output)
    socket = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    percentiles = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", output, re.MULTILINE))
    requests = int(requests_match[1])
    read_bytes = float(requests_match[3]) * UNITS_BYTES[requests_match[4]]
    errors = (sum(int(value) for value in socket.groups()) if socket else 0) + (
        int(non_2xx[1]) if non_2xx else 0
    )
    return {
        "requests_per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1]),
        "p50_ms": round(parse_time_ms(percentiles["50"]), 2),
        "p99_ms": round(parse_time_ms(percentiles["99"]), 2),
        "requests": requests,
        "errors": errors,
        "non_2xx_3xx": int(non_2xx[1]) if non_2xx else 0,
        "timeouts": int(socket[4]) if socket else 0,
        "bytes_per_response": round(read_bytes / requests) if requests else None,
    }


# --- nginx: deploy/nginx.conf, made local -----------------------------------------------


def local_nginx_conf(conf, prefix, upstreams, http_port, https_port, cert, key):
    """deploy/nginx.conf with this machine's ports and paths; every directive else as is.

    Each replacement must match, so a change in deploy/nginx.conf that these
    replacements no longer understand fails loudly instead of testing something else.
    """
    replacements = [
        # Workers run as whoever runs this script, so they can use its temporary files.
        (r"^user nginx;", f"user {getpass.getuser()};"),
        (r"^worker_processes auto;", "worker_processes 2;"),
        (r"/var/run/nginx\.pid", f"{prefix}/nginx.pid"),
        (r"/var/log/nginx/", f"{prefix}/"),
        (r"/var/cache/nginx/palopo", f"{prefix}/cache"),
        (r"/etc/nginx/certs/fullchain\.pem", str(cert)),
        (r"/etc/nginx/certs/privkey\.pem", str(key)),
        (
            r"^\s*server app:8000 (.*);$",
            "\n".join(f"        server 127.0.0.1:{port} \\1;" for port in upstreams),
        ),
        (r"^\s*listen 80;$", f"        listen 127.0.0.1:{http_port};"),
        (r"^\s*listen 443 ssl http2;$", f"        listen 127.0.0.1:{https_port} ssl http2;"),
        (r"^\s*listen \[::\]:.*\n", ""),
        (r"^http \{$", f"http {{\n    client_body_temp_path {prefix}/tmp;\n"
         f"    proxy_temp_path {prefix}/tmp;"),
    ]  # fmt: skip
    for pattern, replacement in replacements:
        conf, count = re.subn(pattern, replacement, conf, flags=re.MULTILINE)
        if count == 0:
            raise SystemExit(f"deploy/nginx.conf no longer has {pattern!r}; update {__file__}")
    return conf


def self_signed_certificate(directory):
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
            *("-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


def start_nginx(prefix, upstreams, http_port, https_port):
    """nginx from the distribution running deploy/nginx.conf in front of ``upstreams``."""
    for name in ("tmp", "cache"):
        (prefix / name).mkdir(parents=True, exist_ok=True)
    cert, key = self_signed_certificate(prefix)
    conf = prefix / "nginx.conf"
    conf.write_text(
        local_nginx_conf(
            (ROOT / "deploy" / "nginx.conf").read_text(),
            prefix,
            upstreams,
            http_port,
            https_port,
            cert,
            key,
        )
    )
    test = subprocess.run(
        ["nginx", "-t", "-c", str(conf), "-p", str(prefix)], capture_output=True, text=True
    )
    if test.returncode != 0:
        raise SystemExit(f"nginx -t rejected deploy/nginx.conf:\n{test.stderr}")
    say("nginx -t accepts deploy/nginx.conf")
    return subprocess.Popen(
        ["nginx", "-c", str(conf), "-p", str(prefix), "-g", "daemon off;"],
        start_new_session=True,
    )
