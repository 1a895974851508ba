"""Sustained load on a mix of public pages; fails on any failed request or memory growth.

    scripts/loadtest                                  # 64 connections, 60 s, 1,000 articles
    scripts/loadtest --duration 300 --articles 100000

Creates or reuses the database ``palopo_bench_loadtest`` (never the real one), fills it with
the April 2025 archive plus ``manage.py generate_archive N``, starts gunicorn with
production settings (DEBUG=0, whitenoise, gzip) and runs ONE ``wrk`` that cycles
through a mix of addresses (home, year, month, day, articles, topics, feed, search,
a static file) from a small Lua script. Meanwhile it samples the resident memory of
every gunicorn worker once a second.

Pass/fail: wrk must report no socket error, no timeout and no non-2xx/3xx answer; and
the workers' memory in the last quarter of the run must not exceed the second quarter's
by more than 10 % + 8 MB (a leak grows steadily; a warm cache levels off after the
first requests, which the first quarter absorbs). Results: a JSON summary on stdout.
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

import harness
import psycopg
from harness import (
    DEFAULT_DATABASE_URL,
    SEED_ARCHIVE,
    database_url,
    ensure_database,
    production_env,
    sql,
    start_gunicorn,
    stop,
    wait_for_answer,
    worker_memory_mb,
)

# generate_archive only writes into databases named as benchmark ones.
DATABASE = "palopo_bench_loadtest"

# wrk cycles through the addresses, one per request per connection.
LUA = """
paths = {%s}
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
"""


def say(message):
    # To stderr: stdout carries only the JSON summary.
    harness.say(message, file=sys.stderr)


def manage(env, *args):
    harness.manage(env, *args, stdout=sys.stderr)  # its output too


def prepare_database(base_url, articles):
    url = database_url(base_url, DATABASE)
    ensure_database(base_url, DATABASE, file=sys.stderr)
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "1"}
    say(f"Migrating and seeding {DATABASE}")
    manage(env, "migrate", "--noinput", "-v0")
    count = sql(url, "SELECT count(*) FROM articles_article")[0][0]
    if count < articles:
        say(f"Generating {articles} articles (once; reused afterwards)")
        manage(env, "generate_archive", str(articles), "--replace")
    # The real April 2025 articles too (idempotent: a second run changes nothing).
    manage(env, *SEED_ARCHIVE)
    return url


def page_mix(url, static_path):
    """Real addresses from the database: a spread of articles, months, days and topics."""
    with psycopg.connect(url) as conn:
        conn.execute("SET TIME ZONE 'Asia/Makassar'")
        articles = conn.execute(
            "SELECT to_char(publish_at, 'YYYY/MM'), slug, to_char(publish_at, 'YYYY/MM/DD') "
            "FROM articles_article WHERE status = 'published' AND publish_at <= now() "
            "AND deleted_at IS NULL ORDER BY random() LIMIT 40"
        ).fetchall()
        tags = conn.execute(
            "SELECT t.slug FROM articles_tag t JOIN articles_taggedarticle ta ON ta.tag_id = t.id "
            "GROUP BY t.slug ORDER BY count(*) DESC LIMIT 10"
        ).fetchall()
    paths = ["/", "/tag/", "/feed/", "/cari/?q=anggaran", "/cari/?q=pelayanan+publik", static_path]
    for month, slug, day in articles:
        paths += [f"/{month}/{quote(slug)}/", f"/{month}/", f"/{day}/", f"/{month[:4]}/"]
    paths += [f"/tag/{quote(slug)}/" for (slug,) in tags]
    return sorted(set(paths), key=paths.index)


def parse_wrk(output):
    """Not harness.parse_wrk: this run has no --latency (no percentiles to read), and
    its summary lists each kind of socket error."""
    found = re.search(r"(\d+) requests in", output)
    socket = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    non_ok = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "requests": int(found[1]),
        "requests_per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1]),
        "socket_errors": dict(
            zip(["connect", "read", "write", "timeout"], map(int, socket.groups()), strict=True)
        )
        if socket
        else {"connect": 0, "read": 0, "write": 0, "timeout": 0},
        "non_2xx_3xx": int(non_ok[1]) if non_ok else 0,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--duration", type=int, default=60, help="seconds (60)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", 2)))
    parser.add_argument("--port", type=int, default=8790)
    options = parser.parse_args()

    base = os.environ.get("LOADTEST_DATABASE_URL", DEFAULT_DATABASE_URL)
    url = prepare_database(base, options.articles)
    static_root = tempfile.mkdtemp(prefix="palopo-loadtest-static-")
    env = production_env(url, static_root)
    manage(env, "collectstatic", "--noinput", "-v0")
    manifest = json.loads((Path(static_root) / "staticfiles.json").read_text())
    static_path = "/static/" + manifest["paths"]["css/site.css"]
    site = f"http://127.0.0.1:{options.port}"
    # Its log is read for tracebacks.
    gunicorn = start_gunicorn(env, options.port, options.workers, stderr=subprocess.PIPE)
    log = []
    threading.Thread(target=lambda: log.extend(gunicorn.stderr), daemon=True).start()
    try:
        wait_for_answer(site + "/healthz", gunicorn)
        paths = page_mix(url, static_path)
        for path in paths:  # every address must work before the load counts
            with urllib.request.urlopen(site + path, timeout=30) as response:
                assert response.status == 200, path
        lua = Path(tempfile.mkdtemp()) / "mix.lua"
        lua.write_text(LUA % ", ".join(json.dumps(path) for path in paths))
        say(f"wrk: {options.connections} connections, {options.duration} s, {len(paths)} addresses")
        samples = []
        wrk = subprocess.Popen(
            [
                "wrk",
                f"-t{options.threads}",
                f"-c{options.connections}",
                f"-d{options.duration}s",
                "--timeout",
                "10s",
                "-H",
                "Accept-Encoding: gzip",
                "-s",
                str(lua),
                site,
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        while wrk.poll() is None:
            samples.append(sum(worker_memory_mb(gunicorn.pid)))
            time.sleep(1)
        result = parse_wrk(wrk.stdout.read())
    finally:
        stop(gunicorn)

    quarter = max(1, len(samples) // 4)
    second, last = (
        statistics.mean(samples[quarter : 2 * quarter]),
        statistics.mean(samples[-quarter:]),
    )
    memory_ok = last <= second * 1.10 + 8
    errors = sum(result["socket_errors"].values()) + result["non_2xx_3xx"]
    tracebacks = sum("Traceback" in line for line in log)
    summary = {
        **result,
        "connections": options.connections,
        "duration_s": options.duration,
        "workers": options.workers,
        "addresses": len(paths),
        "articles_at_least": options.articles,
        "workers_rss_mb": {
            "first_sample": round(samples[0], 1),
            "second_quarter_mean": round(second, 1),
            "last_quarter_mean": round(last, 1),
            "max": round(max(samples), 1),
        },
        "server_tracebacks": tracebacks,
        "passed": errors == 0 and memory_ok and tracebacks == 0,
    }
    print(json.dumps(summary, indent=2))
    sys.exit(0 if summary["passed"] else 1)


if __name__ == "__main__":
    main()
