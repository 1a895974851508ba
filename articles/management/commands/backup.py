"""``manage.py backup PATH``: the whole database in pg_dump's custom format.

The custom format is compressed, and pg_restore can restore it into an empty or an
existing database (see ``manage.py restore``). The file is written next to its final
name and renamed when complete, so a broken-off backup never looks like a good one.
"""

import subprocess
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.management.commands._pg import client_args_and_env


class Command(BaseCommand):
    help = "Mencadangkan seluruh database ke satu berkas (format custom pg_dump)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="Berkas cadangan yang akan dibuat.")

    def handle(self, *args, path, **options):
        connection_args, env = client_args_and_env()
        partial = path.with_name(path.name + ".partial")
        command = ["pg_dump", "--format=custom", "--no-owner", "--file", str(partial)]
        try:
            done = subprocess.run(
                [*command, *connection_args], env=env, capture_output=True, text=True
            )
        except FileNotFoundError as error:
            raise CommandError(
                "pg_dump tidak ditemukan; pasang paket postgresql-client."
            ) from error
        if done.returncode != 0:
            partial.unlink(missing_ok=True)
            raise CommandError(f"pg_dump gagal: {done.stderr.strip()}")
        partial.replace(path)
        self.stdout.write(f"Cadangan tersimpan: {path} ({path.stat().st_size} bita)")
