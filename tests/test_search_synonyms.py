"""Abbreviations of council work find the articles that spell them out, and the other
way round (articles/search/query.py, SYNONYMS)."""

import pytest

from articles.search import query as search
from tests.factories import ArticleFactory, wita
from tests.test_search import found

pytestmark = pytest.mark.django_db

REQUIRED = {
    "APBD": "Anggaran Pendapatan dan Belanja Daerah",
    "DPRD": "Dewan Perwakilan Rakyat Daerah",
    "Perda": "Peraturan Daerah",
    "Ranperda": "Rancangan Peraturan Daerah",
    "RDP": "Rapat Dengar Pendapat",
    "Pansus": "Panitia Khusus",
}


def test_the_list_holds_the_required_abbreviations():
    for short, long in REQUIRED.items():
        assert search.SYNONYMS[short] == long


@pytest.mark.parametrize(("short", "long"), REQUIRED.items())
def test_an_abbreviation_finds_the_articles_that_spell_it_out(client, short, long):
    ArticleFactory(
        title="Catatan Sidang Dewan",
        sections=[("", f"<p>Pembahasan {long} Kota Palopo tahun ini.</p>")],
        publish_at=wita(2025, 3, 1),
    )
    ArticleFactory(
        title=f"Kabar {short} Terbaru",
        sections=[("", "<p>Ringkas saja.</p>")],
        publish_at=wita(2025, 3, 2),
    )
    ArticleFactory(title="Musim Tanam Padi", sections=[("", "<p>Benih unggul.</p>")])

    both = {"Catatan Sidang Dewan", f"Kabar {short} Terbaru"}
    assert set(found(client, short)) == both
    assert set(found(client, short.lower())) == both
    # The words, typed one after another or quoted, find the abbreviation too.
    assert set(found(client, long.lower())) == both
    assert set(found(client, f'"{long}"')) == both


def test_the_words_must_be_together_and_in_order():
    # "Peraturan Daerah" spelled out is a phrase: the two words apart do not count.
    tsquery = search.build_tsquery("perda")
    assert tsquery == "'perda' | 'atur' <-> 'daerah'"


def test_the_words_apart_do_not_find_the_abbreviation(client):
    ArticleFactory(
        title="Peraturan Baru",
        sections=[("", "<p>Peraturan parkir berlaku di seluruh daerah.</p>")],
    )
    assert found(client, "Perda") == []


def test_an_abbreviation_is_not_a_prefix_of_other_words(client):
    # Typed words match as prefixes of stems; an abbreviation only as itself: "perda"
    # must not find "perdana" (first).
    ArticleFactory(title="Rapat Perdana Komisi", sections=[("", "<p>Sidang pertama.</p>")])
    assert found(client, "Perda") == []


def test_an_excluded_abbreviation_excludes_its_words_too(client):
    ArticleFactory(
        title="Pembahasan Anggaran Pendapatan dan Belanja Daerah",
        sections=[("", "<p>Anggaran sekolah.</p>")],
    )
    ArticleFactory(title="Anggaran Kelurahan", sections=[("", "<p>Musrenbang.</p>")])
    assert found(client, "anggaran -apbd") == ["Anggaran Kelurahan"]


def test_the_longest_abbreviation_wins():
    # "rancangan peraturan daerah" is Ranperda, not "rancangan" and Perda.
    assert search.build_tsquery("rancangan peraturan daerah") == (
        "'rancang':* & 'atur':* & 'daerah':* | 'ranperda'"
    )


def test_an_abbreviation_inside_a_quoted_phrase_keeps_its_place(client):
    ArticleFactory(
        title="Jadwal Sidang",
        sections=[
            ("", "<p>Pengesahan Anggaran Pendapatan dan Belanja Daerah 2025 dijadwalkan.</p>")
        ],
    )
    ArticleFactory(title="Jadwal Lain", sections=[("", "<p>Pengesahan APBD tahun 2025.</p>")])
    assert found(client, '"pengesahan apbd"') == ["Jadwal Lain", "Jadwal Sidang"]
    assert found(client, '"apbd 2025"') == ["Jadwal Sidang"]


@pytest.mark.parametrize(("short", "long"), getattr(search, "SYNONYMS", {}).items())
def test_every_entry_reads_as_one_word_and_a_phrase(short, long):
    """Plain data someone may extend: each abbreviation must stem to one word and its
    words to a phrase of at least two, or the entry would silently do nothing."""
    tsquery = search.build_tsquery(short)
    assert " | " in tsquery and " <-> " in tsquery, (short, tsquery)
