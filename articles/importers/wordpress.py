"""Imports a WordPress export (WXR) into articles, idempotently, in batches.

A post is found again by its WordPress post id (``legacy_id``): importing the same file
twice changes nothing, a newer export updates the posts that changed and adds the new
ones, and nothing is ever deleted. Pages, attachments, menu items, revisions, trashed
posts and comments are skipped and counted.

Staff work is protected. Every write records the version it wrote
(``imported_version``); an article staff saved since (another version) is left alone
and listed, unless ``update`` is asked for. An article without that record counts as
staff's unless it already says what the export says. Whether an article is public is
staff's decision once it exists here: an import never publishes an existing draft
(staff may have withdrawn it) and never touches the trash, even with ``update``.

Without ``skip_bad`` the whole file is first read and checked without writing anything,
so a malformed post stops the import before the database is touched. The writing pass
then commits every ``batch_size`` posts in its own transaction, so a 100,000-post
export neither holds one giant transaction nor loses everything on an interruption
(re-running it simply finds the committed posts unchanged).
"""

import datetime
import html
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO
from urllib.parse import unquote

from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags

from articles.importers import wp_content, wxr
from articles.limits import publish_time_problem, text_problems
from articles.models import (
    Article,
    Section,
    SlugRedirect,
    Tag,
    TaggedArticle,
    TagRedirect,
)
from articles.search.signals import deferred_search_refresh

BATCH_SIZE = 500
TITLE_MAX_LENGTH = 255
SLUG_MAX_LENGTH = 255
TAG_MAX_LENGTH = 100
LEGACY_ID_MAX = 2**31 - 1  # PositiveIntegerField in PostgreSQL

STATUS_MAP = {
    "publish": Article.Status.PUBLISHED,
    # Scheduled in WordPress: published at its future time, public when it comes.
    "future": Article.Status.PUBLISHED,
    "draft": Article.Status.DRAFT,
    "pending": Article.Status.DRAFT,
    "private": Article.Status.DRAFT,
}
# Posts WordPress itself no longer shows; skipped (and counted) rather than revived.
SKIPPED_STATUSES = {"trash", "auto-draft", "inherit"}
# WordPress's default category, in English and Indonesian installs: not a topic.
DEFAULT_CATEGORIES = {"uncategorized", "tidak berkategori", "tidak-berkategori"}
TERM_DOMAINS = {"category", "post_tag"}
WP_ZERO_DATE = "0000-00-00 00:00:00"
_SLUG_OK = re.compile(r"^[-a-zA-Z0-9_]+$")


class BadPost(Exception):
    """A post that cannot be imported; names its id and line in the export."""

    def __init__(self, post_id: str, line: int, message: str):
        self.post_id = post_id
        self.line = line
        self.message = message
        super().__init__(f"pos {post_id or '(tanpa ID)'} (baris {line}): {message}")


@dataclass
class ParsedPost:
    legacy_id: int
    line: int
    title: str
    slug: str
    publish_at: datetime.datetime
    status: str
    summary: str
    sections: list[tuple[str, str]]
    tags: list[tuple[str, str]]  # (name, WordPress slug)
    removed: Counter
    password_protected: bool = False
    # The time was set in WordPress (published, scheduled, or a draft with a real date);
    # a draft's time WordPress never set is the time it was last saved.
    publish_at_chosen: bool = True


@dataclass
class Report:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    # "pos 533 «Judul»" (the article's title here) of the articles that:
    kept: list[str] = field(default_factory=list)  # staff changed: left alone
    overwritten: list[str] = field(default_factory=list)  # staff changed: --update wrote
    not_republished: list[str] = field(default_factory=list)  # published there, not here
    skipped: Counter = field(default_factory=Counter)
    sanitized: Counter = field(default_factory=Counter)
    bad: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)


# --- reading ------------------------------------------------------------------------


def wordpress_slug(title: str) -> str:
    """The slug WordPress makes from a title (``sanitize_title_with_dashes``), ported.

    Accents are dropped (``é`` -> ``e``), dots and dashes become hyphens, anything else
    that is not a letter, digit, space, ``_`` or ``-`` is removed.
    """
    text = strip_tags(title)
    text = re.sub(r"&[^;\s]+;", "", text)  # entities, as WordPress removes them
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = text.lower().replace(".", "-")
    text = re.sub(r"[^a-z0-9 _-]", "", text.replace("\u2013", "-").replace("\u2014", "-"))
    text = re.sub(r"\s+", "-", text)
    return re.sub(r"-+", "-", text).strip("-")[:200]


def _plain_text(value: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(strip_tags(value))).strip()


def _parse_time(value: str, *, utc: bool) -> datetime.datetime | None:
    value = value.strip()
    if not value or value == WP_ZERO_DATE:
        return None
    try:
        moment = datetime.datetime.strptime(value, "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None
    if utc:
        return moment.replace(tzinfo=datetime.UTC)
    # wp:post_date is the WordPress site's wall clock: WITA, like this site.
    return timezone.make_aware(moment)


def skip_kind(item: wxr.Item) -> str | None:
    """Why an item is not an article (its post type or status), or None."""
    post_type = item.get("wp:post_type").strip()
    if post_type != "post":
        return post_type or "(tanpa jenis)"
    status = item.get("wp:status").strip()
    if status in SKIPPED_STATUSES:
        return f"post ({status})"
    return None


def parse_post(item: wxr.Item) -> ParsedPost:
    raw_id = item.get("wp:post_id").strip()

    def bad(message):
        return BadPost(raw_id, item.line, message)

    if not raw_id.isdigit() or not 0 < int(raw_id) <= LEGACY_ID_MAX:
        raise bad(f"wp:post_id «{raw_id}» bukan nomor pos yang sah")
    status = item.get("wp:status").strip()
    if status not in STATUS_MAP:
        raise bad(f"status «{status}» tidak dikenal")
    gmt = _parse_time(item.get("wp:post_date_gmt"), utc=True)
    publish_at = gmt or _parse_time(item.get("wp:post_date"), utc=False)
    if publish_at is None:
        raise bad(
            f"tanggal tidak terbaca (wp:post_date_gmt «{item.get('wp:post_date_gmt')}», "
            f"wp:post_date «{item.get('wp:post_date')}»)"
        )
    if problem := publish_time_problem(publish_at):
        raise bad(f"{problem} (tanggal «{publish_at:%Y-%m-%d}»)")
    title = _plain_text(item.get("title"))[:TITLE_MAX_LENGTH] or f"Pos WordPress {raw_id}"
    slug = unquote(item.get("wp:post_name").strip()).lower()
    if not _SLUG_OK.match(slug):
        slug = wordpress_slug(slug or title) or raw_id
    try:
        converted = wp_content.convert(item.get("content:encoded"))
    except wp_content.ContentError as error:
        raise bad(str(error)) from error
    tags = _tags(item.terms)
    # Checked here, in the checking pass too: PostgreSQL refuses a search vector over
    # 1 MB, which would stop the import half-way with a database error.
    if problems := text_problems(title, converted.sections, [name for name, _slug in tags]):
        raise bad(" ".join(problem.message for problem in problems).rstrip("."))
    protected = bool(item.get("wp:post_password"))
    return ParsedPost(
        legacy_id=int(raw_id),
        line=item.line,
        title=title,
        slug=slug[: SLUG_MAX_LENGTH - 10],  # room for a "-2" when the slug is taken
        publish_at=publish_at,
        # A password-protected post was never readable by everyone: staff decide.
        status=Article.Status.DRAFT if protected else STATUS_MAP[status],
        summary=_plain_text(item.get("excerpt:encoded")),
        sections=converted.sections,
        tags=tags,
        removed=converted.removed,
        password_protected=protected,
        # WordPress leaves post_date_gmt at zero for a draft whose date was never set.
        publish_at_chosen=status in ("publish", "future") or gmt is not None,
    )


def _tags(terms: Iterable[wxr.Term]) -> list[tuple[str, str]]:
    tags, seen = [], set()
    for term in terms:
        # WordPress stores term names as text with & < > as entities (its
        # pre_term_name filters): decode them; the site escapes names when it shows them.
        name = re.sub(r"\s+", " ", html.unescape(term.name)).strip()[:TAG_MAX_LENGTH]
        if term.domain not in TERM_DOMAINS or not name:
            continue
        if term.domain == "category" and (
            name.lower() in DEFAULT_CATEGORIES or term.slug.lower() in DEFAULT_CATEGORIES
        ):
            continue
        if name.lower() not in seen:  # tags are case-insensitive, as on the site
            seen.add(name.lower())
            tags.append((name, unquote(term.slug).lower()))
    return tags


def read_posts(source: BinaryIO, report: Report, *, skip_bad: bool) -> Iterator[ParsedPost]:
    """The export's posts, parsed; counts skipped items and, with skip_bad, bad posts."""
    seen_ids = set()
    for item in wxr.items(source):
        report.skipped["komentar"] += item.comments
        if kind := skip_kind(item):
            report.skipped[kind] += 1
            continue
        try:
            post = parse_post(item)
            if post.legacy_id in seen_ids:
                raise BadPost(str(post.legacy_id), item.line, "nomor pos muncul dua kali")
        except BadPost as error:
            if not skip_bad:
                raise
            report.bad.append(str(error))
            continue
        seen_ids.add(post.legacy_id)
        yield post
    if not report.skipped["komentar"]:
        del report.skipped["komentar"]


# --- writing ------------------------------------------------------------------------


def import_export(
    path: Path,
    *,
    skip_bad: bool = False,
    update: bool = False,
    batch_size: int = BATCH_SIZE,
    open_file: Callable[[Path, str], BinaryIO] | None = None,
) -> Report:
    """Imports the export at ``path``; raises BadPost or WxrError before writing anything.

    ``update`` overwrites the content of articles staff changed since the last import
    (their status and trash mark stay). ``open_file(path, label)`` lets the command
    wrap the file in a progress bar.
    """
    opener = open_file or (lambda p, label: p.open("rb"))
    if not skip_bad:
        with opener(path, "Memeriksa") as source:
            for _post in read_posts(source, Report(), skip_bad=False):
                pass
    report = Report()
    writer = _Writer(report, update=update)
    with opener(path, "Mengimpor") as source:
        batch = []
        for post in read_posts(source, report, skip_bad=skip_bad):
            batch.append(post)
            if len(batch) >= batch_size:
                writer.write(batch)
                batch = []
        if batch:
            writer.write(batch)
    return report


class _Writer:
    def __init__(self, report: Report, *, update: bool = False):
        self.report = report
        self.update = update
        self.tags: dict[str, Tag] = {}  # by lower-case name, for the whole run

    def write(self, batch: list[ParsedPost]):
        # Every written article is saved (created or updated), so the deferred refresh
        # sees it, although its sections and tags are written in bulk, without signals.
        with transaction.atomic(), deferred_search_refresh():
            existing = {
                article.legacy_id: article
                # Locked until the batch commits: a staff save in the admin (which locks
                # the row too) comes before or after, never between reading and writing.
                for article in Article.objects.select_for_update()
                .filter(legacy_id__in=[post.legacy_id for post in batch])
                .prefetch_related("sections", "tags")
            }
            for post in batch:
                self._write_post(post, existing.get(post.legacy_id))

    def _write_post(self, post: ParsedPost, article: Article | None):
        if article is None:
            self._create(post)
        else:
            self._update(article, post)
        self.report.sanitized.update(post.removed)
        if post.password_protected:
            self.report.messages.append(
                f"Pos {post.legacy_id} «{post.title}» dilindungi kata sandi di WordPress, "
                "jadi disimpan sebagai draf."
            )

    def _create(self, post: ParsedPost):
        slug = self._free_slug(post, None)
        article = Article(
            title=post.title,
            slug=slug,
            publish_at=post.publish_at,
            publish_at_chosen=post.publish_at_chosen,
            status=post.status,
            summary=post.summary,
            legacy_id=post.legacy_id,
        )
        article.imported_version = article.version
        article.save(force_insert=True)
        self._note_slug(post, None, slug)
        self._write_sections(article, post)
        self._write_tags(article, post)
        self.report.created += 1

    def _update(self, article: Article, post: ParsedPost):
        slug = self._free_slug(post, article)
        # A time chosen (here or in WordPress) is not replaced by one nobody chose.
        time_chosen = post.publish_at_chosen or not article.publish_at_chosen
        fields = {
            "title": post.title,
            "slug": slug,
            "summary": post.summary,
            "publish_at": post.publish_at if time_chosen else article.publish_at,
            "publish_date_inferred": False,
        }
        changed = [name for name, value in fields.items() if getattr(article, name) != value]
        sections_differ = [(s.heading, s.body) for s in article.sections.all()] != post.sections
        tags_differ = {t.name.lower() for t in article.tags.all()} != {
            name.lower() for name, _slug in post.tags
        }
        if article.imported_version is None:
            # Never written by an import that recorded it: staff's, unless it already
            # says what the export says.
            staff_changed = bool(
                changed or sections_differ or tags_differ or article.status != post.status
            )
        else:
            staff_changed = article.version != article.imported_version

        label = f"pos {post.legacy_id} «{article.title}»"
        # Public or not is staff's decision once an article exists here: an import never
        # publishes an existing draft (staff may have withdrawn it, before or after the
        # last import) nor touches the trash; the operator gets the list to check.
        published_there = post.status == Article.Status.PUBLISHED
        withdrawn = published_there and article.status == Article.Status.DRAFT
        if withdrawn or (published_there and article.deleted_at is not None):
            self.report.not_republished.append(label)
        if not (withdrawn or staff_changed) and article.status != post.status:
            fields["status"] = post.status
            changed.append("status")

        if not (changed or sections_differ or tags_differ):
            self.report.unchanged += 1
            return
        if staff_changed and not self.update:
            self.report.kept.append(label)
            return
        if staff_changed:
            self.report.overwritten.append(label)
        self._note_slug(post, article, slug)
        for name in changed:
            setattr(article, name, fields[name])
        # Written with the rest, not a reason to write by itself (re-runs stay no-ops).
        article.publish_at_chosen = post.publish_at_chosen or article.publish_at_chosen
        if sections_differ or "title" in changed:
            article.content_changed_at = timezone.now()
        # A new version, so a staff member with the old one open in the admin is warned
        # instead of silently saving over the import (the admin's optimistic lock), and
        # recorded as the import's own: only a later staff save makes it staff's.
        article.version += 1
        article.imported_version = article.version
        article.save()
        if sections_differ:
            article.sections.all().delete()
            self._write_sections(article, post)
        if tags_differ:
            article.tagged_items.all().delete()
            self._write_tags(article, post)
        self.report.updated += 1

    def _write_sections(self, article: Article, post: ParsedPost):
        # In bulk: one insert per post instead of one per section (and one search
        # refresh per batch instead of one per section save). Section.save's
        # sanitizing is not skipped in effect: parse_post already ran every body
        # through the same richtext.sanitize.
        Section.objects.bulk_create(
            Section(article=article, position=position, heading=heading, body=body)
            for position, (heading, body) in enumerate(post.sections, start=1)
        )

    def _write_tags(self, article: Article, post: ParsedPost):
        # In bulk too, like the sections (``article.tags.set`` saves row by row).
        TaggedArticle.objects.bulk_create(
            TaggedArticle(tag=tag, content_object=article) for tag in self._tag_objects(post)
        )

    def _free_slug(self, post: ParsedPost, article: Article | None) -> str:
        """The post's slug, or ``slug-2``, ``-3``... when another article has it."""
        own_pk = article.pk if article else None
        candidate, number = post.slug, 1
        while (
            Article.objects.filter(slug=candidate).exclude(pk=own_pk).exists()
            or SlugRedirect.objects.filter(old_slug=candidate).exclude(article_id=own_pk).exists()
        ):
            number += 1
            candidate = f"{post.slug}-{number}"
        return candidate

    def _note_slug(self, post: ParsedPost, article: Article | None, slug: str):
        """Says so when a written article got a numbered slug it did not have before."""
        if slug != post.slug and (article is None or article.slug != slug):
            self.report.messages.append(
                f"Pos {post.legacy_id} «{post.title}»: slug «{post.slug}» sudah dipakai "
                f"artikel lain, jadi diberi slug «{slug}»."
            )

    def _tag_objects(self, post: ParsedPost) -> list[Tag]:
        return [self._tag(name, wp_slug) for name, wp_slug in post.tags]

    def _tag(self, name: str, wp_slug: str) -> Tag:
        key = name.lower()
        if key not in self.tags:
            # Keep WordPress's slug so /tag/<slug>/ and /category/<slug>/ still work.
            usable = (
                bool(_SLUG_OK.match(wp_slug))
                and len(wp_slug) <= TAG_MAX_LENGTH
                and not Tag.objects.filter(slug=wp_slug).exists()
            )
            tag = Tag.objects.filter(name__iexact=name).first()
            if tag is None:
                tag = Tag(name=name, slug=wp_slug if usable else "")
                tag.save()  # an empty slug is made from the name by taggit
            elif usable:
                # The topic exists under another address: the old one answers 301.
                TagRedirect.objects.get_or_create(old_slug=wp_slug, defaults={"tag": tag})
            self.tags[key] = tag
        return self.tags[key]
