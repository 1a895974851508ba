"""The small HTML subset a section body may contain, shared by the editor and the sanitizer.

One list drives both the admin's rich-text editor (what staff can make) and nh3's
allow-list (what is kept on save and import), so they can never drift apart.
"""

from django_prose_editor.fields import ProseEditorField, create_sanitizer

EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "HardBreak": True,
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto", "tel"]},
}

_clean = create_sanitizer(EXTENSIONS)


def sanitize(html: str) -> str:
    """Keeps only the allowed elements; scripts, handlers and javascript: links go."""
    return _clean(html or "")


class RichTextField(ProseEditorField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("extensions", EXTENSIONS)
        kwargs.setdefault("sanitize", True)
        super().__init__(*args, **kwargs)
