"""Hostile text entered by staff or brought in by an import is shown as harmless text.

Titles, headings, bodies, summaries and tags carrying ``<script>``, ``onerror=``,
``javascript:`` links and ``"><svg onload=...>`` go in through the admin and through
the archive importer; every output that shows them (each public page kind, the feeds,
the search, the sitemap, the JSON-LD blocks and the admin itself) is then parsed the
way a browser would, and must contain no script, event handler or javascript: URL of
the attacker's, while the words stay readable as text.
"""

import html
import json
import xml.etree.ElementTree as ElementTree
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from articles.importers import archive_page
from articles.models import Article
from tests.conftest import SEED_PAGE
from tests.staff import ADD, CHANGELIST, change_url, new_article_data
from tests.test_import_wordpress import export, item

pytestmark = pytest.mark.django_db

TITLE = 'Rapat "><svg onload=alert(1)> <script>alert("judul")</script> Dewan'
HEADING = "Bagian <img src=x onerror=alert(2)> pertama"
BODY = (
    '<p>Isi <script>alert(3)</script><a href="javascript:alert(4)">tautan</a>'
    '<img src=x onerror=alert(5)><a href="https://dprd.palopokota.go.id/" onclick="x()">aman</a>'
    "</p>"
)
SUMMARY = '</script><script>alert(6)</script> "ringkasan" <!--'
TAG = "<b onmouseover=alert(7)>rawan</b>"
VISIBLE_WORDS = ['<script>alert("judul")</script>', "<img src=x onerror=alert(2)>"]


class BrowserView(HTMLParser):
    """What a browser would build from the page: elements, attributes and text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.scripts = []  # (attributes, content)
        self.handlers = []
        self.javascript_urls = []
        self.elements = []
        self.text = []
        self._script = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.elements.append(tag)
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append((tag, name, value))
            url = "".join((value or "").split()).lower()
            if name in ("href", "src", "action", "formaction", "xlink:href") and url.startswith(
                ("javascript:", "data:text")
            ):
                self.javascript_urls.append((tag, value))
        if tag == "script":
            self._script = [attributes, ""]

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append(tuple(self._script))
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            self._script[1] += data
        else:
            self.text.append(data)


def assert_harmless(html, where, *, admin=False):
    view = BrowserView()
    view.feed(html)
    assert not view.handlers, f"{where}: event handler attributes {view.handlers}"
    assert not view.javascript_urls, f"{where}: javascript: URLs {view.javascript_urls}"
    # (Django's admin draws its own icons with <svg>; the public site has none.)
    assert admin or "svg" not in view.elements, f"{where}: an injected <svg>"
    for attributes, content in view.scripts:
        kind = attributes.get("type", "")
        if kind == "application/ld+json" or (admin and kind in ("application/json", "importmap")):
            json.loads(content)  # data, and still valid data
            assert "</" not in content, f"{where}: a data block that could be closed early"
        else:
            # The admin's own script files: static files and Django's translations.
            own = attributes.get("src", "").startswith(("/static/", "/admin/jsi18n/"))
            assert admin and own, (
                f"{where}: a script that is not the site's own: {attributes} {content[:80]!r}"
            )
    return "".join(view.text)


def assert_harmless_feed(xml, where, title):
    root = ElementTree.fromstring(xml)  # well-formed, whatever the text held
    texts = [element.text or "" for element in root.iter()]
    assert title in texts, f"{where}: the title is not there as text"
    # Titles are plain text (RSS 2.0, Atom type="text"); descriptions, summaries and
    # content carry HTML that feed readers render, so that HTML must be harmless too.
    # (The channel's own description is plain text too.)
    items = [e for e in root.iter() if e.tag.rsplit("}", 1)[-1] in ("item", "entry")]
    assert items, f"{where}: no items"
    for entry in items:
        for element in entry.iter():
            if element.tag.rsplit("}", 1)[-1] in ("description", "summary", "content", "encoded"):
                assert_harmless(element.text or "", f"{where} <{element.tag}>")


def public_outputs(article, tag_slug):
    local = timezone.localtime(article.publish_at)
    return {
        "home": "/",
        "year": f"/{local:%Y}/",
        "month": f"/{local:%Y}/{local:%m}/",
        "day": f"/{local:%Y}/{local:%m}/{local:%d}/",
        "article": article.get_absolute_url(),
        "tag list": "/tag/",
        "tag": f"/tag/{tag_slug}/",
        "search": "/cari/?q=Dewan",
    }


def check_pages(client, article, tag_slug, title, staff_client=None):
    for kind, path in public_outputs(article, tag_slug).items():
        response = client.get(path)
        assert response.status_code == 200, f"{kind} {path}: {response.status_code}"
        text = assert_harmless(response.content.decode(), f"{kind} {path}")
        # Each page shows the hostile words it is about as plain, readable text.
        expected = TAG if kind == "tag list" else title
        assert expected in text, f"{kind}: {expected!r} is not readable as text"
        if kind in ("tag", "article"):
            assert TAG in text
    if staff_client is not None:
        for path in (CHANGELIST, change_url(article), "/admin/articles/tag/"):
            response = staff_client.get(path)
            assert response.status_code == 200
            assert_harmless(response.content.decode(), f"admin {path}", admin=True)


def check_feeds(client, tag_slug, title):
    for path in ["/feed/", "/feed/atom/", f"/tag/{tag_slug}/feed/"]:
        response = client.get(path)
        assert response.status_code == 200, f"{path}: {response.status_code}"
        assert_harmless_feed(response.content, path, title)
    response = client.get("/sitemap.xml")
    assert response.status_code == 200, f"/sitemap.xml: {response.status_code}"
    ElementTree.fromstring(response.content)


@pytest.fixture
def entered_in_admin(staff_client, seed_archive):
    data = new_article_data(
        staff_client,
        TITLE,
        "rapat-dewan-uji-rawan",
        [("1", HEADING, BODY), ("2", "<script>alert(8)</script>", "<p>Kedua.</p>")],
        tags=f'"{TAG}", anggaran',
    )
    data["summary"] = SUMMARY
    response = staff_client.post(ADD, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get(slug="rapat-dewan-uji-rawan")
    return article, article.tags.get(name=TAG).slug


@pytest.fixture
def imported_from_archive(tmp_path):
    original_title = "Penguatan Kapasitas Pemerintah Daerah Palopo"
    page = SEED_PAGE.read_text(encoding="utf-8")
    hostile = page.replace(original_title, TITLE, 1)
    hostile = hostile.replace("Pentingnya Penguatan Kapasitas Pemerintah Daerah", HEADING, 1)
    hostile = hostile.replace(
        "Penguatan kapasitas pemerintah daerah merupakan",
        'Teks <a href="javascript:alert(9)">klik</a> "><svg onload=alert(10)> merupakan',
        1,
    )
    slug = next(a.slug for a in archive_page.parse(hostile).articles if a.title == TITLE)
    page_file = tmp_path / "arsip.txt"
    page_file.write_text(hostile, encoding="utf-8")
    meta_file = tmp_path / "arsip.meta.csv"
    meta_file.write_text(f'slug,wordpress_post_id,tags\n{slug},,"{TAG};anggaran"\n', "utf-8")

    call_command("import_archive", str(page_file), "--meta", str(meta_file), verbosity=0)

    article = Article.objects.get(slug=slug)
    assert article.title == TITLE
    return article, article.tags.get(name=TAG).slug


@pytest.fixture
def imported_from_wordpress(tmp_path):
    content = (
        '<p>Isi <script>alert(3)</script><a href="javascript:alert(4)">tautan</a>'
        "<img src=x onerror=alert(5)><iframe src=javascript:alert(11)></iframe></p>"
        '<h2 onclick="alert(12)">Bagian &lt;img src=x onerror=alert(2)&gt; pertama</h2>'
        "<p>&quot;&gt;&lt;svg onload=alert(10)&gt; teks <svg onload=alert(13)></svg></p>"
    )
    path = export(
        tmp_path,
        # WordPress stores a title typed with "<" entity-encoded; the importer decodes it.
        item(
            4242,
            html.escape(TITLE, quote=False),
            content,
            slug="rapat-rawan",
            excerpt=html.escape(SUMMARY, quote=False),
            tags=[("rawan", html.escape(TAG, quote=False))],
        ),
    )
    call_command("import_wordpress", str(path), verbosity=0)

    article = Article.objects.get(legacy_id=4242)
    assert article.title == TITLE
    assert article.summary == SUMMARY
    return article, article.tags.get(name=TAG).slug


def test_admin_entered_hostile_text_is_harmless_on_every_page(staff_client, entered_in_admin):
    article, tag_slug = entered_in_admin
    check_pages(Client(), article, tag_slug, TITLE, staff_client=staff_client)
    text = assert_harmless(Client().get(article.get_absolute_url()).content.decode(), "article")
    for words in VISIBLE_WORDS:
        assert words in text


def test_admin_entered_hostile_text_is_harmless_in_the_feeds(entered_in_admin):
    _, tag_slug = entered_in_admin
    check_feeds(Client(), tag_slug, TITLE)


@pytest.fixture(params=["imported_from_archive", "imported_from_wordpress"])
def imported(request):
    """The hostile article as each importer brings it in: (article, hostile tag's slug)."""
    return request.getfixturevalue(request.param)


def test_imported_hostile_text_is_harmless_on_every_page(client, imported):
    article, tag_slug = imported
    check_pages(client, article, tag_slug, TITLE)
    text = assert_harmless(client.get(article.get_absolute_url()).content.decode(), "article")
    assert "<img src=x onerror=alert(2)>" in text
    assert '"><svg onload=alert(10)>' in text


def test_imported_hostile_text_is_harmless_in_the_feeds(client, imported):
    _, tag_slug = imported
    check_feeds(client, tag_slug, TITLE)
