"""The "being edited by" notice: who has an article's form open, and since when.

Only a courtesy, as in WordPress: it lives in the cache and fades on its own a few
minutes after the form was last opened or refreshed. What actually protects the text
is the version check in the admin form (see ArticleForm.clean), which works even
when the cache is empty or not shared.

One cache entry per person and article, plus a list of who may have one. Before,
all editors of an article shared one entry, a dict that every note and every stop
read, changed and wrote back whole. Two requests at the same moment (Budi's
heartbeat, which each open form sends every minute, and Ani's save) could then
interleave: Budi reads {Ani, Budi}, Ani's save writes {Budi}, Budi writes {Ani, Budi}
back, and Ani is "editing" again for five more minutes after she saved. Now ending is
deleting one's own entry: no other person's write can bring it back. Only adding a
name to the list can still race, and then the one left out is listed again by their
next heartbeat, a minute later at most.

What else kept the notice after a save or a leave is in static/admin/js/penyuntingan.js:
the heartbeat kept firing while a save was on its way, and a forgotten tab kept its
author listed for as long as it stayed open; leaving said nothing to the server.
"""

import datetime

from django.core.cache import cache
from django.utils import formats, timezone
from django.utils.translation import gettext as _

# A form left open longer than this without a refresh no longer counts as "editing".
EDITING_TIMEOUT = 5 * 60


def _list_key(article_pk):
    return f"article-editors:{article_pk}"


def _entry_key(article_pk, user_pk):
    return f"article-editor:{article_pk}:{user_pk}"


def _current(article_pk):
    """{user_pk: entry} of everyone whose form was seen in the last EDITING_TIMEOUT."""
    user_pks = cache.get(_list_key(article_pk)) or []
    if not user_pks:
        return {}
    entries = cache.get_many([_entry_key(article_pk, user_pk) for user_pk in user_pks])
    oldest = timezone.now().timestamp() - EDITING_TIMEOUT
    current = {}
    for user_pk in user_pks:
        entry = entries.get(_entry_key(article_pk, user_pk))
        if entry is not None and entry["seen"] > oldest:
            current[user_pk] = entry
    return current


def note_editing(article_pk, user, *, editing=True):
    """Records that ``user`` has the form open; returns the others editing it now.

    Someone who may only read the article (``editing=False``) is told who edits it
    without being listed as an editor. Each other editor is
    ``{"name": ..., "since": datetime}``, earliest first.
    """
    now = timezone.now().timestamp()
    editors = _current(article_pk)
    if editing:
        mine = editors.get(user.pk)
        editors[user.pk] = {
            "name": user.get_full_name() or user.get_username(),
            "since": mine["since"] if mine else now,
            "seen": now,
        }
        cache.set(_entry_key(article_pk, user.pk), editors[user.pk], EDITING_TIMEOUT)
        if mine is None:
            # The list names only those still editing: whoever faded or stopped is dropped.
            cache.set(_list_key(article_pk), list(editors), EDITING_TIMEOUT)
        else:
            cache.touch(_list_key(article_pk), EDITING_TIMEOUT)
    others = [entry for user_pk, entry in editors.items() if user_pk != user.pk]
    return [
        {
            "name": entry["name"],
            "since": datetime.datetime.fromtimestamp(entry["since"], tz=datetime.UTC),
        }
        for entry in sorted(others, key=lambda entry: entry["since"])
    ]


def stop_editing(article_pk, user):
    """``user`` saved the article or left its form: they are no longer listed.

    Their own next heartbeat (a form still open in another tab, or brought back with
    the browser's Back button) lists them again, with a new "since".
    """
    cache.delete(_entry_key(article_pk, user.pk))


def notice_lines(others):
    """The notice's sentences for ``others`` (what ``note_editing`` returned), as the
    change form shows them: for a heartbeat answer that refreshes an open form's notice."""
    return [
        _("Sedang disunting oleh %(name)s sejak %(since)s WITA.")
        % {
            "name": editor["name"],
            "since": formats.date_format(timezone.localtime(editor["since"]), "H:i"),
        }
        for editor in others
    ]
