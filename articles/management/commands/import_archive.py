"""``manage.py import_archive PAGE.txt [--meta PAGE.meta.csv] [--dry-run] [--update]``."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from articles.importers import archive_loader, archive_page


class DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""


class Command(BaseCommand):
    help = (
        "Memuat teks halaman arsip bulanan WordPress (mis. «Archives April 2025») ke "
        "database. Aman dijalankan berulang: artikel yang sudah sama dibiarkan."
    )

    def add_arguments(self, parser):
        parser.add_argument("page", type=Path, help="Berkas teks halaman arsip.")
        parser.add_argument(
            "--meta",
            type=Path,
            help="CSV slug,wordpress_post_id,tags (tag dipisah titik koma) untuk artikel halaman.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Tampilkan hasilnya tanpa menyimpan apa pun."
        )
        parser.add_argument(
            "--update",
            action="store_true",
            help="Timpa artikel yang isinya berbeda dari berkas (mis. yang sudah diedit staf).",
        )

    def handle(self, *args, page, meta, dry_run, update, **options):
        parsed = self._read(page, lambda text: archive_page.parse(text))
        article_meta = (
            self._read(meta, lambda text: archive_loader.read_meta(text, parsed)) if meta else {}
        )
        try:
            archive_loader.check_limits(parsed, article_meta)
        except archive_page.ArchiveFormatError as error:
            raise CommandError(f"{page}: {error}. Database tidak diubah.") from error
        try:
            with transaction.atomic():
                report = archive_loader.load(parsed, article_meta, update=update)
                if dry_run:
                    raise DryRun
        except archive_page.ArchiveFormatError as error:
            raise CommandError(f"{meta}: {error}. Database tidak diubah.") from error
        except DryRun:
            self.stdout.write(self.style.WARNING("Uji coba (--dry-run): tidak ada yang disimpan."))
        self._print(report)

    def _read(self, path: Path, parse):
        try:
            # utf-8-sig: files saved by Excel or Notepad start with a byte-order mark.
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"{path}: tidak dapat dibaca: {error}") from error
        try:
            return parse(text)
        except archive_page.ArchiveFormatError as error:
            raise CommandError(f"{path}: {error}. Database tidak diubah.") from error

    def _print(self, report):
        for label, titles in [
            ("Dibuat", report.created),
            ("Diperbarui", report.updated),
            ("Sudah sama, dibiarkan", report.unchanged),
            ("Berbeda dari berkas, dibiarkan (pakai --update untuk menimpa)", report.differing),
        ]:
            self.stdout.write(f"{label}: {len(titles)}")
            for title in titles:
                self.stdout.write(f"  - {title}")
