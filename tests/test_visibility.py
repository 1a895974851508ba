"""Drafts and scheduled articles appear on no public page and in no count."""

import pytest

from tests.factories import ArticleFactory, DraftFactory, wita

pytestmark = pytest.mark.django_db

SECRET = "Rancangan Rahasia"
SCHEDULED = "Pengumuman Terjadwal"


@pytest.fixture
def hidden_articles(seed_archive):
    draft = DraftFactory(
        title=SECRET, slug="rancangan-rahasia", publish_at=wita(2025, 4, 23), tags=["anggaran"]
    )
    # Scheduled for 2 June 2025; the pinned clock says 1 June.
    scheduled = ArticleFactory(
        title=SCHEDULED,
        slug="pengumuman-terjadwal",
        publish_at=wita(2025, 6, 2, 9),
        tags=["anggaran", "jadwal"],
    )
    return draft, scheduled


PUBLIC_PAGES = ["/", "/2025/", "/2025/04/", "/2025/04/23/", "/tag/", "/tag/anggaran/"]


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_hidden_articles_do_not_appear_on_public_pages(client, hidden_articles, url):
    html = client.get(url).content.decode()

    assert SECRET not in html
    assert SCHEDULED not in html


def test_hidden_articles_have_no_page_and_no_counts(client, hidden_articles):
    assert client.get("/2025/04/rancangan-rahasia/").status_code == 404
    assert client.get("/2025/06/pengumuman-terjadwal/").status_code == 404
    assert client.get("/2025/06/").status_code == 404
    assert client.get("/2025/06/02/").status_code == 404
    assert client.get("/tag/jadwal/").status_code == 404
    home = client.get("/")
    html = home.content.decode()
    assert 'href="/2025/">2025</a> <span class="count">(7)</span>' in html
    assert 'href="/2025/04/">April</a> <span class="count">(7)</span>' in html
    assert 'href="/2025/06/"' not in html
    assert {t.slug: t.article_count for t in home.context["tags"]}["anggaran"] == 1


def test_scheduled_article_appears_by_itself_when_its_time_comes(
    client, hidden_articles, pinned_clock
):
    assert client.get("/2025/06/pengumuman-terjadwal/").status_code == 404

    pinned_clock.move_to("2025-06-02T01:00:00Z")  # 09:00 WITA on 2 June

    assert client.get("/2025/06/pengumuman-terjadwal/").status_code == 200
    assert SCHEDULED in client.get("/").content.decode()
    assert SCHEDULED in client.get("/2025/06/").content.decode()
    assert SCHEDULED in client.get("/tag/jadwal/").content.decode()
    assert SECRET not in client.get("/2025/04/23/").content.decode()
