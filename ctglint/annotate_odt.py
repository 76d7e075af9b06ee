"""ODF annotations for ``ctglint annotate`` (.odt drafts).

A note becomes an ``office:annotation`` (``dc:creator`` « ctglint », ``dc:date``, the
initials as ``meta:creator-initials`` in ODF 1.3 documents, one ``text:p`` per line)
at the start of the span and an ``office:annotation-end`` with the same ``office:name``
at its end (a finding in a footnote: around the note's citation in the body, as for
Word). ODF marks are points in mixed content, so nothing needs splitting: a mark
goes into the text node (or beside the ``text:s``/``text:tab``/``text:line-break``)
that writes the character where the span starts or ends, even inside a ``text:span``
or ``text:a``. Offsets are mapped through ODF white-space collapsing exactly as
:func:`ctglint.ingest.odt.paragraph_text` applies it, so the text is unchanged.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from ctglint import rx
from ctglint.annotate import AUTHOR, INITIALS, Note, Target, ZipPackage, clean_text
from ctglint.ingest.odt import (ANNOTATION, ANNOTATION_END, DC, OFFICE, TEXT, _SKIP, iter_paragraphs, paragraph_text,
                                spaces)

META = "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
_WHITE = rx.compile(r"[ \t\r\n]")


class OdtPackage(ZipPackage):
    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.root = self.xml("content.xml")
        self.body = self.root.find(f"{OFFICE}body/{OFFICE}text")
        self._paragraphs = list(iter_paragraphs(self.body))
        self._names = {el.get(f"{OFFICE}name") for el in self.body.iter(ANNOTATION)}
        self._count = 0

    def paragraph(self, key: str) -> etree._Element | None:
        stem, _, n = key.rpartition(":")
        if stem != "body" or not n.isdigit() or int(n) >= len(self._paragraphs):
            return None
        return self._paragraphs[int(n)]

    def strip(self) -> int:
        ours = [a for a in self.body.iter(ANNOTATION) if (a.findtext(f"{DC}creator") or "").strip() == AUTHOR]
        names = {a.get(f"{OFFICE}name") for a in ours} - {None}
        ends = [e for e in self.body.iter(ANNOTATION_END) if e.get(f"{OFFICE}name") in names]
        for el in ours + ends:
            _remove(el)
        if ours:
            self.touch("content.xml")
            self._names -= names
        return len(ours)

    def add(self, note: Note, date: str) -> Target | None:
        name = self._new_name()
        for target in note.targets:
            p = self.paragraph(target.key)
            annotation = self._annotation(name, note.paragraphs, date)
            if p is not None and target.note_mark:
                call = next(p.iterancestors(f"{TEXT}note"), None)
                if call is None:
                    continue
                _before(call, annotation)
                _after(call, etree.Element(ANNOTATION_END, {f"{OFFICE}name": name}))
                self.touch("content.xml")
                return target
            if p is not None and anchor(p, target, annotation, name):
                self.touch("content.xml")
                return target
        return None

    def _new_name(self) -> str:
        while True:
            self._count += 1
            name = f"ctglint{self._count}"
            if name not in self._names:
                self._names.add(name)
                return name

    def _annotation(self, name: str, paragraphs: tuple[str, ...], date: str) -> etree._Element:
        el = etree.Element(ANNOTATION, {f"{OFFICE}name": name})
        etree.SubElement(el, f"{DC}creator").text = AUTHOR
        etree.SubElement(el, f"{DC}date").text = date.rstrip("Z")
        if _version(self.root) >= (1, 3):
            etree.SubElement(el, f"{{{META}}}creator-initials").text = INITIALS
        for text in paragraphs:
            p = etree.SubElement(el, f"{TEXT}p")
            _write_text(p, clean_text(text))
        return el


def anchor(p: etree._Element, target: Target, annotation: etree._Element, name: str) -> bool:
    end = etree.Element(ANNOTATION_END, {f"{OFFICE}name": name})
    if target.note_mark:
        return False
    if target.start is None:
        number = p.find(f"{TEXT}number")
        if number is not None and number.getparent() is p:
            _after(number, annotation)
        else:
            annotation.tail, p.text = p.text, None
            p.insert(0, annotation)
        p.append(end)
        return True
    raw, _ = paragraph_text(p)
    label = len(target.text) - len(raw)
    if label < 0 or target.text[label:] != raw:
        return False
    a, b = max(target.start - label, 0), min(target.end - label, len(raw))
    if b <= a or not raw[a:b].strip():
        return False
    a += len(raw[a:b]) - len(raw[a:b].lstrip())
    b -= len(raw[a:b]) - len(raw[a:b].rstrip())
    chars = characters(p)
    if len(chars) != len(raw):
        return False
    # The end first: inserting it cannot move the start's source position.
    chars[b - 1].insert(end, after=True)
    chars[a].insert(annotation, after=False)
    return True


@dataclass(slots=True)
class Char:
    """Where one character of the paragraph's text comes from: position ``index`` of
    ``holder.text`` (``attr == "text"``) or ``holder.tail`` (``"tail"``), or the element
    ``holder`` itself (``attr == "element"``: text:s, text:tab, text:line-break)."""

    holder: etree._Element
    attr: str
    index: int = 0

    def insert(self, mark: etree._Element, *, after: bool) -> None:
        if self.attr == "element":
            if self.holder.tag == f"{TEXT}s" and int(self.holder.get(f"{TEXT}c", "1") or 1) > 1:
                self._split_spaces(after)
            (_after if after else _before)(self.holder, mark)
            return
        cut = self.index + 1 if after else self.index
        if self.attr == "text":
            text = self.holder.text or ""
            self.holder.text, mark.tail = text[:cut] or None, text[cut:] or None
            self.holder.insert(0, mark)
        else:
            text = self.holder.tail or ""
            self.holder.tail, mark.tail = text[:cut] or None, text[cut:] or None
            self.holder.addnext(mark)

    def _split_spaces(self, after: bool) -> None:
        # A text:s of c spaces writes c characters; our character is number self.index.
        count = int(self.holder.get(f"{TEXT}c", "1") or 1)
        first = self.index + 1 if after else self.index
        if 0 < first < count:
            rest = etree.Element(f"{TEXT}s", {f"{TEXT}c": str(count - first)})
            self.holder.set(f"{TEXT}c", str(first))
            _after(self.holder, rest)
            if not after:
                self.holder = rest
                self.index = 0


def characters(p: etree._Element) -> list[Char]:
    """One :class:`Char` per character of :func:`paragraph_text`, same white-space rules."""
    out: list[Char] = []
    after_space = True

    def data(holder: etree._Element, attr: str, text: str) -> None:
        nonlocal after_space
        for i, c in enumerate(text):
            if _WHITE.match(c):
                if after_space:
                    continue
                after_space = True
            else:
                after_space = False
            out.append(Char(holder, attr, i))

    def walk(el: etree._Element) -> None:
        nonlocal after_space
        if el.text:
            data(el, "text", el.text)
        for child in el:
            tag = child.tag
            if tag == f"{TEXT}s":
                out.extend(Char(child, "element", i) for i in range(spaces(child)))
                after_space = False
            elif tag in (f"{TEXT}tab", f"{TEXT}line-break"):
                out.append(Char(child, "element"))
                after_space = False
            elif tag in (ANNOTATION, ANNOTATION_END):
                pass
            elif isinstance(tag, str) and tag not in _SKIP:
                walk(child)
            if child.tail:
                data(child, "tail", child.tail)

    walk(p)
    return out


def _write_text(p: etree._Element, text: str) -> None:
    """``text`` into paragraph ``p`` with text:tab and text:line-break, spaces kept."""
    last = None
    for token in re.split(r"(\t|\n| {2,})", text):
        if not token:
            continue
        if token == "\t" or token == "\n" or token.startswith("  "):
            tag = "tab" if token == "\t" else "line-break" if token == "\n" else "s"
            last = etree.SubElement(p, f"{TEXT}{tag}", {f"{TEXT}c": str(len(token))} if tag == "s" else {})
        elif last is None:
            p.text = (p.text or "") + token
        else:
            last.tail = (last.tail or "") + token


def _version(root: etree._Element) -> tuple[int, ...]:
    try:
        return tuple(int(x) for x in root.get(f"{OFFICE}version", "1.2").split("."))
    except ValueError:
        return (1, 2)


def _remove(el: etree._Element) -> None:
    """Remove ``el`` but keep its tail text in place."""
    parent = el.getparent()
    if el.tail:
        previous = el.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _before(el: etree._Element, new: etree._Element) -> None:
    el.addprevious(new)


def _after(el: etree._Element, new: etree._Element) -> None:
    new.tail, el.tail = el.tail, None
    el.addnext(new)
