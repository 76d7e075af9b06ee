"""Date rules (family D): impossible dates, periods, signature and deliberation, plan years.

The convention's key dates (its period from the « Durée » article, the cover's period, the
signature and the authorising deliberations) are extracted once per document by
:mod:`ctglint.datefacts`; every date is parsed by :mod:`ctglint.frdates`. Dates of legal texts
and earlier acts (« Vu l'arrêté du 3 octobre 2001 ») are never compared with the period, and
prefecture stamps are not looked at.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import NamedTuple

from ctglint import rx
from ctglint.datefacts import ConventionPeriod, DateFacts, date_facts, sentence_bounds
from ctglint.findings import Hit, Msg, Severity
from ctglint.fr import fold
from ctglint.frdates import find_dates, find_month_years, find_periods
from ctglint.model import Block
from ctglint.rule import Context, Rule, overlaps


def _fmt(d: dt.date) -> str:
    return d.strftime("%d/%m/%Y")


def _period_text(p: ConventionPeriod) -> str:
    if p.start_date and p.end_date:
        return f"{_fmt(p.start_date)} – {_fmt(p.end_date)}"
    return f"{p.first_year} – {p.last_year}"


# --------------------------------------------------------------------------- D001

# « 30 février », « 31 juin » written without a year (with a year, frdates finds them).
_DAY_MONTH = rx.compile(
    r"(?<![\w/.,])(?:(?:30|31)[^\S\n]+f[ée]vrier|31[^\S\n]+(?:avril|juin|septembre|novembre))(?![^\W\d_])",
    re.IGNORECASE,
)


class ImpossibleDate(Rule):
    """Ce qu'elle fait
    Signale les dates qui n'existent pas : « 31/02/2024 », « 30 février 2024 »,
    « 31 juin », un mois 13 (« 18/13/2023 »), un 29 février d'une année non
    bissextile.

    Pourquoi
    Une date impossible dans une convention (date d'effet, de signature, de
    délibération) rend l'acte incertain : on ne sait pas quelle date les parties
    ont voulu écrire, et la convention peut être contestée.

    Exemple
    ```
    ARTICLE 11 – DUREE DE LA CONVENTION

    La présente convention est conclue à compter du 01/01/2023 jusqu'au 31/02/2026.
    ```

    À la place
    ```
    ARTICLE 11 – DUREE DE LA CONVENTION

    La présente convention est conclue à compter du 01/01/2023 jusqu'au 31/12/2026.
    ```
    """

    code = "D001"
    name = "impossible-date"
    category = "date"
    severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Hit]:
        facts = date_facts(ctx)
        taken: dict[int, list[tuple[int, int]]] = {}
        for d in facts.dates:
            if not d.match.valid:
                taken.setdefault(d.block, []).append((d.start, d.end))
                yield self._hit(d.block, d.start, d.end, d.match.raw)
        for block in ctx.blocks(parts=("body", "header", "footer", "footnote")):
            for m in _DAY_MONTH.finditer(block.text):
                if not overlaps((m.start(), m.end()), taken.get(block.index, [])):
                    yield self._hit(block.index, m.start(), m.end(), m.group())

    @staticmethod
    def _hit(block: int, start: int, end: int, raw: str) -> Hit:
        return Hit(block, start, end,
                   Msg(f"Date impossible : « {raw} » n'existe pas",
                       f"Impossible date: “{raw}” does not exist"),
                   suggestion=Msg("Corriger le jour ou le mois.", "Correct the day or the month."))


# --------------------------------------------------------------------------- D002

class PeriodEndBeforeStart(Rule):
    """Ce qu'elle fait
    Signale les périodes dont la fin précède le début : « 2026 – 2023 »,
    « du 01/01/2023 au 31/12/2022 », « de 2024 à 2021 ». Les numéros de textes
    (« décret n° 2021-2019 ») ne sont pas des périodes.

    Pourquoi
    Une période à l'envers ne couvre aucune durée : la convention, ou l'action
    concernée, n'a pas de période d'application certaine.

    Exemple
    ```
    ARTICLE 11 – DUREE DE LA CONVENTION

    La présente convention est conclue à compter du 01/01/2023 jusqu'au 31/12/2022.
    ```

    À la place
    ```
    ARTICLE 11 – DUREE DE LA CONVENTION

    La présente convention est conclue à compter du 01/01/2023 jusqu'au 31/12/2026.
    ```
    """

    code = "D002"
    name = "period-end-before-start"
    category = "date"
    severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Hit]:
        for p in date_facts(ctx).periods:
            m = p.match
            backwards = m.last_year < m.first_year or (
                m.start_date is not None and m.end_date is not None and m.end_date < m.start_date)
            if backwards and p.legal is None:
                yield Hit(p.block, p.start, p.end,
                          Msg(f"Période à l'envers : la fin précède le début dans « {m.raw} »",
                              f"Backwards period: the end comes before the start in “{m.raw}”"),
                          suggestion=Msg("Vérifier l'ordre et les années des deux dates.",
                                         "Check the order and the years of both ends."))


# --------------------------------------------------------------------------- D003

def _years(p: ConventionPeriod) -> float:
    """Length of the period in years (01/01/2023 – 31/12/2026 and « 2023 – 2026 » are 4 years)."""
    if p.start_date and p.end_date:
        after = p.end_date + dt.timedelta(days=1)
        months = (after.year - p.start_date.year) * 12 + after.month - p.start_date.month
        months += (after.day - p.start_date.day) / 30.44
        return months / 12
    return p.last_year - p.first_year + 1


def _years_text(years: float) -> str:
    rounded = round(years * 2) / 2
    return str(int(rounded)) if rounded == int(rounded) else f"{rounded:.1f}".replace(".", ",")


#: How far (in years) a period may stray from the norm before it is reported: about a month.
_NORM_TOLERANCE = 1 / 12
#: The norm when the draft matches no template and no option sets one: the widest of the Caf du
#: Nord models (2021: 2 to 5 years; 2023: 3 to 5 years).
FALLBACK_NORM = (2, 5)


class NormOptions(NamedTuple):
    #: Shortest and longest period accepted, in years; 0 means « the template's norm ».
    min_years: int = 0
    max_years: int = 0


class PeriodOutsideNorm(Rule):
    """Ce qu'elle fait
    Compare la durée de la convention, lue dans l'article « Durée de la
    convention » (à défaut sur la page de garde), à la durée que prévoit le
    modèle de référence (de `min_years` à `max_years` ans dans son manifeste ;
    sans modèle reconnu, de 2 à 5 ans ; les options `min-years` et `max-years`
    l'emportent sur les deux) et signale une durée plus courte ou plus longue.

    Pourquoi
    La Caf conclut ses conventions territoriales globales pour une durée
    pluriannuelle fixée nationalement ; une durée hors norme est souvent une
    erreur d'année dans la date de fin, et sinon un écart à faire valider.

    Exemple
    ```
    ARTICLE 11 – DUREE DE LA CONVENTION

    La présente convention est conclue à compter du 01/01/2023 jusqu'au 31 décembre 2033.
    ```

    À la place
    ```
    ARTICLE 11 – DUREE DE LA CONVENTION

    La présente convention est conclue à compter du 01/01/2023 jusqu'au 31 décembre 2026.
    ```
    """

    code = "D003"
    name = "period-outside-norm"
    category = "date"
    severity = Severity.WARNING
    Options = NormOptions

    def validate(self) -> None:
        low, high = self.options.min_years, self.options.max_years
        if low < 0 or high < 0 or (low and high and low > high):
            raise ValueError("min_years and max_years must be positive, min_years <= max_years")

    def norm(self, ctx: Context) -> tuple[int, int]:
        low, high = (ctx.template.min_years, ctx.template.max_years) if ctx.template else FALLBACK_NORM
        return self.options.min_years or low, self.options.max_years or high

    def check(self, ctx: Context) -> Iterator[Hit]:
        p = date_facts(ctx).period
        if p is None or p.last_year < p.first_year:
            return
        years = _years(p)
        low, high = self.norm(ctx)
        if years <= 0 or low - _NORM_TOLERANCE <= years <= high + _NORM_TOLERANCE:
            return
        n = _years_text(years)
        yield Hit(p.block, p.start, p.end,
                  Msg(f"La convention couvre {n} an(s) (« {p.raw} ») ; le modèle prévoit de {low} à {high} ans",
                      f"The convention covers {n} year(s) (“{p.raw}”); the template expects {low} to {high} years"),
                  expected=f"{low} – {high} ans",
                  suggestion=Msg("Vérifier les années de début et de fin de la convention.",
                                 "Check the start and end years of the convention."))


# --------------------------------------------------------------------------- D004

class CoverPeriodMismatch(Rule):
    """Ce qu'elle fait
    Compare la période écrite sur la page de garde (et dans les en-têtes et
    pieds de page) avec celle de l'article « Durée de la convention » et signale
    toute différence d'années ou de dates.

    Pourquoi
    La page de garde annonce la période de la convention ; si elle ne dit pas la
    même chose que l'article qui fixe la durée, l'une des deux est fausse et la
    période d'application de la convention devient discutable.

    Exemple
    ```
    CONVENTION TERRITORIALE GLOBALE (CTG)

    2022 – 2025

    ARTICLE 11 – DUREE DE LA CONVENTION

    La présente convention est conclue à compter du 01/01/2023 jusqu'au 31 décembre 2026.
    ```

    À la place
    ```
    CONVENTION TERRITORIALE GLOBALE (CTG)

    2023 – 2026

    ARTICLE 11 – DUREE DE LA CONVENTION

    La présente convention est conclue à compter du 01/01/2023 jusqu'au 31 décembre 2026.
    ```
    """

    code = "D004"
    name = "cover-period-mismatch"
    category = "date"
    severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Hit]:
        facts = date_facts(ctx)
        period = facts.period
        if period is None or period.source != "duree":
            return
        seen: set[str] = set()
        for c in facts.cover_periods:
            m = c.match
            differs = (m.first_year, m.last_year) != (period.first_year, period.last_year) or (
                m.start_date and m.end_date and period.start_date and period.end_date
                and (m.start_date, m.end_date) != (period.start_date, period.end_date))
            if not differs:
                continue
            repeated = ctx.document.blocks[c.block].part in ("header", "footer")
            if repeated and m.raw in seen:
                continue
            seen.add(m.raw)
            shown = _period_text(period)
            yield Hit(c.block, c.start, c.end,
                      Msg(f"La page de garde annonce « {m.raw} », mais l'article sur la durée fixe la période "
                          f"« {period.raw} » ({shown})",
                          f"The cover says “{m.raw}” but the duration article sets the period "
                          f"“{period.raw}” ({shown})"),
                      expected=f"{period.first_year} – {period.last_year}",
                      suggestion=Msg("Aligner la page de garde sur l'article relatif à la durée.",
                                     "Make the cover agree with the duration article."))


# --------------------------------------------------------------------------- D005

class SignatureBeforeDeliberation(Rule):
    """Ce qu'elle fait
    Compare la date de signature (« Fait à … le … ») aux dates des délibérations
    qui autorisent la signature : celle que citent les visas (« Vu la délibération
    du conseil municipal en date du … »), les parties, ou l'annexe qui reproduit
    la décision du conseil municipal. Signale une signature antérieure à l'une de
    ces délibérations. La délibération du conseil d'administration de la Caf et
    les tampons de la préfecture ne comptent pas.

    Pourquoi
    Le maire ne peut signer qu'une fois autorisé par son conseil : une convention
    signée avant la délibération qui l'y autorise est signée par une personne
    incompétente et encourt l'annulation.

    Exemple
    ```
    Entre

    La Caisse d'allocations familiales du Nord, représentée par sa Directrice ;

    Et

    La commune de Bailleul, représentée par son Maire ;

    Vu la délibération du conseil municipal en date du 09/02/2023 figurant en annexe 3 ;

    ARTICLE 1 – OBJET DE LA CTG

    La Ctg vise à définir le projet stratégique global du territoire.

    Fait à Lille
    Le 18/01/2023
    ```

    À la place
    ```
    Entre

    La Caisse d'allocations familiales du Nord, représentée par sa Directrice ;

    Et

    La commune de Bailleul, représentée par son Maire ;

    Vu la délibération du conseil municipal en date du 09/02/2023 figurant en annexe 3 ;

    ARTICLE 1 – OBJET DE LA CTG

    La Ctg vise à définir le projet stratégique global du territoire.

    Fait à Lille
    Le 18/03/2023
    ```
    """

    code = "D005"
    name = "signature-before-deliberation"
    category = "date"
    severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Hit]:
        facts = date_facts(ctx)
        if not facts.deliberations:
            return
        for s in facts.signature_dates:
            signed = s.match.date
            later = [d.match.date for d in facts.deliberations if d.match.date > signed]
            if not later:
                continue
            delib = _fmt(min(later))
            yield Hit(s.block, s.start, s.end,
                      Msg(f"Convention signée le « {s.match.raw} », avant la délibération du {delib} "
                          "qui autorise la signature",
                          f"Convention signed on “{s.match.raw}”, before the deliberation of {delib} "
                          "that authorises the signature"),
                      suggestion=Msg(f"Dater la signature au plus tôt du {delib}, ou corriger la date "
                                     "de la délibération.",
                                     f"Date the signature on {delib} or later, or correct the "
                                     "deliberation's date."))


# --------------------------------------------------------------------------- D006

_CALENDAR_LABEL = rx.compile(
    r"^[\s*_]*(?:calendrier(?:[^\S\n]+pr[ée]visionnel)?|[ée]ch[ée]ancier|[ée]ch[ée]ances?"
    r"(?:[^\S\n]+de[^\S\n]+r[ée]alisation)?|p[ée]riode[^\S\n]+de[^\S\n]+r[ée]alisation)"
    r"(?![^\W\d_])[\s*_]*(?:\(s\))?[\s*_]*:?[\s*_]*",
    re.IGNORECASE,
)
_LONE_YEAR = rx.compile(r"(?<![\w/.,\-–])(?:19|20)\d{2}(?![\w/]|[.,\-–]\d)")
_YEARS_ONLY = rx.compile(r"^[\s*_]*(?:19|20)\d{2}(?:[^\S\n]*[-–—/][^\S\n]*(?:19|20)\d{2})?[\s*_]*$")
_PLAN_WORDS = rx.compile(r"\bplans?\s+d\W?\s*actions?\b")
_PLAN_TITLE_MAX = 100


def _spots(text: str, since: int) -> Iterator[tuple[int, int, dt.date, dt.date, str]]:
    """Periods, dates, month-years and lone years of ``text`` from ``since`` on, as day ranges."""
    taken: list[tuple[int, int]] = []
    for p in find_periods(text):
        if p.start >= since:
            taken.append((p.start, p.end))
            yield (p.start, p.end, p.start_date or dt.date(p.first_year, 1, 1),
                   p.end_date or dt.date(p.last_year, 12, 31), p.raw)
    for d in find_dates(text) + find_month_years(text):
        if d.start < since or overlaps((d.start, d.end), taken) or (d.day is not None and not d.valid):
            continue
        taken.append((d.start, d.end))
        if d.day is not None:
            yield d.start, d.end, d.date, d.date, d.raw
        else:
            first = dt.date(d.year, d.month, 1)
            last = (dt.date(d.year + d.month // 12, d.month % 12 + 1, 1) - dt.timedelta(days=1))
            yield d.start, d.end, first, last, d.raw
    for m in _LONE_YEAR.finditer(text, since):
        if not overlaps((m.start(), m.end()), taken):
            y = int(m.group())
            yield m.start(), m.end(), dt.date(y, 1, 1), dt.date(y, 12, 31), m.group()


def _calendar_value_start(block: Block, cells: dict[tuple[int, int, int], str]) -> int | None:
    """Where the calendar value of ``block`` starts: after its own label (« Calendrier
    prévisionnel : 2024 »), or the whole cell when the cell on its left or the head of its column
    is a calendar label."""
    m = _CALENDAR_LABEL.match(block.text)
    if m and m.end() < len(block.text):
        return m.end()
    if block.cell is None:
        return None
    t, r, c = block.cell
    for key in ((t, r, c - 1), (t, 0, c) if r > 0 else None):
        label = cells.get(key) if key else None
        if label is not None:
            m = _CALENDAR_LABEL.match(label)
            if m and m.end() >= len(label.rstrip()):
                return 0
    return None


class PlanYearOutsidePeriod(Rule):
    """Ce qu'elle fait
    Signale, dans le plan d'actions, les années qui sortent de la période de la
    convention : les colonnes d'années du tableau du plan, la période écrite dans
    son titre, et le « Calendrier prévisionnel » (ou les « Échéances de
    réalisation ») des fiches actions. Une convention 2021 – 2023 dont une action
    est prévue en « 2024 » est signalée ; « 2021 2022 2023 » ne l'est pas.

    Pourquoi
    La convention n'engage les parties que pendant sa durée : une action
    programmée après son terme (ou avant son début) n'est couverte par aucun
    engagement, et trahit souvent un plan repris d'une autre convention.

    Exemple
    ```
    ARTICLE 10 – DUREE DE LA CONVENTION

    La présente convention est conclue à compter du 01/01/2021 au 31/12/2023

    ANNEXE 6 – PLAN D’ACTION ET FICHES ACTIONS

    Calendrier prévisionnel : 2024
    ```

    À la place
    ```
    ARTICLE 10 – DUREE DE LA CONVENTION

    La présente convention est conclue à compter du 01/01/2021 au 31/12/2023

    ANNEXE 6 – PLAN D’ACTION ET FICHES ACTIONS

    Calendrier prévisionnel : 2023
    ```
    """

    code = "D006"
    name = "plan-year-outside-period"
    category = "date"
    severity = Severity.WARNING

    def check(self, ctx: Context) -> Iterator[Hit]:
        facts = date_facts(ctx)
        period = facts.period
        if period is None or period.last_year < period.first_year:
            return
        doc = ctx.document
        plan_blocks = {i for s in facts.plan_sections for i in s.blocks}
        cells = {b.cell: b.text for b in doc.blocks if b.cell is not None and b.section.startswith("annex")}
        for block in ctx.blocks():
            if not block.section.startswith("annex"):
                continue
            since = _calendar_value_start(block, cells)
            if since is not None:
                spots = _spots(block.text, since)
            elif block.index in plan_blocks:
                spots = self._plan_spots(block, facts)
            else:
                continue
            for start, end, first, last, raw in spots:
                if first < period.first_day or last > period.last_day:
                    yield self._hit(block.index, start, end, raw, period)

    @staticmethod
    def _plan_spots(block: Block, facts: DateFacts) -> Iterator[tuple[int, int, dt.date, dt.date, str]]:
        """In the plan annex: the period and years of its title (the heading, or a short line
        naming the plan), and the cells that hold nothing but years (the year columns)."""
        text = block.text
        if (block.kind == "heading" or _YEARS_ONLY.match(text) or _is_heading(block, facts)
                or (block.cell is None and len(text) <= _PLAN_TITLE_MAX and _PLAN_WORDS.search(fold(text)))):
            yield from _spots(text, 0)

    @staticmethod
    def _hit(block: int, start: int, end: int, raw: str, period: ConventionPeriod) -> Hit:
        shown = _period_text(period)
        return Hit(block, start, end,
                   Msg(f"Plan d'actions : « {raw} » sort de la période de la convention ({shown})",
                       f"Plan of action: “{raw}” lies outside the convention's period ({shown})"),
                   suggestion=Msg("Ramener l'échéance dans la période de la convention, ou corriger l'année.",
                                  "Bring the date within the convention's period, or correct the year."))


def _is_heading(block: Block, facts: DateFacts) -> bool:
    return any(s.heading == block.index for s in facts.plan_sections)


# --------------------------------------------------------------------------- D007

_PREVIOUS = rx.compile(
    r"\b(?:precedente?s?|ancienne?s?|derniere|anterieure?s?|premiere)\s+(?:convention|ctg)"
    r"|\b(?:convention|ctg)s?\s+(?:precedente|anterieure)"
    r"|\b(?:ont|a|avaient|avait|avons|avions)\s+(?:deja\s+)?(?:signe|conclu|contractualise)"
    r"|\barrivee?\s+a\s+(?:son\s+)?(?:terme|echeance)|\bechue?\b|\bs.est\s+achevee?"
    r"|\bsucc[eè]de\s+a|\bfait\s+suite\s+a|\bdans\s+la\s+continuite\s+de|\brenouvel"
)
_CONVENTION = rx.compile(r"\bconvention|\bctg\b|\bc\.t\.g\b")


def _previous_convention(text: str, start: int, end: int) -> bool:
    """Whether the sentence around ``text[start:end]`` speaks of an earlier convention."""
    left, right = sentence_bounds(text, start, end)
    sentence = fold(text[left:right])
    return bool(_PREVIOUS.search(sentence) and _CONVENTION.search(sentence))


class PreviousConventionOverlap(Rule):
    """Ce qu'elle fait
    Repère la période d'une convention antérieure citée dans le texte (« ont
    signé une convention territoriale globale … pour la période 2020-2022 »,
    « la précédente CTG 2019-2022 ») et la signale si elle se termine après le
    début de la présente convention.

    Pourquoi
    Deux conventions ne peuvent pas régir la même période : un chevauchement
    trahit une erreur d'année, soit dans la période citée, soit dans celle de la
    présente convention, et brouille les financements qui en dépendent.

    Exemple
    ```
    ARTICLE 11 – DUREE DE LA CONVENTION

    La présente convention est conclue à compter du 01/01/2023 jusqu'au 31 décembre 2026.

    ANNEXE 1 – DIAGNOSTIC PARTAGÉ

    La Caf du Nord et la commune ont signé une convention territoriale globale pour la période 2020-2023.
    ```

    À la place
    ```
    ARTICLE 11 – DUREE DE LA CONVENTION

    La présente convention est conclue à compter du 01/01/2023 jusqu'au 31 décembre 2026.

    ANNEXE 1 – DIAGNOSTIC PARTAGÉ

    La Caf du Nord et la commune ont signé une convention territoriale globale pour la période 2020-2022.
    ```
    """

    code = "D007"
    name = "previous-convention-overlap"
    category = "date"
    severity = Severity.WARNING

    def check(self, ctx: Context) -> Iterator[Hit]:
        facts = date_facts(ctx)
        period = facts.period
        if period is None:
            return
        doc = ctx.document
        for p in facts.periods:
            m = p.match
            if p.legal is not None or m.first_year >= period.first_year or m.last_year < m.first_year:
                continue
            ends = m.end_date or dt.date(m.last_year, 12, 31)
            if ends < period.first_day:
                continue
            if not _previous_convention(doc.blocks[p.block].text, p.start, p.end):
                continue
            shown = _period_text(period)
            yield Hit(p.block, p.start, p.end,
                      Msg(f"La convention précédente (« {m.raw} ») se termine après le début de la "
                          f"présente convention ({shown})",
                          f"The previous convention (“{m.raw}”) ends after this convention starts ({shown})"),
                      suggestion=Msg("Vérifier les années de la convention précédente et de la présente.",
                                     "Check the years of the previous convention and of this one."))
