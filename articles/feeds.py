"""RSS 2.0 (``/feed/``) and Atom (``/feed/atom/``) of the newest public articles, site-wide
and per tag (``/tag/<slug>/feed/``), with the full text of every section.

Items come from ``Article.objects.published()``, so a scheduled article enters the
feed when its time comes and a draft never does.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.formats import date_format
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from articles import archive_counts, redirects
from articles.models import Article, Tag
from palopo_site import canonical_origin

FEED_SIZE = 20
CONTENT_NAMESPACE = "http://purl.org/rss/1.0/modules/content/"


class FullTextRss(Rss201rev2Feed):
    """RSS 2.0 with the whole article in ``content:encoded`` next to the summary."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:content": CONTENT_NAMESPACE}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("content:encoded", item["content"])


class FullTextAtom(Atom1Feed):
    """Atom with the whole article as ``<content type="html">``."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("content", item["content"], {"type": "html"})


def full_text(article):
    """All sections, headings as <h2>; bodies are already clean (nh3 allow-list on save)."""
    return format_html_join(
        "\n",
        "{}{}",
        (
            (
                format_html("<h2>{}</h2>", section.heading) if section.heading else "",
                mark_safe(section.body),
            )
            for section in article.sections.all()
        ),
    )


def date_estimate(article):
    """What readers are told of a date inferred from a weekday-only listing, or "".

    RSS's pubDate and Atom's dates must be a full date and time, with no way to say
    "estimated", and readers show them as they are. So the note goes where readers show
    the article's words: first in the summary (list previews) and in the full text (the
    reading view). Not in the title: that is the article's name, shared and matched on,
    and it would change when staff confirm the date. Gone once the mark is cleared.
    """
    if not article.publish_date_inferred:
        return ""
    day = date_format(timezone.localtime(article.publish_at), "j F Y")
    return _("Tanggal terbit diperkirakan: sekitar %(day)s.") % {"day": day}


class LatestArticles(Feed):
    feed_type = FullTextRss
    language = "id"
    description = _("Artikel kebijakan terbaru Dewan Perwakilan Rakyat Daerah Kota Palopo.")

    def __call__(self, request, *args, **kwargs):
        # The id authority of entries (see item_guid) is this site's host name.
        self.domain = canonical_origin.origin()[2]
        return super().__call__(request, *args, **kwargs)

    def title(self, obj=None):
        return settings.SITE_NAME

    def link(self, obj=None):
        return reverse("articles:home")

    def feed_url(self, obj=None):
        return reverse("articles:feed")

    def articles(self, obj=None):
        return Article.objects.published()

    def items(self, obj=None):
        # with_lead: the summary comes with the item, not one query per item.
        return self.articles(obj).with_lead().prefetch_related("sections", "tags")[:FEED_SIZE]

    def item_title(self, article):
        return article.title

    def item_description(self, article):
        # The summary is plain text, but readers render <description> as HTML: escape it.
        summary = article.get_summary()
        if estimate := date_estimate(article):
            summary = f"({estimate}) {summary}"
        return escape(summary)

    def item_link(self, article):
        return article.get_absolute_url()

    def item_pubdate(self, article):
        return timezone.localtime(article.publish_at)

    def item_updateddate(self, article):
        return timezone.localtime(article.last_modified)

    def item_categories(self, article):
        return [tag.name for tag in article.sorted_tags()]

    def item_author_name(self, article):
        return settings.SITE_NAME

    def item_guid(self, article):
        # A tag URI (RFC 4151) from the id and the day it was created: it survives a
        # new slug or a corrected publication date, so readers never see it twice.
        return f"tag:{self.domain},{article.created_at:%Y-%m-%d}:artikel/{article.pk}"

    item_guid_is_permalink = False

    def item_extra_kwargs(self, article):
        content = full_text(article)
        if estimate := date_estimate(article):
            content = format_html("<p><em>{}</em></p>\n{}", estimate, content)
        return {"content": content}


class LatestArticlesAtom(LatestArticles):
    feed_type = FullTextAtom
    subtitle = LatestArticles.description

    def feed_url(self, obj=None):
        return reverse("articles:feed_atom")


class TagArticles(LatestArticles):
    """One topic's newest articles."""

    def __call__(self, request, slug):
        # The tag is looked up here, not in get_object, so that a renamed or merged
        # tag's feed answers 301 like its page instead of 404.
        request.feed_tag = Tag.objects.filter(slug=slug).first()
        if request.feed_tag is None:
            return redirects.moved_tag_redirect(slug, feed=True)
        if not archive_counts.tag_count(request.feed_tag):
            # Only unpublished articles use it: as its page, the feed is not there, and
            # its name says nothing to anyone.
            raise Http404(_("Topik tidak ditemukan."))
        return super().__call__(request, slug=slug)

    def get_object(self, request, slug):
        return request.feed_tag

    def title(self, tag):
        return _("%(site)s: topik %(tag)s") % {"site": settings.SITE_NAME, "tag": tag.name}

    def description(self, tag):
        return _("Artikel terbaru DPRD Kota Palopo tentang %(tag)s.") % {"tag": tag.name}

    def link(self, tag):
        return tag.get_absolute_url()

    def feed_url(self, tag):
        return reverse("articles:tag_feed", kwargs={"slug": tag.slug})

    def articles(self, tag):
        return Article.objects.published().filter(tagged_items__tag=tag)
