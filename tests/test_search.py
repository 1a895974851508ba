"""Searching the archive at /cari/: what a citizen finds, and what they never see."""

import re
from html import unescape

import pytest
from django.core.management import call_command

from articles.models import Article, SearchWord
from articles.search import index
from articles.search import query as search
from tests.conftest import SEED_META, SEED_PAGE
from tests.factories import ArticleFactory, DraftFactory, wita
from tests.staff import ADD, article_form, change_url, inline_prefix, new_article_data

pytestmark = pytest.mark.django_db


def result_titles(response):
    """Result titles in the order shown."""
    html = response.content.decode()
    results = html.split('<ol class="results">', 1)
    if len(results) == 1:
        return []
    block = results[1].split("</ol>", 1)[0]
    return [
        unescape(title) for title in re.findall(r'class="summary-title"><a [^>]*>([^<]*)<', block)
    ]


def found(client, query, **filters):
    response = client.get("/cari/", {"q": query, **filters})
    assert response.status_code == 200
    return result_titles(response)


@pytest.fixture
def word_forms():
    ArticleFactory(
        title="Laporan Pengawasan Pasar",
        sections=[("", "<p>Dewan menerima laporan pengawasan pasar sentral.</p>")],
        publish_at=wita(2025, 3, 3),
    )
    ArticleFactory(
        title="Dewan Mengawasi Proyek Jalan",
        sections=[("", "<p>Anggota dewan turun ke lapangan.</p>")],
        publish_at=wita(2025, 3, 4),
    )
    ArticleFactory(
        title="Rencana Tata Ruang Kota",
        sections=[("", "<p>Dokumen rencana disusun bersama warga.</p>")],
        publish_at=wita(2025, 3, 5),
    )
    ArticleFactory(
        title="Perencanaan Anggaran Kelurahan",
        sections=[("", "<p>Musrenbang kelurahan dibuka.</p>")],
        publish_at=wita(2025, 3, 6),
    )
    ArticleFactory(
        title="Penanggulangan Bencana Banjir",
        sections=[("", "<p>Kesiapsiagaan warga di bantaran sungai.</p>")],
        publish_at=wita(2025, 3, 7),
    )


# The stemmer alone splits these families: "mengawasi" -> awasi, "pengawasan" -> awas;
# "perencanaan" -> encana, "rencana" -> rencana.
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("pengawasan", {"Laporan Pengawasan Pasar", "Dewan Mengawasi Proyek Jalan"}),
        ("mengawasi", {"Laporan Pengawasan Pasar", "Dewan Mengawasi Proyek Jalan"}),
        ("diawasi", {"Laporan Pengawasan Pasar", "Dewan Mengawasi Proyek Jalan"}),
        ("rencana", {"Rencana Tata Ruang Kota", "Perencanaan Anggaran Kelurahan"}),
        ("perencanaan", {"Rencana Tata Ruang Kota", "Perencanaan Anggaran Kelurahan"}),
    ],
)
def test_indonesian_word_forms_find_each_other(client, word_forms, query, expected):
    assert set(found(client, query)) == expected


def test_word_forms_are_not_stretched_to_unrelated_words(client, word_forms):
    # "bencana" (disaster) shares letters with "encana" but is another word.
    assert "Penanggulangan Bencana Banjir" not in found(client, "perencanaan")
    assert found(client, "bencana") == ["Penanggulangan Bencana Banjir"]


def test_the_stemmer_alone_would_miss_them(word_forms):
    """Why the widening exists: plain websearch_to_tsquery finds only one form."""
    plain = Article.objects.extra(
        where=["search_vector @@ websearch_to_tsquery('indonesian', %s)"], params=["mengawasi"]
    )
    assert [article.title for article in plain] == ["Dewan Mengawasi Proyek Jalan"]


@pytest.fixture
def council_articles():
    ArticleFactory(
        title="Pelayanan Publik di Kecamatan",
        sections=[("Latar", "<p>Antrean pelayanan publik dipangkas.</p>")],
        tags=["pelayanan publik"],
        publish_at=wita(2025, 4, 1),
    )
    ArticleFactory(
        title="Anggaran Sekolah Dasar",
        sections=[("Rincian", "<p>Publik menilai pelayanan sekolah membaik.</p>")],
        tags=["anggaran", "pendidikan"],
        publish_at=wita(2024, 4, 2),
    )
    ArticleFactory(
        title="Anggaran Kesehatan Puskesmas",
        sections=[("Rincian", "<p>Pelayanan publik kesehatan diperluas.</p>")],
        tags=["anggaran"],
        publish_at=wita(2025, 5, 3),
    )


def test_quoted_phrase_needs_the_words_together(client, council_articles):
    titles = found(client, '"pelayanan publik"')
    assert set(titles) == {"Pelayanan Publik di Kecamatan", "Anggaran Kesehatan Puskesmas"}


def test_minus_excludes_a_word(client, council_articles):
    assert found(client, "anggaran -sekolah") == ["Anggaran Kesehatan Puskesmas"]


def test_several_words_must_all_match(client, council_articles):
    assert found(client, "anggaran puskesmas") == ["Anggaran Kesehatan Puskesmas"]


def test_title_matches_come_first_then_the_newest(client, council_articles):
    # All three mention "pelayanan"; only one has it in the title.
    titles = found(client, "pelayanan")
    assert titles[0] == "Pelayanan Publik di Kecamatan"
    assert titles[1:] == ["Anggaran Kesehatan Puskesmas", "Anggaran Sekolah Dasar"]


def test_results_show_a_highlighted_snippet_date_and_tags(client, council_articles):
    html = client.get("/cari/", {"q": "puskesmas"}).content.decode()
    snippet = html.split('<p class="snippet">', 1)[1].split("</p>", 1)[0]
    assert unescape(re.sub(r"</?mark>", "", snippet)) == "Pelayanan publik kesehatan diperluas."
    assert "<mark>" not in snippet  # the word is only in the title
    html = client.get("/cari/", {"q": "kesehatan"}).content.decode()
    assert "<mark>kesehatan</mark>" in html
    assert "Sabtu, 3 Mei 2025" in html
    assert 'href="/tag/anggaran/" rel="tag"' in html
    assert "1 artikel ditemukan" in html


def test_filters_by_year_month_and_tag_combine_with_the_query(client, council_articles):
    assert found(client, "anggaran", tahun=2024) == ["Anggaran Sekolah Dasar"]
    assert found(client, "anggaran", bulan=5) == ["Anggaran Kesehatan Puskesmas"]
    assert found(client, "pelayanan", topik="anggaran") == [
        "Anggaran Kesehatan Puskesmas",
        "Anggaran Sekolah Dasar",
    ]
    assert found(client, "pelayanan", topik="anggaran", tahun=2025, bulan=5) == [
        "Anggaran Kesehatan Puskesmas"
    ]
    assert found(client, "pelayanan", tahun=2023) == []


@pytest.mark.parametrize(
    "params",
    [{"tahun": "abc"}, {"bulan": "13"}, {"topik": "<script>"}, {"page": "0"}, {"page": "x"}],
)
def test_malformed_filters_are_not_found_not_errors(client, council_articles, params):
    assert client.get("/cari/", {"q": "anggaran", **params}).status_code == 404


def test_results_are_paginated(client):
    for day in range(1, 13):
        ArticleFactory(title=f"Sidang Paripurna Ke-{day}", publish_at=wita(2025, 3, day))
    first = client.get("/cari/", {"q": "paripurna"})
    assert len(result_titles(first)) == 10
    assert "12 artikel ditemukan" in first.content.decode()
    assert 'href="/cari/?q=paripurna&amp;page=2" rel="next"' in first.content.decode()
    second = client.get("/cari/", {"q": "paripurna", "page": 2})
    assert result_titles(second) == ["Sidang Paripurna Ke-2", "Sidang Paripurna Ke-1"]
    assert client.get("/cari/", {"q": "paripurna", "page": 3}).status_code == 404


HOSTILE = [
    "",
    "   \t  ",
    "x" * 1000,
    "anggaran " * 120,
    "!!! ??? ... ---",
    "'; DROP TABLE articles_article; --",
    "1 OR 1=1",
    "a:* & b | !c <-> d",
    '"',
    "-",
    "пример запроса",
    "中文 搜索",
    "مرحبا",
    "\x00null",
    "%_\\",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_give_a_normal_page(client, council_articles, query):
    response = client.get("/cari/", {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Cari artikel" in html
    assert Article.objects.count() == 3


def test_nothing_found_is_said_kindly(client, council_articles):
    html = client.get("/cari/", {"q": "zebra"}).content.decode()
    assert "0 artikel ditemukan" in html
    assert "Tidak ada artikel yang cocok dengan «zebra»." in html


def test_a_mistyped_word_gets_did_you_mean(client, council_articles):
    html = client.get("/cari/", {"q": "puskesms"}).content.decode()
    assert "Mungkin maksud Anda:" in html
    assert '<a href="/cari/?q=puskesmas">puskesmas</a>' in html


def test_search_box_is_on_every_page_and_works_without_javascript(client, council_articles):
    html = client.get("/2025/04/").content.decode()
    form = html.split('<form class="site-search"', 1)[1].split("</form>", 1)[0]
    assert 'role="search"' in form and 'action="/cari/"' in form and 'method="get"' in form
    assert '<label for="cari-situs">' in form and 'id="cari-situs" name="q"' in form


def test_wordpress_search_address_moves_to_the_search_page(client):
    response = client.get("/", {"s": "anggaran sekolah"})
    assert response.status_code == 301
    assert response["Location"] == "/cari/?q=anggaran+sekolah"


# --- Drafts and scheduled articles ------------------------------------------------


@pytest.fixture
def hidden(council_articles):
    DraftFactory(
        title="Rancangan Anggaran Zamrud",
        sections=[("", "<p>Kata rahasia kriptonit hanya di draf. Anggaran puskesmas.</p>")],
    )
    ArticleFactory(
        title="Pengumuman Terjadwal Anggaran",
        sections=[("", "<p>Kata jadwal sinarbulan muncul besok. Anggaran puskesmas.</p>")],
        publish_at=wita(2025, 6, 2, 9),
    )


def test_drafts_and_scheduled_articles_never_match(client, hidden):
    # What each query finds: only the public council articles, never the hidden two.
    public = {
        "zamrud": set(),
        "kriptonit": set(),
        "sinarbulan": set(),
        "anggaran": {"Anggaran Sekolah Dasar", "Anggaran Kesehatan Puskesmas"},
        "puskesmas": {"Anggaran Kesehatan Puskesmas"},
    }
    for query, titles in public.items():
        response = client.get("/cari/", {"q": query})
        assert response.status_code == 200, (query, response.status_code)
        html = response.content.decode()
        assert set(result_titles(response)) == titles, query
        assert f"{len(titles)} artikel ditemukan" in html, query
        # The page repeats what was typed; nothing else of the hidden articles shows.
        for word in ("Zamrud", "kriptonit", "Terjadwal", "sinarbulan", "rahasia", "besok"):
            if word != query:
                assert word not in html, (query, word)


def test_a_drafts_unique_word_is_never_suggested(client, hidden):
    # "kriptonit" exists only in a draft; a near miss must not lead to it.
    html = client.get("/cari/", {"q": "kriptonis"}).content.decode()
    assert "kriptonit" not in html
    assert "Mungkin maksud Anda" not in html
    assert not SearchWord.objects.filter(word__in=["kriptonit", "sinarbulan"]).exists()


def test_a_scheduled_article_becomes_searchable_when_its_time_comes(client, hidden, pinned_clock):
    assert found(client, "sinarbulan") == []
    pinned_clock.move_to("2025-06-02T02:00:00+00:00")  # 10:00 WITA on 2 June
    assert found(client, "sinarbulan") == ["Pengumuman Terjadwal Anggaran"]


# --- The stored vector stays current ----------------------------------------------


def test_vector_follows_edits_of_title_sections_and_tags(client):
    article = ArticleFactory(
        title="Rapat Kerja", sections=[("Awal", "<p>Membahas retribusi.</p>")], tags=["pajak"]
    )
    assert found(client, "retribusi") == ["Rapat Kerja"]

    article.title = "Rapat Kerja Komisi Tiga"
    article.save()
    assert found(client, "komisi") == ["Rapat Kerja Komisi Tiga"]

    section = article.sections.get()
    section.body = "<p>Membahas parkir.</p>"
    section.save()
    assert found(client, "retribusi") == []
    assert found(client, "parkir") == ["Rapat Kerja Komisi Tiga"]

    article.sections.create(position=2, heading="Tindak Lanjut", body="<p>Sidak terminal.</p>")
    assert found(client, "terminal") == ["Rapat Kerja Komisi Tiga"]
    article.sections.get(position=2).delete()
    assert found(client, "terminal") == []

    article.tags.add("perhubungan")
    assert found(client, "perhubungan") == ["Rapat Kerja Komisi Tiga"]
    article.tags.remove("perhubungan")
    assert found(client, "perhubungan") == []
    article.tags.clear()
    assert found(client, "pajak") == []


def test_article_added_and_changed_in_the_admin_is_found(staff_client):
    data = new_article_data(
        staff_client,
        "Rapat Dengar Pendapat Irigasi",
        "rapat-dengar-pendapat-irigasi",
        [("", "Bendungan", "<p>Petani mengeluhkan saluran tersier.</p>")],
        tags="Pertanian",
    )
    response = staff_client.post(ADD, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert found(staff_client, "tersier") == ["Rapat Dengar Pendapat Irigasi"]
    assert found(staff_client, "pertanian") == ["Rapat Dengar Pendapat Irigasi"]

    article = Article.objects.get(slug="rapat-dengar-pendapat-irigasi")
    change = change_url(article)
    data = article_form(staff_client, change)
    prefix = inline_prefix(data)
    data[f"{prefix}-0-body"] = "<p>Nelayan meminta pompa air.</p>"
    data["tags"] = "Perikanan"
    data["change_kind"] = "pembaruan"  # an update of a public text (the admin asks)
    data["_save"] = "Simpan"
    response = staff_client.post(change, data)
    assert response.status_code == 302, re.findall(
        r'class="errorlist.*?</ul>|class="errornote.*?</p>', response.content.decode(), re.S
    )
    assert found(staff_client, "tersier") == []
    assert found(staff_client, "pompa") == ["Rapat Dengar Pendapat Irigasi"]
    assert found(staff_client, "pertanian") == []
    assert found(staff_client, "perikanan") == ["Rapat Dengar Pendapat Irigasi"]


def test_an_imported_article_is_findable(client):
    call_command("import_archive", str(SEED_PAGE), "--meta", str(SEED_META), verbosity=0)
    assert "Pengawasan Terhadap Pelaksanaan Kebijakan Anggaran Palopo" in found(
        client, "pengawasan anggaran"
    )


def test_bulk_refresh_rebuilds_vectors(client):
    article = ArticleFactory(title="Evaluasi Drainase")
    Article.objects.filter(pk=article.pk).update(search_vector=None)
    assert found(client, "drainase") == []
    index.refresh_search_vectors([article.pk])
    assert found(client, "drainase") == ["Evaluasi Drainase"]


# --- Queries --------------------------------------------------------------------


# Results page: the query's tsquery and related stems (1), year choices (1), topic
# choices (1), the paginator's COUNT (1), the page of results (1), their tags (1),
# their snippets (1). The same for 1 result or a full page of 10.
RESULT_PAGE_QUERIES = 7


@pytest.mark.no_page_cache
@pytest.mark.parametrize("count", [1, 15])
def test_search_page_uses_a_fixed_number_of_queries(client, django_assert_num_queries, count):
    for number in range(count):
        ArticleFactory(
            title=f"Reses Anggota Dewan {number}",
            publish_at=wita(2025, 4, 1 + number % 28),
            tags=["reses", f"dapil-{number % 3}"],
        )
    with django_assert_num_queries(RESULT_PAGE_QUERIES):
        response = client.get("/cari/", {"q": "reses", "topik": "reses", "tahun": 2025})
    assert len(result_titles(response)) == min(count, 10)


@pytest.mark.no_page_cache
def test_nothing_found_page_adds_only_the_did_you_mean_queries(client, django_assert_num_queries):
    ArticleFactory(title="Reses Anggota Dewan")
    # + candidate words (1), the correction's tsquery (1) and its COUNT (1); with no
    # result there is no page to fetch, nor its tags or snippets.
    with django_assert_num_queries(RESULT_PAGE_QUERIES - 3 + 3):
        html = client.get("/cari/", {"q": "angota"}).content.decode()
    assert "Mungkin maksud Anda:" in html


@pytest.mark.no_page_cache
def test_empty_search_page_asks_for_words(client, django_assert_num_queries):
    # Only the filter choices: years (1) and topics (1).
    with django_assert_num_queries(2):
        html = client.get("/cari/").content.decode()
    assert "Ketik kata yang ingin dicari" in html


def test_a_very_common_word_says_more_than_the_cap(client, monkeypatch):
    # A word in most of a big archive is not counted to the end (see COUNT_CAP).
    monkeypatch.setattr(search, "COUNT_CAP", 3)
    for day in range(1, 6):
        ArticleFactory(title=f"Rapat Komisi {day}", publish_at=wita(2025, 3, day))
    ArticleFactory(
        title="Sidang Terbaru",
        sections=[("", "<p>Laporan komisi.</p>")],
        publish_at=wita(2025, 5, 1),
    )
    response = client.get("/cari/", {"q": "komisi"})
    assert "Lebih dari 3 artikel ditemukan" in response.content.decode()
    # The same ranking on this path: title matches first, newest first.
    assert result_titles(response) == ["Rapat Komisi 5", "Rapat Komisi 4", "Rapat Komisi 3"]
    assert found(client, "laporan") == ["Sidang Terbaru"]
