"""Every address the WordPress site answered keeps answering, and moved ones follow.

Old links live on in WhatsApp groups, council letters and search engines: each
WordPress URL form answers here, a changed slug or month answers 301 in one hop, and
an address with a typo finds its article.
"""

import pytest

from articles.models import Article, SlugRedirect, Tag, TagRedirect
from tests.factories import ArticleFactory, DraftFactory, wita
from tests.staff import article_form, change_url

pytestmark = pytest.mark.django_db

SLUG = "pengawasan-pelaksanaan-anggaran-pendapatan-belanja-daerah"


@pytest.fixture
def archive(db):
    """21 April articles (two list pages), one tagged and with a WordPress post id."""
    ArticleFactory.create_batch(20, publish_at=wita(2025, 4, 3), tags=["Anggaran"])
    return ArticleFactory(
        title="Pengawasan Pelaksanaan Anggaran Pendapatan dan Belanja Daerah",
        slug=SLUG,
        publish_at=wita(2025, 4, 24, 9, 0),
        legacy_id=533,
        tags=["Anggaran"],
    )


ANSWERING = [
    f"/2025/04/{SLUG}/",
    "/2025/04/",
    "/2025/04/24/",
    "/2025/",
    "/2025/04/page/2/",
    "/tag/anggaran/",
    "/tag/anggaran/page/2/",
    "/feed/",
    "/tag/anggaran/feed/",
]


@pytest.mark.parametrize("path", ANSWERING)
def test_wordpress_url_forms_answer(client, archive, path):
    assert client.get(path).status_code == 200


@pytest.mark.parametrize("path", ANSWERING)
def test_the_same_addresses_without_trailing_slash_move_to_the_slash_form(client, archive, path):
    response = client.get(path.rstrip("/"))

    assert response.status_code == 301
    assert response["Location"] == path


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/?p=533", f"/2025/04/{SLUG}/"),
        ("/category/anggaran/", "/tag/anggaran/"),
        ("/category/anggaran", "/category/anggaran/"),
        ("/category/anggaran/page/2/", "/tag/anggaran/page/2/"),
        ("/category/anggaran/feed/", "/tag/anggaran/feed/"),
        ("/category/berita/anggaran/", "/tag/anggaran/"),
        (f"/2024/11/{SLUG}/", f"/2025/04/{SLUG}/"),
    ],
)
def test_old_addresses_answer_301_to_their_page_now(client, archive, old, new):
    response = client.get(old)

    assert response.status_code == 301
    assert response["Location"] == new


def test_a_category_without_a_topic_is_not_found(client, archive):
    assert client.get("/category/uncategorized/").status_code == 404
    assert client.get("/category/tidak-ada/feed/").status_code == 404


def test_a_category_of_a_renamed_topic_goes_there_in_one_hop(client, archive):
    TagRedirect.objects.create(old_slug="apbd", tag=Tag.objects.get(slug="anggaran"))

    response = client.get("/category/apbd/")

    assert response.status_code == 301
    assert response["Location"] == "/tag/anggaran/"


def test_a_changed_slug_keeps_answering_with_one_hop(client, archive):
    archive.slug = "pengawasan-apbd-2025"
    archive.save()
    archive.slug = "pengawasan-apbd-palopo-2025"
    archive.save()

    for old in (SLUG, "pengawasan-apbd-2025"):
        response = client.get(f"/2025/04/{old}/")
        assert response.status_code == 301
        assert response["Location"] == "/2025/04/pengawasan-apbd-palopo-2025/"
        assert client.get(response["Location"]).status_code == 200
    # Under another month the old slug still goes straight to the address now.
    response = client.get(f"/2023/01/{SLUG}/")
    assert response["Location"] == "/2025/04/pengawasan-apbd-palopo-2025/"


def test_a_slug_staff_change_in_the_admin_keeps_the_old_address(staff_client, archive):
    change = change_url(archive)
    data = article_form(staff_client, change)
    data.update(slug="pengawasan-apbd-2025", change_kind="kecil", _save="Simpan")

    response = staff_client.post(change, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    old = staff_client.get(f"/2025/04/{SLUG}/")
    assert old.status_code == 301
    assert old["Location"] == "/2025/04/pengawasan-apbd-2025/"
    assert staff_client.get(old["Location"]).status_code == 200


def test_a_slug_changed_back_is_live_again(client, archive):
    archive.slug = "pengawasan-apbd-2025"
    archive.save()
    archive.slug = SLUG
    archive.save()

    assert client.get(f"/2025/04/{SLUG}/").status_code == 200
    assert not SlugRedirect.objects.filter(old_slug=SLUG).exists()
    response = client.get("/2025/04/pengawasan-apbd-2025/")
    assert response["Location"] == f"/2025/04/{SLUG}/"


def test_a_slug_taken_by_another_article_is_that_articles_page(client, archive):
    archive.slug = "pengawasan-apbd-2025"
    archive.save()
    other = ArticleFactory(slug=SLUG, title="Artikel Lain", publish_at=wita(2025, 4, 25))

    response = client.get(f"/2025/04/{SLUG}/")

    assert response.status_code == 200
    assert response.context["article"] == other


def test_a_date_moved_to_another_month_answers_from_the_old_month(client, archive):
    archive.publish_at = wita(2025, 5, 2, 9, 0)
    archive.save()

    response = client.get(f"/2025/04/{SLUG}/")

    assert response.status_code == 301
    assert response["Location"] == f"/2025/05/{SLUG}/"


def test_the_old_slug_of_an_article_no_longer_public_is_not_found(client, archive):
    archive.slug = "pengawasan-apbd-2025"
    archive.status = Article.Status.DRAFT
    archive.save()

    assert client.get(f"/2025/04/{SLUG}/").status_code == 404


@pytest.mark.parametrize(
    "typo",
    [
        "pengawasan-pelaksanaan-anggaran-pendapatan-belanja-daerh",  # a letter missing
        "pengawasan-pelaksanaan-anggaran-pendaptan-belanja-daerah",  # a letter missing
        "pengawasan-pelaksanaan-angagran-pendapatan-belanja-daerah",  # two letters swapped
        "pengawasan-pelaksanaan-anggaran-pendapatan-belanja-daerah-",  # a stray hyphen
        "pengawasan-pelaksanaan-anggaran-pendapatan-belanja",  # a link cut short
    ],
)
def test_a_slug_with_a_typo_finds_its_article(client, archive, typo):
    response = client.get(f"/2025/04/{typo}/")

    assert response.status_code == 301
    assert response["Location"] == f"/2025/04/{SLUG}/"


def test_a_typo_is_not_corrected_into_a_draft(client, archive):
    DraftFactory(slug="rancangan-peraturan-daerah-retribusi-parkir", publish_at=wita(2025, 4, 5))

    response = client.get("/2025/04/rancangan-peraturan-daerah-retribusi-parkr/")

    assert response.status_code == 404
    assert "Mungkin maksud Anda" not in response.content.decode()


def test_another_number_is_another_document_so_it_is_only_suggested(client, archive):
    ArticleFactory(
        title="Laporan Reses Masa Sidang 2025",
        slug="laporan-reses-masa-sidang-2025",
        publish_at=wita(2025, 4, 20),
    )

    response = client.get("/2025/04/laporan-reses-masa-sidang-2024/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "Mungkin maksud Anda:" in html
    link = '<a href="/2025/04/laporan-reses-masa-sidang-2025/">Laporan Reses Masa Sidang 2025</a>'
    assert link in html
    assert "Halaman tidak ditemukan" in html


def test_two_equally_close_articles_are_only_suggested(client, archive):
    ArticleFactory(slug="kebijakan-pengelolaan-sektor-perhubungan-palopo")
    ArticleFactory(slug="kebijakan-pengelolaan-sektor-perikanan-palopo")

    response = client.get("/2025/04/kebijakan-pengelolaan-sektor-per-palopo/")

    assert response.status_code == 404
    assert "Mungkin maksud Anda:" in response.content.decode()


def test_an_address_like_no_article_is_a_plain_404(client, archive):
    response = client.get("/2025/04/jadwal-pertandingan-sepak-bola/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "Halaman tidak ditemukan" in html
    assert "Mungkin maksud Anda" not in html
    assert client.get(f"/2025/04/{'a' * 300}/").status_code == 404


def test_finding_a_mistyped_article_takes_a_fixed_number_of_queries(
    client, archive, django_assert_num_queries
):
    ArticleFactory.create_batch(5, publish_at=wita(2025, 3, 3))
    typo = "pengawasan-pelaksanaan-anggaran-pendapatan-belanja-daerh"

    # 1: the newest change, for conditional GET (articles/generation.py);
    # 2: the article by slug (not found); 3: an old slug (none);
    # 4: public articles by trigram similarity, the best two.
    with django_assert_num_queries(4):
        response = client.get(f"/2025/04/{typo}/")

    assert response.status_code == 301
