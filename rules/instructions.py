from __future__ import annotations

import re
from collections.abc import Iterator

from ctglint.findings import Hit, Msg, Severity
from ctglint.rule import Context, Rule, overlaps
from ctglint.textsim import find_loose, loose_pattern, widen_to_needle, words

#: General forms of drafting instructions, found even without a template (one alternation: one scan a block).
GENERAL_FORMS: re.Pattern = re.compile("|".join(f"(?:{p})" for p in (
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
        patterns = _template_instructions(ctx)
        for block in ctx.blocks(parts=("body", "header", "footer", "footnote")):
            taken: list[tuple[int, int]] = []
            folded = ctx.folded(block) if patterns else None
            for needle, first, pattern in patterns:
                if first not in folded[0]:
                    continue  # cheap test before the regex
                for span in find_loose(pattern, block.text, folded):
                    span = widen_to_needle(block.text, span, needle)
                    if not overlaps(span, taken):
                        taken.append(span)
            for m in GENERAL_FORMS.finditer(block.text):
                span = (m.start(), m.end())
                if m.end() > m.start() and not overlaps(span, taken):
                    taken.append(span)
            for start, end in sorted(taken):
                text = block.text[start:end].strip()
                start = block.text.index(text, start) if text else start
                in_annex = block.section.startswith("annex")
                yield Hit(
                    block.index, start, start + len(text),
                    Msg(f"Consigne de rédaction du modèle laissée dans le texte : « {text} »",
                        f"Drafting instruction of the template left in the text: “{text}”"),
                    suggestion=Msg("Supprimer la consigne et rédiger la partie attendue.",
                                   "Delete the instruction and write the expected text."),
                    severity=Severity.WARNING if in_annex else None,
                )


def _template_instructions(ctx: Context) -> list[tuple[str, str, re.Pattern]]:
    """The template's marked instructions, as (text, its first folded word, loose pattern), longest first."""
    if ctx.template is None:
        return []
    seen: dict[str, tuple[str, str, re.Pattern]] = {}
    for _, text in ctx.template.instructions:
        pattern = loose_pattern(text)
        if pattern is not None:
            seen.setdefault(pattern.pattern, (text, words(text)[0], pattern))
    return sorted(seen.values(), key=lambda item: -len(item[0]))

