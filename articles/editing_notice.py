"""The "being edited by" notice: who has an article's form open, and since when.

Only a courtesy, as in WordPress: it lives in the cache and fades on its own a few
minutes after the form was last opened or refreshed. What actually protects the text
is the version check in the admin form (see ArticleForm.clean), which works even
when the cache is empty or not shared.
"""

import datetime

from django.core.cache import cache
from django.utils import timezone

# A form left open longer than this without a refresh no longer counts as "editing".
EDITING_TIMEOUT = 5 * 60


def _key(article_pk):
    return f"article-editing:{article_pk}"


def _current(article_pk):
    now = timezone.now().timestamp()
    editors = cache.get(_key(article_pk)) or {}
    return {
        user_id: entry
        for user_id, entry in editors.items()
        if entry["seen"] > now - EDITING_TIMEOUT
    }


def note_editing(article_pk, user, *, editing=True):
    """Records that ``user`` has the form open; returns the others editing it now.

    Someone who may only read the article (``editing=False``) is told who edits it
    without being listed as an editor. Each other editor is
    ``{"name": ..., "since": datetime}``, earliest first.
    """
    now = timezone.now()
    editors = _current(article_pk)
    if editing:
        mine = editors.get(user.pk)
        editors[user.pk] = {
            "name": user.get_full_name() or user.get_username(),
            "since": mine["since"] if mine else now.timestamp(),
            "seen": now.timestamp(),
        }
        cache.set(_key(article_pk), editors, EDITING_TIMEOUT)
    others = [entry for user_id, entry in editors.items() if user_id != user.pk]
    return [
        {
            "name": entry["name"],
            "since": datetime.datetime.fromtimestamp(entry["since"], tz=datetime.UTC),
        }
        for entry in sorted(others, key=lambda entry: entry["since"])
    ]


def stop_editing(article_pk, user):
    editors = _current(article_pk)
    if editors.pop(user.pk, None) is not None:
        cache.set(_key(article_pk), editors, EDITING_TIMEOUT)
