"""Article numbering, articles missing from or added to the template, and cross-references.

The numbering check (:func:`numbering_problems`) is shared with the annex rules.
"""
from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from ctglint import rx
from ctglint.findings import Hit, Msg, Severity
from ctglint.model import Document, Section
from ctglint.outline import parse_heading
from ctglint.rule import Context, Rule
from ctglint.textsim import words

# --------------------------------------------------------------------------- shared helpers


class Problem(NamedTuple):
    """One numbering problem at position ``index`` of a sequence of headings."""

    index: int
    kind: str  # "start" | "gap" | "duplicate" | "misnumbered" | "disorder"
    number: int
    previous: int | None  # number of the heading just before (None at the start)
    missing: tuple[int, ...] = ()  # numbers that should have come before (start, gap)
    expected: int | None = None  # the number the heading should bear (misnumbered)


def numbering_problems(numbers: Sequence[int | None], *, report: Sequence[bool] | None = None) -> list[Problem]:
    """Problems of a sequence of heading numbers that should read 1, 2, … N once each, in order.

    ``None`` numbers are ignored. ``report[i]`` False makes heading ``i`` count (it holds its
    number) without being reported (an annex whose heading is missing has an implied number).

    - ``start``: the first number is not 1;
    - ``gap``: numbers are skipped (not when they come later: that is a ``disorder`` there);
    - ``duplicate``: a number already used;
    - ``misnumbered``: a repeat of the number just before whose successor skips one
      (1, 2, 3, 3, 5: the second 3 should be 4), reported once instead of a duplicate and a gap;
    - ``disorder``: a number lower than one already seen, not used before.
    """
    known = [(i, n) for i, n in enumerate(numbers) if n is not None]
    out: list[Problem] = []
    seen: set[int] = set()
    expected = 1
    previous: int | None = None
    for pos, (i, n) in enumerate(known):
        later = {m for _, m in known[pos + 1:]}
        nxt = known[pos + 1][1] if pos + 1 < len(known) else None
        wanted = report is None or report[i]
        if n in seen:
            if n == previous and expected not in seen and nxt == expected + 1:
                if wanted:
                    out.append(Problem(i, "misnumbered", n, previous, expected=expected))
                seen.add(expected)
                previous, expected = expected, expected + 1
                continue
            if wanted:
                out.append(Problem(i, "duplicate", n, previous))
            continue
        if n > expected:
            missing = tuple(k for k in range(expected, n) if k not in seen and k not in later)
            if missing and wanted:
                out.append(Problem(i, "start" if previous is None else "gap", n, previous, missing=missing))
        elif n < expected and wanted:
            out.append(Problem(i, "disorder", n, previous))
        seen.add(n)
        previous = n
        expected = max(expected, n + 1)
    return out


_ACRONYMS = rx.compile(r"\b(?:ctg|caf|cnaf|rgpd|cej|epci|msa|cog|ccas|laep|eaje|alsh|ram|rpe)\b", re.IGNORECASE)


def nice_title(title: str) -> str:
    """A heading title in sentence case when it is set in capitals (« OBJET DE LA CTG » → « Objet de la CTG »)."""
    title = title.strip()
    if not title.isupper():
        return title
    return _ACRONYMS.sub(lambda m: m.group().upper(), title.capitalize())


#: « ARTICLE 5.1 », « Article 5 bis », « ANNEXE 6-1 »: a sub-division, not a new number of the series.
SUB_NUMBERED = rx.compile(
    r"^\W*(?:article|art\.|annexe)\s*(?:n\s*°\s*)?[\dIVXL]+(?:er)?\s*(?:[.-]\s*\d|(?:bis|ter|quater)\b)", re.IGNORECASE)
#: A table-of-contents line: dot leaders or a tab, then a page number.
TOC_LINE = rx.compile(r"(?:\.{4,}|…{2,}|_{4,}|\t)\s*\d{1,3}\s*$")


def is_sub_numbered(doc: Document, section: Section) -> bool:
    return section.heading is not None and bool(SUB_NUMBERED.match(doc.blocks[section.heading].text))


def is_toc_entry(doc: Document, section: Section) -> bool:
    """A heading of a table of contents (« ARTICLE 4 – TITRE ....... 3 »), not an article."""
    if section.heading is None:
        return False
    b = doc.blocks[section.heading]
    return bool(TOC_LINE.search(b.text)) or (b.style or "").lower().startswith(("toc", "table des", "sommaire"))


def draft_articles(doc: Document) -> list[Section]:
    """The draft's article sections, table-of-contents entries left out."""
    return [s for s in doc.sections_of("article") if not is_toc_entry(doc, s)]


def _label(section: Section) -> str:
    return f"« {nice_title(section.title)} »" if section.title else "(sans titre)"


def _has_opening(doc: Document) -> bool:
    return any(s.kind in ("cover", "parties", "visas", "preamble") for s in doc.sections)


# --------------------------------------------------------------------------- internal references

#: A number in a reference: « 5 », « 1er », « premier »; never « 263-1 » nor « 5.2 ».
_NUM = r"(?:\d{1,3}(?:\s?(?:er|ère|re)\b)?(?![\d]|[-–./,]\d)|premier\b)"
ARTICLE_REF = rx.compile(
    r"(?<![\w-])(?i:articles?)\s+(?:(?i:n)\s*°\s*)?(?P<nums>" + _NUM
    + r"(?:\s*(?:,|\bet\b|\bà\b|\bau\b|\bou\b)\s*" + _NUM + r")*)",
)
_ONE_NUM = rx.compile(r"(?P<sep>,|\bet\b|\bà\b|\bau\b|\bou\b)?\s*(?P<num>\d{1,3}|premier)", re.IGNORECASE)
#: What follows a reference to another text's article (or annex): « du Rgpd », « de la loi ».
EXTERNAL_AFTER = rx.compile(
    r"\s*,?\s*(?:(?:alin[ée]as?|al\.|paragraphes?|§|points?|[1-9]°)\s*[\w°]*\s*,?\s*)?"
    r"(?:du|de\s+la|de\s+l[’']|des|dudit|de\s+ladite|de|d[’'])\s*"
    r"(?:(?i:m[êe]me|susdite?s?|nouveau|nouvelle|pr[ée]sente?s?|dite?s?)\s+)?"
    r"(?:(?i:code|r[èe]glement|loi|rgpd|d[ée]cret|arr[êe]t[ée]|ordonnance|directive|circulaire|trait[ée]|"
    r"constitution|charte|accord[- ]cadre|convention\s+(?:d[’']objectifs|collective|internationale|europ[ée]enne)|"
    r"statuts?|d[ée]lib[ée]ration|avenant|contrat|protocole|cahier\s+des\s+charges|r[ée]f[ée]rentiel)\b"
    r"|(?!CTG\b)[A-Z]{2,}[A-Z.]*\b)",
)


def parse_numbers(raw: str) -> list[int]:
    """The numbers of « 3 et 4 », « 3, 4 et 5 », « 3 à 5 » (a range), « 1er »."""
    out: list[int] = []
    for m in _ONE_NUM.finditer(raw):
        n = 1 if m.group("num").lower() == "premier" else int(m.group("num"))
        sep = (m.group("sep") or "").lower()
        if sep in ("à", "au") and out and out[-1] < n <= out[-1] + 50:
            out.extend(range(out[-1] + 1, n + 1))
        else:
            out.append(n)
    return out


def is_external(text: str, end: int) -> bool:
    """Whether the reference ending at ``end`` names another text (« … du Code », « … de la loi »)."""
    return bool(EXTERNAL_AFTER.match(text, end))


class Ref(NamedTuple):
    start: int
    end: int
    numbers: tuple[int, ...]
    context: tuple[str, ...]  # the few folded words just before « article »


CONTEXT_WORDS = 4


def ref_context(text: str, start: int) -> tuple[str, ...]:
    """The last few folded words before ``start``, numbers left out (dates and counts are local values)."""
    before = [w for w in words(text[max(0, start - 120):start]) if not w.isdigit()]
    return tuple(before[-CONTEXT_WORDS:])


def article_refs(text: str) -> list[Ref]:
    """References to the convention's own articles in ``text``."""
    out = []
    for m in ARTICLE_REF.finditer(text):
        if is_external(text, m.end()):
            continue
        numbers = parse_numbers(m.group("nums"))
        if numbers:
            out.append(Ref(m.start(), m.end(), tuple(numbers), ref_context(text, m.start())))
    return out


def _is_heading(doc: Document, block_index: int) -> bool:
    return parse_heading(doc.blocks[block_index]) is not None


# --------------------------------------------------------------------------- rules


class ArticleNumbering(Rule):
    """Ce qu'elle fait
    Vérifie que les titres d'articles sont numérotés à partir de 1 (« 1er »
    accepté), sans trou, sans doublon et dans l'ordre. Quand un modèle de
    référence est connu, le message dit quel article du modèle manque à l'endroit
    du trou.

    Pourquoi
    Une numérotation fautive rend les renvois internes (« à l'article 5 ») et les
    annexes ambigus, et montre souvent qu'une clause a été supprimée ou dupliquée par
    erreur.

    Exemple
    ```
    ARTICLE 1 – OBJET DE LA CTG

    Elle vise à définir le projet stratégique global du territoire.

    ARTICLE 2 – LES CHAMPS D'INTERVENTION DE LA CAF

    Les interventions de la Caf concernent les missions suivantes.

    ARTICLE 4 – LES OBJECTIFS PARTAGES AU REGARD DES BESOINS

    Les signataires s'engagent sur des objectifs précis.
    ```

    À la place
    ```
    ARTICLE 1 – OBJET DE LA CTG

    Elle vise à définir le projet stratégique global du territoire.

    ARTICLE 2 – LES CHAMPS D'INTERVENTION DE LA CAF

    Les interventions de la Caf concernent les missions suivantes.

    ARTICLE 3 – LES OBJECTIFS PARTAGES AU REGARD DES BESOINS

    Les signataires s'engagent sur des objectifs précis.
    ```
    """

    code = "AR001"
    name = "article-numbering"
    category = "article-numbering"
    severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Hit]:
        doc = ctx.document
        articles = [s for s in draft_articles(doc) if s.heading is not None and not is_sub_numbered(doc, s)]
        for p in numbering_problems([s.number for s in articles]):
            s = articles[p.index]
            block = doc.blocks[s.heading]
            head = block.text.strip()
            start = block.text.index(head) if head else 0
            fr, en = numbering_message("article", p, head)
            extra_fr, extra_en = _template_explanation(ctx, p.missing)
            yield Hit(
                s.heading, start, start + len(head), Msg(fr + extra_fr, en + extra_en),
                suggestion=numbering_suggestion("l'article", "the article", p),
            )


def numbering_message(kind: str, p: Problem, head: str) -> tuple[str, str]:
    """French and English message of a numbering problem of an ``article`` or ``annex`` heading."""
    if kind == "article":
        fr_kind, fr_the, fr_of = "article", "l'article", "d'article"
    else:
        fr_kind, fr_the, fr_of = "annexe", "l'annexe", "d'annexe"
    fr_kinds = fr_kind + "s"
    if p.kind in ("start", "gap"):
        missing_fr = f"{fr_the if len(p.missing) == 1 else 'les ' + fr_kinds} {range_fr(p.missing)}"
        missing_en = f"{kind} {range_en(p.missing)}"
        if p.kind == "start":
            return (f"Numérotation des {fr_kinds} : « {head} » ouvre la série ; il manque {missing_fr}",
                    f"{kind.capitalize()} numbering: “{head}” comes first; {missing_en} is missing")
        return (f"Numérotation des {fr_kinds} : « {head} » suit {fr_the} {p.previous} ; il manque {missing_fr}",
                f"{kind.capitalize()} numbering: “{head}” follows {kind} {p.previous}; {missing_en} is missing")
    if p.kind == "duplicate":
        after = f" (après {fr_the} {p.previous})" if p.previous is not None and p.previous != p.number else ""
        after_en = f" (after {kind} {p.previous})" if p.previous is not None and p.previous != p.number else ""
        return (f"Numéro {fr_of} en double : « {head} »{after} ; {fr_the} {p.number} existe déjà plus haut",
                f"Duplicate {kind} number: “{head}”{after_en}; {kind} {p.number} already exists above")
    if p.kind == "misnumbered":
        return (f"Numéro {fr_of} en double : « {head} » suit {fr_the} {p.previous} "
                f"et devrait être {fr_the} {p.expected}",
                f"Duplicate {kind} number: “{head}” follows {kind} {p.previous} and should be {kind} {p.expected}")
    return (f"{fr_kinds.capitalize()} dans le désordre : « {head} » vient après {fr_the} {p.previous}",
            f"{kind.capitalize()}s out of order: “{head}” comes after {kind} {p.previous}")


def numbering_suggestion(fr_the: str, en_the: str, p: Problem) -> Msg:
    if p.kind == "misnumbered":
        return Msg(f"Numéroter {fr_the} {p.expected} et vérifier les renvois.",
                   f"Number {en_the} {p.expected} and check the cross-references.")
    if p.kind == "duplicate":
        return Msg("Supprimer le titre en double ou renuméroter, puis vérifier les renvois.",
                   "Remove the duplicate heading or renumber, then check the cross-references.")
    return Msg("Renuméroter dans l'ordre, sans trou, puis vérifier les renvois.",
               "Renumber in order with no gap, then check the cross-references.")


def range_fr(numbers: Sequence[int]) -> str:
    if len(numbers) == 1:
        return str(numbers[0])
    if len(numbers) > 2 and list(numbers) == list(range(numbers[0], numbers[-1] + 1)):
        return f"{numbers[0]} à {numbers[-1]}"
    return ", ".join(map(str, numbers[:-1])) + f" et {numbers[-1]}"


def range_en(numbers: Sequence[int]) -> str:
    return range_fr(numbers).replace(" à ", " to ").replace(" et ", " and ")


def _template_explanation(ctx: Context, missing: Sequence[int]) -> tuple[str, str]:
    """« (dans le modèle : l'article 4, « … », sans équivalent ici) » for missing numbers the template has."""
    if ctx.template is None or ctx.alignment is None or not missing:
        return "", ""
    parts = []
    for t in ctx.template.articles:
        if t.number in missing and ctx.alignment.draft_for(t.label) is None:
            parts.append((t.number, nice_title(t.title)))
    if not parts:
        return "", ""
    fr = " ; ".join(f"l'article {n} du modèle, « {title} », n'a pas d'équivalent" for n, title in parts)
    en = "; ".join(f"template article {n}, “{title}”, has no counterpart" for n, title in parts)
    return f" ({fr})", f" ({en})"


def _article_pairs(ctx: Context):
    doc = ctx.document
    return [p for p in ctx.alignment.pairs if (p.template or p.draft).kind == "article"
            and not (p.template is None and (is_toc_entry(doc, p.draft) or is_sub_numbered(doc, p.draft)))]


def _segments(pairs):
    """Split article pairs into (previous paired, unpaired template, unpaired draft, next paired)."""
    out = []
    prev = None
    ts: list[Section] = []
    ds: list[Section] = []
    for p in pairs:
        if p.template is not None and p.draft is not None:
            out.append((prev, ts, ds, p))
            prev, ts, ds = p, [], []
        elif p.template is not None:
            ts.append(p.template)
        else:
            ds.append(p.draft)
    out.append((prev, ts, ds, None))
    return out


def _replacements(ts: list[Section], ds: list[Section]) -> list[tuple[Section, Section]]:
    """Unpaired template and draft articles at the same place with the same number: a rewrite."""
    out = []
    for t in ts:
        for d in ds:
            if d.number is not None and d.number == t.number and all(d is not x for _, x in out):
                out.append((t, d))
                break
    return out


def _shift(pair) -> int:
    if pair is None or pair.draft.number is None or pair.template.number is None:
        return 0
    return pair.draft.number - pair.template.number


class MissingTemplateArticle(Rule):
    """Ce qu'elle fait
    Compare les articles du projet à ceux du modèle de référence et signale chaque
    article du modèle qui n'a pas d'équivalent dans le projet, avec son titre, à
    l'endroit où il aurait dû se trouver (titre de l'article suivant) ; le message
    dit si les articles suivants sont décalés. Quand le projet a gardé les numéros
    du modèle, le trou de numérotation est signalé par `article-numbering`, qui
    nomme l'article manquant. Un extrait sans page de signature n'est pas vérifié
    pour ses derniers articles.

    Pourquoi
    Les articles de la convention type sont nationaux : en retirer un supprime un
    engagement des signataires, et la renumérotation qui suit fausse les renvois.

    Exemple
    ```
    ARTICLE 1 – OBJET DE LA CTG

    Elle vise à définir le projet stratégique global du territoire à l'égard des familles, ainsi que ses modalités de mise en œuvre.

    ARTICLE 2 – LES CHAMPS D'INTERVENTION DE LA COLLECTIVITE

    La Collectivité signataire contribue activement au diagnostic partagé, qui permet aux partenaires de mieux l'accompagner dans la réalisation des projets sociaux de sa compétence.
    ```

    À la place
    ```
    ARTICLE 1 – OBJET DE LA CTG

    Elle vise à définir le projet stratégique global du territoire à l'égard des familles, ainsi que ses modalités de mise en œuvre.

    ARTICLE 2 – LES CHAMPS D'INTERVENTION DE LA CAF

    Les interventions de la Caf, en matière d'optimisation de l'existant et de développement d'offres nouvelles, concernent les missions suivantes.

    ARTICLE 3 – LES CHAMPS D'INTERVENTION DE LA COLLECTIVITE

    La Collectivité signataire contribue activement au diagnostic partagé, qui permet aux partenaires de mieux l'accompagner dans la réalisation des projets sociaux de sa compétence.
    ```
    """

    code = "AR002"
    name = "missing-template-article"
    category = "article-numbering"
    severity = Severity.ERROR
    needs_template = True

    def check(self, ctx: Context) -> Iterator[Hit]:
        if ctx.template is None or ctx.alignment is None:
            return
        doc = ctx.document
        pairs = _article_pairs(ctx)
        if not any(p.template is not None and p.draft is not None for p in pairs):
            return  # nothing in common: another kind of text, or a fragment
        draft_numbers = {s.number for s in draft_articles(doc)}
        signature = next((s for s in doc.sections if s.kind == "signature"), None)
        for prev, ts, ds, nxt in _segments(pairs):
            rewritten = {id(t) for t, _ in _replacements(ts, ds)}
            for t in ts:
                if id(t) in rewritten:
                    continue
                if nxt is None:
                    if signature is None:
                        continue  # an excerpt: its last articles may simply not be there
                    anchor = next((i for i in signature.blocks if doc.blocks[i].is_content), None)
                elif prev is None and not _has_opening(doc):
                    continue  # an excerpt starting in the middle of the convention
                else:
                    anchor = nxt.draft.heading
                if anchor is None:
                    continue
                shift = _shift(nxt)
                if shift == 0 and nxt is not None and t.number not in draft_numbers:
                    continue  # the numbering shows the gap: article-numbering names this article
                title = nice_title(t.title)
                shifted_fr = " ; les articles suivants sont décalés" if shift else ""
                shifted_en = "; the following articles are renumbered" if shift else ""
                heading = ctx.template.document.blocks[t.heading].text.strip() if t.heading is not None else None
                yield Hit(
                    anchor, 0, 0,
                    Msg(f"L'article {t.number} du modèle, « {title} », manque{shifted_fr}",
                        f"Template article {t.number}, “{title}”, is missing{shifted_en}"),
                    expected=heading,
                    suggestion=Msg("Rétablir l'article du modèle à cet endroit et renuméroter les suivants.",
                                   "Restore the template's article here and renumber the following ones."),
                )


class ExtraArticle(Rule):
    """Ce qu'elle fait
    Signale un article du projet qui ne correspond à aucun article du modèle de
    référence (ni par son titre ni par son contenu) : un article ajouté, ou un
    article du modèle entièrement réécrit sous son numéro.

    Pourquoi
    La structure de la convention type est nationale ; un article ajouté ou
    remplacé doit être validé par la Caf et décale souvent la numérotation et les
    renvois.

    Exemple
    ```
    ARTICLE 1 – OBJET DE LA CTG

    Elle vise à définir le projet stratégique global du territoire à l'égard des familles, ainsi que ses modalités de mise en œuvre.

    ARTICLE 2 – STATIONNEMENT DES VEHICULES MUNICIPAUX

    Les véhicules municipaux stationnent sur le parking de l'hôtel de ville pendant les heures ouvrables.
    ```

    À la place
    ```
    ARTICLE 1 – OBJET DE LA CTG

    Elle vise à définir le projet stratégique global du territoire à l'égard des familles, ainsi que ses modalités de mise en œuvre.

    ARTICLE 2 – LES CHAMPS D'INTERVENTION DE LA CAF

    Les interventions de la Caf, en matière d'optimisation de l'existant et de développement d'offres nouvelles, concernent les missions suivantes.
    ```
    """

    code = "AR003"
    name = "extra-article"
    category = "article-numbering"
    severity = Severity.WARNING
    needs_template = True

    def check(self, ctx: Context) -> Iterator[Hit]:
        if ctx.template is None or ctx.alignment is None:
            return
        doc = ctx.document
        pairs = _article_pairs(ctx)
        if not any(p.template is not None and p.draft is not None for p in pairs):
            return
        for _, ts, ds, nxt in _segments(pairs):
            rewrites = {id(d): t for t, d in _replacements(ts, ds)}
            for d in ds:
                if d.heading is None:
                    continue
                head = doc.blocks[d.heading].text.strip()
                start = doc.blocks[d.heading].text.index(head) if head else 0
                number = d.number if d.number is not None else "?"
                t = rewrites.get(id(d))
                if t is not None:
                    msg = Msg(f"L'article {number} du projet, {_label(d)}, ne correspond pas à l'article "
                              f"{t.number} du modèle, « {nice_title(t.title)} »",
                              f"Draft article {number}, “{nice_title(d.title)}”, does not match template article "
                              f"{t.number}, “{nice_title(t.title)}”")
                    expected = ctx.template.document.blocks[t.heading].text.strip() if t.heading is not None else None
                else:
                    shifted = _shift(nxt) != 0
                    msg = Msg(f"L'article {number} du projet, {_label(d)}, n'existe pas dans le modèle"
                              + (" ; les articles suivants sont décalés" if shifted else ""),
                              f"Draft article {number}, “{nice_title(d.title)}”, is not in the template"
                              + ("; the following articles are renumbered" if shifted else ""))
                    expected = None
                yield Hit(d.heading, start, start + len(head), msg, expected=expected,
                          suggestion=Msg("Faire valider cet article par la Caf, ou reprendre l'article du modèle.",
                                         "Have the Caf approve this article, or use the template's article."))


class ReferenceOptions(NamedTuple):
    #: Also check, against the template, that each reference still points at the article the template cites there.
    check_subject: bool = True


class ArticleReference(Rule):
    """Ce qu'elle fait
    Vérifie les renvois internes (« à l'article 5 », « l'article 4 », « aux
    articles 3 et 4 », « l'article 1er ») : l'article cité doit exister dans le
    projet. Avec un modèle de référence, vérifie aussi que le renvoi vise toujours
    le même sujet : si le modèle cite « l'article 5 » dans la même phrase et que
    l'article 5 du modèle est devenu l'article 4 du projet, le renvoi est faux. Les
    renvois à d'autres textes (« l'article 30 du Rgpd », « l'article L. 263-1 du
    Code de la sécurité sociale ») et les visas ne sont pas vérifiés.

    Pourquoi
    Un renvoi vers un article absent ou renuméroté rend la clause inapplicable ou
    lui fait dire autre chose que ce que les signataires ont voulu.

    Exemple
    ```
    ARTICLE 1 – OBJET DE LA CTG

    Elle vise à définir le projet stratégique global du territoire.

    ARTICLE 2 – COMMUNICATION

    Les actions de communication présentent les objectifs définis à l'article 4.
    ```

    À la place
    ```
    ARTICLE 1 – OBJET DE LA CTG

    Elle vise à définir le projet stratégique global du territoire.

    ARTICLE 2 – COMMUNICATION

    Les actions de communication présentent les objectifs définis à l'article 1.
    ```
    """

    code = "AR004"
    name = "article-reference"
    category = "article-numbering"
    severity = Severity.ERROR
    Options = ReferenceOptions

    def check(self, ctx: Context) -> Iterator[Hit]:
        doc = ctx.document
        articles = draft_articles(doc)
        if not articles:
            return  # a fragment: nothing to point at
        by_number: dict[int, Section] = {}
        for s in articles:
            if s.number is not None:
                by_number.setdefault(s.number, s)
        template_refs = TemplateRefs(ctx) if self.options.check_subject else None
        for section in doc.sections:
            if section.kind in ("visas", "footnote"):
                continue  # visas cite other texts
            for i in section.blocks:
                block = doc.blocks[i]
                if block.part != "body" or not block.is_content or "rticle" not in block.text or _is_heading(doc, i):
                    continue
                for ref in article_refs(block.text):
                    hit = self._check_ref(ctx, block.index, block.text, ref, section, by_number, template_refs)
                    if hit is not None:
                        yield hit

    @staticmethod
    def _check_ref(ctx: Context, block: int, text: str, ref: Ref, section: Section,
                   by_number: dict[int, Section], template_refs: "TemplateRefs | None") -> Hit | None:
        cited = text[ref.start:ref.end]
        absent = [n for n in ref.numbers if n not in by_number]
        if absent:
            existing = sorted(by_number)
            span = f"le projet a les articles {range_fr(existing)}" if existing else "le projet n'a aucun article"
            span_en = f"the draft has articles {range_en(existing)}" if existing else "the draft has no article"
            which = range_fr(absent)
            return Hit(block, ref.start, ref.end,
                       Msg(f"Renvoi à un article qui n'existe pas : « {cited} » (article {which} absent ; {span})",
                           f"Reference to an article that does not exist: “{cited}” "
                           f"(article {range_en(absent)} missing; {span_en})"),
                       suggestion=Msg("Corriger le numéro de l'article cité.", "Fix the cited article number."))
        if template_refs is None:
            return None
        expected = template_refs.at(section, ref.context)
        found = renumbered(ctx, ref, by_number, ctx.template.articles if ctx.template else [], expected)
        if found is None:
            return None
        target, tsec, now, wrong = found
        here = by_number[wrong]
        if now is not None and now.number is not None:
            where_fr, where_en = f"qui est l'article {now.number} du projet", f"which is draft article {now.number}"
            suggestion = Msg(f"Renvoyer à l'article {now.number}.", f"Refer to article {now.number}.")
        else:
            where_fr, where_en = "absent du projet", "missing from the draft"
            suggestion = Msg("Corriger le renvoi.", "Fix the reference.")
        return Hit(block, ref.start, ref.end,
                   Msg(f"Renvoi faussé par la numérotation : « {cited} » ; à cet endroit, le modèle renvoie à "
                       f"l'article {target}, « {nice_title(tsec.title)} », {where_fr} ; l'article {wrong} du projet "
                       f"est {_label(here)}",
                       f"Reference broken by renumbering: “{cited}”; here the template refers to article {target}, "
                       f"“{nice_title(tsec.title)}”, {where_en}; "
                       f"draft article {wrong} is “{nice_title(here.title)}”"),
                   expected=f"article {target}", suggestion=suggestion)


def renumbered(ctx: Context, ref: Ref, by_number: dict[int, Section], template_sections: Sequence[Section],
               expected: set[int]) -> tuple[int, Section, Section | None, int] | None:
    """Whether a reference points at another subject than the template's reference at the same place.

    ``expected``: the numbers the template cites there. Returns (the template number meant, its
    template section, its draft section or None, the draft number cited) or None when all is well
    or when it cannot be told (no template reference there, or several candidates).
    """
    if not expected or ctx.alignment is None:
        return None
    mapped = {n: ctx.alignment.template_for(by_number[n]) for n in ref.numbers if n in by_number}
    wrong = [n for n, t in mapped.items() if t is None or t.number not in expected]
    if not wrong:
        return None
    meant = sorted(expected - {t.number for t in mapped.values() if t is not None})
    if len(meant) != 1:
        return None
    tsec = next((t for t in template_sections if t.number == meant[0]), None)
    if tsec is None:
        return None
    return meant[0], tsec, ctx.alignment.draft_for(tsec.label), wrong[0]


class TemplateRefs:
    """The template's references (to articles or annexes), per template section, keyed by the words before them."""

    def __init__(self, ctx: Context, finder=None, needle: str = "rticle"):
        self.ctx = ctx
        self.finder = finder or article_refs
        self.needle = needle
        self.cache: dict[int, dict[tuple[str, ...], set[int]]] = {}

    def at(self, draft_section: Section, context: tuple[str, ...]) -> set[int]:
        """The numbers the template cites after the same words, in the section paired with ``draft_section``."""
        if self.ctx.template is None or self.ctx.alignment is None or len(context) < 2:
            return set()
        tsec = self.ctx.alignment.template_for(draft_section)
        if tsec is None:
            return set()
        refs = self.cache.get(id(tsec))
        if refs is None:
            refs = {}
            tdoc = self.ctx.template.document
            for i in tsec.blocks:
                if i == tsec.heading or self.needle not in tdoc.blocks[i].text.lower():
                    continue
                for ref in self.finder(tdoc.blocks[i].text):
                    refs.setdefault(ref.context, set()).update(ref.numbers)
            self.cache[id(tsec)] = refs
        return set(refs.get(context, ()))
