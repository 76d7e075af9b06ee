#!/usr/bin/env python3
"""Build ctglint/data/communes.tsv.gz and COMMUNES.md from @etalab/decoupage-administratif.

Usage:
    python scripts/build_communes.py [TARBALL] [--out-dir DIR]

TARBALL is the npm tarball of the package (``npm pack @etalab/decoupage-administratif@6.0.0``);
without it the script runs that command in a temporary directory (needs npm and the network).
The output depends only on the tarball's content: rows are sorted and the gzip header carries no
timestamp, so two runs give the same bytes. COMMUNES.md records the generation date (today, or
``SOURCE_DATE_EPOCH`` when set).

File layout: UTF-8, tab-separated lines in a series of gzip members (level 9, no timestamp), so
that a look-up decompresses only what it needs; ``zcat`` shows them all. ctglint/communes.py reads
it; COMMUNES.md describes it for users.
    head        FORMAT, package name, package version, number of communes, number of EPCI;
                then one line per following member: its name and compressed size in bytes
    keys:<c>    the match keys (ctglint.communes.match_key of the names) starting with <c>, on one
                line, sorted by key, kind, population (largest first), code — the order in which
                find() returns homonyms; on the next line, for each key, the code and kind of its
                commune (6 characters, no separator); then the distinct first words of these keys,
                one line, and for each the most words of a key starting with it (one digit each,
                no separator; for longest_commune_at)
    rows:<dd>   the communes whose INSEE code starts with <dd>, one per line, sorted (by code, then
                kind): INSEE code, kind (index in ctglint.communes.KINDS), department, SIREN,
                postal codes (space-separated), parent code, SIRENs of its EPCI à fiscalité propre
                and EPT (those of the parent for an arrondissement or delegated commune), name
    sirens      SIREN and INSEE code of the communes whose code does not start with SIREN[2:4]
                (SIRENs are mostly « 21 » + department + …): by_siren() looks there, then in one
                rows:<SIREN[2:4]> member
    postal      the postal codes used by communes whose code does not start with the postal
                code's first 2 characters, and the codes' first 2 characters of those communes
    epci        one line per EPCI, sorted by SIREN: SIREN, kind, name, match key (with « CC »,
                « CA », « CU » for the long forms), member INSEE codes
"""
from __future__ import annotations

import argparse
import datetime as dt
import gzip
import hashlib
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from ctglint.communes import FORMAT, KINDS, _epci_key, match_key  # noqa: E402

PACKAGE = "@etalab/decoupage-administratif"
VERSION = "6.0.0"
DEFAULT_OUT = REPO / "ctglint" / "data"
_KIND_RANK = {kind: rank for rank, kind in enumerate(KINDS)}


def fetch_tarball(workdir: Path) -> Path:
    """Run ``npm pack`` for the pinned version in ``workdir`` and return the tarball's path."""
    out = subprocess.run(
        ["npm", "pack", f"{PACKAGE}@{VERSION}", "--silent"],
        cwd=workdir,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    return workdir / out[-1]


def read_package(tarball: Path) -> tuple[dict, dict[str, list]]:
    """package.json and the data files we use, read from the tarball without extracting it."""
    wanted = ("communes", "epci", "ept")
    with tarfile.open(tarball, "r:gz") as tar:

        def load(member: str):
            handle = tar.extractfile(f"package/{member}")
            if handle is None:
                raise SystemExit(f"{tarball}: package/{member} is not a file")
            return json.load(handle)

        meta = load("package.json")
        data = {name: load(f"data/{name}.json") for name in wanted}
    if meta.get("name") != PACKAGE:
        raise SystemExit(f"{tarball}: this is {meta.get('name')!r}, not {PACKAGE}")
    return meta, data


def _clean(value: object) -> str:
    text = "" if value is None else str(value)
    if "\t" in text or "\n" in text:
        raise SystemExit(f"tab or newline in a value: {text!r}")
    return text


# Columns of a commune row as built here; the file's rows hold the first ROW_WIDTH of them.
CODE, KIND, DEPT, SIREN, POSTAL, PARENT, EPCIS, NAME, KEY = range(9)
ROW_WIDTH = 8


def epci_rows(epcis: list[dict]) -> list[list[str]]:
    """Rows (SIREN, kind, name, EPCI match key, member codes), sorted by SIREN."""
    rows = []
    seen: dict[tuple[bool, str], str] = {}
    for e in epcis:
        members = sorted(m["code"] for m in e["membres"])
        for code in members:  # a commune has one EPCI à fiscalité propre and at most one EPT
            other = seen.setdefault((e["type"] == "EPT", code), e["code"])
            if other != e["code"]:
                raise SystemExit(f"{code} is a member of both {other} and {e['code']}")
        rows.append([_clean(e["code"]), _clean(e["type"]), _clean(e["nom"]), _epci_key(e["nom"]), " ".join(members)])
    rows.sort()
    return rows


def commune_rows(communes: list[dict], epcis: list[list[str]]) -> list[list[str]]:
    """Rows (see CODE … KEY) in find() order: by key, kind, population (largest first), code.

    EPCIS holds the SIRENs of the commune's EPCI à fiscalité propre then EPT; for an arrondissement
    or a delegated commune, those of its current commune.
    """
    memberships: dict[str, list[str]] = {}
    for siren, kind, _, _, members in sorted(epcis, key=lambda e: (e[1] == "EPT", e[0])):
        for code in members.split():
            memberships.setdefault(code, []).append(siren)
    current = {c["code"]: c for c in communes if c["type"] == "commune-actuelle"}
    rows = []
    for c in communes:
        kind = c["type"]
        if kind not in _KIND_RANK:
            raise SystemExit(f"unknown commune type {kind!r} ({c['code']})")
        parent = ""
        if kind == "arrondissement-municipal":
            parent = c["commune"]
        elif kind in ("commune-deleguee", "commune-associee"):
            parent = c["chefLieu"]
            if parent == c["code"] and match_key(current[parent]["nom"]) == match_key(c["nom"]):
                continue  # same code, same name as its current commune: adds nothing
        row = [""] * (KEY + 1)
        row[CODE], row[KIND], row[DEPT] = c["code"], str(_KIND_RANK[kind]), c["departement"]
        row[SIREN], row[POSTAL], row[PARENT] = c.get("siren", ""), " ".join(sorted(c.get("codesPostaux", ()))), parent
        row[EPCIS] = " ".join(memberships.get(parent or c["code"], ()))
        row[NAME], row[KEY] = c["nom"], match_key(c["nom"])
        rank = (row[KEY], row[KIND], -int(c.get("population", 0)), row[CODE], row[NAME])
        rows.append((rank, [_clean(value) for value in row]))
    rows.sort()
    return [row for _, row in rows]


def first_words(rows: list[list[str]]) -> tuple[str, str]:
    """The distinct first words of the rows' match keys, tab-separated, and for each the most words
    of a key starting with it, one digit each."""
    longest: dict[str, int] = {}
    for row in rows:
        words = row[KEY].split(" ")
        longest[words[0]] = max(longest.get(words[0], 0), len(words))
    if max(longest.values()) > 9:
        raise SystemExit("a commune name has more than 9 words: widen the counts in the keys members")
    return "\t".join(sorted(longest)), "".join(str(longest[word]) for word in sorted(longest))


def _gzip(lines: list[str]) -> bytes:
    return gzip.compress("".join(line + "\n" for line in lines).encode("utf-8"), compresslevel=9, mtime=0)


def render(version: str, communes: list[list[str]], epcis: list[list[str]]) -> bytes:
    """The data file; ``communes`` in find() order (see :func:`commune_rows`)."""
    refs = [row[CODE] + row[KIND] for row in communes]
    if any(len(ref) != 6 for ref in refs) or len(set(refs)) != len(refs):
        raise SystemExit("codes must have 5 characters and kinds 1, and (code, kind) be unique")
    members: dict[str, list[str]] = {}
    by_letter: dict[str, list[list[str]]] = {}
    for row in communes:  # keeps find() order within each letter
        by_letter.setdefault(row[KEY][:1], []).append(row)
    for letter, rows in by_letter.items():
        keys, refs_line = "\t".join(row[KEY] for row in rows), "".join(row[CODE] + row[KIND] for row in rows)
        members[f"keys:{letter}"] = [keys, refs_line, *first_words(rows)]
    for row in communes:
        members.setdefault(f"rows:{row[CODE][:2]}", []).append("\t".join(row[:ROW_WIDTH]))
    for name in members:
        if name.startswith("rows:"):
            members[name].sort()  # the loader bisects these lines
    # Where by_siren() and by_postal_code() would not look first (see ctglint/communes.py).
    members["sirens"] = sorted(
        f"{row[SIREN]}\t{row[CODE]}" for row in communes if row[SIREN] and row[SIREN][2:4] != row[CODE][:2]
    )
    elsewhere: dict[str, set[str]] = {}
    for row in communes:
        for postal_code in row[POSTAL].split():
            if postal_code[:2] != row[CODE][:2]:
                elsewhere.setdefault(postal_code, set()).add(row[CODE][:2])
    members["postal"] = [f"{code}\t{' '.join(sorted(buckets))}" for code, buckets in sorted(elsewhere.items())]
    members["epci"] = ["\t".join(row) for row in epcis]
    blobs = {name: _gzip(lines) for name, lines in sorted(members.items())}
    head = ["\t".join([FORMAT, PACKAGE, version, str(len(communes)), str(len(epcis))])]
    head += [f"{name}\t{len(blob)}" for name, blob in blobs.items()]
    return _gzip(head) + b"".join(blobs.values())


def generation_date() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc) if epoch else dt.datetime.now(dt.timezone.utc)
    return moment.date().isoformat()


def render_notes(version: str, sha256: str, size: int, communes: list[list[str]], epcis: list[list[str]]) -> str:
    kinds = Counter(KINDS[int(r[KIND])] for r in communes)
    epci_kinds = Counter(r[1] for r in epcis)
    kind_lines = "\n".join(f"| {k} | {kinds[k]} |" for k in KINDS)
    epci_lines = "\n".join(f"| {k} | {n} |" for k, n in sorted(epci_kinds.items()))
    return f"""# Communes and EPCI data

`communes.tsv.gz` is generated; do not edit it. `ctglint.communes` reads it.

## Source

- npm package [`{PACKAGE}`](https://github.com/datagouv/decoupage-administratif) version **{version}**:
  INSEE Code officiel géographique, DGCL list of EPCI à fiscalité propre,
  INSEE list of EPT, La Poste postal codes.
- Tarball SHA-256: `{sha256}`
- Data licence: **Licence Ouverte / Open Licence (Etalab)**,
  <https://www.etalab.gouv.fr/licence-ouverte-open-licence>. Attribution: « Etalab, INSEE, DGCL,
  La Poste — découpage administratif {version} ». The package's code is under the MIT licence
  (© 2018-2019 Etalab); none of it is copied here.
- Generated on {generation_date()} by `scripts/build_communes.py`.

## Content

{len(communes)} commune rows ({size} bytes compressed):

| kind | rows |
|---|---|
{kind_lines}

Delegated and associated communes carry the code of their current commune (`parent`); arrondissements
carry that of Paris, Lyon or Marseille. A delegated commune with both the code and the name of its current
commune is left out.

{len(epcis)} EPCI rows (`data/epci.json` and `data/ept.json`):

| kind | rows |
|---|---|
{epci_lines}

Layout: UTF-8, tab-separated lines in a series of gzip members (level 9, no timestamp), so that a
look-up decompresses only the part it needs; `zcat ctglint/data/communes.tsv.gz` shows them all:

- `head`: format, package, version, counts; then each following member's name and compressed size.
- `keys:<c>`: the match keys (`ctglint.communes.match_key` of the names) starting with `<c>` on one
  line, sorted by key, kind, population (largest first) and code — the order in which `find()`
  returns homonyms; on the next line, for each key, the INSEE code and kind of its commune
  (6 characters each, no separator); then the distinct first words of these keys on one line and, on
  the next, the most words of a key starting with each (one digit each, for `longest_commune_at()`).
- `rows:<dd>`: the communes whose INSEE code starts with `<dd>`, one per line, sorted: INSEE code,
  kind (0 current, 1 arrondissement, 2 delegated, 3 associated), department, SIREN, postal codes,
  parent code, SIRENs of its EPCI then EPT (its parent's, for an arrondissement or delegated commune),
  name.
- `sirens`: SIREN and INSEE code of the communes whose code does not start with SIREN[2:4] (most SIRENs
  of communes are « 21 » + department + …); `postal`: the postal codes used by communes whose code does
  not start with the postal code's first two characters, with those communes' first two characters.
  With them, `by_siren()` and `by_postal_code()` read one or two `rows:` members, never all.
- `epci`: one line per EPCI, sorted by SIREN: SIREN, kind, name, match key, member INSEE codes.

`find()` and `by_code()` bisect the sorted lines of one or two small members. Everything is sorted, so
the same tarball always gives the same bytes. Example: `zcat ctglint/data/communes.tsv.gz | grep -P '^59477\\t'`.

## Regenerate

```sh
npm pack {PACKAGE}@{version}          # or let the script run it
.venv/bin/python scripts/build_communes.py etalab-decoupage-administratif-{version}.tgz
.venv/bin/pytest tests/test_communes.py
```

For a newer millésime, change `VERSION` in the script, regenerate, and check the tests' facts
(codes, SIREN, EPCI membership) still hold. Regenerate too when `ctglint.communes.match_key`
changes (bump `FORMAT`): the keys are stored in the file.
"""


def build(tarball: Path, out_dir: Path) -> Path:
    meta, data = read_package(tarball)
    version = meta["version"]
    epcis = epci_rows(data["epci"] + data["ept"])
    communes = commune_rows(data["communes"], epcis)
    payload = render(version, communes, epcis)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / "communes.tsv.gz"
    target.write_bytes(payload)
    sha256 = hashlib.sha256(tarball.read_bytes()).hexdigest()
    notes = render_notes(version, sha256, len(payload), communes, epcis)
    (out_dir / "COMMUNES.md").write_text(notes, encoding="utf-8")
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tarball", nargs="?", type=Path, help=f"npm tarball of {PACKAGE} (default: npm pack)")
    parser.add_argument("--out-dir", type=Path, default=DEFAULT_OUT, help="default: %(default)s")
    args = parser.parse_args(argv)
    if args.tarball is not None:
        target = build(args.tarball, args.out_dir)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            target = build(fetch_tarball(Path(tmp)), args.out_dir)
    print(f"wrote {target} ({target.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
