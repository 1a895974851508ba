"""A made-up but realistic archive for benchmarks: many articles, never real data.

Each article looks like the council's own: about six titled sections of ~90 words
of Indonesian policy prose, two or three tags from a pool of about forty, a publish
time between 2015 and now, and a few drafts and scheduled articles mixed in.

Everything comes from a seeded random generator, so the same ``count`` and
``seed`` give the same archive on every machine and benchmark runs compare.
Rows are written with ``bulk_create`` in batches with explicit ids, so 100,000
articles take a few minutes and memory stays flat whatever the count.
"""

import datetime
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.core.management.color import no_style
from django.db import connection, reset_queries, transaction
from django.utils import timezone
from django.utils.text import slugify

from articles.models import Article, Section, Tag, TaggedArticle
from articles.search.index import refresh_all_search_vectors

FIRST_YEAR = 2015
SECTIONS_PER_ARTICLE = 6
WORDS_PER_SECTION = 90
DRAFT_SHARE = 0.01
SCHEDULED_SHARE = 0.005

TAG_NAMES = [
    "anggaran", "APBD", "pendidikan", "kesehatan", "infrastruktur", "UMKM",
    "pelayanan publik", "peraturan daerah", "pengawasan", "reses", "pariwisata",
    "pertanian", "perikanan", "lingkungan hidup", "sampah", "air bersih", "jalan",
    "banjir", "transportasi", "pasar", "pajak daerah", "retribusi", "investasi",
    "ketenagakerjaan", "kemiskinan", "stunting", "perempuan dan anak", "pemuda",
    "olahraga", "kebudayaan", "keagamaan", "desa dan kelurahan", "kependudukan",
    "digitalisasi", "transparansi", "aspirasi warga", "bencana", "perumahan",
    "energi", "ketertiban umum",
]  # fmt: skip

HEADINGS = [
    "Latar Belakang", "Dasar Hukum", "Pokok Pembahasan", "Pandangan Fraksi",
    "Masukan Masyarakat", "Analisis Anggaran", "Dampak bagi Warga", "Rekomendasi",
    "Tindak Lanjut", "Pengawasan Pelaksanaan", "Catatan Komisi", "Kesimpulan",
]  # fmt: skip

TITLE_OPENINGS = [
    "Ranperda", "Rapat Paripurna", "Rapat Dengar Pendapat", "Kunjungan Kerja",
    "Pembahasan", "Evaluasi", "Reses Anggota DPRD", "Pandangan Umum Fraksi",
    "Laporan Pansus", "Persetujuan Bersama",
]  # fmt: skip

# Common words of the council's own articles; text is drawn from them at random.
_WORDS_TEXT = """
dewan perwakilan rakyat daerah kota palopo warga masyarakat pemerintah anggaran
pendapatan belanja program kegiatan pelayanan publik peraturan kebijakan rapat
paripurna komisi fraksi usulan pembahasan persetujuan pengawasan pelaksanaan
laporan evaluasi kinerja kelurahan kecamatan sekolah puskesmas rumah sakit jalan
jembatan drainase pasar sampah air bersih listrik tahun bulan minggu hari anggota
ketua wakil sekretariat wali kota dinas badan kantor daerah provinsi nasional dan
yang untuk dengan dalam pada oleh dari ke agar serta atau juga telah akan dapat
harus perlu masih sudah belum lebih kurang sangat banyak sedikit baru lama besar
kecil penting utama umum khusus terbuka transparan akuntabel efektif efisien adil
merata berkelanjutan meningkatkan memperbaiki membangun mendukung menyetujui
menolak membahas mengawasi menyampaikan menampung aspirasi kebutuhan pelaku usaha
mikro kecil menengah petani nelayan pedagang guru tenaga kesehatan pemuda perempuan
anak lansia penyandang disabilitas keluarga miskin bantuan sosial beasiswa
pelatihan lapangan kerja investasi pariwisata budaya lingkungan banjir bencana
perumahan transportasi angkutan parkir retribusi pajak sewa aset tanah bangunan
fasilitas sarana prasarana kualitas target realisasi capaian sisa lebih pembiayaan
defisit surplus triwulan semester rencana kerja jangka menengah panjang pokok
pikiran musyawarah perencanaan pembangunan partisipasi keterbukaan informasi
"""
WORDS = _WORDS_TEXT.split()


@dataclass
class GenerationReport:
    articles: int
    published: int
    drafts: int
    scheduled: int
    sections: int
    tagged: int


class ArchiveGenerator:
    """Writes ``count`` articles (ids 1..count) into an empty archive."""

    def __init__(self, count: int, *, seed: int = 2025, batch_size: int = 2000, now=None):
        self.count = count
        self.seed = seed
        self.batch_size = batch_size
        self.now = now or timezone.now()
        self.random = random.Random(seed)
        self.start = timezone.make_aware(datetime.datetime(FIRST_YEAR, 1, 1, 8, 0))
        self.span_seconds = int((self.now - self.start).total_seconds())

    # --- text -----------------------------------------------------------------

    def words(self, count: int) -> str:
        return " ".join(self.random.choices(WORDS, k=count))

    def paragraph(self, count: int) -> str:
        text = self.words(count)
        return f"<p>{text[0].upper()}{text[1:]}.</p>"

    def section_body(self) -> str:
        # Two paragraphs of roughly equal length add up to ~90 words.
        first = self.random.randint(40, 50)
        return self.paragraph(first) + self.paragraph(WORDS_PER_SECTION - first)

    def title(self, number: int, tag_name: str) -> str:
        opening = self.random.choice(TITLE_OPENINGS)
        topic = " ".join(self.random.choices(WORDS, k=3))
        return f"{opening} tentang {tag_name.title()}: {topic.capitalize()} ({number})"

    # --- rows -----------------------------------------------------------------

    def publish_time(self, number: int):
        """Spread evenly from 2015 to now (in id order, as an archive grows), with jitter."""
        base = self.span_seconds * (number - 1) / max(self.count, 1)
        jitter = self.random.uniform(0, self.span_seconds / max(self.count, 1))
        return self.start + datetime.timedelta(seconds=int(base + jitter))

    def article_rows(self, first_id: int, last_id: int, tags: list[Tag]):
        articles, sections, tagged = [], [], []
        for number in range(first_id, last_id + 1):
            article_tags = self.random.sample(tags, self.random.choice((2, 3)))
            roll = self.random.random()
            publish_at = self.publish_time(number)
            status = Article.Status.PUBLISHED
            if roll < DRAFT_SHARE:
                status = Article.Status.DRAFT
            elif roll < DRAFT_SHARE + SCHEDULED_SHARE:
                # Scheduled: up to a month ahead of now.
                publish_at = self.now + datetime.timedelta(hours=self.random.randint(1, 720))
            title = self.title(number, article_tags[0].name)
            articles.append(
                Article(
                    id=number,
                    title=title,
                    slug=slugify(title)[:240],
                    publish_at=publish_at,
                    status=status,
                )
            )
            headings = self.random.sample(HEADINGS, SECTIONS_PER_ARTICLE)
            for position, heading in enumerate(headings, start=1):
                sections.append(
                    Section(
                        id=(number - 1) * SECTIONS_PER_ARTICLE + position,
                        article_id=number,
                        position=position,
                        heading=heading,
                        body=self.section_body(),
                    )
                )
            for tag in article_tags:
                tagged.append(TaggedArticle(content_object_id=number, tag_id=tag.id))
        return articles, sections, tagged

    def batches(self) -> Iterator[tuple[int, int]]:
        for first in range(1, self.count + 1, self.batch_size):
            yield first, min(first + self.batch_size - 1, self.count)

    # --- writing --------------------------------------------------------------

    def create_tags(self) -> list[Tag]:
        return Tag.objects.bulk_create(
            [
                Tag(id=number, name=name, slug=slugify(name))
                for number, name in enumerate(TAG_NAMES, start=1)
            ]
        )

    def run(self, progress: Callable[[int], None] | None = None) -> GenerationReport:
        if Article.objects.exists() or Tag.objects.exists():
            raise ValueError("archive is not empty")
        tags = self.create_tags()
        report = GenerationReport(self.count, 0, 0, 0, 0, 0)
        for first, last in self.batches():
            # One transaction per batch: a failure loses one batch, and the
            # rows of a batch are garbage once written, so memory stays flat.
            with transaction.atomic():
                articles, sections, tagged = self.article_rows(first, last, tags)
                Article.objects.bulk_create(articles)
                Section.objects.bulk_create(sections)
                TaggedArticle.objects.bulk_create(tagged)
            # With DEBUG on, Django keeps every SQL string; bulk inserts are huge.
            reset_queries()
            report.sections += len(sections)
            report.tagged += len(tagged)
            for article in articles:
                if article.status == Article.Status.DRAFT:
                    report.drafts += 1
                elif article.publish_at > self.now:
                    report.scheduled += 1
            if progress:
                progress(last)
        report.published = self.count - report.drafts - report.scheduled
        reset_sequences()
        # The search feature's own function, in id batches so one huge UPDATE does
        # not hold every row at once.
        refresh_all_search_vectors(self.batch_size)
        return report


def reset_sequences():
    """Explicit ids leave the id sequences behind; staff saves afterwards need them ahead."""
    statements = connection.ops.sequence_reset_sql(
        no_style(), [Article, Section, Tag, TaggedArticle]
    )
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
