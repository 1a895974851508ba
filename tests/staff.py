"""Staff accounts in the roles the site defines, and the admin forms they submit."""

from html.parser import HTMLParser

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

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


class FormValues(HTMLParser):
    """What a browser would submit for one form: its inputs, selects and textareas."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.values = {}
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or ("name" not in attrs and tag != "option"):
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "image", "file"):
                return
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.values[attrs["name"]] = attrs.get("value", "on")
                return
            self.values[attrs["name"]] = attrs.get("value") or ""
        elif tag == "textarea":
            self._textarea = attrs["name"]
            self.values[self._textarea] = ""
        elif tag == "select":
            self._select = attrs["name"]
            self.values.setdefault(self._select, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self.values[self._select] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self._textarea:
            # Browsers drop the newline Django writes right after <textarea>.
            self.values[self._textarea] = self.values[self._textarea].removeprefix("\n")
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea] += data


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
