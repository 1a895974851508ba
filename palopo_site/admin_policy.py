"""The one exception to the strict Content-Security-Policy: the rich-text editor's import map.

django-prose-editor loads its ES modules through an inline ``<script type="importmap">``
in the admin's form media, which ``script-src 'self'`` blocks (checked in Chromium: the
editor then fails with "Failed to resolve module specifier"). js_asset renders it
without a nonce hook, so instead of ``'unsafe-inline'`` the admin's policy allows
exactly that import map by its SHA-256 hash.

The editor (Tiptap) also injects a ``<style>`` element at run time, whose text belongs
to the editor's version, so admin pages allow inline styles ('unsafe-inline' in
``style-src`` only): a style cannot run code, and admin pages show staff's own escaped
text. Scripts stay limited to our own files plus that one import map. The public site
keeps the strict policy; Django's admin needs nothing else (checked in Chromium).
"""

import base64
import hashlib
import re
from functools import cache

from django.urls import reverse

IMPORTMAP = re.compile(r'<script type="importmap"[^>]*>(.*?)</script>', re.S)


@cache
def importmap_hash() -> str:
    # The map holds hashed static file names, fixed for a deployment, so one
    # computation per process is enough.
    from django_prose_editor.widgets import importmap

    content = IMPORTMAP.search(importmap.render()).group(1)
    digest = base64.b64encode(hashlib.sha256(content.encode()).digest()).decode()
    return f"'sha256-{digest}'"


class AdminEditorPolicyMiddleware:
    """Adds the import map's hash to ``script-src`` on admin pages (django-csp reads it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path_info.startswith(reverse("admin:index")):
            response._csp_update = {
                "script-src": [importmap_hash()],
                "style-src": ["'unsafe-inline'"],
            }
        return response
