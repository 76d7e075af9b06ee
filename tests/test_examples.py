"""The bundled examples: .docx made by LibreOffice read like their .txt."""
from __future__ import annotations

import pytest

from conftest import EXAMPLES, SEEDS, findings

PAIRS = ["armentieres-2023-2026", "lys-lez-lannoy-2021-2023"]


def test_example_texts_are_the_seeds():
    for name in PAIRS:
        assert (EXAMPLES / f"{name}.txt").read_bytes() == (SEEDS / f"{name}.txt").read_bytes()


@pytest.mark.parametrize("name", PAIRS)
def test_docx_gives_same_codes_and_excerpts_as_txt(cli, name):
    txt = cli("check", "--format", "json", EXAMPLES / f"{name}.txt").json()
    docx = cli("check", "--format", "json", EXAMPLES / f"{name}.docx").json()
    assert docx["files"][0]["format"] == "docx"
    assert docx["files"][0]["template"]["id"] == txt["files"][0]["template"]["id"]
    as_pairs = lambda r: sorted((f["code"], f["excerpt"], f["section"]) for f in findings(r))  # noqa: E731
    assert as_pairs(docx) == as_pairs(txt)
    assert findings(txt)


@pytest.mark.parametrize("name", PAIRS)
def test_docx_outline_matches_txt(name):
    from ctglint import outline
    from ctglint.ingest import read_document

    txt = outline.build(read_document(str(EXAMPLES / f"{name}.txt")))
    docx = outline.build(read_document(str(EXAMPLES / f"{name}.docx")))
    assert [s.label for s in docx.sections] == [s.label for s in txt.sections]
