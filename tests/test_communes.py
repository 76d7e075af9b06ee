"""ctglint.communes: look-ups in the committed data file, and the builder that makes it."""
from __future__ import annotations

import gzip
import importlib.util
import io
import json
import os
import random
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from ctglint import communes
from ctglint.communes import Commune, by_code, by_postal_code, by_siren, epcis_of, find, find_epci, longest_commune_at

REPO = Path(__file__).resolve().parents[1]
TARBALL_NAME = "etalab-decoupage-administratif-6.0.0.tgz"
MEL = "200093201"  # Métropole Européenne de Lille


def _builder():
    spec = importlib.util.spec_from_file_location("build_communes", REPO / "scripts" / "build_communes.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _at(text: str, name_start: str, department: str | None = None) -> tuple[str, str, str] | None:
    """longest_commune_at at the first occurrence of ``name_start``: (code, name, matched text)."""
    start = text.index(name_start)
    found = longest_commune_at(text, start, department)
    if found is None:
        return None
    commune, end = found
    return commune.code, commune.name, text[start:end]


# ------------------------------------------------------------------------------------------ loading


def test_nothing_is_read_at_import():
    code = "import ctglint.communes as c; assert c._table.cache_info().currsize == 0; c.find('Provin');" \
        "assert c._table.cache_info().currsize == 1"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    subprocess.run([sys.executable, "-c", code], check=True, env=env)


def test_data_notes_record_source_and_licence():
    notes = (REPO / "ctglint" / "data" / "COMMUNES.md").read_text(encoding="utf-8")
    assert "@etalab/decoupage-administratif" in notes and "6.0.0" in notes
    assert "Licence Ouverte" in notes and "MIT" in notes
    assert "scripts/build_communes.py" in notes


def _all_communes() -> list[tuple[str, Commune]]:
    """(match key, commune) for every key of the data file, read through its internals."""
    table = communes._table()
    pairs = []
    for name in sorted(table._spans):
        if name.startswith("keys:"):
            keys, refs, _ = table._keys_of(name[5:])
            assert keys == sorted(keys) and all(key.startswith(name[5:]) for key in keys)
            pairs += [(key, table.commune(refs[6 * j : 6 * j + 6])) for j, key in enumerate(keys)]
    rows = [row for name in table._spans if name.startswith("rows:") for row in table.member(name)]
    assert len(rows) == len(pairs) == len({(c.code, c.kind) for _, c in pairs}) > 37_000
    return pairs


def test_every_name_is_found_by_its_stored_key_and_in_text():
    for key, commune in _all_communes():
        assert communes.match_key(commune.name) == key, commune
        assert commune in find(commune.name), commune
        found = longest_commune_at(commune.name, 0, commune.department)
        assert found is not None and found[1] == len(commune.name), commune
        assert communes.match_key(found[0].name) == key


def test_every_code_siren_and_postal_code_is_found():
    for _, commune in _all_communes():
        coded = by_code(commune.code)
        assert coded == commune or (coded.kind == "commune-actuelle" != commune.kind), commune
        if commune.siren:
            assert by_siren(commune.siren) == commune, commune
        for postal_code in commune.postal_codes:
            assert commune in by_postal_code(postal_code), (commune, postal_code)
        for epci in epcis_of(commune.code):
            assert (commune.parent or commune.code) in epci.members, (commune, epci)


def test_stored_epci_keys():
    for line in communes._table().member("epci"):
        siren, _, name, key, _ = line.split("\t")
        assert communes._epci_key(name) == key
        assert siren in [e.siren for e in find_epci(name)]


# ---------------------------------------------------------------------------------------- communes


def test_provin():
    (provin,) = find("Provin")
    assert provin == Commune("59477", "Provin", "59", "215904772", ("59185",), None, "commune-actuelle")
    assert by_code("59477") == provin
    assert by_siren("215904772") == provin
    assert by_siren("215 904 772") == provin


def test_armentieres():
    (armentieres,) = find("ARMENTIERES")
    assert (armentieres.code, armentieres.siren, armentieres.department) == ("59017", "215900176", "59")
    assert armentieres.postal_codes == ("59280",)
    assert by_siren("215900176") == armentieres
    assert armentieres in by_postal_code("59280")


@pytest.mark.parametrize("spelling", ["Lys-lez-Lannoy", "Lys Lez Lannoy", "LYS-LEZ-LANNOY", "lys lez  lannoy"])
def test_spelling_variants(spelling):
    assert [c.code for c in find(spelling)] == ["59367"]


@pytest.mark.parametrize(
    ("spelling", "code"),
    [
        ("St-Amand-les-Eaux", "59526"),
        ("ST AMAND LES EAUX", "59526"),
        ("St. Amand-les-Eaux", "59526"),
        ("Ste-Marie-aux-Mines", "68298"),
        ("L’Haÿ-les-Roses", "94038"),
        ("L'HAY LES ROSES", "94038"),
        ("Château-Chinon Ville", "58062"),
    ],
)
def test_abbreviations_and_typography(spelling, code):
    assert [c.code for c in find(spelling)] == [code]


def test_match_key():
    assert communes.match_key("St-Étienne-du-Rouvray") == communes.match_key("Saint Etienne du Rouvray")
    assert communes.match_key("Ste Foy") == "sainte foy"
    assert communes.match_key("Château-Chinon (Ville)") == "chateau chinon ville"
    assert communes.match_key("Stenay") == "stenay"


def test_homonyms_and_department_filter():
    sainte_marie = find("Sainte-Marie")
    assert len(sainte_marie) >= 5
    assert len({c.department for c in sainte_marie}) == len(sainte_marie)
    assert [c.code for c in find("Sainte-Marie", "974")] == ["97418"]
    assert [c.code for c in find("Saint-Omer", "62")] == ["62765"]
    assert [c.code for c in find("Saint-Omer", "14")] == ["14635"]
    assert find("Provin", "62") == []
    assert [c.code for c in find("Ajaccio", "2a")] == ["2A004"]
    assert find("Bourg-en-Bresse", "1")[0].code == "01053"


def test_homonyms_current_communes_first_then_most_populous():
    assert [c.code for c in find("Saint-Denis")][:2] == ["97411", "93066"]  # 155,634 and 149,077 inhabitants
    beaulieu = find("Beaulieu")
    assert beaulieu[0].code == "34027"  # 2,264 inhabitants, the largest
    assert (beaulieu[-1].code, beaulieu[-1].kind, beaulieu[-1].parent) == ("14052", "commune-deleguee", "14061")
    assert all(c.kind == "commune-actuelle" for c in beaulieu[:-1])


def test_unknown_name_and_code():
    assert find("Gotham City") == []
    assert find("") == []
    assert by_code("00000") is None
    assert by_siren("123456789") is None
    assert by_postal_code("00000") == []
    assert epcis_of("00000") == []


def test_delegated_commune_mapped_to_its_current_commune():
    (arbignieu,) = find("Arbignieu")
    assert arbignieu.kind == "commune-deleguee" and arbignieu.parent == "01015" and arbignieu.siren is None
    current = by_code("01015")
    assert current.kind == "commune-actuelle" and current.name == "Arboys en Bugey" and current.parent is None
    assert epcis_of(arbignieu.code) == epcis_of("01015") != []


def test_associated_commune_with_its_own_code():
    (escaufourt,) = find("Escaufourt")
    assert escaufourt.kind == "commune-associee" and escaufourt.parent == "59545"
    assert by_code("02285") == escaufourt


def test_arrondissements_of_paris_lyon_marseille():
    first = by_code("13201")
    assert first.name == "Marseille 1er Arrondissement" and first.parent == "13055"
    assert first.kind == "arrondissement-municipal"
    assert [c.code for c in by_postal_code("75001")] == ["75056", "75101"]
    assert find("Lyon")[0].code == "69123"


def test_by_postal_code():
    codes = {c.code: c.name for c in by_postal_code("59390")}
    assert codes["59367"] == "Lys-lez-Lannoy"
    assert "Toufflers" in codes.values()
    assert by_postal_code(" 59390 ") == by_postal_code("59390")


# -------------------------------------------------------------------------------------------- EPCI


def test_epcis_of():
    (mel,) = epcis_of("59367")
    assert (mel.siren, mel.name, mel.kind) == (MEL, "Métropole Européenne de Lille", "METRO")
    assert "59367" in mel.members and "59477" in mel.members
    assert [e.siren for e in epcis_of("59477")] == [MEL]
    assert [e.siren for e in epcis_of("13201")] == [e.siren for e in epcis_of("13055")] != []


def test_epcis_of_grand_paris_commune_lists_metropole_then_ept():
    assert [(e.kind, e.name) for e in epcis_of("93001")] == [
        ("METRO", "Métropole du Grand Paris"),
        ("EPT", "Plaine Commune"),
    ]


@pytest.mark.parametrize(
    ("name", "siren"),
    [
        ("Métropole Européenne de Lille", MEL),
        ("METROPOLE EUROPEENNE DE LILLE", MEL),
        ("CC Pévèle-Carembault", "200041960"),
        ("Communauté de communes Pévèle Carembault", "200041960"),
        ("Communauté d'Agglomération Maubeuge Val de Sambre", "200043396"),
        ("CA Maubeuge-Val-de-Sambre", "200043396"),
    ],
)
def test_find_epci(name, siren):
    assert [e.siren for e in find_epci(name)] == [siren]


def test_find_epci_invents_no_alias():
    assert find_epci("MEL") == []


# ------------------------------------------------------------------------------ longest_commune_at


@pytest.mark.parametrize(
    ("text", "at", "expected"),
    [
        (
            "Vu la délibération du conseil municipal de la ville de PROVIN en date du 18 janvier 2023,",
            "PROVIN",
            ("59477", "Provin", "PROVIN"),
        ),
        (
            "La commune de Lys Lez Lannoy représentée par son Maire, Monsieur X,",
            "Lys",
            ("59367", "Lys-lez-Lannoy", "Lys Lez Lannoy"),
        ),
        (
            "Entre la Caisse d'allocations familiales du Nord et la commune d'Armentières, représentée par",
            "Armentières",
            ("59017", "Armentières", "Armentières"),
        ),
        (
            "La ville de Hem, représentée par son Maire en exercice,",
            "Hem",
            ("59299", "Hem", "Hem"),
        ),
        (
            "Le Maire de Hem-Lenglet certifie le caractère exécutoire",
            "Hem",
            ("59300", "Hem-Lenglet", "Hem-Lenglet"),
        ),
        (
            "la commune de HEM LENGLET, ci-après",
            "HEM",
            ("59300", "Hem-Lenglet", "HEM LENGLET"),
        ),
        (
            "Fait à Saint-Amand-les-Eaux, le 3 mars 2023",
            "Saint",
            ("59526", "Saint-Amand-les-Eaux", "Saint-Amand-les-Eaux"),
        ),
        (
            "Fait à St. Amand les Eaux le 3 mars",
            "St.",
            ("59526", "Saint-Amand-les-Eaux", "St. Amand les Eaux"),
        ),
        (
            "la commune de Lys\u00a0lez-\nLannoy.",
            "Lys",
            ("59367", "Lys-lez-Lannoy", "Lys\u00a0lez-\nLannoy"),
        ),
        (
            "La ville de Château-Chinon (Ville), Nièvre",
            "Château",
            ("58062", "Château-Chinon (Ville)", "Château-Chinon (Ville)"),
        ),
        (
            "la commune de Provin. Hem est une autre commune",
            "Provin",
            ("59477", "Provin", "Provin"),
        ),
    ],
)
def test_longest_commune_at(text, at, expected):
    assert _at(text, at) == expected


def test_longest_commune_at_decomposed_accents():
    text = "commune d'Armentie\u0300res, représentée"
    assert _at(text, "Armen") == ("59017", "Armentières", "Armentie\u0300res")


def test_longest_commune_at_needs_word_boundaries():
    assert _at("la Mairie de Hembert", "Hem") is None  # no commune « Hembert »; « Hem » must end a word
    assert _at("Mairie de XProvin", "Provin") is None  # start inside a word
    assert _at("conseil municipal du 12 mars", "conseil") is None
    assert longest_commune_at("Provin", 6, None) is None
    assert longest_commune_at("", 0, None) is None


def test_longest_commune_at_department():
    text = "le Maire de Saint-Omer, "
    assert _at(text, "Saint", "62")[0] == "62765"
    assert _at(text, "Saint", "14")[0] == "14635"
    assert _at("commune de Provin", "Provin", "62") is None
    # The longest name of the department wins: « Hem-Lenglet » is in 59, not in 80.
    assert _at("Mairie de Hem-Lenglet", "Hem", "80") is None
    assert _at("Mairie de Hem-Monacu", "Hem", "59") == ("59299", "Hem", "Hem")


# ---------------------------------------------------------------------------------------- builder


def _fake_package(path: Path, shuffle: int | None = None) -> Path:
    """A tarball shaped like the npm package, with a handful of real-looking rows."""
    communes_json = [
        {"code": "59477", "nom": "Provin", "type": "commune-actuelle", "departement": "59",
         "siren": "215904772", "codesPostaux": ["59185"], "population": 4428},
        {"code": "01015", "nom": "Arboys en Bugey", "type": "commune-actuelle", "departement": "01",
         "siren": "200053668", "codesPostaux": ["01300"], "population": 700},
        {"code": "01015", "nom": "Arbignieu", "type": "commune-deleguee", "departement": "01", "chefLieu": "01015"},
        {"code": "01016", "nom": "Arboys en Bugey", "type": "commune-deleguee", "departement": "01",
         "chefLieu": "01015"},
        {"code": "74010", "nom": "Annecy", "type": "commune-actuelle", "departement": "74",
         "siren": "200063402", "codesPostaux": ["74000", "74370"], "population": 130000},
        {"code": "74010", "nom": "Annecy", "type": "commune-deleguee", "departement": "74", "chefLieu": "74010"},
        {"code": "13201", "nom": "Marseille 1er Arrondissement", "type": "arrondissement-municipal",
         "departement": "13", "commune": "13055", "codesPostaux": ["13001"], "population": 37599},
        {"code": "13055", "nom": "Marseille", "type": "commune-actuelle", "departement": "13",
         "siren": "211300553", "codesPostaux": ["13001"], "population": 886040},
        {"code": "62765", "nom": "Saint-Omer", "type": "commune-actuelle", "departement": "62",
         "siren": "216207654", "codesPostaux": ["62500"], "population": 14000},
        {"code": "14635", "nom": "Saint-Omer", "type": "commune-actuelle", "departement": "14",
         "siren": "211406350", "codesPostaux": ["14220"], "population": 300},
    ]
    epci_json = [
        {"code": "200093201", "nom": "Métropole Européenne de Lille", "type": "METRO",
         "membres": [{"code": "59477"}]},
        {"code": "200040350", "nom": "CC Bugey Sud", "type": "CC", "membres": [{"code": "01015"}]},
    ]
    ept_json = [{"code": "200057867", "nom": "Plaine Commune", "type": "EPT", "membres": []}]
    if shuffle is not None:
        for data in (communes_json, epci_json):
            random.Random(shuffle).shuffle(data)
            for row in data:
                random.Random(shuffle).shuffle(row.get("codesPostaux", []))
    files = {
        "package/package.json": {"name": "@etalab/decoupage-administratif", "version": "6.0.0"},
        "package/data/communes.json": communes_json,
        "package/data/epci.json": epci_json,
        "package/data/ept.json": ept_json,
    }
    with tarfile.open(path, "w:gz") as tar:
        for name, content in files.items():
            data = json.dumps(content, ensure_ascii=False).encode("utf-8")
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def test_builder_is_deterministic_and_output_is_readable(tmp_path, monkeypatch):
    build = _builder().build
    one = build(_fake_package(tmp_path / "a.tgz"), tmp_path / "one").read_bytes()
    two = build(_fake_package(tmp_path / "b.tgz", shuffle=7), tmp_path / "two").read_bytes()
    assert one == two
    assert one[4:8] == b"\0\0\0\0"  # gzip MTIME
    header = gzip.decompress(one).decode("utf-8").split("\n", 1)[0]
    assert header.split("\t") == [communes.FORMAT, "@etalab/decoupage-administratif", "6.0.0", "9", "3"]
    notes = (tmp_path / "one" / "COMMUNES.md").read_text(encoding="utf-8")
    assert "6.0.0" in notes and "Licence Ouverte" in notes

    monkeypatch.setattr(communes, "_table", lambda: communes._Table(one))
    assert [c.code for c in find("Provin")] == ["59477"]
    assert [c.code for c in find("saint omer")] == ["62765", "14635"]  # most populous first
    assert [(c.code, c.kind) for c in find("Arboys-en-Bugey")] == [("01015", "commune-actuelle"),
                                                                  ("01016", "commune-deleguee")]
    assert [c.kind for c in find("Annecy")] == ["commune-actuelle"]  # same code and name as parent: dropped
    assert find("Arbignieu")[0].parent == "01015"
    assert by_code("01015").name == "Arboys en Bugey"
    assert [c.code for c in by_postal_code("13001")] == ["13055", "13201"]
    assert by_code("74010").postal_codes == ("74000", "74370")
    assert [e.name for e in epcis_of("01015")] == ["CC Bugey Sud"]
    assert [e.name for e in epcis_of("01016")] == ["CC Bugey Sud"]  # a delegated commune: its parent's
    assert [e.siren for e in find_epci("Communauté de communes Bugey-Sud")] == ["200040350"]
    assert longest_commune_at("Ville de Provin,", 9, None)[1] == 15


def _repo_tarball() -> Path | None:
    candidates = [os.environ.get("CTGLINT_COMMUNES_TARBALL"), REPO / "scripts" / TARBALL_NAME]
    return next((Path(c) for c in candidates if c and Path(c).is_file()), None)


def test_builder_reproduces_the_committed_file(tmp_path):
    tarball = _repo_tarball()
    if tarball is None:
        pytest.skip(f"{TARBALL_NAME} is not in the repository (scripts/) nor in $CTGLINT_COMMUNES_TARBALL")
    build = _builder().build
    first = build(tarball, tmp_path / "first").read_bytes()
    second = build(tarball, tmp_path / "second").read_bytes()
    assert first == second
    assert first == (REPO / "ctglint" / "data" / "communes.tsv.gz").read_bytes()
