"""Structured data for search engines: schema.org JSON-LD for articles and breadcrumbs.

Rendered with the same escaping as Django's ``json_script`` (<, > and & as \\u
escapes), so a title containing ``</script>`` cannot end the script element.
"""

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from palopo_site.canonical_origin import absolute

_JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld_script(data):
    """A ``<script type="application/ld+json">`` element, safe for any text inside."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(_JSON_SCRIPT_ESCAPES)),
    )


def council():
    """The author and publisher of every article."""
    return {
        "@type": "Organization",
        "name": settings.SITE_NAME,
        "url": absolute(reverse("articles:home")),
    }


def breadcrumb_list(crumbs):
    """``crumbs``: [(path, name), ...] from the home page to the current page."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": str(name),
                "item": absolute(path),
            }
            for position, (path, name) in enumerate(crumbs, start=1)
        ],
    }


def article_crumbs(article):
    local = timezone.localtime(article.publish_at)
    return [
        (reverse("articles:home"), _("Beranda")),
        (article.get_month_archive_url(), date_format(local, "F Y")),
        (article.get_absolute_url(), article.title),
    ]


def news_article(article, tags):
    url = absolute(article.get_absolute_url())
    published = timezone.localtime(article.publish_at).isoformat()
    modified = timezone.localtime(article.last_modified).isoformat()
    if article.publish_date_inferred:
        # A day inferred from a weekday-only listing, never a known time: the day alone
        # (schema.org's datePublished takes a Date as well as a DateTime). schema.org has
        # no way to mark a date as estimated; the page itself says it in words.
        published = timezone.localtime(article.publish_at).date().isoformat()
        if not article.is_updated:  # else a real change, at a known time
            modified = published
    return {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "description": article.get_summary(),
        "url": url,
        "mainEntityOfPage": url,
        "inLanguage": "id",
        "datePublished": published,
        "dateModified": modified,
        "author": council(),
        "publisher": council(),
        "keywords": [tag.name for tag in tags],
    }
