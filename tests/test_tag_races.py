"""Tag renames and merges against article saves running at the same moment, on two real
database connections (one per thread): no tagging is ever lost.

Each save is slowed down between reading its tags and writing its taggings, the window
in which a merge used to delete a tagging it had not seen.
"""

import threading
import time

import pytest
from django.db import connection

from articles import editorial
from articles.models import Article, Tag, TaggedArticle
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db(transaction=True)

PAUSE = 0.4  # seconds a save waits between resolving its tags and writing them


def in_thread(target, errors):
    def run():
        try:
            target()
        except Exception as error:  # reported by the test, not lost in the thread
            errors.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


@pytest.fixture
def slow_tag_writes(monkeypatch):
    """Makes editorial._write_tags pause after resolving the names, before writing."""
    original_resolve = editorial.resolve_tag
    started = threading.Event()

    def resolve_then_pause(name):
        tag = original_resolve(name)
        started.set()
        time.sleep(PAUSE)
        return tag

    monkeypatch.setattr(editorial, "resolve_tag", resolve_then_pause)
    return started


def tags_of(article):
    return set(
        TaggedArticle.objects.filter(content_object=article).values_list("tag__name", flat=True)
    )


def test_a_merge_during_a_save_moves_the_tag_the_editor_just_added(slow_tag_writes):
    article = ArticleFactory(title="Rapat Dengar Pendapat", tags=["DPRD"])
    ArticleFactory(title="Lain", tags=["Transportasi"])
    source, target = Tag.objects.get(name="Transportasi"), Tag.objects.create(name="Perhubungan")
    errors = []

    def save():
        fresh = Article.objects.get(pk=article.pk)
        editorial.save_article(fresh, tags=["DPRD", "Transportasi"], change_kind="kecil")

    saver = in_thread(save, errors)
    assert slow_tag_writes.wait(5)  # the save has read its tags and holds them
    merger = in_thread(lambda: editorial.merge_tags([source], target), errors)
    saver.join(10)
    merger.join(10)

    assert not errors, errors
    assert tags_of(article) == {"DPRD", "Perhubungan"}
    assert not Tag.objects.filter(name="Transportasi").exists()


def test_a_save_during_a_merge_follows_the_tag_to_where_it_went(monkeypatch):
    article = ArticleFactory(title="Laporan Reses", tags=["DPRD"])
    ArticleFactory(title="Lain", tags=["Transportasi"])
    source, target = Tag.objects.get(name="Transportasi"), Tag.objects.create(name="Perhubungan")
    merging = threading.Event()
    from articles import tagging

    original_move = tagging.move_taggings

    def slow_move(source_ids, to):
        merging.set()
        time.sleep(PAUSE)  # the merge holds the tags while the save arrives
        return original_move(source_ids, to)

    monkeypatch.setattr(tagging, "move_taggings", slow_move)
    errors = []
    merger = in_thread(lambda: editorial.merge_tags([source], target), errors)
    assert merging.wait(5)

    def save():
        fresh = Article.objects.get(pk=article.pk)
        # The form was opened before the merge: it still says "Transportasi".
        editorial.save_article(fresh, tags=["DPRD", "Transportasi"], change_kind="kecil")

    saver = in_thread(save, errors)
    merger.join(10)
    saver.join(10)

    assert not errors, errors
    assert tags_of(article) == {"DPRD", "Perhubungan"}  # not a new "Transportasi"
    assert not Tag.objects.filter(name="Transportasi").exists()


def test_a_rename_during_a_save_keeps_the_tagging(slow_tag_writes):
    article = ArticleFactory(title="Anggaran Perubahan")
    tag = Tag.objects.create(name="APBD", slug="apbd")
    errors = []

    def save():
        fresh = Article.objects.get(pk=article.pk)
        editorial.save_article(fresh, tags=["APBD"], change_kind="kecil")

    saver = in_thread(save, errors)
    assert slow_tag_writes.wait(5)
    renamer = in_thread(
        lambda: editorial.rename_tag(
            Tag.objects.get(pk=tag.pk), name="APBD Kota Palopo", slug="apbd-kota-palopo"
        ),
        errors,
    )
    saver.join(10)
    renamer.join(10)

    assert not errors, errors
    assert tags_of(article) == {"APBD Kota Palopo"}
    assert Tag.objects.count() == 1
