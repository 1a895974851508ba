"""WordPress's ``wpautop()``: paragraphs from the blank lines of classic-editor text.

The classic editor stores text as typed: paragraphs separated by blank lines, line
breaks as single newlines, and no ``<p>`` tags. WordPress adds them only when it
displays a post (``wp-includes/formatting.php``). No Python library does this, so the
essential part is ported here by hand: block-level tags get blank lines around them,
the text is split at blank lines, each piece becomes a ``<p>``, ``<p>`` wrapped round a
block tag is removed again and single newlines become ``<br>``. Left out on purpose:
``<pre>`` and ``<script>``/``<style>`` newline protection (those elements are dropped by
the importer anyway, and a ``<pre>`` loses its layout in the allowed HTML) and the
``<option>``/``<object>``/``<select>`` clean-ups.

Regular expressions on HTML are normally wrong; here they are the point: the result must
match what WordPress itself did, and WordPress does it with these expressions. The
output is parsed with a real HTML parser afterwards, which repairs any odd nesting.
"""

import re

# WordPress's $allblocks (formatting.php), the tags that never sit inside a paragraph.
BLOCK_TAGS = (
    "table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|"
    "map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|article|"
    "aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary"
)

_DOUBLE_BR = re.compile(r"<br\s*/?>\s*<br\s*/?>")
_OPEN_BLOCK = re.compile(rf"(<(?:{BLOCK_TAGS})[\s/>])", re.IGNORECASE)
_CLOSE_BLOCK = re.compile(rf"(</(?:{BLOCK_TAGS})>)", re.IGNORECASE)
_HR = re.compile(r"(<hr\s*?/?>)", re.IGNORECASE)
_MANY_NEWLINES = re.compile(r"\n\n+")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_EMPTY_P = re.compile(r"<p>\s*</p>")
_P_AROUND_CLOSING = re.compile(r"<p>([^<]+)</(div|address|form)>", re.IGNORECASE)
_P_AROUND_BLOCK = re.compile(rf"<p>\s*(</?(?:{BLOCK_TAGS})[^>]*>)\s*</p>", re.IGNORECASE)
_P_BEFORE_LI = re.compile(r"<p>(<li.+?)</p>", re.IGNORECASE)
_P_BLOCKQUOTE_OPEN = re.compile(r"<p><blockquote([^>]*)>", re.IGNORECASE)
_P_BLOCKQUOTE_CLOSE = re.compile(r"</blockquote></p>", re.IGNORECASE)
_P_BEFORE_BLOCK = re.compile(rf"<p>\s*(</?(?:{BLOCK_TAGS})[^>]*>)", re.IGNORECASE)
_P_AFTER_BLOCK = re.compile(rf"(</?(?:{BLOCK_TAGS})[^>]*>)\s*</p>", re.IGNORECASE)
_NEWLINE_TO_BR = re.compile(r"(?<!<br />)\s*\n")
_BR_AFTER_BLOCK = re.compile(rf"(</?(?:{BLOCK_TAGS})[^>]*>)\s*<br />", re.IGNORECASE)
_BR_BEFORE_BLOCK = re.compile(
    r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)", re.IGNORECASE
)


def wpautop(text: str) -> str:
    """Returns ``text`` with ``<p>`` and ``<br />`` added the way WordPress displays it."""
    if not text.strip():
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n") + "\n"
    text = _DOUBLE_BR.sub("\n\n", text)
    text = _OPEN_BLOCK.sub(r"\n\n\1", text)
    text = _CLOSE_BLOCK.sub(r"\1\n\n", text)
    text = _HR.sub(r"\1\n\n", text)
    text = _MANY_NEWLINES.sub("\n\n", text.strip("\n") + "\n")

    pieces = [piece for piece in _PARAGRAPH_BREAK.split(text) if piece.strip()]
    text = "".join(f"<p>{piece.strip(chr(10))}</p>\n" for piece in pieces)

    text = _EMPTY_P.sub("", text)
    text = _P_AROUND_CLOSING.sub(r"<p>\1</p></\2>", text)
    text = _P_AROUND_BLOCK.sub(r"\1", text)
    text = _P_BEFORE_LI.sub(r"\1", text)
    text = _P_BLOCKQUOTE_OPEN.sub(r"<blockquote\1><p>", text)
    text = _P_BLOCKQUOTE_CLOSE.sub("</p></blockquote>", text)
    text = _P_BEFORE_BLOCK.sub(r"\1", text)
    text = _P_AFTER_BLOCK.sub(r"\1", text)

    # Single newlines left inside a paragraph are line breaks the writer typed.
    text = _NEWLINE_TO_BR.sub("<br />\n", _strip_newlines_in_tags(text))
    text = _BR_AFTER_BLOCK.sub(r"\1", text)
    text = _BR_BEFORE_BLOCK.sub(r"\1", text)
    text = text.replace("\n</p>", "</p>")
    return text


_TAG = re.compile(r"<[^>]*>")


def _strip_newlines_in_tags(text: str) -> str:
    # A newline inside a tag's attributes is not a line break (WordPress replaces it
    # with a placeholder for the same reason).
    return _TAG.sub(lambda match: match.group(0).replace("\n", " "), text)
