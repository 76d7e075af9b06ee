"""The document model every reader produces and every rule reads.

A :class:`Document` is a flat list of :class:`Block` in reading order. Each block is
one paragraph, heading, list item or table cell, with its text (the accepted view:
tracked insertions kept, deletions dropped) and enough source positions to turn any
character offset of that text back into a line and column of the input file.

``outline.build`` later assigns each block a section (``cover``, ``parties``,
``visas``, ``preamble``, ``article N``, ``signature``, ``annex N``, ``header``,
``footer``, ``footnote``) and groups them into :class:`Section` objects.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

BlockKind = Literal["paragraph", "heading", "list-item", "cell", "stamp", "directive"]
Part = Literal["body", "header", "footer", "footnote"]


class Anchor(NamedTuple):
    """Character ``offset`` of a block's text starts at ``line``/``column`` of the source."""

    offset: int
    line: int
    column: int


# Mutable model classes compare by identity (eq=False): nothing compares them by value, and each
# generated method costs start-up time.
@dataclass(slots=True, eq=False)
class Block:
    text: str
    kind: BlockKind = "paragraph"
    part: Part = "body"
    #: 1-based source line (txt/md) or paragraph index in reading order (docx/odt).
    line: int = 1
    #: Offset → position anchors, sorted by offset; the first one has offset 0.
    anchors: tuple[Anchor, ...] = ()
    #: Word/ODF style name when the format has one.
    style: str | None = None
    #: Heading level (1 = top) when the source marks the block as a heading.
    level: int | None = None
    #: (table number, row, column) for table cells, 0-based.
    cell: tuple[int, int, int] | None = None
    #: Opaque locator of the source paragraph ("body:17"), used to write back (annotate).
    key: str = ""
    #: Position in ``Document.blocks``; set by ``Document.__post_init__``.
    index: int = 0
    #: Section label, set by ``outline.build``.
    section: str = ""
    #: 1-based page the block starts on, when the format has pages (PDF); else ``None``.
    page: int | None = None

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) in the source of character ``offset`` of :attr:`text`."""
        if not self.anchors:
            return self.line, offset + 1
        offsets = [a.offset for a in self.anchors]
        i = max(0, bisect.bisect_right(offsets, offset) - 1)
        a = self.anchors[i]
        return a.line, a.column + (offset - a.offset)

    @property
    def is_content(self) -> bool:
        """False for prefecture stamps and ctglint directives (``<!-- ctglint: … -->``)."""
        return self.kind not in ("stamp", "directive")


class Comment(NamedTuple):
    """A reviewer comment found in the draft (Word comment or ODF annotation)."""

    id: str
    author: str
    initials: str
    date: str
    text: str
    #: Index of the block where the commented range starts, and char offsets in it.
    block: int | None = None
    start: int = 0
    #: Index of the block where the commented range ends, and the char offset there.
    end_block: int | None = None
    end: int = 0


@dataclass(slots=True, eq=False)
class Section:
    """A contiguous run of blocks sharing one section label."""

    label: str  # "article 4", "annex 3", "parties", ...
    kind: str  # "cover" | "parties" | "visas" | "preamble" | "article" | "signature" | "annex" | ...
    number: int | None  # article / annex number as written (None when absent)
    title: str  # heading title without the number ("" when none)
    heading: int | None  # block index of the heading, if any
    blocks: list[int] = field(default_factory=list)  # block indices, heading included

    def text(self, doc: "Document", *, with_heading: bool = False) -> str:
        return "\n".join(
            doc.blocks[i].text
            for i in self.blocks
            if doc.blocks[i].is_content and (with_heading or i != self.heading)
        )


@dataclass(slots=True, eq=False, repr=False)
class Document:
    path: str
    format: str  # "txt" | "md" | "docx" | "odt" | "pdf"
    blocks: list[Block]
    comments: list[Comment] = field(default_factory=list)
    page_count: int | None = None
    #: Things the reader wants to tell in verbose output (encoding guessed, ...).
    notes: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)

    def __post_init__(self) -> None:
        for i, block in enumerate(self.blocks):
            block.index = i

    def section(self, label: str) -> Section | None:
        for s in self.sections:
            if s.label == label:
                return s
        return None

    def sections_of(self, kind: str) -> list[Section]:
        return [s for s in self.sections if s.kind == kind]

    def content_blocks(self) -> list[Block]:
        return [b for b in self.blocks if b.is_content and b.part == "body"]
