"""Repeated wrong passwords lock an account out for a while; a superuser can clear it.

The lock is on a username from one address, also behind nginx (TRUSTED_PROXIES): an
attacker elsewhere cannot lock out an editor at their own address, and cannot keep a
lock going with a failure now and then.
"""

import datetime
import http.client
import os
import secrets
import subprocess
import sys
import urllib.parse
from http.cookies import SimpleCookie

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client, RequestFactory

from palopo_site.client_address import client_address
from tests import servers
from tests.conftest import NOW
from tests.servers import gunicorn, manage, site_env
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


def test_failures_during_a_lockout_do_not_extend_it(pinned_clock):
    """One wrong password every 29 minutes must not keep an editor locked out forever."""
    staff_user("penulis", "Penulis")
    attacker = Client()
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(attacker, "penulis", "salah")

    pinned_clock.move_to(NOW + datetime.timedelta(minutes=29))
    assert log_in(attacker, "penulis", "salah").status_code == 429
    assert log_in(Client(), "penulis", PASSWORD).status_code == 429

    # 30 minutes after the fifth failure, not after the refused ones.
    pinned_clock.move_to(NOW + datetime.timedelta(minutes=31))
    assert log_in(Client(), "penulis", PASSWORD).status_code == 302


@pytest.mark.parametrize(
    ("remote", "forwarded_for", "trusted", "expected"),
    [
        # No trusted proxy (the default), or not from one: X-Forwarded-For is ignored.
        ("127.0.0.1", "203.0.113.7", [], "127.0.0.1"),
        ("203.0.113.9", "198.51.100.20", ["127.0.0.1"], "203.0.113.9"),
        # From the proxy: the right-most address it did not add itself.
        ("127.0.0.1", "198.51.100.20, 203.0.113.7", ["127.0.0.1"], "203.0.113.7"),
        ("127.0.0.1", "203.0.113.7, 127.0.0.1", ["127.0.0.1"], "203.0.113.7"),
        ("172.18.0.5", "203.0.113.7, 10.0.0.2", ["172.18.0.0/16", "10.0.0.0/8"], "203.0.113.7"),
        ("::ffff:127.0.0.1", "2001:db8::1", ["127.0.0.1"], "2001:db8::1"),
        # Nothing believable forwarded: the proxy's own address.
        ("127.0.0.1", None, ["127.0.0.1"], "127.0.0.1"),
        ("127.0.0.1", "unknown", ["127.0.0.1"], "127.0.0.1"),
    ],
)
def test_the_client_address(settings, remote, forwarded_for, trusted, expected):
    settings.TRUSTED_PROXIES = trusted
    headers = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for else {}
    request = RequestFactory().post(LOGIN, REMOTE_ADDR=remote, **headers)

    assert client_address(request) == expected


def test_a_trusted_proxy_that_is_not_an_address_stops_the_start():
    done = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "palopo_site.settings",
            "TRUSTED_PROXIES": "nginx",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert done.returncode != 0
    assert "TRUSTED_PROXIES: 'nginx' is not an IP address or network" in done.stderr


# --- Behind a proxy: the real gunicorn, a real TCP peer address -------------------------
#
# 127.0.0.1 plays the documented nginx (TRUSTED_PROXIES=127.0.0.1): what it sends in
# X-Forwarded-For is believed. 127.0.0.2 is a client that reaches the app directly.

ATTACKER = "203.0.113.7"
EDITOR_HOME = "198.51.100.20"
SERVER_PASSWORD = secrets.token_urlsafe(16)

served_database = servers.served_database


def make_editor(env):
    """A staff account made by the server's own settings (its password hasher)."""
    manage(
        {**env, "EDITOR_PASSWORD": SERVER_PASSWORD},
        "shell",
        "--no-imports",
        "-c",
        "import os; from django.contrib.auth.models import User; "
        "User.objects.create_user('editor', password=os.environ['EDITOR_PASSWORD'], "
        "is_staff=True)",
    )


def http_request(url, method, path, source, headers, body=None):
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(
        parts.hostname, parts.port, timeout=30, source_address=(source, 0)
    )
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        return response
    finally:
        connection.close()


def log_in_over_http(url, username, password, forwarded_for=None, source="127.0.0.1"):
    """The status of a login posted as a browser would (CSRF cookie and token)."""
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    page = http_request(url, "GET", LOGIN, source, headers)
    cookies = SimpleCookie()
    for header in page.headers.get_all("Set-Cookie") or []:
        cookies.load(header)
    token = cookies["csrftoken"].value
    body = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": token,
            "username": username,
            "password": password,
            "next": "/admin/",
        }
    )
    headers = {
        **headers,
        "Cookie": f"csrftoken={token}",
        "Content-Type": "application/x-www-form-urlencoded",
    }
    return http_request(url, "POST", LOGIN, source, headers, body).status


def fail_until_locked(url, forwarded_for, source="127.0.0.1"):
    """AXES_FAILURE_LIMIT wrong passwords; the statuses (the last one is the lockout)."""
    return [
        log_in_over_http(url, "editor", "salah", forwarded_for=address, source=source)
        for address in forwarded_for
    ]


LOCKED_AT_THE_LIMIT = [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]


def test_behind_the_trusted_proxy_an_attacker_locks_out_only_their_own_address(
    served_database, tmp_path
):
    env = site_env(served_database, TRUSTED_PROXIES="127.0.0.1")
    make_editor(env)
    with gunicorn(env, tmp_path / "gunicorn.log") as url:
        assert fail_until_locked(url, [ATTACKER] * settings.AXES_FAILURE_LIMIT) == (
            LOCKED_AT_THE_LIMIT
        )
        # nginx appends the address it sees: a prefix the attacker forged does not help.
        assert log_in_over_http(url, "editor", SERVER_PASSWORD, f"{EDITOR_HOME}, {ATTACKER}") == 429

        # The editor, from their own address, still logs in; the attacker stays locked.
        assert log_in_over_http(url, "editor", SERVER_PASSWORD, EDITOR_HOME) == 302
        assert log_in_over_http(url, "editor", SERVER_PASSWORD, ATTACKER) == 429

    assert list(AccessAttempt.objects.values_list("username", "ip_address")) == [
        ("editor", ATTACKER)
    ]
    assert "Traceback" not in (tmp_path / "gunicorn.log").read_text(errors="replace")


def test_a_forged_forwarded_for_is_ignored_unless_a_trusted_proxy_sent_it(
    served_database, tmp_path
):
    forged = [f"192.0.2.{n}" for n in range(1, settings.AXES_FAILURE_LIMIT + 2)]
    # No trusted proxy (the default): a new forged address each time changes nothing.
    env = site_env(served_database, TRUSTED_PROXIES="")
    make_editor(env)
    with gunicorn(env, tmp_path / "no-proxy.log") as url:
        assert fail_until_locked(url, forged[:-1]) == LOCKED_AT_THE_LIMIT
        assert log_in_over_http(url, "editor", SERVER_PASSWORD, forged[-1]) == 429

    # With nginx trusted, a client that reaches the app directly is still its own address.
    with gunicorn({**env, "TRUSTED_PROXIES": "127.0.0.1"}, tmp_path / "proxy.log") as url:
        assert fail_until_locked(url, forged[:-1], source="127.0.0.2") == LOCKED_AT_THE_LIMIT
        assert log_in_over_http(url, "editor", SERVER_PASSWORD, forged[-1], "127.0.0.2") == 429
        # Only what the proxy forwards is believed: the editor through it logs in,
        # although the proxy's own address is locked from the first server's run.
        assert log_in_over_http(url, "editor", SERVER_PASSWORD, EDITOR_HOME) == 302

    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {
        "127.0.0.1",
        "127.0.0.2",
    }
    for log in ("no-proxy.log", "proxy.log"):
        assert "Traceback" not in (tmp_path / log).read_text(errors="replace")


@pytest.mark.parametrize("unsafe", ["https://evil.example/", "//evil.example/", "javascript:x"])
def test_a_login_with_an_unsafe_next_lands_in_the_admin(unsafe):
    from django.test import Client

    from tests.staff import PASSWORD, staff_user

    staff_user("redaksi", superuser=True)
    response = Client().post(
        f"/admin/login/?next={unsafe}", {"username": "redaksi", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == "/admin/"  # was /accounts/profile/, a 404
