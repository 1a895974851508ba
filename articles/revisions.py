"""Revisions of articles: what was saved, by whom, when, and how two saves differ.

django-reversion records them: it is maintained, stores one revision per save with
the user, and follows relations, so one revision holds the article, its sections and
its tags (with their names) as they were. We read revisions back as plain snapshots
and restore by writing the snapshot's content ourselves instead of calling
``Revision.revert()``: a revert would also put back the version counter, the trash
mark and the publication state, and would recreate tags merged away since.
"""

import difflib
import re
import zoneinfo
from dataclasses import dataclass, field, replace

import reversion
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from reversion.models import Version

from articles import richtext
from articles.models import Article, Section, Tag, TaggedArticle, TagRedirect

reversion.register(Tag, fields=["name", "slug"])
reversion.register(TaggedArticle, follow=["tag"])
reversion.register(Section)
reversion.register(Article, exclude=["search_vector"], follow=["sections", "tagged_items"])


@dataclass
class Snapshot:
    """The content of an article at one moment: what a reader or a search engine sees."""

    title: str
    slug: str
    summary: str
    status: str
    publish_at: object
    version: int
    sections: list = field(default_factory=list)  # [(heading, body), ...] in order
    tags: list = field(default_factory=list)  # [(tag_id, name, slug), ...]

    @property
    def tag_names(self):
        return sorted((name for _id, name, _slug in self.tags), key=str.casefold)


def current_snapshot(article: Article) -> Snapshot:
    return Snapshot(
        title=article.title,
        slug=article.slug,
        summary=article.summary,
        status=article.status,
        publish_at=article.publish_at,
        version=article.version,
        sections=list(article.sections.order_by("position", "pk").values_list("heading", "body")),
        tags=list(article.tags.values_list("pk", "name", "slug")),
    )


def revision_snapshot(version: Version) -> Snapshot:
    """The snapshot stored with one article version (its revision holds the rest)."""
    data = version.field_dict
    by_model = {}
    for item in version.revision.version_set.select_related("content_type"):
        by_model.setdefault(item.content_type.model_class(), []).append(item)
    sections = sorted(
        (
            item.field_dict
            for item in by_model.get(Section, [])
            if item.field_dict["article_id"] == data["id"]
        ),
        key=lambda section: (section["position"], section["id"]),
    )
    tag_rows = {int(item.object_id): item.field_dict for item in by_model.get(Tag, [])}
    tags = []
    for item in by_model.get(TaggedArticle, []):
        link = item.field_dict
        if link["content_object_id"] == data["id"]:
            tag = tag_rows.get(link["tag_id"], {"name": f"#{link['tag_id']}", "slug": ""})
            tags.append((link["tag_id"], tag["name"], tag["slug"]))
    return Snapshot(
        title=data["title"],
        slug=data["slug"],
        summary=data["summary"],
        status=data["status"],
        publish_at=data["publish_at"],
        version=data.get("version") or 1,
        sections=[(section["heading"], section["body"]) for section in sections],
        tags=tags,
    )


def article_versions(article_pk):
    """The article's revisions, newest first, with who saved them."""
    return (
        Version.objects.filter(
            content_type=ContentType.objects.get_for_model(Article), object_id=str(article_pk)
        )
        .select_related("revision__user")
        .order_by("-revision__date_created", "-pk")
    )


def version_for(article_pk, version_number):
    """The revision saved as ``version_number`` of the article, if there is one."""
    for version in article_versions(article_pk):
        if version.field_dict.get("version") == version_number:
            return version
    return None


# --- Differences -------------------------------------------------------------------

# Words, punctuation and the spaces between them: "sekolah." changing to
# "sekolah negeri." shows one inserted word, not a replaced one.
_WORDS = re.compile(r"\w+|[^\w\s]|\s+")
# The same for short values such as a time: "11.00" is one word, not "11", "." and "00".
_VALUE_WORDS = re.compile(r"\d+(?:[.:]\d+)*|\w+|[^\w\s]|\s+")

# The archive's times are Palopo's wall clock, whatever time zone a request activated.
WITA = zoneinfo.ZoneInfo("Asia/Makassar")


def plain_text(html: str) -> str:
    """What a reader sees of a body: paragraphs as blank lines, no markup."""
    text = re.sub(r"</(p|li|blockquote)>|<br\s*/?>", "\n", html or "")
    return re.sub(r"[ \t]+", " ", strip_tags(text)).strip()


def _word_opcodes(old: str, new: str, words=_WORDS):
    """(op, old text, new text) pieces turning ``old`` into ``new`` word by word."""
    old_words, new_words = words.findall(old or ""), words.findall(new or "")
    matcher = difflib.SequenceMatcher(str.isspace, old_words, new_words, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        yield op, "".join(old_words[a1:a2]), "".join(new_words[b1:b2])


def word_diff(old: str, new: str):
    """``old`` turned into ``new`` word by word, with <del> and <ins>, escaped."""
    parts = []
    for op, old_text, new_text in _word_opcodes(old, new):
        if op == "equal":
            parts.append(escape(old_text))
            continue
        if old_text:
            parts.append(f"<del>{escape(old_text)}</del>")
        if new_text:
            parts.append(f"<ins>{escape(new_text)}</ins>")
    return mark_safe("".join(parts))  # every piece above is escaped


def value_diff(old: str, new: str):
    """A short value as "lama → baru": the old one with what goes struck through (<del>),
    the new one with what comes underlined (<ins>); escaped.

    "1 Juni 2025 <del>12.00</del> WITA → 1 Juni 2025 <ins>14.00</ins> WITA" reads as a
    sentence, where one run of words interleaving both would not.
    """
    before, after = [], []
    for op, old_text, new_text in _word_opcodes(old, new, _VALUE_WORDS):
        if op == "equal":
            before.append(escape(old_text))
            after.append(escape(new_text))
            continue
        if old_text:
            before.append(f"<del>{escape(old_text)}</del>")
        if new_text:
            after.append(f"<ins>{escape(new_text)}</ins>")
    return mark_safe(f"{''.join(before) or '—'} → {''.join(after) or '—'}")  # escaped


def status_label(status: str) -> str:
    """The status as staff say it ("Draf", "Terbit"), not as the database stores it."""
    try:
        return str(Article.Status(status).label)
    except ValueError:  # a value no longer in the choices: show it as it was stored
        return str(status or "—")


def wita_time(moment) -> str:
    """A moment as people in Palopo write it: "2 Desember 2026 11.00 WITA"."""
    if moment is None:
        return "—"
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, WITA)
    return f"{date_format(timezone.localtime(moment, WITA), 'j F Y H.i')} WITA"


@dataclass
class Change:
    label: str
    diff: str
    kind: str = "changed"  # changed / added / removed

    def __post_init__(self):
        # A plain str, never a lazy translation: templates, comparisons and JSON
        # all take it as it is.
        self.label = str(self.label)


def differences(old: Snapshot, new: Snapshot, *, content_only: bool = False) -> list[Change]:
    """What changed from ``old`` to ``new``: fields, then sections, then tags.

    Status and publish time are two rows, "Status" and "Waktu terbit", each only when
    it changed, in words and WITA time. ``content_only`` leaves them out: only the
    title, slug, summary, sections and tags, which is what a restore puts back.
    """
    changes = []
    for label, attr in ((_("Judul"), "title"), (_("Slug"), "slug"), (_("Ringkasan"), "summary")):
        if getattr(old, attr) != getattr(new, attr):
            changes.append(Change(label, word_diff(getattr(old, attr), getattr(new, attr))))
    if not content_only:
        old_status, new_status = status_label(old.status), status_label(new.status)
        if old_status != new_status:
            changes.append(Change(_("Status"), value_diff(old_status, new_status)))
        old_time, new_time = wita_time(old.publish_at), wita_time(new.publish_at)
        if old_time != new_time:
            changes.append(Change(_("Waktu terbit"), value_diff(old_time, new_time)))
    changes += section_differences(old.sections, new.sections)
    if old.tag_names != new.tag_names:
        changes.append(
            Change(_("Tag"), word_diff(", ".join(old.tag_names), ", ".join(new.tag_names)))
        )
    return changes


def section_differences(old_sections, new_sections) -> list[Change]:
    """Sections are matched as a sequence, so one inserted section shows as one."""
    changes = []
    matcher = difflib.SequenceMatcher(None, old_sections, new_sections, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            continue
        pairs = max(a2 - a1, b2 - b1)
        for offset in range(pairs):
            old = old_sections[a1 + offset] if a1 + offset < a2 else None
            new = new_sections[b1 + offset] if b1 + offset < b2 else None
            number = (b1 + offset + 1) if new else (a1 + offset + 1)
            heading = (new or old)[0] or _("(bagian pembuka)")
            label = _("Bagian %(number)s: %(heading)s") % {"number": number, "heading": heading}
            old_text = f"{old[0]}\n{plain_text(old[1])}" if old else ""
            new_text = f"{new[0]}\n{plain_text(new[1])}" if new else ""
            kind = "added" if old is None else "removed" if new is None else "changed"
            changes.append(Change(label, word_diff(old_text, new_text), kind))
    return changes


# --- Restoring ---------------------------------------------------------------------


def _existing_tag(tag_id, name, slug):
    """The tag a snapshot's (id, name, slug) names now, without creating one."""
    tag = Tag.objects.filter(pk=tag_id).first()
    if tag is None and slug:
        moved = TagRedirect.objects.select_related("tag").filter(old_slug=slug).first()
        tag = moved.tag if moved else None
    if tag is None:
        tag = Tag.objects.filter(name__iexact=name).first()
    return tag


def resolve_tags(tags):
    """The tags a snapshot names, as they are now: merged tags lead to their target."""
    resolved = []
    for tag_id, name, slug in tags:
        tag = _existing_tag(tag_id, name, slug) or Tag.objects.create(name=name, slug=slug or None)
        resolved.append(tag)
    return resolved


def restored_snapshot(article: Article, snapshot: Snapshot) -> Snapshot:
    """The article as ``restore_content(article, snapshot)`` would leave it; writes nothing.

    The snapshot's title, slug, summary and sections (bodies sanitized, as saving
    does), its tags as ``resolve_tags`` would find them now (a merged tag under the
    name of the tag it went into, each tag once), and the article's own status,
    publish time and version.
    """
    tags, seen = [], set()
    for tag_id, name, slug in snapshot.tags:
        tag = _existing_tag(tag_id, name, slug)
        row = (tag.pk, tag.name, tag.slug) if tag else (None, name, slug)
        key = tag.pk if tag else name.casefold()
        if key not in seen:
            seen.add(key)
            tags.append(row)
    return replace(
        snapshot,
        status=article.status,
        publish_at=article.publish_at,
        version=article.version,
        sections=[(heading, richtext.sanitize(body)) for heading, body in snapshot.sections],
        tags=tags,
    )


def restore_changes(article: Article, snapshot: Snapshot) -> list[Change]:
    """Exactly what restoring ``snapshot`` onto ``article`` would change, for the
    restore page's "Yang akan berubah".

    Only content: title, slug, summary, sections and tags (see ``restore_content``).
    Status, publish time, trash mark and version stay, so they never appear here. The
    tags are compared as the restore would set them, merged tags under their new
    name. An empty list means the restore would change nothing readers see.
    """
    return differences(
        current_snapshot(article), restored_snapshot(article, snapshot), content_only=True
    )


def restore_content(article: Article, snapshot: Snapshot) -> None:
    """Puts the snapshot's title, slug, summary, sections and tags back on ``article``.

    Status, publish time, trash mark and version stay as they are now: restoring
    text must never publish or unpublish anything by the back door. The caller saves
    the article (with its new version) inside a revision.
    """
    article.title, article.slug, article.summary = snapshot.title, snapshot.slug, snapshot.summary
    article.sections.all().delete()
    for position, (heading, body) in enumerate(snapshot.sections, start=1):
        Section.objects.create(article=article, position=position, heading=heading, body=body)
    article.tags.set(resolve_tags(snapshot.tags))


def record_baseline(article: Article) -> None:
    """Records the article as it is now if no revision holds that state yet.

    Articles imported from WordPress, or changed by a script, have no revision of
    their current text. Recording it before anyone edits in the admin means the
    imported words can always be restored, and an edit conflict can always show
    what changed since the form was opened. A separate revision, with no user.
    """
    latest = article_versions(article.pk).first()
    if latest is not None:
        stored = revision_snapshot(latest)
        if stored.version == article.version and not differences(stored, current_snapshot(article)):
            return
    with reversion.create_revision(manage_manually=True):
        reversion.set_comment(
            _("Versi awal, sebelum penyuntingan di admin")
            if latest is None
            else _("Diubah di luar admin (impor atau skrip)")
        )
        reversion.add_to_revision(article)
