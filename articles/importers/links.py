"""Bare web addresses in imported text become links.

``https://palopokota.go.id/perda`` typed into a text becomes ``<a href="...">...</a>``
with the address as its text, the way WordPress's ``make_clickable`` links them (WordPress
core runs it on comments; on post bodies it links only an address alone on its line, via
its embed code, and many themes add ``make_clickable`` to bodies too). Only ``http://``
and ``https://``: an address must stand on its own (not glued to a word before it), and
punctuation that ends the sentence around it (``.``, ``,``, the ``)`` of a parenthesis
opened before the address, closing quotes) is not part of it. The result still goes
through the shared sanitizer (``articles.richtext.sanitize``), whose link rules (allowed
protocols) decide what is kept; nothing here widens them.
"""

import re

from django.utils.html import escape

# Not glued to a word or path before it; up to the first space, markup character or
# typographic quote.
_URL = re.compile(r"(?<![\w/@.-])https?://[^\s<>\"\u201c\u201d\u2018\u2019\u00ab\u00bb]+", re.I)
_HAS_HOST = re.compile(r"^https?://[^\W_]", re.I)
_TRAILING = ".,;:!?'…*"
_PAIRS = {")": "(", "]": "["}


def _trimmed(url: str) -> str:
    while url:
        last = url[-1]
        if last in _TRAILING or (last in _PAIRS and url.count(_PAIRS[last]) < url.count(last)):
            url = url[:-1]
        else:
            break
    return url


def split(text: str) -> list[str]:
    """``text`` as [text, url, text, url, ..., text]: addresses at the odd places."""
    pieces, start = [], 0
    for match in _URL.finditer(text):
        url = _trimmed(match.group())
        if not _HAS_HOST.match(url):
            continue
        pieces += [text[start : match.start()], url]
        start = match.start() + len(url)
    return [*pieces, text[start:]]


def linked_html(text: str) -> str:
    """Plain text as HTML: escaped, its bare addresses as links."""
    pieces = split(text)
    return "".join(
        escape(piece) if number % 2 == 0 else f'<a href="{escape(piece)}">{escape(piece)}</a>'
        for number, piece in enumerate(pieces)
    )


def link_tree(root, skip=frozenset()):
    """Links the bare addresses in the text of an lxml tree, in place.

    Text inside an ``<a>`` (already a link) or an element named in ``skip`` (such as a
    heading, which is stored as plain text) is left alone.
    """
    skipped = {"a", *skip}
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue
        if element.text and "://" in element.text and not _inside(element, skipped, root):
            _link_text(element)
        if (
            element is not root
            and element.tail
            and "://" in element.tail
            and not _inside(element.getparent(), skipped, root)
        ):
            _link_tail(element)


def _inside(element, skipped, root) -> bool:
    while element is not None:
        if element.tag in skipped:
            return True
        if element is root:
            return False
        element = element.getparent()
    return False


def _anchors(element, urls_and_texts):
    made = []
    for url, after in urls_and_texts:
        anchor = element.makeelement("a", {"href": url})
        anchor.text, anchor.tail = url, after
        made.append(anchor)
    return made


def _pairs(pieces):
    return list(zip(pieces[1::2], pieces[2::2], strict=True))


def _link_text(element):
    pieces = split(element.text)
    if len(pieces) == 1:
        return
    element.text = pieces[0]
    for position, anchor in enumerate(_anchors(element, _pairs(pieces))):
        element.insert(position, anchor)


def _link_tail(element):
    pieces = split(element.tail)
    if len(pieces) == 1:
        return
    parent = element.getparent()
    element.tail = pieces[0]
    at = parent.index(element) + 1
    for offset, anchor in enumerate(_anchors(element, _pairs(pieces))):
        parent.insert(at + offset, anchor)
