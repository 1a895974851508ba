"""The rules of publishing: every change people make to an article or a tag.

The admin's forms and actions, the importers' checks and any script call these plain
functions; none of them decides a rule of its own. Each change runs in one
transaction together with its revision (django-reversion, with a note saying what
happened), its admin log entry and one search refresh, so the history never shows
a change that did not happen, nor misses one that did.

Publishing follows WordPress where staff expect it to: a draft whose publish time
nobody chose is published at the moment it is published; a time someone chose is
kept (in the past it backdates the publication, in the future it schedules it).

Tag changes and article saves are ordered by one PostgreSQL advisory lock: saves
share it, renames and merges take it alone. A merge therefore never runs between a
save reading its tags and committing its taggings, and cannot delete a tagging it
did not see; and because saves take it before they lock their article row, the two
never wait for each other in a circle.
"""

import datetime
from dataclasses import dataclass, field

import reversion
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles import limits, revisions, richtext, workflow
from articles.models import (
    Article,
    Correction,
    Section,
    SlugRedirect,
    Tag,
    TaggedArticle,
    TagRedirect,
)
from articles.search import signals as search_signals
from articles.search.signals import deferred_search_refresh

# pg_advisory_xact_lock key for "the set of tags and taggings" (any fixed number).
TAGS_LOCK = 0x7A6C0C0


class ChangeKind:
    """How an edit of a public article's text counts, chosen by the editor."""

    CORRECTION = "koreksi"
    UPDATE = "pembaruan"
    MINOR = "kecil"
    CHOICES = [
        (CORRECTION, gettext_lazy("Koreksi: dicatat di “Riwayat perubahan” dengan alasannya")),
        (UPDATE, gettext_lazy("Pembaruan isi: tanggal “Diperbarui” berubah, tanpa catatan")),
        (MINOR, gettext_lazy("Perubahan kecil (salah ketik, tata letak): tidak diumumkan")),
    ]


class Publication:
    """What the writer asks for: the form's "Penerbitan" choice.

    The values are what the form posts; ``PUBLISHED`` is the stored status's own
    value, so a form filled the old way (status and time) still means the same.
    """

    DRAFT = "draft"
    NOW = "now"
    PUBLISHED = "published"  # at the time given: scheduled if future, backdated if past
    CHOICES = [
        (DRAFT, gettext_lazy("Draf: belum tampil untuk publik")),
        (NOW, gettext_lazy("Terbitkan sekarang")),
        (
            PUBLISHED,
            gettext_lazy("Terbitkan pada waktu di bawah (masa depan: dijadwalkan)"),
        ),
    ]


def when(moment: datetime.datetime) -> str:
    """A time as staff read it: "3 Desember 2026 09.00 WITA"."""
    return _("%(when)s WITA") % {"when": date_format(timezone.localtime(moment), "j F Y H.i")}


@dataclass
class Outcome:
    """What a change did, for the person who asked: a message and the revision note."""

    message: str
    note: str
    article: Article | None = None
    counts: dict = field(default_factory=dict)


# --- Locks and checks --------------------------------------------------------------------


def _lock_tags(*, exclusive: bool) -> None:
    function = "pg_advisory_xact_lock" if exclusive else "pg_advisory_xact_lock_shared"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {function}(%s)", [TAGS_LOCK])


@dataclass
class Conflict:
    """Someone saved the article after the writer opened it."""

    loaded: int | None
    current: int
    by: object = None
    at: datetime.datetime | None = None
    changes: list | None = None


def lock_for_saving(article_pk: int, loaded_version: int | None) -> tuple[int | None, Conflict]:
    """Locks the article for the rest of the transaction; returns (stored version, conflict).

    Call inside a transaction before validating a save: the row stays locked
    (SELECT ... FOR UPDATE) until it ends, so no other save slips in between the
    check and the write. ``conflict`` is None when ``loaded_version`` is current.
    """
    _lock_tags(exclusive=False)  # before the row: the order every writer keeps
    current = (
        Article.objects.select_for_update()
        .filter(pk=article_pk)
        .values_list("version", flat=True)
        .first()
    )
    if current is None or loaded_version == current:
        return current, None
    latest = revisions.article_versions(article_pk).first()
    changes = None
    loaded = revisions.version_for(article_pk, loaded_version)
    if loaded is not None:
        changes = revisions.differences(
            revisions.revision_snapshot(loaded),
            revisions.current_snapshot(Article.objects.get(pk=article_pk)),
        )
    return current, Conflict(
        loaded=loaded_version,
        current=current,
        by=latest.revision.user if latest else None,
        at=latest.revision.date_created if latest else None,
        changes=changes,
    )


def slug_problem(slug: str, article_pk: int | None) -> str | None:
    """Why ``slug`` cannot be this article's, naming the article that holds it; or None.

    Another article's slug is taken, and so is an old address of a published
    article: it answers 301 to that article, and readers and search engines follow
    it there. An old address of an unpublished article may be reused.
    """
    holder = Article.objects.filter(slug=slug).exclude(pk=article_pk).first()
    if holder is not None:
        return _("Slug ini sudah dipakai artikel «%(title)s». Pilih slug lain.") % {
            "title": holder.title
        }
    moved = (
        SlugRedirect.objects.filter(old_slug=slug)
        .exclude(article_id=article_pk)
        .select_related("article")
        .first()
    )
    if moved is not None and moved.article.is_public:
        return _(
            "Alamat ini dulu milik artikel «%(title)s» yang sudah terbit, dan masih "
            "mengantar pembaca ke sana. Pilih slug lain."
        ) % {"title": moved.article.title}
    return None


def needs_change_kind(article: Article, text_changed: bool) -> bool:
    """A public article's text changed: readers may need to know, so staff must say how."""
    return text_changed and article.pk is not None and _was_public(article.pk)


def _was_public(article_pk) -> bool:
    return Article.objects.published().filter(pk=article_pk).exists()


# --- Publication -------------------------------------------------------------------------


def publication_for(article: Article) -> str:
    """The "Penerbitan" choice that describes the article as it is stored."""
    if article.status == Article.Status.PUBLISHED:
        return Publication.PUBLISHED
    return Publication.DRAFT


def _apply_publication(article, stored, choice, publish_at, now):
    """Sets status and time from the writer's choice; returns what happened.

    ``stored`` is the article as it was before this change (None for a new one).
    """
    was_public = stored is not None and stored.is_public
    was_published = stored is not None and stored.status == Article.Status.PUBLISHED
    if choice == Publication.DRAFT:
        article.status = Article.Status.DRAFT
        # A time nobody chose is left as it is (an imported draft keeps its
        # WordPress date); it gives way to "now" when the draft is published.
        if publish_at is not None and (stored is None or publish_at != stored.publish_at):
            article.publish_at, article.publish_at_chosen = publish_at, True
        return "withdrawn" if was_published else "draft"
    if publish_at is not None and (problem := limits.publish_time_problem(publish_at)):
        raise ValidationError({"publish_at": problem})
    if choice == Publication.NOW:
        publish_at = now.replace(microsecond=0)  # as the form shows it, so a re-save keeps it
    elif publish_at is None:
        raise ValidationError(
            {"publish_at": _("Isi waktu terbit, atau pilih “Terbitkan sekarang”.")}
        )
    article.status = Article.Status.PUBLISHED
    article.publish_at, article.publish_at_chosen = publish_at, True
    if publish_at > now:
        return "scheduled"
    if was_public:
        if abs(publish_at - stored.publish_at) < datetime.timedelta(seconds=1):
            article.publish_at = stored.publish_at  # the form drops fractions of a second
            return "kept"
        return "retimed"
    return "published" if publish_at >= now - datetime.timedelta(minutes=1) else "backdated"


def _publication_words(state, article):
    title = article.title
    return {
        "draft": (_("«%(title)s» disimpan sebagai draf."), _("disimpan sebagai draf")),
        "withdrawn": (
            _("«%(title)s» ditarik menjadi draf: tidak lagi tampil untuk publik."),
            _("ditarik menjadi draf"),
        ),
        "published": (
            _("«%(title)s» diterbitkan pada %(when)s."),
            _("diterbitkan pada %(when)s"),
        ),
        "backdated": (
            _(
                "«%(title)s» diterbitkan dengan tanggal lampau %(when)s: di arsip dan "
                "umpan ia tampil pada tanggal itu."
            ),
            _("diterbitkan dengan tanggal lampau %(when)s"),
        ),
        "scheduled": (
            _("«%(title)s» dijadwalkan terbit pada %(when)s."),
            _("dijadwalkan untuk %(when)s"),
        ),
        "retimed": (
            _("«%(title)s» disimpan; waktu terbitnya kini %(when)s."),
            _("waktu terbit diubah menjadi %(when)s"),
        ),
        "kept": (_("Perubahan pada «%(title)s» disimpan."), _("disunting")),
    }[state], {"title": title, "when": when(article.publish_at)}


# --- Saving ------------------------------------------------------------------------------


def save_article(
    article: Article,
    *,
    user=None,
    sections: list[tuple[str, str]] | None = None,
    tags: list[str] | None = None,
    publication: str | None = None,
    publish_at: datetime.datetime | None = None,
    change_kind: str | None = None,
    correction_reason: str = "",
    text_changed: bool | None = None,
) -> Outcome:
    """Saves a new or changed article with its sections and tags, as one change.

    ``article`` carries the new title, slug, summary and other fields, unsaved.
    ``sections`` ([(heading, body)] in order) and ``tags`` (names) replace the stored
    ones when given. ``publication`` is a ``Publication`` choice (None keeps the
    status and time). A public article whose text changed needs a ``change_kind``;
    a correction needs its reason. Raises ValidationError for a refused save and
    PermissionDenied when ``user`` may not publish.
    """
    new = article.pk is None
    if sections is not None:
        sections = [(heading or "", richtext.sanitize(body or "")) for heading, body in sections]
    publishing = publication not in (None, Publication.DRAFT)
    if publishing and user is not None and not workflow.can_publish(user):
        raise PermissionDenied(_("Hanya editor yang dapat menerbitkan artikel."))
    with transaction.atomic():
        _lock_tags(exclusive=False)
        stored = None
        if not new:
            stored = Article.objects.select_for_update().get(pk=article.pk)
            if user is not None and not workflow.can_edit(user, stored):
                raise PermissionDenied(_("Artikel ini hanya dapat diubah editor."))
            revisions.record_baseline(stored)
            article.version = stored.version + 1
        _check(article, sections, tags)
        if text_changed is None:
            text_changed = new or _text_differs(stored, article, sections)
        if not new and text_changed and stored.is_public:
            check_change_kind(change_kind, correction_reason)
        else:
            change_kind = None
        now = timezone.now()
        state = (
            _apply_publication(article, stored, publication, publish_at, now)
            if publication is not None
            else ("kept" if article.is_public else "draft")
        )
        if change_kind in (ChangeKind.CORRECTION, ChangeKind.UPDATE):
            article.content_changed_at = now
        if user is not None and not workflow.can_publish(user):
            # Writers do not choose whose name an article carries.
            article.author_id = stored.author_id if stored else user.pk
        if article.author_id is None and user is not None:
            article.author = user
        with reversion.create_revision(manage_manually=True), deferred_search_refresh():
            article.save()
            if sections is not None:
                _write_sections(article, sections)
            if tags is not None:
                _write_tags(article, tags)
            if change_kind == ChangeKind.CORRECTION:
                Correction.objects.create(
                    article=article, reason=correction_reason.strip(), editor=user
                )
            (message, happened), words = _publication_words(state, article)
            happened %= words
            note = _save_note(new, state, happened, change_kind, correction_reason)
            _record(article, user, note, ADDITION if new else CHANGE)
    return Outcome(message=message % words, note=note, article=article)


def _save_note(new, state, happened, change_kind, reason):
    """The revision's note: what happened, as the history list says it."""
    if new:
        if state == "draft":
            return _("Dibuat sebagai draf")
        return _("Dibuat dan %(happened)s") % {"happened": happened}
    if state not in ("kept", "draft"):
        return _("Disunting, lalu %(happened)s") % {"happened": happened}
    if change_kind == ChangeKind.CORRECTION:
        return _("Koreksi: %(reason)s") % {"reason": reason.strip()}
    if change_kind == ChangeKind.UPDATE:
        return _("Pembaruan isi")
    if change_kind == ChangeKind.MINOR:
        return _("Perubahan kecil")
    return _("Disunting")


def _check(article, sections, tags):
    errors = {}
    if problem := slug_problem(article.slug, article.pk):
        errors["slug"] = problem
    if sections is not None:
        problems = limits.text_problems(article.title, sections, tags or ())
        if problems:
            errors.setdefault("__all__", []).extend(problem.message for problem in problems)
    if errors:
        raise ValidationError(errors)


def check_change_kind(kind, reason):
    if not kind:
        raise ValidationError(
            {"change_kind": _("Teks artikel yang sudah terbit berubah: pilih jenis perubahannya.")}
        )
    if kind == ChangeKind.CORRECTION and not (reason or "").strip():
        raise ValidationError(
            {"correction_reason": _("Tuliskan alasan koreksi untuk pembaca (satu kalimat).")}
        )


def _text_differs(stored, article, sections):
    if (stored.title, stored.summary) != (article.title, article.summary):
        return True
    # Tags are how the article is filed, not its text: they need no correction.
    return sections is not None and _stored_sections(article) != [tuple(s) for s in sections]


def _stored_sections(article):
    return list(article.sections.order_by("position", "pk").values_list("heading", "body"))


def _write_sections(article, sections):
    """Writes the sections in order, rewriting only the ones that changed."""
    stored = list(article.sections.order_by("position", "pk"))
    for position, (heading, body) in enumerate(sections, start=1):
        if position <= len(stored):
            section = stored[position - 1]
            if (section.position, section.heading, section.body) == (position, heading, body):
                continue
            section.position, section.heading, section.body = position, heading, body
            section.save()
        else:
            Section.objects.create(article=article, position=position, heading=heading, body=body)
    for section in stored[len(sections) :]:
        section.delete()


def resolve_tag(name: str) -> Tag:
    """The tag a typed name means now: by name, by slug, by an old address, or new.

    A tag renamed or merged while the form was open is found through its old
    address, so the writer's tag follows it instead of coming back as a copy.
    """
    name = " ".join(name.split())
    tag = Tag.objects.filter(name__iexact=name).first()
    if tag is None and (slug := slugify(name)):
        tag = Tag.objects.filter(slug=slug).first()
        if tag is None:
            moved = TagRedirect.objects.select_related("tag").filter(old_slug=slug).first()
            tag = moved.tag if moved else None
    if tag is None:
        tag = Tag.objects.create(name=name)
    return tag


def _write_tags(article, names):
    wanted = {}
    for name in names:
        if name.strip():
            tag = resolve_tag(name)
            wanted[tag.pk] = tag
    have = set(article.tagged_items.values_list("tag_id", flat=True))
    article.tagged_items.exclude(tag_id__in=list(wanted)).delete()
    TaggedArticle.objects.bulk_create(
        [
            TaggedArticle(tag=tag, content_object=article)
            for pk, tag in wanted.items()
            if pk not in have
        ]
    )
    # bulk_create sends no signals: the article's words include its tags.
    search_signals.refresh([article.pk])


def _record(article, user, note, flag):
    """The revision (inside the caller's create_revision) and the admin log entry."""
    reversion.set_comment(note)
    if user is not None:
        reversion.set_user(user)
    reversion.add_to_revision(article)
    if user is not None:
        LogEntry.objects.log_actions(
            user_id=user.pk,
            queryset=[article],
            action_flag=flag,
            change_message=note,
            single_object=True,
        )


# --- State changes for many articles -----------------------------------------------------


def _each(articles, user, change):
    """Runs ``change(article, now)`` on each article, locked, with its revision and log.

    ``change`` returns the revision note, or None to leave the article alone.
    Returns the changed articles with their notes.
    """
    done = []
    pks = [article.pk for article in articles]
    with transaction.atomic(), deferred_search_refresh():
        _lock_tags(exclusive=False)
        now = timezone.now()
        for article in Article.objects.select_for_update().filter(pk__in=pks).order_by("pk"):
            revisions.record_baseline(article)
            note = change(article, now)
            if note is None:
                continue
            note = capfirst(note)
            article.version += 1
            with reversion.create_revision(manage_manually=True):
                article.save()
                _record(article, user, note, CHANGE)
            done.append((article, note))
    return done


def publish(articles, user=None) -> Outcome:
    """Publishes drafts: now, unless someone chose their time (then at that time)."""
    _require_publisher(user)
    counts = {"published": 0, "scheduled": 0, "backdated": 0}

    def change(article, now):
        if article.status != Article.Status.DRAFT or article.deleted_at is not None:
            return None
        chosen = article.publish_at if article.publish_at_chosen else None
        choice = Publication.PUBLISHED if chosen else Publication.NOW
        state = _apply_publication(article, None, choice, chosen, now)
        counts[state] += 1
        return _publication_words(state, article)[0][1] % {"when": when(article.publish_at)}

    done = _each(articles, user, change)
    parts = []
    if counts["published"]:
        parts.append(_("%(n)d diterbitkan sekarang") % {"n": counts["published"]})
    if counts["scheduled"]:
        parts.append(_("%(n)d dijadwalkan pada waktu yang dipilih") % {"n": counts["scheduled"]})
    if counts["backdated"]:
        parts.append(
            _("%(n)d diterbitkan dengan tanggal lampau yang dipilih") % {"n": counts["backdated"]}
        )
    if len(done) == 1:
        article, note = done[0]
        note = note[:1].lower() + note[1:]
        message = _("«%(title)s» %(note)s.") % {"title": article.title, "note": note}
    elif done:
        message = _("%(count)d artikel: %(parts)s.") % {
            "count": len(done),
            "parts": "; ".join(parts),
        }
    else:
        message = _("Tidak ada draf yang diterbitkan (yang terpilih sudah terbit atau di sampah).")
    return Outcome(message=message, note="", counts=counts)


def _set_state(articles, user, *, applies, values, note, message) -> Outcome:
    """Sets ``values(now)`` on each article for which ``applies(article)``, as one change
    each (revision, log entry); ``message`` is formatted with the count changed."""
    _require_publisher(user)

    def change(article, now):
        if not applies(article):
            return None
        for name, value in values(now).items():
            setattr(article, name, value)
        return note

    done = _each(articles, user, change)
    return Outcome(
        message=message % {"count": len(done)},
        note=note,
        counts={"changed": [article.pk for article, _note in done]},
    )


def unpublish(articles, user=None) -> Outcome:
    """Withdraws published (or scheduled) articles to drafts; their time stays."""
    return _set_state(
        articles,
        user,
        applies=lambda article: article.status == Article.Status.PUBLISHED,
        values=lambda now: {"status": Article.Status.DRAFT},
        note=_("ditarik menjadi draf"),
        message=_("%(count)d artikel ditarik menjadi draf; tidak lagi tampil untuk publik."),
    )


def trash(articles, user=None) -> Outcome:
    """Moves articles to the trash: out of every public page, restorable."""
    return _set_state(
        articles,
        user,
        applies=lambda article: article.deleted_at is None,
        values=lambda now: {"deleted_at": now},
        note=_("dipindahkan ke tempat sampah"),
        message=_("%(count)d artikel dipindahkan ke tempat sampah."),
    )


def restore_from_trash(articles, user=None) -> Outcome:
    return _set_state(
        articles,
        user,
        applies=lambda article: article.deleted_at is not None,
        values=lambda now: {"deleted_at": None},
        note=_("dipulihkan dari tempat sampah"),
        message=_("%(count)d artikel dipulihkan dari tempat sampah."),
    )


def purge(articles, user=None) -> Outcome:
    """Deletes for good, only articles already in the trash. Superusers only."""
    if user is not None and not workflow.can_purge(user):
        raise PermissionDenied(_("Hanya superuser yang dapat menghapus permanen."))
    with transaction.atomic():
        trashed = list(
            Article.objects.select_for_update().filter(
                pk__in=[article.pk for article in articles], deleted_at__isnull=False
            )
        )
        if user is not None and trashed:
            LogEntry.objects.log_actions(
                user_id=user.pk,
                queryset=trashed,
                action_flag=DELETION,
                change_message=_("Dihapus permanen dari tempat sampah"),
            )
        Article.objects.filter(pk__in=[article.pk for article in trashed]).delete()
    return Outcome(
        message=_("%(count)d artikel dihapus permanen; yang tidak di tempat sampah dilewati.")
        % {"count": len(trashed)},
        note="",
    )


def _require_publisher(user):
    if user is not None and not workflow.can_publish(user):
        raise PermissionDenied(_("Hanya editor yang dapat melakukan ini."))


# --- Revisions ---------------------------------------------------------------------------


def restore_revision(
    article: Article, version, *, user=None, change_kind=None, correction_reason=""
) -> Outcome:
    """Puts an old revision's title, slug, summary, sections and tags back, as a new revision.

    Status, publish time and the trash mark stay: restoring text never publishes or
    withdraws anything by the back door. Refused (ValidationError naming the other
    article) when the old slug now belongs to another article.
    """
    snapshot = revisions.revision_snapshot(version)
    saved = date_format(timezone.localtime(version.revision.date_created), "j F Y H.i")
    with transaction.atomic():
        _lock_tags(exclusive=False)
        article = Article.objects.select_for_update().get(pk=article.pk)
        revisions.record_baseline(article)
        if problem := slug_problem(snapshot.slug, article.pk):
            raise ValidationError(
                _("Revisi ini tidak dapat dipulihkan: %(problem)s") % {"problem": problem}
            )
        problems = limits.text_problems(snapshot.title, snapshot.sections, snapshot.tag_names)
        if problems:
            raise ValidationError([problem.message for problem in problems])
        public = article.is_public
        if public:
            check_change_kind(change_kind, correction_reason)
        else:
            change_kind = None
        note = _("Dipulihkan dari revisi %(when)s WITA (versi %(version)s)") % {
            "when": saved,
            "version": snapshot.version,
        }
        if change_kind == ChangeKind.CORRECTION:
            note += " — " + _("koreksi: %(reason)s") % {"reason": correction_reason.strip()}
        with reversion.create_revision(manage_manually=True), deferred_search_refresh():
            revisions.restore_content(article, snapshot)
            article.version += 1
            if change_kind in (ChangeKind.CORRECTION, ChangeKind.UPDATE):
                article.content_changed_at = timezone.now()
            article.save()
            if change_kind == ChangeKind.CORRECTION:
                Correction.objects.create(
                    article=article, reason=correction_reason.strip(), editor=user
                )
            _record(article, user, note, CHANGE)
    return Outcome(
        message=_("Revisi %(when)s WITA dipulihkan sebagai revisi baru.") % {"when": saved},
        note=note,
        article=article,
    )


# --- Tags --------------------------------------------------------------------------------


def rename_tag(tag: Tag, *, name: str, slug: str, user=None) -> Outcome:
    """Renames a tag; its old address keeps answering (articles.slug_history)."""
    with transaction.atomic(), deferred_search_refresh():
        _lock_tags(exclusive=True)
        old_name = tag.name
        tag.name, tag.slug = name, slug
        tag.save()
        note = _("Tag «%(old)s» diganti nama menjadi «%(new)s»") % {"old": old_name, "new": name}
        if user is not None:
            LogEntry.objects.log_actions(
                user_id=user.pk,
                queryset=[tag],
                action_flag=CHANGE,
                change_message=note,
                single_object=True,
            )
    return Outcome(message=note + ".", note=note)


def merge_tags(sources: list[Tag], target: Tag, *, user=None) -> Outcome:
    """Moves every article of ``sources`` to ``target`` and deletes the sources.

    Old addresses of the sources (and their own old addresses) answer 301 to the
    target. Each article that changed gets a revision and a new version, so a form
    opened before the merge cannot put the old tag back.
    """
    from articles import tagging

    with transaction.atomic(), deferred_search_refresh():
        _lock_tags(exclusive=True)
        source_ids = [tag.pk for tag in sources if tag.pk != target.pk]
        names = ", ".join(tag.name for tag in sources if tag.pk != target.pk)
        note = _("Tag %(names)s digabung ke %(target)s") % {"names": names, "target": target.name}
        if user is not None:
            LogEntry.objects.log_actions(
                user_id=user.pk,
                queryset=list(Tag.objects.filter(pk__in=source_ids)),
                action_flag=DELETION,
                change_message=note,
            )
        article_ids = tagging.move_taggings(source_ids, target)
        for article in Article.objects.filter(pk__in=article_ids).order_by("pk"):
            article.version += 1
            with reversion.create_revision(manage_manually=True):
                article.save(update_fields=["version", "updated_at"])
                _record(article, user, note, CHANGE)
        if user is not None:
            LogEntry.objects.log_actions(
                user_id=user.pk,
                queryset=[target],
                action_flag=CHANGE,
                change_message=note,
                single_object=True,
            )
    return Outcome(
        message=_("%(count)d tag digabung ke «%(target)s»; %(articles)d artikel dipindahkan.")
        % {"count": len(source_ids), "target": target.name, "articles": len(article_ids)},
        note=note,
        counts={"articles": len(article_ids)},
    )
