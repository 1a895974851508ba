"""Repeated wrong passwords lock an account out for a while; a superuser can clear it."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client

from tests.conftest import NOW
from tests.staff import PASSWORD, logged_in, staff_user

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"


def log_in(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password, "next": "/admin/"})


def test_five_wrong_passwords_lock_the_account_then_a_superuser_clears_it():
    staff_user("penulis", "Penulis")
    browser = Client()

    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response = log_in(browser, "penulis", "salah")
        assert response.status_code == 200
        assert "sandi yang benar untuk akun staf" in response.content.decode()

    locked = log_in(browser, "penulis", "salah")
    assert locked.status_code == 429
    html = locked.content.decode()
    assert "Terlalu banyak percobaan masuk yang gagal" in html
    assert "Coba lagi setelah 30 menit." in html

    # Even the right password is refused while the lock lasts.
    assert log_in(browser, "penulis", PASSWORD).status_code == 429
    # Other staff at the same office address are not locked out.
    staff_user("editor", "Editor")
    assert log_in(Client(), "editor", PASSWORD).status_code == 302

    superuser = logged_in(Client, staff_user("admin", superuser=True))
    attempts = superuser.get("/admin/axes/accessattempt/")
    assert attempts.status_code == 200
    assert "penulis" in attempts.content.decode()
    (attempt,) = AccessAttempt.objects.filter(username="penulis")
    superuser.post(
        "/admin/axes/accessattempt/",
        {"action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"},
    )

    assert not AccessAttempt.objects.filter(username="penulis").exists()
    assert log_in(browser, "penulis", PASSWORD).status_code == 302


def test_the_lock_ends_by_itself(pinned_clock):
    staff_user("penulis", "Penulis")
    browser = Client()
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(browser, "penulis", "salah")
    assert log_in(browser, "penulis", PASSWORD).status_code == 429

    pinned_clock.move_to(NOW + datetime.timedelta(minutes=31))

    assert log_in(browser, "penulis", PASSWORD).status_code == 302


def test_staff_cannot_see_lockouts():
    editor = logged_in(Client, staff_user("editor", "Editor"))

    assert editor.get("/admin/axes/accessattempt/").status_code == 403
