"""A search whose words never meet in one article still shows something: the articles
with some of the words, those with the most first, and a line saying so."""

import pytest

from articles.search import query as search
from tests.factories import ArticleFactory, wita
from tests.test_search import found, result_titles

pytestmark = pytest.mark.django_db

NOTICE = "Tidak ada artikel yang memuat semua kata; ini artikel yang memuat sebagian kata."


@pytest.fixture
def split_words():
    ArticleFactory(
        title="Laporan Pengawasan Pasar",
        sections=[("", "<p>Dewan menerima laporan pengawasan pasar sentral.</p>")],
        publish_at=wita(2025, 3, 3),
    )
    ArticleFactory(
        title="Rute Baru Angkutan Kota",
        sections=[("", "<p>Dinas menata transportasi umum dan terminal.</p>")],
        publish_at=wita(2025, 3, 4),
    )
    ArticleFactory(
        title="Sidak Terminal dan Pasar",
        sections=[("", "<p>Komisi meninjau terminal, pasar dan transportasi umum.</p>")],
        publish_at=wita(2025, 3, 1),
    )
    ArticleFactory(
        title="Musim Tanam Padi",
        sections=[("", "<p>Petani menyiapkan benih.</p>")],
        publish_at=wita(2025, 3, 5),
    )


def test_words_that_never_meet_show_the_articles_with_any_of_them(client, split_words):
    response = client.get("/cari/", {"q": "pengawasan transportasi"})
    html = response.content.decode()

    assert set(result_titles(response)) == {
        "Laporan Pengawasan Pasar",
        "Rute Baru Angkutan Kota",
        "Sidak Terminal dan Pasar",
    }
    assert NOTICE in html
    assert "3 artikel memuat sebagian kata" in html
    assert "0 artikel ditemukan" not in html
    assert "<mark>pengawasan</mark>" in html and "<mark>transportasi</mark>" in html


def test_articles_with_more_of_the_words_come_first(client, split_words):
    # "Sidak Terminal dan Pasar" has three of the four words, the other two have two
    # each: then title matches first, then the newest, as in any search.
    titles = found(client, "pengawasan transportasi terminal pasar")
    assert titles == [
        "Sidak Terminal dan Pasar",
        "Laporan Pengawasan Pasar",
        "Rute Baru Angkutan Kota",
    ]
    assert found(client, "petani transportasi terminal") == [
        "Sidak Terminal dan Pasar",
        "Rute Baru Angkutan Kota",
        "Musim Tanam Padi",
    ]


def test_an_excluded_word_stays_excluded(client, split_words):
    assert found(client, "pengawasan transportasi -terminal") == ["Laporan Pengawasan Pasar"]


def test_words_found_together_need_no_fallback(client, split_words):
    html = client.get("/cari/", {"q": "terminal transportasi"}).content.decode()
    assert NOTICE not in html
    assert "2 artikel ditemukan" in html


def test_a_single_word_that_finds_nothing_still_says_so(client, split_words):
    html = client.get("/cari/", {"q": "zebra"}).content.decode()
    assert NOTICE not in html
    assert "0 artikel ditemukan" in html


def test_filters_apply_to_the_fallback_too(client, split_words):
    assert found(client, "pengawasan transportasi", tahun=2024) == []


def test_a_mistyped_word_is_still_offered_beside_the_partial_results(client, split_words):
    response = client.get("/cari/", {"q": "terminal transportasu"})
    html = response.content.decode()
    assert NOTICE in html
    assert set(result_titles(response)) == {"Rute Baru Angkutan Kota", "Sidak Terminal dan Pasar"}
    assert "Mungkin maksud Anda:" in html and ">terminal transportasi</a>" in html
    # A correction that finds nothing together either is not offered.
    html = client.get("/cari/", {"q": "pengawasan transportasu"}).content.decode()
    assert NOTICE in html and "Mungkin maksud Anda:" not in html


def test_the_parts_of_a_query(split_words):
    parsed = search.parse_query("pengawasan transportasi -pasar")
    assert parsed.any_tsquery == "( 'awas':* | 'transportasi':* ) & !'pasar':*"
    assert parsed.parts == ["'awas':*", "'transportasi':*"]
    # "a or b" already asks for any of them.
    assert search.parse_query("pengawasan or transportasi").any_tsquery == ""
    assert search.parse_query("pengawasan").any_tsquery == ""


@pytest.mark.no_page_cache
def test_the_fallback_page_uses_a_fixed_number_of_queries(client, django_assert_num_queries):
    for number in range(12):
        ArticleFactory(
            title=f"Reses Anggota {number}" if number % 2 else f"Sidang Pleno {number}",
            publish_at=wita(2025, 4, 1 + number),
            tags=["dewan"],
        )
    # The query (1), years (1), topics (1), COUNT of all words (1), did-you-mean
    # candidates (1), COUNT of any word (1), the page (1), its tags (1), its snippets (1).
    with django_assert_num_queries(9):
        response = client.get("/cari/", {"q": "reses pleno"})
    assert len(result_titles(response)) == 10
