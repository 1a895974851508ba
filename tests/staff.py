"""Staff accounts in the roles the site defines, and the admin forms they submit."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from scripts.html_forms import form_fields, post_data

PASSWORD = "sandi-redaksi-yang-panjang-2025"

CHANGELIST = "/admin/articles/article/"
ADD = "/admin/articles/article/add/"
# An article of the April 2025 seed (the ``seed_archive`` fixture), with seven sections.
SEED_SLUG = "penguatan-kapasitas-pemerintah-daerah-palopo"


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
    return f"{CHANGELIST}{article.pk}/change/"


def form_data(response, form_id="article_form"):
    """What the browser would post back from a rendered admin form (scripts/html_forms.py)."""
    fields = form_fields(response.content.decode(), form_id)
    assert fields, f"no form {form_id!r} on the page"
    return post_data(fields)


def article_form(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return form_data(response)


def save(data):
    return {**data, "_save": "Simpan"}


def inline_prefix(values):
    (prefix,) = [
        name.removesuffix("-TOTAL_FORMS") for name in values if name.endswith("-TOTAL_FORMS")
    ]
    return prefix


def new_article_data(client, title, slug, sections, *, tags="", when=("20-05-2025", "10.00")):
    """The add form filled in the way staff fill it: Indonesian date and time formats."""
    data = article_form(client, ADD)
    prefix = inline_prefix(data)
    data.update(
        {
            "title": title,
            "slug": slug,
            "tags": tags,
            "status": "published",
            "publish_at_0": when[0],
            "publish_at_1": when[1],
            f"{prefix}-TOTAL_FORMS": str(len(sections)),
            "_save": "Simpan",
        }
    )
    for number, (position, heading, body) in enumerate(sections):
        data.update(
            {
                f"{prefix}-{number}-id": "",
                f"{prefix}-{number}-article": "",
                f"{prefix}-{number}-position": position,
                f"{prefix}-{number}-heading": heading,
                f"{prefix}-{number}-body": body,
            }
        )
    return data
