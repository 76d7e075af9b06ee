"""Shared by the .docx and .odt readers: source paragraphs → blocks and comments.

Conventions (the same for every paragraph-based format):

* every source paragraph counts in a running 1-based *paragraph index* in reading
  order, empty ones included; ``Block.line`` is that index and the block's single
  anchor is ``Anchor(0, index, 1)``, so a character offset maps to column offset + 1;
* a block is emitted only for a paragraph worth reading (see :meth:`Assembler.add`);
* comment range ends are recorded as :class:`Mark` (paragraph index, offset) while
  reading and resolved to block indices at the end: a start in a paragraph without
  a block moves to the start of the next block, an end to the end of the previous one.
"""
from __future__ import annotations

import bisect
from typing import NamedTuple

from ctglint.model import Anchor, Block, BlockKind, Comment, Part


class Mark(NamedTuple):
    """A point in the source: paragraph index and character offset in that
    paragraph's text (``None``: the end of it)."""

    paragraph: int
    offset: int | None


class Assembler:
    """Collects paragraphs in reading order; builds the Document's blocks and comments."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.comments: list[Comment] = []
        self.paragraphs = 0
        self._block_of: dict[int, int] = {}
        self._paragraph_of_block: list[int] = []
        self._starts: dict[str, Mark] = {}
        self._ends: dict[str, Mark] = {}
        self._references: dict[str, Mark] = {}

    def add(
        self,
        text: str,
        *,
        key: str,
        emit: bool | None = None,
        part: Part = "body",
        kind: BlockKind = "paragraph",
        style: str | None = None,
        level: int | None = None,
        cell: tuple[int, int, int] | None = None,
    ) -> int:
        """Count one paragraph and return its index; emit a block when ``emit``
        (default: when ``text`` is not blank)."""
        self.paragraphs += 1
        index = self.paragraphs
        if emit if emit is not None else bool(text.strip()):
            self._block_of[index] = len(self.blocks)
            self._paragraph_of_block.append(index)
            self.blocks.append(
                Block(
                    text=text, kind=kind, part=part, line=index,
                    anchors=(Anchor(0, index, 1),), style=style, level=level, cell=cell, key=key,
                )
            )
        return index

    def mark_start(self, comment_id: str, mark: Mark) -> None:
        self._starts.setdefault(comment_id, mark)

    def mark_end(self, comment_id: str, mark: Mark) -> None:
        self._ends.setdefault(comment_id, mark)

    def mark_reference(self, comment_id: str, mark: Mark) -> None:
        """Where the comment's mark sits; used only for a missing start or end."""
        self._references.setdefault(comment_id, mark)

    def next_mark(self) -> Mark:
        """The start of the paragraph that will be added next."""
        return Mark(self.paragraphs + 1, 0)

    def last_mark(self) -> Mark:
        """The end of the paragraph added last."""
        return Mark(self.paragraphs, None)

    def add_comment(self, comment_id: str, author: str, initials: str, date: str, text: str) -> None:
        start_mark, end_mark = self._starts.get(comment_id), self._ends.get(comment_id)
        reference = self._references.get(comment_id)
        start = self._resolve(start_mark or reference or end_mark, forward=True)
        end = self._resolve(end_mark or reference or start_mark, forward=False)
        if start is None:
            start = end
        if end is None or (start is not None and end < start):
            end = start
        self.comments.append(
            Comment(
                id=comment_id, author=author, initials=initials, date=date, text=text,
                block=start[0] if start else None, start=start[1] if start else 0,
                end_block=end[0] if end else None, end=end[1] if end else 0,
            )
        )

    def _resolve(self, mark: Mark | None, *, forward: bool) -> tuple[int, int] | None:
        if mark is None:
            return None
        block = self._block_of.get(mark.paragraph)
        if block is not None:
            length = len(self.blocks[block].text)
            return block, length if mark.offset is None else min(mark.offset, length)
        if forward:
            i = bisect.bisect_right(self._paragraph_of_block, mark.paragraph)
            return (i, 0) if i < len(self.blocks) else None
        i = bisect.bisect_left(self._paragraph_of_block, mark.paragraph) - 1
        return (i, len(self.blocks[i].text)) if i >= 0 else None
