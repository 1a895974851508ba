"""An article scheduled in the admin appears on its own at its time, everywhere.

The clock is pinned at 1 June 2025 12:00 WITA; the article is scheduled for 14:00.
No cron job runs in between: only the clock moves.
"""

import datetime
import re

import pytest
from django.test import Client

from articles.models import Article
from tests.conftest import NOW
from tests.factories import ArticleFactory
from tests.staff import article_form, logged_in, save, staff_user

pytestmark = pytest.mark.django_db

TITLE = "Jadwal Rapat Paripurna Juni"
SLUG = "jadwal-rapat-paripurna-juni"


def public_places(client):
    """Where a citizen, a feed reader, a crawler and the search box would find it."""
    return {
        "article": client.get(f"/2025/06/{SLUG}/").status_code == 200,
        "home": TITLE in client.get("/").content.decode(),
        "month": client.get("/2025/06/").status_code == 200
        and TITLE in client.get("/2025/06/").content.decode(),
        "tag": TITLE in client.get("/tag/paripurna/").content.decode(),
        "feed": TITLE in client.get("/feed/").content.decode(),
        "sitemap": SLUG
        in "".join(
            client.get(url).content.decode()
            for url in re.findall(
                r"<loc>https?://[^/]+(/[^<]+)</loc>", client.get("/sitemap.xml").content.decode()
            )
        ),
        "search": TITLE in client.get("/cari/", {"q": "paripurna"}).content.decode(),
    }


def test_scheduled_article_appears_by_itself_at_its_time(pinned_clock):
    ArticleFactory(title="Artikel Lain", slug="artikel-lain", tags=["paripurna"])
    user = staff_user("editor", "Editor")
    editor = logged_in(Client, user)
    data = article_form(editor, "/admin/articles/article/add/")
    data.update(
        {
            "title": TITLE,
            "slug": SLUG,
            "tags": "paripurna",
            "status": "published",
            "publish_at_0": "01-06-2025",
            "publish_at_1": "14.00",
            "sections-0-heading": "Agenda",
            "sections-0-body": "<p>Rapat paripurna membahas laporan pertanggungjawaban.</p>",
        }
    )
    assert editor.post("/admin/articles/article/add/", save(data)).status_code == 302
    assert Article.objects.get(slug=SLUG).status == Article.Status.PUBLISHED

    listing = editor.get("/admin/articles/article/").content.decode()
    assert "Terjadwal (1 Jun 2025 14:00)" in listing

    citizen = Client()
    assert not any(public_places(citizen).values())

    pinned_clock.move_to(NOW + datetime.timedelta(hours=1, minutes=59))
    assert not any(public_places(citizen).values())

    pinned_clock.move_to(NOW + datetime.timedelta(hours=2))
    assert public_places(citizen) == dict.fromkeys(public_places(citizen), True)
    # Two idle hours ended the editor's session (test_sessions.py); log in again.
    listing = logged_in(Client, user).get("/admin/articles/article/").content.decode()
    assert "Terjadwal (" not in listing
    assert re.search(r'class="field-status_label">Terbit<', listing)
