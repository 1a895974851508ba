"""Full-text search over public articles, in PostgreSQL's ``indonesian`` configuration.

The query side: what a search for some words finds, how it ranks and what it
suggests. The stored vectors it searches are built in ``articles.search.index``.

How a query becomes a tsquery (``parse_query``, one round trip to PostgreSQL):

1. ``websearch_to_tsquery`` reads what people type ("quoted phrase", -excluded, or).
   Its output is read back into a small tree (``Word``, ``Phrase``, ``And``, ``Or``,
   ``Not``), rebuilt as tsquery text, and passed back as a parameter: nothing typed
   ever becomes SQL.
2. Bounded work: a query of many short words ("pe or ke or me ...") would make every
   one of them a prefix matching most of the archive. At most ``MAX_TERMS`` distinct
   stems and ``MAX_ALTERNATIVES`` "or" alternatives are searched; the query is cut at
   the last word that fits (PostgreSQL parses every prefix in the same round trip)
   and the page names what was left out. Stems shorter than ``MIN_PREFIX_LENGTH``
   match only themselves, not as prefixes.
3. Word forms. The Indonesian Snowball stemmer leaves some word families split:
   "mengawasi" stems to ``awasi`` but "pengawasan" to ``awas``; "perencanaan" to
   ``encana`` but "rencana" to ``rencana``. PostgreSQL has no Indonesian dictionary
   to install without server files, so the query is widened instead: every stem
   matches as a prefix (``awas:*`` finds ``awasi``), and the few related stems the
   stemmer is known to split off (see ``_PARSE_SQL``) are added as alternatives when
   public articles use them (``SearchWord``).
4. Abbreviations (``SYNONYMS``): a typed abbreviation also finds its words as a
   phrase, and its words typed in order also find the abbreviation.

When all the words together find nothing, the page shows the articles that have any
of them (``ParsedQuery.any_tsquery``), those with the most of them first.
"""

import html
import json
import re
from dataclasses import dataclass, field

from django.db import DEFAULT_DB_ALIAS, connections, router
from django.db.models import BooleanField, IntegerField, Value
from django.db.models.expressions import RawSQL
from django.utils import timezone

from articles.models import Article, SearchWord
from articles.search.index import CONFIG, DOCUMENT_CTE

# Longer queries are cut: nobody types more, and it bounds the work per request.
MAX_QUERY_LENGTH = 200
# At most this many distinct stems are searched (a stem excluded with "-" counts too),
# and at most this many alternatives joined by "or"; the rest of the query is ignored.
# A search costs about one index scan per stem and its forms: eight keep the worst
# query near an ordinary one. Abbreviations add their own words (SYNONYMS, a few).
MAX_TERMS = 8
MAX_ALTERNATIVES = 4
# Stems shorter than this match only themselves: "di:*" would read every stem that
# starts with "di", most of the index.
MIN_PREFIX_LENGTH = 3
# Stems shorter than this are not widened: "pa" would match half the language.
MIN_WIDEN_LENGTH = 4
# Trigram similarity a word needs to be offered as "did you mean".
SUGGESTION_SIMILARITY = 0.35
# Markers for ts_headline's highlights; the snippet is escaped before they become <mark>.
MARK_START = "\x02"
MARK_STOP = "\x03"

# Abbreviations of council work and their words. A search for the abbreviation also
# finds articles that spell it out (the words together, in this order), and a search
# for the words (typed one after another, quoted or not) also finds the abbreviation.
# Both sides go through the stemmer, so "Peraturan Daerah" also finds "peraturan
# daerahnya". Plain data: add a line to add one. An excluded abbreviation ("-apbd")
# excludes its words too.
SYNONYMS = {
    "APBD": "Anggaran Pendapatan dan Belanja Daerah",
    "DPRD": "Dewan Perwakilan Rakyat Daerah",
    "Perda": "Peraturan Daerah",
    "Ranperda": "Rancangan Peraturan Daerah",
    "RDP": "Rapat Dengar Pendapat",
    "Pansus": "Panitia Khusus",
    "Banggar": "Badan Anggaran",
    "Pemkot": "Pemerintah Kota",
    "OPD": "Organisasi Perangkat Daerah",
    "Musrenbang": "Musyawarah Perencanaan Pembangunan",
    "LKPJ": "Laporan Keterangan Pertanggungjawaban",
}


def clean_query(text):
    """What we search for: at most MAX_QUERY_LENGTH characters, whitespace collapsed,
    never ending in a word cut in two (unless it is one long word)."""
    text = (text or "").replace("\x00", " ")
    text = " ".join(text.split())
    if len(text) > MAX_QUERY_LENGTH:
        cut = text[:MAX_QUERY_LENGTH]
        if text[MAX_QUERY_LENGTH] != " " and " " in cut:
            cut = cut.rsplit(" ", 1)[0]
        text = cut
    return text.strip()


def _read_connection():
    """The database search reads (the replica for citizens, see palopo_site.db_router)."""
    return connections[router.db_for_read(Article) or DEFAULT_DB_ALIAS]


# --- tsquery trees ---------------------------------------------------------------


@dataclass(frozen=True)
class Word:
    lexeme: str
    # An abbreviation or the words of one (SYNONYMS): matched as it is, never widened.
    exact: bool = False


@dataclass(frozen=True)
class Not:
    child: object


@dataclass(frozen=True)
class And:
    children: tuple


@dataclass(frozen=True)
class Or:
    children: tuple


@dataclass(frozen=True)
class Phrase:
    children: tuple
    gaps: tuple  # gaps[i]: the distance from children[i] to children[i + 1] (1 for <->)


_TOKEN = re.compile(r"\s*(?:'((?:[^'\\]|''|\\.)*)'(?::[*A-D]*)?|(<->|<\d+>|[&|!()]))")


def _unquote(text):
    return re.sub(r"\\(.)", r"\1", text.replace("''", "'"))


def _quote(lexeme):
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


class _TsqueryReader:
    """Reads the canonical tsquery text PostgreSQL prints (operators ! <-> & |, in that
    order of precedence, and parentheses) into a tree."""

    def __init__(self, text):
        self.tokens = []
        position = 0
        text = text.rstrip()
        while position < len(text):
            match = _TOKEN.match(text, position)
            if not match:
                raise ValueError(f"unexpected tsquery text at {position}: {text!r}")
            lexeme, operator = match.groups()
            self.tokens.append(("word", _unquote(lexeme)) if operator is None else ("op", operator))
            position = match.end()
        self.position = 0

    def peek(self):
        return self.tokens[self.position] if self.position < len(self.tokens) else (None, None)

    def take(self):
        token = self.peek()
        self.position += 1
        return token

    def read(self):
        if not self.tokens:
            return None
        tree = self.alternatives()
        if self.position != len(self.tokens):
            raise ValueError("trailing tsquery text")
        return tree

    def alternatives(self):
        children = [self.conjunction()]
        while self.peek() == ("op", "|"):
            self.take()
            children.append(self.conjunction())
        return children[0] if len(children) == 1 else Or(tuple(children))

    def conjunction(self):
        children = [self.phrase()]
        while self.peek() == ("op", "&"):
            self.take()
            children.append(self.phrase())
        return children[0] if len(children) == 1 else And(tuple(children))

    def phrase(self):
        children, gaps = [self.unary()], []
        while self.peek()[0] == "op" and self.peek()[1].startswith("<"):
            operator = self.take()[1]
            gaps.append(1 if operator == "<->" else int(operator[1:-1]))
            children.append(self.unary())
        return children[0] if len(children) == 1 else Phrase(tuple(children), tuple(gaps))

    def unary(self):
        kind, value = self.take()
        if kind == "word":
            return Word(value)
        if value == "!":
            return Not(self.unary())
        if value == "(":
            tree = self.alternatives()
            if self.take() != ("op", ")"):
                raise ValueError("unbalanced parentheses")
            return tree
        raise ValueError(f"unexpected {value!r}")


def read_tsquery(text):
    """The tree of a tsquery's text, or None for an empty one."""
    return _TsqueryReader(text or "").read()


def _words(tree):
    if tree is None:
        return
    if isinstance(tree, Word):
        yield tree
    elif isinstance(tree, Not):
        yield from _words(tree.child)
    else:
        for child in tree.children:
            yield from _words(child)


def _alternatives(tree):
    return list(tree.children) if isinstance(tree, Or) else [tree]


def _within_bounds(tree):
    return (
        len({word.lexeme for word in _words(tree)}) <= MAX_TERMS
        and len(_alternatives(tree)) <= MAX_ALTERNATIVES
    )


def _unique(children):
    """Children without repeats ("anggaran anggaran ..."), in their order."""
    return tuple(dict.fromkeys(children))


def _simplify(tree):
    if isinstance(tree, (And, Or)):
        children = _unique(_simplify(child) for child in tree.children)
        return children[0] if len(children) == 1 else type(tree)(children)
    if isinstance(tree, Not):
        return Not(_simplify(tree.child))
    if isinstance(tree, Phrase):
        return Phrase(tuple(_simplify(child) for child in tree.children), tree.gaps)
    return tree


# --- Abbreviations ----------------------------------------------------------------


class _Synonyms:
    """SYNONYMS as stems: {abbreviation stem: its words' stems}, and the reverse."""

    def __init__(self, pairs):
        self.expansion = {}
        for short, long in pairs:
            short_tree, long_tree = read_tsquery(short), read_tsquery(long)
            if not isinstance(short_tree, Word):
                continue
            words = [word.lexeme for word in _words(long_tree)]
            if len(words) >= 2:
                self.expansion[short_tree.lexeme] = tuple(words)
        # Longest first: "rancangan peraturan daerah" is Ranperda before it is Perda.
        self.by_length = sorted(self.expansion.items(), key=lambda item: -len(item[1]))

    def spelled_out(self, lexeme):
        return Phrase(
            tuple(Word(word, exact=True) for word in self.expansion[lexeme]),
            (1,) * (len(self.expansion[lexeme]) - 1),
        )

    def apply(self, tree):
        if isinstance(tree, Word):
            if not tree.exact and tree.lexeme in self.expansion:
                return Or((Word(tree.lexeme, exact=True), self.spelled_out(tree.lexeme)))
            return tree
        if isinstance(tree, Not):
            return Not(self.apply(tree.child))
        if isinstance(tree, Or):
            return Or(tuple(self.apply(child) for child in tree.children))
        if isinstance(tree, And):
            pieces = self._runs(tree.children, None)
            children = tuple(child for child, _start in pieces)
            return children[0] if len(children) == 1 else And(children)
        if isinstance(tree, Phrase):
            pieces = self._runs(tree.children, tree.gaps)
            children = tuple(child for child, _start in pieces)
            if len(children) == 1:
                return children[0]
            # Each piece keeps the distance that preceded its first word.
            return Phrase(children, tuple(tree.gaps[start - 1] for _child, start in pieces[1:]))
        return tree

    def _runs(self, children, gaps):
        """[(piece, index of its first child)]: the children, with each run of an
        abbreviation's words (adjacent, in a phrase) made "the run or the abbreviation".
        ``gaps`` is None for the words of an And (typed one after another)."""
        pieces, index = [], 0
        while index < len(children):
            for short, words in self.by_length:
                run = children[index : index + len(words)]
                inner = gaps[index : index + len(words) - 1] if gaps is not None else ()
                if (
                    len(run) == len(words)
                    and all(isinstance(c, Word) and not c.exact for c in run)
                    and tuple(c.lexeme for c in run) == words
                    and all(gap == 1 for gap in inner)
                ):
                    together = Phrase(tuple(run), inner) if gaps is not None else And(tuple(run))
                    pieces.append((Or((together, Word(short, exact=True))), index))
                    index += len(words)
                    break
            else:
                pieces.append((self.apply(children[index]), index))
                index += 1
        return pieces


# --- Rendering --------------------------------------------------------------------

_PRECEDENCE = {Or: 1, And: 2, Phrase: 3, Not: 4, Word: 5}


def _render(tree, alternatives, parent=0):
    def child(node, level):
        text = _render(node, alternatives, level)
        needs = _PRECEDENCE[type(node)] < level or (
            isinstance(node, Phrase) and level == _PRECEDENCE[Phrase]
        )
        return f"( {text} )" if needs else text

    if isinstance(tree, Word):
        if tree.exact:
            return _quote(tree.lexeme)
        forms = [tree.lexeme, *sorted(alternatives.get(tree.lexeme, ()))]
        quoted = [_quote(form) + (":*" if len(form) >= MIN_PREFIX_LENGTH else "") for form in forms]
        return quoted[0] if len(quoted) == 1 else "( " + " | ".join(quoted) + " )"
    if isinstance(tree, Not):
        return "!" + child(tree.child, _PRECEDENCE[Not])
    if isinstance(tree, Or):
        return " | ".join(child(c, _PRECEDENCE[Or] + 1) for c in tree.children)
    if isinstance(tree, And):
        return " & ".join(child(c, _PRECEDENCE[And] + 1) for c in tree.children)
    parts = [child(tree.children[0], _PRECEDENCE[Phrase])]
    for gap, node in zip(tree.gaps, tree.children[1:], strict=True):
        parts.append("<->" if gap == 1 else f"<{gap}>")
        parts.append(child(node, _PRECEDENCE[Phrase]))
    return " ".join(parts)


# --- Parsing a query ----------------------------------------------------------------

# Letters the meN-/peN- prefixes swallow ("menetapkan" from "tetap", "perencanaan"
# from "rencana"); the stemmer cannot put them back, so both forms are tried.
SWALLOWED_INITIALS = ["p", "t", "k", "s", "r"]

# One round trip:
# - PostgreSQL's reading of each prefix of the query that ends after a word (the
#   longest one within MAX_TERMS and MAX_ALTERNATIVES is searched);
# - for each stem, the related stems that public articles actually contain: the stem
#   without a last letter or two ("awasi" -> "awas"), without or with a swallowed first
#   letter ("tetap" <-> "etap"). Longer forms need no lookup: every stem is a prefix;
# - SYNONYMS read by the same configuration.
_PARSE_SQL = f"""
    SELECT (SELECT array_agg(websearch_to_tsquery('{CONFIG}', left(%(q)s, n))::text ORDER BY n)
            FROM unnest(%(ends)s::int[]) AS n),
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
           ), '[]'),
           (SELECT jsonb_agg(jsonb_build_array(plainto_tsquery('{CONFIG}', s.short)::text,
                                               phraseto_tsquery('{CONFIG}', s.long)::text))
            FROM unnest(%(shorts)s::text[], %(longs)s::text[]) AS s(short, long))
"""


# A prefix never ends with an operator: "a or" would search for the word "or".
_DANGLING = re.compile(r"(?:^|\s)(?:or|-+)$", re.IGNORECASE)


def _query_ends(text):
    """Where a prefix of the query may end: after each word. Ends at spaces come first
    in preference, so a cut never splits a typed word unless one word alone is too big
    ("a-b-c-d-e-f-g-h-i")."""
    at_spaces = [match.start() for match in re.finditer(" ", text)] + [len(text)]
    in_words = [match.end() for match in re.finditer(r"\w+", text)]
    ends = sorted(set(at_spaces) | set(in_words))
    ends = [end for end in ends if end == len(text) or not _DANGLING.search(text[:end])]
    return at_spaces, ends


@dataclass
class ParsedQuery:
    text: str = ""  # what is searched: the query, cut to the bounds
    tsquery: str = ""  # all of it
    # Any of its parts, when all together find nothing ("" for a query of one part, or
    # one that already asks for any: "a or b").
    any_tsquery: str = ""
    parts: list = field(default_factory=list)  # each part's tsquery, to rank by
    dropped: str = ""  # what was typed beyond the bounds, ignored
    terms: list = field(default_factory=list)  # the distinct stems typed (MAX_TERMS at most)


def parse_query(text):
    """What a person typed, as tsqueries (see the module docstring)."""
    text = clean_query(text)
    if not text:
        return ParsedQuery()
    at_spaces, ends = _query_ends(text)
    with _read_connection().cursor() as cursor:
        cursor.execute(
            _PARSE_SQL,
            {
                "q": text,
                "ends": ends,
                "initials": SWALLOWED_INITIALS,
                "shorts": list(SYNONYMS),
                "longs": list(SYNONYMS.values()),
            },
        )
        prefixes, related, synonyms = cursor.fetchone()
    # The longest prefix within the bounds; after the first that is not, the rest is
    # ignored even if a longer prefix would fit again.
    cut, cut_at_space, tree = None, None, None
    for end, tsquery in zip(ends, prefixes or [], strict=True):
        candidate = _simplify(read_tsquery(tsquery))
        if not _within_bounds(candidate):
            break
        cut = (end, candidate)
        if end in at_spaces:
            cut_at_space = cut
    chosen = cut_at_space or cut
    if chosen is None:
        return ParsedQuery(text=text)
    end, tree = chosen
    searched, dropped = text[:end].strip(), text[end:].strip()
    if tree is None:
        return ParsedQuery(text=searched, dropped=dropped)
    alternatives = {}
    # Django leaves jsonb as text (JSONField decodes it itself); so do we.
    for original, other in json.loads(related):
        alternatives.setdefault(original, set()).add(other)
    terms = list(dict.fromkeys(word.lexeme for word in _words(tree)))
    tree = _Synonyms(json.loads(synonyms or "[]")).apply(tree)
    parsed = ParsedQuery(
        text=searched, tsquery=_render(tree, alternatives), dropped=dropped, terms=terms
    )
    wanted, excluded = [], []
    for alternative in _alternatives(tree):
        for part in alternative.children if isinstance(alternative, And) else [alternative]:
            (excluded if isinstance(part, Not) else wanted).append(part)
    wanted = list(_unique(wanted))
    if len(wanted) >= 2:
        any_tree = Or(tuple(wanted))
        if excluded:
            any_tree = And((any_tree, *_unique(excluded)))
        any_tsquery = _render(any_tree, alternatives)
        if any_tsquery != parsed.tsquery:
            parsed.any_tsquery = any_tsquery
            parsed.parts = [_render(part, alternatives) for part in wanted]
    return parsed


def build_tsquery(text):
    """The tsquery text for what a person typed, or "" when it has no searchable word."""
    return parse_query(text).tsquery


# --- Results ----------------------------------------------------------------------

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

    ``parts`` (the fallback "any of the words"): with few matches, the articles that
    have more of the parts come first. With more than COUNT_CAP matches they are
    ranked like any common query, for the same reason as above.

    Sliced and counted by Django's Paginator like a queryset.
    """

    ordered = True  # for the Paginator: the order is fixed by page_queryset

    def __init__(self, tsquery_text, queryset=None, parts=()):
        self.tsquery = tsquery_text
        self.base = Article.objects.published() if queryset is None else queryset
        self.parts = list(parts)
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
            matches = self.matches().annotate(title_match=_condition(in_title, self.tsquery))
            order = ["-title_match", *newest]
            if len(self.parts) > 1:
                has_part = "(articles_article.search_vector @@ %s::tsquery)::int"
                matches = matches.annotate(
                    parts_matched=RawSQL(
                        " + ".join([has_part] * len(self.parts)),
                        self.parts,
                        output_field=IntegerField(),
                    )
                )
                order.insert(0, "-parts_matched")
            return matches.defer("search_vector").order_by(*order)[start:stop]
        in_titles = self.base.filter(_condition(in_title, self.tsquery)).order_by(*newest)
        titles = (
            in_titles.annotate(title_match=Value(True, output_field=BooleanField()))
            .defer("search_vector")
            .order_by(*newest)[:stop]
        )
        # The rest is read only when the title matches do not fill the page: a query
        # found (almost) only in titles would otherwise walk the whole archive looking
        # for others ("rdp", spelled out as a phrase that titles use).
        enough_sql, enough_params = in_titles.values("pk")[:stop].query.sql_with_params()
        titles_fill_the_page = RawSQL(
            f"(SELECT count(*) FROM ({enough_sql}) AS first_titles) < %s",
            [*enough_params, stop],
            output_field=BooleanField(),
        )
        others = (
            self.matches()
            .filter(titles_fill_the_page)
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


def search_articles(tsquery_text, queryset=None, parts=()):
    """The public articles matching ``tsquery_text``, ranked (see SearchResults)."""
    return SearchResults(tsquery_text, queryset, parts)


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
    with _read_connection().cursor() as cursor:
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

# A word the vocabulary knows is spelled right: it is kept as typed.
_SUGGEST_SQL = f"""
    SELECT q.word,
           (SELECT w.word FROM {SearchWord._meta.db_table} w
            -- %% (pg_trgm's default 0.3 threshold) lets the trigram index find candidates.
            WHERE w.word %% q.word AND w.word <> q.word
              AND similarity(w.word, q.word) >= %(limit)s
            ORDER BY similarity(w.word, q.word) DESC, w.word
            LIMIT 1)
    FROM unnest(%(words)s::text[]) AS q(word)
    WHERE NOT EXISTS (SELECT 1 FROM {SearchWord._meta.db_table} k WHERE k.word = q.word)
"""


@dataclass
class Suggestion:
    text: str
    count: int


def suggest(text, queryset=None):
    """A corrected query when a word looks mistyped, if the correction finds public articles.

    Candidate words come from public articles only (``articles.search.index``); the
    correction is also searched in ``published()`` before it is offered, so it never
    points at nothing (nor at a draft).
    """
    text = clean_query(text)
    words = [word.lower() for word in _WORD.findall(text) if len(word) >= 3]
    if not words:
        return None
    with _read_connection().cursor() as cursor:
        cursor.execute(_SUGGEST_SQL, {"words": words[:10], "limit": SUGGESTION_SIMILARITY})
        replacements = {word: better for word, better in cursor.fetchall() if better}
    if not replacements:
        return None
    corrected = _WORD.sub(lambda m: replacements.get(m.group(0).lower(), m.group(0)), text)
    tsquery_text = build_tsquery(corrected)
    if not tsquery_text:
        return None
    count = search_articles(tsquery_text, queryset).count()
    return Suggestion(corrected, count) if count else None
