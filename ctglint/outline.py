"""Find the structure of a convention: cover, parties, visas, preamble, articles,
signature block and annexes, and mark prefecture stamps as non-content blocks.

Works on any reader's output, so drafts and reference templates share one outline.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from ctglint import rx
from ctglint.model import Block, Document, Section

_SEP = r"\s*(?:[-–—:.)]|\s)\s*"
ARTICLE = rx.compile(
    r"^\s*(?:article|art\.)\s*(?:n°\s*)?(?P<num>\d{1,3}|1er|premier|[IVXL]{1,6}\b)(?:\s*(?:er|ème|e)\b)?"
    r"(?:" + _SEP + r"(?P<title>.*))?$",
    re.IGNORECASE | re.DOTALL,
)
ANNEX = rx.compile(
    r"^\s*annexe\s*(?:n\s*°\s*)?(?P<num>\d{1,2}|[IVX]{1,4}\b)(?:" + _SEP + r"(?P<title>.*))?$",
    re.IGNORECASE | re.DOTALL,
)
PREAMBLE = rx.compile(r"^\s*pr[ée]ambule\s*:?\s*$", re.IGNORECASE)
PARTY = rx.compile(
    r"^\s*(?:[-•]\s*)?(?:la|le|l[’'])\s*(?:caisse|commune|ville|communaut|m[ée]tropole|c\.?c\.?a\.?s|syndicat|"
    r"d[ée]partement|conseil|msa|mutualit|[ée]tablissement|agglom[ée]ration|centre|collectivit)\w*\b.*?\brepr[ée]sent",
    re.IGNORECASE | re.DOTALL,
)
ENTRE = rx.compile(r"^\s*entre\s*:?\s*$", re.IGNORECASE)
VISA = rx.compile(r"^\s*(?:[-•]\s*)?vu\s", re.IGNORECASE)
AGREED = rx.compile(r"^\s*il\s+(?:est|a\s+été)\s+convenu", re.IGNORECASE)
SIGNATURE_START = rx.compile(r"^\s*(?:fait\s+à\b|fait\s+en\s+\w+\s+exemplaires|en\s+autant\s+d[’']exemplaires)", re.IGNORECASE)
SIGNATURE_LIKE = rx.compile(
    r"\b(?:fait\s+à|exemplaires?|paraph[ée]|comporte\b|maire|pr[ée]sident|directeur|directrice|caf\b|"
    r"commune\b|collectivit[ée]|l[’']adjoint|le\s+pr[ée]fet|pour\s+la\b|pour\s+le\b|le\s+\d{1,2}[/.]\d{1,2}[/.]\d{2,4}|"
    r"liste\s+des\s+annexes|^\s*annexes\s*:)",
    re.IGNORECASE,
)
PERSON_NAME = rx.compile(r"^\s*(?:[A-ZÀ-Ý][\w’'-]*\.?\s+){0,4}[A-ZÀ-Ý][A-ZÀ-Ý’'-]+(?:\s+[A-ZÀ-Ý][\w’'-]*)*\s*$")
_SIGNATURE_LINE_MAX = 140
STAMP = rx.compile(
    r"^\s*(?:(?:envoy[ée]|re[çc]u)\s+en\s+pr[ée]fecture\s+le|publi[ée]\s+le|affich[ée]\s+le|"
    r"id\s*:\s*\d{3}-\d{9}-)",
    re.IGNORECASE,
)
FOOTNOTE_MARK = rx.compile(r"^\s*[¹²³⁴⁵⁶⁷⁸⁹⁰]+\s*$")
_HEADING_MAX = 160
#: « ARTICLE 4 – DURÉE ........ 3 »: a table-of-contents line, not a heading.
TOC_LINE = rx.compile(r"(?:\.{3,}|…+|\t)\s*\d{1,3}\s*$")
#: « ARTICLE 5.1 », « Article 5 bis »: a subdivision inside article 5, not a new article.
SUBDIVISION = rx.compile(r"^\s*(?:article|art\.|annexe)\s*(?:n°\s*)?\d{1,3}\s*(?:\.\s*\d|(?:bis|ter|quater)\b)",
                         re.IGNORECASE)


class Heading(NamedTuple):
    kind: str  # "article" | "annex"
    number: int | None
    title: str


def parse_heading(block: Block) -> Heading | None:
    """The article or annex heading that ``block`` is, if any."""
    return _parse_heading(block.text, block.kind == "heading")


@lru_cache(maxsize=8192)
def _parse_heading(text: str, marked: bool) -> Heading | None:
    # Keyed by text: drafts of one model share most of their paragraphs.
    text = text.strip()
    if len(text) > _HEADING_MAX or "\n" in text.strip() or TOC_LINE.search(text) or SUBDIVISION.match(text):
        return None
    for kind, pattern in (("article", ARTICLE), ("annex", ANNEX)):
        m = pattern.match(text)
        if not m:
            continue
        title = (m.group("title") or "").strip()
        if not _looks_like_title(text, title, marked):
            return None
        return Heading(kind, _number(m.group("num")), title.strip(" -–—:."))
    return None


_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}


def _number(raw: str) -> int | None:
    raw = raw.strip().lower()
    if raw.isdigit():
        return int(raw)
    if raw in ("1er", "premier"):
        return 1
    total = 0
    values = [_ROMAN.get(c.upper(), 0) for c in raw]
    if not all(values):
        return None
    for i, v in enumerate(values):
        total += -v if i + 1 < len(values) and values[i + 1] > v else v
    return total


def _looks_like_title(text: str, title: str, marked: bool) -> bool:
    """``marked``: the source marks the block as a heading (a Word or Markdown heading)."""
    if marked:
        return True
    if text.rstrip().endswith((";", ",")):
        return False
    if not title:
        return True
    first = title.split()[0]
    # « Article 5 de la loi … », « annexe 1 à la présente » are references, not headings.
    if first.islower() and re.match(r"^(?:de|du|des|à|a|au|aux|et|ou|l[’']|la|le|les|en|ci|qui|pour|sur)$", first):
        separated = bool(re.match(r"^\s*\S+\s+\S+\s*[-–—:.]", text))
        return separated
    return True


def build(doc: Document) -> Document:
    """Assign every block its section label and fill ``doc.sections``."""
    body = [b for b in doc.blocks if b.part == "body"]
    for b in doc.blocks:
        if b.part == "body" and STAMP.match(b.text):
            b.kind = "stamp"
    labels = _label_body(body)
    for b, (label, _) in zip(body, labels):
        b.section = label
    for b in doc.blocks:
        if b.part != "body":
            b.section = b.part
    doc.sections = _group(doc, {b.index: info for b, (_, info) in zip(body, labels)})
    return doc


def _label_body(body: list[Block]) -> list[tuple[str, tuple]]:
    """Label each body block; ``info`` carries (kind, number, title, is_heading)."""
    content = [b for b in body if b.is_content]
    parties_at = _parties_start(content)
    state = "cover" if parties_at is not None else "preamble"
    number: int | None = None
    title = ""
    out: list[tuple[str, tuple]] = []
    seen_article = False
    last_annex = 0
    footnote_next = False
    agreed = False
    seen_preamble = False
    for b in body:
        heading = parse_heading(b) if b.is_content else None
        is_heading = False
        if not b.is_content:
            pass
        elif footnote_next:
            footnote_next = False
            out.append(("footnote", ("footnote", None, "", False)))
            continue
        elif FOOTNOTE_MARK.match(b.text):
            footnote_next = True
            out.append(("footnote", ("footnote", None, "", False)))
            continue
        elif heading and heading.kind == "article" and state not in ("signature", "annex"):
            state, number, title, is_heading, seen_article = "article", heading.number, heading.title, True, True
        elif heading and heading.kind == "annex" and (seen_article or state in ("signature", "annex")):
            state, number, title, is_heading = "annex", heading.number, heading.title, True
            last_annex = heading.number or last_annex
        elif parties_at is not None and b is parties_at:
            state = "parties"
        elif VISA.match(b.text) and (state in ("cover", "parties") or (state == "preamble" and not seen_preamble)):
            # Without a parties block (an extract, a fragment) the visas still open the text.
            state = "visas"
        elif state in ("cover", "parties", "visas") and AGREED.match(b.text):
            state, agreed = "visas", True
        elif state == "visas" and PREAMBLE.match(b.text):
            state, is_heading, seen_preamble = "preamble", True, True
        elif state == "visas" and agreed:
            state = "preamble"
        elif state == "article" and seen_article and SIGNATURE_START.match(b.text):
            state = "signature"
        elif state == "signature" and not _signature_like(b):
            # Content after the signatures with no heading: an annex whose heading is missing.
            last_annex += 1
            state, number, title = "annex", last_annex, ""
            out.append((f"annex {number}", ("annex", number, "", False)))
            continue
        if state == "preamble" and PREAMBLE.match(b.text):
            is_heading, seen_preamble = True, True
        numbered = state in ("article", "annex")
        label = f"{state} {number}" if numbered and number is not None else state
        out.append((label, (state, number if numbered else None, title if numbered else "", is_heading)))
    return out


def _signature_like(b: Block) -> bool:
    if b.kind == "cell" or SIGNATURE_START.match(b.text) or PERSON_NAME.match(b.text):
        return True
    return len(b.text) <= _SIGNATURE_LINE_MAX and bool(SIGNATURE_LIKE.search(b.text))


def _parties_start(content: list[Block]) -> Block | None:
    """The « Entre » (or first party) block that opens the parties; None if there is none."""
    for i, b in enumerate(content[:80]):
        if ARTICLE.match(b.text) and parse_heading(b):
            return None
        if PARTY.match(b.text):
            if i > 0 and ENTRE.match(content[i - 1].text):
                return content[i - 1]
            return b
    return None


def _group(doc: Document, infos: dict[int, tuple]) -> list[Section]:
    sections: list[Section] = []
    by_label: dict[str, Section] = {}
    current: Section | None = None
    for b in doc.blocks:
        info = infos.get(b.index, (b.section, None, "", False))
        kind, number, title, is_heading = info
        if current is None or current.label != b.section or (is_heading and kind in ("article", "annex")):
            resumed = by_label.get(b.section)
            # A section interrupted by a footnote or a stamp goes on after it.
            if resumed is not None and not is_heading and resumed is sections[-2 if len(sections) > 1 else -1]:
                current = resumed
            else:
                current = Section(label=b.section, kind=kind, number=number, title=title, heading=None)
                sections.append(current)
                by_label[b.section] = current
        if is_heading and current.heading is None:
            current.heading = b.index
        current.blocks.append(b.index)
    return sections
