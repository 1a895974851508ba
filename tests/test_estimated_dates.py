"""A date the archive importer guessed is never shown to the public as a fact.

The seed archive page lists only weekdays, so its articles' days are inferred
(``publish_date_inferred``). Every public place that prints a publication date says
it is an estimate, in words, until staff confirm the date by clearing the mark.
"""

import re
from html import unescape

import feedparser
import pytest

from articles.models import Article
from tests.factories import ArticleFactory, wita
from tests.test_structured_data import json_ld

pytestmark = pytest.mark.django_db

# Inferred as Wednesday 23 April 2025 (tests/test_import_archive.py).
SLUG = "pengawasan-terhadap-pelaksanaan-kebijakan-anggaran-palopo"
URL = f"/2025/04/{SLUG}/"
ESTIMATE = "sekitar 23 April 2025 (tanggal diperkirakan)"
ASSERTED = "Rabu, 23 April 2025"
SEED_ON_THE_23RD = 3  # and 22 April: 3, 24 April: 1


def visible_text(response):
    """The page as read aloud: tags gone, whitespace collapsed."""
    assert response.status_code == 200
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def meta_property(html, name):
    return re.findall(rf'<meta property="{re.escape(name)}" content="([^"]*)"', html)


def confirm(article, moment=None):
    """What staff do in the admin once they have checked the date."""
    if moment is not None:
        article.publish_at = moment
    article.publish_date_inferred = False
    article.save()


def test_article_page_says_the_date_is_an_estimate(client, seed_archive):
    response = client.get(URL)

    text = visible_text(response)
    assert ESTIMATE in text
    assert ASSERTED not in text
    assert "diperkirakan" in text.split("Daftar isi")[0]  # in the header, by the title
    html = response.content.decode()
    # The machine-readable date is the day alone: no time of day was ever known.
    assert f'<time class="date-estimate" datetime="2025-04-23">{ESTIMATE}</time>' in html
    assert 'datetime="2025-04-23T' not in html


@pytest.mark.parametrize(
    ("url", "listed", "on_the_23rd"),
    [("/", 7, 3), ("/2025/04/", 7, 3), ("/2025/04/23/", 3, 3), ("/tag/anggaran/", 1, 1)],
)
def test_list_summaries_say_the_date_is_an_estimate(client, seed_archive, url, listed, on_the_23rd):
    text = visible_text(client.get(url))
    if url == "/2025/04/23/":
        # The day page is named after its day, in its title and heading; only there.
        text = text.rsplit("Arsip Rabu, 23 April 2025", 1)[1]

    assert ASSERTED not in text
    assert text.count("(tanggal diperkirakan)") == listed
    assert text.count(ESTIMATE) == on_the_23rd


def article_text(response):
    """The article's own text, without the related reading listed under it."""
    return visible_text(response).split("Bacaan terkait")[0]


def test_related_reading_gives_its_guessed_dates_as_estimates(client, seed_archive):
    related = visible_text(client.get(URL)).split("Bacaan terkait")[1]

    assert "(tanggal diperkirakan)" in related


def test_a_confirmed_date_is_shown_as_a_fact_again(client, seed_archive):
    assert ESTIMATE in visible_text(client.get(URL))  # and now in the page cache

    confirm(Article.objects.get(slug=SLUG))

    page = article_text(client.get(URL))
    assert ASSERTED in page
    assert "diperkirakan" not in page
    month = visible_text(client.get("/2025/04/"))
    assert month.count(ASSERTED) == 1
    assert month.count(ESTIMATE) == SEED_ON_THE_23RD - 1
    # An article never imported from the old page was never an estimate.
    ArticleFactory(slug="rapat-paripurna", publish_at=wita(2025, 4, 10))
    assert "diperkirakan" not in visible_text(client.get("/2025/04/rapat-paripurna/"))


def test_json_ld_and_open_graph_claim_no_time_of_day(client, seed_archive):
    html = client.get(URL).content.decode()

    news = json_ld(html)["NewsArticle"]
    assert news["datePublished"] == "2025-04-23"
    assert news["dateModified"] == "2025-04-23"
    assert meta_property(html, "article:published_time") == ["2025-04-23"]
    assert meta_property(html, "article:modified_time") == ["2025-04-23"]


def test_a_real_change_keeps_its_time_while_the_date_stays_an_estimate(client, seed_archive):
    article = Article.objects.get(slug=SLUG)
    article.content_changed_at = wita(2025, 5, 2, 8)
    article.save()

    html = client.get(URL).content.decode()

    news = json_ld(html)["NewsArticle"]
    assert news["datePublished"] == "2025-04-23"
    assert news["dateModified"] == "2025-05-02T08:00:00+08:00"
    assert meta_property(html, "article:modified_time") == ["2025-05-02T08:00:00+08:00"]


def test_json_ld_gives_the_full_time_once_staff_confirm_it(client, seed_archive):
    html = client.get(URL).content.decode()
    assert json_ld(html)["NewsArticle"]["datePublished"] == "2025-04-23"

    confirm(Article.objects.get(slug=SLUG), wita(2025, 4, 23, 14, 30))

    html = client.get(URL).content.decode()

    assert json_ld(html)["NewsArticle"]["datePublished"] == "2025-04-23T14:30:00+08:00"
    assert meta_property(html, "article:published_time") == ["2025-04-23T14:30:00+08:00"]
    assert "diperkirakan" not in article_text(client.get(URL))


@pytest.mark.parametrize("url", ["/feed/", "/feed/atom/"])
def test_feed_readers_are_told_the_date_is_an_estimate(client, seed_archive, url):
    article = Article.objects.get(slug=SLUG)
    ArticleFactory(
        title="Rapat Paripurna Mei", slug="rapat-paripurna-mei", publish_at=wita(2025, 5, 5)
    )

    feed = feedparser.parse(client.get(url).content)

    assert not feed.bozo, feed.bozo_exception
    entries = {entry.link.rsplit("/", 2)[-2]: entry for entry in feed.entries}
    note = "Tanggal terbit diperkirakan: sekitar 23 April 2025."
    entry = entries[SLUG]
    # The title stays the article's own; the summary and the full text carry the note.
    assert entry.title == article.title
    assert entry.summary.startswith(f"({note}) ")
    assert article.get_summary() in entry.summary
    assert entry.content[0].value.startswith(f"<p><em>{note}</em></p>")
    # Seven inferred articles, seven notes; the confirmed one has none.
    assert sum("diperkirakan" in e.summary for e in feed.entries) == 7
    plain = entries["rapat-paripurna-mei"]
    assert "diperkirakan" not in plain.summary + plain.content[0].value

    confirm(article)

    entry = {
        e.link.rsplit("/", 2)[-2]: e for e in feedparser.parse(client.get(url).content).entries
    }[SLUG]
    assert "diperkirakan" not in entry.summary + entry.content[0].value


def test_search_results_give_guessed_dates_as_estimates(client, seed_archive):
    text = visible_text(client.get("/cari/?q=perhubungan"))

    assert "sekitar 23 April 2025 (tanggal diperkirakan)" in text
    assert ASSERTED not in text
