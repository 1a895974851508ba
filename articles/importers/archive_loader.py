"""Writes a parsed archive page into the database, idempotently.

An article is found again by its slug. A new one is created, published, with its
sections, tags and WordPress post id from the page's metadata file. An existing one
is left alone when it already says what the page says; when it differs (staff may
have corrected it in the admin) it is only overwritten with ``update=True``, so a
re-run never silently undoes an editor's work. A date staff have confirmed (the
"inferred" mark removed) is never moved, and status and trash are never touched.
Every write records the version it wrote (``imported_version``), so the WordPress
importer can tell these articles from ones staff changed since.
"""

import csv
import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from articles import richtext
from articles.importers import links
from articles.importers.archive_page import ArchiveFormatError, ParsedArticle, ParsedPage
from articles.limits import text_problems
from articles.models import Article, Section
from articles.search.signals import deferred_search_refresh

FIRST_TIME_OF_DAY = datetime.time(9, 0)
MINUTES_BETWEEN_SAME_DAY_ARTICLES = 15


@dataclass
class ArticleMeta:
    legacy_id: int | None = None
    tags: list[str] = field(default_factory=list)
    line: int = 0


@dataclass
class Report:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    differing: list[str] = field(default_factory=list)


def read_meta(text: str, page: ParsedPage) -> dict[str, ArticleMeta]:
    """Reads ``slug,wordpress_post_id,tags`` rows (tags separated by ``;``)."""
    slugs = {article.slug for article in page.articles}
    meta = {}
    reader = csv.DictReader(text.splitlines())
    expected = {"slug", "wordpress_post_id", "tags"}
    if set(reader.fieldnames or []) != expected:
        raise ArchiveFormatError(1, f"kolom berkas metadata harus: {', '.join(sorted(expected))}")
    for row in reader:
        line = reader.line_num
        slug = (row["slug"] or "").strip()
        if slug not in slugs:
            raise ArchiveFormatError(line, f"slug «{slug}» tidak ada di halaman arsip")
        post_id = (row["wordpress_post_id"] or "").strip()
        if post_id and not post_id.isdigit():
            raise ArchiveFormatError(line, f"ID pos WordPress «{post_id}» bukan angka")
        tags = [tag.strip() for tag in (row["tags"] or "").split(";") if tag.strip()]
        meta[slug] = ArticleMeta(legacy_id=int(post_id) if post_id else None, tags=tags, line=line)
    return meta


def section_body(paragraphs: list[str]) -> str:
    """The paragraphs as HTML, escaped, bare web addresses as links."""
    return richtext.sanitize("".join(f"<p>{links.linked_html(text)}</p>" for text in paragraphs))


def publish_time(article: ParsedArticle) -> datetime.datetime:
    # Earlier in the newest-first list means later in the day.
    steps = article.articles_in_day - 1 - article.order_in_day
    start = datetime.datetime.combine(article.date, FIRST_TIME_OF_DAY)
    local = start + datetime.timedelta(minutes=steps * MINUTES_BETWEEN_SAME_DAY_ARTICLES)
    return timezone.make_aware(local)


def check_limits(page: ParsedPage, meta: dict[str, ArticleMeta]):
    """Refuses an article too long to be stored (its search vector), naming its line.

    Run on the whole page before anything is written: PostgreSQL would otherwise stop
    the load half-way with a database error.
    """
    for parsed in page.articles:
        info = meta.get(parsed.slug, ArticleMeta())
        problems = text_problems(parsed.title, _wanted_sections(parsed), info.tags)
        if problems:
            first = problems[0]
            line = parsed.sections[first.section - 1].line if first.section else parsed.line
            raise ArchiveFormatError(
                line,
                f"artikel «{parsed.title}»: "
                + " ".join(problem.message for problem in problems).rstrip("."),
            )


@transaction.atomic
def load(page: ParsedPage, meta: dict[str, ArticleMeta], *, update: bool = False) -> Report:
    check_limits(page, meta)
    with deferred_search_refresh():  # each article's words once, not per section
        return _load(page, meta, update)


def _load(page: ParsedPage, meta: dict[str, ArticleMeta], update: bool) -> Report:
    report = Report()
    for parsed in page.articles:
        info = meta.get(parsed.slug, ArticleMeta())
        article = Article.objects.filter(slug=parsed.slug).first()
        _check_post_id_is_free(info, article)
        if article is None:
            _create(parsed, info)
            report.created.append(parsed.title)
        elif _matches(article, parsed, info):
            report.unchanged.append(parsed.title)
        elif update:
            _update(article, parsed, info)
            report.updated.append(parsed.title)
        else:
            report.differing.append(parsed.title)
    return report


def _check_post_id_is_free(info: ArticleMeta, article: Article | None):
    if info.legacy_id is None:
        return
    holder = Article.objects.filter(legacy_id=info.legacy_id).exclude(
        pk=article.pk if article else None
    )
    if holder_title := holder.values_list("title", flat=True).first():
        raise ArchiveFormatError(
            info.line,
            f"ID pos WordPress {info.legacy_id} sudah dipakai artikel «{holder_title}»; "
            "periksa slug di berkas metadata",
        )


def _create(parsed: ParsedArticle, info: ArticleMeta):
    article = Article(
        title=parsed.title,
        slug=parsed.slug,
        publish_at=publish_time(parsed),
        publish_at_chosen=True,  # the source's date, not a draft's placeholder
        publish_date_inferred=True,
        status=Article.Status.PUBLISHED,
        legacy_id=info.legacy_id,
    )
    article.imported_version = article.version
    article.save(force_insert=True)
    _write_sections(article, parsed)
    article.tags.add(*info.tags)


def _wanted_sections(parsed: ParsedArticle):
    return [(s.heading, section_body(s.paragraphs)) for s in parsed.sections]


def _matches(article: Article, parsed: ParsedArticle, info: ArticleMeta) -> bool:
    stored = list(article.sections.order_by("position").values_list("heading", "body"))
    tag_names = {name.lower() for name in article.tags.names()}
    return (
        article.title == parsed.title
        and stored == _wanted_sections(parsed)
        and (not article.publish_date_inferred or article.publish_at == publish_time(parsed))
        and (info.legacy_id is None or article.legacy_id == info.legacy_id)
        and all(tag.lower() in tag_names for tag in info.tags)
    )


def _update(article: Article, parsed: ParsedArticle, info: ArticleMeta):
    article.title = parsed.title
    if article.publish_date_inferred:
        article.publish_at = publish_time(parsed)
    if info.legacy_id is not None:
        article.legacy_id = info.legacy_id
    article.publish_at_chosen = True
    # A new version, so an admin form opened before is warned instead of saving over the
    # import, recorded as the import's own: only a later staff save makes it staff's.
    article.version += 1
    article.imported_version = article.version
    article.save()
    article.sections.all().delete()
    _write_sections(article, parsed)
    article.tags.add(*info.tags)


def _write_sections(article: Article, parsed: ParsedArticle):
    for position, (heading, body) in enumerate(_wanted_sections(parsed), start=1):
        Section.objects.create(article=article, position=position, heading=heading, body=body)
