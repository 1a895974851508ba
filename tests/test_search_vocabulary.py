"""The "did you mean" vocabulary holds only words of public articles, after every change.

Words are added when an article is public and leave when no public article has them
any more: trashed, withdrawn, scheduled for later, deleted, edited or re-imported
(articles/search/index.py).
"""

import datetime
import io

import pytest
from django.core.management import call_command

from articles import editorial
from articles.models import Article, SearchWord
from articles.search import index
from tests.factories import ArticleFactory, DraftFactory, wita

pytestmark = pytest.mark.django_db


def vocabulary():
    return set(SearchWord.objects.values_list("word", flat=True))


def has(word):
    return SearchWord.objects.filter(word=word).exists()


@pytest.fixture
def common():
    """A public article with ordinary council words, so suggestions have something."""
    return ArticleFactory(
        title="Anggaran Pendidikan Kota",
        sections=[("", "<p>Dewan membahas anggaran sekolah dasar.</p>")],
        publish_at=wita(2025, 4, 1),
    )


def secret_article(**kwargs):
    return ArticleFactory(
        title="Catatan Rapat Tertutup",
        sections=[("", "<p>Kata trashsecret hanya di sini. Juga zirkonium.</p>")],
        publish_at=wita(2025, 4, 2),
        **kwargs,
    )


def test_the_reported_case_a_trashed_articles_word_is_not_suggested(client, common):
    """/cari/?q=trashsecre+or+angaran suggested "trashsecret", a word only in the trash."""
    article = secret_article()
    assert has("trashsecret")

    editorial.trash([article])

    assert not has("trashsecret") and not has("zirkonium")
    html = client.get("/cari/", {"q": "trashsecre or angaran"}).content.decode()
    assert "trashsecret" not in html
    assert "Mungkin maksud Anda:" in html and ">trashsecre or anggaran</a>" in html


def test_restoring_from_the_trash_brings_the_words_back(common):
    article = secret_article()
    editorial.trash([article])
    editorial.restore_from_trash([article])
    assert has("trashsecret")


def test_a_withdrawn_article_loses_its_words(common):
    article = secret_article()
    editorial.unpublish([article])
    assert not has("trashsecret")
    assert has("anggaran")


def test_a_draft_never_adds_words_and_publishing_it_does(common):
    draft = DraftFactory(sections=[("", "<p>Rancangan memuat kata obsidian.</p>")])
    assert not has("obsidian")
    editorial.publish([draft])
    assert has("obsidian")


def test_a_public_article_moved_to_a_later_time_loses_its_words(common, pinned_clock):
    article = secret_article()
    article.refresh_from_db()
    later = wita(2025, 6, 5, 9)

    editorial.save_article(article, publication=editorial.Publication.PUBLISHED, publish_at=later)

    assert Article.objects.get(pk=article.pk).status == Article.Status.PUBLISHED
    assert not has("trashsecret")
    # Its words are not suggested before its time; they join when it is next saved
    # after that (or at manage.py refresh_search).
    pinned_clock.move_to(later + datetime.timedelta(minutes=1))
    article.refresh_from_db()
    article.save()
    assert has("trashsecret")


def test_a_scheduled_article_joins_at_a_rebuild_after_its_time(common, pinned_clock):
    ArticleFactory(
        sections=[("", "<p>Kata jadwal sinarbulan muncul besok.</p>")],
        publish_at=wita(2025, 6, 2, 9),
    )
    assert not has("sinarbulan")
    pinned_clock.move_to(wita(2025, 6, 2, 10))
    call_command("refresh_search", stdout=io.StringIO())
    assert has("sinarbulan")


def test_deleting_articles_for_good_removes_their_words(common):
    trashed, public = (
        secret_article(),
        ArticleFactory(
            title="Laporan Pertambangan",
            sections=[("", "<p>Tambang batu kapur di pinggiran kota.</p>")],
        ),
    )
    editorial.trash([trashed])
    editorial.purge([trashed])
    assert not Article.objects.filter(pk=trashed.pk).exists()
    assert not has("trashsecret")

    # Deleted while public (a script, the admin's delete): its words go with it.
    public.delete()
    assert not has("pertambangan") and not has("kapur")
    assert has("anggaran")


def test_deleting_two_articles_that_share_a_word_removes_it(common):
    first = ArticleFactory(sections=[("", "<p>Kata kembar ametis.</p>")])
    second = ArticleFactory(sections=[("", "<p>Ametis juga di sini.</p>")])
    Article.objects.filter(pk__in=[first.pk, second.pk]).delete()
    assert not has("ametis")


def test_an_edit_that_removes_a_word_removes_it(client, common):
    article = secret_article()
    section = article.sections.get()
    section.body = "<p>Kata trashsecret dihapus; tinggal zirkonium.</p>"
    section.save()
    assert has("zirkonium") and has("tinggal")
    section.body = "<p>Hanya zirkonium.</p>"
    section.save()
    assert not has("trashsecret") and not has("dihapus")

    article.title = "Catatan Rapat"
    article.save()
    assert not has("tertutup")
    assert client.get("/cari/", {"q": "tertutp"}).content.decode().count("tertutup") == 0


def test_tags_words_follow_the_tags(common):
    article = ArticleFactory(tags=["perikanan darat"])
    assert has("perikanan")
    article.tags.clear()
    assert not has("perikanan")


def test_a_word_another_public_article_uses_stays(common):
    first = secret_article()
    ArticleFactory(sections=[("", "<p>Laporan zirkonium dari tambang.</p>")])
    editorial.trash([first])
    assert has("zirkonium")
    assert not has("trashsecret")


def test_a_word_only_a_trashed_or_draft_article_shares_goes(common):
    """The check is against public articles: a draft with the word does not keep it."""
    public = secret_article()
    DraftFactory(sections=[("", "<p>Draf juga memuat zirkonium.</p>")])
    editorial.trash([public])
    assert not has("zirkonium")


def write_page(path, word):
    path.write_text(
        "DPRD Palopo\n\nLoading\n\nArchives April 2025\n\n"
        "• Apr, Wed, 2025\n\nRapat Kerja Komisi Lingkungan\n\nPembuka\n\n"
        f"Komisi meninjau {word} di tepi sungai.\n",
        encoding="utf-8",
    )


def test_an_import_adds_words_and_a_re_import_that_changes_the_text_removes_them(tmp_path):
    page = tmp_path / "arsip.txt"
    write_page(page, "tambak")
    call_command("import_archive", str(page), stdout=io.StringIO())
    assert has("tambak") and has("lingkungan")

    write_page(page, "bendungan")
    call_command("import_archive", str(page), "--update", stdout=io.StringIO())
    assert has("bendungan")
    assert not has("tambak")


def test_incremental_upkeep_gives_the_vocabulary_a_rebuild_gives(common, pinned_clock):
    """After a mixed run of changes the vocabulary is what rebuilding it from nothing
    (the words of public articles) gives."""
    kept = secret_article()
    withdrawn = ArticleFactory(sections=[("", "<p>Mangrove pesisir Wara.</p>")])
    trashed = ArticleFactory(title="Terminal Dangerke", tags=["perhubungan laut"])
    draft = DraftFactory(sections=[("", "<p>Draf tentang rumput laut.</p>")])
    editorial.unpublish([withdrawn])
    editorial.trash([trashed])
    section = kept.sections.get()
    section.body = "<p>Sisa kata zirkonium.</p>"
    section.save()
    draft.title = "Draf Baru"
    draft.save()
    incremental = vocabulary()

    index.rebuild_search_words()

    assert vocabulary() == incremental
    assert "mangrove" not in incremental and "dangerke" not in incremental
    assert "trashsecret" not in incremental and "rumput" not in incremental


def test_leaving_public_costs_a_fixed_number_of_statements(django_assert_max_num_queries, common):
    """The refresh itself (after the article's save): the vectors and new words in one
    statement; when stems were lost, their rows locked and checked in two more."""
    articles = [
        ArticleFactory(sections=[("", f"<p>Kata unik{chr(97 + n)}kata nomor {n}.</p>")])
        for n in range(5)
    ]
    with django_assert_max_num_queries(1):
        index.refresh_search_vectors([article.pk for article in articles])
    Article.objects.filter(pk__in=[a.pk for a in articles]).update(deleted_at=wita(2025, 5, 1))
    with django_assert_max_num_queries(3):
        index.refresh_search_vectors([article.pk for article in articles])
    assert not has("unikakata")
