"""A save posted after the session expired is kept, and resumed once staff log in again."""

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.test import Client

from articles.models import Article
from palopo_site import resume_save
from tests.conftest import NOW
from tests.factories import DraftFactory
from tests.staff import (
    ADD,
    PASSWORD,
    article_form,
    change_url,
    form_data,
    inline_prefix,
    new_article_data,
    save,
    staff_user,
)

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
TWO_HOURS_LATER = NOW + datetime.timedelta(hours=2, minutes=1)
LONG_TEXT = "<p>" + "Rapat paripurna membahas anggaran daerah tahun 2026. " * 200 + "</p>"
REFUSED = "Artikel ini sudah diubah orang lain sejak Anda membukanya"


@pytest.fixture
def redaksi():
    return staff_user("redaksi", superuser=True)


@pytest.fixture
def browser(redaksi):
    """A browser that checks CSRF as a real one does, logged in as a superuser."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(redaksi)
    return client


def kept_saves():
    """The saves kept in any session: {path: entry}."""
    kept = {}
    for session in Session.objects.all():
        kept.update(session.get_decoded().get(resume_save.SESSION_KEY, {}))
    return kept


def post_after_expiry(browser, url, data):
    """Posts ``data`` from a form whose session has expired meanwhile."""
    response = browser.post(url, data)
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next={url}"
    return response


def log_in_again(browser, login_url, username="redaksi"):
    """Through the real login form, with its CSRF token; returns the login's answer."""
    page = browser.get(login_url)
    assert page.status_code == 200
    html = page.content.decode()
    data = form_data(page, "login-form")
    data.update({"username": username, "password": PASSWORD})
    response = browser.post(login_url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return html, response


def test_an_expired_add_form_is_saved_after_logging_in(browser, pinned_clock):
    data = new_article_data(
        browser,
        "Rapat Paripurna Anggaran 2026",
        "rapat-paripurna-anggaran-2026",
        [("1", "Pembukaan", LONG_TEXT)],
    )
    pinned_clock.move_to(TWO_HOURS_LATER)  # the writer typed for over two hours

    sent = post_after_expiry(browser, ADD, data)
    assert not Article.objects.filter(slug="rapat-paripurna-anggaran-2026").exists()
    assert ADD in kept_saves()

    login_page, logged_in = log_in_again(browser, sent["Location"])
    assert str(resume_save.STASHED) in login_page  # why the login page is shown
    assert logged_in["Location"] == ADD

    done = browser.get(logged_in["Location"], follow=True)
    article = Article.objects.get(slug="rapat-paripurna-anggaran-2026")
    assert article.title == "Rapat Paripurna Anggaran 2026"
    assert list(article.sections.values_list("heading", "body")) == [("Pembukaan", LONG_TEXT)]
    assert done.redirect_chain[0] == ("/admin/articles/article/", 302)
    assert str(resume_save.RESUMED) in done.content.decode()
    assert kept_saves() == {}  # used once

    # Used once: opening the add form again shows an empty form.
    assert browser.get(ADD).status_code == 200
    assert Article.objects.filter(slug="rapat-paripurna-anggaran-2026").count() == 1


def test_an_expired_change_form_is_saved_after_logging_in(browser):
    article = DraftFactory(title="Laporan Komisi")
    url = change_url(article)
    data = article_form(browser, url)
    browser.session.flush()  # the session row is gone; the CSRF cookie stays

    data["title"] = "Laporan Komisi III Tahun 2025"
    data[f"{inline_prefix(data)}-1-body"] = LONG_TEXT
    sent = post_after_expiry(browser, url, save(data))
    article.refresh_from_db()
    assert article.title == "Laporan Komisi"

    _, logged_in = log_in_again(browser, sent["Location"])
    assert logged_in["Location"] == url
    resumed = browser.get(url)

    assert resumed.status_code == 302
    article.refresh_from_db()
    assert article.title == "Laporan Komisi III Tahun 2025"
    assert article.version == 2
    assert article.sections.get(position=2).body == LONG_TEXT


def test_an_invalid_resumed_save_shows_the_form_with_everything_typed(browser):
    article = DraftFactory(title="Laporan Komisi")
    url = change_url(article)
    data = article_form(browser, url)
    browser.session.flush()

    data["title"] = ""  # required: the save is refused
    data[f"{inline_prefix(data)}-0-body"] = LONG_TEXT
    sent = post_after_expiry(browser, url, save(data))
    _, logged_in = log_in_again(browser, sent["Location"])
    shown = browser.get(logged_in["Location"])

    assert shown.status_code == 200
    assert str(resume_save.RESUMED) in shown.content.decode()
    again = form_data(shown)
    assert again[f"{inline_prefix(again)}-0-body"] == LONG_TEXT
    article.refresh_from_db()
    assert article.title == "Laporan Komisi"
    # The form can be saved from here as usual (its new CSRF token is in it).
    again["title"] = "Laporan Komisi Baru"
    assert browser.post(url, save(again)).status_code == 302
    article.refresh_from_db()
    assert article.title == "Laporan Komisi Baru"
    assert article.sections.get(position=1).body == LONG_TEXT


def test_a_resumed_save_is_still_refused_when_someone_saved_meanwhile(browser):
    article = DraftFactory(title="Laporan Komisi")
    url = change_url(article)
    data = article_form(browser, url)
    browser.session.flush()

    other = Client()
    other.force_login(staff_user("budi", "Editor"))
    theirs = article_form(other, url)
    theirs["title"] = "Laporan Komisi (Budi)"
    assert other.post(url, save(theirs)).status_code == 302

    data[f"{inline_prefix(data)}-1-body"] = LONG_TEXT
    sent = post_after_expiry(browser, url, save(data))
    _, logged_in = log_in_again(browser, sent["Location"])
    shown = browser.get(logged_in["Location"])

    assert shown.status_code == 200
    assert REFUSED in shown.content.decode()
    again = form_data(shown)
    assert again[f"{inline_prefix(again)}-1-body"] == LONG_TEXT
    article.refresh_from_db()
    assert article.title == "Laporan Komisi (Budi)"
    assert LONG_TEXT not in article.sections.get(position=2).body


def test_a_kept_save_is_resumed_only_on_its_own_form(browser):
    first, second = DraftFactory(title="Artikel Pertama"), DraftFactory(title="Artikel Kedua")
    data = article_form(browser, change_url(first))
    browser.session.flush()
    data["title"] = "Artikel Pertama, Diperbaiki"
    sent = post_after_expiry(browser, change_url(first), save(data))
    log_in_again(browser, sent["Location"])

    other_form = browser.get(change_url(second))
    assert other_form.status_code == 200
    assert str(resume_save.RESUMED) not in other_form.content.decode()
    assert form_data(other_form)["title"] == "Artikel Kedua"
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.title, second.title) == ("Artikel Pertama", "Artikel Kedua")
    assert browser.get(ADD).status_code == 200

    # Still kept for its own form, and resumed there.
    assert browser.get(change_url(first)).status_code == 302
    first.refresh_from_db()
    assert first.title == "Artikel Pertama, Diperbaiki"


def test_two_expired_forms_each_keep_their_save(browser):
    first, second = DraftFactory(title="Artikel Pertama"), DraftFactory(title="Artikel Kedua")
    first_data = article_form(browser, change_url(first))
    second_data = article_form(browser, change_url(second))
    browser.session.flush()

    first_data["title"] = "Pertama, dari tab satu"
    second_data["title"] = "Kedua, dari tab dua"
    post_after_expiry(browser, change_url(first), save(first_data))
    sent = post_after_expiry(browser, change_url(second), save(second_data))
    assert set(kept_saves()) == {change_url(first), change_url(second)}

    log_in_again(browser, sent["Location"])
    assert browser.get(change_url(second)).status_code == 302
    assert browser.get(change_url(first)).status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.title, second.title) == ("Pertama, dari tab satu", "Kedua, dari tab dua")


def test_a_post_without_a_valid_csrf_token_keeps_nothing(browser):
    article = DraftFactory(title="Laporan Komisi")
    url = change_url(article)
    data = article_form(browser, url)
    browser.session.flush()

    data["title"] = "Dipalsukan"
    data["csrfmiddlewaretoken"] = "x" * 64
    assert browser.post(url, save(data)).status_code == 403
    # Another site's form: no CSRF cookie at all.
    assert Client(enforce_csrf_checks=True).post(url, save(data)).status_code == 403
    # A request that was never checked (CSRF checks turned off) is not kept either.
    unchecked = Client()
    assert unchecked.post(url, save(data)).status_code == 302
    assert kept_saves() == {}

    log_in_again(browser, f"{LOGIN}?next={url}")
    assert browser.get(url).status_code == 200
    article.refresh_from_db()
    assert article.title == "Laporan Komisi"


def test_an_oversized_post_keeps_nothing(browser, settings):
    article = DraftFactory(title="Laporan Komisi")
    url = change_url(article)
    data = save(article_form(browser, url))
    browser.session.flush()
    # Quotes take two characters each when kept (JSON), one in the posted form.
    data[f"{inline_prefix(data)}-0-body"] = '<p title="' + '"' * 20_000 + '">x</p>'
    values = {name: value if isinstance(value, list) else [value] for name, value in data.items()}
    posted = sum(
        len(name.encode()) + len(value.encode()) + 4
        for name, listed in values.items()
        for value in listed
    )
    # Django takes the post (what it counts is within the limit); kept, it would not be.
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = posted + 200
    kept = {"at": 0.0, "data": [[name, listed] for name, listed in values.items()]}
    assert resume_save.stored_size(kept) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE

    sent = post_after_expiry(browser, url, data)
    assert kept_saves() == {}
    assert str(resume_save.TOO_LARGE) in browser.get(sent["Location"]).content.decode()

    # Larger than Django takes at all: refused before anything looks at it.
    data[f"{inline_prefix(data)}-0-body"] = "x" * (posted + 1000)
    assert browser.post(url, data).status_code == 400
    assert kept_saves() == {}


def test_a_kept_save_older_than_the_session_age_is_dropped(browser, pinned_clock):
    article = DraftFactory(title="Laporan Komisi")
    url = change_url(article)
    data = article_form(browser, url)
    browser.session.flush()
    data["title"] = "Judul dari kemarin"
    sent = post_after_expiry(browser, url, save(data))

    # The login page stays open (and keeps the anonymous session alive) for too long.
    pinned_clock.move_to(NOW + datetime.timedelta(hours=1, minutes=30))
    assert browser.get(sent["Location"]).status_code == 200
    pinned_clock.move_to(NOW + datetime.timedelta(hours=2, minutes=1))
    _, logged_in = log_in_again(browser, sent["Location"])
    shown = browser.get(logged_in["Location"])

    assert shown.status_code == 200  # the form, as stored
    assert str(resume_save.TOO_OLD) in shown.content.decode()
    assert form_data(shown)["title"] == "Laporan Komisi"
    article.refresh_from_db()
    assert article.title == "Laporan Komisi"
    assert kept_saves() == {}


def test_a_save_by_hand_meanwhile_drops_the_kept_one(browser):
    article = DraftFactory(title="Laporan Komisi")
    url = change_url(article)
    old = article_form(browser, url)
    browser.session.flush()
    old["title"] = "Judul lama yang tertunda"
    post_after_expiry(browser, url, save(old))

    # Logged in from another tab, which lands on the dashboard.
    log_in_again(browser, LOGIN)
    assert url in kept_saves()

    # There the writer opens the form from another site's link (not resumed: that
    # is not their own visit), types again and saves by hand.
    fresh = browser.get(url, headers={"Sec-Fetch-Site": "cross-site"})
    assert fresh.status_code == 200
    assert url in kept_saves()
    new = form_data(fresh)
    new["title"] = "Judul baru yang disimpan"
    assert browser.post(url, save(new)).status_code == 302
    assert kept_saves() == {}

    assert browser.get(url).status_code == 200  # nothing old is resumed later
    article.refresh_from_db()
    assert article.title == "Judul baru yang disimpan"


def test_public_pages_get_no_session(client, seed_archive):
    response = client.get("/")
    assert response.status_code == 200
    assert "sessionid" not in response.cookies
    assert not Session.objects.exists()


def test_an_anonymous_visitor_cannot_plant_a_save(redaksi):
    """A valid CSRF token from the login page, but no form a staff member opened:
    nothing is kept, so nothing is replayed when staff log in, and nothing fills the
    session store."""
    article = DraftFactory(title="Laporan Komisi")
    url = change_url(article)
    staff = Client(enforce_csrf_checks=True)
    staff.force_login(redaksi)
    data = article_form(staff, url)  # the real form's fields, as an attacker could guess
    data.pop(resume_save.USER_FIELD)
    attacker = Client(enforce_csrf_checks=True)
    login_page = attacker.get(LOGIN)
    data["csrfmiddlewaretoken"] = form_data(login_page, "login-form")["csrfmiddlewaretoken"]
    data["title"] = "Ditanam Penyerang"

    assert attacker.post(url, save(data)).status_code == 302
    assert kept_saves() == {}

    log_in_again(attacker, f"{LOGIN}?next={url}")
    attacker.get(url)
    article.refresh_from_db()
    assert article.title == "Laporan Komisi"


def test_a_save_kept_for_one_person_is_not_saved_when_another_logs_in(browser):
    staff_user("redaksi2", superuser=True)
    article = DraftFactory(title="Laporan Komisi")
    url = change_url(article)
    data = article_form(browser, url)
    browser.session.flush()
    data["title"] = "Judul dari redaksi"

    sent = post_after_expiry(browser, url, save(data))
    assert url in kept_saves()
    log_in_again(browser, sent["Location"], username="redaksi2")
    page = browser.get(url)

    article.refresh_from_db()
    assert article.title == "Laporan Komisi"
    assert str(resume_save.OTHER_USER) in page.content.decode()
    assert kept_saves() == {}
