"""Streams the items of a WordPress export file (WXR), one at a time.

WordPress writes its export (Tools -> Export) as RSS with extra namespaces: ``wp:``
(post id, type, status, dates, slug, comments), ``content:encoded`` (the body),
``excerpt:encoded`` and ``dc:creator``. Exports of a whole site reach hundreds of
megabytes, so the file is read with lxml's ``iterparse``: each ``<item>`` is handed on
as a plain :class:`Item` and then cleared and detached, so memory stays flat whatever
the number of posts. ``huge_tree`` lifts libxml2's limit on very long text nodes (a
post body); entities are not resolved and no DTD or network is used, so a hostile file
cannot read local files or expand entities without end.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from lxml import etree

WP_NAMESPACE_PREFIX = "http://wordpress.org/export/"
CONTENT_NAMESPACE = "http://purl.org/rss/1.0/modules/content/"
DC_NAMESPACE = "http://purl.org/dc/elements/1.1/"


class WxrError(Exception):
    """The file as a whole cannot be read (not XML, not a WordPress export)."""

    def __init__(self, line: int | None, message: str):
        self.line = line
        self.message = message
        super().__init__(f"baris {line}: {message}" if line else message)


@dataclass
class Term:
    """A category or tag of a post (``<category domain="post_tag" nicename="...">``)."""

    domain: str
    slug: str
    name: str


@dataclass
class Item:
    line: int
    fields: dict[str, str] = field(default_factory=dict)
    terms: list[Term] = field(default_factory=list)
    comments: int = 0

    def get(self, name: str) -> str:
        """A field by its prefixed name as WordPress writes it: ``wp:post_id``, ``title``."""
        return self.fields.get(name, "")


def _prefix(namespace: str | None) -> str:
    if not namespace:
        return ""
    if namespace == CONTENT_NAMESPACE:
        return "content:"
    if namespace == DC_NAMESPACE:
        return "dc:"
    if namespace.startswith(WP_NAMESPACE_PREFIX):
        # WXR 1.0-1.2 differ only in the version inside the namespace.
        return "excerpt:" if namespace.rstrip("/").endswith("/excerpt") else "wp:"
    return "?:"


def items(source: BinaryIO) -> Iterator[Item]:
    """Yields every ``<item>`` of the export; raises :class:`WxrError` on broken XML."""
    parser = etree.iterparse(
        source,
        events=("end",),
        tag=("item", "{*}wxr_version"),
        huge_tree=True,
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        remove_comments=True,
    )
    is_wxr = False
    try:
        for _event, element in parser:
            if element.tag != "item":
                is_wxr = is_wxr or _prefix(etree.QName(element).namespace) == "wp:"
                continue
            if not is_wxr:
                raise WxrError(
                    element.sourceline,
                    "berkas ini bukan ekspor WordPress (WXR): tidak ada wp:wxr_version "
                    "sebelum pos pertama",
                )
            item = _read_item(element)
            # Detach what was read, and everything before it, so memory stays flat.
            element.clear(keep_tail=True)
            while element.getprevious() is not None:
                del element.getparent()[0]
            yield item
    except etree.XMLSyntaxError as error:
        line = error.position[0] if error.position else None
        raise WxrError(line, f"XML rusak: {error.msg}") from error
    if not is_wxr:
        raise WxrError(None, "berkas ini bukan ekspor WordPress (WXR): tidak ada wp:wxr_version")


def _read_item(element) -> Item:
    item = Item(line=element.sourceline or 0)
    for child in element:
        if not isinstance(child.tag, str):
            continue
        qname = etree.QName(child)
        name = _prefix(qname.namespace) + qname.localname
        if name == "category":
            item.terms.append(
                Term(
                    domain=child.get("domain", ""),
                    slug=child.get("nicename", ""),
                    name=child.text or "",
                )
            )
        elif name == "wp:comment":
            item.comments += 1
        elif name != "wp:postmeta":
            item.fields[name] = child.text or ""
    return item
