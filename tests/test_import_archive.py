"""The seed import: the council's April 2025 archive page, as ``manage.py import_archive``
loads it, and the parser that reads such pages."""

import csv
import datetime
import html
import io
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from articles.importers.archive_page import parse
from articles.models import Article, Section, Tag, TaggedArticle
from tests.conftest import SEED_META, SEED_PAGE

pytestmark = pytest.mark.django_db

SEED_TITLES = [
    "Penguatan Kapasitas Pemerintah Daerah Palopo",
    "Pengawasan Terhadap Pelaksanaan Kebijakan Anggaran Palopo",
    "Kebijakan Pengelolaan Sektor Perhubungan Palopo",
    "Program Bantuan Untuk Peningkatan Usaha Mikro Palopo",
    "Evaluasi Kebijakan Pembangunan Ekonomi Palopo",
    "Pengelolaan Kebijakan Tentang Ketahanan Sosial Palopo",
    "Peningkatan Kolaborasi Antar Lembaga Pemerintahan Palopo",
]
CHROME = ["DPRD Palopo", "Loading", "Archives April 2025"]


def run_import(*args, page=SEED_PAGE, meta=SEED_META):
    """Runs the command as staff would and returns what it printed."""
    out = io.StringIO()
    options = [str(page)] + (["--meta", str(meta)] if meta else [])
    call_command("import_archive", *options, *args, stdout=out)
    return out.getvalue()


def report_counts(output):
    """{"Dibuat": 7, ...} from the command's summary lines."""
    return {label: int(count) for label, count in re.findall(r"^(\S[^:\n]*): (\d+)$", output, re.M)}


def snapshot():
    """Every row the import writes, with every column, in a comparable form."""
    return {
        "articles": list(Article.objects.order_by("pk").values()),
        "sections": list(Section.objects.order_by("pk").values()),
        "tags": list(Tag.objects.order_by("pk").values()),
        "tagged": list(TaggedArticle.objects.order_by("pk").values()),
    }


def seed_page_articles():
    """The seed page read independently of the importer.

    After the "Archives April 2025" line, blocks are separated by blank lines; a
    "• Apr, ..." bullet starts an article, the next block is its title, and in this
    page every section is one heading followed by one paragraph.
    """
    text = SEED_PAGE.read_text(encoding="utf-8")
    blocks = [" ".join(block.split()) for block in re.split(r"\n\s*\n", text)]
    blocks = [block for block in blocks if block]
    articles = []
    for block in blocks[blocks.index("Archives April 2025") + 1 :]:
        if block.startswith("• Apr, "):
            articles.append([])
        else:
            articles[-1].append(block)
    parsed = []
    for title, *rest in articles:
        assert len(rest) % 2 == 0, f"{title}: expected heading/paragraph pairs"
        sections = [(rest[i], [rest[i + 1]]) for i in range(0, len(rest), 2)]
        parsed.append((title, sections))
    return parsed


def paragraphs(body):
    """The paragraphs' text of a stored body, which must be only <p> elements."""
    assert re.fullmatch(r"(<p>.*?</p>)+", body, re.S), body
    return [html.unescape(text) for text in re.findall(r"<p>(.*?)</p>", body, re.S)]


def stored_articles():
    """(title, [(heading, paragraphs), ...]) per article, newest first."""
    return [
        (
            article.title,
            [(s.heading, paragraphs(s.body)) for s in article.sections.order_by("position")],
        )
        for article in Article.objects.order_by("-publish_at", "-pk")
    ]


def local_date(article):
    return timezone.localtime(article.publish_at).date()


# --- The seed import ---------------------------------------------------------------


def test_seed_import_creates_the_seven_articles_in_page_order():
    output = run_import()

    assert report_counts(output)["Dibuat"] == 7
    assert Article.objects.count() == 7
    assert Section.objects.count() == 47
    assert [a.title for a in Article.objects.order_by("-publish_at", "-pk")] == SEED_TITLES
    assert [a.sections.count() for a in Article.objects.order_by("-publish_at", "-pk")] == [
        7, 7, 7, 6, 6, 8, 6,
    ]  # fmt: skip


def test_every_heading_and_paragraph_of_the_page_is_stored_word_for_word():
    run_import()

    expected = seed_page_articles()
    assert [title for title, _ in expected] == SEED_TITLES  # the test's own reading is sane
    assert stored_articles() == expected
    # Spot checks, so a shared misreading of the page cannot hide.
    first = Article.objects.get(title=SEED_TITLES[0])
    assert [s.heading for s in first.sections.order_by("position")][-2:] == [
        "Kerja Sama dengan Pihak Ketiga",
        "Kesimpulan",
    ]
    assert Section.objects.filter(
        heading="Studi Kasus: Pelaksanaan Anggaran untuk Pendidikan"
    ).exists()


def test_site_chrome_is_not_part_of_any_article():
    run_import()

    for article in Article.objects.prefetch_related("sections"):
        texts = [article.title] + [
            text for s in article.sections.all() for text in (s.heading, s.body)
        ]
        for chrome in CHROME:
            assert not any(chrome in text for text in texts), (article.title, chrome)


def test_dates_are_inferred_from_the_weekdays():
    """The page shows only "Thu", "Wed", "Tue": the latest such day in April, newest first."""
    run_import()

    articles = [Article.objects.get(title=title) for title in SEED_TITLES]
    assert [local_date(a) for a in articles] == [
        datetime.date(2025, 4, 24),  # Thu
        datetime.date(2025, 4, 23),  # Wed
        datetime.date(2025, 4, 23),
        datetime.date(2025, 4, 23),
        datetime.date(2025, 4, 22),  # Tue
        datetime.date(2025, 4, 22),
        datetime.date(2025, 4, 22),
    ]
    assert all(a.publish_date_inferred for a in articles)
    assert all(a.status == Article.Status.PUBLISHED and a.is_public for a in articles)
    # The dates are the page's (inferred, but not a draft's placeholder), and each
    # article records the version the import wrote.
    assert all(a.publish_at_chosen and a.imported_version == a.version for a in articles)


def test_within_a_day_the_article_listed_first_is_the_latest():
    """So the site lists a day's articles in the order the old page did."""
    run_import()

    times = [timezone.localtime(Article.objects.get(title=t).publish_at) for t in SEED_TITLES]
    wednesday, tuesday = times[1:4], times[4:7]
    assert wednesday[0] > wednesday[1] > wednesday[2]
    assert tuesday[0] > tuesday[1] > tuesday[2]


def test_post_id_and_tags_come_from_the_meta_file():
    run_import()

    assert Article.objects.get(legacy_id=533).title == (
        "Kebijakan Pengelolaan Sektor Perhubungan Palopo"
    )
    assert Article.objects.exclude(legacy_id=None).count() == 1

    with SEED_META.open(encoding="utf-8") as meta:
        rows = list(csv.DictReader(meta))
    for row in rows:
        wanted = {tag.strip().lower() for tag in row["tags"].split(";")}
        article = Article.objects.get(slug=row["slug"])
        assert {name.lower() for name in article.tags.names()} == wanted
        assert 2 <= len(wanted) <= 4
    # Shared tags are one tag, not one per article.
    all_names = {tag.strip().lower() for row in rows for tag in row["tags"].split(";")}
    assert Tag.objects.count() == len(all_names)
    assert Article.objects.filter(tags__name="partisipasi masyarakat").count() == 4
    assert Article.objects.filter(tags__name__iexact="umkm").count() == 2


def test_running_the_import_twice_changes_nothing(pinned_clock):
    run_import()
    before = snapshot()
    pinned_clock.shift(datetime.timedelta(hours=2))  # a re-save would show in updated_at

    output = run_import()

    counts = report_counts(output)
    assert counts["Sudah sama, dibiarkan"] == 7
    assert counts["Dibuat"] == 0
    assert counts["Diperbarui"] == 0
    assert snapshot() == before


def test_dry_run_saves_nothing_and_says_so():
    output = run_import("--dry-run")

    assert "tidak ada yang disimpan" in output
    assert report_counts(output)["Dibuat"] == 7  # what a real run would do
    assert Article.objects.count() == 0
    assert Section.objects.count() == 0
    assert Tag.objects.count() == 0


# --- Malformed files -----------------------------------------------------------------

PAGE_HEADER = "DPRD Palopo\n\nLoading\n\nArchives April 2025\n\n"
VALID_ARTICLE = """\
• Apr, Wed, 2025

Rapat Paripurna Penetapan APBD Palopo

Pendahuluan

DPRD Kota Palopo menggelar rapat paripurna penetapan APBD.

Kesimpulan

APBD ditetapkan tepat waktu."""


def bad_page(*articles):
    """A page whose first article is valid and whose later ones hold the mistake."""
    return PAGE_HEADER + "\n\n".join([VALID_ARTICLE, *articles]) + "\n"


def line_of(text, marker):
    return text.splitlines().index(marker) + 1


MALFORMED_PAGES = {
    "heading followed by a heading": (
        bad_page(
            "• Apr, Tue, 2025\n\nJudul Artikel Kedua\n\nJudul Tanpa Isi\n\nBagian Berikutnya\n\n"
            "Paragraf bagian berikutnya."
        ),
        "Judul Tanpa Isi",
    ),
    "heading at the end of an article": (
        bad_page(
            "• Apr, Tue, 2025\n\nJudul Artikel Kedua\n\nPembuka\n\nIsi pembuka.\n\n"
            "Penutup Tanpa Isi",
            "• Apr, Mon, 2025\n\nJudul Artikel Ketiga\n\nBagian\n\nIsi.",
        ),
        "Penutup Tanpa Isi",
    ),
    "date in another month": (
        bad_page("• Mei, Tue, 2025\n\nJudul Artikel Kedua\n\nBagian\n\nIsi."),
        "• Mei, Tue, 2025",
    ),
    "unknown weekday": (
        bad_page("• Apr, Kmis, 2025\n\nJudul Artikel Kedua\n\nBagian\n\nIsi."),
        "• Apr, Kmis, 2025",
    ),
    "article without sections": (
        bad_page(
            "• Apr, Tue, 2025\n\nJudul Artikel Kosong",
            "• Apr, Mon, 2025\n\nJudul Artikel Ketiga\n\nBagian\n\nIsi.",
        ),
        "• Apr, Tue, 2025",
    ),
    "no page title": (
        "DPRD Palopo\n\nLoading\n\n" + VALID_ARTICLE + "\n",
        None,  # the whole file is wrong: line 1
    ),
    "paragraph without closing punctuation, too long for a heading": (
        bad_page(
            "• Apr, Tue, 2025\n\nJudul Artikel Kedua\n\nBagian\n\nIsi.\n\n"
            + "kata " * 60
            + "https://palopokota.go.id"
        ),
        ("kata " * 60 + "https://palopokota.go.id"),
    ),
}

SEED_SLUG = "penguatan-kapasitas-pemerintah-daerah-palopo"
MALFORMED_META = {
    "unknown slug": (
        f"slug,wordpress_post_id,tags\n{SEED_SLUG},,anggaran\nslug-yang-tidak-ada,,anggaran\n",
        3,
    ),
    "post id not a number": (
        f"slug,wordpress_post_id,tags\n{SEED_SLUG},,anggaran\n"
        "kebijakan-pengelolaan-sektor-perhubungan-palopo,p533,transportasi\n",
        3,
    ),
}


@pytest.fixture(params=["empty database", "seeded database"])
def database_state(request):
    """The same bad file must be refused both on a fresh site and on a loaded one."""
    if request.param == "seeded database":
        run_import()
    return snapshot()


def assert_refused(page, meta, line, before):
    with pytest.raises(CommandError) as error:
        run_import(page=page, meta=meta)
    message = str(error.value)
    assert re.search(rf"\bbaris {line}\b", message), message
    assert "Database tidak diubah" in message
    assert snapshot() == before


@pytest.mark.parametrize("case", MALFORMED_PAGES)
def test_malformed_page_is_refused_with_its_line_and_changes_nothing(
    case, tmp_path, database_state
):
    text, marker = MALFORMED_PAGES[case]
    page = tmp_path / "arsip.txt"
    page.write_text(text, encoding="utf-8")

    line = line_of(text, marker) if marker else 1
    assert_refused(page, None, line, database_state)
    assert not Article.objects.filter(slug="rapat-paripurna-penetapan-apbd-palopo").exists()


@pytest.mark.parametrize("case", MALFORMED_META)
def test_malformed_meta_is_refused_with_its_line_and_changes_nothing(
    case, tmp_path, database_state
):
    text, line = MALFORMED_META[case]
    meta = tmp_path / "arsip.meta.csv"
    meta.write_text(text, encoding="utf-8")

    assert_refused(SEED_PAGE, meta, line, database_state)


# --- Pages and metadata that would clash with what is stored ---------------------------


def test_two_articles_with_the_same_title_on_a_page_are_not_merged(tmp_path):
    second = "• Apr, Tue, 2025\n\nRapat Paripurna Penetapan APBD Palopo\n\nBagian\n\nIsi lain."
    text = bad_page(second)
    page = tmp_path / "arsip.txt"
    page.write_text(text, encoding="utf-8")

    try:
        run_import(page=page, meta=None)
    except CommandError as error:  # refusing the page, with the line, is fine too
        assert re.search(rf"\bbaris {line_of(text, second.splitlines()[0])}\b", str(error))
        assert Article.objects.count() == 0
    else:
        assert Article.objects.count() == 2


def test_post_id_already_used_by_another_article_is_refused_with_a_message():
    run_import()
    article = Article.objects.get(legacy_id=533)
    article.slug = "kebijakan-perhubungan-palopo-2025"  # staff shortened the address
    article.save()
    before = snapshot()

    with pytest.raises(CommandError) as error:
        run_import()

    assert "533" in str(error.value)
    assert snapshot() == before


# --- Staff corrections survive a re-run -----------------------------------------------


def test_files_saved_with_a_byte_order_mark_are_read(tmp_path):
    """Excel's "CSV UTF-8" and Notepad put a byte-order mark before the first line."""
    page = tmp_path / "arsip.txt"
    page.write_bytes(b"\xef\xbb\xbf" + SEED_PAGE.read_bytes())
    meta = tmp_path / "arsip.meta.csv"
    meta.write_bytes(b"\xef\xbb\xbf" + SEED_META.read_bytes())

    report_counts(run_import(page=page, meta=meta))

    assert Article.objects.count() == 7
    assert Article.objects.get(legacy_id=533).title == (
        "Kebijakan Pengelolaan Sektor Perhubungan Palopo"
    )


def test_staff_corrections_are_kept_unless_update_is_asked_for(pinned_clock):
    run_import()
    article = Article.objects.get(slug="kebijakan-pengelolaan-sektor-perhubungan-palopo")
    section = article.sections.get(heading="Tujuan Kebijakan")
    original_body = section.body
    section.body = "<p>Teks yang diperbaiki staf.</p>"
    section.save()
    confirmed = timezone.make_aware(datetime.datetime(2025, 4, 21, 14, 30))
    article.publish_at = confirmed
    article.publish_date_inferred = False
    article.save()
    others_before = list(Article.objects.exclude(pk=article.pk).order_by("pk").values())
    pinned_clock.shift(datetime.timedelta(hours=1))

    output = run_import()

    counts = report_counts(output)
    assert counts["Berbeda dari berkas, dibiarkan (pakai --update untuk menimpa)"] == 1
    assert counts["Sudah sama, dibiarkan"] == 6
    assert f"  - {article.title}" in output.split("Berbeda dari berkas")[1]
    article.refresh_from_db()
    assert article.sections.get(heading="Tujuan Kebijakan").body == (
        "<p>Teks yang diperbaiki staf.</p>"
    )
    assert article.publish_at == confirmed
    assert not article.publish_date_inferred

    output = run_import("--update")

    assert report_counts(output)["Diperbarui"] == 1
    article.refresh_from_db()
    assert article.sections.get(heading="Tujuan Kebijakan").body == original_body
    assert article.sections.count() == 7
    assert article.publish_at == confirmed  # the date staff confirmed is never moved
    assert not article.publish_date_inferred
    assert list(Article.objects.exclude(pk=article.pk).order_by("pk").values()) == others_before


def test_staff_confirmed_date_alone_is_not_a_difference():
    """Confirming the date is the check staff are asked to do; it must not flag the article."""
    run_import()
    article = Article.objects.get(slug=SEED_SLUG)
    article.publish_at = timezone.make_aware(datetime.datetime(2025, 4, 17, 8, 0))
    article.publish_date_inferred = False
    article.save()

    output = run_import()

    assert report_counts(output)["Sudah sama, dibiarkan"] == 7
    article.refresh_from_db()
    assert local_date(article) == datetime.date(2025, 4, 17)


# --- The parser on small pages ----------------------------------------------------------


def test_paragraph_before_the_first_heading_is_an_untitled_opening_section():
    page = parse(
        "Archives April 2025\n\n• Apr, Wed, 2025\n\nJudul\n\n"
        "Paragraf pembuka tanpa judul.\n\nLatar Belakang\n\nIsi latar belakang.\n"
    )

    (article,) = page.articles
    assert article.title == "Judul"
    assert [(s.heading, s.paragraphs) for s in article.sections] == [
        ("", ["Paragraf pembuka tanpa judul."]),
        ("Latar Belakang", ["Isi latar belakang."]),
    ]


def test_a_paragraph_wrapped_over_several_lines_is_one_paragraph():
    page = parse(
        "Archives April 2025\n\n• Apr, Wed, 2025\n\nJudul\n\nBagian\n\n"
        "Baris pertama paragraf\n   baris kedua yang menjorok\nbaris terakhir.\n\n"
        "Paragraf kedua.\n"
    )

    (section,) = page.articles[0].sections
    assert section.heading == "Bagian"
    assert section.paragraphs == [
        "Baris pertama paragraf baris kedua yang menjorok baris terakhir.",
        "Paragraf kedua.",
    ]


def test_weekday_inference_steps_back_across_weeks():
    """March 2025 ends on a Monday; a Tuesday after it must go back to the 25th, etc."""
    weekdays = ["Mon", "Tue", "Mon", "Mon", "Sun", "Tue"]
    text = "Archives March 2025\n\n" + "\n\n".join(
        f"• Mar, {day}, 2025\n\nArtikel {number}\n\nBagian\n\nIsi."
        for number, day in enumerate(weekdays, start=1)
    )

    page = parse(text)

    assert [a.date for a in page.articles] == [
        datetime.date(2025, 3, 31),
        datetime.date(2025, 3, 25),
        datetime.date(2025, 3, 24),
        datetime.date(2025, 3, 24),
        datetime.date(2025, 3, 23),
        datetime.date(2025, 3, 18),
    ]
    # The two Monday-24th articles: the one listed first is later in the day.
    assert [(a.order_in_day, a.articles_in_day) for a in page.articles[2:4]] == [(0, 2), (1, 2)]
