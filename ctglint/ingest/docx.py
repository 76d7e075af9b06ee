"""Read a .docx (also .dotx/.docm) into a :class:`~ctglint.model.Document`.

Text is the *accepted* view read straight from the XML: tracked insertions kept,
deletions and moved-away text dropped, automatic numbering labels rendered in
front ("ARTICLE 4 – Titre"). Blocks come in reading order: the body (tables and
nested tables inline, cell by cell), then headers, footers, footnotes, endnotes.

Block keys — the contract the ``annotate`` writer relies on
------------------------------------------------------------
``Block.key`` is ``"<stem>:<n>"``: ``<stem>`` is ``body`` for the main document
part, otherwise the part's file name without extension (``header1``, ``footer2``,
``footnotes``, ``endnotes``); ``<n>`` is the 0-based position of the block's
``w:p`` in :func:`iter_paragraphs` of that part's root element, i.e.
``part_root.iter(w:p)`` (document order, nested text-box paragraphs right after
their host paragraph) minus every ``w:p`` with an ``mc:Fallback`` ancestor.
Paragraphs that produce no block (blank, footnote separators) still take a number.

Comment anchoring
-----------------
``Comment.block``/``start`` is where ``w:commentRangeStart`` sits in the accepted
text of its paragraph (label included), ``end_block``/``end`` where
``w:commentRangeEnd`` sits; a marker between paragraphs belongs to the start of
the next paragraph (start) or the end of the previous one (end); see
:mod:`ctglint.ingest.assemble` for blank paragraphs. Without range markers the
``w:commentReference`` position is used.
"""
from __future__ import annotations

import posixpath
from collections.abc import Iterator

from lxml import etree

from ctglint.errors import InputError
from ctglint.ingest.assemble import Assembler, Mark
from ctglint.ingest.numbering import Numbering, WordStyles
from ctglint.ingest.safezip import SafeZip
from ctglint.ingest.sniff import sniff
from ctglint.ingest.xmlsafe import parse_xml
from ctglint.model import Document, Part

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
PKG_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
EXT_PROPS = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"
W_P, W_TBL, W_TR, W_TC = f"{W}p", f"{W}tbl", f"{W}tr", f"{W}tc"
W_VAL, W_ID = f"{W}val", f"{W}id"
W_CRS, W_CRE, W_CREF = f"{W}commentRangeStart", f"{W}commentRangeEnd", f"{W}commentReference"

_TEXT = {f"{W}t": None, f"{W}tab": "\t", f"{W}ptab": "\t", f"{W}br": "\n", f"{W}cr": "\n",
         f"{W}noBreakHyphen": "-", f"{W}softHyphen": ""}
#: Subtrees with no accepted text: properties, deletions, field codes, drawings
#: (text boxes inside are paragraphs of their own), note and comment marks,
#: nested paragraphs (their own blocks).
_SKIP = {f"{W}{name}" for name in (
    "pPr", "rPr", "del", "moveFrom", "delText", "instrText", "delInstrText", "sdtPr", "sdtEndPr",
    "drawing", "pict", "object", "footnoteReference", "endnoteReference", "footnoteRef",
    "endnoteRef", "annotationRef", "fldData", "rt", "p",
)} | {MC_FALLBACK}
#: Wrappers through which table rows and cells may be nested.
_WRAPPERS = {f"{W}sdt", f"{W}sdtContent", f"{W}customXml"}
_NOTE_SEPARATORS = {"separator", "continuationSeparator", "continuationNotice"}
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def read_docx(path: str, data: bytes) -> Document:
    """Read the .docx bytes ``data`` (``path`` is only recorded in the Document).

    Raises :class:`InputError`: ``not-a-zip``, ``not-docx`` (no main document part),
    ``corrupt``, ``xml-dtd``, ``too-large``, ``zip-bomb``.
    """
    if sniff(data) != "zip":
        raise InputError(
            "not-a-zip",
            "Not a valid Word document: the file is not a zip archive.",
            "Document Word invalide : le fichier n'est pas une archive zip.",
        )
    with SafeZip(data) as archive:
        return _DocxReader(archive, path).read()


def rels_part(source: str) -> str:
    """The name of the relationships part of part ``source`` ("" for the package)."""
    folder, file = posixpath.split(source)
    return posixpath.join(folder, "_rels", f"{file}.rels")


def relationships(root: etree._Element | None, source: str) -> list[tuple[str, str, str]]:
    """(type, resolved part name, id) of the relationships in ``root`` (the parsed relationships
    part of ``source``), in file order; external targets left out."""
    if root is None:
        return []
    folder = posixpath.dirname(source)
    out: list[tuple[str, str, str]] = []
    for rel in root.iter(PKG_RELS):
        target = rel.get("Target")
        if not target or rel.get("TargetMode") == "External":
            continue
        name = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        out.append((rel.get("Type", ""), name, rel.get("Id", "")))
    return out


def iter_paragraphs(part_root: etree._Element) -> Iterator[etree._Element]:
    """Every ``w:p`` of a part in document order, minus those under ``mc:Fallback``.
    Position in this sequence is the ``<n>`` of ``Block.key``."""
    for p in part_root.iter(W_P):
        if not _in_fallback(p):
            yield p


def _in_fallback(el: etree._Element) -> bool:
    return any(True for _ in el.iterancestors(MC_FALLBACK))


class _DocxReader:
    def __init__(self, archive: SafeZip, path: str) -> None:
        self.archive = archive
        self.path = path
        self.main = self._main_part()
        if self.main not in archive:
            raise InputError(
                "not-docx",
                "Not a Word document: the archive has no word/document.xml.",
                "Ce n'est pas un document Word : l'archive ne contient pas word/document.xml.",
            )
        self.rels = self._relationships(self.main)
        self.styles = WordStyles(self._xml(self._related("styles")))
        self.numbering = Numbering(self._xml(self._related("numbering")), self.styles)
        self.asm = Assembler()

    def read(self) -> Document:
        body = self._xml(self.main)
        assert body is not None
        self._read_part(body, "body", "body")
        headers, footers = self._header_footer_parts(body)
        for name in headers:
            self._read_part(self._xml(name), "header", _stem(name))
        for name in footers:
            self._read_part(self._xml(name), "footer", _stem(name))
        for kind in ("footnotes", "endnotes"):
            name = self._related(kind)
            self._read_part(self._xml(name), "footnote", _stem(name or kind), notes=True)
        self._read_comments(self._xml(self._related("comments")))
        return Document(
            path=self.path, format="docx", blocks=self.asm.blocks,
            comments=self.asm.comments, page_count=self._page_count(),
        )

    # -- package plumbing -------------------------------------------------

    def _xml(self, name: str | None) -> etree._Element | None:
        if name is None:
            return None
        data = self.archive.read_optional(name)
        return None if data is None else parse_xml(data, name)

    def _main_part(self) -> str:
        for rel_type, target, _ in self._relationships(""):
            if rel_type.endswith("/officeDocument"):
                return target
        return "word/document.xml"

    def _relationships(self, source: str) -> list[tuple[str, str, str]]:
        return relationships(self._xml(rels_part(source)), source)

    def _related(self, kind: str) -> str | None:
        for rel in self.rels:
            if rel[0] == _REL + kind:
                return rel[1]
        default = f"word/{kind}.xml"
        return default if not self.rels and default in self.archive else None

    def _header_footer_parts(self, body: etree._Element) -> tuple[list[str], list[str]]:
        by_id = {rel[2]: rel[1] for rel in self.rels}
        headers: dict[str, None] = {}
        footers: dict[str, None] = {}
        for ref in body.iter(f"{W}headerReference", f"{W}footerReference"):
            name = by_id.get(ref.get(f"{R}id", ""))
            if name and name in self.archive:
                (headers if ref.tag == f"{W}headerReference" else footers)[name] = None
        return list(headers), list(footers)

    def _page_count(self) -> int | None:
        app = self._xml("docProps/app.xml")
        pages = app.find(f"{EXT_PROPS}Pages") if app is not None else None
        try:
            return int(pages.text.strip()) if pages is not None and pages.text else None
        except ValueError:
            return None

    # -- content ----------------------------------------------------------

    def _read_part(self, root: etree._Element | None, part: Part, stem: str, notes: bool = False) -> None:
        if root is None:
            return
        cells = _cell_coordinates(root)
        n = -1
        for el in root.iter(W_P, W_CRS, W_CRE):
            if _in_fallback(el):
                continue
            if el.tag == W_P:
                n += 1
                if notes and _is_note_separator(el):
                    continue
                self._read_paragraph(el, part, f"{stem}:{n}", cells)
            elif not any(True for _ in el.iterancestors(W_P)):
                comment_id = el.get(W_ID, "")
                if el.tag == W_CRS:
                    self.asm.mark_start(comment_id, self.asm.next_mark())
                else:
                    self.asm.mark_end(comment_id, self.asm.last_mark())

    def _read_paragraph(self, p: etree._Element, part: Part, key: str, cells: dict) -> None:
        ppr = p.find(f"{W}pPr")
        style_id = _val(ppr, f"{W}pStyle") or self.styles.default_paragraph
        label = self.numbering.label(ppr, style_id)
        tc = next(p.iterancestors(W_TC), None)
        cell = cells.get(tc) if tc is not None else None
        raw, marks = paragraph_text(p)
        if tc is not None and _row_deleted(tc):
            raw, marks = "", []
        outline = _int(_val(ppr, f"{W}outlineLvl"))
        if outline is None:
            level = self.styles.heading_level(style_id)
        else:
            level = outline + 1 if 0 <= outline < 9 else None
        prefix = label.text if label else ""
        kind = "cell" if cell else "heading" if level else "list-item" if label else "paragraph"
        index = self.asm.add(
            prefix + raw,
            key=key,
            # An empty paragraph still shows its number ("ARTICLE 5 –"), not its bullet.
            emit=bool(raw.strip()) or bool(label and not label.bullet and prefix.strip()),
            part=part, kind=kind, style=self.styles.name(style_id) or style_id,
            level=level, cell=cell,
        )
        for what, comment_id, offset in marks:
            mark = Mark(index, offset + len(prefix))
            if what == "start":
                self.asm.mark_start(comment_id, mark)
            elif what == "end":
                self.asm.mark_end(comment_id, mark)
            else:
                self.asm.mark_reference(comment_id, mark)

    def _read_comments(self, root: etree._Element | None) -> None:
        if root is None:
            return
        for comment in root.iterchildren(f"{W}comment"):
            text = "\n".join(paragraph_text(p)[0] for p in iter_paragraphs(comment))
            self.asm.add_comment(
                comment.get(W_ID, ""), comment.get(f"{W}author", ""),
                comment.get(f"{W}initials", ""), comment.get(f"{W}date", ""), text,
            )


_MARKS = {W_CRS: "start", W_CRE: "end", W_CREF: "ref"}


def text_pieces(el: etree._Element) -> Iterator[tuple[etree._Element, str | None]]:
    """The accepted text of a paragraph in order: (element, its text) for each text element,
    (element, None) for each comment mark. The one walk the reader and annotate share, so
    that the offsets annotate writes at are those the reader reported."""
    for child in el:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag in _TEXT:
            piece = _TEXT[tag]
            yield child, (child.text or "") if piece is None else piece
        elif tag in _MARKS:
            yield child, None
        else:
            yield from text_pieces(child)


def paragraph_text(p: etree._Element) -> tuple[str, list[tuple[str, str, int]]]:
    """Accepted text of paragraph ``p`` and its comment marks as (``start``|``end``|``ref``,
    comment id, offset). Nested paragraphs (text boxes) are not included."""
    out: list[str] = []
    marks: list[tuple[str, str, int]] = []
    length = 0
    for el, piece in text_pieces(p):
        if piece is None:
            marks.append((_MARKS[el.tag], el.get(W_ID, ""), length))
        else:
            out.append(piece)
            length += len(piece)
    return "".join(out), marks


def _cell_coordinates(root: etree._Element) -> dict[etree._Element, tuple[int, int, int]]:
    """(table number in document order, row, column) of every ``w:tc``, 0-based;
    the column is the cell's position in its row (merged cells count once)."""
    cells: dict[etree._Element, tuple[int, int, int]] = {}
    tables = (t for t in root.iter(W_TBL) if not _in_fallback(t))
    for t, table in enumerate(tables):
        for r, row in enumerate(_children(table, W_TR)):
            for c, cell in enumerate(_children(row, W_TC)):
                cells[cell] = (t, r, c)
    return cells


def _children(el: etree._Element, tag: str) -> Iterator[etree._Element]:
    """Children of ``el`` with ``tag``, looking through content controls and custom XML."""
    for child in el:
        if child.tag == tag:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _children(child, tag)


def _row_deleted(tc: etree._Element) -> bool:
    row = next(tc.iterancestors(W_TR), None)
    return row is not None and row.find(f"{W}trPr/{W}del") is not None


def _is_note_separator(p: etree._Element) -> bool:
    note = p.getparent()
    while note is not None and note.tag not in (f"{W}footnote", f"{W}endnote"):
        note = note.getparent()
    return note is not None and note.get(f"{W}type") in _NOTE_SEPARATORS


def _val(el: etree._Element | None, path: str) -> str | None:
    found = el.find(path) if el is not None else None
    return found.get(W_VAL) if found is not None else None


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _stem(name: str) -> str:
    return posixpath.splitext(posixpath.basename(name))[0]
