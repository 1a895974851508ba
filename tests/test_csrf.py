"""Every form that changes something carries a CSRF token, and a POST without it is refused."""

import re

import pytest
from django.test import Client

from articles.models import Tag

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = ["/", "/2025/04/", "/tag/", "/cari/?q=anggaran", "/2025/13/"]
STAFF_FORMS = [
    "/admin/articles/article/add/",
    "/admin/articles/tag/add/",
    "/admin/auth/user/add/",
    "/admin/password_change/",
    "/admin/articles/article/",  # the changelist's bulk actions form
]
FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S | re.I)


def post_forms_without_token(html):
    missing = []
    for attributes, body in FORM.findall(html):
        method = re.search(r'method="?(\w+)', attributes, re.I)
        if method and method[1].lower() == "post" and "csrfmiddlewaretoken" not in body:
            missing.append(attributes.strip())
    return missing


def test_public_pages_have_no_post_form_without_a_token(client, seed_archive):
    for path in PUBLIC_PAGES:
        html = client.get(path).content.decode()
        assert post_forms_without_token(html) == [], path


def test_every_admin_form_carries_a_csrf_token(admin_client, seed_archive):
    for path in STAFF_FORMS:
        response = admin_client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert "<form" in html, path
        assert post_forms_without_token(html) == [], path


def test_the_login_form_carries_a_csrf_token(client):
    html = client.get("/admin/login/").content.decode()
    assert "<form" in html
    assert post_forms_without_token(html) == []


def test_a_post_without_the_token_is_refused(admin_user):
    browser = Client(enforce_csrf_checks=True)
    response = browser.post("/admin/login/", {"username": "admin", "password": "password"})
    assert response.status_code == 403

    browser.force_login(admin_user)
    response = browser.post(
        "/admin/articles/tag/add/", {"name": "Dipalsukan", "slug": "dipalsukan"}
    )
    assert response.status_code == 403
    assert not Tag.objects.filter(slug="dipalsukan").exists()
