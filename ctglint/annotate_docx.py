"""Word comments for ``ctglint annotate``: the .docx package, run splitting, anchors.

Everything is done on the XML with lxml; parts that are not changed are copied byte
for byte. A note is written as a ``w:comment`` in the comments part (created with its
relationship and content type when the draft has none) and anchored in the paragraph
by ``w:commentRangeStart`` … ``w:commentRangeEnd`` and a ``w:commentReference`` run.

Anchoring on a span (run splitting) is :mod:`ctglint.annotate_runs`. Removing an
earlier run's comments takes their marks, references and Word 2012+ companion entries
(commentsExtended, commentsIds, commentsExtensible) with them.
"""
from __future__ import annotations

import posixpath

from lxml import etree

from ctglint.annotate import AUTHOR, INITIALS, Note, Target, ZipPackage, clean_text
from ctglint.annotate_runs import split_run, anchor, mark_runs
from ctglint.ingest.docx import (W, W_CRE, W_CREF, W_CRS, W_ID, W_NS, W_P, iter_paragraphs, relationships,
                                 rels_part)

W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"
W15 = "{http://schemas.microsoft.com/office/word/2012/wordml}"
W16CID = "{http://schemas.microsoft.com/office/word/2016/wordml/cid}"
W16CEX = "{http://schemas.microsoft.com/office/word/2018/wordml/cex}"
PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
COMMENTS_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
W_R, W_T = f"{W}r", f"{W}t"
#: Parts that may hold comment anchors, by relationship type of the main part.
_STORY_TYPES = ("header", "footer", "footnotes", "endnotes")


class DocxPackage(ZipPackage):
    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.main = next((t for ty, t, _ in self._rels("") if ty == REL + "officeDocument"), "word/document.xml")
        self.rels = self._rels(self.main)
        self._paragraphs: dict[str, list[etree._Element]] = {}
        self._next_id: int | None = None

    # -- package plumbing -------------------------------------------------------
    def _rels(self, source: str) -> list[tuple[str, str, str]]:
        return relationships(self.xml(rels_part(source)), source)

    def _related(self, kind: str) -> str | None:
        return next((name for ty, name, _ in self.rels if ty == REL + kind and name in self.members), None)

    def _stories(self) -> list[str]:
        """The main part and every part whose paragraphs may carry comment anchors."""
        parts = [self.main] + [n for ty, n, _ in self.rels if ty in {REL + k for k in _STORY_TYPES}]
        return [p for p in dict.fromkeys(parts) if p in self.members]

    def _part_of(self, stem: str) -> str | None:
        if stem == "body":
            return self.main
        return next((n for n in self._stories()[1:] if posixpath.splitext(posixpath.basename(n))[0] == stem), None)

    def paragraph(self, key: str) -> etree._Element | None:
        stem, _, n = key.rpartition(":")
        part = self._part_of(stem)
        if part is None or not n.isdigit():
            return None
        if part not in self._paragraphs:
            self._paragraphs[part] = list(iter_paragraphs(self.xml(part)))
        paragraphs = self._paragraphs[part]
        return paragraphs[int(n)] if int(n) < len(paragraphs) else None

    def _comments(self, create: bool = False) -> etree._Element | None:
        name = self._related("comments")
        if name is not None:
            return self.xml(name)
        if not create:
            return None
        name = "word/comments.xml"
        i = 1
        while name in self.members:
            name, i = f"word/comments{i}.xml", i + 1
        self.create(name, etree.Element(f"{W}comments", nsmap={"w": W_NS}))
        rels_name = rels_part(self.main)
        rels = self.xml(rels_name)
        if rels is None:
            rels = etree.Element(f"{{{PKG_RELS}}}Relationships", nsmap={None: PKG_RELS})
            self.create(rels_name, rels)
        ids = {r.get("Id") for r in rels}
        n = 1
        while f"rId{n}" in ids:
            n += 1
        etree.SubElement(rels, f"{{{PKG_RELS}}}Relationship", Id=f"rId{n}", Type=REL + "comments",
                         Target=posixpath.relpath(name, posixpath.dirname(self.main)))
        self.touch(rels_name)
        types = self.xml("[Content_Types].xml")
        etree.SubElement(types, f"{{{CT_NS}}}Override", PartName="/" + name, ContentType=COMMENTS_TYPE)
        self.touch("[Content_Types].xml")
        self.rels = self._rels(self.main)
        return self.xml(name)

    # -- removing an earlier run's comments ----------------------------------------
    def strip(self) -> int:
        """Remove the comments written by ctglint, their marks and their Word 2012+
        companions (commentsExtended, commentsIds, commentsExtensible)."""
        comments = self._comments()
        if comments is None:
            return 0
        ours = [c for c in comments.iterchildren(f"{W}comment") if c.get(f"{W}author") == AUTHOR]
        if not ours:
            return 0
        ids = {c.get(W_ID) for c in ours}
        para_ids = {p.get(f"{W14}paraId") for c in ours for p in c.iter(W_P)} - {None}
        for c in ours:
            comments.remove(c)
        self.touch(self._related("comments"))
        for part in self._stories():
            root = self.xml(part)
            marks = [el for el in root.iter(W_CRS, W_CRE, W_CREF) if el.get(W_ID) in ids]
            for el in marks:
                parent = el.getparent()
                parent.remove(el)
                if parent.tag == W_R and all(c.tag == f"{W}rPr" for c in parent):
                    parent.getparent().remove(parent)
            if marks:
                self.touch(part)
        self._strip_companions(para_ids)
        return len(ours)

    def _strip_companions(self, para_ids: set[str]) -> None:
        durable: set[str] = set()
        for kind, tag, attr in (("commentsExtended", f"{W15}commentEx", f"{W15}paraId"),
                                ("commentsIds", f"{W16CID}commentId", f"{W16CID}paraId")):
            name = self._related_any(kind)
            root = self.xml(name)
            if root is None:
                continue
            for el in list(root.iter(tag)):
                if el.get(attr) in para_ids:
                    durable.add(el.get(f"{W16CID}durableId", ""))
                    el.getparent().remove(el)
                elif el.get(f"{W15}paraIdParent") in para_ids:
                    del el.attrib[f"{W15}paraIdParent"]  # a reply to a removed comment
            self.touch(name)
        name = self._related_any("commentsExtensible")
        root = self.xml(name)
        if root is not None:
            for el in list(root.iter(f"{W16CEX}commentExtensible")):
                if el.get(f"{W16CEX}durableId") in durable:
                    el.getparent().remove(el)
            self.touch(name)

    def _related_any(self, kind: str) -> str | None:
        """A part related to the main one by a Microsoft relationship type ending in ``kind``."""
        return next((n for ty, n, _ in self.rels if ty.rsplit("/", 1)[-1] == kind and n in self.members), None)

    # -- writing a note -------------------------------------------------------------
    def new_id(self) -> str:
        if self._next_id is None:
            used = [0]
            for part in self._stories() + [self._related("comments")]:
                root = self.xml(part)
                if root is not None:
                    used.extend(int(v) for v in root.xpath("//@w:id", namespaces={"w": W_NS}) if v.isdigit())
            self._next_id = max(used) + 1
        self._next_id += 1
        return str(self._next_id - 1)

    def add(self, note: Note, date: str) -> Target | None:
        """Anchor ``note`` on its first workable target and write the comment; the
        target used, or None (nothing written: Word has no use for a comment without
        an anchor)."""
        comment_id = self.new_id()
        for target in note.targets:
            p = self.paragraph(target.key)
            if p is not None and target.note_mark:
                p = self._mark_note_call(p, comment_id)
            elif p is not None and not anchor(p, target, comment_id):
                p = None
            if p is not None:
                self.touch(self._part_holding(p))
                comments = self._comments(create=True)
                comments.append(comment_element(comment_id, note.paragraphs, date))
                self.touch(self._related("comments"))
                return target
        return None

    def _mark_note_call(self, p: etree._Element, comment_id: str) -> etree._Element | None:
        """Mark the body run that calls the footnote/endnote holding ``p``; return the
        body paragraph, or None."""
        note = next(p.iterancestors(f"{W}footnote", f"{W}endnote"), None)
        if note is None:
            return None
        tag = f"{W}footnoteReference" if note.tag == f"{W}footnote" else f"{W}endnoteReference"
        call = next((el for el in self.xml(self.main).iter(tag) if el.get(W_ID) == note.get(W_ID)), None)
        if call is None or call.getparent().tag != W_R:
            return None
        body_p = next(call.iterancestors(W_P), None)
        if body_p is None:
            return None
        run = call.getparent()
        if any(el.tag != f"{W}rPr" for el in call.itersiblings(preceding=True)):
            run = split_run(run, call, 0)
        if call.getnext() is not None:
            split_run(run, call.getnext(), 0)
        mark_runs(body_p, run, run, comment_id)
        return body_p

    def _part_holding(self, p: etree._Element) -> str:
        root = p.getroottree().getroot()
        return next(name for name, tree in self._trees.items() if tree is root)


def comment_element(comment_id: str, paragraphs: tuple[str, ...], date: str) -> etree._Element:
    comment = etree.Element(f"{W}comment", {W_ID: comment_id, f"{W}author": AUTHOR, f"{W}date": date,
                                            f"{W}initials": INITIALS})
    for i, text in enumerate(paragraphs):
        p = etree.SubElement(comment, W_P)
        if i == 0:
            etree.SubElement(etree.SubElement(p, W_R), f"{W}annotationRef")
        run = etree.SubElement(p, W_R)
        for j, line in enumerate(clean_text(text).split("\n")):
            if j:
                etree.SubElement(run, f"{W}br")
            for k, chunk in enumerate(line.split("\t")):
                if k:
                    etree.SubElement(run, f"{W}tab")
                if chunk:
                    t = etree.SubElement(run, W_T, {XML_SPACE: "preserve"})
                    t.text = chunk
    return comment
