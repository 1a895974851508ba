"""Last-Modified and ETag for public pages, feeds and sitemaps, so crawlers can revalidate.

Every public page shows more than its own article (neighbours, related reading,
counts, month lists, tag names), so a page's freshness is the site's, its
*generation*:

- a counter that a PostgreSQL trigger bumps, in the same transaction, on every
  statement that changes what public pages can show: articles (drafts included,
  since unpublishing or deleting is a change), sections, tags, taggings,
  corrections, redirects and the search word list; whoever writes (admin, import,
  script, psql), and whatever the clocks of several app servers say;
- the newest publication time that has come: a scheduled article becoming public
  changes pages without anyone writing anything.

Both come from ONE query (a one-row table and one probe of ``article_public_idx``),
however big the archive is. The page cache (palopo_site/page_cache.py) keys pages on the
same generation, so it is never stale.
"""

import datetime
import hashlib
from functools import cache, wraps

from django.db import connections
from django.utils import timezone
from django.views.decorators.http import condition

from articles.models import Article
from palopo_site.db_router import PRIMARY, REPLICA, is_public_read

# Bump when templates change in a way every cached page should pick up.
RENDER_VERSION = "1"

# The one-row table articles_sitechange and the trigger that bumps it are in migration
# 0006_site_change, frozen there as SQL (written by hand: Django has no triggers, see
# articles/archive_counts.py). The trigger is statement-level, on every table whose
# rows public pages show: articles, sections, tags, taggings, corrections, slug and
# tag redirects, search words. An import batch of 500 articles bumps once per
# statement, not once per row. A table added to that list needs a new migration.


def site_generation(request):
    """(change counter, when it last changed, newest publication that has come).

    Cached on the request.
    """
    cached = getattr(request, "_site_generation", None)
    if cached is None:
        sql, params, now_at = generation_sql()
        params = list(params)
        params[now_at] = timezone.now()
        # From the database the page itself is read from: a citizen's page on a
        # lagging replica must not be stored under the primary's newer generation.
        alias = REPLICA if REPLICA in connections and is_public_read(request) else PRIMARY
        with connections[alias].cursor() as cursor:
            cursor.execute(sql, params)
            cached = cursor.fetchone() or (0, None, None)
        request._site_generation = cached
    return cached


@cache
def generation_sql():
    """The generation query, compiled by the ORM once per process.

    Building ``published()`` and compiling it on every request was a quarter of the
    CPU of a page served from the page cache. It is compiled with a marker time in
    place of "now", whose position in the parameters is returned with them.
    """
    marker = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
    newest = Article.objects.published(at=marker).order_by("-publish_at").values("publish_at")
    public_sql, params = newest[:1].query.sql_with_params()
    sql = f"SELECT counter, changed_at, ({public_sql}) FROM articles_sitechange WHERE id = 1"
    return sql, tuple(params), params.index(marker)


def generation_key(request):
    """The generation as text. The time is in it too: a counter started again from
    scratch (an emptied table) can never give an old page's key."""
    counter, changed_at, published = site_generation(request)
    return f"{counter}|{changed_at}|{published}"


def last_modified(request, *args, **kwargs):
    _, changed_at, published = site_generation(request)
    moments = [moment for moment in (changed_at, published) if moment is not None]
    return max(moments) if moments else None


def etag(request, *args, **kwargs):
    # Weak: the same content may come gzipped or not.
    key = f"{RENDER_VERSION}|{request.path}|{request.GET.urlencode()}|{generation_key(request)}"
    return "W/" + '"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'


def conditional_page(view):
    """Answers 304 to a matching If-None-Match / If-Modified-Since, else adds both headers.

    Syndication and sitemap views set their own Last-Modified from their newest
    entry, which misses unpublished and deleted ones; it is dropped so the
    site-wide one above is what clients revalidate against.
    """

    @wraps(view)
    def with_site_dates(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.has_header("Last-Modified"):
            del response.headers["Last-Modified"]
        return response

    return condition(etag_func=etag, last_modified_func=last_modified)(with_site_dates)
