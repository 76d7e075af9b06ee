"""HTML built as escaped strings: :func:`el` returns :class:`Markup`, and every plain ``str``
given to it is escaped.

The HTML report writes about a thousand elements per document; building them as strings costs
a fraction of building and serialising an lxml tree, which mattered for ``ctglint batch`` (one
page per document). The output is well-formed XML as well as HTML: void elements close
themselves (``<br/>``), every other element gets a closing tag (``<span></span>``, never
``<span/>``, which HTML reads as an open tag), and characters XML does not allow are dropped.
"""
from __future__ import annotations

from ctglint import rx

#: Elements that HTML writes without a closing tag.
VOID = frozenset({"meta", "br", "hr", "img", "col", "input", "link", "wbr"})

#: Characters XML 1.0 does not allow (C0 controls but TAB, LF and CR; lone surrogates; U+FFFE/F).
_NOT_XML = rx.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class Markup(str):
    """A piece of HTML, already escaped: inserted as it is."""

    __slots__ = ()


#: Replacements for character data (``&`` first), then the extra ones inside an attribute value.
_TEXT = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\r", "&#13;"))
_ATTRIBUTE = (('"', "&quot;"), ("\n", "&#10;"), ("\t", "&#9;"))


def xml_safe(text: str, replacement: str = "") -> str:
    """``text`` with each character XML 1.0 cannot hold, even escaped, replaced."""
    return _NOT_XML.sub(replacement, text) if _NOT_XML.search(text) else text


def escape(text: str) -> str:
    """``text`` as HTML/XML character data."""
    return _replace(xml_safe(text), _TEXT)


def escape_attribute(value: str) -> str:
    """``value`` inside double quotes (whitespace kept as it is, as an XML parser reads it back)."""
    return _replace(escape(value), _ATTRIBUTE)


def _replace(text: str, pairs: tuple[tuple[str, str], ...]) -> str:
    for old, new in pairs:
        if old in text:
            text = text.replace(old, new)
    return text


def el(tag: str, attrs: dict | None = None, *children, cls: str | None = None) -> Markup:
    """``<tag class=… attrs…>children</tag>``: ``str`` children are escaped, :class:`Markup`
    children inserted as they are, ``None`` skipped."""
    parts = ["<", tag]
    if cls:
        parts.append(f' class="{escape_attribute(cls)}"')
    if attrs:
        for k, v in attrs.items():
            parts.append(f' {k}="{escape_attribute(str(v))}"')
    if tag in VOID:
        parts.append("/>")
        return Markup("".join(parts))
    parts.append(">")
    for child in children:
        if child is None:
            continue
        parts.append(child if type(child) is Markup else escape(child))
    parts.append(f"</{tag}>")
    return Markup("".join(parts))


def join(pieces) -> Markup:
    """Several pieces in a row (``str`` ones escaped)."""
    return Markup("".join(p if type(p) is Markup else escape(p) for p in pieces if p is not None))
