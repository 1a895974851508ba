"""Renaming and merging tags without breaking a single old tag address."""

import reversion
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext

from articles.models import Article, Tag, TaggedArticle, TagRedirect
from articles.search.signals import deferred_search_refresh


@transaction.atomic
def merge_tags(sources: list[Tag], target: Tag) -> int:
    """Moves every article of ``sources`` to ``target`` and deletes the sources.

    Old addresses of the sources (and their own old addresses) answer 301 to the
    target. Each article that changed gets a revision (inside the caller's
    ``create_revision``) and a new version, so a form opened before the merge
    cannot put the old tag back. Returns how many articles changed.
    """
    with deferred_search_refresh():  # each article's words once, not once per tag link
        return _merge(sources, target)


def _merge(sources, target):
    source_ids = [tag.pk for tag in sources if tag.pk != target.pk]
    article_ids = set(
        TaggedArticle.objects.filter(tag_id__in=source_ids).values_list(
            "content_object_id", flat=True
        )
    )
    already = set(
        TaggedArticle.objects.filter(tag=target, content_object_id__in=article_ids).values_list(
            "content_object_id", flat=True
        )
    )
    TaggedArticle.objects.bulk_create(
        [TaggedArticle(tag=target, content_object_id=pk) for pk in article_ids - already]
    )
    TaggedArticle.objects.filter(tag_id__in=source_ids).delete()
    TagRedirect.objects.filter(tag_id__in=source_ids).update(tag=target)
    for tag in Tag.objects.filter(pk__in=source_ids):
        TagRedirect.objects.update_or_create(old_slug=tag.slug, defaults={"tag": target})
    Tag.objects.filter(pk__in=source_ids).delete()

    changed = Article.objects.filter(pk__in=article_ids)
    changed.update(version=F("version") + 1, updated_at=timezone.now())
    if reversion.is_active():
        names = ", ".join(tag.name for tag in sources)
        reversion.set_comment(
            gettext("Tag %(names)s digabung ke %(target)s")
            % {"names": names, "target": target.name}
        )
        for article in changed:
            reversion.add_to_revision(article)
    return len(article_ids)
