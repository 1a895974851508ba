"""The most expensive anonymous requests we can construct, timed at 100,000 articles.

    .venv/bin/python scripts/worst_requests.py                 # palopo_bench_100000
    .venv/bin/python scripts/worst_requests.py --articles 1000 --runs 5
    .venv/bin/python scripts/worst_requests.py --only sitemap,slug --json out.json

It creates or reuses the benchmark database ``palopo_bench_N`` on the server of
BENCH_DATABASE_URL (as scripts/bench does: migrated, filled with
``manage.py generate_archive N`` when its article count differs, VACUUM ANALYZE), then
runs itself again with production settings (DEBUG=0, PAGE_CACHE=0: every request is a
miss and renders) and sends each hostile request through Django's test client, in
process, one at a time: after one warm-up pass, ``--runs`` times each.

Per request it reports the total time (the whole response, streamed content read) and
the database time: the sum of the durations of every query the request sent, taken
with ``connection.execute_wrapper``, so production code needs no hooks. The budget is
50 ms of database time and 100 ms in all (docs/performance.md, "Worst requests at
100,000 articles"); requests over it are marked. Figures are medians of the runs; the
worst run is shown too. The machine's other load skews them: the load average is
printed with the results.

The requests are built from the database (the biggest tag, the longest real slug, the
last page of each list) so they stay the worst ones whatever the generator makes:
every sitemap file with a random query (a page-cache miss), the longest mistyped slugs
under each URL family, a search with as many OR terms as fit, deep pagination and the
biggest tag.
"""

import argparse
import datetime
import json
import os
import random
import shutil
import statistics
import string
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from harness import (
    DEFAULT_DATABASE_URL,
    ROOT,
    VENV_BIN,
    database_url,
    ensure_database,
    manage,
    production_env,
    say,
    sql,
)

DATABASE_BUDGET_MS = 50
TOTAL_BUDGET_MS = 100
GROUPS = ["sitemap", "slug", "tag", "search", "pagination", "feed", "other"]


# --- the measurement: runs inside Django, in its own process ------------------------------


def hostile_requests(groups, seed):
    """[(group, label, path)]: the requests to time, built from the archive itself."""
    from django.db import connection
    from django.db.models.functions import Length
    from django.urls import reverse
    from django.utils import timezone

    from articles import archive_counts, sitemaps
    from articles.models import Article
    from articles.views import PAGE_SIZE

    rng = random.Random(seed)

    def noise():
        return "".join(rng.choices(string.ascii_lowercase, k=12))

    def letters(length):
        return "".join(rng.choices(string.ascii_lowercase, k=length))

    requests = []
    months = archive_counts.month_counts()  # newest first
    total = sum(row["count"] for row in months)
    newest = months[0]["month"]
    year, month = newest.year, newest.month

    if "sitemap" in groups:
        requests.append(("sitemap", "index", f"/sitemap.xml?x={noise()}"))
        for section, sitemap_class in sitemaps.SITEMAPS.items():
            pages = sitemap_class().paginator.num_pages
            url = reverse("sitemap_section", kwargs={"section": section})
            for page in range(1, pages + 1):
                query = f"p={page}&x={noise()}" if page > 1 else f"x={noise()}"
                requests.append(("sitemap", f"{section} file {page}/{pages}", f"{url}?{query}"))

    # The words slugs use most: their trigrams have the longest lists in the trigram
    # index, the costliest lookup a slug of a given length can ask for.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT word FROM (SELECT unnest(string_to_array(slug, '-')) AS word "
            "FROM articles_article) AS words WHERE length(word) > 3 "
            "GROUP BY word ORDER BY count(*) DESC, word LIMIT 40"
        )
        common = [word for (word,) in cursor.fetchall()]

    def common_words(length):
        text, number = "", 0
        while len(text) < length:
            text += ("-" if text else "") + common[number % len(common)]
            number += 1
        return text[:length].strip("-")

    if "slug" in groups:
        longest = (
            Article.objects.published()
            .annotate(length=Length("slug"))
            .order_by("-length", "pk")
            .only("slug", "publish_at")
            .first()
        )
        real = len(longest.slug)
        local = timezone.localtime(longest.publish_at)
        prefix = f"/{local.year}/{local.month:02d}"
        near_miss = longest.slug[:-3] + "x" + longest.slug[-2:]  # one letter wrong
        requests += [
            ("slug", f"article, longest real slug ({real}) mistyped", f"{prefix}/{near_miss}/"),
            ("slug", f"article, {real} random letters", f"{prefix}/{letters(real)}/"),
            ("slug", "article, 240 random letters", f"/{year}/{month:02d}/{letters(240)}/"),
            ("slug", "article, 255 random letters", f"/{year}/{month:02d}/{letters(255)}/"),
            ("slug", f"article, {real} common slug words", f"{prefix}/{common_words(real)}/"),
            ("slug", "article, 255 common slug words", f"{prefix}/{common_words(255)}/"),
            ("slug", "article, 2,000 letters", f"/{year}/{month:02d}/{letters(2000)}/"),
        ]
        # The most a similarity lookup can cost: the month with the most articles, a
        # slug of common words as long as that month's longest slug (+ 2, a typo).
        crowded = max(months, key=lambda row: row["count"])
        first = crowded["month"]
        following = (first + datetime.timedelta(days=31)).replace(day=1)
        in_month = Article.objects.published().filter(
            publish_at__gte=timezone.make_aware(datetime.datetime.combine(first, datetime.time())),
            publish_at__lt=timezone.make_aware(
                datetime.datetime.combine(following, datetime.time())
            ),
        )
        month_longest = max(len(slug) for slug in in_month.values_list("slug", flat=True))
        where = f"/{crowded['month'].year}/{crowded['month'].month:02d}"
        requests.append(
            (
                "slug",
                f"article, biggest month ({crowded['count']}), {month_longest + 2} common words",
                f"{where}/{common_words(month_longest + 2)}/",
            )
        )

    tags = list(archive_counts.tags_with_counts())
    biggest = max(tags, key=lambda tag: tag.article_count)
    tag_pages = -(-biggest.article_count // PAGE_SIZE)

    if "tag" in groups:
        long_tag = common_words(100)
        requests += [
            (
                "tag",
                f"biggest tag ({biggest.article_count} articles)",
                f"/tag/{biggest.slug}/?x={noise()}",
            ),
            (
                "tag",
                f"biggest tag, last page ({tag_pages})",
                f"/tag/{biggest.slug}/page/{tag_pages}/",
            ),
            ("tag", "tag list", f"/tag/?x={noise()}"),
            ("tag", "tag, 100 common slug words", f"/tag/{long_tag}/"),
            ("tag", "tag, 2,000 letters", f"/tag/{letters(2000)}/"),
            ("tag", "tag, 2,000 letters, page 9999", f"/tag/{letters(2000)}/page/9999/"),
            ("tag", "category, 2,000 letters", f"/category/{letters(2000)}/"),
        ]

    if "search" in groups:
        # As many OR terms as fit in the 200 characters the search reads, and more.
        words = [tag.slug.split("-")[0] for tag in sorted(tags, key=lambda t: -t.article_count)]
        words = [word for word in dict.fromkeys(words) if len(word) > 3]
        ors = " or ".join(words[:40])
        requests += [
            ("search", f"search, {len(words[:40])} OR terms", "/cari/?" + _q(ors)),
            (
                "search",
                "search, 100 two-letter OR terms",
                "/cari/?" + _q(" or ".join(["pe"] * 100)),
            ),
            ("search", "search, 200 letters", "/cari/?" + _q(letters(200))),
        ]

    if "pagination" in groups:
        home_last = -(-total // PAGE_SIZE)
        biggest_month = max(months, key=lambda row: row["count"])["month"]
        month_last = -(-max(row["count"] for row in months) // PAGE_SIZE)
        requests += [
            ("pagination", "home", f"/?x={noise()}"),
            ("pagination", "home, page 5000", "/page/5000/"),
            ("pagination", f"home, last page ({home_last})", f"/page/{home_last}/"),
            ("pagination", "home, ?page= last", f"/?page={home_last}"),
            ("pagination", "month, page 9999 (out of range)", "/2025/04/page/9999/"),
            (
                "pagination",
                f"biggest month, last page ({month_last})",
                f"/{biggest_month.year}/{biggest_month.month:02d}/page/{month_last}/",
            ),
            ("pagination", "year, page 9999 (out of range)", f"/{year}/page/9999/"),
        ]
        year_count = sum(row["count"] for row in months if row["month"].year == year - 1)
        if year_count:
            last = -(-year_count // PAGE_SIZE)
            requests.append(
                ("pagination", f"previous year, last page ({last})", f"/{year - 1}/page/{last}/")
            )

    if "feed" in groups:
        requests += [
            ("feed", "feed", f"/feed/?x={noise()}"),
            ("feed", "biggest tag's feed", f"/tag/{biggest.slug}/feed/?x={noise()}"),
        ]

    if "other" in groups:
        # The article with the most tags (the most related-article queries), WordPress's
        # /?p=ID, search's deep pages and filters.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT content_object_id FROM articles_taggedarticle GROUP BY 1 "
                "ORDER BY count(*) DESC, 1 LIMIT 1"
            )
            (most_tagged,) = cursor.fetchone()
        article = Article.objects.published().filter(pk=most_tagged).first()
        if article is not None:
            requests.append(
                ("other", "article with the most tags", f"{article.get_absolute_url()}?x={noise()}")
            )
        legacy = Article.objects.published().exclude(legacy_id=None).values("legacy_id").first()
        requests += [
            ("other", "/?p= (unknown WordPress id)", "/?p=999999999"),
            ("other", "search, page 500", "/cari/?" + _q("rapat") + "&page=500"),
            (
                "other",
                "search, biggest tag filter",
                "/cari/?" + _q("rapat") + f"&topik={biggest.slug}",
            ),
            ("other", "robots.txt", f"/robots.txt?x={noise()}"),
        ]
        if legacy:
            requests.append(("other", "/?p= (a WordPress id)", f"/?p={legacy['legacy_id']}"))
    return requests


def _q(text):
    from urllib.parse import urlencode

    return urlencode({"q": text})


class QueryTimer:
    """Sums the wall time of every query sent while it is installed."""

    def __init__(self):
        self.seconds, self.queries = 0.0, 0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.queries += 1


def measure(options):
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from articles.models import Article

    groups = options.only or GROUPS
    requests = hostile_requests(groups, options.seed)
    # A failing request is reported with its status (500), not raised.
    client = Client(HTTP_HOST="127.0.0.1", raise_request_exception=False)

    def timed(path):
        timer = QueryTimer()
        started = time.perf_counter()
        with connection.execute_wrapper(timer):
            response = client.get(path)
            if response.streaming:
                b"".join(response.streaming_content)
        total = time.perf_counter() - started
        return response.status_code, total * 1000, timer.seconds * 1000, timer.queries

    for _, _, path in requests:  # warm-up: templates, ORM and PostgreSQL caches
        timed(path)
    results = []
    for group, label, path in requests:
        runs = [timed(path) for _ in range(options.runs)]
        total = statistics.median(run[1] for run in runs)
        database = statistics.median(run[2] for run in runs)
        results.append(
            {
                "group": group,
                "request": label,
                "path": path if len(path) <= 120 else path[:117] + "...",
                "path_length": len(path),
                "status": runs[-1][0],
                "queries": runs[-1][3],
                "total_ms": round(total, 1),
                "db_ms": round(database, 1),
                "worst_total_ms": round(max(run[1] for run in runs), 1),
                "worst_db_ms": round(max(run[2] for run in runs), 1),
                "over_budget": database > DATABASE_BUDGET_MS or total > TOTAL_BUDGET_MS,
            }
        )
    print(
        json.dumps(
            {
                "articles": Article.objects.count(),
                "runs": options.runs,
                "load_average_1min": round(os.getloadavg()[0], 2),
                "requests": results,
            }
        )
    )


# --- the report ---------------------------------------------------------------------------


def markdown(result):
    lines = [
        f"Worst requests at {result['articles']} articles (PAGE_CACHE=0, in process, "
        f"median of {result['runs']} runs; load average {result['load_average_1min']})",
        "",
        "| Request | Status | Queries | DB ms | Total ms | Worst DB / total ms | Budget |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for row in result["requests"]:
        lines.append(
            f"| {row['request']} (`{row['path'][:60]}`) | {row['status']} | {row['queries']} "
            f"| {row['db_ms']} | {row['total_ms']} | {row['worst_db_ms']} / "
            f"{row['worst_total_ms']} | {'**over**' if row['over_budget'] else 'ok'} |"
        )
    worst = max(result["requests"], key=lambda row: row["total_ms"])
    worst_db = max(result["requests"], key=lambda row: row["db_ms"])
    lines += [
        "",
        f"Slowest in all: {worst['request']}, {worst['total_ms']} ms "
        f"({worst['db_ms']} ms database).",
        f"Most database time: {worst_db['request']}, {worst_db['db_ms']} ms.",
    ]
    return "\n".join(lines) + "\n"


def prepare(count, base_url, regenerate):
    """The benchmark database palopo_bench_<count>, filled and analysed; its URL and env."""
    name = f"palopo_bench_{count}"
    url = database_url(base_url, name)
    ensure_database(base_url, name)
    static = Path(tempfile.mkdtemp(prefix="palopo-worst-"))
    env = production_env(url, static, LOG_LEVEL="ERROR", PAGE_CACHE="0")
    say(f"Migrating {name}")
    manage(env, "migrate", "--noinput", "-v0")
    existing = sql(url, "SELECT count(*) FROM articles_article")[0][0]
    if existing != count or regenerate:
        say(f"Generating {count} articles (database had {existing})")
        manage(env, "generate_archive", str(count), "--replace")
        say("VACUUM ANALYZE")
        sql(url, "VACUUM ANALYZE")  # planner statistics, as autovacuum keeps them
    manage(env, "collectstatic", "--noinput", "-v0")  # DEBUG=0 pages need the manifest
    return env, static


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3, help="measured runs per request (3)")
    parser.add_argument("--seed", type=int, default=1, help="for the random letters")
    parser.add_argument("--only", type=lambda text: text.split(","), help=",".join(GROUPS))
    parser.add_argument("--regenerate", action="store_true", help="rebuild the archive")
    parser.add_argument("--json", type=Path, help="also write the results here")
    options = parser.parse_args()
    if options.measure:
        measure(options)
        return

    base_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)
    env, static = prepare(options.articles, base_url, options.regenerate)
    say(f"Timing hostile requests at {options.articles} articles")
    arguments = ["--measure", "--runs", str(options.runs), "--seed", str(options.seed)]
    if options.only:
        arguments += ["--only", ",".join(options.only)]
    try:
        measured = subprocess.run(
            [str(VENV_BIN / "python"), __file__, *arguments],
            cwd=ROOT,
            env={**env, "DJANGO_SETTINGS_MODULE": "palopo_site.settings", "PYTHONPATH": str(ROOT)},
            capture_output=True,
            text=True,
        )
    finally:
        shutil.rmtree(static)
    if measured.returncode != 0:
        raise SystemExit(f"The measurement failed:\n{measured.stderr}")
    result = json.loads(measured.stdout.strip().splitlines()[-1])
    if options.json:
        options.json.write_text(json.dumps(result, indent=2) + "\n")
    print(markdown(result), end="")
    over = [row for row in result["requests"] if row["over_budget"]]
    say(f"{len(over)} of {len(result['requests'])} requests over the budget")


if __name__ == "__main__":
    sys.exit(main())
