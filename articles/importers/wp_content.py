"""A WordPress post's HTML becomes the archive's sections, inside the allowed HTML.

Each ``h1``-``h3`` starts a section with that heading (WordPress themes show the post
title as ``h1``, so writers used ``h2``/``h3`` for parts; an ``h1`` in a body is still a
part heading). Text before the first heading is the untitled opening section. ``h4``-
``h6`` become bold paragraphs, since sections have one heading level.

The HTML is parsed with lxml.html (libxml2): one C parser for both the export's XML and
its HTML, fast enough for exports of 100,000 posts, and maintained; html5lib would give
the same trees for this simple markup at many times the cost. Before the shared
sanitizer (``articles.richtext.sanitize``, the allow-list of the admin editor) the tree
is reshaped so that the sanitizer has nothing left to throw away but attributes, and
every removal is counted for the import report:

- ``script``, ``style``, ``iframe`` and other embedded things are removed with their
  content (their "text" is code or a fallback message, not the writer's words);
- ``b``/``i`` become ``strong``/``em``; other tags (``span``, ``div``, tables, images,
  ...) are reduced to their text, a block that held text becoming a paragraph so words
  of neighbouring cells or blocks never run together;
- block-editor comments (``<!-- wp:paragraph -->``) are dropped: they only mark blocks;
- shortcodes are removed and their enclosed text kept, so ``[caption ...]<img>
  Foto: Rapat paripurna[/caption]`` leaves the caption "Foto: Rapat paripurna" (the
  writer's words; the image itself is not carried over);
- bare ``http(s)://`` addresses in the text become links (articles/importers/links.py).

A body is read whole or not at all: see ``_parse`` for libxml2's limits.
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

import lxml.html
from django.utils.html import strip_tags
from django_prose_editor.config import allowlist_from_extensions, expand_extensions
from lxml import etree

from articles import richtext
from articles.importers import links
from articles.importers.wpautop import wpautop

HEADING_MAX_LENGTH = 255
# Elements inside elements, at most: libxml2's own default limit, which huge_tree
# raises (see _parse); no written text nests this deep, and the clean-up here recurses.
MAX_NESTING = 256
SECTION_HEADINGS = {"h1", "h2", "h3"}
MINOR_HEADINGS = {"h4", "h5", "h6"}
RENAMED = {"b": "strong", "i": "em"}
# Removed with everything inside them.
DROPPED_WITH_CONTENT = {
    "script",
    "style",
    "iframe",
    "object",
    "embed",
    "noscript",
    "template",
    "svg",
    "math",
    "canvas",
    "video",
    "audio",
    "form",
    "select",
    "textarea",
    "button",
    "head",
    "title",
    "meta",
    "link",
}
# Tags that hold paragraphs; loose text beside them gets its own paragraph.
BLOCKS = {"p", "ul", "ol", "li", "blockquote", *SECTION_HEADINGS, *MINOR_HEADINGS}

# WordPress core shortcodes. Other bracketed words are shortcodes only when they carry
# ``name="value"`` attributes or have a closing ``[/name]``: a plain "[Pasal 5]" in a
# council text is the writer's words, and WordPress too leaves unregistered ones alone.
CORE_SHORTCODES = {"caption", "wp_caption", "gallery", "embed", "audio", "video", "playlist"}
_SHORTCODE = re.compile(r"\[(/?)([A-Za-z][\w-]*)((?:\s[^\[\]]*)?)/?\]")
_CLOSING_SHORTCODE = re.compile(r"\[/([A-Za-z][\w-]*)\]")
_WHITESPACE = re.compile(r"\s+")


class ContentError(ValueError):
    """A post body that cannot be read whole; the importer refuses the post with it."""


@dataclass
class Converted:
    sections: list[tuple[str, str]] = field(default_factory=list)
    removed: Counter = field(default_factory=Counter)


@cache
def allowed_tags() -> frozenset[str]:
    """The sanitizer's own tag list, so this module and the editor can never drift."""
    return frozenset(allowlist_from_extensions(expand_extensions(richtext.EXTENSIONS))["tags"])


def is_block_editor(content: str) -> bool:
    return "<!-- wp:" in content


def convert(content: str) -> Converted:
    """Splits a post's ``content:encoded`` into ``(heading, body)`` sections."""
    result = Converted()
    content = strip_shortcodes(content, result.removed)
    if not is_block_editor(content):
        # WordPress adds paragraphs to classic-editor text only when displaying it;
        # block-editor content already has them (and WordPress skips wpautop for it).
        content = wpautop(content)
    if not content.strip():
        return result
    root = _parse(content)
    _clean_children(root, result.removed)
    _demote_nested_headings(root)
    _wrap_loose_text(root)
    _trim_paragraphs(root)
    # Bare addresses as links (headings stay plain text: they are stored as text).
    links.link_tree(root, skip=SECTION_HEADINGS)
    result.sections = _split_sections(root)
    return result


def _parse(content: str):
    """The body as a tree, whole, or ContentError.

    libxml2 by default stops at a text node or attribute over 10 MB (a pasted base64
    image, a long table dump) or at 256 levels of nesting, and in its forgiving HTML mode
    it says so only in its error log: everything after that point would silently be
    missing. ``huge_tree`` raises those limits (to 1 GB and 2048 levels); what still
    stops the parser, or nests deeper than MAX_NESTING, is refused rather than imported
    cut short. Length itself is judged afterwards, on the text, by articles.limits.
    """
    parser = lxml.html.HTMLParser(huge_tree=True)
    root = lxml.html.fragment_fromstring(content, create_parent="div", parser=parser)
    if fatal := [e for e in parser.error_log if e.level == etree.ErrorLevels.FATAL]:
        raise ContentError(
            "isi pos tidak bisa dibaca utuh (pengurai HTML berhenti: "
            f"{fatal[0].message.strip()}); pos tidak diimpor agar isinya tidak terpotong "
            "tanpa diketahui"
        )
    if _nesting(root) > MAX_NESTING:
        raise ContentError(
            f"HTML isi pos bersarang lebih dari {MAX_NESTING} tingkat; pos tidak diimpor "
            "agar isinya tidak terpotong tanpa diketahui"
        )
    return root


def _nesting(root) -> int:
    depth = deepest = 0
    for event, _element in etree.iterwalk(root, events=("start", "end")):
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    return deepest


def strip_shortcodes(content: str, removed: Counter) -> str:
    enclosing = {name.lower() for name in _CLOSING_SHORTCODE.findall(content)}

    def replace(match):
        closing, name, attributes = match.group(1), match.group(2).lower(), match.group(3)
        if name in CORE_SHORTCODES or name in enclosing or "=" in attributes:
            if not closing:
                removed[f"[{name}]"] += 1
            return ""
        return match.group(0)

    return _SHORTCODE.sub(replace, content)


def _clean_children(parent, removed: Counter):
    for child in list(parent):
        if not isinstance(child.tag, str):
            # Comments (block-editor markers) and processing instructions.
            child.drop_tree()
            continue
        tag = child.tag.lower()
        if tag in DROPPED_WITH_CONTENT:
            removed[f"<{tag}>"] += 1
            child.drop_tree()
            continue
        _clean_children(child, removed)
        if tag in RENAMED:
            child.tag = RENAMED[tag]
        elif tag in MINOR_HEADINGS:
            _make_bold_paragraph(child)
        elif tag in SECTION_HEADINGS or tag in allowed_tags():
            child.tag = tag
        else:
            removed[f"<{tag}>"] += 1
            _reduce_to_text(child)


def _reduce_to_text(element):
    holds_blocks = any(isinstance(c.tag, str) and c.tag in BLOCKS for c in element)
    if element.text_content().strip() and not holds_blocks and _is_block_level(element):
        # A table cell, figure caption or div of text: its own paragraph.
        element.attrib.clear()
        element.tag = "p"
    else:
        element.drop_tag()


def _is_block_level(element):
    return element.tag in lxml.html.defs.block_tags or element.tag in {"td", "th", "figcaption"}


def _make_bold_paragraph(element):
    strong = element.makeelement("strong", {})
    strong.text, element.text = element.text, None
    for child in list(element):
        strong.append(child)
    element.attrib.clear()
    element.tag = "p"
    element.append(strong)


def _demote_nested_headings(root):
    for heading in list(root.iter(*SECTION_HEADINGS)):
        parent = heading.getparent()
        if parent is root:
            continue
        if parent.tag in {"blockquote", "li"}:
            _make_bold_paragraph(heading)
        else:
            heading.tag = "strong"


def _wrap_loose_text(root):
    """Text and inline elements directly in the body are gathered into paragraphs."""
    blocks, paragraph = [], None

    def add_text(text):
        nonlocal paragraph
        if not text or (paragraph is None and not text.strip()):
            return
        if paragraph is None:
            paragraph = root.makeelement("p", {})
            blocks.append(paragraph)
        if len(paragraph):
            paragraph[-1].tail = (paragraph[-1].tail or "") + text
        else:
            paragraph.text = (paragraph.text or "") + text

    add_text(root.text)
    root.text = None
    stray_list = None
    for child in list(root):
        tail, child.tail = child.tail, None
        root.remove(child)
        if child.tag == "li":
            # List items whose list was a removed tag (or never there) get one back.
            if stray_list is None:
                stray_list = root.makeelement("ul", {})
                blocks.append(stray_list)
            paragraph = None
            stray_list.append(child)
            if tail and tail.strip():
                stray_list = None
                add_text(tail)
            continue
        stray_list = None
        if child.tag in BLOCKS:
            paragraph = None
            blocks.append(child)
        elif child.tag == "br" and paragraph is None:
            pass  # a line break between paragraphs adds nothing
        else:
            if paragraph is None:
                paragraph = root.makeelement("p", {})
                blocks.append(paragraph)
            paragraph.append(child)
        add_text(tail)
    root.extend(blocks)


def _trim_paragraphs(root):
    """No space at a paragraph's start and no line break at its end (left by removals)."""
    for paragraph in root.iter("p", "li"):
        if paragraph.text:
            paragraph.text = paragraph.text.lstrip()
        while (
            len(paragraph) and paragraph[-1].tag == "br" and not (paragraph[-1].tail or "").strip()
        ):
            paragraph.remove(paragraph[-1])
        if len(paragraph):
            paragraph[-1].tail = (paragraph[-1].tail or "").rstrip() or None
        elif paragraph.text:
            paragraph.text = paragraph.text.rstrip()
    for line_break in root.iter("br"):
        if line_break.tail:
            line_break.tail = line_break.tail.lstrip() or None


def _split_sections(root) -> list[tuple[str, str]]:
    sections, heading, parts = [], None, []

    def finish():
        body = richtext.sanitize("".join(parts))
        if heading is not None or strip_tags(body).strip():
            sections.append((heading or "", body))

    for child in root:
        if child.tag in SECTION_HEADINGS:
            text = _WHITESPACE.sub(" ", child.text_content()).strip()
            if not text:
                continue
            if len(text) <= HEADING_MAX_LENGTH:
                finish()
                heading, parts = text, []
                continue
            _make_bold_paragraph(child)  # too long for a heading: keep it as bold text
        if child.tag == "p" and not child.text_content().strip() and child.find("br") is None:
            continue  # the classic editor's empty <p>&nbsp;</p> spacers
        parts.append(lxml.html.tostring(child, encoding="unicode", with_tail=False))
    finish()
    return sections
