"""Annexes: cited annexes exist, headings are numbered 1..N, a heading-less annex, the
signature page's annex count, empty annexes, and the annexes the template requires.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import NamedTuple

from ctglint import rx
from ctglint.findings import Hit, Msg, Severity
from ctglint.fr import fold, parse_french_int
from ctglint.model import Document, Section
from ctglint.outline import parse_heading
from ctglint.rule import Context, Rule
from ctglint.rules.articles import (
    Ref,
    TemplateRefs,
    is_external,
    is_sub_numbered,
    is_toc_entry,
    nice_title,
    numbering_message,
    numbering_problems,
    numbering_suggestion,
    range_en,
    range_fr,
    ref_context,
    renumbered,
)

#: An annex number in a reference: « 3 », « n° 3 », « III » (capitals only); never « 3.2 » nor « 263-1 ».
_ANUM = r"(?:\d{1,2}(?!\d|[-–./,]\d)|[IVX]{1,4}\b)"
ANNEX_REF = rx.compile(
    r"(?<![\w-])(?i:annexes?)\s*(?:(?i:n)\s*°\s*)?(?P<nums>" + _ANUM
    + r"(?:\s*(?:,|\bet\b|\bà\b|\bau\b|\bou\b)\s*(?:(?i:n)\s*°\s*)?" + _ANUM + r")*)",
)
_ONE_ANUM = rx.compile(r"(?P<sep>,|\bet\b|\bà\b|\bau\b|\bou\b)?\s*(?:[nN]\s*°\s*)?(?P<num>\d{1,2}|[IVX]{1,4}\b)")
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10}

#: « 4 annexes », « **4** annexes », « quatre annexes », « une annexe »: the count on the signature page.
ANNEX_COUNT = rx.compile(r"(?<![\w*])(?:\*\*|__)?(?P<n>\d{1,3}|[^\W\d_]+(?:[- ][^\W\d_]+)?)(?:\*\*|__)?\s+annexes?\b",
                         re.IGNORECASE)


def annex_refs(text: str) -> list[Ref]:
    """References to the convention's own annexes."""
    out = []
    for m in ANNEX_REF.finditer(text):
        if is_external(text, m.end()):
            continue
        numbers: list[int] = []
        for n in _ONE_ANUM.finditer(m.group("nums")):
            raw = n.group("num")
            value = int(raw) if raw.isdigit() else _ROMAN.get(raw)
            if value is None:
                continue
            if (n.group("sep") or "").lower() in ("à", "au") and numbers and numbers[-1] < value <= numbers[-1] + 20:
                numbers.extend(range(numbers[-1] + 1, value + 1))
            else:
                numbers.append(value)
        if numbers:
            out.append(Ref(m.start(), m.end(), tuple(numbers), ref_context(text, m.start())))
    return out


def _citations(doc: Document) -> Iterator[tuple[int, Ref, Section]]:
    """(block, reference, section) of every reference to an annex outside headings."""
    for section in doc.sections:
        if section.kind == "footnote":
            continue
        for i in section.blocks:
            b = doc.blocks[i]
            if b.part != "body" or not b.is_content or "nnexe" not in b.text.lower():
                continue
            if parse_heading(b) is not None:
                continue
            for ref in annex_refs(b.text):
                yield i, ref, section


_LIST_TITLE = rx.compile(r"^\W*(?:liste|sommaire|table|r[ée]capitulatif|relev[ée]|d[ée]tail)\s+des\s+annexes\b",
                         re.IGNORECASE)
_LIST_ITEM = rx.compile(r"^\W*annexe\s*(?:n\s*°\s*)?(?:\d{1,2}|[IVX]{1,4})\b", re.IGNORECASE)


@lru_cache(maxsize=2)  # six rules ask, about the same document (documents hash by identity)
def _annexes(doc: Document) -> tuple[Section, ...]:
    """The draft's annexes; a list of annexes (« Liste des annexes : Annexe 1 … ») is not one."""
    sections = [s for s in doc.sections_of("annex") if not is_toc_entry(doc, s)]
    out = []
    for s in sections:
        content = _content_blocks(doc, s)
        if s.heading is None and content:
            texts = [doc.blocks[i].text for i in content]
            if _LIST_TITLE.match(texts[0]) or sum(1 for t in texts if _LIST_ITEM.match(t)) * 2 >= len(texts):
                continue
        out.append(s)
    return tuple(_drop_heading_lists(doc, out))


def _drop_heading_lists(doc: Document, sections: list[Section]) -> list[Section]:
    """Drop a run of two or more bare annex headings whose numbers all come again later: a list of annexes."""
    drop: set[int] = set()
    k = 0
    while k < len(sections):
        j = k
        while j < len(sections) and sections[j].heading is not None and not _content_blocks(doc, sections[j]):
            j += 1
        if j - k >= 2:
            later = {s.number for s in sections[j:]}
            if all(s.number in later for s in sections[k:j]):
                drop.update(id(s) for s in sections[k:j])
        k = max(j, k + 1)
    return [s for s in sections if id(s) not in drop]


def _is_fragment(doc: Document) -> bool:
    """No annex and no signature block: an excerpt, not a whole convention."""
    return not any(s.kind in ("annex", "signature") for s in doc.sections)


_WORDY = rx.compile(r"\w")


def _content_blocks(doc: Document, section: Section) -> list[int]:
    return [i for i in section.blocks
            if i != section.heading and doc.blocks[i].is_content and _WORDY.search(doc.blocks[i].text)]


def _heading_span(doc: Document, index: int) -> tuple[int, int]:
    text = doc.blocks[index].text
    head = text.strip()
    start = text.index(head) if head else 0
    return start, start + len(head)


def _spec_title(ctx: Context, number: int | None) -> str:
    if ctx.template is not None:
        for spec in ctx.template.annexes:
            if spec.number == number and spec.title:
                return spec.title
        for t in ctx.template.document.sections_of("annex"):
            if t.number == number and t.title:
                return nice_title(t.title)
    return ""


_PLACE_FR = {"preamble": "le préambule", "visas": "les visas", "parties": "les parties", "cover": "la page de garde",
             "signature": "la page de signature"}


def _where(labels: list[str]) -> tuple[str, str]:
    """« l'article 1 et l'article 4 » for the section labels citing an annex."""
    names = list(dict.fromkeys(labels))
    fr = [_PLACE_FR.get(n, "l'" + n.replace("annex ", "annexe ")) for n in names]
    joined_fr = fr[0] if len(fr) == 1 else ", ".join(fr[:-1]) + " et " + fr[-1]
    joined_en = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return joined_fr, joined_en


class AnnexReferenceOptions(NamedTuple):
    #: Also check, against the template, that each reference still points at the annex the template cites there.
    check_subject: bool = True


class AnnexReference(Rule):
    """Ce qu'elle fait
    Vérifie que chaque annexe citée dans le texte (« en annexe 3 », « annexes 4 et
    5 », « (Annexe 1) », « l'annexe 1 à la présente », « listés en annexe 1 »)
    existe dans le projet. Une annexe existe quand le projet en a le titre
    (« ANNEXE 3 – … »), ou quand son contenu suit les signatures sans titre. Avec
    un modèle de référence, vérifie aussi que le renvoi vise toujours la même
    annexe que le modèle à cet endroit (annexes renumérotées). Les annexes d'autres
    textes (« l'annexe 2 du décret ») ne sont pas vérifiées.

    Pourquoi
    Un renvoi vers une annexe absente laisse une clause sans son contenu (le plan
    d'action, le diagnostic) et montre souvent que la liste des annexes a changé
    sans que le texte suive.

    Exemple
    ```
    ARTICLE 5 – LES OBJECTIFS PARTAGES AU REGARD DES BESOINS

    Le plan d'action sera validé par la Caf et figurera en annexes 1 et 2 de la présente convention.

    Fait à Lille, le 18 mars 2023

    ANNEXE 1 – PLAN D'ACTIONS

    Titre action : accueil du jeune enfant.
    ```

    À la place
    ```
    ARTICLE 5 – LES OBJECTIFS PARTAGES AU REGARD DES BESOINS

    Le plan d'action sera validé par la Caf et figurera en annexe 1 de la présente convention.

    Fait à Lille, le 18 mars 2023

    ANNEXE 1 – PLAN D'ACTIONS

    Titre action : accueil du jeune enfant.
    ```
    """

    code = "AN001"
    name = "annex-reference"
    category = "annex"
    severity = Severity.ERROR
    Options = AnnexReferenceOptions

    def check(self, ctx: Context) -> Iterator[Hit]:
        doc = ctx.document
        if _is_fragment(doc):
            return
        by_number: dict[int, Section] = {}
        for s in _annexes(doc):
            if s.number is not None:
                by_number.setdefault(s.number, s)
        template_refs = TemplateRefs(ctx, annex_refs, "annexe") if self.options.check_subject else None
        for block, ref, section in _citations(doc):
            cited = doc.blocks[block].text[ref.start:ref.end]
            absent = [n for n in dict.fromkeys(ref.numbers) if n not in by_number]
            if absent:
                yield self._absent(block, ref, cited, absent, sorted(by_number))
            elif template_refs is not None and ctx.template is not None:
                tsections = ctx.template.document.sections_of("annex")
                found = renumbered(ctx, ref, by_number, tsections, template_refs.at(section, ref.context))
                if found is not None:
                    yield self._renumbered(ctx, block, ref, cited, found, by_number)

    @staticmethod
    def _absent(block: int, ref: Ref, cited: str, absent: list[int], have: list[int]) -> Hit:
        if have:
            lst = range_fr(have)
            now_fr = f"le projet a l'annexe {lst}" if len(have) == 1 else f"le projet a les annexes {lst}"
            now_en = f"the draft has annex{'es' if len(have) > 1 else ''} {range_en(have)}"
        else:
            now_fr, now_en = "le projet n'a aucune annexe", "the draft has no annex"
        one = len(absent) == 1
        return Hit(
            block, ref.start, ref.end,
            Msg(f"{'Annexe citée absente' if one else 'Annexes citées absentes'} : « {cited} » "
                f"({'l’annexe' if one else 'les annexes'} {range_fr(absent)} "
                f"{'n’existe' if one else 'n’existent'} pas ; {now_fr})",
                f"Cited annex{'' if one else 'es'} missing: “{cited}” (annex {range_en(absent)} "
                f"{'does' if one else 'do'} not exist; {now_en})"),
            suggestion=Msg("Corriger le renvoi ou joindre l'annexe citée.",
                           "Fix the reference or attach the cited annex."),
        )

    @staticmethod
    def _renumbered(ctx: Context, block: int, ref: Ref, cited: str, found, by_number: dict[int, Section]) -> Hit:
        target, tsec, now, wrong = found
        title = _spec_title(ctx, target)
        here = by_number[wrong]
        paired = ctx.alignment.template_for(here) if ctx.alignment else None
        name = nice_title(here.title) or (_spec_title(ctx, paired.number) if paired is not None else "")
        here_fr = f" ; l'annexe {wrong} du projet est « {name} »" if name else ""
        here_en = f"; draft annex {wrong} is “{name}”" if name else ""
        if now is not None and now.number is not None:
            where_fr, where_en = f"qui est l'annexe {now.number} du projet", f"which is draft annex {now.number}"
            suggestion = Msg(f"Renvoyer à l'annexe {now.number}.", f"Refer to annex {now.number}.")
        else:
            where_fr, where_en = "absente du projet", "missing from the draft"
            suggestion = Msg("Corriger le renvoi ou joindre l'annexe.", "Fix the reference or attach the annex.")
        return Hit(
            block, ref.start, ref.end,
            Msg(f"Renvoi d'annexe faussé par la numérotation : « {cited} » ; à cet endroit, le modèle renvoie à "
                f"l'annexe {target} ({title}), {where_fr}{here_fr}",
                f"Annex reference broken by renumbering: “{cited}”; here the template refers to annex {target} "
                f"({title}), {where_en}{here_en}"),
            expected=f"annexe {target}", suggestion=suggestion,
        )


class AnnexNumbering(Rule):
    """Ce qu'elle fait
    Vérifie que les titres d'annexes sont numérotés de 1 à N, une fois chacun,
    dans l'ordre : un « ANNEXE 3 » répété après l'annexe 6, un numéro sauté ou des
    annexes dans le désordre sont signalés, chaque titre en double pour lui-même.
    Une annexe sans titre compte pour le numéro que sa place lui donne.

    Pourquoi
    Les annexes font partie de la convention signée ; leur numérotation est celle
    que citent les articles et la page de signature. Un titre répété (souvent
    hérité d'un copier-coller) rend les renvois ambigus.

    Exemple
    ```
    ARTICLE 1 – OBJET DE LA CTG

    Elle vise à définir le projet stratégique global du territoire.

    ANNEXE 1 – DIAGNOSTIC PARTAGÉ

    Le diagnostic a pour objet d'identifier les besoins du territoire.

    ANNEXE 2 – PLAN D'ACTIONS

    Fiche action n°1 : accueil du jeune enfant.

    ANNEXE 2

    Fiche action n°2 : soutien à la parentalité.
    ```

    À la place
    ```
    ARTICLE 1 – OBJET DE LA CTG

    Elle vise à définir le projet stratégique global du territoire.

    ANNEXE 1 – DIAGNOSTIC PARTAGÉ

    Le diagnostic a pour objet d'identifier les besoins du territoire.

    ANNEXE 2 – PLAN D'ACTIONS

    Fiche action n°1 : accueil du jeune enfant.

    Fiche action n°2 : soutien à la parentalité.
    ```
    """

    code = "AN002"
    name = "annex-numbering"
    category = "annex"
    severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Hit]:
        doc = ctx.document
        annexes = [s for s in _annexes(doc) if not is_sub_numbered(doc, s)]
        problems = numbering_problems([s.number for s in annexes], report=[s.heading is not None for s in annexes])
        for p in problems:
            s = annexes[p.index]
            start, end = _heading_span(doc, s.heading)
            head = doc.blocks[s.heading].text[start:end]
            fr, en = numbering_message("annex", p, head)
            yield Hit(s.heading, start, end, Msg(fr, en),
                      suggestion=numbering_suggestion("l'annexe", "the annex", p))


class AnnexHeadingMissing(Rule):
    """Ce qu'elle fait
    Signale une annexe dont le titre (« ANNEXE 1 – … ») manque : du contenu placé
    après les signatures sans titre, reconnu comme une annexe par son contenu (mots
    clés de l'annexe dans le manifeste du modèle de référence, ou rapprochement avec
    une annexe du modèle) ou, sans modèle, parce que le texte cite l'annexe du
    numéro que sa place lui donne. Le message dit de quelle annexe il s'agit.

    Pourquoi
    Sans titre, l'annexe ne peut pas être identifiée par les renvois des articles
    (« (Annexe 1) ») ni comptée sur la page de signature.

    Exemple
    ```
    ARTICLE 1 – OBJET DE LA CTG

    Ce projet est établi à partir du diagnostic partagé figurant en annexe 1.

    Fait à Lille, le 18 mars 2023

    Le diagnostic a pour objet d'identifier l'ensemble des caractéristiques et des besoins du territoire : données démographiques, structures familiales, analyse des besoins.
    ```

    À la place
    ```
    ARTICLE 1 – OBJET DE LA CTG

    Ce projet est établi à partir du diagnostic partagé figurant en annexe 1.

    Fait à Lille, le 18 mars 2023

    ANNEXE 1 – DIAGNOSTIC PARTAGÉ

    Le diagnostic a pour objet d'identifier l'ensemble des caractéristiques et des besoins du territoire : données démographiques, structures familiales, analyse des besoins.
    ```
    """

    code = "AN003"
    name = "annex-heading-missing"
    category = "annex"
    severity = Severity.WARNING

    def check(self, ctx: Context) -> Iterator[Hit]:
        doc = ctx.document
        cited: dict[int, list[str]] = {}
        for _, ref, section in _citations(doc):
            for n in ref.numbers:
                cited.setdefault(n, []).append(section.label)
        for s in _annexes(doc):
            if s.heading is not None:
                continue
            content = _content_blocks(doc, s)
            if not content:
                continue
            number = self._recognise(ctx, s) if ctx.template is not None else None
            if number is None and s.number in cited:
                number = s.number  # no template: the text cites the annex this place implies
            if number is None:
                continue
            title = _spec_title(ctx, number)
            what_fr = f"l'annexe {number} ({title})" if title else f"l'annexe {number}"
            what_en = f"annex {number} ({title})" if title else f"annex {number}"
            also_fr = also_en = ""
            if number in cited:
                where_fr, where_en = _where(cited[number])
                also_fr, also_en = f", alors que {where_fr} la cite", f", although {where_en} cites it"
                if len(set(cited[number])) > 1:
                    also_fr = also_fr.replace(" la cite", " la citent")
                    also_en = also_en.replace(" cites it", " cite it")
            expected = self._expected_heading(ctx, number, title)
            first = content[0]
            yield Hit(
                first, 0, len(doc.blocks[first].text),
                Msg(f"Titre d'annexe manquant : {what_fr} n'a pas de titre{also_fr}",
                    f"Missing annex heading: {what_en} has no heading{also_en}"),
                expected=expected,
                suggestion=Msg(f"Ajouter le titre « {expected} » avant ce contenu.",
                               f"Add the heading “{expected}” before this content."),
            )

    @staticmethod
    def _recognise(ctx: Context, s: Section) -> int | None:
        """The template annex number of a heading-less annex: by alignment, else by keywords."""
        if ctx.alignment is not None:
            t = ctx.alignment.template_for(s)
            if t is not None and t.number is not None:
                return t.number
        text = fold(s.text(ctx.document))
        best: tuple[int, int] | None = None
        for spec in ctx.template.annexes:
            hits = sum(1 for k in spec.keywords if fold(k) in text)
            if hits and (best is None or hits > best[0] or (hits == best[0] and spec.number == s.number)):
                best = (hits, spec.number)
        return best[1] if best else None

    @staticmethod
    def _expected_heading(ctx: Context, number: int, title: str) -> str:
        for t in ctx.template.document.sections_of("annex") if ctx.template is not None else ():
            if t.number == number and t.heading is not None:
                return ctx.template.document.blocks[t.heading].text.strip()
        return f"ANNEXE {number} – {title.upper()}" if title else f"ANNEXE {number}"


class AnnexCount(Rule):
    """Ce qu'elle fait
    Compare le nombre d'annexes annoncé sur la page de signature (« et les 4
    annexes », « et quatre annexes ») au nombre d'annexes du projet. Un nombre
    resté à `X` est signalé par `leftover-placeholder`, pas ici.

    Pourquoi
    La mention du nombre de pages et d'annexes authentifie le contenu de la
    convention signée ; un nombre faux laisse douter de ce qui a été signé.

    Exemple
    ```
    ARTICLE 1 – OBJET DE LA CTG

    Elle vise à définir le projet stratégique global du territoire.

    Fait à Lille, le 18 mars 2023

    Cette convention comporte 9 pages paraphées par les parties et les 3 annexes énumérées dans le sommaire.

    ANNEXE 1 – DIAGNOSTIC PARTAGÉ

    Le diagnostic a pour objet d'identifier les besoins du territoire.

    ANNEXE 2 – PLAN D'ACTIONS

    Fiche action n°1 : accueil du jeune enfant.
    ```

    À la place
    ```
    ARTICLE 1 – OBJET DE LA CTG

    Elle vise à définir le projet stratégique global du territoire.

    Fait à Lille, le 18 mars 2023

    Cette convention comporte 9 pages paraphées par les parties et les 2 annexes énumérées dans le sommaire.

    ANNEXE 1 – DIAGNOSTIC PARTAGÉ

    Le diagnostic a pour objet d'identifier les besoins du territoire.

    ANNEXE 2 – PLAN D'ACTIONS

    Fiche action n°1 : accueil du jeune enfant.
    ```
    """

    code = "AN004"
    name = "annex-count"
    category = "annex"
    severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Hit]:
        doc = ctx.document
        places = [s for s in doc.sections if s.kind == "signature"]
        if not places:
            return
        numbers = sorted({s.number for s in _annexes(doc) if s.number is not None})
        count = len(numbers)
        for s in places:
            for i in s.blocks:
                b = doc.blocks[i]
                if not b.is_content or "nnexe" not in b.text.lower():
                    continue
                for m in ANNEX_COUNT.finditer(b.text):
                    start, said = m.start(), parse_french_int(m.group("n"))
                    if said is None and re.search(r"[- ]", m.group("n")):
                        last = re.split(r"[- ]", m.group("n"))[-1]  # « et quatre annexes »
                        start, said = m.start("n") + len(m.group("n")) - len(last), parse_french_int(last)
                    if said is None or said == count:
                        continue
                    said_text = b.text[start:m.end()]
                    if count:
                        which = f"{'annexe' if count == 1 else 'annexes'} {range_fr(numbers)}"
                        have_fr = f"le projet en contient {count} ({which})"
                        have_en = f"the draft has {count} ({'annex' if count == 1 else 'annexes'} {range_en(numbers)})"
                    else:
                        have_fr, have_en = "le projet n'en contient aucune", "the draft has none"
                    yield Hit(
                        i, start, m.end(),
                        Msg(f"Nombre d'annexes annoncé faux : « {said_text} » ; {have_fr}",
                            f"Wrong annex count: “{said_text}”; {have_en}"),
                        expected=str(count),
                        suggestion=Msg(f"Indiquer {count} annexe{'s' if count > 1 else ''}, "
                                       "ou joindre les annexes manquantes.",
                                       f"State {count} annex{'es' if count != 1 else ''}, "
                                       "or attach the missing annexes."),
                    )


class EmptyAnnex(Rule):
    """Ce qu'elle fait
    Signale une annexe réduite à son titre : « ANNEXE 3 – DELIBERATION
    MUNICIPALE » suivie directement de l'annexe 4. Une annexe qui ne contient que
    les formulaires vides du modèle est signalée par la règle des champs vides.
    Une pièce jointe en image (une délibération scannée) n'a pas de texte et paraît
    donc vide : vérifier qu'elle figure bien dans le document signé.

    Pourquoi
    Une annexe annoncée mais vide (la délibération, le plan d'action) prive la
    convention d'une pièce que les articles rendent obligatoire.

    Exemple
    ```
    ARTICLE 1 – OBJET DE LA CTG

    Elle vise à définir le projet stratégique global du territoire.

    ANNEXE 1 – DELIBERATION MUNICIPALE

    ANNEXE 2 – DIAGNOSTIC PARTAGÉ

    Le diagnostic a pour objet d'identifier les besoins du territoire.
    ```

    À la place
    ```
    ARTICLE 1 – OBJET DE LA CTG

    Elle vise à définir le projet stratégique global du territoire.

    ANNEXE 1 – DELIBERATION MUNICIPALE

    Extrait du registre des délibérations du conseil municipal du 12 décembre 2022.

    ANNEXE 2 – DIAGNOSTIC PARTAGÉ

    Le diagnostic a pour objet d'identifier les besoins du territoire.
    ```
    """

    code = "AN005"
    name = "empty-annex"
    category = "annex"
    severity = Severity.WARNING

    def check(self, ctx: Context) -> Iterator[Hit]:
        doc = ctx.document
        for s in _annexes(doc):
            if s.heading is None or _content_blocks(doc, s):
                continue
            start, end = _heading_span(doc, s.heading)
            head = doc.blocks[s.heading].text[start:end]
            yield Hit(
                s.heading, start, end,
                Msg(f"Annexe vide : « {head} » n'a aucun contenu",
                    f"Empty annex: “{head}” has no content"),
                suggestion=Msg("Joindre le contenu de l'annexe, ou la retirer et corriger les renvois.",
                               "Add the annex's content, or remove it and fix the references."),
            )


class RequiredAnnexMissing(Rule):
    """Ce qu'elle fait
    Signale chaque annexe que le modèle de référence rend obligatoire (manifeste du
    modèle, `required = true`) et que le projet n'a pas : ni annexe rapprochée de
    celle du modèle, ni annexe de même numéro, ni annexe contenant ses mots clés. Le
    constat est placé sur la page de signature (ou le dernier titre d'annexe). Un
    extrait sans signature ni annexe n'est pas vérifié.

    Pourquoi
    Les annexes obligatoires (diagnostic, pilotage, délibération, plan d'action)
    font partie de l'engagement signé ; la Caf ne peut pas valider une convention
    qui en manque.

    Exemple
    ```
    ARTICLE 1 – OBJET DE LA CTG

    Elle vise à définir le projet stratégique global du territoire.

    Fait à Lille, le 18 mars 2023

    ANNEXE 1 – DIAGNOSTIC PARTAGÉ

    Le diagnostic a pour objet d'identifier les besoins du territoire.
    ```

    À la place
    ```
    ARTICLE 4 – LES CHAMPS D'INTERVENTION COMMUNS DÉJÀ OPÉRATIONNELS

    La CTG permet de valoriser et renforcer les collaborations existantes entre les services de la CAF et la collectivité.

    Fait à Lille, le 18 mars 2023

    ANNEXE 1 – DIAGNOSTIC PARTAGÉ

    Le diagnostic a pour objet d'identifier les besoins du territoire : données démographiques, structures familiales.

    ANNEXE 2 – MODALITÉS DE PILOTAGE STRATÉGIQUE ET OPÉRATIONNEL ET SUIVI DE LA CTG

    Afin de gérer la Ctg en mode projet, un comité de pilotage est animé par la Collectivité.

    ANNEXE 3 – DECISION DU CONSEIL MUNICIPAL

    Délibération du conseil municipal en date du 12/12/2022.

    ANNEXE 4 – PLAN D’ACTIONS

    Titre action : accueil du jeune enfant. Public cible : les familles.
    ```
    """

    code = "AN006"
    name = "required-annex-missing"
    category = "annex"
    severity = Severity.ERROR
    needs_template = True

    def check(self, ctx: Context) -> Iterator[Hit]:
        doc, template = ctx.document, ctx.template
        if template is None or not template.annexes:
            return
        annexes = _annexes(doc)
        anchor = self._anchor(doc, annexes)
        if anchor is None:
            return  # an excerpt: no signature page, no annex
        paired = {id(ctx.alignment.template_for(s)) for s in annexes} if ctx.alignment else set()
        tsections = {t.number: t for t in template.document.sections_of("annex")}
        unpaired = [s for s in annexes if ctx.alignment is None or ctx.alignment.template_for(s) is None]
        texts = {id(s): fold(s.text(doc, with_heading=True)) for s in unpaired}
        for spec in template.annexes:
            if not spec.required:
                continue
            t = tsections.get(spec.number)
            if t is not None and id(t) in paired:
                continue
            if any(s.number == spec.number for s in unpaired):
                continue
            if any(any(fold(k) in texts[id(s)] for k in spec.keywords) for s in unpaired):
                continue
            title = spec.title or (nice_title(t.title) if t is not None else "")
            what_fr = f"l'annexe {spec.number} ({title})" if title else f"l'annexe {spec.number}"
            what_en = f"annex {spec.number} ({title})" if title else f"annex {spec.number}"
            expected = doc_heading = None
            if t is not None and t.heading is not None:
                doc_heading = template.document.blocks[t.heading].text.strip()
                expected = doc_heading
            yield Hit(
                anchor, 0, 0,
                Msg(f"Annexe obligatoire absente : {what_fr}, requise par le modèle, manque au projet",
                    f"Required annex missing: {what_en}, required by the template, is not in the draft"),
                expected=expected,
                suggestion=Msg("Joindre cette annexe à la convention.", "Attach this annex to the convention."),
            )

    @staticmethod
    def _anchor(doc: Document, annexes: list[Section]) -> int | None:
        for s in doc.sections:
            if s.kind == "signature":
                first = next((i for i in s.blocks if doc.blocks[i].is_content), None)
                if first is not None:
                    return first
        for s in reversed(annexes):
            if s.heading is not None:
                return s.heading
        return None
