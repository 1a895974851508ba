"""The whole-page cache: fast for citizens, never stale, never shared with staff.

The cache is on in every test (tests/conftest.py); here it is the subject. Time
moves a second between some actions, as it does between a staff save and the next
citizen's request; test_changes_in_the_same_instant_or_from_a_slow_clock_show_at_once
shows that nothing depends on it.
"""

import datetime

import pytest
from django.core.management import call_command
from django.test import Client

from articles.models import Article, Tag
from tests.conftest import SEED_META, SEED_PAGE
from tests.factories import ArticleFactory, wita
from tests.staff import article_form, change_url, logged_in, save, staff_user

pytestmark = [pytest.mark.django_db, pytest.mark.page_cache]

ARTICLE = "/2025/04/kebijakan-pengelolaan-sektor-perhubungan-palopo/"
PAGES = [
    "/",
    "/2025/",
    "/2025/04/",
    "/2025/04/23/",
    ARTICLE,
    "/tag/",
    "/tag/transportasi/",
    "/feed/",
    "/tag/transportasi/feed/",
    "/sitemap-artikel.xml",
    "/cari/?q=perhubungan",
]


@pytest.fixture
def later(pinned_clock):
    def step():
        pinned_clock.shift(datetime.timedelta(seconds=1))

    return step


def read_all(client):
    return {url: client.get(url) for url in PAGES}


@pytest.mark.parametrize("url", PAGES)
def test_second_citizen_gets_the_stored_page_with_one_query(
    client, seed_archive, url, django_assert_num_queries
):
    first = client.get(url)

    # The only query of a stored page: the site's newest edit and publication.
    with django_assert_num_queries(1):
        second = client.get(url)

    assert (first["X-Cache"], second["X-Cache"]) == ("MISS", "HIT")
    assert second.content == first.content
    assert "s-maxage=30" in second["Cache-Control"]
    assert "stale-if-error" in second["Cache-Control"]
    assert "public" in second["Cache-Control"]


def test_a_stored_page_answers_revalidation_with_304(client, seed_archive):
    etag = client.get(ARTICLE)["ETag"]

    response = client.get(ARTICLE, headers={"if-none-match": etag})

    assert response.status_code == 304


def test_a_staff_save_in_the_admin_shows_on_every_page_at_once(client, seed_archive, later):
    read_all(client)
    editor = logged_in(Client, staff_user("redaksi", superuser=True))
    article = Article.objects.get(legacy_id=533)
    data = article_form(editor, change_url(article))
    later()

    data["title"] = "Kebijakan Perhubungan Kota Palopo (Diperbarui)"
    data["change_kind"] = data.get("change_kind") or "kecil"
    response = editor.post(change_url(article), save(data))
    assert response.status_code == 302, response.content.decode()[:2000]

    for url, page in read_all(client).items():
        if url == "/tag/" or url.endswith(("feed/", ".xml")):
            continue  # the tag index shows no titles; feeds are checked below
        assert "Kebijakan Perhubungan Kota Palopo (Diperbarui)" in page.content.decode(), url
    assert "(Diperbarui)" in client.get("/feed/").content.decode()


def test_unpublish_delete_and_tag_rename_show_at_once(client, seed_archive, later):
    read_all(client)
    article = Article.objects.get(legacy_id=533)
    later()

    article.status = Article.Status.DRAFT
    article.save()
    assert "Sektor Perhubungan" not in client.get("/2025/04/").content.decode()
    assert client.get(ARTICLE).status_code == 404

    later()
    article.status = Article.Status.PUBLISHED
    article.save()
    assert "Sektor Perhubungan" in client.get("/2025/04/").content.decode()

    later()
    article.deleted_at = wita(2025, 6, 1, 12, 1)
    article.save()
    assert "Sektor Perhubungan" not in client.get("/").content.decode()

    later()
    superuser = logged_in(Client, staff_user("admin", superuser=True))
    tag = Tag.objects.get(slug="ekonomi")
    response = superuser.post(
        f"/admin/articles/tag/{tag.pk}/change/",
        {"name": "ekonomi daerah", "slug": "ekonomi-daerah", "_save": "Simpan"},
    )
    assert response.status_code == 302
    assert "ekonomi daerah" in client.get("/tag/").content.decode()


def test_changes_in_the_same_instant_or_from_a_slow_clock_show_at_once(client, seed_archive):
    """No time passes between these changes (the test clock is pinned), and one comes
    from an app server whose clock is an hour behind: the generation is a counter
    bumped in each change's own transaction, so no two versions share a key."""
    read_all(client)
    Article.objects.filter(legacy_id=533).update(title="Perhubungan Kota Palopo")
    assert "Perhubungan Kota Palopo" in client.get("/2025/04/").content.decode()

    behind = wita(2025, 6, 1, 11)
    Article.objects.filter(legacy_id=533).update(title="Perhubungan Darat", updated_at=behind)
    assert "Perhubungan Darat" in client.get("/2025/04/").content.decode()
    assert "Perhubungan Darat" in client.get("/feed/").content.decode()

    # A tag renamed in the database directly: no article row changes at all.
    Tag.objects.filter(slug="transportasi").update(name="angkutan umum")
    assert "angkutan umum" in client.get(ARTICLE).content.decode()
    assert "angkutan umum" in client.get("/tag/").content.decode()


def test_an_import_shows_at_once(client, db, later):
    assert "Penguatan Kapasitas" not in client.get("/").content.decode()
    later()

    call_command("import_archive", str(SEED_PAGE), "--meta", str(SEED_META), verbosity=0)

    assert "Penguatan Kapasitas" in client.get("/").content.decode()


def test_a_scheduled_article_appears_at_its_time_with_nobody_saving(client, pinned_clock):
    ArticleFactory(title="Sudah Terbit", publish_at=wita(2025, 5, 30))
    ArticleFactory(title="Terjadwal Besok Pagi", publish_at=wita(2025, 6, 2, 8))
    assert "Terjadwal Besok Pagi" not in client.get("/").content.decode()
    assert client.get("/")["X-Cache"] == "HIT"

    pinned_clock.move_to(datetime.datetime(2025, 6, 2, 0, 0, 1, tzinfo=datetime.UTC))

    assert "Terjadwal Besok Pagi" in client.get("/").content.decode()


def test_staff_never_receive_or_fill_the_public_cache(client, seed_archive):
    staff = logged_in(Client, staff_user("redaksi", superuser=True))

    staff_page = staff.get("/2025/04/")
    citizen_page = client.get("/2025/04/")

    assert "X-Cache" not in staff_page
    assert citizen_page["X-Cache"] == "MISS"
    assert "X-Cache" not in staff.get("/2025/04/")


def test_previews_and_the_admin_are_private_and_never_stored(client, later):
    draft = ArticleFactory(title="Draf Rahasia", status=Article.Status.DRAFT)
    staff = logged_in(Client, staff_user("redaksi", superuser=True))

    preview = staff.get(f"/pratinjau/{draft.pk}/")
    admin = staff.get("/admin/articles/article/")

    for response in (preview, admin):
        assert response.status_code == 200
        assert "private" in response["Cache-Control"]
        assert "no-store" in response["Cache-Control"]
        assert "X-Cache" not in response
    assert client.get(f"/pratinjau/{draft.pk}/").status_code in (302, 404)


def test_static_files_cost_no_database_query(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/static/css/site.css")

    assert response.status_code == 200
    assert "X-Cache" not in response
