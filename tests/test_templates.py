"""Reference templates: loading, listing, choosing, user folders, and the section alignment."""
from __future__ import annotations

import shutil

import pytest

from ctglint import outline, templates
from ctglint.align import align
from ctglint.ingest.text import read_text

from conftest import ARMENTIERES, LYS


def _doc(text: str, name: str = "d.txt"):
    return outline.build(read_text(name, text.encode("utf-8")))


def test_builtin_templates_and_their_structure():
    by_id = {t.id: t for t in templates.builtin()}
    assert set(by_id) == {"caf-nord-2021", "caf-nord-2023"}
    assert [s.number for s in by_id["caf-nord-2023"].articles] == list(range(1, 16))
    assert [s.number for s in by_id["caf-nord-2021"].articles] == list(range(1, 15))
    assert [a.number for a in by_id["caf-nord-2021"].annexes] == [1, 2, 3, 4, 5, 6]
    for t in by_id.values():
        assert t.instructions, t.id
        assert any(seg.type == "commune" for _, seg in t.slots)


@pytest.mark.parametrize("seed,expected", [(ARMENTIERES, "caf-nord-2023"), (LYS, "caf-nord-2021")])
def test_seed_is_matched_to_its_model(cli, seed, expected):
    report = cli("check", "--format", "json", seed).json()
    template = report["files"][0]["template"]
    assert template["id"] == expected
    assert 0.5 < template["score"] <= 1


def test_templates_command_lists_both(cli):
    result = cli("templates")
    assert result.exit_code == 0
    assert "caf-nord-2023" in result.stdout and "15 articles" in result.stdout
    assert "caf-nord-2021" in result.stdout and "14 articles" in result.stdout


def test_template_option_by_id_forces_the_choice(cli):
    report = cli("check", "--format", "json", "--template", "caf-nord-2021", ARMENTIERES).json()
    assert report["files"][0]["template"]["id"] == "caf-nord-2021"


def test_user_template_folder(cli, tmp_path):
    """A Caf adds its own model as a folder, without Python."""
    src = templates.builtin_folders()[0]
    folder = tmp_path / "ma-caf"
    shutil.copytree(src, folder)
    manifest = (folder / "manifest.toml").read_text("utf-8")
    (folder / "manifest.toml").write_text(manifest.replace(f'id = "{src.name}"', 'id = "ma-caf-2024"'), "utf-8")
    report = cli("check", "--format", "json", "--template", folder, ARMENTIERES).json()
    assert report["files"][0]["template"]["id"] == "ma-caf-2024"


def test_unknown_template_or_broken_folder_exit_2(cli, tmp_path):
    assert cli("check", "--template", "nope", ARMENTIERES).exit_code == 2
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "manifest.toml").write_text("id = [unclosed", "utf-8")
    (broken / "template.txt").write_text("ARTICLE 1 – OBJET\n", "utf-8")
    result = cli("check", "--template", broken, ARMENTIERES)
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def _template(tid: str):
    return next(t for t in templates.builtin() if t.id == tid)


def _articles_text(doc) -> dict[int, str]:
    return {s.number: s.title for s in doc.sections_of("article")}


def _pairs(template, doc):
    return [(p.template.number if p.template else None, p.draft.number if p.draft else None)
            for p in align(template.document, doc).pairs if (p.template or p.draft).kind == "article"]


def _without_article(text: str, number: int) -> str:
    """The seed text with article ``number`` cut out and the following ones renumbered."""
    import re

    lines = text.split("\n")
    out, skipping = [], False
    for line in lines:
        m = re.match(r"^ARTICLE (\d+)(\s*[-–].*)$", line)
        if m:
            n = int(m.group(1))
            skipping = n == number
            if n > number:
                line = f"ARTICLE {n - 1}{m.group(2)}"
        elif line.startswith("Fait à"):
            skipping = False
        if not skipping:
            out.append(line)
    return "\n".join(out)


def test_alignment_survives_a_missing_and_renumbered_article():
    t = _template("caf-nord-2023")
    doc = _doc(_without_article(ARMENTIERES.read_text("utf-8"), 4))
    pairs = _pairs(t, doc)
    assert (4, None) in pairs
    assert (5, 4) in pairs and (15, 14) in pairs
    assert all(a == b for a, b in pairs if a is not None and b is not None and a < 4)


def test_alignment_survives_an_extra_article():
    t = _template("caf-nord-2023")
    text = ARMENTIERES.read_text("utf-8").replace(
        "ARTICLE 9 - COMMUNICATION",
        "ARTICLE 9 - MOBILITÉ DES JEUNES\n\nLa commune organise un service de transport à la demande pour les "
        "lycéens des quartiers éloignés.\n\nARTICLE 9 - COMMUNICATION")
    pairs = _pairs(t, _doc(text))
    assert (None, 9) in pairs
    assert (9, 9) in pairs and (15, 15) in pairs


def test_alignment_pairs_fixed_parts_by_kind():
    t = _template("caf-nord-2021")
    doc = outline.build(read_text(str(LYS), LYS.read_bytes()))
    kinds = {(p.template.label if p.template else None): (p.draft.label if p.draft else None)
             for p in align(t.document, doc).pairs}
    for kind in ("cover", "parties", "visas", "preamble", "signature"):
        assert kinds[kind] == kind
    assert kinds["annex 1"] == "annex 1"
