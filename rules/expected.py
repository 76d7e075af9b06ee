"""Checks against what the configuration says a file must be (``[[tool.ctglint.facts]]``)."""
from __future__ import annotations

from collections.abc import Iterator

from ctglint import communes
from ctglint.datefacts import date_facts
from ctglint.findings import Hit, Msg, Severity
from ctglint.fr import name_key
from ctglint.parties import for_context
from ctglint.rule import Context, Rule


def _expected(ctx: Context):
    return ctx.facts.get("expected")


def _first_body_block(ctx: Context) -> int:
    return next((b.index for b in ctx.blocks()), 0)


class ExpectedCommune(Rule):
    """Ce qu'elle fait
    Quand la configuration indique la commune attendue pour un fichier
    (`[[tool.ctglint.facts]]`, clé `commune`), vérifie que la convention est bien
    signée par cette commune.

    Pourquoi
    Dans un dossier où chaque fichier correspond à une commune, un projet enregistré
    sous le mauvais nom, ou repris d'une autre commune sans changer les parties, est
    une erreur qu'on ne voit qu'en lisant.

    Configuration
    ```
    [[facts]]
    files = "*.txt"
    commune = "Wattrelos"
    ```

    Exemple
    ```
    Entre

    La commune de Roubaix, représentée par son Maire, Monsieur Jean DUPONT, dûment autorisé à signer la présente convention.
    ```

    À la place
    ```
    Entre

    La commune de Wattrelos, représentée par son Maire, Monsieur Jean DUPONT, dûment autorisé à signer la présente convention.
    ```
    """

    code = "E001"
    name = "unexpected-commune"
    category = "party"
    severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Hit]:
        expected = _expected(ctx)
        if expected is None or not expected.commune:
            return
        found = for_context(ctx)
        if found is None:
            yield Hit(_first_body_block(ctx), 0, 0,
                      Msg(f"La commune signataire attendue, « {expected.commune} », n'est pas nommée comme partie",
                          f"The expected signatory commune, “{expected.commune}”, is not named as a party"),
                      expected=expected.commune)
            return
        if name_key(found.name) == name_key(expected.commune) or (
                found.commune is not None and name_key(found.commune.name) == name_key(expected.commune)):
            return
        yield Hit(found.block, found.start, found.end,
                  Msg(f"La convention est signée par « {found.name} » alors que ce fichier concerne "
                      f"« {expected.commune} » (configuration)",
                      f"The convention is signed by “{found.name}” but this file is for “{expected.commune}” "
                      f"(configuration)"),
                  expected=expected.commune)


class ExpectedEpci(Rule):
    """Ce qu'elle fait
    Quand la configuration indique l'intercommunalité attendue (clé `epci` de
    `[[tool.ctglint.facts]]`), vérifie que la commune signataire en est membre
    d'après la liste officielle, et que l'EPCI nommé comme partie est bien celui-là.

    Pourquoi
    Les conventions d'un territoire intercommunal se suivent ensemble ; une commune
    rattachée à la mauvaise intercommunalité fausse le suivi et les financements.

    Configuration
    ```
    [[facts]]
    files = "*.txt"
    epci = "Métropole Européenne de Lille"
    ```

    Exemple
    ```
    Entre

    La commune de Valenciennes, représentée par son Maire, Monsieur Jean DUPONT, dûment autorisé à signer la présente convention.
    ```

    À la place
    ```
    Entre

    La commune de Wattrelos, représentée par son Maire, Monsieur Jean DUPONT, dûment autorisé à signer la présente convention.
    ```
    """

    code = "E002"
    name = "unexpected-epci"
    category = "party"
    severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Hit]:
        expected = _expected(ctx)
        if expected is None or not expected.epci:
            return
        wanted = communes.find_epci(expected.epci)
        found = for_context(ctx)
        if not wanted or found is None:
            return
        sirens = {e.siren for e in wanted}
        if found.epci is not None and found.epci.siren not in sirens and found.epci_at is not None:
            block, start, end = found.epci_at
            yield Hit(block, start, end,
                      Msg(f"L'intercommunalité partie, « {found.epci_name} », n'est pas celle attendue : "
                          f"« {expected.epci} » (configuration)",
                          f"The intercommunality party, “{found.epci_name}”, is not the expected one: "
                          f"“{expected.epci}” (configuration)"),
                      expected=expected.epci)
        if found.commune is not None and not any(found.commune.code in e.members or
                                                 (found.commune.parent or "") in e.members for e in wanted):
            yield Hit(found.block, found.start, found.end,
                      Msg(f"« {found.commune.name} » n'est pas membre de « {expected.epci} » (configuration)",
                          f"“{found.commune.name}” is not a member of “{expected.epci}” (configuration)"),
                      expected=expected.epci)


class ExpectedPeriod(Rule):
    """Ce qu'elle fait
    Quand la configuration indique la période attendue (clé `period` de
    `[[tool.ctglint.facts]]`, par exemple « 2023-2026 »), vérifie que l'article sur la
    durée de la convention couvre exactement ces années.

    Pourquoi
    Une convention préparée pour une autre période (reprise d'un projet précédent)
    ne couvre pas les années attendues ; les financements ne s'appuient plus sur elle.

    Configuration
    ```
    [[facts]]
    files = "*.txt"
    period = "2023-2026"
    ```

    Exemple
    ```
    ARTICLE 11 – DUREE DE LA CONVENTION

    La présente convention est conclue à compter du 01/01/2021 jusqu'au 31 décembre 2023.
    ```

    À la place
    ```
    ARTICLE 11 – DUREE DE LA CONVENTION

    La présente convention est conclue à compter du 01/01/2023 jusqu'au 31 décembre 2026.
    ```
    """

    code = "E003"
    name = "unexpected-period"
    category = "date"
    severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Hit]:
        expected = _expected(ctx)
        if expected is None or not expected.period:
            return
        first, last = expected.period
        period = date_facts(ctx).period
        want = f"{first} – {last}"
        if period is None:
            yield Hit(_first_body_block(ctx), 0, 0,
                      Msg(f"La durée de la convention n'est pas trouvée ; la période attendue est {want}",
                          f"The convention's duration was not found; the expected period is {want}"),
                      expected=want)
        elif (period.first_year, period.last_year) != (first, last):
            yield Hit(period.block, period.start, period.end,
                      Msg(f"La convention couvre {period.first_year} – {period.last_year} alors que la période "
                          f"attendue est {want} (configuration)",
                          f"The convention covers {period.first_year} – {period.last_year} but the expected "
                          f"period is {want} (configuration)"),
                      expected=want)
