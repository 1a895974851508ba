"""The stored search vector of each article, and the "did you mean" vocabulary.

Each article keeps a ``search_vector`` (GIN-indexed): title (weight A), section
headings (B), tags (C) and section text (D). ``refresh_search_vectors`` rebuilds it in
one UPDATE; the signal handlers in ``articles.search.signals`` call it whenever an
article, a section or an article's tags change, and bulk imports call it directly.
"""

from django.db import connection
from django.utils import timezone

from articles.models import Article

CONFIG = "indonesian"

# Text of an article's sections without markup: tags become spaces and entities
# are kept as text, so words never glue together across a tag.
_SECTION_TEXT_SQL = r"""
    regexp_replace(s.body, '<[^>]*>', ' ', 'g')
"""

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
               (a.status = 'published' AND a.deleted_at IS NULL
                AND a.publish_at <= %(now)s) AS public
        FROM articles_article a
        WHERE a.id = ANY(%(ids)s)
    )
"""

# One statement: new vectors for the articles, and the words of the public ones
# added to the "did you mean" vocabulary.
_REFRESH_SQL = f"""
    WITH {DOCUMENT_CTE},
    updated AS (
        UPDATE articles_article a
        SET search_vector =
            setweight(to_tsvector('{CONFIG}', doc.title), 'A')
            || setweight(to_tsvector('{CONFIG}', doc.headings), 'B')
            || setweight(to_tsvector('{CONFIG}', doc.tags), 'C')
            || setweight(to_tsvector('{CONFIG}', doc.body), 'D')
        FROM doc
        WHERE a.id = doc.id
        RETURNING a.id
    )
    INSERT INTO articles_searchword (word, lexeme)
    SELECT DISTINCT w.lexeme,
           coalesce((ts_lexize('indonesian_stem', w.lexeme))[1], w.lexeme)
    FROM doc,
         unnest(to_tsvector('simple', doc.title || ' ' || doc.headings || ' '
                                      || doc.tags || ' ' || doc.body)) AS w
    WHERE doc.public
      AND length(w.lexeme) BETWEEN 3 AND 60
      AND w.lexeme !~ '[0-9_]'
    ON CONFLICT (word) DO NOTHING
"""


def refresh_search_vectors(article_ids):
    """Recomputes the stored search vector of these articles (any iterable of ids)."""
    ids = sorted({int(pk) for pk in article_ids if pk is not None})
    if not ids:
        return
    with connection.cursor() as cursor:
        cursor.execute(_REFRESH_SQL, {"ids": ids, "now": timezone.now()})


def refresh_all_search_vectors(batch_size=2000):
    """Every article, in batches; for after a bulk load or a change of this module."""
    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch_size):
        refresh_search_vectors(ids[start : start + batch_size])


def rebuild_search_words():
    """Forgets words no public article uses any more (unpublished or deleted ones)."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM articles_searchword")
    refresh_all_search_vectors()
