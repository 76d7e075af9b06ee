"""French dates and periods as CTG drafts write them, and the dates of legal texts.

Always day/month/year. A small parser of our own: ``dateparser`` misses « 2023 – 2026 », accepts
31/02 and finds dozens of false dates in French prose. Every match keeps its character span in
the text it was found in (``text[m.start:m.end] == m.raw``).
"""
from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import NamedTuple

from ctglint import rx
from ctglint.fr import fold

__all__ = [
    "DateMatch", "PeriodMatch", "find_dates", "find_month_years", "find_periods",
    "is_legal_reference", "legal_reference_kind",
]


class DateMatch(NamedTuple):
    """A date as written. ``valid`` is False for impossible dates (« 30 février 2024 »,
    « 31/02/2024 »), whose ``date`` is then None. Month-years (:func:`find_month_years`) have
    ``day=None`` and ``date=None``."""

    start: int
    end: int
    raw: str
    day: int | None
    month: int
    year: int
    valid: bool
    date: dt.date | None


class PeriodMatch(NamedTuple):
    """A period as written. ``start_date``/``end_date`` are set when its ends are dates (the first
    and last day for a month-year end; None for an impossible date or a bare year range).
    ``last_year < first_year`` is returned as written: judging it is a rule's job."""

    start: int
    end: int
    raw: str
    first_year: int
    last_year: int
    start_date: dt.date | None
    end_date: dt.date | None


_HS = r"[^\S\n]"  # horizontal whitespace, NBSP and narrow NBSP included
_NOT_A_QUANTITY = (
    r"(?![^\S\n]*(?i:€|k€|m€|%|euros?\b|eur\b|habitants?\b|places?\b|personnes?\b|enfants?\b"
    r"|familles?\b|m[2²]|km\b|ha\b|heures?\b|h\b))"
)
# One scan over the digits of the text does all the work (digits are rare in prose, so the regex
# engine skips ahead fast). A match starts at a digit that does not continue a longer run of
# digits and separators (IDs « 059-215900176-20230209 », phone numbers, « 201/203 ») and is:
#   - a numeric date « 18/01/2023 », « 18-01-2023 », « 18.01.2023 », « 1/1/23 »;
#   - a year range « 2023 – 2026 », « 2021/2023 », « 2021 à 2023 », « 2021 et 2023 »;
#   - a lone year, then looked back from for a month name and a day (« 1er janvier 2023 »).
_NUMBERS = rx.compile(
    # not after a letter, a digit, « / » or « . »; after « - » only in « 01/01/2023-31/12/2026 »
    r"\d(?<![\w/.]\d)(?<!(?<![/.]\d{4})-\d)(?:"
    r"(?P<d>\d?)(?P<s>[/.\-])(?P<m>\d{1,2})(?P=s)(?P<y>\d{4}|\d{2})"
    r"(?!\w|[/.]\d|-(?!\d{1,2}[/.]\d{1,2}[/.]\d{2,4}(?!\d))\d)"
    rf"|(?P<a>\d{{3}})(?:(?:{_HS}*[-–—‐‑‒/]{_HS}*"
    rf"|{_HS}+(?P<c>(?i:à|a|au|jusqu['’]{_HS}?(?:à|a|en)|et)){_HS}+)"
    r"(?P<b>\d{4})(?!\w|[/.,\-–—]\d)" + _NOT_A_QUANTITY + r"|(?!\d|[.,]\d)))"
)
# Month names and usual abbreviations, any case, with or without accents (NFC or NFD).
_MONTH_BEFORE = rx.compile(
    r"(?<!\w)(?P<m>(?:janvier|janv|f[ée]\u0301?vrier|f[ée]\u0301?vr?|mars|avril|avr|mai|juin"
    r"|juillet|juil|ao[uû]\u0302?t|septembre|sept|octobre|oct|novembre|nov|d[ée]\u0301?cembre"
    r"|d[ée]\u0301?c)(?![^\W\d_])\.?)[^\S\n]+\Z",
    re.IGNORECASE,
)
_DAY_BEFORE = rx.compile(rf"(?<![\w.,])(?P<d>1{_HS}?(?i:er)|1ᵉʳ|(?i:premier)|\d{{1,2}}){_HS}+\Z")
_YEAR_LEAD = rx.compile(rf"(?<!\w)(?i:de|entre|depuis){_HS}+\Z")
_MONTH_NUMBERS = {
    "janvier": 1, "janv": 1, "fevrier": 2, "fevr": 2, "fev": 2, "mars": 3, "avril": 4, "avr": 4,
    "mai": 5, "juin": 6, "juillet": 7, "juil": 7, "aout": 8, "septembre": 9, "sept": 9,
    "octobre": 10, "oct": 10, "novembre": 11, "nov": 11, "decembre": 12, "dec": 12,
}


def _make_date(start: int, text: str, day: int | None, month: int, year: int) -> DateMatch:
    try:
        date = dt.date(year, month, day) if day is not None else None
        valid = True
    except ValueError:
        date, valid = None, False
    return DateMatch(start, start + len(text), text, day, month, year, valid, date)


def _plausible(*years: int) -> bool:
    return all(1990 <= y <= 2100 for y in years)


@lru_cache(maxsize=8)  # rules ask for dates and periods of the same text one after the other
def _scan(text: str) -> tuple[tuple[DateMatch, ...], tuple[DateMatch, ...],
                              tuple[PeriodMatch, ...]]:
    """Full dates, month-years (not the tail of a full date) and year ranges, in order."""
    dates, month_years, ranges = [], [], []
    for m in _NUMBERS.finditer(text):
        start = m.start()
        if m.group("s"):
            day, month, y = int(text[start] + m.group("d")), int(m.group("m")), m.group("y")
            if len(y) == 2:
                if m.group("s") != "/" or not (1 <= day <= 31 and 1 <= month <= 12):
                    continue
                year = 2000 + int(y)
            else:
                year = int(y)
            dates.append(_make_date(start, m.group(), day, month, year))
            continue
        year = int(text[start] + m.group("a"))
        if m.group("b"):
            last, conn = int(m.group("b")), (m.group("c") or "").lower()
            lead = _YEAR_LEAD.search(text, max(0, start - 12), start) if conn else None
            if _plausible(year, last) and (conn != "et" or lead and lead.group()[0] in "eE"):
                s = lead.start() if lead else start
                ranges.append(PeriodMatch(s, m.end(), text[s:m.end()], year, last, None, None))
                continue
        end = start + 4
        mo = _MONTH_BEFORE.search(text, max(0, start - 24), start)
        if not mo:
            continue
        month = _MONTH_NUMBERS[fold(mo.group("m")).rstrip(".")]
        d = _DAY_BEFORE.search(text, max(0, mo.start() - 24), mo.start())
        if d:
            day = int(d.group("d")) if d.group("d").isdigit() else 1  # « 1er », « premier »
            dates.append(_make_date(d.start(), text[d.start():end], day, month, year))
        elif 1900 <= year <= 2100:
            month_years.append(_make_date(mo.start(), text[mo.start():end], None, month, year))
    return tuple(dates), tuple(month_years), tuple(ranges)


def find_dates(text: str) -> list[DateMatch]:
    """Full dates in ``text``, in order: « 18/01/2023 », « 18-01-2023 », « 18.01.2023 », « 1/1/23 »
    (two-digit years mean 20xx and are accepted with « / » only, and only when day and month are
    possible), « 1er janvier 2023 », « premier janvier 2023 », « 6 Janvier 1978 », « 31 DÉCEMBRE
    2026 », « 3 févr. 2023 ». ``raw`` starts at the day: « le 3 octobre 2001 » gives « 3 octobre
    2001 ». Impossible dates (« 30 février 2024 », « 31/02/2024 ») are returned with
    ``valid=False``. Nothing is found inside IDs (« 059-215900176-20230209-DE23027-DE »), phone
    numbers, « 201/203 rue Paul Bert » or amounts.
    """
    return list(_scan(text)[0])


def find_month_years(text: str) -> list[DateMatch]:
    """Month-years without a day (« janvier 2023 », « en AOUT 2022 »), years 1900..2100, as
    :class:`DateMatch` with ``day=None`` and ``date=None``; the month-year that ends a full date
    (« 1er janvier 2023 ») is not repeated here."""
    return list(_scan(text)[1])


# --------------------------------------------------------------------------- periods

# What may introduce a date range, right before its first date (markdown ** tolerated).
_LEAD = rx.compile(
    r"(?:(?<!\w)(?:[àa]\s+compter|[àa]\s+partir|depuis)[\s*_]+(?:du|de\s+la\s+date\s+du|le)"
    r"|(?<!\w)du|(?<!\w)entre(?:\s+le)?|(?<!\w)de|(?<!\w)depuis(?:\s+le)?)[\s*_]*\Z",
    re.IGNORECASE,
)
# What may stand between the two dates of a range.
_GAP = rx.compile(
    r"[\s*_]*(?:inclus[\s*_]*)?,?[\s*_]*"
    r"(?P<c>au\s+plus\s+tard\s+le|au|jusqu['’]\s?au|jusqu['’]\s?[àa](?:\s+la\s+date\s+du|\s+le)?"
    r"|et(?:\s+le)?|[àa]|[-–—‐‑‒])[\s*_]*",
    re.IGNORECASE,
)


def _ends(d: DateMatch) -> tuple[dt.date | None, dt.date | None]:
    if d.day is not None:
        return d.date, d.date
    # The day before the first of next month (calendar would cost its import, and locale's).
    last = dt.date(d.year, 12, 31) if d.month == 12 else dt.date(d.year, d.month + 1, 1) - dt.timedelta(days=1)
    return dt.date(d.year, d.month, 1), last


def find_periods(text: str) -> list[PeriodMatch]:
    """Periods in ``text``, in order.

    - Year ranges: « 2023 – 2026 », « 2023-2026 », « 2021/2023 », « pour la période 2020-2022 »
      (``raw`` is « 2020-2022 »), « de 2021 à 2023 », « entre 2021 et 2023 ». Both years must lie
      in 1990..2100; quantities (« 2000-2050 € », « 2000 à 2050 habitants ») and the template
      placeholder « 20XX-20XX » are not periods.
    - Date ranges, ``raw`` including the words that introduce them: « du 01/01/2023 jusqu'au
      31 décembre 2026 », « à compter du 01/01/2021 au 31/12/2023 », « entre le … et le … »,
      « de janvier 2021 à décembre 2023 », « 01/01/2023 – 31/12/2026 ».
    """
    dates, month_years, ranges = _scan(text)
    anchors = sorted(dates + month_years, key=lambda d: d.start)
    periods = list(ranges)
    i = 0
    while i < len(anchors) - 1:
        a, b = anchors[i], anchors[i + 1]
        gap = _GAP.fullmatch(text, a.end, b.start)
        lead = _LEAD.search(text, max(0, a.start - 40), a.start) if gap else None
        if gap:
            conn = gap.group("c").lower()
            if conn.startswith("et") and not (lead and fold(lead.group()).startswith("entre")):
                gap = None
            elif conn in ("à", "a") and not lead:
                gap = None
        if not gap:
            i += 1
            continue
        start = lead.start() if lead else a.start
        periods.append(PeriodMatch(start, b.end, text[start:b.end], a.year, b.year,
                                   _ends(a)[0], _ends(b)[1]))
        i += 2
    periods.sort(key=lambda p: p.start)
    return periods


# --------------------------------------------------------------------------- legal-text dates

_DU = (r"(?:en\s+date\s+du|en\s+date\s+le|du|le|en\s+(?:sa\s+|la\s+)?seance\s+du"
       r"|lors\s+de\s+(?:sa|la)\s+seance\s+du)")
_QUALIFIER = (
    r"(?:\s+(?:n\s*[°o]|no\.?|numero)\s*[\w./-]+|\s+\d[\w./-]*|\s+\(?(?:ue|ce|cee|cnaf|msa)\)?"
    r"|\s+(?:ministeriel|interministeriel|prefectoral|municipal|organique|europeen|modifie)e?s?)"
)
# Words that belong to the convention's own dates: a filler containing them breaks the link
# between an act named earlier in the sentence and the date.
_FILLER = r"(?:(?!convention|compter|partir|jusqu|periode|duree|effet|signe|fait\s+a)[^;]){0,%d}?"

LEGAL_TRIGGERS: tuple[tuple[str, str], ...] = (
    # « arrêté du », « loi n° 78-17 du », « décret n°2021-1234 du », « règlement (UE) 2016/679 du »
    ("legal-text", r"\b(?:loi|decret|arrete|ordonnance|circulaire|lettre[- ]circulaire"
                   r"|instruction|directive|reglement|arret|jugement)s?" + _QUALIFIER
                   + r"{0,4}\s+" + _DU),
    # « Code de la sécurité sociale, dans sa rédaction en vigueur au »
    ("code", r"\bcode\b" + _FILLER % 120 + r"\b(?:du|au|le)"),
    # « délibération du conseil d'administration de la Caf du Nord, en date du »,
    # « Vu la délibération du\n- Conseil Municipal, en date du », « DECISION DU CONSEIL MUNICIPAL
    # \n En date du », « conseil municipal lors de sa séance du »
    ("deliberation", r"\b(?:deliberation|decision|delibere|proces[- ]verbal|compte[- ]rendu"
                     r"|conseil\s+(?:municipal|communautaire|d['’]administration|departemental"
                     r"|regional|syndical|metropolitain)|commission\s+d['’]action\s+sociale)s?\b"
                     + _FILLER % 160 + r"\b" + _DU),
    # Anything in a « Vu … ; » visa: visas cite earlier acts by definition.
    ("visa", r"\n[\s\-–•*]*vu\b[^;]*"),
)
_TRIGGERS = tuple((kind, rx.compile(source + r"[\s*_]*\Z")) for kind, source in LEGAL_TRIGGERS)
_LINE_BREAKS = rx.compile(r"\n[^\S\n]*(?:\n[^\S\n]*)*")
# « ; », or « . ! ? … » that ends a line or comes before a capital: « L. 263-1 » and « C.A. du »
# do not end a sentence.
_SENTENCE_END = rx.compile(r";|[.!?…](?=[^\S\n]*\n|\s+[A-ZÀ-ÖØ-Þ«\"“(])")
_WINDOW = 240


def legal_reference_kind(text: str, match_start: int) -> str | None:
    """Kind of earlier act whose date starts at ``match_start``, or None (see
    :func:`is_legal_reference`): ``"legal-text"``, ``"code"``, ``"deliberation"`` or ``"visa"``."""
    window = text[max(0, match_start - _WINDOW):match_start]
    breaks = list(_LINE_BREAKS.finditer(window))
    if len(breaks) >= 2:  # the current line and the previous non-empty one
        window = window[breaks[-2].end():]
    at_start = match_start <= _WINDOW or len(breaks) >= 2  # does the window start a line?
    cut = None
    for cut in _SENTENCE_END.finditer(window):
        pass
    if cut is not None:
        window = window[cut.end():]
    window = ("\n" if at_start or cut is not None else " ") + fold(window)
    for kind, trigger in _TRIGGERS:
        if trigger.search(window):
            return kind
    return None


def is_legal_reference(text: str, match_start: int) -> bool:
    """True when the date at ``match_start`` dates a legal text or an earlier administrative act.

    Such dates (« Vu l'arrêté du 3 octobre 2001 », « la loi n° 78-17 du 6 janvier 1978 », « la
    délibération du conseil d'administration … en date du 17 janvier 2019 ») are rightly outside
    the convention period and must never be checked against it.

    The rule: take the text just before the date, at most 240 characters, the current line and
    the previous non-empty line (a visa may wrap: « Vu la délibération du / - Conseil Municipal,
    en date du »), from the end of the last sentence on (« ; », or « . », « ! », « ? » before a
    line break or a capital); fold it (lower case, no accents) and test the patterns of
    :data:`LEGAL_TRIGGERS` in order, each anchored on the date:

    - ``legal-text``: a legal text's name, its number or qualifiers, then « du »/« en date du »;
    - ``code``: « code … du/au/le »;
    - ``deliberation``: a deliberation, decision or council named in the same sentence,
      then « du », « en date du », « lors de sa séance du »;
    - ``visa``: the sentence is a visa (« Vu … »).

    Words of the convention's own dates (« convention », « à compter », « à partir », « jusqu »,
    « période », « durée », « effet », « signé », « fait à ») between the act and the date break
    the link, so « par délibération du conseil municipal, la convention prend effet à compter du
    01/01/2023 » is not a legal date. Signature and prefecture stamps (« Le 18/01/2023 »,
    « Reçu en préfecture le ») are not either.
    """
    return legal_reference_kind(text, match_start) is not None
