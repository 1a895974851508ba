"""EXPLAIN ANALYZE of the search page's queries on a big archive, for a person to read.

    DATABASE_URL=postgres://.../palopo_bench .venv/bin/python manage.py generate_archive 100000
    DATABASE_URL=postgres://.../palopo_bench .venv/bin/python manage.py refresh_search
    DATABASE_URL=postgres://.../palopo_bench .venv/bin/python scripts/bench_search.py [--plans]

For each typical query it prints the database execution time (median of five runs) of
the statements the search page sends: the query parsing, the COUNT for "N artikel
ditemukan", the first page of ranked results and its snippets. ``--plans`` also prints
each plan. Timings are measured here, never asserted in tests.
"""

import os
import re
import statistics
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "palopo_site.settings")
django.setup()

from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from articles.models import Article  # noqa: E402
from articles.search import query as search  # noqa: E402
from articles.search.index import DOCUMENT_CTE  # noqa: E402
from articles.search.views import RESULTS_PER_PAGE  # noqa: E402

QUERIES = [
    "anggaran",
    "pengawasan jalan",
    '"pelayanan publik"',
    "mengawasi -banjir",
    "retribusi pasar sampah",
    "stunting",
    # Rare or absent: read through the GIN index, not the publication order.
    "zebra",
]
RUNS = 5


def explain(sql, params, show):
    times, plan = [], []
    for _ in range(RUNS):
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params or None)
            plan = [row[0] for row in cursor.fetchall()]
        found = [line for line in plan if line.startswith("Execution Time")]
        times.append(float(re.findall(r"[\d.]+", found[0])[0]))
    if show:
        print("\n".join("      " + line for line in plan))
    return statistics.median(times)


def main(show_plans):
    total = Article.objects.count()
    public = Article.objects.published().count()
    print(f"{total} articles, {public} public\n")
    for text in QUERIES:
        tsquery = search.build_tsquery(text)
        results = search.search_articles(tsquery)
        count_sql, count_params = results.count_queryset().query.sql_with_params()
        count_sql = f"SELECT count(*) FROM ({count_sql}) AS matches"
        page = results.page_queryset(0, RESULTS_PER_PAGE)
        page_sql, page_params = page.query.sql_with_params()
        started = time.perf_counter()
        search.parse_query(text)  # one round trip: PostgreSQL's reading, widening, synonyms
        parse_ms = (time.perf_counter() - started) * 1000
        print(f"{text!r} -> {tsquery}")
        shown = results.count()
        print(f"    matches: {'more than ' if results.capped else ''}{shown}")
        print(f"    parse+widen: {parse_ms:.1f} ms")
        print(f"    COUNT:       {explain(count_sql, count_params, show_plans):.1f} ms")
        page_ms = explain(page_sql, page_params, show_plans)
        print(f"    page of {RESULTS_PER_PAGE}: {page_ms:.1f} ms")
        ids = [article.pk for article in results[:RESULTS_PER_PAGE]]
        snippet_sql = f"WITH {DOCUMENT_CTE} {search._HEADLINE_SQL}"
        with connection.cursor() as cursor:
            # Render the named parameters positionally for EXPLAIN.
            sql = cursor.mogrify(
                snippet_sql,
                {"ids": ids, "now": timezone.now(), "query": tsquery},
            )
        print(f"    snippets:    {explain(sql, [], show_plans):.1f} ms\n")


if __name__ == "__main__":
    main("--plans" in sys.argv[1:])
