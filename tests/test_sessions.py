"""Staff sessions end after two idle hours; any request renews them."""

import datetime

import pytest
from django.test import Client

from tests.conftest import NOW
from tests.staff import logged_in, staff_user

pytestmark = pytest.mark.django_db


def test_session_expires_after_two_idle_hours_and_activity_renews_it(pinned_clock):
    editor = logged_in(Client, staff_user("editor", "Editor"))

    pinned_clock.move_to(NOW + datetime.timedelta(hours=1, minutes=50))
    assert editor.get("/admin/").status_code == 200  # active: renewed until 15:50

    pinned_clock.move_to(NOW + datetime.timedelta(hours=3, minutes=40))
    assert editor.get("/admin/").status_code == 200  # still within two hours of the last

    pinned_clock.move_to(NOW + datetime.timedelta(hours=5, minutes=41))
    response = editor.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
