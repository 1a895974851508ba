"""The rules of publishing (articles/editorial.py), through the admin staff use and
called directly as importers and scripts call them."""

import datetime
import re

import pytest
from django.contrib.admin.models import LogEntry
from django.core.exceptions import ValidationError
from django.test import Client

from articles import editorial, limits
from articles.models import Article, Section, SlugRedirect, Tag
from articles.revisions import article_versions
from tests.conftest import NOW
from tests.factories import ArticleFactory, DraftFactory, wita
from tests.staff import (
    ADD,
    CHANGELIST,
    article_form,
    change_url,
    inline_prefix,
    logged_in,
    save,
    staff_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return logged_in(Client, staff_user("editor", "Editor"))


@pytest.fixture
def writer():
    return logged_in(Client, staff_user("penulis", "Penulis"))


def messages_of(response):
    return [str(message) for message in response.context["messages"]] if response.context else []


def followed_messages(client, response):
    assert response.status_code == 302, response.status_code
    page = client.get(response["Location"])
    return " ".join(re.findall(r'<li class="[^"]*">(.*?)</li>', page.content.decode(), re.S))


def draft_form(client, title="Rancangan Perda Parkir", body="<p>Isi rancangan.</p>"):
    data = article_form(client, ADD)
    prefix = inline_prefix(data)
    data.update(
        {
            "title": title,
            "slug": re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-"),
            f"{prefix}-TOTAL_FORMS": "1",
            f"{prefix}-0-heading": "",
            f"{prefix}-0-body": body,
        }
    )
    return data


# --- Publishing a draft: now, unless someone chose its time --------------------------------


def test_the_add_form_offers_the_choice_in_words_and_no_preset_time(editor):
    html = editor.get(ADD).content.decode()
    for words in ("Draf", "Terbitkan sekarang", "Terbitkan pada waktu di bawah"):
        assert words in html
    data = article_form(editor, ADD)
    assert data["status"] == "draft"
    assert data["publish_at_0"] == "" and data["publish_at_1"] == ""


def test_a_draft_written_weeks_ago_is_published_now_by_the_action(editor, pinned_clock):
    pinned_clock.move_to(NOW - datetime.timedelta(days=12))
    response = editor.post(ADD, save(draft_form(editor)))
    assert response.status_code == 302
    draft = Article.objects.get(title="Rancangan Perda Parkir")
    assert draft.status == "draft" and not draft.publish_at_chosen

    pinned_clock.move_to(NOW)
    editor = logged_in(Client, draft.author)  # twelve days later: a new session
    response = editor.post(
        CHANGELIST, {"action": "publish_selected", "_selected_action": [draft.pk], "index": 0}
    )

    draft.refresh_from_db()
    assert draft.status == "published"
    assert draft.publish_at == NOW  # not the day the form was opened
    said = followed_messages(editor, response)
    assert "diterbitkan pada 1 Juni 2025 12.00 WITA" in said
    assert article_versions(draft.pk).first().revision.comment == (
        "Diterbitkan pada 1 Juni 2025 12.00 WITA"
    )


def test_a_time_staff_chose_for_a_draft_is_kept_when_it_is_published(editor):
    draft = DraftFactory(publish_at=wita(2025, 6, 5, 9, 0), publish_at_chosen=True)
    past = DraftFactory(publish_at=wita(2025, 5, 20, 10, 0), publish_at_chosen=True)

    response = editor.post(
        CHANGELIST,
        {"action": "publish_selected", "_selected_action": [draft.pk, past.pk], "index": 0},
    )

    draft.refresh_from_db()
    past.refresh_from_db()
    assert draft.publish_at == wita(2025, 6, 5, 9, 0)  # scheduled
    assert past.publish_at == wita(2025, 5, 20, 10, 0)  # backdated
    said = followed_messages(editor, response)
    assert "1 dijadwalkan" in said and "1 diterbitkan dengan tanggal lampau" in said


def test_publish_now_in_the_form_says_so_with_the_wita_time(editor):
    data = draft_form(editor)
    data["status"] = "now"
    response = editor.post(ADD, save(data))

    article = Article.objects.get(title="Rancangan Perda Parkir")
    assert article.status == "published" and article.publish_at == NOW
    assert "«Rancangan Perda Parkir» diterbitkan pada 1 Juni 2025 12.00 WITA." in (
        followed_messages(editor, response)
    )


@pytest.mark.parametrize(
    ("date", "time", "said"),
    [
        ("20-05-2025", "10.00", "diterbitkan dengan tanggal lampau 20 Mei 2025 10.00 WITA"),
        ("05-06-2025", "09.30", "dijadwalkan terbit pada 5 Juni 2025 09.30 WITA"),
    ],
)
def test_a_time_given_in_the_form_backdates_or_schedules_and_says_which(editor, date, time, said):
    data = draft_form(editor)
    data.update({"status": "published", "publish_at_0": date, "publish_at_1": time})
    response = editor.post(ADD, save(data))

    assert said in followed_messages(editor, response)
    assert Article.objects.get(title="Rancangan Perda Parkir").publish_at_chosen


def test_publishing_at_a_time_needs_the_time(editor):
    data = draft_form(editor)
    data["status"] = "published"
    response = editor.post(ADD, save(data))

    assert response.status_code == 200
    assert "Isi waktu terbit, atau pilih “Terbitkan sekarang”." in response.content.decode()
    assert not Article.objects.filter(title="Rancangan Perda Parkir").exists()


def test_a_writer_cannot_publish_through_the_editorial_module_either():
    writer = staff_user("penulis", "Penulis")
    article = Article(title="Coba", slug="coba")
    with pytest.raises(editorial.PermissionDenied):
        editorial.save_article(article, user=writer, publication=editorial.Publication.NOW)
    assert not Article.objects.exists()


# --- Trash: the form says so, the action asks first and can be undone --------------------


def test_a_trashed_article_form_says_so_and_offers_restore(editor):
    article = ArticleFactory(title="Di Sampah")
    editorial.trash([article])

    html = editor.get(change_url(article)).content.decode()

    assert "Artikel ini ada di tempat sampah sejak 1 Juni 2025 12.00 WITA." in html
    assert "Pulihkan dari tempat sampah" in html
    response = editor.post("/admin/articles/article/pulihkan-dari-sampah/", {"id": article.pk})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.deleted_at is None


def test_the_bulk_trash_action_asks_first_and_its_message_offers_undo(editor):
    articles = [ArticleFactory(title="Satu"), ArticleFactory(title="Dua")]
    selected = {"action": "trash_selected", "_selected_action": [a.pk for a in articles]}

    asked = editor.post(CHANGELIST, {**selected, "index": 0})
    assert asked.status_code == 200
    assert "Ya, pindahkan ke tempat sampah" in asked.content.decode()
    assert not Article.objects.filter(deleted_at__isnull=False).exists()  # nothing yet

    done = editor.post(CHANGELIST, {**selected, "index": 0, "confirm": "1"})
    page = editor.get(done["Location"]).content.decode()
    assert Article.objects.filter(deleted_at__isnull=False).count() == 2
    undo = re.search(r'href="(/admin/articles/article/pulihkan-dari-sampah/\?[^"]+)"', page)
    assert undo, "the message offers undo"

    confirm = editor.get(undo[1].replace("&amp;", "&"))
    assert "Satu" in confirm.content.decode() and "Dua" in confirm.content.decode()
    editor.post("/admin/articles/article/pulihkan-dari-sampah/", {"id": [a.pk for a in articles]})
    assert not Article.objects.filter(deleted_at__isnull=False).exists()


# --- Slugs: a form error naming the article that holds it ----------------------------------


def test_an_old_address_of_a_published_article_cannot_be_taken(writer):
    owner = ArticleFactory(title="Laporan Reses", slug="laporan-reses-baru")
    SlugRedirect.objects.create(old_slug="laporan-reses", article=owner)
    data = draft_form(writer, title="Laporan Reses")
    data["slug"] = "laporan-reses"

    response = writer.post(ADD, save(data))

    assert response.status_code == 200
    assert "dulu milik artikel «Laporan Reses» yang sudah terbit" in response.content.decode()
    assert SlugRedirect.objects.get(old_slug="laporan-reses").article == owner


def test_restoring_a_revision_whose_slug_was_taken_is_a_form_error(editor):
    article = ArticleFactory(title="Jadwal Reses", slug="jadwal-reses")
    editorial.save_article(article, user=None)  # a revision with the slug "jadwal-reses"
    first = article_versions(article.pk).first()
    article.slug = "jadwal-reses-2025"
    editorial.save_article(article, user=None, change_kind="kecil")
    ArticleFactory(title="Jadwal Reses Lain", slug="jadwal-reses")
    url = f"/admin/articles/article/{article.pk}/revisi/{first.pk}/pulihkan/"

    response = editor.post(url, {"change_kind": "kecil"})

    assert response.status_code == 200
    assert "Slug ini sudah dipakai artikel «Jadwal Reses Lain»" in response.content.decode()
    article.refresh_from_db()
    assert article.slug == "jadwal-reses-2025"


# --- Limits: refused in the form before the database is asked ------------------------------


def test_a_section_too_long_for_the_search_index_is_refused_with_everything_kept(editor):
    words = " ".join(f"kata{number:06d}x" for number in range(70_000))  # ~840,000 characters
    data = draft_form(editor, body=f"<p>{words}</p>")

    response = editor.post(ADD, save(data))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Bagian terlalu panjang: paling banyak 300.000 karakter" in html
    assert "kata069999x" in html  # the text is still in the form
    assert not Article.objects.exists()


def test_the_limit_is_what_postgresql_accepts():
    """Text at the limit, of the worst kind (distinct five-letter words), is indexed."""
    import random
    import string

    rng = random.Random(5)
    words, length = [], 0
    while length < limits.MAX_TEXT_CHARS - 10:
        word = "".join(rng.choice(string.ascii_lowercase) for _ in range(5))
        words.append(word)
        length += 6
    article = Article(title="Batas", slug="batas")
    editorial.save_article(article, sections=[("", f"<p>{' '.join(words)}</p>")])
    assert Section.objects.filter(article=article).exists()
    assert not limits.text_problems("Batas", [("", " ".join(words))])
    with pytest.raises(ValidationError, match="Bagian terlalu panjang"):
        editorial.save_article(
            Article(title="Lebih", slug="lebih"), sections=[("", "x " * limits.MAX_TEXT_CHARS)]
        )


# --- One transaction: revision, log entry and search -----------------------------------


def test_each_change_has_its_revision_note_and_log_entry():
    user = staff_user("editor", "Editor")
    article = Article(title="Rencana Kerja", slug="rencana-kerja")
    editorial.save_article(article, user=user, sections=[("", "<p>Isi awal.</p>")])
    editorial.publish([article], user)
    editorial.unpublish([article], user)
    editorial.trash([article], user)
    editorial.restore_from_trash([article], user)

    notes = [version.revision.comment for version in article_versions(article.pk)]
    assert notes == [
        "Dipulihkan dari tempat sampah",
        "Dipindahkan ke tempat sampah",
        "Ditarik menjadi draf",
        "Diterbitkan pada 1 Juni 2025 12.00 WITA",
        "Dibuat sebagai draf",
    ]
    logged = list(
        LogEntry.objects.filter(object_id=str(article.pk))
        .order_by("-pk")
        .values_list("change_message", flat=True)
    )
    assert logged == notes


# --- Found by trying the site as staff and as an attacker ----------------------------------


def test_a_publish_time_outside_the_archive_years_is_refused(editor):
    """01-01-0001 was accepted, and every page listing the article failed (year 0 UTC)."""
    data = draft_form(editor)
    data.update({"status": "published", "publish_at_0": "01-01-0001", "publish_at_1": "00.00"})

    response = editor.post(ADD, save(data))

    assert response.status_code == 200
    assert "Waktu terbit harus antara tahun 1990 dan 2100." in response.content.decode()
    assert not Article.objects.exists()
    with pytest.raises(ValidationError):
        editorial.save_article(
            Article(title="X", slug="x"),
            publication=editorial.Publication.PUBLISHED,
            publish_at=datetime.datetime(1, 1, 2, tzinfo=datetime.UTC),
        )


def test_saving_a_draft_keeps_its_stored_date_until_it_is_published(editor):
    imported = DraftFactory(title="Draf dari WordPress", publish_at=wita(2025, 4, 10))
    data = article_form(editor, change_url(imported))
    data["summary"] = "Ringkasan baru."

    assert editor.post(change_url(imported), save(data)).status_code == 302

    imported.refresh_from_db()
    assert imported.publish_at == wita(2025, 4, 10)


def test_a_writer_cannot_choose_whose_name_a_draft_carries(writer):
    chief = staff_user("kepala", superuser=True)
    data = draft_form(writer)
    data["author"] = str(chief.pk)

    assert writer.post(ADD, save(data)).status_code == 302

    assert Article.objects.get(title="Rancangan Perda Parkir").author.username == "penulis"


def test_a_malformed_author_id_is_a_form_error_not_a_server_error(editor):
    data = draft_form(editor)
    data["author"] = "abc"

    response = editor.post(ADD, save(data))

    # It used to fail drawing the form again; the bad id is now simply no choice.
    assert response.status_code == 302
    assert Article.objects.get(title="Rancangan Perda Parkir").author.username == "editor"


def test_an_export_with_a_year_one_post_is_refused_with_its_id(tmp_path):
    from django.core.management import CommandError, call_command

    from tests.test_import_wordpress import FOOTER, HEADER, item

    export = tmp_path / "ekspor.xml"
    export.write_text(
        HEADER + item(901, "Tahun Satu", "Isi.", date="0001-01-01 00:00:00", date_gmt="") + FOOTER
    )

    with pytest.raises(CommandError, match=r"pos 901 .*Waktu terbit harus antara tahun 1990"):
        call_command("import_wordpress", str(export), verbosity=0)
    assert not Article.objects.exists()


def test_a_negative_section_count_is_refused_and_changes_nothing(editor):
    article = DraftFactory(title="Rencana Kerja")
    data = article_form(editor, change_url(article))
    data[f"{inline_prefix(data)}-TOTAL_FORMS"] = "-1"

    response = editor.post(change_url(article), save(data))

    assert response.status_code == 200
    assert article.sections.count() == 2


def test_a_tag_with_letters_outside_ascii_gets_an_address_that_works(editor, client):
    article = ArticleFactory(title="Kebijakan")
    editorial.save_article(article, tags=["Aí³ Ñusantara"], change_kind="kecil")

    tag = article.tags.get()
    assert tag.slug == "ai3-nusantara"
    assert client.get("/").status_code == 200
    assert client.get(tag.get_absolute_url()).status_code == 200


def test_one_unbroken_word_does_not_make_a_huge_summary():
    from articles.models import SUMMARY_CHARS, summary_from_body

    summary = summary_from_body("<p>" + "a" * 50_000 + "</p>")

    assert len(summary) <= SUMMARY_CHARS


def test_saving_an_article_published_now_again_keeps_its_time(editor):
    data = draft_form(editor)
    data["status"] = "now"
    editor.post(ADD, save(data))
    article = Article.objects.get(title="Rancangan Perda Parkir")
    again = article_form(editor, change_url(article))

    response = editor.post(change_url(article), save(again))

    assert "Perubahan pada «Rancangan Perda Parkir» disimpan." in followed_messages(
        editor, response
    )
    assert Article.objects.get(pk=article.pk).publish_at == article.publish_at


def test_the_tag_admin_refuses_a_slug_no_address_accepts(staff_client, client):
    tag = Tag.objects.create(name="Fish", slug="fish")
    url = f"/admin/articles/tag/{tag.pk}/change/"

    response = staff_client.post(url, {"name": "Fish", "slug": "ñandú", "_save": "Simpan"})

    assert response.status_code == 200  # the form again, with the error
    tag.refresh_from_db()
    assert tag.slug == "fish"
    assert client.get("/tag/").status_code == 200
