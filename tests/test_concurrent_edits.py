"""Two staff edit the same article: the second save is refused, and nothing typed is lost."""

import datetime

import pytest
from django.test import Client

from articles.models import Article
from tests.conftest import NOW
from tests.factories import DraftFactory
from tests.staff import article_form, change_url, form_data, logged_in, save, staff_user

pytestmark = pytest.mark.django_db

REFUSED = "Artikel ini sudah diubah orang lain sejak Anda membukanya"


@pytest.fixture
def ani():
    return logged_in(Client, staff_user("ani", "Editor"))


@pytest.fixture
def budi():
    return logged_in(Client, staff_user("budi", "Editor"))


def test_second_save_is_refused_and_keeps_the_typed_text(ani, budi):
    article = DraftFactory(title="Laporan Komisi", tags=["komisi"])
    url = change_url(article)
    ani_form, budi_form = article_form(ani, url), article_form(budi, url)

    ani_form["title"] = "Laporan Komisi III"
    assert ani.post(url, save(ani_form)).status_code == 302

    budi_form["sections-1-body"] = "<p>Tulisan Budi yang panjang dan tidak boleh hilang.</p>"
    budi_form["summary"] = "Ringkasan dari Budi."
    refused = budi.post(url, save(budi_form))

    assert refused.status_code == 200
    html = refused.content.decode()
    assert REFUSED in html
    # What changed meanwhile, word by word, and who did it.
    assert "Terakhir disimpan oleh ani" in html
    assert "Laporan Komisi<ins> III</ins>" in html
    # Budi's text is still in the form, ready to save again.
    again = form_data(refused)
    assert again["sections-1-body"] == "<p>Tulisan Budi yang panjang dan tidak boleh hilang.</p>"
    assert again["summary"] == "Ringkasan dari Budi."
    article.refresh_from_db()
    assert article.title == "Laporan Komisi III"
    assert article.summary == ""
    assert "Budi" not in article.sections.get(position=2).body

    # Having seen Ani's change, Budi saves the form again: now it is accepted.
    again["title"] = "Laporan Komisi III"
    assert budi.post(url, save(again)).status_code == 302
    article.refresh_from_db()
    assert article.title == "Laporan Komisi III"
    assert article.summary == "Ringkasan dari Budi."
    assert article.version == 3


def test_a_change_to_sections_only_is_covered_too(ani, budi):
    article = DraftFactory()
    url = change_url(article)
    ani_form, budi_form = article_form(ani, url), article_form(budi, url)

    ani_form["sections-0-body"] = "<p>Ani memperbaiki pembuka.</p>"
    assert ani.post(url, save(ani_form)).status_code == 302

    budi_form["sections-1-heading"] = "Penutup Budi"
    refused = budi.post(url, save(budi_form))

    assert REFUSED in refused.content.decode()
    assert "Ani memperbaiki pembuka</ins>" in refused.content.decode()
    assert list(article.sections.values_list("heading", "body")) == [
        ("Pendahuluan", "<p>Ani memperbaiki pembuka.</p>"),
        ("Kesimpulan", f"<p>Penutup artikel {article.title}.</p>"),
    ]


def test_a_publish_action_meanwhile_also_stops_an_old_form(ani, budi):
    article = DraftFactory()
    budi_form = article_form(budi, change_url(article))

    ani.post(
        "/admin/articles/article/",
        {"action": "publish_selected", "_selected_action": [article.pk], "index": 0},
    )
    budi_form["title"] = "Judul Budi"
    refused = budi.post(change_url(article), save(budi_form))

    assert REFUSED in refused.content.decode()
    assert Article.objects.get(pk=article.pk).title != "Judul Budi"


def test_others_see_who_is_editing_and_the_notice_fades(ani, budi, pinned_clock):
    article = DraftFactory()
    url = change_url(article)

    assert "Sedang disunting" not in ani.get(url).content.decode()
    pinned_clock.move_to(NOW + datetime.timedelta(minutes=1))
    html = budi.get(url).content.decode()
    assert "Sedang disunting oleh ani sejak 12:00 WITA." in html

    pinned_clock.move_to(NOW + datetime.timedelta(minutes=7))  # Ani's form idle 6 minutes
    html = budi.get(url).content.decode()
    assert "Sedang disunting" not in html


def test_saving_ends_the_notice(ani, budi):
    article = DraftFactory()
    url = change_url(article)
    form = article_form(ani, url)
    ani.post(url, save(form))

    assert "Sedang disunting" not in budi.get(url).content.decode()


def test_an_open_form_keeps_the_notice_alive(ani, budi, pinned_clock):
    article = DraftFactory()
    url = change_url(article)
    html = ani.get(url).content.decode()
    heartbeat = f"/admin/articles/article/{article.pk}/sunting/"
    assert f'data-url="{heartbeat}"' in html  # the form's script posts here every minute

    for minute in (3, 6):
        pinned_clock.move_to(NOW + datetime.timedelta(minutes=minute))
        answer = ani.post(heartbeat)
        assert answer.status_code == 200
        assert answer.json() == {"editors": []}  # nobody else has it open

    pinned_clock.move_to(NOW + datetime.timedelta(minutes=9))
    assert "Sedang disunting oleh ani sejak 12:00 WITA." in budi.get(url).content.decode()
    assert ani.get(heartbeat).status_code == 405


def test_the_open_page_notice_ends_when_the_other_person_saves(ani, budi):
    """Budi's page asks every minute; once Ani has saved, the answer no longer names her."""
    article = DraftFactory()
    url = change_url(article)
    heartbeat = f"/admin/articles/article/{article.pk}/sunting/"
    form = article_form(ani, url)
    budi.get(url)
    assert budi.post(heartbeat).json() == {
        "editors": ["Sedang disunting oleh ani sejak 12:00 WITA."]
    }

    ani.post(url, save(form))

    assert budi.post(heartbeat).json() == {"editors": []}


def test_a_writer_cannot_claim_an_article_they_may_not_edit():
    from tests.factories import ArticleFactory

    writer = logged_in(Client, staff_user("penulis", "Penulis"))
    article = ArticleFactory()

    assert writer.post(f"/admin/articles/article/{article.pk}/sunting/").status_code == 404


def test_a_reader_is_told_who_edits_but_is_not_listed_as_editing(ani, pinned_clock):
    from tests.factories import ArticleFactory

    writer = logged_in(Client, staff_user("penulis", "Penulis"))
    article = ArticleFactory()  # published: the writer may only read it
    url = change_url(article)

    html = writer.get(url).content.decode()
    assert "Sedang disunting" not in html
    assert "Sedang disunting" not in ani.get(url).content.decode()
    assert "Sedang disunting oleh ani" in writer.get(url).content.decode()
