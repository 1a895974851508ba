"""Staff preview a draft or scheduled article exactly as the public page will show it."""

import pytest
from django.test import Client

from tests.factories import ArticleFactory, DraftFactory, wita
from tests.staff import change_url, logged_in, staff_user

pytestmark = pytest.mark.django_db


def preview_url(article):
    return f"/pratinjau/{article.pk}/"


@pytest.fixture
def writer():
    return logged_in(Client, staff_user("penulis", "Penulis"))


def test_writer_previews_a_draft_with_the_public_template(writer):
    draft = DraftFactory(title="Rancangan Perda Parkir", tags=["parkir"])
    assert Client().get(draft.get_absolute_url()).status_code == 404  # not public

    response = writer.get(preview_url(draft))

    assert response.status_code == 200
    assert "articles/article_detail.html" in [t.name for t in response.templates]
    html = response.content.decode()
    assert "<h1>Rancangan Perda Parkir</h1>" in html
    assert "Pembuka artikel Rancangan Perda Parkir." in html
    assert "Pratinjau" in html
    assert "draf ini belum tampil di situs" in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert 'rel="canonical"' not in html
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control
    assert "noindex" in response["X-Robots-Tag"]


def test_scheduled_article_preview_says_when_it_will_appear(writer):
    scheduled = ArticleFactory(title="Jadwal Reses", publish_at=wita(2025, 6, 10, 9, 0))

    html = writer.get(preview_url(scheduled)).content.decode()

    assert "terjadwal terbit 10 Juni 2025 09:00 WITA" in html


def test_the_change_form_links_to_the_preview(writer):
    draft = DraftFactory()

    html = writer.get(change_url(draft)).content.decode()

    assert f'href="{preview_url(draft)}"' in html


def test_the_public_never_sees_a_preview(django_user_model):
    draft = DraftFactory(title="Rahasia Draf")

    anonymous = Client().get(preview_url(draft))
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/admin/login/")

    citizen = django_user_model.objects.create_user("warga", password="sandi-warga-2025")
    response = logged_in(Client, citizen).get(preview_url(draft))
    assert response.status_code == 404
    assert "Rahasia Draf" not in response.content.decode()


@pytest.mark.parametrize("pk", ["0", "999999", "99999999999999999999"])
def test_unknown_preview_is_a_404(writer, pk):
    assert writer.get(f"/pratinjau/{pk}/").status_code == 404
