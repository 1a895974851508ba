"""What the importers must not undo or half-write: staff edits, withdrawals and the
trash survive a re-import, and an article too long to store stops the import before
anything is written.

A staff save is what the admin does to the row: the change and a new ``version``
(``ArticleForm`` for a save, ``change_state`` for publish, withdraw and trash).
"""

import datetime
import itertools
import string

import pytest
from django.core.management import CommandError, ManagementUtility
from django.db import connections
from django.db.models import F
from django.utils import timezone

from articles.limits import MAX_TEXT_CHARS
from articles.models import Article, Section
from tests.factories import ArticleFactory
from tests.test_import_archive import run_import, snapshot
from tests.test_import_wordpress import export, item, run, sections_of

pytestmark = pytest.mark.django_db

KEPT = "Diubah staf sejak impor terakhir, dibiarkan (pakai --update untuk menimpa)"
OVERWRITTEN = "Ditimpa dengan --update (diubah staf sejak impor terakhir)"
NOT_REPUBLISHED = "Ditarik atau di tempat sampah oleh staf, tidak diterbitkan ulang"


def staff_saves(article, **changes):
    """A save in the admin's change form: the changes and the next version."""
    for name, value in changes.items():
        setattr(article, name, value)
    article.version += 1
    article.save()


def staff_action(article, **values):
    """An admin action (publish, withdraw, trash): one UPDATE with the next version."""
    Article.objects.filter(pk=article.pk).update(**values, version=F("version") + 1)
    article.refresh_from_db()


def first_and_newer(tmp_path, **newer):
    """An export with post 533, imported, and a newer export where it changed."""
    run(export(tmp_path, item(533, "Rapat Paripurna", "Isi dari WordPress."), name="lama.xml"))
    fields = {"title": "Rapat Paripurna (Revisi)", "content": "Isi baru dari WordPress."}
    fields.update(newer)
    title, content = fields.pop("title"), fields.pop("content")
    return export(tmp_path, item(533, title, content, **fields), name="baru.xml")


# --- WordPress: staff edits ---------------------------------------------------------


def test_every_import_write_records_its_version(tmp_path):
    newer = first_and_newer(tmp_path)
    article = Article.objects.get(legacy_id=533)
    assert (article.version, article.imported_version) == (1, 1)

    run(newer)

    article.refresh_from_db()
    assert (article.version, article.imported_version) == (2, 2)


def test_a_staff_edit_is_kept_and_listed_unless_update_is_given(tmp_path, pinned_clock):
    newer = first_and_newer(tmp_path)
    article = Article.objects.get(legacy_id=533)
    article.sections.update(body="<p>Diperbaiki staf.</p>")
    staff_saves(article, summary="Ringkasan dari staf.")
    before = snapshot()

    output = run(newer)

    assert f"{KEPT}: pos 533 «Rapat Paripurna»\n" in output
    assert "Diubah staf sejak impor terakhir, dibiarkan: 1\n" in output
    assert "Diperbarui: 0\n" in output
    assert snapshot() == before  # left alone: not a column changed

    pinned_clock.shift(datetime.timedelta(hours=1))
    output = run(newer, "--update")

    assert f"{OVERWRITTEN}: pos 533 «Rapat Paripurna»\n" in output
    assert KEPT not in output
    article.refresh_from_db()
    assert article.title == "Rapat Paripurna (Revisi)"
    assert article.summary == ""
    assert sections_of(article) == [("", "<p>Isi baru dari WordPress.</p>")]
    assert article.version == article.imported_version == 3

    # Written by the import again: the same file once more is a no-op, listing nothing.
    before = snapshot()
    output = run(newer)
    assert "Dibuat: 0\nDiperbarui: 0\nSudah sama, dibiarkan: 1\n" in output
    assert "pos 533" not in output
    assert snapshot() == before


def test_an_edit_that_leaves_the_article_as_the_export_says_is_not_listed(tmp_path):
    path = export(tmp_path, item(533, "Rapat Paripurna", "Isi."))
    run(path)
    staff_saves(Article.objects.get(legacy_id=533))  # saved without a real change

    output = run(path)

    assert "Sudah sama, dibiarkan: 1\n" in output
    assert "pos 533" not in output


def test_an_existing_article_without_an_import_record_is_staffs_unless_it_matches(tmp_path):
    ArticleFactory(
        legacy_id=533,
        title="Rapat Paripurna",
        slug="pos-533",
        publish_at=datetime.datetime(2025, 4, 10, 2, 0, tzinfo=datetime.UTC),
        sections=[("", "<p>Isi.</p>")],
    )
    ArticleFactory(legacy_id=534, title="Ditulis Staf", slug="pos-534")
    before = snapshot()
    path = export(
        tmp_path,
        item(533, "Rapat Paripurna", "Isi."),  # what 533 already says
        item(534, "Versi WordPress", "Isi lain."),
    )

    output = run(path)

    assert "Diperbarui: 0\nSudah sama, dibiarkan: 1\n" in output
    assert f"{KEPT}: pos 534 «Ditulis Staf»\n" in output
    assert "pos 533" not in output
    assert snapshot() == before

    run(path, "--update")

    article = Article.objects.get(legacy_id=534)
    assert article.title == "Versi WordPress"
    assert article.imported_version == article.version


def test_an_archive_article_staff_corrected_is_kept_by_the_wordpress_import(tmp_path, seed_archive):
    article = Article.objects.get(legacy_id=533)
    assert article.imported_version == article.version  # the archive import recorded it
    staff_saves(article, title="Kebijakan Perhubungan Palopo (dikoreksi)")

    output = run(export(tmp_path, item(533, "Judul WordPress", "Isi lengkap.")))

    assert f"{KEPT}: pos 533 «Kebijakan Perhubungan Palopo (dikoreksi)»\n" in output
    article.refresh_from_db()
    assert article.title == "Kebijakan Perhubungan Palopo (dikoreksi)"


# --- WordPress: withdrawn and trashed articles ----------------------------------------


@pytest.mark.parametrize("update", [False, True])
def test_a_withdrawn_article_is_never_published_again(tmp_path, update):
    newer = first_and_newer(tmp_path)
    article = Article.objects.get(legacy_id=533)
    staff_action(article, status=Article.Status.DRAFT)

    output = run(newer, *(["--update"] if update else []))

    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert f"{NOT_REPUBLISHED}: pos 533 «Rapat Paripurna»\n" in output
    if update:  # the content follows the export, the decision to withdraw stays
        assert article.title == "Rapat Paripurna (Revisi)"
        assert article.version == article.imported_version
    else:
        assert article.title == "Rapat Paripurna"
        assert f"{KEPT}: pos 533" in output

    # A re-run: still a draft, still listed, nothing written.
    before = snapshot()
    again = run(newer, *(["--update"] if update else []))
    assert f"{NOT_REPUBLISHED}: pos 533 «" in again
    assert snapshot() == before


def test_a_withdrawal_alone_is_listed_but_not_an_edit_to_overwrite(tmp_path):
    path = export(tmp_path, item(533, "Rapat Paripurna", "Isi."))
    run(path)
    staff_action(Article.objects.get(legacy_id=533), status=Article.Status.DRAFT)
    before = snapshot()

    output = run(path)

    assert "Sudah sama, dibiarkan: 1\n" in output
    assert f"{NOT_REPUBLISHED}: pos 533 «Rapat Paripurna»\n" in output
    assert KEPT not in output
    assert snapshot() == before


@pytest.mark.parametrize("update", [False, True])
def test_a_trashed_article_stays_in_the_trash(client, tmp_path, update):
    newer = first_and_newer(tmp_path)
    article = Article.objects.get(legacy_id=533)
    trashed_at = timezone.now()
    staff_action(article, deleted_at=trashed_at)

    output = run(newer, *(["--update"] if update else []))

    article.refresh_from_db()
    assert article.deleted_at == trashed_at
    assert article.status == Article.Status.PUBLISHED  # as staff left it
    assert not Article.objects.published().filter(legacy_id=533).exists()
    assert client.get("/?p=533").status_code == 404
    assert f"{NOT_REPUBLISHED}: pos 533 «Rapat Paripurna»\n" in output
    assert article.title == ("Rapat Paripurna (Revisi)" if update else "Rapat Paripurna")


def test_a_draft_here_is_not_published_by_a_newer_export(tmp_path):
    """Whether staff withdrew it or the import wrote it as a WordPress draft, a draft
    here is staff's to publish: the import lists it instead."""
    run(export(tmp_path, item(533, "Rapat", "Isi.", status="draft"), name="lama.xml"))

    output = run(export(tmp_path, item(533, "Rapat", "Isi baru.", status="publish")))

    article = Article.objects.get(legacy_id=533)
    assert article.status == Article.Status.DRAFT
    assert sections_of(article) == [("", "<p>Isi baru.</p>")]  # not staff's: updated
    assert f"{NOT_REPUBLISHED}: pos 533 «Rapat»\n" in output


def test_a_post_wordpress_unpublished_becomes_a_draft_when_staff_left_it_alone(tmp_path):
    run(export(tmp_path, item(533, "Rapat", "Isi."), item(534, "Lain", "Isi."), name="lama.xml"))
    staff_saves(Article.objects.get(legacy_id=534), summary="Staf menulis ringkasan.")

    run(
        export(
            tmp_path,
            item(533, "Rapat", "Isi.", status="draft"),
            item(534, "Lain", "Isi.", status="draft"),
        ),
        "--update",
    )

    assert Article.objects.get(legacy_id=533).status == Article.Status.DRAFT
    # Staff's article: its content follows the export, its status stays staff's.
    assert Article.objects.get(legacy_id=534).status == Article.Status.PUBLISHED


# --- WordPress: chosen publish times --------------------------------------------------


def test_publish_time_is_chosen_unless_wordpress_never_set_it(tmp_path):
    run(
        export(
            tmp_path,
            item(1, "Terbit"),
            item(2, "Terjadwal", status="future", date_gmt="2025-06-10 01:00:00"),
            item(3, "Draf bertanggal", status="draft"),
            item(4, "Draf tanpa tanggal", status="draft", date_gmt="0000-00-00 00:00:00"),
            item(5, "Menunggu", status="pending", date_gmt=""),
            item(6, "Terbit, GMT kosong", date_gmt="0000-00-00 00:00:00"),
        )
    )

    chosen = dict(Article.objects.values_list("legacy_id", "publish_at_chosen"))
    assert chosen == {1: True, 2: True, 3: True, 4: False, 5: False, 6: True}


def test_a_time_chosen_here_is_not_replaced_by_a_draft_time_nobody_chose(tmp_path):
    run(export(tmp_path, item(7, "Draf", status="draft", date_gmt="0000-00-00 00:00:00")))
    article = Article.objects.get(legacy_id=7)
    assert not article.publish_at_chosen

    # WordPress moves an undated draft's date to each save; the import follows.
    run(
        export(
            tmp_path,
            item(7, "Draf", "Isi.", status="draft", date="2025-05-02 08:00:00", date_gmt=""),
            name="kedua.xml",
        )
    )
    article.refresh_from_db()
    assert timezone.localtime(article.publish_at).date() == datetime.date(2025, 5, 2)
    assert not article.publish_at_chosen


# --- Archive import -------------------------------------------------------------------


def test_archive_import_records_its_version_and_its_dates_as_chosen():
    run_import()

    for article in Article.objects.all():
        assert article.imported_version == article.version == 1
        assert article.publish_at_chosen

    article = Article.objects.get(legacy_id=533)
    article.sections.filter(position=1).update(body="<p>Staf.</p>")
    staff_saves(article)
    run_import("--update")

    article.refresh_from_db()
    assert article.version == article.imported_version == 3


def test_archive_import_leaves_status_and_trash_as_staff_left_them():
    run_import()
    withdrawn = Article.objects.get(legacy_id=533)
    staff_action(withdrawn, status=Article.Status.DRAFT)
    trashed = Article.objects.exclude(pk=withdrawn.pk).first()
    staff_action(trashed, deleted_at=timezone.now())
    for article in (withdrawn, trashed):
        article.sections.filter(position=1).update(body="<p>Diubah staf.</p>")

    run_import("--update")

    withdrawn.refresh_from_db()
    trashed.refresh_from_db()
    assert withdrawn.status == Article.Status.DRAFT
    assert trashed.deleted_at is not None
    assert withdrawn.sections.get(position=1).body != "<p>Diubah staf.</p>"


# --- Too long to store ------------------------------------------------------------------


def distinct_words(characters):
    """Text of distinct five-letter words: the largest search vector per character."""
    words = ("".join(letters) for letters in itertools.product(string.ascii_lowercase, repeat=5))
    return " ".join(itertools.islice(words, characters // 6 + 1))


HUGE = distinct_words(1_000_000)


def item_line(path, post_id):
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(
        number
        for number, text in enumerate(lines, start=1)
        if text.strip() == "<item>" and f"?p={post_id}<" in lines[number + 1]
    )


def huge_export(tmp_path):
    return export(
        tmp_path,
        item(1, "Pos Satu (Revisi)", "Isi baru."),
        item(900, "Perda Lengkap", f"<p>{HUGE}.</p>"),
        item(2, "Pos Dua", "Pos baru."),
        name="besar.xml",
    )


def test_a_post_too_long_to_store_stops_the_import_and_changes_nothing(tmp_path):
    run(export(tmp_path, item(1, "Pos Satu", "Isi lama."), name="lama.xml"))
    counts = (Article.objects.count(), Section.objects.count())
    before = snapshot()
    path = huge_export(tmp_path)

    with pytest.raises(CommandError) as error:
        run(path, "--batch-size", "1")

    message = str(error.value)
    assert f"pos 900 (baris {item_line(path, 900)})" in message
    assert "terlalu panjang" in message
    assert f"{MAX_TEXT_CHARS:,}".replace(",", ".") in message
    assert "Database tidak diubah" in message
    assert (Article.objects.count(), Section.objects.count()) == counts
    assert snapshot() == before


def test_the_command_exits_non_zero_with_a_message_not_a_traceback(tmp_path, capsys, monkeypatch):
    path = huge_export(tmp_path)
    # As manage.py runs it; its closing of the connections would end the test's transaction.
    monkeypatch.setattr(connections, "close_all", lambda: None)

    with pytest.raises(SystemExit) as exit_:
        ManagementUtility(["manage.py", "import_wordpress", str(path)]).execute()

    assert exit_.value.code == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert f"CommandError: {path}: pos 900 (baris {item_line(path, 900)})" in err
    assert not Article.objects.exists()


def test_skip_bad_skips_a_post_too_long_and_imports_the_rest(tmp_path):
    output = run(huge_export(tmp_path), "--skip-bad", "--batch-size", "1")

    assert set(Article.objects.values_list("legacy_id", flat=True)) == {1, 2}
    assert "Pos rusak dilewati: 1" in output
    assert "pos 900 (baris " in output


def test_topics_count_towards_the_limit(tmp_path):
    text = distinct_words(MAX_TEXT_CHARS - 200)[: MAX_TEXT_CHARS - 200]
    fits = item(901, "Pas", f"<p>{text}</p>")
    too_many_topics = item(
        902, "Lewat", f"<p>{text}</p>", tags=[(f"tag-{n}", f"Topik {n:03d} " * 4) for n in range(8)]
    )

    run(export(tmp_path, fits, name="pas.xml"))
    with pytest.raises(CommandError, match=r"pos 902 .*Artikel terlalu panjang"):
        run(export(tmp_path, too_many_topics, name="lewat.xml"))

    assert list(Article.objects.values_list("legacy_id", flat=True)) == [901]


def test_an_archive_article_too_long_is_refused_with_its_line(tmp_path):
    run_import()
    before = snapshot()
    page = tmp_path / "arsip.txt"
    text = (
        "Archives April 2025\n\n• Apr, Wed, 2025\n\nArtikel Biasa\n\nBagian\n\nIsi.\n\n"
        f"• Apr, Tue, 2025\n\nPerda Lengkap\n\nPembuka\n\nIsi pembuka.\n\nLampiran\n\n{HUGE}.\n"
    )
    page.write_text(text, encoding="utf-8")
    line = text.splitlines().index("Lampiran") + 1

    with pytest.raises(CommandError) as error:
        run_import(page=page, meta=None)

    message = str(error.value)
    assert message.startswith(f"{page}: baris {line}: artikel «Perda Lengkap»: Bagian terlalu")
    assert "bagian 2" in message
    assert message.endswith("Database tidak diubah.")
    assert snapshot() == before
