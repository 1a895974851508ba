"""Remembers an article's or a tag's old slug when it changes, so its old address keeps
answering.

Connected in ``ArticlesConfig.ready``; it runs for every save: admin, imports, scripts
and raw saves too (restoring an old revision can bring an old slug back).
The record points at the article or tag, so the old address answers 301 to wherever
it is now (``articles/redirects.py``). A slug given back, or taken by another, is live
again: its record goes, so a live address never redirects. A change of month needs no
record: the article's slug finds it under any month.
"""

from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from articles.models import Article, SlugRedirect, Tag, TagRedirect

# Whose slugs are remembered: the redirect model and its field pointing back.
HISTORY = {Article: (SlugRedirect, "article"), Tag: (TagRedirect, "tag")}


@receiver(pre_save, sender=Article, dispatch_uid="slug_history_before")
@receiver(pre_save, sender=Tag, dispatch_uid="tag_slug_history_before")
def remember_slug(sender, instance, update_fields=None, **kwargs):
    instance._slug_before_save = None
    if instance.pk is None or (update_fields is not None and "slug" not in update_fields):
        return
    instance._slug_before_save = (
        sender.objects.filter(pk=instance.pk).values_list("slug", flat=True).first()
    )


@receiver(post_save, sender=Article, dispatch_uid="slug_history_after")
@receiver(post_save, sender=Tag, dispatch_uid="tag_slug_history_after")
def record_slug_change(sender, instance, **kwargs):
    old_slug = getattr(instance, "_slug_before_save", None)
    if not old_slug or old_slug == instance.slug:
        return
    redirect_model, field = HISTORY[sender]
    redirect_model.objects.filter(old_slug=instance.slug).delete()
    redirect_model.objects.update_or_create(old_slug=old_slug, defaults={field: instance})
