"""``manage.py backup PATH``: the whole database in pg_dump's custom format.

The custom format is compressed, and pg_restore can restore it into an empty or an
existing database (see ``manage.py restore``). The file is written next to its final
name and renamed when complete, so a broken-off backup never looks like a good one.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.management.commands import _pg


class Command(BaseCommand):
    help = "Mencadangkan seluruh database ke satu berkas (format custom pg_dump)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="Berkas cadangan yang akan dibuat.")

    def handle(self, *args, path, **options):
        partial = path.with_name(path.name + ".partial")
        try:
            _pg.run(
                "pg_dump",
                ["--format=custom", "--no-owner", "--file", str(partial)],
                failed="pg_dump gagal",
            )
        except CommandError:
            partial.unlink(missing_ok=True)
            raise
        partial.replace(path)
        self.stdout.write(f"Cadangan tersimpan: {path} ({path.stat().st_size} bita)")
