"""The editors' side: the Django admin at /admin/, in Indonesian, and what its edits
do to the public site."""

import re

import pytest

from articles.models import Article, Section, Tag
from tests.factories import ArticleFactory, DraftFactory, wita
from tests.staff import (
    ADD,
    CHANGELIST,
    SEED_SLUG,
    article_form,
    change_url,
    inline_prefix,
    new_article_data,
)

pytestmark = pytest.mark.django_db


def changelist_row(html, title):
    """The changelist's table row for one article."""
    rows = [row for row in re.findall(r"<tr>.*?</tr>", html, re.S) if f">{title}</a></th>" in row]
    assert len(rows) == 1, f"{title!r} is not listed exactly once"
    return rows[0]


def status_label(html, title):
    return re.search(r'class="field-status_label">([^<]*)<', changelist_row(html, title))[1]


def listed_titles(html):
    return re.findall(r'<th class="field-title"><a href="[^"]*">([^<]*)</a></th>', html)


def heading_order(html, headings):
    """Where each heading is on a public page, to compare their order."""
    places = [html.find(f">{heading}</h2>") for heading in headings]
    assert all(place >= 0 for place in places), places
    return places


# --- The article list ---------------------------------------------------------------


def test_changelist_is_in_indonesian_and_shows_status_labels(staff_client, seed_archive):
    DraftFactory(title="Rancangan Perda Retribusi")
    ArticleFactory(title="Jadwal Reses Agustus", publish_at=wita(2025, 8, 15, 10, 0))

    response = staff_client.get(CHANGELIST)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Pilih artikel untuk diubah" in html
    assert "Tambahkan artikel" in html
    assert "Artikel" in html
    assert status_label(html, "Rancangan Perda Retribusi") == "Draf"
    assert status_label(html, "Jadwal Reses Agustus") == "Terjadwal (15 Agu 2025 10:00)"
    assert status_label(html, "Kebijakan Pengelolaan Sektor Perhubungan Palopo") == "Terbit"
    assert set(listed_titles(html)) == set(
        Article.objects.values_list("title", flat=True)
    )  # the 7 seed articles and the two made here
    assert len(listed_titles(html)) == 9


def test_search_finds_a_word_that_is_only_in_a_section_body(staff_client, seed_archive):
    """ "mikrolet" is in one paragraph of the transport article, in no title or heading."""
    assert not Article.objects.filter(title__icontains="mikrolet").exists()
    assert not Section.objects.filter(heading__icontains="mikrolet").exists()

    response = staff_client.get(CHANGELIST, {"q": "mikrolet"})

    assert response.status_code == 200
    assert listed_titles(response.content.decode()) == [
        "Kebijakan Pengelolaan Sektor Perhubungan Palopo"
    ]


def test_month_filter_lists_the_articles_of_that_wita_month(staff_client, seed_archive):
    """The month follows the Palopo clock: 30 April 23:30 WITA is still April."""
    ArticleFactory(title="Laporan Akhir April", publish_at=wita(2025, 4, 30, 23, 30))
    ArticleFactory(title="Laporan Awal Mei", publish_at=wita(2025, 5, 1, 0, 30))

    april = staff_client.get(CHANGELIST, {"bulan": "2025-04"})
    may = staff_client.get(CHANGELIST, {"bulan": "2025-05"})

    assert april.status_code == may.status_code == 200
    april_titles = listed_titles(april.content.decode())
    assert "Laporan Akhir April" in april_titles
    assert "Laporan Awal Mei" not in april_titles
    assert "Kebijakan Pengelolaan Sektor Perhubungan Palopo" in april_titles
    assert len(april_titles) == 8
    assert listed_titles(may.content.decode()) == ["Laporan Awal Mei"]
    # The filter offers the months that have articles.
    assert "?bulan=2025-04" in april.content.decode()


@pytest.mark.parametrize(
    "value",
    [
        "abc",
        "2025-13",
        "2025",
        "2025-04-01",
        "9999-12",
        "99999999999999999999-01",
    ],
)
def test_bad_month_filter_value_does_not_crash(staff_client, seed_archive, value):
    response = staff_client.get(CHANGELIST, {"bulan": value})

    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert "e=1" in response["Location"]  # the admin's "invalid filter" page
    else:
        assert "Kebijakan Pengelolaan Sektor Perhubungan Palopo" not in listed_titles(
            response.content.decode()
        )


# --- Adding an article ---------------------------------------------------------------


def test_add_form_uses_the_sections_inline(staff_client):
    values = article_form(staff_client, ADD)

    assert inline_prefix(values) == "sections"
    assert "sections-0-body" in values  # one empty section to start with


def test_article_added_in_the_admin_is_on_the_public_site(staff_client, seed_archive):
    sections = [
        ("20", "Kedua Menurut Urutan", "<p>Isi bagian yang diberi urutan 20.</p>"),
        ("10", "Pertama Menurut Urutan", "<p>Isi bagian yang diberi urutan 10.</p>"),
        ("", "Terakhir Tanpa Urutan", "<p>Isi bagian tanpa urutan.</p>"),
    ]
    data = new_article_data(
        staff_client,
        "Rapat Dengar Pendapat Anggaran Sekolah",
        "rapat-dengar-pendapat-anggaran-sekolah",
        sections,
        tags="Anggaran, Pendidikan Dasar",
    )
    tags_before = Tag.objects.count()

    response = staff_client.post(ADD, data)

    assert response.status_code == 302, response.content.decode()[:3000]
    article = Article.objects.get(slug="rapat-dengar-pendapat-anggaran-sekolah")
    # Positions are renumbered 1..n: 10 first, then 20, the blank one last.
    assert list(article.sections.values_list("position", "heading")) == [
        (1, "Pertama Menurut Urutan"),
        (2, "Kedua Menurut Urutan"),
        (3, "Terakhir Tanpa Urutan"),
    ]
    # "Anggaran" is the existing "anggaran" tag, not a second one.
    assert Tag.objects.count() == tags_before + 1
    assert Tag.objects.filter(name__iexact="anggaran").count() == 1
    assert {tag.slug for tag in article.tags.all()} == {"anggaran", "pendidikan-dasar"}

    page = staff_client.get("/2025/05/rapat-dengar-pendapat-anggaran-sekolah/")
    assert page.status_code == 200
    html = page.content.decode()
    places = heading_order(
        html, ["Pertama Menurut Urutan", "Kedua Menurut Urutan", "Terakhir Tanpa Urutan"]
    )
    assert places == sorted(places)
    assert "Isi bagian tanpa urutan." in html
    assert "20 Mei 2025" in html

    month = staff_client.get("/2025/05/").content.decode()
    assert "Rapat Dengar Pendapat Anggaran Sekolah" in month
    tag_page = staff_client.get("/tag/anggaran/").content.decode()
    assert "Rapat Dengar Pendapat Anggaran Sekolah" in tag_page
    assert "Pengawasan Terhadap Pelaksanaan Kebijakan Anggaran Palopo" in tag_page


def test_unsafe_html_in_a_section_is_cleaned(staff_client):
    body = (
        '<p onclick="alert(3)">Isi dengan <a href="javascript:alert(2)">tautan</a> '
        'dan <a href="https://palopokota.go.id/">situs kota</a>.</p>'
        "<script>alert(1)</script>"
    )
    data = new_article_data(
        staff_client, "Uji Isi Berbahaya", "uji-isi-berbahaya", [("", "Bagian", body)]
    )

    response = staff_client.post(ADD, data)

    assert response.status_code == 302
    stored = Section.objects.get(article__slug="uji-isi-berbahaya").body
    for unsafe in ("<script", "alert(", "onclick", "javascript:"):
        assert unsafe not in stored.lower()
    assert "tautan" in stored
    assert 'href="https://palopokota.go.id/"' in stored  # safe links stay
    html = staff_client.get("/2025/05/uji-isi-berbahaya/").content.decode().lower()
    # The page's only scripts are its JSON-LD data blocks (never run by browsers).
    html = re.sub(r'<script type="application/ld\+json">.*?</script>', "", html, flags=re.S)
    for unsafe in ("<script", "alert(", "onclick", "javascript:"):
        assert unsafe not in html
    assert "situs kota" in html


def test_duplicate_slug_is_refused_in_indonesian(staff_client, seed_archive):
    articles, sections = Article.objects.count(), Section.objects.count()
    data = new_article_data(
        staff_client,
        "Penguatan Kapasitas Pemerintah Daerah Palopo",
        SEED_SLUG,
        [("", "Bagian", "<p>Isi.</p>")],
    )

    response = staff_client.post(ADD, data)

    assert response.status_code == 200  # the form again, with the error
    # The message names the article that holds the slug.
    assert (
        "Slug ini sudah dipakai artikel «Penguatan Kapasitas Pemerintah Daerah Palopo»"
        in response.content.decode()
    )
    assert Article.objects.count() == articles
    assert Section.objects.count() == sections


# --- Changing an article ---------------------------------------------------------------


def test_swapping_section_positions_reorders_the_public_page(staff_client, seed_archive):
    """Swapping 1 and 7 passes through two sections at the same place: the unique
    (article, position) constraint is deferred to the end of the transaction."""
    article = Article.objects.get(slug=SEED_SLUG)
    headings = list(article.sections.values_list("heading", flat=True))
    data = article_form(staff_client, change_url(article))
    assert [data[f"sections-{n}-heading"] for n in range(7)] == headings
    data["sections-0-position"], data["sections-6-position"] = "7", "1"
    # The article is public: an edit of its text must say what kind of change it is.
    data["change_kind"] = "kecil"
    data["_save"] = "Simpan"

    response = staff_client.post(change_url(article), data)

    assert response.status_code == 302, response.content.decode()[:3000]
    wanted = [headings[6], *headings[1:6], headings[0]]
    assert list(article.sections.values_list("heading", flat=True)) == wanted
    assert list(article.sections.values_list("position", flat=True)) == list(range(1, 8))
    html = staff_client.get(article.get_absolute_url()).content.decode()
    places = heading_order(html, wanted)
    assert places == sorted(places)


def test_change_page_links_to_the_article_on_the_site(staff_client, seed_archive):
    article = Article.objects.get(slug=SEED_SLUG)

    html = staff_client.get(change_url(article)).content.decode()

    link = re.search(r'<a href="([^"]+)" class="viewsitelink">([^<]*)</a>', html)
    assert link, "no 'view on site' link"
    assert link[2].strip() == "Lihat di situs"
    assert link[1] == "/2025/04/penguatan-kapasitas-pemerintah-daerah-palopo/"
    assert staff_client.get(link[1]).status_code == 200


def test_a_draft_has_no_link_to_a_public_page_it_does_not_have(staff_client):
    draft = DraftFactory(title="Belum Terbit")

    html = staff_client.get(change_url(draft)).content.decode()

    assert 'class="viewsitelink"' not in html
    assert "Pratinjau" in html
