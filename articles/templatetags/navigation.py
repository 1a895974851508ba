"""Template tags for finding one's way: the month navigator and related reading."""

import datetime

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def month_navigator(context):
    """The archive's years and months with counts (one query), for archive sidebars.

    A view that read the month counts already passes them as ``month_counts``. The
    year of the archive page being shown lists its months (else the newest year).
    """
    from articles.month_navigator import month_navigator_html

    shown = context.get("day") or context.get("month") or context.get("year")
    year = shown.year if isinstance(shown, datetime.date) else None
    return month_navigator_html(context["request"].path, context.get("month_counts"), year)


@register.simple_tag
def related_to(article):
    """``{% related_to article as related_articles %}``: up to five, one query."""
    from articles.related import related_articles

    return related_articles(article)
