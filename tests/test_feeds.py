"""RSS and Atom feeds, read with feedparser as a feed reader would."""

import datetime

import feedparser
import pytest

from articles.models import Article, Tag, TagRedirect
from tests.factories import ArticleFactory, DraftFactory, wita

pytestmark = pytest.mark.django_db

FEEDS = ["/feed/", "/feed/atom/"]


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    return response, feed


@pytest.fixture
def articles():
    made = [
        ArticleFactory(
            title=f"Reses Masa Sidang {number}",
            slug=f"reses-masa-sidang-{number}",
            publish_at=wita(2025, 4, 1) + datetime.timedelta(hours=number),
            tags=["reses"],
        )
        for number in range(22)
    ]
    ArticleFactory(
        title="Anggaran <Perubahan> & Pajak",
        slug="anggaran-perubahan-pajak",
        publish_at=wita(2025, 5, 20, 14, 30),
        tags=["Anggaran", "pajak daerah"],
        sections=[
            ("", "<p>Pembuka <strong>penting</strong>.</p>"),
            ("Rincian Belanja", "<p>Belanja naik.</p>"),
            ("Kesimpulan", "<p>Disetujui.</p>"),
        ],
    )
    DraftFactory(title="Draf Rahasia Dewan", publish_at=wita(2025, 5, 30))
    ArticleFactory(title="Pengumuman Terjadwal Dewan", publish_at=wita(2025, 6, 2, 9))
    return made


@pytest.mark.parametrize("url", FEEDS)
def test_feed_has_the_20_newest_public_articles(client, articles, url):
    _, feed = parse(client, url)
    titles = [entry.title for entry in feed.entries]
    assert len(titles) == 20
    assert titles[0] == "Anggaran <Perubahan> & Pajak"
    assert titles[1:] == [f"Reses Masa Sidang {number}" for number in range(21, 2, -1)]
    assert "Draf Rahasia Dewan" not in titles
    assert "Pengumuman Terjadwal Dewan" not in titles
    assert feed.feed.title == "DPRD Kota Palopo"
    assert feed.feed.language == "id" or url.endswith("atom/")


@pytest.mark.parametrize("url", FEEDS)
def test_entry_has_full_text_link_date_tags_and_stable_id(client, articles, url):
    _, feed = parse(client, url)
    entry = feed.entries[0]
    article = Article.objects.get(slug="anggaran-perubahan-pajak")
    assert entry.link == "http://testserver/2025/05/anggaran-perubahan-pajak/"
    # 14:30 WITA with its offset, i.e. 06:30 UTC.
    published = entry.get("published_parsed") or entry.get("updated_parsed")
    assert published[:5] == (2025, 5, 20, 6, 30)
    assert (entry.get("published") or entry.get("updated")).endswith(("+0800", "+08:00"))
    assert sorted(tag.term for tag in entry.tags) == ["Anggaran", "pajak daerah"]
    content = entry.content[0].value
    assert "<p>Pembuka <strong>penting</strong>.</p>" in content
    assert "<h2>Rincian Belanja</h2>" in content and "<h2>Kesimpulan</h2>" in content
    assert content.index("Rincian Belanja") < content.index("Kesimpulan")
    assert entry.id == f"tag:testserver,{article.created_at:%Y-%m-%d}:artikel/{article.pk}"


def test_entry_id_survives_a_new_slug(client, articles):
    _, before = parse(client, "/feed/")
    article = Article.objects.get(slug="anggaran-perubahan-pajak")
    article.slug = "anggaran-perubahan-dan-pajak"
    article.save()
    _, after = parse(client, "/feed/")
    assert after.entries[0].id == before.entries[0].id
    assert after.entries[0].link.endswith("/anggaran-perubahan-dan-pajak/")


def test_scheduled_article_enters_the_feed_when_its_time_comes(client, articles, pinned_clock):
    _, feed = parse(client, "/feed/")
    assert feed.entries[0].title != "Pengumuman Terjadwal Dewan"
    pinned_clock.move_to(wita(2025, 6, 2, 9, 1))
    _, feed = parse(client, "/feed/")
    assert feed.entries[0].title == "Pengumuman Terjadwal Dewan"


def test_tag_feed_lists_only_that_topic(client, articles):
    _, feed = parse(client, "/tag/pajak-daerah/feed/")
    assert [entry.title for entry in feed.entries] == ["Anggaran <Perubahan> & Pajak"]
    assert feed.feed.title == "DPRD Kota Palopo: topik pajak daerah"
    assert client.get("/tag/tidak-ada/feed/").status_code == 404


def test_a_renamed_tags_feed_moves_with_it(client, articles):
    """A feed reader subscribed to the old address follows one 301, as the page does."""
    tag = Tag.objects.get(slug="pajak-daerah")
    TagRedirect.objects.create(old_slug="pajak", tag=tag)

    response = client.get("/tag/pajak/feed/")
    assert response.status_code == 301
    assert response["Location"] == "/tag/pajak-daerah/feed/"
    assert client.get("/tag/pajak/")["Location"] == "/tag/pajak-daerah/"
    assert client.get("/tag/pajak/page/2/")["Location"] == "/tag/pajak-daerah/page/2/"


def test_feeds_are_advertised(client, articles):
    home = client.get("/").content.decode()
    assert '<link rel="alternate" type="application/rss+xml"' in home
    assert 'href="/feed/"' in home and 'href="/feed/atom/"' in home
    tag_page = client.get("/tag/pajak-daerah/").content.decode()
    assert 'href="/tag/pajak-daerah/feed/"' in tag_page


def test_feed_uses_a_fixed_number_of_queries(client, articles, django_assert_num_queries):
    # Site freshness for the ETag (1), the 20 items with their summaries (1), their
    # sections (1) and tags (1).
    with django_assert_num_queries(4):
        client.get("/feed/")


def test_a_summary_is_plain_text_even_in_feed_readers(client):
    ArticleFactory(title="Ringkasan Nakal", summary='Awas <script>alert("x")</script> & co.')
    for url in FEEDS:
        _, feed = parse(client, url)
        # Readers render the description as HTML: the tags must arrive as text.
        summary = feed.entries[0].summary
        assert summary == "Awas &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co."
