"""Rebuilds the stored search vectors and the "did you mean" word list.

Saves through the ORM keep them current by themselves (articles/search/signals.py);
this is for rows written around the ORM (bulk loads such as ``generate_archive``,
SQL repairs) and to forget words of articles that are no longer public.
"""

import time

from django.core.management.base import BaseCommand

from articles.search.index import rebuild_search_words


class Command(BaseCommand):
    help = "Menghitung ulang indeks pencarian semua artikel dan daftar kata saran."

    def handle(self, *args, **options):
        started = time.monotonic()
        rebuild_search_words()
        self.stdout.write(f"Indeks pencarian diperbarui ({time.monotonic() - started:.1f} dtk).")
