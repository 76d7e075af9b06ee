"""Build a clean convention from a reference template: every slot filled, no instruction left.

Used by the tests (a clean convention must give no finding at all) and by the benchmark
corpus. The values describe a real commune that is neither seed's (no seed special-casing).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ctglint import templates


@dataclass(frozen=True)
class Facts:
    commune: str = "Wattrelos"
    mayor: str = "Monsieur Dominique BAILLY"
    president: str = "Madame Anne LEROY"
    director: str = "Madame Paule MARTIN"
    director_role: str = "Directrice"
    first_year: int = 2023
    last_year: int = 2026
    deliberation: str = "12/12/2022"
    signature: str = "15/01/2023"
    pages: int = 12


FACTS = {
    "caf-nord-2023": Facts(),
    "caf-nord-2021": Facts(first_year=2021, last_year=2023, deliberation="10/12/2020", signature="20/01/2021"),
}

_SLOT = re.compile(r"\{\{([^{}|]*)(?:\|[^{}]*)?\}\}")
_INSTRUCTION = re.compile(r"\[\[.*?\]\]")
_LOCAL = ("La commune compte trois établissements d'accueil du jeune enfant et un centre social "
          "qui accueille chaque année près de 400 familles.")


def value(spec: str, f: Facts, annexes: int, counter: list[int]) -> str:
    kind, _, name = spec.strip().partition(":")
    counter[0] += 1
    match kind:
        case "commune" | "collectivite":
            return f.commune
        case "epci":
            return "Métropole Européenne de Lille"
        case "personne":
            return {"maire": f.mayor, "presidente": f.president, "directeur": f.director}.get(name, "Madame Lise PETIT")
        case "fonction":
            return f.director_role if name == "directeur" else "Chargée de coopération"
        case "date":
            return {"deliberation": f.deliberation, "signature": f.signature,
                    "debut": f"01/01/{f.first_year}", "fin": f"31/12/{f.last_year}"}[name]
        case "periode":
            return f"{f.first_year} – {f.last_year}"
        case "annee":
            return str(f.first_year + counter[0] % (f.last_year - f.first_year + 1))
        case "nombre":
            return str(annexes if name == "annexes" else f.pages)
        case "montant":
            return "125 000 €"
        case "texte":
            return f"accueil des familles du quartier {counter[0]}"
        case "libre":
            return _LOCAL
    raise ValueError(spec)


def clean_convention(template_id: str, facts: Facts | None = None) -> str:
    template = next(t for t in templates.builtin() if t.id == template_id)
    f = facts or FACTS[template_id]
    raw = (template.path / "template.txt").read_text("utf-8")
    counter = [0]
    out: list[str] = []
    for line in raw.split("\n"):
        had_instruction = "[[" in line
        line = _INSTRUCTION.sub("", line)
        line = _SLOT.sub(lambda m: value(m.group(1), f, len(template.annexes), counter), line)
        if had_instruction and not re.search(r"\w", line):
            continue  # the instruction was the whole paragraph (or list item)
        out.append(re.sub(r"  +", " ", line).rstrip() if "\t" not in line else line)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out))


def with_facts(template_id: str, **changes) -> str:
    return clean_convention(template_id, replace(FACTS[template_id], **changes))
