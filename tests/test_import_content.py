"""What the importers make of a text's content: question headings, bare web addresses,
and post bodies of any size (read whole, or refused with the post's id and line)."""

import re

import pytest
from django.core.management import CommandError

from articles.importers.archive_page import parse
from articles.models import Article
from tests.test_import_archive import PAGE_HEADER, report_counts, run_import
from tests.test_import_wordpress import export, item, run, sections_of

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


def page_file(tmp_path, *articles):
    path = tmp_path / "arsip.txt"
    path.write_text(PAGE_HEADER + "\n\n".join(articles) + "\n", encoding="utf-8")
    return path


def line_of_item(path, post_id):
    """The export line of the ``<item>`` holding ``post_id``, as BadPost names it."""
    start = None
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if text.strip() == "<item>":
            start = number
        elif f"<wp:post_id>{post_id}</wp:post_id>" in text:
            return start
    raise AssertionError(f"no post {post_id}")


# --- Archive page: questions as headings ------------------------------------------------

QUESTIONS = """\
• Apr, Wed, 2025

Pengawasan Anggaran Daerah Palopo

Mengapa Anggaran Perlu Diawasi?

Anggaran daerah adalah uang rakyat, jadi penggunaannya harus dapat dipertanggungjawabkan.

Apa Peran Masyarakat?

Warga dapat mengikuti musyawarah dan melaporkan penyimpangan kepada dewan.

Lalu, bagaimana hasilnya?

Laporan warga ditindaklanjuti komisi dalam rapat dengar pendapat.

Pendahuluan Rapat

Apa yang dibahas?

Rapat membahas tiga hal. Apakah semua hadir? Ya, semua hadir.

Bagaimana kalau dewan, pemerintah kota dan seluruh warga bersama-sama
mengawasi setiap rupiah anggaran yang dibelanjakan setiap tahun?

Itu tujuan akhirnya.

Siapa yang memimpin?

Apa hasilnya?

Ketua dewan memimpin dan rapat menyetujui laporan.

Apakah laporan ini sudah final?"""


def test_a_question_standing_where_a_heading_would_is_a_heading():
    page = parse(PAGE_HEADER + QUESTIONS)

    (article,) = page.articles
    assert article.title == "Pengawasan Anggaran Daerah Palopo"
    assert [(s.heading, s.paragraphs) for s in article.sections] == [
        (
            "Mengapa Anggaran Perlu Diawasi?",
            [
                "Anggaran daerah adalah uang rakyat, jadi penggunaannya harus dapat "
                "dipertanggungjawabkan."
            ],
        ),
        (
            "Apa Peran Masyarakat?",
            ["Warga dapat mengikuti musyawarah dan melaporkan penyimpangan kepada dewan."],
        ),
        (
            "Lalu, bagaimana hasilnya?",
            ["Laporan warga ditindaklanjuti komisi dalam rapat dengar pendapat."],
        ),
        (
            "Pendahuluan Rapat",
            [
                # Right after a heading: that heading's first paragraph.
                "Apa yang dibahas?",
                "Rapat membahas tiga hal. Apakah semua hadir? Ya, semua hadir.",
                # Too long for a heading (more than 15 words).
                "Bagaimana kalau dewan, pemerintah kota dan seluruh warga bersama-sama "
                "mengawasi setiap rupiah anggaran yang dibelanjakan setiap tahun?",
                "Itu tujuan akhirnya.",
                # Of two questions in a row, the second is the heading.
                "Siapa yang memimpin?",
            ],
        ),
        (
            "Apa hasilnya?",
            [
                "Ketua dewan memimpin dan rapat menyetujui laporan.",
                # Last in the article: no paragraph follows, so it is one.
                "Apakah laporan ini sudah final?",
            ],
        ),
    ]


def test_a_question_before_the_next_date_is_a_paragraph_and_every_word_is_stored(tmp_path):
    path = page_file(
        tmp_path,
        QUESTIONS,
        "• Apr, Tue, 2025\n\nJudul Kedua\n\nBagian\n\nIsi bagian.\n\nSiapa yang hadir?",
        "• Apr, Mon, 2025\n\nJudul Ketiga\n\nApa Isi Perda Ini?\n\nPerda mengatur retribusi.",
    )

    assert report_counts(run_import(page=path, meta=None))["Dibuat"] == 3

    stored = {
        article.title: [(s.heading, s.body) for s in article.sections.order_by("position")]
        for article in Article.objects.all()
    }
    assert stored["Judul Kedua"] == [("Bagian", "<p>Isi bagian.</p><p>Siapa yang hadir?</p>")]
    assert stored["Judul Ketiga"] == [("Apa Isi Perda Ini?", "<p>Perda mengatur retribusi.</p>")]
    headings = [heading for heading, _body in stored["Pengawasan Anggaran Daerah Palopo"]]
    assert headings == [
        "Mengapa Anggaran Perlu Diawasi?",
        "Apa Peran Masyarakat?",
        "Lalu, bagaimana hasilnya?",
        "Pendahuluan Rapat",
        "Apa hasilnya?",
    ]
    # Every word of the page is in a title, heading or paragraph, in order.
    text = path.read_text(encoding="utf-8").split("Archives April 2025", 1)[1]
    page_words = re.sub(r"• Apr, \w+, 2025", " ", text).split()
    stored_words = []
    for article in Article.objects.order_by("-publish_at", "-pk"):
        stored_words += article.title.split()
        for section in article.sections.order_by("position"):
            stored_words += section.heading.split()
            stored_words += re.sub(r"<[^>]+>", " ", section.body).split()
    assert stored_words == page_words


# --- Bare web addresses become links ------------------------------------------------------

ADDRESSES = """\
• Apr, Wed, 2025

Sumber Data Anggaran Palopo

Rincian

Dokumen lengkap ada di https://palopokota.go.id/apbd/2025?tahun=2025&bagian=1.
Tanggapan dapat dikirim lewat http://dprd-palopo.example/aspirasi, atau
(https://id.wikipedia.org/wiki/Palopo_(kota)).

Bukan tautan: javascript:alert(1) dan ftp://arsip.example/berkas serta <script>https://jahat.example</script>."""


def test_bare_addresses_in_an_archive_page_become_links(client, tmp_path):
    path = page_file(tmp_path, ADDRESSES)

    run_import(page=path, meta=None)

    (body,) = Article.objects.get().sections.values_list("body", flat=True)
    assert body == (
        '<p>Dokumen lengkap ada di <a href="https://palopokota.go.id/apbd/2025?tahun=2025'
        '&amp;bagian=1">https://palopokota.go.id/apbd/2025?tahun=2025&amp;bagian=1</a>. '
        'Tanggapan dapat dikirim lewat <a href="http://dprd-palopo.example/aspirasi">'
        "http://dprd-palopo.example/aspirasi</a>, atau (<a href="
        '"https://id.wikipedia.org/wiki/Palopo_(kota)">https://id.wikipedia.org/wiki/'
        "Palopo_(kota)</a>).</p>"
        "<p>Bukan tautan: javascript:alert(1) dan ftp://arsip.example/berkas serta "
        '&lt;script&gt;<a href="https://jahat.example">https://jahat.example</a>'
        "&lt;/script&gt;.</p>"
    )
    html = client.get(Article.objects.get().get_absolute_url()).content.decode()
    assert '<a href="http://dprd-palopo.example/aspirasi">' in html
    # The links are what the page says: a second run finds nothing to change.
    assert report_counts(run_import(page=path, meta=None))["Sudah sama, dibiarkan"] == 1


CLASSIC_WITH_ADDRESSES = """Jadwal rapat ada di https://palopokota.go.id/jadwal.
Tautan lama <a href="https://dprd-palopo.example/perda">https://dprd-palopo.example/perda</a>
tetap satu tautan.

<h2>Lihat https://dprd-palopo.example/laporan</h2>
<ul>
<li>Laporan: <b>https://dprd-palopo.example/laporan.pdf</b>, dibuka umum</li>
</ul>"""


def test_bare_addresses_in_a_wordpress_post_become_links(tmp_path):
    run(export(tmp_path, item(700, "Jadwal Rapat", CLASSIC_WITH_ADDRESSES)))

    assert sections_of(Article.objects.get()) == [
        (
            "",
            '<p>Jadwal rapat ada di <a href="https://palopokota.go.id/jadwal">'
            "https://palopokota.go.id/jadwal</a>.<br>Tautan lama "
            '<a href="https://dprd-palopo.example/perda">https://dprd-palopo.example/perda</a>'
            "<br>tetap satu tautan.</p>",
        ),
        (
            # A heading is stored as plain text: the address stays as written.
            "Lihat https://dprd-palopo.example/laporan",
            '<ul>\n<li>Laporan: <strong><a href="https://dprd-palopo.example/laporan.pdf">'
            "https://dprd-palopo.example/laporan.pdf</a></strong>, dibuka umum</li>\n</ul>",
        ),
    ]


# --- Post bodies over libxml2's default limits --------------------------------------------


def test_a_huge_post_over_the_text_limit_is_refused_with_its_id_and_line(tmp_path):
    """11 MB of words in one paragraph: libxml2 used to drop it, and the post was
    published with no sections. Read whole, it is over the 300,000-character limit."""
    huge = "<p>Pembukaan.</p>" + "<b></b>" * 1000 + "<p>" + "kata " * (11 * MB // 5) + "</p>"
    huge += "<h2>Penutup</h2><p>Teks sesudahnya.</p>"
    path = export(tmp_path, item(900, "Pos Sangat Panjang", huge), item(901, "Pos Biasa", "Isi."))

    with pytest.raises(CommandError) as error:
        run(path)

    message = str(error.value)
    assert f"pos 900 (baris {line_of_item(path, 900)})" in message
    assert "terlalu panjang" in message and "300.000" in message
    assert not Article.objects.exists()

    output = run(path, "--skip-bad")

    assert list(Article.objects.values_list("legacy_id", flat=True)) == [901]
    assert "pos 900 (baris " in output


def test_a_huge_post_of_mostly_markup_is_imported_whole(tmp_path):
    """11 MB, nearly all of it a pasted base64 image: libxml2 used to stop at the 10 MB
    attribute and drop everything after it, the words included."""
    image = '<p><img src="data:image/png;base64,' + "iVBORw0KGgo" * (MB * 11 // 11) + '"></p>'
    content = (
        "<p>Pembukaan rapat.</p>"
        + "<b></b>" * 10_000
        + image
        + "<h2>Hasil Rapat</h2><p>Rapat menyetujui laporan: https://palopokota.go.id/laporan.</p>"
    )
    assert len(content) > 11 * MB
    path = export(tmp_path, item(902, "Pos Bergambar", content))

    output = run(path)

    assert report_counts(output)["Dibuat"] == 1
    assert "<img>: 1" in output  # the image is not carried over, and the report says so
    assert sections_of(Article.objects.get(legacy_id=902)) == [
        ("", "<p>Pembukaan rapat.</p>"),
        (
            "Hasil Rapat",
            '<p>Rapat menyetujui laporan: <a href="https://palopokota.go.id/laporan">'
            "https://palopokota.go.id/laporan</a>.</p>",
        ),
    ]


def test_a_post_nested_deeper_than_the_parser_reads_is_refused(tmp_path):
    """libxml2 stops at 256 levels; the words after that point used to vanish unsaid."""
    deep = "<p>Awal.</p>" + "<span>" * 300 + "dalam" + "</span>" * 300
    deep += "<h2>Akhir</h2><p>Teks akhir.</p>"
    path = export(tmp_path, item(903, "Pos Bersarang", deep))

    with pytest.raises(CommandError) as error:
        run(path)

    assert f"pos 903 (baris {line_of_item(path, 903)})" in str(error.value)
    assert "bersarang" in str(error.value)
    assert not Article.objects.exists()
