"""Further reading: related articles and the month-archive navigator, in one query each."""

from dataclasses import dataclass, field

from django.db.models import Count, F, Value
from django.db.models.functions import Greatest
from django.utils import timezone

from articles.models import Article, TaggedArticle

RELATED_COUNT = 5


def related_articles(article, count=RELATED_COUNT):
    """Public articles sharing the most tags with this one, then the closest in date.

    One query: the join to the tags this article has both filters and counts
    (``shared``); the time between the two publications breaks ties.
    """
    own_tags = TaggedArticle.objects.filter(content_object_id=article.pk).values("tag_id")
    at = Value(article.publish_at)
    return list(
        Article.objects.published()
        .exclude(pk=article.pk)
        .filter(tagged_items__tag_id__in=own_tags)
        .annotate(
            shared=Count("tagged_items"),
            distance=Greatest(F("publish_at") - at, at - F("publish_at")),
        )
        .only("title", "slug", "publish_at")
        .order_by("-shared", "distance", "-pk")[:count]
    )


@dataclass
class YearOfArchive:
    year: int
    count: int = 0
    months: list = field(default_factory=list)


def month_navigator():
    """Years, newest first, each with its months and counts, from ONE grouped query."""
    years = []
    for row in Article.objects.published().month_counts():
        month = timezone.localtime(row["month"])
        if not years or years[-1].year != month.year:
            years.append(YearOfArchive(month.year))
        years[-1].count += row["count"]
        years[-1].months.append({"month": month, "count": row["count"]})
    return years
