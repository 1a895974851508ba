"""Full-text search over public articles, in PostgreSQL's ``indonesian`` configuration.

The query side: what a search for some words finds, how it ranks and what it
suggests. The stored vectors it searches are built in ``articles.search.index``.

The Indonesian Snowball stemmer leaves some word families split: "mengawasi" stems
to ``awasi`` but "pengawasan" to ``awas``; "perencanaan" to ``encana`` but
"rencana" to ``rencana``. PostgreSQL has no Indonesian dictionary to install
without server files, so the query is widened instead: every stem matches as a
prefix (``awas:*`` finds ``awasi``), and the few related stems the stemmer is known
to split off (see ``_PARSE_SQL``) are added as alternatives when public articles
use them (``SearchWord``).
"""

import html
import json
import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import BooleanField, Value
from django.db.models.expressions import RawSQL
from django.utils import timezone

from articles.models import Article
from articles.search.index import CONFIG, DOCUMENT_CTE

# Longer queries are cut: nobody types more, and it bounds the work per request.
MAX_QUERY_LENGTH = 200
# Stems shorter than this are not widened: "pa" would match half the language.
MIN_WIDEN_LENGTH = 4
# Trigram similarity a word needs to be offered as "did you mean".
SUGGESTION_SIMILARITY = 0.35
# Markers for ts_headline's highlights; the snippet is escaped before they become <mark>.
MARK_START = "\x02"
MARK_STOP = "\x03"

# --- Query building -----------------------------------------------------------

_LEXEME = re.compile(r"'((?:[^']|'')*)'(:\*?[A-D]*)?")


def clean_query(text):
    """What we search for: at most MAX_QUERY_LENGTH characters, whitespace collapsed."""
    text = (text or "").replace("\x00", " ")
    text = " ".join(text.split())
    return text[:MAX_QUERY_LENGTH].strip()


# Letters the meN-/peN- prefixes swallow ("menetapkan" from "tetap", "perencanaan"
# from "rencana"); the stemmer cannot put them back, so both forms are tried.
SWALLOWED_INITIALS = ["p", "t", "k", "s", "r"]

# One round trip: PostgreSQL's reading of the query, and for each of its stems the
# related stems that public articles actually contain: the stem without a last
# letter or two ("awasi" -> "awas"), without or with a swallowed first letter
# ("tetap" <-> "etap"). Longer forms need no lookup: every stem matches as a prefix.
_PARSE_SQL = f"""
    SELECT websearch_to_tsquery('{CONFIG}', %(q)s)::text,
           coalesce((
               SELECT jsonb_agg(DISTINCT jsonb_build_array(q.lexeme, w.lexeme))
               FROM unnest(to_tsvector('{CONFIG}', %(q)s)) AS q
               JOIN articles_searchword w
                 ON length(q.lexeme) >= {MIN_WIDEN_LENGTH}
                AND length(w.lexeme) >= {MIN_WIDEN_LENGTH}
                AND w.lexeme <> q.lexeme
                AND w.lexeme = ANY(
                    ARRAY[left(q.lexeme, -1), left(q.lexeme, -2),
                          CASE WHEN left(q.lexeme, 1) = ANY(%(initials)s::text[])
                               THEN substr(q.lexeme, 2) END]
                    || ARRAY(SELECT i || q.lexeme FROM unnest(%(initials)s::text[]) AS i))
           ), '[]')
"""


def build_tsquery(text):
    """The tsquery text for what a person typed, or "" when it has no searchable word.

    ``websearch_to_tsquery`` understands the syntax people use ("quoted phrase",
    -excluded, or); each of its stems is then made a prefix and joined with the
    related stems found in public articles. Built from PostgreSQL's own output and
    passed back as a parameter, so nothing typed ever becomes SQL.
    """
    text = clean_query(text)
    if not text:
        return ""
    with connection.cursor() as cursor:
        cursor.execute(_PARSE_SQL, {"q": text, "initials": SWALLOWED_INITIALS})
        tsquery, related = cursor.fetchone()
    if not tsquery:
        return ""
    alternatives = {}
    # Django leaves jsonb as text (JSONField decodes it itself); so do we.
    for original, other in json.loads(related):
        alternatives.setdefault(original, set()).add(other)

    def widen(match):
        lexeme = match.group(1).replace("''", "'")
        forms = [lexeme, *sorted(alternatives.get(lexeme, ()))]
        quoted = [f"'{form.replace(chr(39), chr(39) * 2)}':*" for form in forms]
        return quoted[0] if len(quoted) == 1 else "(" + " | ".join(quoted) + ")"

    return _LEXEME.sub(widen, tsquery)


# Exactly the expression of the article_title_search_idx index, so PostgreSQL uses it.
TITLE_VECTOR_SQL = f"to_tsvector('{CONFIG}'::regconfig, COALESCE(articles_article.title, ''))"
# Counting every match of a word nearly all articles use would read them all; past
# this many the page says "more than 1,000" (100 pages of results are plenty).
COUNT_CAP = 1000


def _condition(sql, tsquery_text):
    return RawSQL(sql, [tsquery_text], output_field=BooleanField())


class SearchResults:
    """Public articles matching a query: title matches first, then the rest, newest first.

    Ranking by ``ts_rank`` would compute a score for every match before the first
    page could be shown; on a big archive a common word matches most articles and
    that takes seconds. Both tiers are instead read newest first, a page at a time,
    along the publication index, so a page costs about the same for any common
    query. A query with few matches (under COUNT_CAP) is read through the GIN index
    instead and sorted whole.

    Sliced and counted by Django's Paginator like a queryset.
    """

    ordered = True  # for the Paginator: the order is fixed by page_queryset

    def __init__(self, tsquery_text, queryset=None):
        self.tsquery = tsquery_text
        self.base = Article.objects.published() if queryset is None else queryset
        self.total = None
        self.capped = False

    def matches(self):
        return self.base.filter(
            _condition("articles_article.search_vector @@ %s::tsquery", self.tsquery)
        )

    def count_queryset(self):
        return self.matches().order_by()[: COUNT_CAP + 1]

    def count(self):
        if self.total is None:
            self.total = self.count_queryset().count()
            self.capped = self.total > COUNT_CAP
        return min(self.total, COUNT_CAP)

    def page_queryset(self, start, stop):
        in_title = f"{TITLE_VECTOR_SQL} @@ %s::tsquery"
        newest = ("-publish_at", "-pk")
        self.count()
        if not self.capped:
            # Few matches: fetch them all through the GIN index and sort them. Walking
            # the publication index would read the whole archive to find a rare word.
            return (
                self.matches()
                .annotate(title_match=_condition(in_title, self.tsquery))
                .defer("search_vector")
                .order_by("-title_match", *newest)[start:stop]
            )
        titles = (
            self.base.filter(_condition(in_title, self.tsquery))
            .annotate(title_match=Value(True, output_field=BooleanField()))
            .defer("search_vector")
            .order_by(*newest)[:stop]
        )
        others = (
            self.matches()
            .filter(_condition(f"NOT ({in_title})", self.tsquery))
            .annotate(title_match=Value(False, output_field=BooleanField()))
            .defer("search_vector")
            .order_by(*newest)[:stop]
        )
        return titles.union(others, all=True).order_by("-title_match", *newest)[start:stop]

    def __getitem__(self, key):
        if not isinstance(key, slice) or key.step is not None:
            raise TypeError("SearchResults takes slices without a step")
        start, stop = key.start or 0, key.stop
        if stop is None or stop <= start:
            return []
        return list(self.page_queryset(start, stop))


def search_articles(tsquery_text, queryset=None):
    """The public articles matching ``tsquery_text``, ranked (see SearchResults)."""
    return SearchResults(tsquery_text, queryset)


_HEADLINE_SQL = f"""
    SELECT a.id,
           ts_headline('{CONFIG}', doc.body, %(query)s::tsquery,
                       'StartSel={MARK_START}, StopSel={MARK_STOP}, MaxFragments=2,
                        MaxWords=28, MinWords=12, FragmentDelimiter=" … "')
    FROM articles_article a JOIN doc ON doc.id = a.id
"""


def snippets(article_ids, tsquery_text):
    """{article id: snippet HTML} with the matched words in <mark>, for one page of results.

    One query for the whole page; the text is taken out of its HTML, escaped, and
    only our own markers become markup.
    """
    ids = list(article_ids)
    if not ids or not tsquery_text:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH {DOCUMENT_CTE} {_HEADLINE_SQL}",
            {"ids": ids, "now": timezone.now(), "query": tsquery_text},
        )
        rows = cursor.fetchall()
    return {pk: mark_snippet(text) for pk, text in rows}


def mark_snippet(text):
    plain = html.escape(" ".join(html.unescape(text or "").split()), quote=False)
    return plain.replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>")


# --- Did you mean -------------------------------------------------------------

_WORD = re.compile(r"\w+", re.UNICODE)

_SUGGEST_SQL = """
    SELECT q.word,
           (SELECT w.word FROM articles_searchword w
            -- %% (pg_trgm's default 0.3 threshold) lets the trigram index find candidates.
            WHERE w.word %% q.word AND w.word <> q.word
              AND similarity(w.word, q.word) >= %(limit)s
            ORDER BY similarity(w.word, q.word) DESC, w.word
            LIMIT 1)
    FROM unnest(%(words)s::text[]) AS q(word)
"""


@dataclass
class Suggestion:
    text: str
    count: int


def suggest(text, queryset=None):
    """A corrected query when a word looks mistyped, if the correction finds public articles.

    Candidate words come from public articles only; the correction is also searched
    in ``published()`` before it is offered, so it never points at nothing (nor at a
    draft).
    """
    words = [word.lower() for word in _WORD.findall(clean_query(text)) if len(word) >= 3]
    if not words:
        return None
    with connection.cursor() as cursor:
        cursor.execute(_SUGGEST_SQL, {"words": words[:10], "limit": SUGGESTION_SIMILARITY})
        replacements = {word: better for word, better in cursor.fetchall() if better}
    if not replacements:
        return None
    corrected = _WORD.sub(
        lambda m: replacements.get(m.group(0).lower(), m.group(0)), clean_query(text)
    )
    tsquery_text = build_tsquery(corrected)
    if not tsquery_text:
        return None
    count = search_articles(tsquery_text, queryset).count()
    return Suggestion(corrected, count) if count else None
