"""Tells the page cache when an article leaves the public site, whoever made it leave.

Connected in ``ArticlesConfig.ready``, so the admin, the editorial functions, imports
and scripts all count. After the change commits, ``note_withdrawal`` stops every last
copy stored before it from being served during a database outage: a withdrawn or
trashed article must not come back from a copy.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from articles.models import Article
from palopo_site.page_cache import note_withdrawal


@receiver(pre_save, sender=Article, dispatch_uid="withdrawal_before")
def remember_public(sender, instance, **kwargs):
    instance._was_public = (
        instance.pk is not None and Article.objects.published().filter(pk=instance.pk).exists()
    )


@receiver(post_save, sender=Article, dispatch_uid="withdrawal_after")
def note_if_withdrawn(sender, instance, **kwargs):
    if getattr(instance, "_was_public", False) and not instance.is_public:
        transaction.on_commit(note_withdrawal)


@receiver(post_delete, sender=Article, dispatch_uid="withdrawal_deleted")
def note_if_deleted(sender, instance, **kwargs):
    if instance.is_public:  # a trashed one was noted when it left
        transaction.on_commit(note_withdrawal)
