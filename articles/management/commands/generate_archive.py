"""``manage.py generate_archive N [--seed S] [--replace]``: a benchmark archive.

Only for benchmarks: it refuses any database whose name does not say so
(``palopo_bench_...``, or pytest's ``test_...``), so it can never write made-up
articles into the council's real archive.
"""

import resource
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from articles.benchmark_data import ArchiveGenerator


def is_benchmark_database(name: str) -> bool:
    return "bench" in name or name.startswith("test_")


class Command(BaseCommand):
    help = (
        "Membuat arsip buatan berisi N artikel untuk pengukuran kinerja, hanya di "
        "database benchmark (nama memuat «bench»)."
    )

    def add_arguments(self, parser):
        parser.add_argument("count", type=int, help="Jumlah artikel.")
        parser.add_argument("--seed", type=int, default=2025, help="Benih acak (hasil sama).")
        parser.add_argument("--batch-size", type=int, default=2000)
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Kosongkan artikel dan tag yang ada lebih dulu.",
        )

    def handle(self, *args, count, seed, batch_size, replace, **options):
        name = connection.settings_dict["NAME"]
        if not is_benchmark_database(name):
            raise CommandError(
                f"Database «{name}» bukan database benchmark. Gunakan database yang "
                "namanya memuat «bench», mis. palopo_bench_1000."
            )
        if count < 1 or batch_size < 1:
            raise CommandError("Jumlah artikel dan ukuran batch harus lebih dari nol.")
        if replace:
            with connection.cursor() as cursor:
                # Inside a transaction (tests), deferred constraint checks must run
                # first: TRUNCATE refuses a table with pending ones.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute(
                    "TRUNCATE articles_article, articles_section, articles_taggedarticle, "
                    "articles_tag RESTART IDENTITY CASCADE"
                )

        started = time.monotonic()
        generator = ArchiveGenerator(count, seed=seed, batch_size=batch_size)
        step = max(count // 10, batch_size)

        def progress(done):
            if done % step < batch_size or done == count:
                self.stdout.write(f"  {done} / {count} artikel")

        try:
            report = generator.run(progress if options["verbosity"] > 1 else None)
        except ValueError as error:
            raise CommandError(
                "Database sudah berisi artikel atau tag; pakai --replace untuk mengosongkannya."
            ) from error
        seconds = time.monotonic() - started
        # ru_maxrss is in kilobytes on Linux.
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        self.stdout.write(
            f"{report.articles} artikel ({report.published} terbit, {report.drafts} draf, "
            f"{report.scheduled} terjadwal), {report.sections} bagian, {report.tagged} tag "
            f"artikel dalam {seconds:.1f} s; memori puncak {peak_mb:.0f} MB; "
            "vektor pencarian: diisi."
        )
