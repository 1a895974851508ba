"""Keeps ``Article.search_vector`` current whatever changes an article's words.

Connected in ``ArticlesConfig.ready``. The admin saves the article, then its
sections, then its tags; each step refreshes the vector, so the last one leaves it
right. Imports write many articles, sections and tags at once: inside
``deferred_search_refresh()`` the receivers only collect article ids, and each
article is refreshed once when the block ends.

The refresh also keeps the vocabulary current by comparing an article's stored vector
with its new one (``articles.search.index``). Two changes leave nothing to compare
with, so the stored stems are read just before them: a full save of an article (it
writes the instance's copy of the vector, often None, over the stored one) and the
deletion of a public article (checked once it has gone, so its words leave unless
another public article has them).
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from articles.models import Article, Section, Tag, TaggedArticle
from articles.search.index import refresh_search_vectors, stems_of


class _Pending:
    def __init__(self):
        self.ids = set()
        self.stems = set()


_pending: ContextVar[_Pending | None] = ContextVar("pending_search_refresh", default=None)


@contextmanager
def deferred_search_refresh():
    """Collects the articles whose words change inside the block; refreshes each once
    at its end (not when the block fails: its transaction is rolled back anyway)."""
    pending = _Pending()
    token = _pending.set(pending)
    try:
        yield
    finally:
        _pending.reset(token)
    refresh_search_vectors(pending.ids, pending.stems)


def refresh(article_ids, forgotten_stems=()):
    pending = _pending.get()
    if pending is None:
        refresh_search_vectors(article_ids, forgotten_stems)
    else:
        pending.ids.update(article_ids)
        pending.stems.update(forgotten_stems)


@receiver(pre_save, sender=Article, dispatch_uid="search_article_saving")
def article_saving(sender, instance, update_fields=None, **kwargs):
    """A full save writes the instance's own copy of ``search_vector`` (None in one made
    in Python, or older than the stored one) over the stored vector that the refresh
    compares with: its stems are read first, to be checked like the stems it loses."""
    if instance._state.adding or instance.pk is None:
        return
    if "search_vector" not in instance.__dict__:
        return  # deferred: a save leaves the stored vector alone
    if update_fields is not None and "search_vector" not in update_fields:
        return
    instance._search_stems = stems_of([instance.pk])


@receiver(post_save, sender=Article, dispatch_uid="search_article_saved")
def article_saved(sender, instance, **kwargs):
    # Title and status both matter: status decides whether its words may be suggested.
    refresh([instance.pk], instance.__dict__.pop("_search_stems", ()))


@receiver(pre_delete, sender=Article, dispatch_uid="search_article_deleting")
def article_deleting(sender, instance, **kwargs):
    # Only a public article's words are in the vocabulary; a trashed one (all that
    # the trash's "delete for good" deletes) lost them when it was trashed.
    if instance.is_public:
        instance._search_deleted_stems = stems_of([instance.pk])


@receiver(post_delete, sender=Article, dispatch_uid="search_article_deleted")
def article_deleted(sender, instance, **kwargs):
    # After the row is gone (with every other article of the same delete).
    if stems := getattr(instance, "_search_deleted_stems", None):
        refresh([], stems)


@receiver(post_save, sender=Section, dispatch_uid="search_section_saved")
@receiver(post_delete, sender=Section, dispatch_uid="search_section_deleted")
def section_changed(sender, instance, **kwargs):
    refresh([instance.article_id])


@receiver(m2m_changed, sender=TaggedArticle, dispatch_uid="search_tags_changed")
def tags_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """``article.tags.add/remove/set/clear`` (and the same from a tag's side)."""
    if action == "pre_clear" and reverse:
        # After the clear the tag no longer knows its articles: remember them now.
        instance._search_cleared_ids = list(
            TaggedArticle.objects.filter(tag=instance).values_list("content_object_id", flat=True)
        )
        return
    if not reverse or action not in ("post_add", "post_remove", "post_clear"):
        # From the article's side taggit writes and deletes TaggedArticle rows one by
        # one, and their own signals (tagging_changed below) refresh the article.
        return
    if action == "post_clear":
        refresh(getattr(instance, "_search_cleared_ids", []))
    else:
        refresh(pk_set or [])


@receiver(post_save, sender=TaggedArticle, dispatch_uid="search_tagged_saved")
@receiver(post_delete, sender=TaggedArticle, dispatch_uid="search_tagged_deleted")
def tagging_changed(sender, instance, **kwargs):
    # Rows written directly (the through model's own admin or scripts) skip m2m_changed.
    refresh([instance.content_object_id])


@receiver(post_save, sender=Tag, dispatch_uid="search_tag_renamed")
def tag_saved(sender, instance, created, **kwargs):
    if not created:
        refresh(
            TaggedArticle.objects.filter(tag=instance).values_list("content_object_id", flat=True)
        )


@receiver(pre_delete, sender=Tag, dispatch_uid="search_tag_deleting")
def tag_deleting(sender, instance, **kwargs):
    instance._search_article_ids = list(
        TaggedArticle.objects.filter(tag=instance).values_list("content_object_id", flat=True)
    )


@receiver(post_delete, sender=Tag, dispatch_uid="search_tag_deleted")
def tag_deleted(sender, instance, **kwargs):
    refresh(getattr(instance, "_search_article_ids", []))
