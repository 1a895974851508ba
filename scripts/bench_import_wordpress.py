#!/usr/bin/env python3
"""Benchmark: import a generated N-post WordPress export; wall time and peak memory.

    DATABASE_URL=postgres://.../scratch \
        .venv/bin/python scripts/bench_import_wordpress.py 1000 20000

For each N it writes an N-post WXR file (classic-editor posts with headings, lists, a
script, a shortcode, tags and categories) to a temporary directory, runs
``manage.py import_wordpress`` on it in a child process twice (the second run finds
every post unchanged) and prints the file size, wall time and the child's peak
resident memory. Flat memory means the peak stays about the same as N grows.

The posts get WordPress ids from 900,000,000 up and are deleted afterwards (unless
--keep), but use a scratch database all the same: the run adds tags. ``--read-only``
measures only the checking pass (stream, parse, convert; nothing written), for sizes
such as 100000 that take long to import.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIRST_ID = 900_000_000

HEADER = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>DPRD Kota Palopo</title><wp:wxr_version>1.2</wp:wxr_version>
"""

BODY = """Dewan membahas <b>rancangan peraturan daerah</b> nomor {n} tentang retribusi.
Rapat dipimpin ketua dewan dan dihadiri wali kota.

Hadir 25 anggota dari 30 anggota dewan. [caption id="a{n}" width="300"]<img src="f{n}.jpg"> \
Foto rapat {n}[/caption]

<h2>Pandangan Fraksi</h2>
Semua fraksi menyetujui dengan catatan pengawasan pelaksanaan anggaran tahun berjalan.
<script>track({n})</script>
<ul>
<li>Transparansi anggaran</li>
<li>Pengawasan <a href="https://palopo.go.id/perda/{n}">pelaksanaan</a></li>
</ul>

<h3>Tindak Lanjut</h3>
<blockquote>Perda berlaku sejak diundangkan.</blockquote>"""


def write_export(path: Path, count: int):
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER)
        for index in range(count):
            post_id = FIRST_ID + index
            day = 1 + index % 28
            out.write(
                f"<item><title><![CDATA[Kebijakan Daerah Nomor {index}]]></title>"
                f"<content:encoded><![CDATA[{BODY.format(n=index)}]]></content:encoded>"
                f"<excerpt:encoded><![CDATA[]]></excerpt:encoded>"
                f"<wp:post_id>{post_id}</wp:post_id>"
                f"<wp:post_date><![CDATA[2024-03-{day:02d} 10:00:00]]></wp:post_date>"
                f"<wp:post_date_gmt><![CDATA[2024-03-{day:02d} 02:00:00]]></wp:post_date_gmt>"
                f"<wp:post_name><![CDATA[bench-kebijakan-daerah-{post_id}]]></wp:post_name>"
                f"<wp:status><![CDATA[publish]]></wp:status>"
                f"<wp:post_type><![CDATA[post]]></wp:post_type>"
                f'<category domain="category" nicename="bench-kategori-{index % 10}">'
                f"<![CDATA[Bench Kategori {index % 10}]]></category>"
                f'<category domain="post_tag" nicename="bench-tag-{index % 50}">'
                f"<![CDATA[Bench Tag {index % 50}]]></category>"
                "</item>\n"
            )
        out.write("</channel></rss>\n")


# The import runs in a fresh child that reports its own peak (ru_maxrss, KiB on Linux),
# so neither this generator nor an earlier run can mask it.
IMPORT_AND_MEASURE = """
import resource, sys, django
django.setup()
from django.core.management import call_command
call_command("import_wordpress", sys.argv[1])
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""
# --read-only: the checking pass alone (stream, parse and convert every post, write
# nothing), to show the reading side stays flat at sizes too slow to import here.
READ_AND_MEASURE = """
import resource, sys, django
django.setup()
from pathlib import Path
from articles.importers import wordpress
report = wordpress.Report()
with Path(sys.argv[1]).open("rb") as source:
    posts = sum(1 for _ in wordpress.read_posts(source, report, skip_bad=False))
print(f"Diperiksa: {posts} pos, tidak ada yang disimpan")
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def run_import(path: Path, code: str = IMPORT_AND_MEASURE) -> tuple[float, float, str]:
    """Seconds and peak RSS in MiB for one import, plus the first lines of its summary."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "palopo_site.settings"}
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", code, str(path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    seconds = time.perf_counter() - started
    lines = result.stdout.splitlines()
    return seconds, int(lines[-1]) / 1024, " / ".join(lines[:-1][:3])


def delete_imported():
    code = (
        "import django; django.setup();"
        "from articles.models import Article;"
        f"Article.objects.filter(legacy_id__gte={FIRST_ID}).delete()"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "palopo_site.settings"}
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("sizes", type=int, nargs="+", help="numbers of posts, e.g. 1000 20000")
    parser.add_argument("--keep", action="store_true", help="keep the imported articles")
    parser.add_argument(
        "--read-only", action="store_true", help="only the reading pass; writes nothing"
    )
    args = parser.parse_args()
    if "DATABASE_URL" not in os.environ:
        sys.exit("Set DATABASE_URL to a scratch database first.")
    print(f"database: {os.environ['DATABASE_URL'].rsplit('/', 1)[-1]}")
    print(f"{'posts':>8} {'file MiB':>9} {'run':>6} {'seconds':>8} {'peak RSS MiB':>13}  summary")
    with tempfile.TemporaryDirectory() as directory:
        for size in sorted(args.sizes):
            path = Path(directory) / f"export-{size}.xml"
            write_export(path, size)
            megabytes = path.stat().st_size / 2**20
            runs = (
                [("read", READ_AND_MEASURE)]
                if args.read_only
                else [
                    ("first", IMPORT_AND_MEASURE),
                    ("again", IMPORT_AND_MEASURE),
                ]
            )
            for run, code in runs:
                seconds, peak, summary = run_import(path, code)
                print(
                    f"{size:>8} {megabytes:>9.1f} {run:>6} {seconds:>8.1f} {peak:>13.0f}  {summary}"
                )
            if not args.keep and not args.read_only:
                delete_imported()
            path.unlink()


if __name__ == "__main__":
    main()
