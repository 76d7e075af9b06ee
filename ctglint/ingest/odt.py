"""Read an OpenDocument text (.odt) into a :class:`~ctglint.model.Document`.

``content.xml`` is read with lxml. Paragraphs (``text:p``) and headings
(``text:h``, level from ``text:outline-level``) come in reading order, list items as
``list-item``, table cells as ``cell`` with (table, row, column) coordinates, then the
paragraphs of footnotes/endnotes (``text:note``) as ``footnote`` blocks. Text is the
accepted view: the ``text:tracked-changes`` region (where ODF keeps deleted text) is
left out; ``office:annotation`` elements become comments and their text never enters
the paragraph they sit in.

Block keys: ``"body:<n>"`` where ``<n>`` is the 0-based position of the paragraph in
:func:`iter_paragraphs` of the ``office:text`` element, i.e. ``iter(text:p, text:h)``
in document order minus paragraphs inside ``text:tracked-changes`` or
``office:annotation``. Note paragraphs keep their number in that sequence although
their blocks come after the body. Line and comment conventions are those of
:mod:`ctglint.ingest.assemble`.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree

from ctglint import rx
from ctglint.errors import InputError
from ctglint.ingest.assemble import Assembler, Mark
from ctglint.ingest.safezip import SafeZip
from ctglint.ingest.sniff import sniff
from ctglint.ingest.xmlsafe import parse_xml
from ctglint.model import Document, Part

TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
META = "{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}"
DC = "{http://purl.org/dc/elements/1.1/}"
DRAW = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"
STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
T_P, T_H = f"{TEXT}p", f"{TEXT}h"
ANNOTATION, ANNOTATION_END = f"{OFFICE}annotation", f"{OFFICE}annotation-end"
_EXCLUDED_REGIONS = {f"{TEXT}tracked-changes", ANNOTATION}
#: Subtrees with no text of the paragraph: notes and frames (their paragraphs are
#: read on their own), nested paragraphs, the rendered number (read as the label).
_SKIP = {f"{TEXT}{name}" for name in ("note", "tracked-changes", "deletion", "p", "h", "number", "ruby-text")} | {
    f"{DRAW}frame", f"{DRAW}a",
}
_ROWS = {f"{TABLE}table-header-rows", f"{TABLE}table-rows", f"{TABLE}table-row-group"}
_CELLS = {f"{TABLE}table-cell", f"{TABLE}covered-table-cell"}
_LIST_ITEMS = {f"{TEXT}list-item", f"{TEXT}list-header"}
_WHITE = rx.compile(r"[ \t\r\n]+")
_HEADING_NAME = rx.compile(r"^(?:heading|titre)\s*([1-9])$", re.IGNORECASE)


def read_odt(path: str, data: bytes) -> Document:
    """Read the .odt bytes ``data`` (``path`` is only recorded in the Document).

    Raises :class:`InputError`: ``not-a-zip``, ``not-odt``, ``corrupt``, ``xml-dtd``,
    ``too-large``, ``zip-bomb``.
    """
    if sniff(data) != "zip":
        raise InputError(
            "not-a-zip",
            "Not a valid OpenDocument file: the file is not a zip archive.",
            "Document OpenDocument invalide : le fichier n'est pas une archive zip.",
        )
    with SafeZip(data) as archive:
        content = archive.read_optional("content.xml")
        root = parse_xml(content, "content.xml") if content else None
        body = root.find(f"{OFFICE}body/{OFFICE}text") if root is not None else None
        if body is None:
            raise InputError(
                "not-odt",
                "Not an OpenDocument text: the archive has no text content (content.xml).",
                "Ce n'est pas un texte OpenDocument : l'archive n'a pas de contenu texte (content.xml).",
            )
        styles_xml = archive.read_optional("styles.xml")
        styles = OdfStyles(root, parse_xml(styles_xml, "styles.xml") if styles_xml else None)
        meta = archive.read_optional("meta.xml")
        page_count = _page_count(parse_xml(meta, "meta.xml")) if meta else None
    asm = _read_body(body, styles)
    return Document(path=path, format="odt", blocks=asm.blocks, comments=asm.comments, page_count=page_count)


def iter_paragraphs(office_text: etree._Element) -> Iterator[etree._Element]:
    """Every ``text:p``/``text:h`` under ``office:text`` in document order, minus those
    inside tracked-changes or annotations. Position in this sequence is ``<n>`` of the key."""
    for p in office_text.iter(T_P, T_H):
        if not any(True for _ in p.iterancestors(*_EXCLUDED_REGIONS)):
            yield p


def _read_body(office_text: etree._Element, styles: OdfStyles) -> Assembler:
    asm = Assembler()
    cells = _cell_coordinates(office_text)
    annotations: list[tuple[str, etree._Element]] = []
    notes: list[tuple[int, etree._Element]] = []
    for n, p in enumerate(iter_paragraphs(office_text)):
        if any(True for _ in p.iterancestors(f"{TEXT}note")):
            notes.append((n, p))
        else:
            _read_paragraph(asm, p, n, "body", cells, styles, annotations)
    for n, p in notes:
        _read_paragraph(asm, p, n, "footnote", cells, styles, annotations)
    for comment_id, annotation in annotations:
        asm.add_comment(
            comment_id,
            _child_text(annotation, f"{DC}creator"),
            _initials(annotation),
            _child_text(annotation, f"{DC}date"),
            "\n".join(paragraph_text(p)[0] for p in annotation.iter(T_P, T_H)),
        )
    return asm


def _read_paragraph(asm: Assembler, p: etree._Element, n: int, part: Part, cells: dict,
                    styles: OdfStyles, annotations: list[tuple[str, etree._Element]]) -> None:
    raw, marks = paragraph_text(p)
    number = p.find(f"{TEXT}number")
    prefix = number.xpath("string()").strip() if number is not None else ""
    prefix = f"{prefix} " if prefix else ""
    cell_el = next(p.iterancestors(f"{TABLE}table-cell"), None)
    cell = cells.get(cell_el) if cell_el is not None else None
    style_name = p.get(f"{TEXT}style-name")
    level = styles.heading_level(style_name)
    if p.tag == T_H:
        try:
            level = max(1, int(p.get(f"{TEXT}outline-level", "")))
        except ValueError:
            level = level or 1
    in_list = any(True for _ in p.iterancestors(*_LIST_ITEMS))
    kind = "cell" if cell else "heading" if level else "list-item" if in_list else "paragraph"
    index = asm.add(
        prefix + raw, key=f"body:{n}", emit=bool(raw.strip()) or bool(prefix),
        part=part, kind=kind, style=styles.name(style_name), level=level, cell=cell,
    )
    for what, el, offset in marks:
        if what == "start":
            comment_id = el.get(f"{OFFICE}name") or f"annotation{len(annotations) + 1}"
            annotations.append((comment_id, el))
            # Without office:annotation-end the comment marks a point: end = start.
            asm.mark_start(comment_id, Mark(index, offset + len(prefix)))
        else:
            asm.mark_end(el.get(f"{OFFICE}name", ""), Mark(index, offset + len(prefix)))


def spaces(s: etree._Element) -> int:
    """How many spaces a ``text:s`` element stands for."""
    try:
        return max(1, int(s.get(f"{TEXT}c", "1")))
    except ValueError:
        return 1


def paragraph_text(p: etree._Element) -> tuple[str, list[tuple[str, etree._Element, int]]]:
    """Text of paragraph ``p`` after ODF white-space processing, and its annotation
    marks as (``start``|``end``, element, offset)."""
    out: list[str] = []
    marks: list[tuple[str, etree._Element, int]] = []
    length = 0
    # Character data collapses runs of white space and ignores it at the start of
    # the paragraph (it is XML indentation); text:s, text:tab, text:line-break are real.
    after_space = True

    def emit(piece: str, *, data: bool) -> None:
        nonlocal length, after_space
        if data:
            piece = _WHITE.sub(" ", piece)
            if after_space:
                piece = piece.lstrip(" ")
            if not piece:
                return
            after_space = piece.endswith(" ")
        else:
            after_space = False
        out.append(piece)
        length += len(piece)

    def walk(el: etree._Element) -> None:
        if el.text:
            emit(el.text, data=True)
        for child in el:
            tag = child.tag
            if tag == f"{TEXT}s":
                emit(" " * spaces(child), data=False)
            elif tag == f"{TEXT}tab":
                emit("\t", data=False)
            elif tag == f"{TEXT}line-break":
                emit("\n", data=False)
            elif tag == ANNOTATION:
                marks.append(("start", child, length))
            elif tag == ANNOTATION_END:
                marks.append(("end", child, length))
            elif isinstance(tag, str) and tag not in _SKIP:
                walk(child)
            if child.tail:
                emit(child.tail, data=True)

    walk(p)
    return "".join(out), marks


class OdfStyles:
    """Paragraph styles of content.xml (automatic) and styles.xml (named): display
    names and heading levels through ``style:parent-style-name`` chains."""

    def __init__(self, *roots: etree._Element | None) -> None:
        self._styles: dict[str, etree._Element] = {}
        for root in roots:
            if root is None:
                continue
            for container in (f"{OFFICE}styles", f"{OFFICE}automatic-styles"):
                for style in root.iterchildren(container):
                    for el in style.iterchildren(f"{STYLE}style"):
                        if el.get(f"{STYLE}family") == "paragraph":
                            self._styles.setdefault(el.get(f"{STYLE}name", ""), el)

    def _chain(self, name: str | None) -> Iterator[tuple[str, etree._Element | None]]:
        seen: set[str] = set()
        while name and name not in seen:
            seen.add(name)
            style = self._styles.get(name)
            yield name, style
            name = style.get(f"{STYLE}parent-style-name") if style is not None else None

    def name(self, name: str | None) -> str | None:
        """Display name of the first named (non-automatic) style in the chain."""
        for style_name, style in self._chain(name):
            if style is None or style.getparent().tag == f"{OFFICE}styles":
                display = style.get(f"{STYLE}display-name") if style is not None else None
                return display or _unescape(style_name)
        return _unescape(name) if name else None

    def heading_level(self, name: str | None) -> int | None:
        """Level from ``style:default-outline-level`` or a "Heading N"/"Titre N" name."""
        for style_name, style in self._chain(name):
            if style is not None and style.get(f"{STYLE}default-outline-level"):
                try:
                    return max(1, int(style.get(f"{STYLE}default-outline-level", "")))
                except ValueError:
                    return None
            display = style.get(f"{STYLE}display-name") if style is not None else None
            for candidate in (display, _unescape(style_name)):
                match = _HEADING_NAME.match(candidate or "")
                if match:
                    return int(match.group(1))
        return None


def _unescape(name: str) -> str:
    # ODF encodes characters outside NCName as _xx_ hex escapes ("Heading_20_1").
    return re.sub(r"_([0-9a-fA-F]{2})_", lambda m: chr(int(m.group(1), 16)), name)


def _cell_coordinates(root: etree._Element) -> dict[etree._Element, tuple[int, int, int]]:
    """(table number in document order, row, column) of every ``table:table-cell``,
    0-based; repeated rows/columns advance the count, covered cells take their place."""
    cells: dict[etree._Element, tuple[int, int, int]] = {}
    for t, table in enumerate(root.iter(f"{TABLE}table")):
        r = 0
        for row in _rows(table):
            c = 0
            for cell in row:
                if cell.tag not in _CELLS:
                    continue
                if cell.tag == f"{TABLE}table-cell":
                    cells[cell] = (t, r, c)
                c += _repeat(cell, f"{TABLE}number-columns-repeated")
            r += _repeat(row, f"{TABLE}number-rows-repeated")
    return cells


def _rows(el: etree._Element) -> Iterator[etree._Element]:
    for child in el:
        if child.tag == f"{TABLE}table-row":
            yield child
        elif child.tag in _ROWS:
            yield from _rows(child)


def _repeat(el: etree._Element, attribute: str) -> int:
    try:
        return max(1, int(el.get(attribute, "1")))
    except ValueError:
        return 1


def _child_text(el: etree._Element, tag: str) -> str:
    child = el.find(tag)
    return (child.text or "").strip() if child is not None else ""


def _initials(annotation: etree._Element) -> str:
    # ODF 1.3 meta:creator-initials; LibreOffice before it wrote loext:sender-initials.
    for child in annotation:
        if isinstance(child.tag, str) and child.tag.rsplit("}", 1)[-1] in ("creator-initials", "sender-initials"):
            return (child.text or "").strip()
    return ""


def _page_count(meta: etree._Element) -> int | None:
    stats = next(meta.iter(f"{META}document-statistic"), None)
    try:
        return int(stats.get(f"{META}page-count")) if stats is not None else None
    except (TypeError, ValueError):
        return None
