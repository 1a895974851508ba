"""Month, day and year archives and the home page, in the WordPress URL forms."""

import pytest
from django.utils import timezone

from tests.factories import ArticleFactory, wita

pytestmark = pytest.mark.django_db


def titles(response):
    return [article.title for article in response.context["articles"]]


def test_month_archive_lists_the_seed_newest_first_with_indonesian_dates(client, seed_archive):
    response = client.get("/2025/04/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Arsip April 2025</h1>" in html
    assert "<title>Arsip April 2025 · DPRD Kota Palopo</title>" in html
    assert titles(response) == [
        "Penguatan Kapasitas Pemerintah Daerah Palopo",
        "Pengawasan Terhadap Pelaksanaan Kebijakan Anggaran Palopo",
        "Kebijakan Pengelolaan Sektor Perhubungan Palopo",
        "Program Bantuan Untuk Peningkatan Usaha Mikro Palopo",
        "Evaluasi Kebijakan Pembangunan Ekonomi Palopo",
        "Pengelolaan Kebijakan Tentang Ketahanan Sosial Palopo",
        "Peningkatan Kolaborasi Antar Lembaga Pemerintahan Palopo",
    ]
    # Days inferred from the old weekday-only archive are given as estimates.
    assert "sekitar 24 April 2025 (tanggal diperkirakan)" in html
    assert "sekitar 23 April 2025 (tanggal diperkirakan)" in html
    assert "sekitar 22 April 2025 (tanggal diperkirakan)" in html
    # Each entry carries its summary (the start of the first paragraph) and its tags.
    assert "Penguatan kapasitas pemerintah daerah merupakan salah satu aspek penting" in html
    assert 'href="/tag/anggaran/"' in html


def test_day_archive_shows_only_that_local_day(client, seed_archive):
    response = client.get("/2025/04/23/")

    assert response.status_code == 200
    assert titles(response) == [
        "Pengawasan Terhadap Pelaksanaan Kebijakan Anggaran Palopo",
        "Kebijakan Pengelolaan Sektor Perhubungan Palopo",
        "Program Bantuan Untuk Peningkatan Usaha Mikro Palopo",
    ]
    assert "Arsip Rabu, 23 April 2025" in response.content.decode()


def test_year_archive_lists_months_with_counts_and_the_articles(client, seed_archive):
    ArticleFactory(title="Rapat Paripurna Januari", publish_at=wita(2025, 1, 15))

    response = client.get("/2025/")

    assert response.status_code == 200
    months = [(row["month"].month, row["count"]) for row in response.context["date_list"]]
    assert months == [(4, 7), (1, 1)]
    assert len(response.context["articles"]) == 8
    html = response.content.decode()
    assert 'href="/2025/04/"' in html
    assert 'href="/2025/01/"' in html


def test_home_shows_newest_articles_months_with_counts_and_tags(client, seed_archive):
    ArticleFactory(title="Sidang Mei", publish_at=wita(2025, 5, 2), tags=["anggaran"])

    response = client.get("/")

    assert response.status_code == 200
    assert titles(response)[0] == "Sidang Mei"
    html = response.content.decode()
    # The month navigator, as on the archive pages: years, then their months.
    assert 'href="/2025/">2025</a> <span class="count">(8)</span>' in html
    assert 'href="/2025/05/">Mei</a> <span class="count">(1)</span>' in html
    assert 'href="/2025/04/">April</a> <span class="count">(7)</span>' in html
    tag_counts = {tag.slug: tag.article_count for tag in response.context["tags"]}
    assert tag_counts["anggaran"] == 2
    assert tag_counts["partisipasi-masyarakat"] == 4


@pytest.mark.parametrize(
    ("local_time", "month_url", "other_month_url"),
    [
        # 00:30 WITA on 1 May is still 30 April in UTC: it belongs to May.
        ((2025, 5, 1, 0, 30), "/2025/05/", "/2025/04/"),
        # 23:59 WITA on 30 April is 15:59 UTC: it belongs to April.
        ((2025, 4, 30, 23, 59), "/2025/04/", "/2025/05/"),
    ],
)
def test_month_boundaries_follow_palopo_time(client, local_time, month_url, other_month_url):
    article = ArticleFactory(title="Tepat Tengah Malam", publish_at=wita(*local_time))
    ArticleFactory(title="Penanda Bulan Lain", publish_at=wita(2025, 4, 10))
    ArticleFactory(title="Penanda Bulan Berikut", publish_at=wita(2025, 5, 10))

    assert article.title in titles(client.get(month_url))
    assert article.title not in titles(client.get(other_month_url))
    local = timezone.localtime(article.publish_at)
    assert client.get(f"/{local:%Y/%m/%d}/").status_code == 200
    assert article.get_absolute_url().startswith(month_url)


def test_day_archive_at_midnight_edge(client):
    ArticleFactory(title="Setengah Satu Pagi", publish_at=wita(2025, 5, 1, 0, 30))

    assert titles(client.get("/2025/05/01/")) == ["Setengah Satu Pagi"]
    assert client.get("/2025/04/30/").status_code == 404


def test_pagination_in_wordpress_form_and_query_form(client):
    for day in range(1, 26):
        ArticleFactory(title=f"Artikel {day:02d}", publish_at=wita(2025, 3, day))

    first = client.get("/2025/03/")
    second = client.get("/2025/03/page/2/")
    by_query = client.get("/2025/03/?page=2")

    assert titles(first) == [f"Artikel {day:02d}" for day in range(25, 5, -1)]
    assert titles(second) == [f"Artikel {day:02d}" for day in range(5, 0, -1)]
    assert titles(by_query) == titles(second)
    assert 'href="/2025/03/page/2/" rel="next"' in first.content.decode()
    assert "Halaman 2 dari 2" in second.content.decode()
    # Each page names itself as canonical; page one has only one address.
    assert 'rel="canonical" href="http://testserver/2025/03/page/2/"' in second.content.decode()
    page_one = client.get("/2025/03/page/1/")
    assert page_one.status_code == 301
    assert page_one["Location"] == "/2025/03/"


def test_same_time_articles_keep_a_stable_order(client):
    same = wita(2025, 2, 3, 8)
    older = ArticleFactory(title="Ditulis Pertama", publish_at=same)
    newer = ArticleFactory(title="Ditulis Kedua", publish_at=same)

    assert titles(client.get("/2025/02/")) == [newer.title, older.title]


# The arrows of the archive steps: single angle quotation marks, left and right.
LEFT, RIGHT = "\u2039", "\u203a"


def test_month_day_and_year_pages_link_the_neighbouring_periods_with_articles(client):
    """Empty months and years are skipped, and a scheduled article's month is not
    linked before its time."""
    for when in [(2024, 11, 5), (2025, 2, 3), (2025, 4, 10), (2025, 4, 12)]:
        ArticleFactory(publish_at=wita(*when))
    ArticleFactory(publish_at=wita(2025, 7, 1))  # scheduled: after the pinned now

    month = client.get("/2025/02/").content.decode()
    assert f'<a href="/2025/04/">{LEFT} April 2025</a>' in month
    assert f'<a href="/2024/11/">November 2024 {RIGHT}</a>' in month

    day = client.get("/2025/04/10/").content.decode()
    assert f'<a href="/2025/04/12/">{LEFT} 12 April 2025</a>' in day
    assert f'<a href="/2025/02/03/">3 Februari 2025 {RIGHT}</a>' in day

    latest = client.get("/2025/04/").content.decode()
    assert "/2025/07/" not in latest
    assert f'<a href="/2025/02/">Februari 2025 {RIGHT}</a>' in latest

    year = client.get("/2025/").content.decode()
    assert f'<a href="/2024/">2024 {RIGHT}</a>' in year
    assert LEFT not in year
    assert f'<a href="/2025/">{LEFT} 2025</a>' in client.get("/2024/").content.decode()
