"""An article save that arrives after the session expired is resumed once staff log in.

Staff write long articles in the admin. Typing sends no request, so two idle hours
after the last one (SESSION_COOKIE_AGE) the session has ended; pressing "Simpan"
then posts to an admin that only sees an anonymous visitor, redirects to the login
page, and everything typed was gone, even after Back (admin pages are not cached).

What happens now:

1. An anonymous POST to the article add or change form (matched by the admin's URL
   names, not by path) that passed the CSRF check is kept in the new, anonymous
   session: every value, lists kept, with the path and the time, under
   ``SESSION_KEY``. The login page then says why it is shown. The admin redirects to
   the login page as before.
2. Logging in keeps the session's data: ``login()`` only cycles the session key when
   the session had no user. The admin sends staff back to ``next``, the form's URL.
3. That GET, from a logged-in staff member, takes the kept data (once) and becomes
   the POST it was, before the view runs: the admin's usual save runs with it. Valid,
   it is saved, with a message saying the save was resumed. Invalid, or refused by
   the article's version check because someone saved meanwhile, the form is shown
   again with everything typed, as after any refused save.

Why resume after login, and not keep the session alive while a form is open: a
keep-alive needs the page's timers to run, and they do not while a laptop sleeps
(the usual way a session ends over a lunch break), and browsers throttle or freeze
them in background tabs. It cannot help either when the session ended another way:
a logout in another tab, a password change, sessions cleared on the server. The
editing heartbeat (static/admin/js/penyuntingan.js) renews the session each minute
as a side effect and still leaves all of those; resuming covers every one, and
staff only have to log in. Saving the text in the browser (localStorage) was the
other candidate: it needs script on every form, keeps council text on shared office
computers after the staff member left, and still asks staff to restore it by hand.

Safety:

- Only data that passed CSRF is kept (``csrf_processing_done`` and not exempted), so
  another site cannot plant a save that a later login would carry out. The CSRF
  token is in its own cookie (CSRF_USE_SESSIONS is off), so it outlives the session
  and the expired form's POST passes the check. The replay is exempt from a second
  check (``_dont_enforce_csrf_checks``): it is data that already passed, and login
  rotated the token the form carried. The stale token itself is not kept.
- A replay only runs for staff (the admin's own permission checks then apply to the
  person who logged in) and not on a navigation from another site
  (``Sec-Fetch-Site: cross-site``): it waits for the staff member's own visit.
- Bounded in size: all the kept saves of a session together are at most
  DATA_UPLOAD_MAX_MEMORY_SIZE (as stored, JSON); the oldest give way to a new one,
  and a single save larger than that is not kept (the login page says so).
- Bounded in age: one older than SESSION_COOKIE_AGE is dropped, with a message,
  instead of being saved hours later over whatever happened since.
- One kept save per form URL, so two tabs with expired forms of different articles
  each get theirs back; a newer one for the same URL replaces the older. An ordinary
  save of that form by a logged-in user drops it too: it is what they meant now.

- Bound to the person who opened the form. The form carries a signed token of its
  user (``token_for``, rendered by the article change form): a POST without a valid
  one is not kept, so an anonymous visitor can neither plant a save nor fill the
  session store; and a kept save is only resumed when that same person logs in. On
  a shared computer, someone else logging in gets a message instead, and nothing
  is saved in their name. (The session itself cannot say who it belonged to: the
  browser drops its cookie when it expires.)

Uploaded files are not kept (the article form has none).
"""

import json

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.http import QueryDict
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy as _

SESSION_KEY = "resume_save"
# The admin's URL names of the forms whose saves are resumed.
VIEW_NAMES = frozenset({"admin:articles_article_add", "admin:articles_article_change"})
# The form field holding the signed id of the person who opened the form.
USER_FIELD = "_penyunting"
SIGNING_SALT = "palopo_site.resume_save"
# A form may stay open long; a week is more than any working session.
TOKEN_MAX_AGE = 7 * 24 * 60 * 60
# Stale after login (the CSRF token is rotated), or only for checking: not kept.
NOT_KEPT = frozenset({"csrfmiddlewaretoken", USER_FIELD})
# Used when DATA_UPLOAD_MAX_MEMORY_SIZE is None (no limit): Django's default.
FALLBACK_LIMIT = 2_621_440

STASHED = _(
    "Sesi Anda berakhir. Masuk lagi untuk melanjutkan menyimpan; teks Anda sudah diamankan."
)
TOO_LARGE = _(
    "Sesi Anda berakhir sebelum artikel tersimpan, dan isiannya terlalu besar untuk "
    "diamankan. Setelah masuk lagi, periksa artikel dan ulangi perubahan Anda."
)
RESUMED = _(
    "Sesi Anda sempat berakhir sebelum tersimpan. Setelah Anda masuk lagi, simpanan "
    "dilanjutkan dengan semua yang Anda ketik."
)
TOO_OLD = _(
    "Isian yang diamankan ketika sesi Anda berakhir sudah terlalu lama menunggu, "
    "sehingga tidak disimpan. Periksa artikel dan ulangi perubahan Anda."
)


OTHER_USER = _(
    "Ada isian yang diamankan ketika sesi seseorang berakhir di peramban ini, tetapi "
    "bukan milik akun Anda, jadi tidak disimpan."
)


def token_for(user) -> str:
    """What the article form carries so that an expired save can be tied to its writer."""
    return signing.TimestampSigner(salt=SIGNING_SALT).sign(str(user.pk))


def form_user(request) -> int | None:
    """The id of the person who opened the posted form, if its token is genuine."""
    token = request.POST.get(USER_FIELD, "")
    try:
        value = signing.TimestampSigner(salt=SIGNING_SALT).unsign(token, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:  # includes an expired signature
        return None
    return int(value) if value.isdigit() else None


def size_limit() -> int:
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE or FALLBACK_LIMIT


def stored_size(entry) -> int:
    return len(json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode())


def is_fresh(entry, now) -> bool:
    return 0 <= now - entry["at"] <= settings.SESSION_COOKIE_AGE


def csrf_checked(request) -> bool:
    """Whether CsrfViewMiddleware checked this POST and accepted it (it answers 403
    itself, before this middleware's process_view, when it refuses)."""
    return getattr(request, "csrf_processing_done", False) and not getattr(
        request, "_dont_enforce_csrf_checks", False
    )


def kept_saves(request) -> dict:
    kept = request.session.get(SESSION_KEY)
    return dict(kept) if isinstance(kept, dict) else {}


def store(request, kept):
    if kept:
        request.session[SESSION_KEY] = kept
    else:
        request.session.pop(SESSION_KEY, None)


def stash(request):
    """Keeps the anonymous POST for after the login; the admin then redirects there."""
    user_pk = form_user(request)
    if user_pk is None:
        return  # not a form a staff member opened: nothing is kept
    now = timezone.now().timestamp()
    entry = {
        "at": now,
        "user": user_pk,
        "data": [[name, values] for name, values in request.POST.lists() if name not in NOT_KEPT],
    }
    size, limit = stored_size(entry), size_limit()
    kept = {
        path: old
        for path, old in kept_saves(request).items()
        if path != request.path and is_fresh(old, now)
    }
    if size > limit:
        store(request, kept)
        messages.warning(request, TOO_LARGE)
        return
    # The oldest give way until the new one fits.
    for path in sorted(kept, key=lambda path: kept[path]["at"]):
        if size + sum(stored_size(old) for old in kept.values()) <= limit:
            break
        del kept[path]
    kept[request.path] = entry
    store(request, kept)
    messages.warning(request, STASHED)


def replay(request):
    """Turns this GET of the form into the POST kept for it, if there is one."""
    kept = kept_saves(request)
    if request.path not in kept:
        return
    if request.headers.get("Sec-Fetch-Site") == "cross-site":
        return  # not the staff member's own visit: the save waits for it
    entry = kept.pop(request.path)
    store(request, kept)
    if not is_fresh(entry, timezone.now().timestamp()):
        messages.warning(request, TOO_OLD)
        return
    if entry.get("user") != request.user.pk:
        messages.warning(request, OTHER_USER)
        return
    data = QueryDict(mutable=True)
    for name, values in entry["data"]:
        data.setlist(name, values)
    data._mutable = False
    request.method = "POST"
    request.META["REQUEST_METHOD"] = "POST"
    request.POST = data
    request._files = MultiValueDict()
    # Checked when it was posted; login rotated the token since.
    request._dont_enforce_csrf_checks = True
    messages.info(request, RESUMED)


class ResumeSaveMiddleware:
    """After CsrfViewMiddleware (its verdict is needed), AuthenticationMiddleware and
    MessageMiddleware. Only the two article form URLs touch the session here, so public
    pages stay without session and ``Vary: Cookie``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.view_name not in VIEW_NAMES:
            return None
        user = request.user
        if request.method == "POST":
            if not user.is_authenticated:
                if csrf_checked(request):
                    stash(request)
            else:
                kept = kept_saves(request)
                if kept.pop(request.path, None) is not None:
                    store(request, kept)  # saved by hand meanwhile: that is what counts now
        elif request.method == "GET" and user.is_active and user.is_staff:
            replay(request)
        return None
