"""``manage.py import_wordpress EXPORT.xml [--skip-bad] [--update] [--batch-size N]``."""

from contextlib import contextmanager
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from articles.importers import wordpress, wxr

SKIPPED_LABELS = {
    "page": "halaman",
    "attachment": "lampiran (media)",
    "nav_menu_item": "item menu",
    "revision": "revisi",
    "komentar": "komentar",
}


class Command(BaseCommand):
    help = (
        "Mengimpor berkas ekspor WordPress (WXR, dari Alat -> Ekspor) menjadi artikel. "
        "Aman dijalankan berulang: pos dikenali dari nomor pos WordPress; yang sudah sama "
        "dibiarkan, yang berubah diperbarui, tidak ada yang dihapus. Artikel yang diubah "
        "staf sejak impor terakhir dibiarkan (kecuali dengan --update); artikel yang "
        "ditarik atau dibuang staf tidak pernah diterbitkan ulang."
    )

    def add_arguments(self, parser):
        parser.add_argument("export", type=Path, help="Berkas ekspor WordPress (.xml).")
        parser.add_argument(
            "--skip-bad",
            action="store_true",
            help="Lewati pos yang rusak (dilaporkan dengan nomor pos dan barisnya) dan "
            "lanjutkan. Tanpa opsi ini, satu pos rusak menghentikan impor sebelum ada "
            "yang disimpan.",
        )
        parser.add_argument(
            "--update",
            action="store_true",
            help="Timpa juga isi artikel yang diubah staf sejak impor terakhir. Status "
            "(draf/terbit) dan tempat sampah tetap seperti yang ditentukan staf.",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=wordpress.BATCH_SIZE,
            help="Jumlah pos per transaksi (bawaan: %(default)s).",
        )

    def handle(self, *args, export, skip_bad, update, batch_size, **options):
        if batch_size < 1:
            raise CommandError("--batch-size harus 1 atau lebih.")
        if not export.is_file():
            raise CommandError(f"{export}: berkas tidak ditemukan.")
        try:
            report = wordpress.import_export(
                export,
                skip_bad=skip_bad,
                update=update,
                batch_size=batch_size,
                open_file=self._opener(),
            )
        except wordpress.BadPost as error:
            raise CommandError(
                f"{export}: {error}. Database tidak diubah. "
                "Perbaiki pos itu atau jalankan lagi dengan --skip-bad untuk melewatinya."
            ) from error
        except wxr.WxrError as error:
            outcome = (
                "Pos sebelum baris itu yang sudah disimpan tetap ada; jalankan lagi "
                "setelah berkas diperbaiki."
                if skip_bad
                else "Database tidak diubah."
            )
            raise CommandError(f"{export}: {error}. {outcome}") from error
        except OSError as error:
            raise CommandError(f"{export}: tidak dapat dibaca: {error}") from error
        self._print(report)

    def _opener(self):
        """Opens the export, behind a progress bar (by bytes read) on a terminal.

        tqdm draws and throttles the bar and stays silent when output is a file or a
        pipe (cron, CI logs); bytes work for both passes without counting posts first.
        """
        show = self.stdout.isatty()

        @contextmanager
        def open_file(path: Path, label: str):
            with path.open("rb") as handle:
                if not show:
                    yield handle
                    return
                with tqdm.wrapattr(
                    handle,
                    "read",
                    total=path.stat().st_size,
                    desc=label,
                    file=self.stdout._out,
                    unit="B",
                    unit_scale=True,
                    unit_divisor=1024,
                    dynamic_ncols=True,
                ) as wrapped:
                    yield wrapped

        return open_file

    def _print(self, report: wordpress.Report):
        write = self.stdout.write
        write(f"Dibuat: {report.created}")
        write(f"Diperbarui: {report.updated}")
        write(f"Sudah sama, dibiarkan: {report.unchanged}")
        if report.kept:
            write(f"Diubah staf sejak impor terakhir, dibiarkan: {len(report.kept)}")
        write(f"Dilewati: {sum(report.skipped.values())}")
        for kind, count in sorted(report.skipped.items()):
            write(f"  - {SKIPPED_LABELS.get(kind, kind)}: {count}")
        write(f"Dibersihkan dari isi pos: {sum(report.sanitized.values())}")
        for kind, count in sorted(report.sanitized.items()):
            write(f"  - {kind}: {count}")
        if report.bad:
            write(self.style.WARNING(f"Pos rusak dilewati: {len(report.bad)}"))
            for line in report.bad:
                write(f"  - {line}")
        for message in report.messages:
            write(self.style.WARNING(message))
        for label, articles in [
            (
                "Diubah staf sejak impor terakhir, dibiarkan (pakai --update untuk menimpa)",
                report.kept,
            ),
            ("Ditimpa dengan --update (diubah staf sejak impor terakhir)", report.overwritten),
            (
                "Ditarik atau di tempat sampah oleh staf, tidak diterbitkan ulang",
                report.not_republished,
            ),
        ]:
            for article in articles:  # one line each: whole in a log, easy to grep
                write(self.style.WARNING(f"{label}: {article}"))
