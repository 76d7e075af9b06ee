"""A synthetic corpus of CTG drafts for the benchmark (and for trying ``ctglint batch`` by hand).

Deterministic for a given seed. The mix, by document number:

- clean conventions built from the reference templates (``tests/cleanconv.py``) for real Nord
  communes (INSEE 59xxx from :mod:`ctglint.communes`), with their real EPCI, invented mayors and
  periods (``caf-nord-2023``: 4 years from 2022–2025; ``caf-nord-2021``: 3 years from 2019–2022);
- the same with one injected defect: a leftover ``XXX``, another commune's name in the parties
  block, a word of the national model changed, or a ``20XX`` date;
- variants of the seed drafts ``examples/*.txt`` with the commune renamed;
- ``.docx`` files: generated texts written with python-docx (one paragraph per line, articles and
  annexes as headings), and copies of ``examples/*.docx``.

``python bench/corpus.py DIR N`` writes N drafts into DIR.
"""
from __future__ import annotations

import random
import re
import shutil
import sys
from collections import Counter
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
sys.path.insert(0, str(ROOT / "tests"))

from cleanconv import with_facts  # noqa: E402  (tests/cleanconv.py)

GIVEN = {"Madame": ("Marie", "Sophie", "Nathalie", "Isabelle", "Christine", "Sandrine", "Valérie", "Cécile", "Hélène"),
         "Monsieur": ("Jean", "Pierre", "Philippe", "Thierry", "Olivier", "Frédéric", "Stéphane", "Jérôme", "Xavier")}
SURNAMES = ("DUPONT", "LEFEBVRE", "DELATTRE", "VANDENBUSSCHE", "DEWAELE", "LECLERCQ", "MASSON", "DEHAENE",
            "WILLEMS", "CARPENTIER", "DUBOIS", "HERMANT", "POLLET", "DECLERCQ", "FOURNIER", "LEROUX")
_EPCI_LONG = {"CC": "Communauté de communes", "CA": "Communauté d'agglomération", "CU": "Communauté urbaine"}
_MEL = "Métropole Européenne de Lille"
SEEDS = {"armentieres-2023-2026": ("Armentières",), "lys-lez-lannoy-2021-2023": ("Lys-lez-Lannoy", "Lys Lez Lannoy")}


@cache
def nord_communes() -> tuple:
    """Current communes of the Nord (59) with their EPCI's name as a convention writes it."""
    from ctglint import communes

    out = []
    for n in range(1, 1000):
        c = communes.by_code(f"59{n:03d}")
        if c is None or c.kind != "commune-actuelle" or c.department != "59" or c.code != f"59{n:03d}":
            continue
        epcis = [e for e in communes.epcis_of(c.code) if e.kind != "EPT"]
        if not epcis:
            continue
        e = epcis[0]
        prefix, _, rest = e.name.partition(" ")
        name = f"{_EPCI_LONG[prefix]} {rest}" if prefix in _EPCI_LONG else e.name
        out.append((c.name, name))
    return tuple(out)


def _mayor(rng: random.Random) -> str:
    civility = rng.choice(sorted(GIVEN))
    return f"{civility} {rng.choice(GIVEN[civility])} {rng.choice(SURNAMES)}"


def clean_text(rng: random.Random, commune: str, epci: str) -> tuple[str, str]:
    template = rng.choice(("caf-nord-2023", "caf-nord-2021"))
    first = rng.randint(2022, 2025) if template == "caf-nord-2023" else rng.randint(2019, 2022)
    last = first + (3 if template == "caf-nord-2023" else 2)
    text = with_facts(template, commune=commune, mayor=_mayor(rng), first_year=first, last_year=last,
                      deliberation=f"{rng.randint(1, 28):02d}/{rng.randint(9, 12):02d}/{first - 1}",
                      signature=f"{rng.randint(1, 28):02d}/01/{first}")
    return text.replace(_MEL, epci), template


def inject_defect(rng: random.Random, text: str, commune: str, other: str) -> tuple[str, str]:
    kind = rng.choice(("xxx", "foreign-commune", "changed-word", "year-placeholder"))
    if kind == "xxx":
        lines = text.split("\n")
        candidates = [i for i, line in enumerate(lines) if len(line) > 60]
        i = candidates[rng.randrange(len(candidates))]
        lines[i] = lines[i] + " XXX"
        return "\n".join(lines), kind
    if kind == "foreign-commune":
        spots = [m.start() for m in re.finditer(re.escape(f"commune de {commune}"), text)]
        if spots:
            at = spots[-1] + len("commune de ")
            return text[:at] + other + text[at + len(commune):], kind
        return text + f"\nFait à {other}\n", kind
    if kind == "changed-word":
        spots = [m.start() for m in re.finditer(r"\bla Caf\b", text)]
        at = spots[len(spots) // 2] if spots else None
        if at is not None:
            return text[:at] + "la CPAM" + text[at + len("la Caf"):], kind
    spots = [m.start() for m in re.finditer(r"\b20\d\d\b", text)]
    at = spots[len(spots) // 2]
    return text[:at] + "20XX" + text[at + 4:], "year-placeholder"


def seed_variant(rng: random.Random, commune: str) -> tuple[str, str]:
    name = rng.choice(sorted(SEEDS))
    text = (EXAMPLES / f"{name}.txt").read_text("utf-8")
    from ctglint.fr import fold

    for written in (*SEEDS[name], fold(SEEDS[name][0])):
        pattern = re.escape(written).replace(r"\-", "[- ]").replace(r"\ ", "[- ]")
        text = re.sub(pattern, lambda m: commune.upper() if m.group().isupper() else commune, text,
                      flags=re.IGNORECASE)
    return text, name


_HEADING = re.compile(r"^(?:ARTICLE|Article|ANNEXE|Annexe|PREAMBULE|PRÉAMBULE|Préambule)\b")


def write_docx(text: str, path: Path) -> None:
    import docx

    document = docx.Document()
    for line in text.split("\n"):
        if "\t" in line:
            cells = line.split("\t")
            table = document.add_table(rows=1, cols=len(cells))
            for cell, value in zip(table.rows[0].cells, cells):
                cell.text = value
        elif _HEADING.match(line):
            document.add_heading(line, level=1)
        else:
            document.add_paragraph(line)
    document.save(str(path))


def build(folder: Path, n: int, seed: int = 2024, docx_share: float = 0.1) -> Counter:
    """Write ``n`` drafts into ``folder`` (in sub-folders of 100); return how many of each kind."""
    rng = random.Random(seed)
    places = nord_communes()
    kinds: Counter = Counter()
    for i in range(n):
        sub = folder / f"lot-{i // 100:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        commune, epci = places[rng.randrange(len(places))]
        other = places[rng.randrange(len(places))][0]
        roll = rng.random()
        stem = f"{i:04d}-{_stem(commune)}"
        if roll < docx_share / 3:
            source = rng.choice(sorted(EXAMPLES.glob("*.docx")))
            shutil.copyfile(source, sub / f"{stem}-{source.stem}.docx")
            kinds["docx-example-copy"] += 1
            continue
        if roll < docx_share:
            text, _ = clean_text(rng, commune, epci)
            write_docx(text, sub / f"{stem}.docx")
            kinds["docx-generated"] += 1
            continue
        if roll < docx_share + 0.15:
            text, _ = seed_variant(rng, commune)
            kinds["seed-variant"] += 1
        elif roll < docx_share + 0.35:
            text, _ = clean_text(rng, commune, epci)
            text, defect = inject_defect(rng, text, commune, other)
            kinds[f"defect-{defect}"] += 1
        else:
            text, _ = clean_text(rng, commune, epci)
            kinds["clean"] += 1
        (sub / f"{stem}.txt").write_text(text, "utf-8")
    return kinds


def _stem(name: str) -> str:
    from ctglint.fr import fold

    return re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")


if __name__ == "__main__":
    target, count = Path(sys.argv[1]), int(sys.argv[2])
    print(dict(build(target, count)))
