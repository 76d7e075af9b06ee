from __future__ import annotations

import re
from collections.abc import Iterator

from ctglint.findings import Hit, Msg, Severity
from ctglint.rule import Context, Rule, overlaps
from ctglint.textsim import find_loose, fold_with_map, loose_pattern

_COUNTED = r"(?:pages?|annexes?|exemplaires?|places?|berceaux|jours?|mois|ans|années?|heures?|ETP|fois|personnes?|enfants?|familles?|agents?|€|euros?)"
PATTERNS: tuple[tuple[str, re.Pattern], ...] = (
    ("xxx", re.compile(r"(?<![\w-])(?:X{3,}|x{3,}|XX)(?![\w-])")),
    ("date-x", re.compile(r"(?<![\w/])(?:\d{1,2}|[xX]{1,2})[/.-](?:\d{1,2}|[xX]{1,2})[/.-](?:\d{2,4}|[xX]{2,4})(?![\w/])")),
    ("period-x", re.compile(r"(?<![\w/])(?:19|20)[xX]{2}\s*[-–—/]\s*(?:19|20)[xX]{2}(?![\w])")),
    ("year-x", re.compile(r"(?<![\w/])(?:19|20)[xX]{2}(?![\w])")),
    ("count-x", re.compile(r"(?<![\w-])X(?=\s+" + _COUNTED + r"\b)")),
    ("person-x", re.compile(r"\b(?:Madame|Monsieur|M\.|Mme|Mr)\s+(X{1,3})(?![\w-])")),
    ("number-x", re.compile(r"\b[Nn]\s*°\s*(X{1,4}|x{1,4})(?![\w-])")),
    ("field-name", re.compile(r"\(\s*nom\s+(?:du|de\s+la|de\s+l[’']|des|de)\s*[^()]{1,40}\)", re.IGNORECASE)),
    ("to-complete", re.compile(r"[\[(<]\s*(?:à|a)\s+compl[ée]ter\b[^\])>]{0,60}[\])>]|\[\s*(?:…|\.{3,})\s*\]", re.IGNORECASE)),
)
_YEAR_X_IN_DATE = re.compile(r"[xX]")


class LeftoverPlaceholder(Rule):
    """Ce qu'elle fait
    Signale les espaces réservés du modèle restés dans le projet : `XXX`, un nombre
    laissé à `X` (« **X** pages », « **X** annexes »), une année `20XX`, une date
    `xx/xx/20xx`, « Madame X », « N° XX », « (nom du champ) », « [à compléter] », et
    les textes de remplissage propres au modèle de référence.

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
        for block in ctx.blocks(parts=("body", "header", "footer", "footnote")):
            taken: list[tuple[int, int]] = []
            for _, pattern in PATTERNS:
                for m in pattern.finditer(block.text):
                    span = (m.start(), m.end())
                    if overlaps(span, taken):
                        continue
                    if pattern is PATTERNS[1][1] and not _YEAR_X_IN_DATE.search(m.group()):
                        continue
                    taken.append(span)
                    yield self._hit(block.index, span, m.group())
            if model_patterns:
                folded = fold_with_map(block.text)
                for text, pattern in model_patterns:
                    for span in find_loose(pattern, block.text, folded):
                        if not overlaps(span, taken):
                            taken.append(span)
                            yield self._hit(block.index, span, block.text[span[0]:span[1]])

    @staticmethod
    def _hit(block: int, span: tuple[int, int], text: str) -> Hit:
        return Hit(
            block, span[0], span[1],
            Msg(f"Espace réservé du modèle non rempli : « {text} »",
                f"Template placeholder left unfilled: “{text}”"),
            suggestion=Msg("Remplacer par la valeur réelle.", "Replace it with the actual value."),
        )


def _model_texts(ctx: Context) -> list[tuple[str, re.Pattern]]:
    """The model's own blank forms of its slots (``{{texte|(nom du champ)}}``), when distinctive."""
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
            out.append((text, pattern))
    return out

