from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from ctglint import rx
from ctglint.findings import Hit, Msg, Severity
from ctglint.rule import Context, Rule, overlaps
from ctglint.textsim import find_loose, fold_with_map, loose_pattern, words

_COUNTED = r"(?:pages?|annexes?|exemplaires?|places?|berceaux|jours?|mois|ans|années?|heures?|ETP|fois|personnes?|enfants?|familles?|agents?|€|euros?)"
PATTERNS: tuple[tuple[str, re.Pattern], ...] = (
    ("xxx", rx.compile(r"(?<![\w-])(?:X{3,}|x{3,}|XX)(?![\w-])")),
    ("date-x", rx.compile(r"(?<![\w/])(?:\d{1,2}|[xX]{1,2})[/.-](?:\d{1,2}|[xX]{1,2})[/.-]"
                          r"(?:(?:19|20)[xX]{2}|\d{2,4}|[xX]{2,4})(?![\w/])")),
    ("period-x", rx.compile(r"(?<![\w/])(?:19|20)[xX]{2}\s*[-–—/]\s*(?:19|20)[xX]{2}(?![\w])")),
    ("year-x", rx.compile(r"(?<![\w/])(?:19|20)[xX]{2}(?![\w])")),
    ("count-x", rx.compile(r"(?<![\w-])X(?=\s+" + _COUNTED + r"\b)")),
    ("person-x", rx.compile(r"\b(?:Madame|Monsieur|M\.|Mme|Mr)\s+(X{1,3})(?![\w-])")),
    ("number-x", rx.compile(r"\b[Nn]\s*°\s*(X{1,4}|x{1,4})(?![\w-])")),
    ("field-name", rx.compile(r"\(\s*nom\s+(?:du|de\s+la|de\s+l[’']|des|de)\s*[^()]{1,40}\)", re.IGNORECASE)),
    ("to-complete", rx.compile(r"[\[(<]\s*(?:à|a)\s+compl[ée]ter\b[^\])>]{0,60}[\])>]|\[\s*(?:…|\.{3,})\s*\]", re.IGNORECASE)),
    # « délibération du …, », « en date du .... », « Monsieur … », « la commune de ______ » : an ellipsis
    # or a rule of dots standing alone where a date, a name or a number belongs (after a preposition,
    # an article or a civility). « Logement..... » (glued to a word) and « (… Situer » are not.
    # (The text reader reads « ____ » as Markdown emphasis and leaves « __ »: two are enough.)
    ("ellipsis", rx.compile(
        r"(?<![\w.])(?:du|de|des|d[’']|le|la|les|l[’']|au|aux|à|par|Monsieur|Madame|Mademoiselle|M\.|Mme|Mlle|Mr|n°|N°)"
        r"[ \t\u00a0\u202f]*(?<=[\s’'])(?P<gap>…+(?:[ \t]*…)*|\.{3,}|_{2,})(?![\w(])", re.IGNORECASE)),
)
_YEAR_X_IN_DATE = rx.compile(r"[xX]")
#: For each pattern, strings one of which a text must contain for the pattern to match (a cheap
#: prefilter: scanning every block with every pattern is most of this rule's cost).
_HINTS: dict[str, tuple[str, ...]] = {
    "xxx": ("XX", "xxx"),
    "date-x": ("xx", "XX") + tuple(a + b for x in "xX" for sep in "/.-" for a, b in ((x, sep), (sep, x))),
    "period-x": ("xx", "XX"),
    "year-x": ("xx", "XX"),
    "count-x": ("X",),
    "person-x": ("X",),
    "number-x": ("°",),
    "field-name": ("(",),
    "to-complete": ("[", "(", "<"),
    "ellipsis": ("…", "...", "__"),
}


class LeftoverPlaceholder(Rule):
    """Ce qu'elle fait
    Signale les espaces réservés du modèle restés dans le projet : `XXX`, un nombre
    laissé à `X` (« **X** pages », « **X** annexes »), une année `20XX`, une date
    `xx/xx/20xx`, « Madame X », « N° XX », « (nom du champ) », « [à compléter] », des
    points de suspension à la place d'une date ou d'un nom (« délibération du …, »,
    « en date du .... », « Monsieur … »), et les textes de remplissage propres au
    modèle de référence.

    Pourquoi
    Une convention signée avec un champ non rempli (date de signature, nombre de
    pages ou d'annexes, période du plan d'action) est incomplète et peut être
    contestée ; la Caf la renvoie à la commune.

    Exemple
    ```
    Fait à Lille le XXX
    ```

    À la place
    ```
    Fait à Lille le 18 mars 2023
    ```
    """

    code = "P001"
    name = "leftover-placeholder"
    category = "placeholder"
    severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Hit]:
        model_patterns = _model_texts(ctx)
        for block in ctx.blocks(parts=("body", "header", "footer", "footnote"), drafted_only=True):
            text = block.text
            found = _placeholders(text)
            taken = [span for span, _ in found]
            for span, shown in found:
                yield self._hit(block.index, span, shown)
            if model_patterns:
                low = text.lower()
                folded = None
                for hint, pattern in model_patterns:
                    if hint not in low:
                        continue
                    folded = folded or fold_with_map(text)
                    for span in find_loose(pattern, text, folded):
                        if not overlaps(span, taken):
                            taken.append(span)
                            yield self._hit(block.index, span, text[span[0]:span[1]])

    @staticmethod
    def _hit(block: int, span: tuple[int, int], text: str) -> Hit:
        return Hit(
            block, span[0], span[1],
            Msg(f"Espace réservé du modèle non rempli : « {text} »",
                f"Template placeholder left unfilled: “{text}”"),
            suggestion=Msg("Remplacer par la valeur réelle.", "Replace it with the actual value."),
        )


@lru_cache(maxsize=8192)
def _placeholders(text: str) -> tuple[tuple[tuple[int, int], str], ...]:
    """(span, matched text) of the general placeholder forms in ``text``. Cached by text:
    drafts of one model share most paragraphs."""
    taken: list[tuple[int, int]] = []
    out = []
    for name, pattern in PATTERNS:
        if not any(h in text for h in _HINTS[name]):
            continue
        for m in pattern.finditer(text):
            span = (m.start(), m.end())
            if overlaps(span, taken):
                continue
            if pattern is PATTERNS[1][1] and not _YEAR_X_IN_DATE.search(m.group()):
                continue
            if "gap" in pattern.groupindex:
                span = m.span("gap")
            taken.append(span)
            out.append((span, m.group()))
    return tuple(out)


def _model_texts(ctx: Context) -> list[tuple[str, re.Pattern]]:
    """The model's own blank forms of its slots (``{{texte|(nom du champ)}}``), when distinctive:
    (a word a text must contain, lower-cased, to hold it; the pattern)."""
    if ctx.template is None:
        return []
    out = []
    seen = set()
    for _, seg in ctx.template.slots:
        text = seg.text.strip()
        if len(text) < 4 or text in seen or not re.search(r"[()\[\]…_]|X{2,}|\.{3}", text):
            continue
        seen.add(text)
        pattern = loose_pattern(text)
        if pattern is not None:
            ascii_words = [w for w in words(text) if w.isascii() and w == w.lower()]
            hint = max(ascii_words, key=len) if ascii_words and text.isascii() else ""
            out.append((hint, pattern))
    return out



# « à définir », « à préciser », « à déterminer »… standing for a decision not taken yet.
_TO_DECIDE = rx.compile(
    r"(?P<open>[(\[]\s*)?(?<![\w’'])(?:à|a)\s+(?P<verb>d[ée]finir|pr[ée]ciser|d[ée]terminer|confirmer|compl[ée]ter|d[ée]signer)\b",
    re.IGNORECASE,
)
#: Words that open the object of the verb (« à définir le projet ») : then it is ordinary prose.
_OBJECT_STARTS = frozenset("""
le la les l un une des du de d leur leurs son sa ses ces cet cette ce cela celui celle ceux celles
notre nos votre vos quel quelle quels quelles comment si et ou puis qui que quoi où lesquels en
""".split())
#: Adverbs that may stand between the verb and its object (« à définir ensemble les modalités »).
_ADVERBS = frozenset("ensemble conjointement précisément precisement clairement collectivement mieux plus "
                     "également egalement notamment préalablement prealablement".split())
_VERB_HINTS = ("finir", "ciser", "termin", "firmer", "pléter", "pleter", "signer")
_NEXT_WORD = rx.compile(r"\s*([^\W\d_]+)(?:[’']|\b)")
_CLOSE = rx.compile(r"[^()\[\]\n]{0,80}?[)\]]")


class ToBeDefined(Rule):
    """Ce qu'elle fait
    Signale les mentions « à définir », « à préciser », « à déterminer », « à confirmer »,
    « à désigner » laissées à la place d'une information : « Représentants des
    associations locales (à définir) », « Pour l'Etat (à définir avec l'Etat) »,
    « Pour la MSA : Responsable à définir ». Une tournure où le verbe a un complément
    (« Elle vise à définir le projet stratégique ») n'est pas signalée.

    Pourquoi
    Une convention signée engage sur ce qu'elle écrit : une composition d'instance ou un
    responsable « à définir » renvoie à une décision qui n'a pas été prise, et la
    convention devra être complétée par avenant.

    Exemple
    ```
    ANNEXE 2 – MODALITES DE PILOTAGE STRATEGIQUE ET OPERATIONNEL ET SUIVI DE LA CTG

    – Pour la MSA : Responsable à définir
    ```

    À la place
    ```
    ANNEXE 2 – MODALITES DE PILOTAGE STRATEGIQUE ET OPERATIONNEL ET SUIVI DE LA CTG

    – Pour la MSA : la responsable du service action sociale
    ```
    """

    code = "P002"
    name = "to-be-defined"
    category = "placeholder"
    severity = Severity.WARNING

    def check(self, ctx: Context) -> Iterator[Hit]:
        for block in ctx.blocks(parts=("body", "header", "footer", "footnote"), drafted_only=True):
            text = block.text
            low = text.lower()
            if not any(h in low for h in _VERB_HINTS):
                continue
            for m in _TO_DECIDE.finditer(text):
                if not _stands_alone(text, m.end()):
                    continue
                start, end = m.start(), m.end()
                if m.group("open"):
                    if m.group("verb").lower().startswith("compl"):
                        continue  # « [à compléter] » is the leftover-placeholder rule's
                    close = _CLOSE.match(text, end)
                    if close:
                        end = close.end()
                else:
                    start = m.start() + (len(m.group()) - len(m.group().lstrip()))
                shown = text[start:end]
                yield Hit(
                    block.index, start, end,
                    Msg(f"Information laissée « à définir » : « {shown} »",
                        f"Information left to be defined: “{shown}”"),
                    suggestion=Msg("Écrire la décision prise, ou retirer la mention si elle n'a pas lieu d'être.",
                                   "Write the decision taken, or remove the mention if it is not needed."),
                )


def _stands_alone(text: str, pos: int) -> bool:
    """Whether the verb ending at ``pos`` has no object: end, punctuation, or a non-object word."""
    for _ in range(3):
        m = _NEXT_WORD.match(text, pos)
        if m is None:
            return True  # end of text, punctuation, a bracket, a bullet
        word = m.group(1).lower()
        if word in _ADVERBS:
            pos = m.end()
            continue
        return word not in _OBJECT_STARTS
    return True
