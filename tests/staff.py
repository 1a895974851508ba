"""Staff accounts in the roles the site defines, and the admin forms they submit."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from tests.test_admin import FormValues

PASSWORD = "sandi-redaksi-yang-panjang-2025"


def staff_user(username, role=None, *, superuser=False):
    """A staff account in the group ``role`` ("Penulis" or "Editor"), made by migration."""
    User = get_user_model()
    if superuser:
        return User.objects.create_superuser(username, f"{username}@example.com", PASSWORD)
    user = User.objects.create_user(username, f"{username}@example.com", PASSWORD, is_staff=True)
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


def logged_in(client_class, user):
    client = client_class()
    client.force_login(user)
    return client


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


def form_data(response, form_id="article_form"):
    """What the browser would post back from a rendered admin form."""
    parser = FormValues(form_id)
    parser.feed(response.content.decode())
    assert parser.values, f"no form {form_id!r} on the page"
    return parser.values


def article_form(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return form_data(response)


def save(data):
    return {**data, "_save": "Simpan"}
