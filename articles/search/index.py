"""The stored search vector of each article, and the "did you mean" vocabulary.

Each article keeps a ``search_vector`` (GIN-indexed): title (weight A), section
headings (B), tags (C) and section text (D). ``refresh_search_vectors`` rebuilds it; the
signal handlers in ``articles.search.signals`` call it whenever an article, a section or
an article's tags change, and bulk imports call it directly.

The vocabulary (``SearchWord``)
-------------------------------
It feeds "did you mean" and the widening of split stems (``articles.search.query``),
so it may hold only words that public articles use: a word of a draft, a trashed or a
withdrawn article must never be offered. The same refresh that rebuilds an article's
vector keeps it current:

- the words of an article that is public now are added (``ON CONFLICT DO NOTHING``);
- the stems of its previous vector that its new public text no longer has (all of
  them when it is trashed, withdrawn, scheduled or deleted; the few an edit removed
  otherwise) are checked against the other public articles, and the words of a stem
  that no public article has any more are deleted. (A full ``Article.save()`` writes
  the instance's copy of the vector first, and a deleted article has none: for those
  the signal handlers read the stored stems just before.)

Why not a count of public articles per word: the count needs, at every change, the
article's *old* word set. The stored vector holds stems, not words, so the old words
would have to be stored per article: tens of millions of (word, article) rows at
100,000 articles, and counter rows that every publication updates ("dan", "yang",
"dprd" in each one), serialising concurrent saves. Checking instead uses the index
search already has: "does another public article have this stem?" is one GIN probe.
A stem that the newest ``RECENT_ARTICLES`` public articles use is settled by reading
their vectors once; only rarer stems, which have short index entries, are probed. An
article leaving public costs two more statements (lock, check), 3-15 ms together at
100,000 articles (measured on the benchmark archive, 1 to 50 articles at once); an
edit that loses no stem costs nothing more, and a full ``Article.save()`` one small
read. Nothing drifts: the check reads the articles themselves, not a number kept
beside them.

Granularity: search matches stems (``articles.search.query``), so a stem is what is
checked. A word leaves when no public article has its stem any more; a form that
disappears while another form of the same stem stays ("mengawasi" edited to "diawasi"
in the only article) remains until the stem goes, and it still finds that article.

Scheduled articles are not public before their time, so their words are not added
then (and a public article moved to a later time loses its words like a withdrawn
one). When their time comes nothing runs (there is no cron job): their words join at
the next refresh of the article, or at ``manage.py refresh_search``. Until then their
words are simply missing from suggestions, never suggested early.

Concurrent changes: the vocabulary rows of the stems being checked are locked before
the check, so two articles leaving public at once (the last two with a stem) cannot
both see the other one as still public and keep the stem.
"""

from django.db import connection, transaction
from django.utils import timezone

from articles.models import Article

CONFIG = "indonesian"

# The newest public articles whose vectors are read once to settle common stems.
RECENT_ARTICLES = 100

# Text of an article's sections without markup: tags become spaces and entities
# are kept as text, so words never glue together across a tag.
_SECTION_TEXT_SQL = r"""
    regexp_replace(s.body, '<[^>]*>', ' ', 'g')
"""

_PUBLIC_SQL = "a.status = 'published' AND a.deleted_at IS NULL AND a.publish_at <= %(now)s"

DOCUMENT_CTE = f"""
    doc AS (
        SELECT a.id,
               a.title,
               coalesce((SELECT string_agg(s.heading, ' ' ORDER BY s.position)
                         FROM articles_section s WHERE s.article_id = a.id), '') AS headings,
               coalesce((SELECT string_agg(t.name, ' ')
                         FROM articles_taggedarticle ta
                         JOIN articles_tag t ON t.id = ta.tag_id
                         WHERE ta.content_object_id = a.id), '') AS tags,
               coalesce((SELECT string_agg({_SECTION_TEXT_SQL}, ' ' ORDER BY s.position)
                         FROM articles_section s WHERE s.article_id = a.id), '') AS body,
               ({_PUBLIC_SQL}) AS public
        FROM articles_article a
        WHERE a.id = ANY(%(ids)s)
    )
"""

# One statement: the previous vectors, the new ones, the words of the public articles
# added to the vocabulary, and (returned) the stems the articles had and their public
# text no longer has, among those the vocabulary holds. A word is a run of letters,
# maybe hyphenated ("sub-bagian"), and its ``lexeme`` is the stem the vector holds.
_REFRESH_SQL = f"""
    WITH old AS (
        SELECT a.id, a.search_vector FROM articles_article a WHERE a.id = ANY(%(ids)s)
    ),
    {DOCUMENT_CTE},
    new AS (
        SELECT doc.id, doc.public,
               setweight(to_tsvector('{CONFIG}', doc.title), 'A')
               || setweight(to_tsvector('{CONFIG}', doc.headings), 'B')
               || setweight(to_tsvector('{CONFIG}', doc.tags), 'C')
               || setweight(to_tsvector('{CONFIG}', doc.body), 'D') AS vector
        FROM doc
    ),
    updated AS (
        UPDATE articles_article a
        SET search_vector = new.vector
        FROM new
        WHERE a.id = new.id
        RETURNING a.id
    ),
    added AS (
        INSERT INTO articles_searchword (word, lexeme)
        SELECT w.word, coalesce((ts_lexize('indonesian_stem', w.word))[1], w.word)
        FROM (SELECT DISTINCT w.lexeme AS word
              FROM doc,
                   unnest(to_tsvector('simple', doc.title || ' ' || doc.headings || ' '
                                                || doc.tags || ' ' || doc.body)) AS w
              WHERE doc.public
                AND length(w.lexeme) BETWEEN 3 AND 60
                AND w.lexeme ~ '^[[:alpha:]]+(-[[:alpha:]]+)*$') AS w
        ORDER BY w.word
        ON CONFLICT (word) DO NOTHING
        RETURNING 1
    ),
    lost AS (
        SELECT unnest(tsvector_to_array(old.search_vector)) AS lexeme
        FROM old
        UNION
        SELECT unnest(%(forgotten)s::text[])
        EXCEPT
        SELECT unnest(tsvector_to_array(new.vector)) FROM new WHERE new.public
    )
    SELECT DISTINCT w.lexeme
    FROM articles_searchword w
    WHERE w.lexeme IN (SELECT lexeme FROM lost)
"""

# Then their rows are locked, in one order for every transaction (no deadlock between
# two of them), after this transaction's own inserts: a concurrent check of the same
# stems waits for this one to commit, and then sees its articles as they are.
_LOCK_SQL = """
    SELECT 1 FROM articles_searchword
    WHERE lexeme = ANY(%(stems)s::text[])
    ORDER BY word
    FOR UPDATE
"""

# A statement of its own, so that it sees what concurrent transactions committed while
# the rows were locked: which of these stems no public article has any more.
_FORGET_SQL = f"""
    WITH stem AS (
        SELECT s.lexeme, ('''' || replace(replace(s.lexeme, '\\', '\\\\'), '''', '''''')
                          || '''')::tsquery AS query
        FROM unnest(%(stems)s::text[]) AS s(lexeme)
    ),
    recent AS MATERIALIZED (
        SELECT DISTINCT unnest(tsvector_to_array(r.search_vector)) AS lexeme
        FROM (SELECT a.search_vector FROM articles_article a
              WHERE {_PUBLIC_SQL}
              ORDER BY a.publish_at DESC, a.id DESC
              LIMIT {RECENT_ARTICLES}) AS r
    ),
    unused AS (
        SELECT stem.lexeme FROM stem
        WHERE NOT EXISTS (SELECT 1 FROM recent WHERE recent.lexeme = stem.lexeme)
          AND NOT EXISTS (SELECT 1 FROM articles_article a
                          WHERE a.search_vector @@ stem.query AND {_PUBLIC_SQL})
    )
    DELETE FROM articles_searchword w USING unused WHERE w.lexeme = unused.lexeme
"""


def refresh_search_vectors(article_ids, forgotten_stems=(), *, check_vocabulary=True):
    """Recomputes the stored search vector of these articles (any iterable of ids) and
    keeps the vocabulary current (see the module docstring).

    ``forgotten_stems``: stems read before a change that leaves no stored vector to
    compare with (a full save of an article, the deletion of a public one; see
    ``articles.search.signals``), checked like the stems the refreshed articles lost.
    ``check_vocabulary=False`` only adds words, for a rebuild that starts from an empty
    vocabulary.
    """
    ids = sorted({int(pk) for pk in article_ids if pk is not None})
    forgotten = sorted(set(forgotten_stems))
    if not ids and not forgotten:
        return
    now = timezone.now()
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        cursor.execute(_REFRESH_SQL, {"ids": ids, "now": now, "forgotten": forgotten})
        stems = sorted(lexeme for (lexeme,) in cursor.fetchall())
        if stems and check_vocabulary:
            cursor.execute(_LOCK_SQL, {"stems": stems})
            cursor.execute(_FORGET_SQL, {"stems": stems, "now": now})


def stems_of(article_ids):
    """The stems in these articles' stored vectors (before they are deleted)."""
    ids = sorted({int(pk) for pk in article_ids if pk is not None})
    if not ids:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT unnest(tsvector_to_array(search_vector)) FROM articles_article "
            "WHERE id = ANY(%(ids)s)",
            {"ids": ids},
        )
        return [lexeme for (lexeme,) in cursor.fetchall()]


def refresh_all_search_vectors(batch_size=2000, *, check_vocabulary=True):
    """Every article, in batches; for after a bulk load or a change of this module."""
    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch_size):
        refresh_search_vectors(ids[start : start + batch_size], check_vocabulary=check_vocabulary)


def rebuild_search_words():
    """Rebuilds the vectors and the vocabulary from nothing: for rows written around the
    ORM, and for scheduled articles whose time has come since their last refresh.

    Batch by batch, each its own transaction (as before): one transaction over the
    whole archive would lock every article for minutes."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM articles_searchword")
    refresh_all_search_vectors(check_vocabulary=False)
