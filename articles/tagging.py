"""Moving taggings from tags merged away to the tag that stays, without losing an address.

The rule (who may merge, the revisions and the lock that orders it against saves)
is ``articles.editorial.merge_tags``; this is the data move it makes.
"""

from articles.models import Tag, TaggedArticle, TagRedirect


def move_taggings(source_ids: list[int], target: Tag) -> set[int]:
    """Moves every article of the source tags to ``target``, deletes the sources, and
    points their old addresses (and the addresses they had before) at ``target``.
    Returns the ids of the articles that were tagged with a source.

    The caller holds the tags lock alone, so no save adds a tagging to a source
    between reading the articles here and deleting the sources' taggings.
    """
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
    return article_ids
