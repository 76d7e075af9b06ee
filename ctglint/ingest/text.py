"""Reader for plain-text and Markdown drafts, including text extracted from PDF.

Paragraphs are runs of non-blank lines. A line is a block of its own when it is a
list item, a heading (ARTICLE / ANNEXE / Préambule, Markdown ``#``), or a table row:
a line with TAB-separated cells or with the HTML fragments (``<table>``, ``<ul>``,
``<p>``…) that PDF extraction leaves. Markdown emphasis markers are dropped from the
text. Every block keeps anchors so any character offset maps back to its source line
and column.
"""
from __future__ import annotations

import bisect
import re

from ctglint import rx
from ctglint.errors import InputError
from ctglint.model import Anchor, Block, Document

LIST_MARKER = rx.compile(r"^\s*(?:[-•●▪►➔–—◦■□✓*]|\d{1,2}[.)])\s+|^\s*[•●▪►➔◦■]")
HEADING_LINE = rx.compile(
    r"^\s*(?:(?:article|art\.)\s*(?:n°\s*)?(?:\d{1,3}|1er|premier)\b|annexe\s*(?:n°\s*)?\d{1,2}\b|pr[ée]ambule\s*:?\s*$)",
    re.IGNORECASE,
)
MD_HEADING = rx.compile(r"^(#{1,6})\s+")
HTML_TAG = rx.compile(r"</?(?:table|tr|td|th|ul|ol|li|p|i|u|b|em|strong|span|br|div|sup|sub)\b[^>]*>", re.I)
EMPHASIS = rx.compile(r"\*\*(?=[^\s*])((?s:.+?))(?<=[^\s*])\*\*|__(?=[^\s_])((?s:.+?))(?<=[^\s_])__|(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
HTML_BLOCK_TAGS = {"table", "tr", "td", "th", "ul", "ol", "li", "p", "div"}
#: A line that is only an HTML comment: invisible in a rendered draft. ``ctglint: …`` ones are directives.
COMMENT_LINE = rx.compile(r"^\s*<!--(?P<body>.*?)-->\s*$")
DIRECTIVE = rx.compile(r"^\s*ctglint\s*:", re.IGNORECASE)


# --------------------------------------------------------------------------- decoding

def decode(data: bytes) -> tuple[str, str | None]:
    """Decode ``data``; returns the text and a note when the encoding was guessed."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "decoded as UTF-16"
    if b"\x00" in data[:8192] or _control_ratio(data[:8192]) > 0.05:
        raise InputError("binary", "binary content, not a text file", "contenu binaire : ce n'est pas un fichier texte")
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "decoded as Windows-1252 (cp1252), not UTF-8"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "decoded as Latin-1 (ISO-8859-1), not UTF-8"


def _control_ratio(sample: bytes) -> float:
    if not sample:
        return 0.0
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls / len(sample)


# --------------------------------------------------------------------------- pieces

class _Builder:
    """Accumulates the source lines of one block; emphasis is resolved on the whole block."""

    __slots__ = ("segments",)

    def __init__(self) -> None:
        self.segments: list[tuple[str, int, int]] = []  # (raw, line, column)

    def add_line(self, raw: str, line: int, column: int = 1) -> None:
        self.segments.append((raw, line, column))

    def block(self, **kw) -> Block | None:
        if not self.segments:
            return None
        joined = "\n".join(raw for raw, _, _ in self.segments)
        starts: list[int] = []  # offset in ``joined`` where each segment starts
        pos = 0
        for raw, _, _ in self.segments:
            starts.append(pos)
            pos += len(raw) + 1
        if "*" not in joined and "__" not in joined:
            # No emphasis marker (nearly every block): the text is the lines joined.
            text = joined
            anchors = [Anchor(start, line, column) for start, (_, line, column) in zip(starts, self.segments)]
        else:
            text, anchors = self._unemphasised(joined, starts)
        stripped = text.strip()
        if not stripped:
            return None
        lead = len(text) - len(text.lstrip())
        kept = _shift(anchors, lead, len(stripped))
        return Block(text=stripped, anchors=kept, line=kept[0].line, **kw)

    def _unemphasised(self, joined: str, starts: list[int]) -> tuple[str, list[Anchor]]:
        """The text without Markdown emphasis markers, and its anchors."""
        parts: list[str] = []
        anchors: list[Anchor] = []
        length = 0

        def add(a: int, b: int) -> None:
            nonlocal length
            i = max(0, bisect.bisect_right(starts, a) - 1)
            while a < b:
                seg_end = starts[i] + len(self.segments[i][0])
                if a <= seg_end:
                    _, line, column = self.segments[i]
                    anchors.append(Anchor(length, line, column + a - starts[i]))
                    piece = joined[a:min(b, seg_end + 1)]
                    parts.append(piece)
                    length += len(piece)
                    a += len(piece)
                i += 1

        cursor = 0
        for m in EMPHASIS.finditer(joined):
            add(cursor, m.start())
            group = 1 if m.group(1) is not None else 2 if m.group(2) is not None else 3
            add(m.start(group), m.end(group))
            cursor = m.end()
        add(cursor, len(joined))
        return "".join(parts), anchors


def _shift(anchors: list[Anchor], lead: int, length: int) -> tuple[Anchor, ...]:
    """Anchors for the text with ``lead`` leading characters removed."""
    out: list[Anchor] = []
    for i, a in enumerate(anchors):
        nxt = anchors[i + 1].offset if i + 1 < len(anchors) else float("inf")
        if nxt <= lead:
            continue
        if a.offset < lead:
            out.append(Anchor(0, a.line, a.column + (lead - a.offset)))
        elif a.offset - lead < length:
            out.append(Anchor(a.offset - lead, a.line, a.column))
    return tuple(out)


# --------------------------------------------------------------------------- HTML fragments

#: One piece of an HTML fragment: a tag (its name in group 1, « / » first when it closes), a
#: comment, or text (group 2). A « < » that opens no tag is text.
_HTML_PIECE = rx.compile(r"<(/?[A-Za-z][\w:-]*)\b[^>]*>|<!--.*?(?:-->|\Z)|([^<]+|<)", re.DOTALL)


def _html_units(fragment: str) -> list[str]:
    """Text units (paragraphs, list items, cells) of an HTML fragment, in order.

    PDF extraction leaves simple tables and lists in a text: a tag scanner is enough for what
    is needed here (block boundaries, line breaks, text, character references), and costs a
    plain-text check nothing to import.
    """
    units: list[str] = []
    current: list[str] = []

    def flush() -> None:
        text = " ".join("".join(current).split())
        if text:
            units.append(text)
        current.clear()

    for m in _HTML_PIECE.finditer(fragment):
        tag, text = m.group(1), m.group(2)
        if text is not None:
            if "&" in text:
                from html import unescape  # 3 ms of entity tables: only for text that needs them

                text = unescape(text)
            current.append(text)
        elif tag is not None:
            name = tag.lstrip("/").lower()
            if name in HTML_BLOCK_TAGS:
                flush()
            elif name == "br":
                current.append(" ")
    flush()
    return units


def _locate(raw: str, unit: str, start: int) -> int:
    """Column offset in ``raw`` where ``unit`` (text extracted from HTML) starts."""
    for size in (24, 12, 6, 3):
        probe = unit[:size]
        if len(probe) < size and size > 3:
            continue
        i = raw.find(probe, start)
        if i >= 0:
            return i
    return start


# --------------------------------------------------------------------------- reader

def read_text(path: str, data: bytes) -> Document:
    text, note = decode(data)
    if not text.strip():
        raise InputError("empty", "empty document", "document vide")
    fmt = "md" if path.lower().endswith((".md", ".markdown")) else "txt"
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    blocks: list[Block] = []
    para = _Builder()
    table_no = -1
    row_no = 0
    in_table = False

    def end_paragraph() -> None:
        nonlocal para
        b = para.block()
        if b is not None:
            blocks.append(b)
        para = _Builder()

    for lineno, raw in enumerate(lines, start=1):
        if not raw.strip():
            end_paragraph()
            in_table = False
            continue
        comment = COMMENT_LINE.match(raw)
        if comment:
            end_paragraph()
            in_table = False
            if DIRECTIVE.match(comment.group("body")):
                b = _Builder()
                b.add_line(comment.group("body").strip(), lineno, raw.index(comment.group("body").strip()) + 1)
                _append(blocks, b.block(kind="directive"))
            continue
        if "\t" in raw or HTML_TAG.search(raw):
            end_paragraph()
            if not in_table:
                table_no += 1
                row_no = 0
                in_table = True
            _add_row(blocks, raw, lineno, table_no, row_no)
            row_no += 1
            continue
        in_table = False
        md = MD_HEADING.match(raw) if fmt == "md" else None
        if md:
            end_paragraph()
            b = _Builder()
            b.add_line(raw[md.end():], lineno, md.end() + 1)
            _append(blocks, b.block(kind="heading", level=len(md.group(1))))
            continue
        if starts_block(raw):
            end_paragraph()
            b = _Builder()
            b.add_line(raw, lineno)
            kind = "list-item" if LIST_MARKER.match(raw) and not HEADING_LINE.match(raw) else "paragraph"
            _append(blocks, b.block(kind=kind))
            continue
        para.add_line(raw, lineno)
    end_paragraph()
    if not blocks:
        raise InputError("empty", "empty document", "document vide")
    for n, b in enumerate(blocks):
        b.key = f"line:{b.line}:{n}"
    doc = Document(path=path, format=fmt, blocks=blocks)
    if note:
        doc.notes.append(note)
    return doc


def starts_block(line: str) -> bool:
    """Whether a printed line opens a block of its own: a heading or a list item."""
    return bool(HEADING_LINE.match(line) or LIST_MARKER.match(line))


def _append(blocks: list[Block], block: Block | None) -> None:
    if block is not None:
        blocks.append(block)


def _add_row(blocks: list[Block], raw: str, lineno: int, table_no: int, row_no: int) -> None:
    col = 0
    pos = 0
    for cell in raw.split("\t"):
        start = pos
        pos += len(cell) + 1
        if not cell.strip():
            col += 1
            continue
        if HTML_TAG.search(cell):
            search_from = start
            for unit in _html_units(cell):
                at = _locate(raw, unit, search_from)
                search_from = at
                b = _Builder()
                b.add_line(unit, lineno, at + 1)
                _append(blocks, b.block(kind="cell", cell=(table_no, row_no, col)))
                col += 1
            continue
        b = _Builder()
        b.add_line(cell, lineno, start + 1)
        _append(blocks, b.block(kind="cell", cell=(table_no, row_no, col)))
        col += 1
