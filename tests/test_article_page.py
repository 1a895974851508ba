"""The article page: sections in order, table of contents, neighbours, canonical URL."""

import re

import pytest

from tests.factories import ArticleFactory, wita

pytestmark = pytest.mark.django_db

SLUG = "kebijakan-pengelolaan-sektor-perhubungan-palopo"


def test_article_page_shows_sections_in_order_with_a_table_of_contents(client, seed_archive):
    response = client.get(f"/2025/04/{SLUG}/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Kebijakan Pengelolaan Sektor Perhubungan Palopo</h1>" in html
    # Its day was inferred from the old weekday-only archive: said so, never asserted.
    assert "sekitar 23 April 2025 (tanggal diperkirakan)" in html
    headings = re.findall(r'<h2 id="([^"]+)-judul">([^<]+)</h2>', html)
    assert [text for _, text in headings] == [
        "Pendahuluan",
        "Tujuan Kebijakan",
        "Infrastruktur Transportasi",
        "Pengembangan Moda Transportasi Publik",
        "Pengaturan Lalu Lintas",
        "Pemberdayaan Masyarakat",
        "Kesimpulan",
    ]
    toc = re.search(r'<nav class="toc".*?</nav>', html, re.S).group(0)
    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', toc)
    assert links == [(anchor, text) for anchor, text in headings]
    for anchor, _ in headings:
        assert f'<section id="{anchor}"' in html
    assert 'href="#pendahuluan"' in toc
    assert "revitalisasi Terminal Angkot di Palopo" in html


def test_article_page_links_neighbours_month_and_tags(client, seed_archive):
    html = client.get(f"/2025/04/{SLUG}/").content.decode()

    previous = "/2025/04/program-bantuan-untuk-peningkatan-usaha-mikro-palopo/"
    following = "/2025/04/pengawasan-terhadap-pelaksanaan-kebijakan-anggaran-palopo/"
    assert f'href="{previous}" rel="prev"' in html
    assert f'href="{following}" rel="next"' in html
    assert 'href="/2025/04/">Semua artikel April 2025</a>' in html
    assert 'href="/tag/transportasi/" rel="tag"' in html
    assert f'rel="canonical" href="http://testserver/2025/04/{SLUG}/"' in html


def test_article_under_the_wrong_month_moves_permanently(client, seed_archive):
    for wrong in (f"/2024/04/{SLUG}/", f"/2025/05/{SLUG}/"):
        response = client.get(wrong)
        assert response.status_code == 301
        assert response["Location"] == f"/2025/04/{SLUG}/"


def test_untitled_opening_section_is_shown_but_not_in_the_contents(client):
    article = ArticleFactory(
        title="Catatan Rapat",
        publish_at=wita(2025, 4, 2),
        sections=[
            ("", "<p>Kalimat pembuka tanpa judul.</p>"),
            ("Hasil Rapat", "<p>Dewan menyetujui.</p>"),
            ("Tindak Lanjut", "<ul><li>Satu</li><li>Dua</li></ul>"),
        ],
    )

    html = client.get(article.get_absolute_url()).content.decode()

    assert "Kalimat pembuka tanpa judul." in html
    toc = re.search(r'<nav class="toc".*?</nav>', html, re.S).group(0)
    assert re.findall(r">([^<]+)</a>", toc) == ["Hasil Rapat", "Tindak Lanjut"]
    assert html.index("Kalimat pembuka") < html.index("Dewan menyetujui")
    assert "<ul><li>Satu</li><li>Dua</li></ul>" in html


def test_repeated_headings_get_distinct_anchors(client):
    article = ArticleFactory(
        sections=[("Catatan", "<p>a</p>"), ("Catatan", "<p>b</p>")],
    )

    html = client.get(article.get_absolute_url()).content.decode()

    anchors = re.findall(r'<section id="([^"]+)"', html)
    assert len(anchors) == 2
    assert len(set(anchors)) == 2


def test_hostile_markup_in_a_section_never_reaches_the_page(client):
    article = ArticleFactory(
        title='Judul <script>alert("x")</script>',
        sections=[
            (
                '"><svg onload=alert(1)>',
                '<p onclick="steal()">Teks <a href="javascript:alert(1)">tautan</a>'
                "<script>alert(2)</script><img src=x onerror=alert(3)></p>",
            )
        ],
    )

    html = client.get(article.get_absolute_url()).content.decode()

    assert "<script>alert" not in html
    assert "onclick" not in html
    assert "onerror" not in html
    assert "javascript:" not in html
    assert "<svg" not in html
    assert "&lt;script&gt;" in html
