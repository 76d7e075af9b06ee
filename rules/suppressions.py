from __future__ import annotations

from collections.abc import Iterator

from ctglint.findings import Hit, Msg, Severity
from ctglint.rule import Context, Rule


class UnusedSuppression(Rule):
    """Ce qu'elle fait
    Signale une directive de suppression (« <!-- ctglint: ignore CODE --> », un
    commentaire Word « ctglint: ignore CODE ») qui ne fait taire aucun constat, ou qui
    nomme une règle inconnue.

    Pourquoi
    Une exception devenue inutile (le défaut a été corrigé) cache le prochain défaut
    du même type à cet endroit ; une faute de frappe dans le code de la règle ne
    cache rien et laisse croire le contraire.

    Exemple
    ```
    <!-- ctglint: ignore P001 -->
    Fait à Lille le 18 mars 2023
    ```

    À la place
    ```
    <!-- ctglint: ignore P001 -->
    Fait à Lille le XXX
    ```
    """

    code = "C001"
    name = "unused-suppression"
    category = "structure"
    severity = Severity.WARNING
    after_suppressions = True

    def check(self, ctx: Context) -> Iterator[Hit]:
        for directive, code in ctx.facts.get("unused_suppressions", ()):
            block = ctx.document.blocks[directive.block]
            yield Hit(
                directive.block, 0, len(block.text),
                Msg(f"Directive de suppression inutile : « {code} » ne fait taire aucun constat ici",
                    f"Unused suppression: “{code}” silences nothing here"),
                suggestion=Msg("Supprimer la directive.", "Delete the directive."),
            )
