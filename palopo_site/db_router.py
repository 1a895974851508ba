"""Public reads on a read replica, everything else on the primary.

A database router cannot see the request, so a middleware marks the request's
context (a contextvar, safe per thread and per task) and the router reads it.
Only an anonymous GET or HEAD is a public read: a request carrying a session
cookie (staff who logged in), any form post and everything outside a request
(management commands, imports, migrations) uses the primary, so staff always see
what they just saved.

Replica lag: a citizen may see an edit a moment (the replication lag, usually
well under a second) after staff saved it. Nothing public depends on seeing a
write at once; staff requests read from the primary.

Without a ``replica`` alias in DATABASES the router answers None and Django uses
``default``: a single-database site behaves exactly as before.
"""

from contextvars import ContextVar

from django.conf import settings
from django.db import connections

REPLICA = "replica"
PRIMARY = "default"

_public_read: ContextVar[bool] = ContextVar("public_read", default=False)


def is_public_read(request) -> bool:
    return request.method in ("GET", "HEAD") and (
        settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


class PublicReadsMiddleware:
    """Marks the current request as a public read while it is being answered.

    It looks at the session cookie, not at ``request.user``: loading the user would
    touch the session and add ``Vary: Cookie`` to every public page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _public_read.set(is_public_read(request))
        try:
            return self.get_response(request)
        finally:
            _public_read.reset(token)


class PublicReadsOnReplicaRouter:
    def db_for_read(self, model, **hints):
        if _public_read.get() and REPLICA in connections:
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        # The replica is a copy of the primary: objects from either may be related.
        return {obj1._state.db, obj2._state.db} <= {PRIMARY, REPLICA, None}

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # Only the primary is migrated; the replica receives the changes by replication.
        return db != REPLICA
