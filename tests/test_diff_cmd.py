"""ctglint diff: section statuses and changed words on the seeds, .txt = .docx, versions, CLI, JSON schema."""
from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from conftest import ARMENTIERES, EXAMPLES, LYS
from ctglint.cli_diff import compute, diff
from ctglint.fr import normalize_for_compare

SEEDS = {"armentieres": ARMENTIERES, "lys": LYS}

#: What each seed changed in its template (section → words deleted, words inserted), from truth.json.
MODIFIED = {
    "armentieres": {
        "preamble": ("personne", "personnel"),
        "article 5": ("annexe 4", "annexes 4 et 5"),
    },
    "lys": {
        "parties": ("Ci-après dénommée « la Commune » ;", ""),
        "article 10": ("accord explicite", "expresse reconduction"),
        "article 11": ("", "La présente convention sera complétée de précisions ultérieures."),
        "annex 2": ("", "Les 2 comités s'appuieront sur des groupes techniques thématiques dont le nombre et la "
                        "composition seront variables selon les thèmes retenus et les territoires concernés."),
        "annex 6": None,  # its action sheets were moved under stray « ANNEXE 3 » headings
    },
}
ADDED = {"armentieres": [], "lys": ["annex 3", "annex 3"]}


def _schema() -> dict:
    return json.loads(resources.files("ctglint").joinpath("schema/diff.schema.json").read_text("utf-8"))


VALIDATOR = jsonschema.Draft202012Validator(_schema())


@cache
def views(path: str) -> tuple:
    return tuple(compute((path,)).views)


def statuses(vs) -> dict[str, str]:
    return {v.label: v.status for v in vs if v.status != "added"}


def changed_words(view) -> tuple[str, str]:
    """(deleted, inserted) text of a view's substantive changes, as comparison keys."""
    deleted, inserted = [], []
    for para in view.paragraphs:
        for p in para.pieces:
            if p.kind == "delete":
                deleted.append(p.text)
            elif p.kind == "insert":
                inserted.append(p.text)
    return normalize_for_compare(" ".join(deleted)), normalize_for_compare(" ".join(inserted))


def run(*args, **kwargs):
    return CliRunner().invoke(diff, [str(a) for a in args], catch_exceptions=False, **kwargs)


# --------------------------------------------------------------------------- the seeds against their template


@pytest.mark.parametrize("seed", SEEDS)
def test_every_changed_section_is_modified(seed):
    found = statuses(views(str(SEEDS[seed])))
    assert {label for label, status in found.items() if status == "modified"} == set(MODIFIED[seed])


@pytest.mark.parametrize(("seed", "label"), [(s, lab) for s, m in MODIFIED.items() for lab in m if m[lab]])
def test_the_changed_words(seed, label):
    (view,) = [v for v in views(str(SEEDS[seed])) if v.label == label and v.status == "modified"]
    deleted, inserted = MODIFIED[seed][label]
    assert changed_words(view) == (normalize_for_compare(deleted), normalize_for_compare(inserted))
    assert view.changes == 1


def test_lys_annex_6_lost_its_action_sheets_to_stray_annex_3_headings():
    vs = views(str(LYS))
    (annex6,) = [v for v in vs if v.label == "annex 6"]
    deleted, inserted = changed_words(annex6)
    assert inserted == "" and "action n ° 1 intitule" in deleted and annex6.words_deleted > 500
    added = [v for v in vs if v.status == "added"]
    assert [v.label for v in added] == ADDED["lys"]
    assert "action n ° 1 intitule" in changed_words(added[0])[1]


def _unmodified_sections():
    out = []
    for seed, path in SEEDS.items():
        for label, status in statuses(views(str(path))).items():
            if label not in MODIFIED[seed]:
                out.append(pytest.param(seed, label, id=f"{seed}-{label.replace(' ', '')}"))
    return out


@pytest.mark.parametrize(("seed", "label"), _unmodified_sections())
def test_slots_and_cosmetics_alone_are_not_modified(seed, label):
    (view,) = [v for v in views(str(SEEDS[seed])) if v.label == label and v.status != "added"]
    assert view.status in ("identical", "slots-only")
    assert not any(p.changed for p in view.paragraphs)


def test_a_missing_full_stop_is_cosmetic():
    # Lys article 6 lost the « . » after the (unfilled) commune slot: punctuation only.
    (view,) = [v for v in views(str(LYS)) if v.label == "article 6"]
    assert view.diff.status == "modified" and view.status == "slots-only"


def test_filled_slots_read_as_their_values():
    out = run(LYS, "--section", "parties", "--no-color").stdout
    assert "⟦commune : Lys Lez Lannoy⟧" in out
    assert "⟦maire : Monsieur Charles-Alexandre PROKOPOWICZ⟧" in out


def test_cosmetic_rewrite_of_a_whole_seed_changes_nothing(tmp_path):
    text = ARMENTIERES.read_text("utf-8")
    cosmetic = (text.replace("Ctg", "CTG").replace("'", "’").replace("▪", "•").replace(" ;", "\u00a0;")
                .replace("convention", "Convention").replace(", ", " , "))
    target = tmp_path / ARMENTIERES.name
    target.write_text(cosmetic, "utf-8")
    before = {v.label: (v.status, changed_words(v)) for v in views(str(ARMENTIERES))}
    after = {v.label: (v.status, changed_words(v)) for v in compute((str(target),)).views}
    assert after == before


# --------------------------------------------------------------------------- .txt and .docx


@pytest.mark.parametrize("name", ["armentieres-2023-2026", "lys-lez-lannoy-2021-2023"])
def test_txt_and_docx_give_the_same_statuses_and_words(name):
    txt = compute((str(EXAMPLES / f"{name}.txt"),)).views
    docx = compute((str(EXAMPLES / f"{name}.docx"),)).views

    def summary(vs):
        return [(v.label, v.status, changed_words(v)) for v in vs]

    assert summary(docx) == summary(txt)


@pytest.mark.parametrize("name", ["armentieres-2023-2026", "lys-lez-lannoy-2021-2023"])
def test_txt_against_docx_has_no_substantive_difference(name):
    result = run(EXAMPLES / f"{name}.txt", EXAMPLES / f"{name}.docx", "--no-color")
    assert result.exit_code == 0, result.stdout
    assert "aucune différence de fond" in result.stdout


# --------------------------------------------------------------------------- two versions


def test_versions_sent_and_returned(tmp_path):
    sent = ARMENTIERES.read_text("utf-8")
    returned = (sent.replace("par accord explicite", "par tacite reconduction")
                .replace("Il est convenu et arrêté ce qui suit :",
                         "Il est convenu et arrêté ce qui suit :\n\nLe présent texte annule la convention de 2020."))
    assert returned != sent
    old, new = tmp_path / "sent.txt", tmp_path / "returned.txt"
    old.write_text(sent, "utf-8")
    new.write_text(returned, "utf-8")
    result = run(old, new, "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    VALIDATOR.validate(data)
    assert data["mode"] == "versions" and data["old"] == {"kind": "document", "path": str(old), "format": "txt"}
    changed = {s["label"]: s for s in data["sections"] if s["status"] != "identical"}
    assert set(changed) == {"article 11", "preamble"}
    ops = [op for p in changed["article 11"]["paragraphs"] for op in p["operations"] if op["op"] != "equal"]
    assert [(op["op"], op["text"]) for op in ops] == [("delete", "accord explicite"), ("insert", "tacite reconduction")]
    assert ops[0]["old"]["line"] + 2 == ops[1]["new"]["line"]  # after the paragraph added above
    assert changed["preamble"]["words_inserted"] == 8 and changed["preamble"]["words_deleted"] == 0


def test_identical_versions_exit_0(tmp_path):
    result = run(ARMENTIERES, ARMENTIERES)
    assert result.exit_code == 0
    data = json.loads(run(ARMENTIERES, ARMENTIERES, "--format", "json").stdout)
    VALIDATOR.validate(data)
    assert data["summary"]["substantive"] is False and data["summary"]["identical"] == data["summary"]["sections"]


def test_diff_documents_keeps_diff_document_api():
    from ctglint import outline
    from ctglint.align import align
    from ctglint.diff import diff_documents
    from ctglint.ingest import read_document

    a, b = read_document(str(LYS)), read_document(str(EXAMPLES / "lys-lez-lannoy-2021-2023.docx"))
    outline.build(a)
    outline.build(b)
    diffs = diff_documents(a, b, align(a, b))
    assert diffs and all(d.template is not None and d.draft is not None for d in diffs)
    assert all(t.slot is None and t.block >= 0 for d in diffs for op in d.ops for t in op.template)


# --------------------------------------------------------------------------- rendering


def test_plain_text_marks_changes_visibly():
    result = run(ARMENTIERES)
    assert result.exit_code == 1
    out = result.stdout
    assert "\x1b[" not in out
    assert "chaque [-personne-] {+personnel+}, dès sa naissance" in out
    assert "figureront en [-annexe 4-] {+annexes 4 et 5+} de la présente convention" in out
    # the summary table comes first and names every section
    table = out[: out.index("Préambule  [")]
    assert "Article 5 – LES OBJECTIFS" in table
    assert table.count("identique") == 11 and "modifiée (−2 / +4 mots)" in table


def test_colour_output_uses_styles_not_markers():
    out = run(ARMENTIERES, "--color", "--section", "article 5").stdout
    assert "\x1b[" in out and "[-annexe 4-]" not in out
    assert "\x1b[9" in out or ";9m" in out  # struck through
    plain = re.sub(r"\x1b\[[0-9;]*m", "", out)
    assert "figureront en annexe 4 annexes 4 et 5 de la présente" in plain


def test_side_by_side():
    out = run(LYS, "--side-by-side", "--section", "article 10").stdout
    row = next(line for line in out.splitlines() if "[-accord" in line or "{+expresse" in line)
    assert "[-accord" in row and "{+expresse" in row  # one row, two columns
    assert "modèle caf-nord-2021" in out and "projet" not in row


def test_english():
    out = run(LYS, "--lang", "en", "--section", "parties").stdout
    assert "modified (−5 / +0 words)" in out and "Parties" in out


def test_section_option_accepts_french_names():
    for name in ("annexe 2", "Annexe 2", "annex 2", "ANNEXE N°2"):
        data = json.loads(run(LYS, "--section", name, "--format", "json").stdout)
        assert [s["label"] for s in data["sections"]] == ["annex 2"]
    data = json.loads(run(LYS, "--section", "préambule", "--section", "article 10", "--format", "json").stdout)
    assert [s["label"] for s in data["sections"]] == ["preamble", "article 10"]


def test_only_identical_sections_exit_0():
    assert run(ARMENTIERES, "--section", "article 1").exit_code == 0
    assert run(ARMENTIERES, "--section", "article 2").exit_code == 0  # slots only
    assert run(ARMENTIERES, "--section", "article 5").exit_code == 1


# --------------------------------------------------------------------------- JSON


@pytest.mark.parametrize("seed", SEEDS)
def test_json_validates_and_is_stable(seed):
    a = run(SEEDS[seed], "--format", "json").stdout
    assert a == run(SEEDS[seed], "--format", "json").stdout
    data = json.loads(a)
    VALIDATOR.validate(data)
    assert data["mode"] == "template" and data["old"]["kind"] == "template"
    by_status = {s["label"]: s["status"] for s in data["sections"] if s["status"] != "added"}
    assert {k for k, v in by_status.items() if v == "modified"} == set(MODIFIED[seed])
    assert data["summary"]["modified"] == len(MODIFIED[seed])


def test_json_operations_and_positions():
    data = json.loads(run(ARMENTIERES, "--format", "json", "--section", "article 5").stdout)
    VALIDATOR.validate(data)
    ops = [op for p in data["sections"][0]["paragraphs"] for op in p["operations"]]
    delete, insert = [op for op in ops if op["op"] in ("delete", "insert")]
    assert (delete["text"], insert["text"]) == ("annexe 4", "annexes 4 et 5")
    line = ARMENTIERES.read_text("utf-8").splitlines()[insert["new"]["line"] - 1]
    assert line[insert["new"]["column"] - 1: insert["new"]["end_column"] - 1] == "annexes 4 et 5"
    slots = json.loads(run(LYS, "--format", "json", "--section", "parties").stdout)
    VALIDATOR.validate(slots)
    filled = [op for p in slots["sections"][0]["paragraphs"] for op in p["operations"] if op["op"] == "slot"]
    assert {"op": "slot", "text": "Lys Lez Lannoy"}.items() <= filled[2].items()
    assert filled[2]["slot"] == [{"kind": "slot", "type": "commune", "name": "", "model": ""}]


def test_json_texts_rebuild_both_sides():
    data = json.loads(run(LYS, "--format", "json", "--section", "article 10").stdout)
    (para,) = data["sections"][0]["paragraphs"]
    ops = para["operations"]
    draft = "".join(op["text"] for op in ops if op["op"] != "delete")
    lines = LYS.read_text("utf-8").splitlines()
    assert draft == " ".join(" ".join(lines[ops[0]["new"]["line"] - 1:ops[-1]["new"]["end_line"]]).split())
    old = "".join(op["text"] for op in ops if op["op"] in ("equal", "delete"))
    assert old.endswith("ne peut être reconduite que par accord explicite.")


def test_schema_rejects_a_broken_document():
    data = json.loads(run(ARMENTIERES, "--format", "json", "--section", "article 5").stdout)
    data["sections"][0]["status"] = "changed"
    with pytest.raises(jsonschema.ValidationError):
        VALIDATOR.validate(data)


# --------------------------------------------------------------------------- output file, HTML, errors


def test_output_file_and_html(tmp_path):
    from lxml import etree

    out = tmp_path / "diff.html"
    result = run(LYS, "--format", "html", "-o", out)
    assert result.exit_code == 1 and result.stdout == ""
    root = etree.fromstring(out.read_bytes(), etree.XMLParser(resolve_entities=False, no_network=True))
    assert root.get("lang") == "fr"
    assert root.xpath("//del[.='accord explicite']") and root.xpath("//ins[.='expresse reconduction']")
    assert [p.name for p in tmp_path.iterdir()] == ["diff.html"]


@pytest.mark.parametrize(("args", "message"), [
    (["missing.txt"], "missing.txt"),
    ([str(ARMENTIERES), str(LYS), "extra.txt"], "give one DRAFT"),
    ([str(ARMENTIERES), str(LYS), "--template", "caf-nord-2023"], "--template"),
    ([str(ARMENTIERES), "--template", "nope"], "unknown template"),
    ([str(ARMENTIERES), "--section", "article 99"], "article 99"),
])
def test_errors_exit_2_with_one_line(args, message):
    result = run(*args)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and message in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_unreadable_inputs(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    fake = tmp_path / "fake.docx"
    fake.write_bytes(b"not a zip")
    for path in (empty, fake, tmp_path):
        result = run(path)
        assert result.exit_code == 2 and result.stderr.startswith(f"ctglint: {path}")
    assert run(ARMENTIERES, fake).exit_code == 2


def test_template_option(tmp_path):
    data = json.loads(run(ARMENTIERES, "--template", "caf-nord-2021", "--format", "json").stdout)
    assert data["old"]["id"] == "caf-nord-2021" and data["summary"]["modified"] > 2
    from ctglint.templates import builtin

    folder = next(t.path for t in builtin() if t.id == "caf-nord-2023")
    data = json.loads(run(ARMENTIERES, "--template", folder, "--format", "json").stdout)
    assert data["old"]["id"] == "caf-nord-2023"


def test_bench_snippet_runs():
    """The measured workload (README, « diffing a whole seed against its template ») stays fast."""
    import time

    from ctglint.check import CheckOptions, check_file
    from ctglint import diffview

    result = check_file(str(LYS), CheckOptions(rules=[], keep_document=True))
    start = time.perf_counter()
    vs = diffview.views_for_result(result)
    assert vs and time.perf_counter() - start < 5


def test_paths_in_text_header_are_the_given_ones():
    out = run(Path(ARMENTIERES), "--section", "article 1").stdout
    assert out.splitlines()[0].startswith(str(ARMENTIERES))
