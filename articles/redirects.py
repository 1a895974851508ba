"""Old and almost-right article addresses find their article.

When ``/YYYY/MM/<slug>/`` names no public article, in this order:

1. an old slug staff have since changed (``SlugRedirect``): 301 to the article's address
   now. The record points at the article, so the target is always its current address
   and no request needs two hops, however often the slug changed;
2. a slug that is almost right (a typo, a word dropped): trigram similarity (pg_trgm)
   against the public articles of the address's month. A *certain* match answers 301;
   otherwise the 404 page suggests the best one.

Bounded work, whatever the size of the archive and whatever the address (anyone can
send any slug, and every one is a page-cache miss):

- the similarity is computed for the articles of the address's own month only, one
  range of ``article_public_idx`` (at most a month of the council's articles: 709 at
  100,000 articles, 9-15 ms). A link's year and month are the article's (a moved
  article's slug is found by step 1 or by the article page itself), so the article
  meant is in that month. Asking the whole archive through the trigram GIN index
  cost 340-830 ms at 100,000 articles for a slug made of the words slugs use most
  (every trigram of such a slug is in tens of thousands of slugs), and still 46-53 ms
  with a similarity threshold of 0.7, growing with the archive;
- a slug longer than the month's longest by more than MAX_TYPO_EDITS can be no typo
  and no shortened link of any of them: a plain 404, without the similarity query.
  Knowing that length is a query of its own, asked only for slugs longer than
  ALWAYS_COMPARED (no slug of the council's is), so an ordinary typo stays at two
  queries; anything longer than a slug can be (SLUG_MAX_LENGTH) is a 404 at once.

docs/performance.md ("Worst requests at 100,000 articles") has the measurements.
"""

import datetime
import re

from django.contrib.postgres.search import TrigramSimilarity
from django.db.models import Max
from django.db.models.functions import Length
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from articles import archive_counts
from articles.models import Article, SlugRedirect, Tag, TagRedirect

# "Certain" means a citizen or a search engine loses nothing by being sent on without
# being asked. Similarity alone is not enough: measured with pg_trgm on the council's
# slugs, one missing letter keeps 0.86-0.91 and a dropped word 0.76-0.88, but two
# different articles score high too: "...-sektor-perhubungan-palopo" against
# "...-sektor-pendidikan-palopo" 0.69, "laporan-reses-2024" against "...-2025" 0.81,
# "perda-nomor-5-..." against "perda-nomor-6-..." 0.85. So a match is certain only when
# - its similarity is at least 0.6 and leads the runner-up by 0.1 (two about equally
#   close articles need a person to choose), and
# - the numbers (years, regulation numbers) are the same: a wrong number is another
#   document, never a typo we may correct, and
# - the difference is a typo (at most two letters added, missing, wrong or swapped) or
#   words left out of the right slug in their order (a link cut short).
# Anything less is a suggestion on the 404 page.
CERTAIN_SIMILARITY = 0.6
CERTAIN_LEAD = 0.1
MAX_TYPO_EDITS = 2
SLUG_MAX_LENGTH = Article._meta.get_field("slug").max_length
# pg_trgm's default threshold (the % operator's): less similar is no suggestion.
MIN_SIMILARITY = 0.3
# Typed slugs up to this long are compared without first asking how long the month's
# longest slug is (the council's longest is 57 characters): one query less for every
# ordinary typo, and comparing a slug this long with a month's articles is cheap.
ALWAYS_COMPARED = 80
_NUMBERS = re.compile(r"[0-9]+")


def moved_article(slug: str) -> Article | None:
    """The public article that used to have this slug."""
    found = (
        SlugRedirect.objects.filter(old_slug=slug, article__in=Article.objects.published())
        .select_related("article")
        .first()
    )
    return found.article if found else None


def month_articles(year: int, month: int):
    """The public articles of a WITA month: one range of ``article_public_idx``."""
    first = timezone.make_aware(datetime.datetime(year, month, 1))
    following = timezone.make_aware(datetime.datetime(year + month // 12, month % 12 + 1, 1))
    return Article.objects.published().filter(publish_at__gte=first, publish_at__lt=following)


def too_long(slug: str, candidates) -> bool:
    """Longer than every candidate's slug by more than a typo: no typo of any of them.

    Nor a link cut short (``_is_shortened`` needs it shorter than the slug it matches),
    so nothing could be certain, and a "suggestion" would be a guess.
    """
    if len(slug) <= ALWAYS_COMPARED:
        return False
    longest = candidates.aggregate(longest=Max(Length("slug")))["longest"]
    return longest is None or len(slug) > longest + MAX_TYPO_EDITS


def closest_articles(slug: str, candidates, limit: int = 2) -> list[Article]:
    """The ``candidates`` whose slug is most like ``slug``, best first, with ``similarity``.

    ``similarity() >=`` rather than pg_trgm's ``%``: the planner must read the month's
    range of ``article_public_idx``, never the trigram index over the whole archive.
    """
    return list(
        candidates.annotate(similarity=TrigramSimilarity("slug", slug))
        .filter(similarity__gte=MIN_SIMILARITY)
        .only("title", "slug", "publish_at")
        .order_by("-similarity", "-publish_at", "-pk")[:limit]
    )


def is_certain(slug: str, matches: list[Article]) -> bool:
    if not matches or matches[0].similarity < CERTAIN_SIMILARITY:
        return False
    if len(matches) > 1 and matches[0].similarity - matches[1].similarity < CERTAIN_LEAD:
        return False
    found = matches[0].slug
    if _NUMBERS.findall(slug) != _NUMBERS.findall(found):
        return False
    return is_typo(slug, found) or _is_shortened(slug, found)


def _is_shortened(slug: str, found: str) -> bool:
    """The request's words are the slug's words with some left out, in their order."""
    remaining = iter(found.split("-"))
    return all(word in remaining for word in slug.split("-"))


def is_typo(typed: str, right: str) -> bool:
    """At most MAX_TYPO_EDITS letters added, missing, wrong or swapped with a neighbour.

    The optimal-string-alignment distance, by hand: a dozen lines on two strings of at
    most 255 characters, run once per 404, where a dependency (or the fuzzystrmatch
    extension and a migration) would buy nothing more.
    """
    if abs(len(typed) - len(right)) > MAX_TYPO_EDITS:
        return False
    before, previous = [], list(range(len(right) + 1))
    for i, a in enumerate(typed, start=1):
        current = [i]
        for j, b in enumerate(right, start=1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a != b))
            if i > 1 and j > 1 and a == right[j - 2] and typed[i - 2] == b:
                cost = min(cost, before[j - 2] + 1)  # two neighbours swapped
            current.append(cost)
        if min(current) > MAX_TYPO_EDITS:
            return False
        before, previous = previous, current
    return previous[-1] <= MAX_TYPO_EDITS


def article_not_found(request, slug: str, year: int, month: int):
    """A 301 to the article ``slug`` most surely meant, or a 404 suggesting one.

    ``year`` and ``month`` are the address's: the similar slugs looked at are that
    month's.
    """
    if len(slug) > SLUG_MAX_LENGTH:
        raise Http404(_("Artikel tidak ditemukan."))  # no slug is that long: skip the search
    article = moved_article(slug)
    if article is not None:
        return redirect(article, permanent=True)
    candidates = month_articles(year, month)
    if too_long(slug, candidates):
        raise Http404(_("Artikel tidak ditemukan."))
    matches = closest_articles(slug, candidates)
    if is_certain(slug, matches):
        return redirect(matches[0], permanent=True)
    if matches:
        # Read by templates/404.html ("Mungkin maksud Anda: ...").
        request.suggested_article = matches[0]
    raise Http404(_("Artikel tidak ditemukan."))


def category_redirect(request, slug: str, page: int | None = None, feed: bool = False, **kwargs):
    """WordPress's ``/category/<slug>/`` (its pages and feed): 301 to the same tag.

    Categories became tags, keeping their slugs. A child category's address
    (``/category/<parent>/<slug>/``) goes to the child's tag. A tag renamed since has
    a ``TagRedirect``; following it here keeps it to one hop. No such tag: 404.
    """
    tag = Tag.objects.filter(slug=slug).first()
    if tag is None:
        return moved_tag_redirect(slug, page, feed)
    if not archive_counts.tag_count(tag):  # only unpublished articles use it: as its page
        raise Http404(_("Topik tidak ditemukan."))
    return redirect(tag_address(tag, page, feed), permanent=True)


def moved_tag_redirect(old_slug: str, page: int | None = None, feed: bool = False):
    """A renamed or merged tag's old address (its page N, its feed): 301 to the tag it
    became, in one hop. Not a tag that moved: 404."""
    moved = TagRedirect.objects.filter(old_slug=old_slug).select_related("tag").first()
    if moved is None:
        raise Http404(_("Topik tidak ditemukan."))
    return redirect(tag_address(moved.tag, page, feed), permanent=True)


def tag_address(tag, page: int | None = None, feed: bool = False) -> str:
    if feed:
        return reverse("articles:tag_feed", kwargs={"slug": tag.slug})
    if page and page > 1:
        return reverse("articles:tag_detail_page", kwargs={"slug": tag.slug, "page": page})
    return tag.get_absolute_url()
