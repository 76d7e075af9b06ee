from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from ctglint import rx
from ctglint.findings import Hit, Msg, Severity
from ctglint.rule import Context, Rule, overlaps
from ctglint.textsim import find_loose, fold_with_map, loose_pattern, widen_to_needle

#: General forms of drafting instructions, found even without a template (one alternation: one scan a block).
GENERAL_FORMS: re.Pattern = rx.compile("|".join(f"(?:{p})" for p in (
    r"^\s*(?:à|a)\s+adapter\b[^.;\n]*[.;]?",
    r"\bpartie\s+libre\b[^.;\n]*[.;]?",
    r"\(\s*(?:\.{2,}|…)?\s*situer\b[^)\n]*\)?",
    r"\bindiquer\s+ici\b[^.;\n]*[.;]?",
    r"\(?\s*autant\s+de\s+tableaux\s+que\b[^)\n]*\)?\.?",
    r"\b(?:à|a)\s+d[ée]tailler\s+selon\b[^(.;\n]*",
    r"\(\s*et\s+autres\s+partenaires\b[^)\n]*\)",
    r"\b(?:à|a)\s+personnaliser\b[^.;\n]*[.;]?",
    r"\bsupprimer\s+(?:cette|la|les)\s+mentions?\b[^.;\n]*[.;]?",
    r"\bpr[ée]ciser\s+ici\b[^.;\n]*[.;]?",
)), re.IGNORECASE)
#: Each general form holds one of these (lower-cased): a paragraph without any is not scanned.
_GENERAL_WORDS = ("adapter", "libre", "situer", "ici", "autant", "tailler", "partenaires", "personnaliser",
                  "supprimer")


class DraftingInstruction(Rule):
    """Ce qu'elle fait
    Signale les consignes de rédaction du modèle restées dans le projet : celles que
    le modèle de référence marque comme consignes, et les formes générales
    (« A adapter … », « Partie libre pour décrire … », « (… Situer … ) »,
    « Indiquer ici … », « Autant de tableaux … », « À détailler selon … »,
    « (et autres partenaires … éventuels …) »). Erreur dans le corps de la
    convention, avertissement dans les annexes.

    Pourquoi
    Une consigne adressée au rédacteur n'a pas sa place dans un texte signé ; elle
    montre aussi qu'une partie attendue (description du territoire, partenaires) n'a
    pas été rédigée.

    Exemple
    ```
    ARTICLE 2 – LES CHAMPS D'INTERVENTION DE LA CAF

    Partie libre pour décrire les interventions de la Caf sur le territoire.
    ```

    À la place
    ```
    ARTICLE 2 – LES CHAMPS D'INTERVENTION DE LA CAF

    La Caf finance sur le territoire trois établissements d'accueil du jeune enfant.
    ```
    """

    code = "I001"
    name = "drafting-instruction"
    category = "template-instruction"
    severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Hit]:
        instructions = tuple(text for _, text in ctx.template.instructions) if ctx.template is not None else ()
        for block in ctx.blocks(parts=("body", "header", "footer", "footnote"), drafted_only=True):
            in_annex = block.section.startswith("annex")
            for start, end, text in _instruction_spans(block.text, instructions):
                yield Hit(
                    block.index, start, end,
                    Msg(f"Consigne de rédaction du modèle laissée dans le texte : « {text} »",
                        f"Drafting instruction of the template left in the text: “{text}”"),
                    suggestion=Msg("Supprimer la consigne et rédiger la partie attendue.",
                                   "Delete the instruction and write the expected text."),
                    severity=Severity.WARNING if in_annex else None,
                )


@lru_cache(maxsize=8192)
def _instruction_spans(text: str, instructions: tuple[str, ...]) -> tuple[tuple[int, int, str], ...]:
    """(start, end, instruction) in a paragraph: the template's ``instructions`` and the general
    forms. Cached by text: drafts of one model share most paragraphs."""
    patterns, any_pattern = _compiled_instructions(instructions)
    taken: list[tuple[int, int]] = []
    if any_pattern is not None:
        folded = fold_with_map(text)
        if any_pattern.search(folded[0]):
            for needle, pattern in patterns:
                for span in find_loose(pattern, text, folded):
                    span = widen_to_needle(text, span, needle)
                    if not overlaps(span, taken):
                        taken.append(span)
    if any(word in text.lower() for word in _GENERAL_WORDS):
        for m in GENERAL_FORMS.finditer(text):
            span = (m.start(), m.end())
            if m.end() > m.start() and not overlaps(span, taken):
                taken.append(span)
    out = []
    for start, end in sorted(taken):
        found = text[start:end].strip()
        start = text.index(found, start) if found else start
        out.append((start, start + len(found), found))
    return tuple(out)


@lru_cache(maxsize=16)
def _compiled_instructions(instructions: tuple[str, ...]) -> tuple[list[tuple[str, re.Pattern]], re.Pattern | None]:
    seen: dict[str, tuple[str, re.Pattern]] = {}
    for text in instructions:
        pattern = loose_pattern(text)
        if pattern is not None:
            seen.setdefault(pattern.pattern, (text, pattern))
    found = sorted(seen.values(), key=lambda item: -len(item[0]))
    if not found:
        return [], None
    # Fixed by the template files: worth keeping compiled across runs.
    return found, rx.compile("|".join(f"(?:{p.pattern})" for _, p in found))
