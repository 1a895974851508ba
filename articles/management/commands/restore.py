"""``manage.py restore PATH --yes``: puts a ``manage.py backup`` file back.

Every table of the backup is dropped and re-created from it (``pg_restore --clean
--if-exists``) in ONE transaction: a failed restore leaves the database as it was.
It replaces what is there, so it refuses to run without ``--yes``.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from articles.management.commands import _pg


class Command(BaseCommand):
    help = (
        "Memulihkan database dari berkas `manage.py backup`. Isi database sekarang "
        "diganti seluruhnya; wajib memakai --yes."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="Berkas cadangan dari `manage.py backup`.")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Ya, ganti isi database sekarang dengan isi cadangan.",
        )

    def handle(self, *args, path, yes, **options):
        if not path.is_file():
            raise CommandError(f"Berkas cadangan tidak ada: {path}")
        if not yes:
            raise CommandError(
                "Pemulihan mengganti seluruh isi database. Jalankan lagi dengan --yes "
                "bila memang itu yang dimaksud."
            )
        # Our own open connection would hold locks on the tables being replaced.
        connections.close_all()
        _pg.run(
            "pg_restore",
            [
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                str(path),
            ],
            failed="pg_restore gagal, database tidak diubah",
        )
        self.stdout.write(f"Database dipulihkan dari {path}")
