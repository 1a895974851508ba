"""Load-test every page kind the way production serves it, and write the results.

    scripts/bench                          # 1,000 and 100,000 articles, 10 s per page
    scripts/bench --articles 1000 --duration 5
    scripts/bench --database-pool          # psycopg's pool instead of persistent connections
    scripts/bench --page-cache on          # with the site's page cache (Redis)

For each article count N it: creates or reuses the database ``palopo_bench_N`` (never
the real one), migrates it, fills it with ``manage.py generate_archive N`` when its
article count differs, collects static files into a temporary directory, starts
gunicorn with production settings (DEBUG=0, whitenoise, gzip), and nginx (from the
distribution) serving the same article page's HTML as a static file: that is the
ceiling every figure is compared with. Then, per page kind, a short ``wrk`` warm-up
and a measured ``wrk --latency`` run on 127.0.0.1.

SQL queries per request are counted in a separate process (Django's test client with
the same production settings, second request of each page), so production code
needs no benchmark hooks. Worker memory is the resident size of each gunicorn worker
after the load. Results go to ``docs/benchmarks/<date>-<N>[-label].json`` and ``.md``
(plus ``<date>-scaling[-label].md`` comparing the counts), with machine and settings.

``--page-cache on`` sets PAGE_CACHE=1 and a Redis cache for the app (the site's
whole-page cache, palopo_site/page_cache.py); "off" sets PAGE_CACHE=0, so every request
renders and queries PostgreSQL. The results say which mode ran.
"""

import argparse
import datetime
import gzip
import json
import os
import platform
import re
import resource
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

from harness import (
    DEFAULT_DATABASE_URL,
    INSECURE,
    ROOT,
    VENV_BIN,
    database_url,
    ensure_database,
    fetch,
    manage,
    parse_wrk,
    production_env,
    say,
    sql,
    start_gunicorn,
    start_nginx,
    stop,
    wait_for_answer,
    worker_memory_mb,
)

# The WordPress figures this site is measured against: requests/s of a
# stock install without a page-cache plugin, on a two-core machine like this one.
WORDPRESS = {
    1000: {"article": 40, "month": 40, "day": 40, "year": 40, "tag": 40, "home": 40},
    100000: {"month": 28, "feed": 3, "search": 1},
}
# The goals as multiples of WordPress, without any page cache ("off") and
# with the site's own cache warm ("on"); pages without a stated goal only show theirs.
LIST_PAGES = ["article", "month", "day", "year", "tag", "home"]
GOAL_MULTIPLE = {
    "off": {**dict.fromkeys(LIST_PAGES, 20), "search": 10},
    "on": dict.fromkeys(LIST_PAGES, 50),
}

PAGE_KINDS = ["article", "month", "day", "year", "tag", "home", "search", "feed", "sitemap"]
PAGE_KINDS += ["static"]
# A topic a citizen looks for: it is in the titles of about 2.5% of the generated
# articles. (Words of the generated body text are in nearly every article, a worst
# case: pass --search-query "anggaran daerah" to measure it.)
SEARCH_QUERY = "stunting"


# --- the probe: runs inside Django, in its own process --------------------------------


def probe():
    """Prints, as JSON, each page kind's address, status and SQL queries per request."""
    import django

    django.setup()
    from django.db import connection
    from django.templatetags.static import static
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import NoReverseMatch, reverse
    from django.utils import timezone

    from articles.models import Article

    count = Article.objects.count()
    # An article from the middle of the archive, with its dates and first tag.
    article = Article.objects.published().filter(pk__gte=count // 2).order_by("pk").first()
    tag = sorted(article.tags.all(), key=lambda tag: tag.slug)[0]
    local = timezone.localtime(article.publish_at)
    date = {"year": local.year, "month": local.month}

    def address(name, query="", **kwargs):
        try:
            return reverse(f"articles:{name}", kwargs=kwargs) + query
        except NoReverseMatch:
            try:
                return reverse(name, kwargs=kwargs) + query
            except NoReverseMatch:
                return None

    addresses = {
        "article": article.get_absolute_url(),
        "month": address("month_archive", **date),
        "day": address("day_archive", day=local.day, **date),
        "year": address("year_archive", year=local.year),
        "tag": address("tag_detail", slug=tag.slug),
        "home": address("home"),
        "search": address("search", "?" + urlencode({"q": os.environ["BENCH_SEARCH_QUERY"]})),
        "feed": address("feed"),
        "sitemap": address("sitemap_index"),
        "static": static("css/site.css"),
    }
    client = Client(HTTP_HOST="127.0.0.1")
    pages = {}
    for kind, path in addresses.items():
        if path is None:
            pages[kind] = {"path": None, "note": "not built yet"}
            continue
        client.get(path)  # first request: warms template and ORM caches
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
        pages[kind] = {
            "path": path,
            "status": response.status_code,
            "sql_queries": None if kind == "static" else len(queries),
        }
    print(json.dumps({"articles": count, "pages": pages}))


# --- helpers --------------------------------------------------------------------------


def run_measured(env, *args):
    """Runs a manage.py command; returns (seconds, peak resident MB) of that process."""
    started = time.monotonic()
    process = subprocess.Popen([str(VENV_BIN / "python"), "manage.py", *args], cwd=ROOT, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed")
    return time.monotonic() - started, usage.ru_maxrss / 1024


def drain(url):
    """Waits until the server has answered every request wrk left queued.

    Sync gunicorn workers take connections from one queue in order: when a fresh
    request comes back, the last run's leftovers are done and cannot slow the next.
    """
    fetch(url, timeout=300)


# --- wrk --------------------------------------------------------------------------------


def wrk(url, options, duration, latency=True):
    command = [
        "wrk",
        f"-t{options.threads}",
        f"-c{options.connections}",
        f"-d{duration}s",
        "--timeout",
        f"{options.timeout}s",
        # As phones and browsers ask: compressed when the server can.
        "-H",
        "Accept-Encoding: gzip",
    ]
    if latency:
        command.append("--latency")
    result = subprocess.run([*command, url], capture_output=True, text=True, check=True)
    return result.stdout


# --- servers ----------------------------------------------------------------------------


NGINX_CEILING = """
worker_processes {workers};
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    types {{ text/html html; }}
    # The page is stored gzipped, as a proxy cache would hold it: no work per request.
    gzip_static on;
    client_body_temp_path {prefix}/tmp;
    proxy_temp_path {prefix}/tmp;
    fastcgi_temp_path {prefix}/tmp;
    uwsgi_temp_path {prefix}/tmp;
    scgi_temp_path {prefix}/tmp;
    server {{
        listen 127.0.0.1:{port};
        root {prefix}/www;
        location / {{ try_files $uri =404; }}
    }}
}}
"""


def start_nginx_ceiling(prefix, port, page_html, workers):
    (prefix / "www").mkdir(parents=True)
    (prefix / "tmp").mkdir()
    (prefix / "www" / "page.html").write_bytes(page_html)
    (prefix / "www" / "page.html.gz").write_bytes(gzip.compress(page_html, 6))
    conf = prefix / "nginx.conf"
    conf.write_text(NGINX_CEILING.format(prefix=prefix, port=port, workers=workers))
    # nginx workers run as an unprivileged user when started by root: they must be
    # able to reach the page (mkdtemp makes the temporary directory private).
    for path in (prefix.parent, prefix, prefix / "www"):
        path.chmod(0o755)
    process = subprocess.Popen(
        ["nginx", "-c", str(conf), "-p", str(prefix), "-g", "daemon off;"],
        start_new_session=True,
    )
    return process, f"http://127.0.0.1:{port}/page.html"


def measure_through_proxy(prefix, app_port, pages, options, ceiling):
    """Every measured page again, through deploy/nginx.conf itself (https, its proxy cache).

    The same file scripts/two_servers runs, made local the same way. Each page is
    fetched until nginx answers it from its cache (X-Cache-Status: HIT), then loaded
    like the others; the figures go in ``pages[kind]["proxy"]``.
    """
    http_port, https_port = app_port + 2, app_port + 3
    say(f"Proxy: deploy/nginx.conf on https://127.0.0.1:{https_port} in front of gunicorn")
    proxy = start_nginx(prefix, [app_port], http_port, https_port)
    base = f"https://127.0.0.1:{https_port}"
    for kind, page in pages.items():
        if page.get("path") is None:
            continue
        target = base + page["path"]
        status = ""
        for _ in range(50):
            request = urllib.request.Request(target, headers={"Accept-Encoding": "gzip"})
            try:
                with urllib.request.urlopen(request, timeout=10, context=INSECURE) as response:
                    status = response.headers.get("X-Cache-Status", "")
            except (urllib.error.URLError, ConnectionError):
                status = ""
            if status == "HIT":
                break
            time.sleep(0.2)
        say(f"{kind} through the proxy: {status or 'no answer'}")
        wrk(target, options, options.warmup, latency=False)
        measured = parse_wrk(wrk(target, options, options.duration))
        page["proxy"] = {
            **measured,
            "cache_status": status,
            "share_of_ceiling": round(
                measured["requests_per_second"] / ceiling["requests_per_second"], 4
            ),
        }
    return proxy


def access_log_lines(log_dir):
    with open(log_dir / "access.log", "rb") as log:
        return sum(1 for _ in log)


def worker_pids(master_pid):
    result = subprocess.run(["ps", "-o", "pid=", "--ppid", str(master_pid)], capture_output=True)
    return [int(value) for value in result.stdout.split()]


def cpu_seconds(pid):
    """User + system CPU time a process has used so far (from /proc), 0 once gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime


class CpuMeter:
    """CPU time per request of the app workers and of their PostgreSQL backends.

    On a shared machine requests/s also measure everyone else's load; CPU time per
    request does not, and gives what two idle cores could serve. Counted per
    process: one that starts during the run counts from zero; one that ends during
    it (a persistent connection reaching CONN_MAX_AGE) is missed since the last
    sample, so the database figure can be a little low.
    """

    def __init__(self, master_pid, url, database):
        self.master_pid, self.url, self.database = master_pid, url, database

    def sample(self):
        backends = sql(
            self.url,
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [self.database],
        )
        return (
            {pid: cpu_seconds(pid) for pid in worker_pids(self.master_pid)},
            {pid: cpu_seconds(pid) for (pid,) in backends},
        )

    def __enter__(self):
        self.before = self.sample()
        return self

    def __exit__(self, *exc):
        after = self.sample()
        self.app, self.db = (
            sum(max(0.0, seconds - start.get(pid, 0.0)) for pid, seconds in end.items())
            for start, end in zip(self.before, after, strict=True)
        )

    def per_request(self, requests):
        if not requests:
            return {}
        app_ms, db_ms = 1000 * self.app / requests, 1000 * self.db / requests
        return {
            "app_cpu_ms": round(app_ms, 2),
            "db_cpu_ms": round(db_ms, 2),
            "idle_machine_estimate_rps": round(
                os.cpu_count() * 1000 / (app_ms + db_ms) if app_ms + db_ms else 0
            ),
        }


# --- machine and settings ---------------------------------------------------------------


def command_output(*command):
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=10)
        return (result.stdout + result.stderr).strip().splitlines()[0]
    except (OSError, IndexError, subprocess.TimeoutExpired):
        return None


def machine(url):
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory_kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text())[1])
    import django

    return {
        "cpus": os.cpu_count(),
        "cpu_model": cpu,
        "memory_gb": round(memory_kb / 1024 / 1024, 1),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "postgresql": sql(url, "SHOW server_version")[0][0],
        "nginx": command_output("nginx", "-v"),
        "wrk": command_output("wrk", "-v"),
        "load_generator": "wrk on the same machine, 127.0.0.1",
        # Other work on the machine skews every figure; the load average shows it.
        "load_average_1min_after": round(os.getloadavg()[0], 2),
    }


# --- one archive size -------------------------------------------------------------------


def bench_one(count, options, base_url):
    name = f"palopo_bench_{count}"
    url = database_url(base_url, name)
    ensure_database(base_url, name)
    tmp = Path(tempfile.mkdtemp(prefix=f"palopo-bench-{count}-"))
    # Plain http on 127.0.0.1, as scripts/run serves it.
    env = production_env(
        url,
        tmp / "static",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        LOG_LEVEL="WARNING",
        DATABASE_POOL="1" if options.database_pool else "0",
    )
    if options.page_cache == "on":
        env.update(PAGE_CACHE="1", REDIS_URL=options.redis_url)
    else:
        # The site caches pages by default; "off" measures every request rendering.
        env.update(PAGE_CACHE="0")

    say(f"{count} articles: migrating {name}")
    manage(env, "migrate", "--noinput", "-v0")
    existing = sql(url, "SELECT count(*) FROM articles_article")[0][0]
    generation = None
    if existing != count or options.regenerate:
        say(f"Generating {count} articles (database had {existing})")
        seconds, peak_mb = run_measured(env, "generate_archive", str(count), "--replace")
        generation = {"seconds": round(seconds, 1), "peak_rss_mb": round(peak_mb)}
    # Fresh planner statistics, as autovacuum keeps them in production: without them
    # PostgreSQL may choose plans that no running site would use.
    sql(url, "VACUUM ANALYZE")
    manage(env, "collectstatic", "--noinput", "-v0")

    probed = subprocess.run(
        [str(VENV_BIN / "python"), __file__, "--probe"],
        cwd=ROOT,
        env={
            **env,
            "DJANGO_SETTINGS_MODULE": "palopo_site.settings",
            "PYTHONPATH": str(ROOT),
            "BENCH_SEARCH_QUERY": options.search_query,
        },
        capture_output=True,
        text=True,
    )
    if probed.returncode != 0:
        raise SystemExit(f"The probe failed:\n{probed.stderr}")
    probe_result = json.loads(probed.stdout.strip().splitlines()[-1])

    load_before = round(os.getloadavg()[0], 2)
    port = options.port
    base = f"http://127.0.0.1:{port}"
    gunicorn = nginx = proxy = None
    pages = {}
    try:
        say(f"Starting gunicorn ({options.workers} workers) on {base}")
        # Logged as in production (scripts/run), to files instead of the terminal.
        gunicorn = start_gunicorn(
            env,
            port,
            options.workers,
            error_log=tmp / "gunicorn.log",
            access_log=tmp / "access.log",
        )
        wait_for_answer(base + "/", gunicorn)
        article_path = probe_result["pages"]["article"]["path"]
        drain_path = probe_result["pages"]["static"]["path"]
        _, _, page_html = fetch(base + article_path)
        nginx, ceiling_url = start_nginx_ceiling(tmp / "nginx", port + 1, page_html, os.cpu_count())
        wait_for_answer(ceiling_url, nginx)

        say("Ceiling: the article page's HTML as a static file from nginx")
        wrk(ceiling_url, options, options.warmup, latency=False)
        ceiling = parse_wrk(wrk(ceiling_url, options, options.duration))

        for kind in options.only or PAGE_KINDS:
            found = probe_result["pages"][kind]
            if found.get("path") is None:
                pages[kind] = found
                continue
            say(f"{kind}: {found['path']}")
            target = base + found["path"]
            wrk(target, options, options.warmup, latency=False)
            drain(base + drain_path)
            served_before = access_log_lines(tmp)
            with CpuMeter(gunicorn.pid, url, name) as meter:
                measured = parse_wrk(wrk(target, options, options.duration))
                drain(base + drain_path)
            # Every request the workers served in that time, including those still
            # queued when wrk stopped (its count leaves them out), minus the drain.
            measured.update(meter.per_request(access_log_lines(tmp) - served_before - 1))
            pages[kind] = {
                **found,
                **measured,
                "share_of_ceiling": round(
                    measured["requests_per_second"] / ceiling["requests_per_second"], 4
                ),
            }
        memory = worker_memory_mb(gunicorn.pid)
        if options.proxy:
            proxy = measure_through_proxy(tmp / "proxy", port, pages, options, ceiling)
    finally:
        stop(gunicorn)
        stop(nginx, signal.SIGQUIT)
        stop(proxy, signal.SIGQUIT)
        shutil.rmtree(tmp, ignore_errors=True)

    return {
        "articles": probe_result["articles"],
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": {**machine(url), "load_average_1min_before": load_before},
        "settings": {
            "server": f"gunicorn, {options.workers} sync workers, DEBUG=0, whitenoise, gzip",
            "database_connections": (
                "psycopg pool (DATABASE_POOL=1)"
                if options.database_pool
                else "persistent (CONN_MAX_AGE=60)"
            ),
            "page_cache": options.page_cache,
            "wrk": (
                f"{options.threads} threads, {options.connections} connections, "
                f"{options.duration} s after a {options.warmup} s warm-up, "
                "Accept-Encoding: gzip"
            ),
            "search_query": options.search_query,
        },
        "generation": generation,
        "ceiling": ceiling,
        "pages": pages,
        "worker_rss_mb": memory,
    }


# --- reports ----------------------------------------------------------------------------


def goal(kind, count, rps, page_cache):
    """This page's requests/s as a multiple of WordPress's, and whether the goal is met."""
    wordpress = WORDPRESS.get(count, {}).get(kind) or WORDPRESS[1000].get(kind)
    if not wordpress or rps is None:
        return ""
    multiple = rps / wordpress
    wanted = GOAL_MULTIPLE[page_cache].get(kind)
    if wanted is None:
        return f"{multiple:.1f}x WP {wordpress}/s"
    verdict = "met" if multiple >= wanted else f"missed ({multiple / wanted:.0%} of goal)"
    return f"{multiple:.1f}x WP {wordpress}/s; goal {wanted}x: {verdict}"


def markdown(result):
    lines = [
        f"# Benchmark: {result['articles']} articles, "
        f"page cache {result['settings']['page_cache']}",
        "",
        f"Run {result['date']} with `scripts/bench`.",
        "",
        "| Machine | |",
        "| --- | --- |",
        *[f"| {key} | {value} |" for key, value in result["machine"].items()],
        *[f"| {key} | {value} |" for key, value in result["settings"].items()],
        "",
        "| Page | Address | req/s | p50 ms | p99 ms | errors | bytes | SQL | of ceiling "
        "| vs WordPress | CPU ms app + DB | idle 2-core estimate req/s |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: |",
    ]
    ceiling = result["ceiling"]
    page_cache = result["settings"]["page_cache"]
    lines.append(
        f"| ceiling (nginx, static copy of the article) | | {ceiling['requests_per_second']:.0f}"
        f" | {ceiling['p50_ms']} | {ceiling['p99_ms']} | {ceiling['errors']}"
        f" | {ceiling['bytes_per_response']} | | 100% | | | |"
    )
    for kind, page in result["pages"].items():
        if page.get("path") is None:
            lines.append(f"| {kind} | {page['note']} | | | | | | | | | | |")
            continue
        lines.append(
            f"| {kind} | `{page['path']}` | {page['requests_per_second']:.0f} | {page['p50_ms']}"
            f" | {page['p99_ms']} | {page['errors']} | {page['bytes_per_response']}"
            f" | {page['sql_queries'] if page['sql_queries'] is not None else ''}"
            f" | {page['share_of_ceiling']:.1%}"
            f" | {goal(kind, result['articles'], page['requests_per_second'], page_cache)}"
            f" | {page.get('app_cpu_ms', '')} + {page.get('db_cpu_ms', '')}"
            f" | {page.get('idle_machine_estimate_rps', '')} |"
        )
    proxied = {kind: page["proxy"] for kind, page in result["pages"].items() if "proxy" in page}
    if proxied:
        lines += [
            "",
            "Through `deploy/nginx.conf` (https, its proxy cache warm; goal: half the ceiling):",
            "",
            "| Page | req/s | p50 ms | p99 ms | errors | nginx cache | of ceiling | goal |",
            "| --- | ---: | ---: | ---: | ---: | --- | ---: | --- |",
        ]
        for kind, page in proxied.items():
            verdict = "met" if page["share_of_ceiling"] >= 0.5 else "missed"
            lines.append(
                f"| {kind} | {page['requests_per_second']:.0f} | {page['p50_ms']}"
                f" | {page['p99_ms']} | {page['errors']} | {page['cache_status']}"
                f" | {page['share_of_ceiling']:.1%} | {verdict} |"
            )
    lines += ["", f"Gunicorn worker resident memory after the load: {result['worker_rss_mb']} MB."]
    if result["generation"]:
        generation = result["generation"]
        lines.append(
            f"Archive generated in {generation['seconds']} s, peak {generation['peak_rss_mb']} MB."
        )
    return "\n".join(lines) + "\n"


def scaling_markdown(results):
    small, large = results[0], results[-1]
    lines = [
        f"# Scaling: {small['articles']} → {large['articles']} articles "
        f"(page cache {small['settings']['page_cache']})",
        "",
        f"| Page | req/s at {small['articles']} | req/s at {large['articles']} | change "
        "| SQL | goal: ≤ 20% loss, same SQL |",
        "| --- | ---: | ---: | ---: | --- | --- |",
    ]
    for kind, page in small["pages"].items():
        other = large["pages"].get(kind, {})
        if page.get("path") is None or other.get("path") is None:
            lines.append(f"| {kind} | not built yet | | | | |")
            continue
        before, after = page["requests_per_second"], other["requests_per_second"]
        change = after / before - 1
        same_sql = page["sql_queries"] == other["sql_queries"]
        verdict = "met" if change >= -0.2 and same_sql else "missed"
        lines.append(
            f"| {kind} | {before:.0f} | {after:.0f} | {change:+.0%} "
            f"| {page['sql_queries']} → {other['sql_queries']} | {verdict} |"
        )
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--probe", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(
        "--articles",
        default="1000,100000",
        help="comma-separated archive sizes (default: 1000,100000)",
    )
    parser.add_argument("--duration", type=int, default=10, help="seconds per page (10)")
    parser.add_argument("--warmup", type=int, default=3, help="warm-up seconds per page (3)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--timeout", type=int, default=10, help="wrk request timeout, s")
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", 2)))
    parser.add_argument("--port", type=int, default=8600, help="gunicorn; nginx uses port+1")
    parser.add_argument("--database-pool", action="store_true")
    parser.add_argument("--page-cache", choices=["off", "on"], default="off")
    parser.add_argument(
        "--no-proxy",
        dest="proxy",
        action="store_false",
        help="skip the run through deploy/nginx.conf and its cache",
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/13")
    parser.add_argument("--regenerate", action="store_true", help="rebuild the archive")
    parser.add_argument("--only", type=lambda text: text.split(","), help="page kinds")
    parser.add_argument("--search-query", default=SEARCH_QUERY)
    parser.add_argument("--label", default="", help="added to the result file names")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks")
    options = parser.parse_args()
    if options.probe:
        probe()
        return
    if not shutil.which("wrk") or not shutil.which("nginx"):
        raise SystemExit("wrk and nginx are needed: apt-get install wrk nginx (scripts/bench does)")

    base_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)
    label = options.label or "-".join(
        part
        for part in (
            "pool" if options.database_pool else "",
            "cache" if options.page_cache == "on" else "",
        )
        if part
    )
    suffix = f"-{label}" if label else ""
    today = datetime.date.today().isoformat()
    options.out.mkdir(parents=True, exist_ok=True)
    results = []
    for count in [int(value) for value in options.articles.split(",")]:
        result = bench_one(count, options, base_url)
        results.append(result)
        stem = options.out / f"{today}-{count}{suffix}"
        stem.with_suffix(".json").write_text(json.dumps(result, indent=2) + "\n")
        stem.with_suffix(".md").write_text(markdown(result))
        print(markdown(result), flush=True)
    if len(results) > 1:
        scaling = scaling_markdown(results)
        (options.out / f"{today}-scaling{suffix}.md").write_text(scaling)
        print(scaling)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    say(f"Done (harness peak memory {peak:.0f} MB). Results in {options.out}")


if __name__ == "__main__":
    main()
