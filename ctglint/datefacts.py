"""The key dates of a convention, extracted once per document for the date rules (family D).

:func:`date_facts` computes them on first use and keeps them in ``ctx.facts["dates"]``:

- every full date and every period of the content (stamps excluded), each with the kind of
  earlier act it dates when it is a legal reference (:func:`ctglint.frdates.legal_reference_kind`,
  read on the section's text so a visa wrapped over two paragraphs is understood);
- the convention's period, from the « Durée » article (the draft section paired with the
  template article whose title says « durée », or an article of the draft whose own title
  does), and failing that from the cover;
- the periods written on the cover and in page headers and footers;
- the signature dates (signature block, « Fait à … le … » paragraphs);
- the dates of the deliberations that authorise the signature (visas, parties, the annex that
  holds the council's decision), the Caf board's deliberations excluded.

Dates are parsed by :mod:`ctglint.frdates` only.
"""
from __future__ import annotations

import bisect
import datetime as dt
import re
from typing import NamedTuple

from ctglint import rx
from ctglint.fr import fold, parse_french_int
from ctglint.frdates import DateMatch, PeriodMatch, find_dates, find_periods, legal_reference_kind
from ctglint.model import Document, Section
from ctglint.rule import Context

__all__ = ["DatedAt", "PeriodAt", "ConventionPeriod", "DateFacts", "date_facts", "sentence_bounds"]

FACTS_KEY = "dates"


class DatedAt(NamedTuple):
    """A full date of the draft: ``doc.blocks[block].text[start:end] == match.raw``."""

    block: int
    start: int
    end: int
    match: DateMatch
    #: The kind of earlier act it dates (« legal-text », « code », « deliberation », « visa »), or None.
    legal: str | None


class PeriodAt(NamedTuple):
    block: int
    start: int
    end: int
    match: PeriodMatch
    legal: str | None


class ConventionPeriod(NamedTuple):
    """The period the convention covers, and where it is written."""

    first_year: int
    last_year: int
    start_date: dt.date | None
    end_date: dt.date | None
    block: int
    start: int
    end: int
    raw: str
    #: « duree » (the duration article), or « cover » when the draft has no usable duration article.
    source: str

    @property
    def first_day(self) -> dt.date:
        return self.start_date or dt.date(self.first_year, 1, 1)

    @property
    def last_day(self) -> dt.date:
        return self.end_date or dt.date(self.last_year, 12, 31)


class DateFacts(NamedTuple):
    dates: tuple[DatedAt, ...]
    periods: tuple[PeriodAt, ...]
    period: ConventionPeriod | None
    duree: Section | None
    cover_periods: tuple[PeriodAt, ...]
    signature_dates: tuple[DatedAt, ...]
    deliberations: tuple[DatedAt, ...]
    #: Annexes holding the plan of action (by the template's title or their own).
    plan_sections: tuple[Section, ...]


def date_facts(ctx: Context) -> DateFacts:
    """The document's date facts, computed on first call and kept in ``ctx.facts``."""
    facts = ctx.facts.get(FACTS_KEY)
    if facts is None:
        facts = _compute(ctx)
        ctx.facts[FACTS_KEY] = facts
    return facts


# --------------------------------------------------------------------------- helpers

_DUREE_TITLE = rx.compile(r"\bduree\b")
_DELIBERATION_TITLE = rx.compile(r"\bdeliberation|\bdecision\b|\bconseil\s+municipal\b|\bconseil\s+communautaire\b")
_PLAN_TITLE = rx.compile(r"\bplans?\s+d\W?\s*actions?\b|\bfiches?\s+actions?\b")
# Words of the local council whose deliberation authorises the signature.
_LOCAL_ACT = rx.compile(r"\bdeliber|\bdecision\b|\bconseil\s+(?:municipal|communautaire|syndical|metropolitain"
                        r"|de\s+(?:la\s+)?(?:communaute|metropole))|\bseance\b")
# ... and those of the Caf's own bodies (the Caf board's deliberation is a legal reference).
_CAF_ACT = rx.compile(r"\bconseil\s+d\W?\s*administration\b|\bcommission\s+d\W?\s*action\s+sociale\b"
                      r"|\b(?:deliberation|decision)s?\s+(?:de\s+la|du|de\s+sa)\s+(?:caf|caisse|cnaf|msa)\b")
_FAIT_A = rx.compile(r"^\s*fait\s+[àa]\b", re.IGNORECASE)
_DURATION = rx.compile(
    r"\bdur[ée]e\s+(?:totale\s+)?de\s+(?P<n>\d{1,2}|[^\W\d_]+(?:[- ][^\W\d_]+)?)\s+(?:ans|ann[ée]es)\b",
    re.IGNORECASE,
)
_NUMBER_BEFORE = rx.compile(r"(?:\bn\s*[°o]|\bno\.?|\bnum[ée]ro|\br[ée]f\.?|\bid)\s*:?\s*\Z", re.IGNORECASE)
_SENTENCE_END = rx.compile(r"[.;!?…](?=\s|\Z)|\n")
_WINDOW = 240
_VISA = rx.compile(r"(?:^|\n)[\s\-–•*]*vu\b")
_PREAMBLE = rx.compile(r"^\s*pr[ée]ambule\b", re.IGNORECASE)


class _Joined(NamedTuple):
    """The content blocks of one section joined by « \\n », and the way back to each block."""

    text: str
    offsets: tuple[int, ...]
    blocks: tuple[int, ...]
    lengths: tuple[int, ...]

    def locate(self, start: int, end: int) -> tuple[int, int, int]:
        i = max(0, bisect.bisect_right(self.offsets, start) - 1)
        base = self.offsets[i]
        return self.blocks[i], start - base, min(end - base, self.lengths[i])


def _join(doc: Document, section: Section) -> _Joined | None:
    parts, offsets, blocks, lengths = [], [], [], []
    pos = 0
    for i in section.blocks:
        b = doc.blocks[i]
        if not b.is_content:
            continue
        offsets.append(pos)
        blocks.append(i)
        lengths.append(len(b.text))
        parts.append(b.text)
        pos += len(b.text) + 1
    if not parts:
        return None
    return _Joined("\n".join(parts), tuple(offsets), tuple(blocks), tuple(lengths))


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence (or line, or clause up to « ; ») around ``text[start:end]``."""
    left = 0
    for m in _SENTENCE_END.finditer(text, 0, start):
        left = m.end()
    m = _SENTENCE_END.search(text, end)
    return left, (m.end() if m else len(text))


def is_numbered_reference(text: str, start: int) -> bool:
    """« n° 2021-2019 », « réf. 2020/2022 »: a number, not a period."""
    return bool(_NUMBER_BEFORE.search(text, max(0, start - 12), start))


def _lines_before(text: str, start: int) -> str:
    """The current and the previous line before ``start``, from the last « ; » on, folded."""
    window = text[max(0, start - _WINDOW):start]
    lines = window.split("\n")
    window = "\n".join(lines[-2:])
    cut = window.rfind(";")
    return fold(window[cut + 1:])


# --------------------------------------------------------------------------- computing

def _compute(ctx: Context) -> DateFacts:
    doc = ctx.document
    dates: list[DatedAt] = []
    periods: list[PeriodAt] = []
    delib_sections = _sections_titled(ctx, "annex", _DELIBERATION_TITLE)
    plan_sections = _sections_titled(ctx, "annex", _PLAN_TITLE)
    # The template's « Durée » article's partner first, then articles titled so by the draft.
    duree_candidates = _sections_titled(ctx, "article", _DUREE_TITLE)
    deliberations: list[DatedAt] = []
    in_duree: dict[int, tuple[list[DatedAt], list[PeriodAt], _Joined]] = {}
    for section in doc.sections:
        joined = _join(doc, section)
        if joined is None:
            continue
        text = joined.text
        authorising = section.kind in ("parties", "visas") or any(section is s for s in delib_sections)
        # Visas the outline could not tell from the preamble (a draft without its parties block).
        visas_only = not authorising and section.kind in ("cover", "preamble")
        collected = None
        if any(section is s for s in duree_candidates):
            collected = in_duree[id(section)] = ([], [], joined)
        for d in find_dates(text):
            kind = legal_reference_kind(text, d.start)
            at = DatedAt(*joined.locate(d.start, d.end), d, kind)
            dates.append(at)
            if (authorising or visas_only) and d.valid and kind in ("deliberation", "visa"):
                window = _lines_before(text, d.start)
                if (_LOCAL_ACT.search(window) and not _CAF_ACT.search(window)
                        and (authorising or _VISA.search(window))):
                    deliberations.append(at)
            if collected is not None:
                collected[0].append(at)
        for p in find_periods(text):
            if is_numbered_reference(text, p.start):
                continue
            at = PeriodAt(*joined.locate(p.start, p.end), p, legal_reference_kind(text, p.start))
            periods.append(at)
            if collected is not None:
                collected[1].append(at)
    cover = _cover_blocks(doc)
    cover_periods = tuple(
        p for p in periods
        if p.legal is None and (p.block in cover or doc.blocks[p.block].part in ("header", "footer"))
    )
    period, duree = None, duree_candidates[0] if duree_candidates else None
    for candidate in duree_candidates:
        if id(candidate) in in_duree:
            period = _period_from_duree(*in_duree[id(candidate)])
            if period is not None:
                duree = candidate
                break
    if period is None and cover_periods:
        p = cover_periods[0]
        m = p.match
        period = ConventionPeriod(m.first_year, m.last_year, m.start_date, m.end_date, p.block, p.start, p.end,
                                  m.raw, "cover")
    signature = tuple(
        d for d in dates
        if d.legal is None and d.match.valid
        and (doc.blocks[d.block].section == "signature" or _FAIT_A.match(doc.blocks[d.block].text))
    )
    return DateFacts(
        dates=tuple(dates),
        periods=tuple(periods),
        period=period,
        duree=duree,
        cover_periods=cover_periods,
        signature_dates=signature,
        deliberations=tuple(deliberations),
        plan_sections=plan_sections,
    )


#: Without a « cover » section (no parties found), the short title lines that open the draft.
_COVER_LINE_MAX = 100


def _cover_blocks(doc: Document) -> set[int]:
    covers = doc.sections_of("cover")
    if covers:
        return {i for s in covers for i in s.blocks}
    body = [s for s in doc.sections if s.label not in ("header", "footer", "footnote")]
    if not body or body[0].kind != "preamble":
        return set()
    out: set[int] = set()
    for i in body[0].blocks:
        b = doc.blocks[i]
        if not b.is_content:
            continue
        if len(b.text) > _COVER_LINE_MAX or _PREAMBLE.match(b.text):
            break
        out.add(i)
    return out


def _sections_titled(ctx: Context, kind: str, title: re.Pattern) -> tuple[Section, ...]:
    """Draft sections of ``kind`` whose template title (through the alignment) or own title matches."""
    found: list[Section] = []
    if ctx.alignment is not None:
        for pair in ctx.alignment.pairs:
            if (pair.template is not None and pair.draft is not None and pair.template.kind == kind
                    and title.search(fold(pair.template.title))):
                found.append(pair.draft)
    for s in ctx.document.sections_of(kind):
        if title.search(fold(s.title)) and not any(s is f for f in found):
            found.append(s)
    return tuple(found)


def _period_from_duree(dates: list[DatedAt], periods: list[PeriodAt],
                       joined: _Joined | None) -> ConventionPeriod | None:
    usable = [p for p in periods if p.legal is None]
    usable.sort(key=lambda p: p.match.start_date is None)  # date ranges first, then year ranges
    if usable:
        p = usable[0]
        m = p.match
        return ConventionPeriod(m.first_year, m.last_year, m.start_date, m.end_date, p.block, p.start, p.end,
                                m.raw, "duree")
    # « à compter du 1er janvier 2023, pour une durée de quatre ans »
    starts = [d for d in dates if d.legal is None and d.match.valid]
    if not starts or joined is None:
        return None
    m = _DURATION.search(joined.text)
    years = parse_french_int(m.group("n")) if m else None
    if not years or years > 50:
        return None
    first = starts[0].match.date
    try:
        last = first.replace(year=first.year + years) - dt.timedelta(days=1)
    except ValueError:  # 29 February
        last = dt.date(first.year + years, 2, 28)
    s = starts[0]
    return ConventionPeriod(first.year, last.year, first, last, s.block, s.start, s.end, s.match.raw, "duree")
