"""Anchoring a Word comment on a character span of a paragraph: run splitting.

The paragraph's accepted text is rebuilt exactly as the reader builds it
(:func:`ctglint.ingest.docx.paragraph_text`), piece by piece (``w:t``, ``w:tab``,
``w:br`` …), each piece remembering its element. The runs are split at both ends of
the span — a ``w:t`` is cut in two, or a run is cut between two of its children — and
each part keeps a copy of the run's ``w:rPr`` and attributes, inside the same parent
(``w:ins``, ``w:hyperlink``, ``w:sdtContent``, ``w:fldSimple`` …), so formatting and
tracked changes are kept. The range marks go right beside the first and last runs of
the span and are lifted out of a wrapper when they stand at its edge; the reference
run goes after the end mark, outside any wrapper (a reference inside a tracked
insertion would vanish with a rejected insertion).
"""
from __future__ import annotations

import copy
from dataclasses import dataclass

from lxml import etree

from ctglint.annotate import Target
from ctglint.ingest.docx import W, W_CRE, W_CREF, W_CRS, W_ID, W_P, paragraph_text, text_pieces

XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
W_R = f"{W}r"
#: Children of a wrapper that carry no text: a mark may be lifted past them.
_PROPERTIES = {f"{W}{n}" for n in ("rPr", "pPr", "sdtPr", "sdtEndPr", "bookmarkStart", "bookmarkEnd",
                                   "commentRangeStart", "commentRangeEnd", "proofErr", "permStart", "permEnd")}


@dataclass(slots=True)
class Piece:
    """A piece of the paragraph's accepted text and the element that writes it."""

    el: etree._Element
    start: int
    text: str

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    @property
    def run(self) -> etree._Element:
        """The unit that moves as a whole: the run holding the piece."""
        parent = self.el.getparent()
        return parent if parent is not None and parent.tag == W_R else self.el


def pieces(p: etree._Element) -> list[Piece]:
    """The paragraph's accepted text, element by element (the reader's own walk)."""
    out: list[Piece] = []
    pos = 0
    for el, text in text_pieces(p):
        if text is not None:
            out.append(Piece(el, pos, text))
            pos += len(text)
    return out


def anchor(p: etree._Element, target: Target, comment_id: str) -> bool:
    """Mark ``target`` in paragraph ``p``; False when it has no text to mark there."""
    host = next((a for a in reversed(list(p.iterancestors(W_P)))), None)
    if target.note_mark:
        return False  # see DocxPackage.add: the mark is in another part
    if target.start is None:
        _anchor_whole(host if host is not None else p, comment_id)
        return True
    if host is not None:  # a text-box paragraph: comments belong to the host paragraph
        return False
    raw = paragraph_text(p)[0]
    label = len(target.text) - len(raw)
    if label < 0 or target.text[label:] != raw:
        return False  # the model and the XML disagree: do not guess
    a, b = max(target.start - label, 0), min(target.end - label, len(raw))
    if b <= a or not raw[a:b].strip():
        return False
    # Mark only the visible text: leading and trailing blanks stay outside.
    a += len(raw[a:b]) - len(raw[a:b].lstrip())
    b -= len(raw[a:b]) - len(raw[a:b].rstrip())
    split_at(p, a)
    split_at(p, b)
    covered = [pc for pc in pieces(p) if pc.text and pc.start < b and pc.end > a]
    mark_runs(p, covered[0].run, covered[-1].run, comment_id)
    return True


def mark_runs(p: etree._Element, first: etree._Element, last: etree._Element, comment_id: str) -> None:
    """Range marks before ``first`` and after ``last`` (lifted out of wrappers when at
    their edge), the reference run after the end mark, at paragraph level."""
    start = etree.Element(W_CRS, {W_ID: comment_id})
    end = etree.Element(W_CRE, {W_ID: comment_id})
    _insert_before(first, start)
    _insert_after(last, end)
    _lift(start, p, backwards=True)
    _lift(end, p, backwards=False)
    outer = end
    while outer.getparent() is not p:
        outer = outer.getparent()
    _insert_after(outer, reference_run(comment_id))


def split_at(p: etree._Element, offset: int) -> None:
    """Make ``offset`` of the paragraph's text fall between two runs."""
    found = pieces(p)
    for i, pc in enumerate(found):
        if pc.start < offset < pc.end:  # inside a w:t: cut the text
            if pc.run is not pc.el:
                split_run(pc.run, pc.el, offset - pc.start)
            return
        if pc.start == offset and pc.text:
            before = next((q for q in reversed(found[:i]) if q.text), None)
            if before is not None and before.run is pc.run and pc.run is not pc.el:
                split_run(pc.run, pc.el, 0)  # between two children of one run
            return


def split_run(run: etree._Element, child: etree._Element, cut: int) -> etree._Element:
    """Split ``run`` before ``child`` (``cut == 0``) or inside ``child``'s text at
    ``cut``; the second part, a new run with a copy of the properties, follows it."""
    new = etree.Element(run.tag, dict(run.attrib))
    rpr = run.find(f"{W}rPr")
    if rpr is not None:
        new.append(copy.deepcopy(rpr))
    following = list(child.itersiblings())
    if cut:
        rest = etree.SubElement(new, child.tag, dict(child.attrib))
        rest.text, child.text = child.text[cut:], child.text[:cut]
        rest.set(XML_SPACE, "preserve")
        child.set(XML_SPACE, "preserve")
    else:
        following.insert(0, child)
    for el in following:
        new.append(el)
    _insert_after(run, new)
    return new


def _anchor_whole(p: etree._Element, comment_id: str) -> None:
    ppr = p.find(f"{W}pPr")
    p.insert(0 if ppr is None else p.index(ppr) + 1, etree.Element(W_CRS, {W_ID: comment_id}))
    p.append(etree.Element(W_CRE, {W_ID: comment_id}))
    p.append(reference_run(comment_id))


def reference_run(comment_id: str) -> etree._Element:
    run = etree.Element(W_R)
    etree.SubElement(run, W_CREF, {W_ID: comment_id})
    return run


def _lift(mark: etree._Element, p: etree._Element, *, backwards: bool) -> None:
    """Move ``mark`` out of its wrappers while no text stands between it and the
    wrapper's edge."""
    while (parent := mark.getparent()) is not p and parent is not None:
        siblings = mark.itersiblings(preceding=backwards)
        if any(_has_text(s) for s in siblings):
            return
        if backwards:
            _insert_before(parent, mark)
        else:
            _insert_after(parent, mark)


def _has_text(el: etree._Element) -> bool:
    return el.tag not in _PROPERTIES and (el.tag == W_R or next(el.iter(W_R), None) is not None)


def _insert_before(el: etree._Element, new: etree._Element) -> None:
    el.addprevious(new)


def _insert_after(el: etree._Element, new: etree._Element) -> None:
    # lxml's addnext puts the new element after el's tail; keep the tail after the new one.
    new.tail, el.tail = el.tail, None
    el.addnext(new)
