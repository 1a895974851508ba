"""Who has an article's form open: noted on opening, ended by a save or by leaving."""

import datetime
import os

import pytest
from django.test import Client

from articles import editing_notice
from palopo_site.cache import ResilientRedisCache
from tests.conftest import NOW
from tests.factories import DraftFactory
from tests.staff import article_form, change_url, logged_in, save, staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture(
    params=[
        "locmem",
        pytest.param(
            "redis",
            marks=pytest.mark.skipif(
                not os.environ.get("TEST_REDIS_URL"), reason="TEST_REDIS_URL not set"
            ),
        ),
    ]
)
def notice_cache(request, monkeypatch):
    """The notice on the tests' local cache, and on Redis as in production."""
    if request.param == "locmem":
        yield editing_notice.cache
        return
    redis = ResilientRedisCache(os.environ["TEST_REDIS_URL"], {"KEY_PREFIX": "editing-notice"})
    redis.clear()
    monkeypatch.setattr(editing_notice, "cache", redis)
    yield redis
    redis.clear()


@pytest.fixture
def ani(db):
    return staff_user("ani", "Editor")


@pytest.fixture
def budi(db):
    return staff_user("budi", "Editor")


def names(others):
    return [editor["name"] for editor in others]


def test_two_editors_see_each_other_and_a_stop_ends_only_ones_own(
    notice_cache, ani, budi, pinned_clock
):
    assert editing_notice.note_editing(7, ani) == []
    pinned_clock.move_to(NOW + datetime.timedelta(minutes=1))
    assert editing_notice.note_editing(7, budi) == [
        {"name": "ani", "since": NOW},
    ]
    assert names(editing_notice.note_editing(7, ani)) == ["budi"]

    editing_notice.stop_editing(7, ani)
    assert editing_notice.note_editing(7, budi) == []
    # Ani is still told that Budi edits, should she open the form again...
    assert names(editing_notice.note_editing(7, ani, editing=False)) == ["budi"]
    assert editing_notice.note_editing(7, budi) == []  # ...without being listed

    # Opening it again lists her again, from the new time.
    pinned_clock.move_to(NOW + datetime.timedelta(minutes=3))
    editing_notice.note_editing(7, ani)
    assert editing_notice.note_editing(7, budi) == [
        {"name": "ani", "since": NOW + datetime.timedelta(minutes=3)},
    ]


def test_a_stop_ends_nothing_of_another_article_and_stopping_twice_is_harmless(
    notice_cache, ani, budi
):
    editing_notice.note_editing(7, ani)
    editing_notice.note_editing(8, ani)
    editing_notice.stop_editing(7, ani)
    editing_notice.stop_editing(7, ani)
    editing_notice.stop_editing(9, budi)  # never noted

    assert editing_notice.note_editing(7, budi) == []
    assert names(editing_notice.note_editing(8, budi)) == ["ani"]


def test_the_notice_fades_without_a_refresh_and_a_refresh_keeps_it(
    notice_cache, ani, budi, pinned_clock
):
    editing_notice.note_editing(7, ani)
    editing_notice.note_editing(7, budi)
    for minute in (4, 8):  # Budi's heartbeat; Ani's page sends none
        pinned_clock.move_to(NOW + datetime.timedelta(minutes=minute))
        editing_notice.note_editing(7, budi)

    assert editing_notice.note_editing(7, budi) == []  # Ani idle 8 minutes
    assert editing_notice.note_editing(7, ani) == [{"name": "budi", "since": NOW}]


def test_someone_editing_at_the_same_moment_cannot_bring_a_stopped_editor_back(
    notice_cache, ani, budi, monkeypatch
):
    """Budi's heartbeat reads who edits, Ani's save ends her entry, then Budi's write
    lands. With one shared entry, that write put Ani back for five minutes."""
    editing_notice.note_editing(7, ani)
    read = editing_notice._current

    def read_then_ani_saves(article_pk):
        editors = read(article_pk)
        editing_notice.stop_editing(7, ani)
        return editors

    monkeypatch.setattr(editing_notice, "_current", read_then_ani_saves)
    editing_notice.note_editing(7, budi)  # Budi's first note: writes the list
    editing_notice.note_editing(7, budi)  # a later heartbeat: refreshes it
    monkeypatch.setattr(editing_notice, "_current", read)

    assert editing_notice.note_editing(7, budi) == []
    assert names(editing_notice.note_editing(7, ani, editing=False)) == ["budi"]


def test_notice_lines_read_as_the_form_shows_them(ani, budi, pinned_clock):
    editing_notice.note_editing(7, ani)
    pinned_clock.move_to(NOW + datetime.timedelta(minutes=1))
    editing_notice.note_editing(7, budi)
    pinned_clock.move_to(NOW + datetime.timedelta(minutes=2))
    others = editing_notice.note_editing(7, staff_user("citra", "Editor"))

    assert editing_notice.notice_lines(others) == [
        "Sedang disunting oleh ani sejak 12:00 WITA.",
        "Sedang disunting oleh budi sejak 12:01 WITA.",
    ]


# --- Through the admin: a save, "Simpan dan lanjutkan", leaving the page -------------


def test_a_save_ends_the_notice_and_save_and_continue_keeps_it(ani, budi, pinned_clock):
    ani_browser, budi_browser = logged_in(Client, ani), logged_in(Client, budi)
    article = DraftFactory()
    url = change_url(article)
    form = article_form(ani_browser, url)
    pinned_clock.move_to(NOW + datetime.timedelta(minutes=1))
    assert "Sedang disunting oleh ani" in budi_browser.get(url).content.decode()

    # "Simpan dan lanjutkan": saved, and the form is open again, so still editing.
    form["title"] = "Judul Pertama"
    response = ani_browser.post(url, {**form, "_continue": "Simpan dan lanjutkan"})
    assert response.status_code == 302
    form = article_form(ani_browser, response["Location"])
    html = budi_browser.get(url).content.decode()
    assert "Sedang disunting oleh ani sejak 12:01 WITA." in html

    # "Simpan": saved and gone to the list.
    form["title"] = "Judul Kedua"
    assert ani_browser.post(url, save(form)).status_code == 302
    assert "Sedang disunting oleh ani" not in budi_browser.get(url).content.decode()


def test_leaving_the_form_ends_the_notice(ani, budi):
    """What penyuntingan.js sends on pagehide: a beacon with the token and selesai=1."""
    ani_browser = Client(enforce_csrf_checks=True)
    ani_browser.force_login(ani)
    budi_browser = logged_in(Client, budi)
    article = DraftFactory()
    url = change_url(article)
    token = article_form(ani_browser, url)["csrfmiddlewaretoken"]
    assert "Sedang disunting oleh ani" in budi_browser.get(url).content.decode()

    heartbeat = f"/admin/articles/article/{article.pk}/sunting/"
    goodbye = ani_browser.post(heartbeat, {"csrfmiddlewaretoken": token, "selesai": "1"})
    assert goodbye.status_code in (200, 204)
    assert "Sedang disunting oleh ani" not in budi_browser.get(url).content.decode()
    # Budi, still on the form, is still listed for Ani.
    assert "Sedang disunting oleh budi" in ani_browser.get(url).content.decode()
