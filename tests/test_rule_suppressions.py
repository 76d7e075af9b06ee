"""Suppression directives (text and Word comments) and C001 unused-suppression."""
from __future__ import annotations

from docx import Document as WordDocument

from conftest import lint

SIGNATURE = "ARTICLE 1 – OBJET\n\nTexte.\n\n{}Fait à Lille le XXX\n\nCette convention comporte X pages.\n"


def codes_lines(found):
    return [(f.code, f.line) for f in found]


def test_ignore_next_block():
    plain = lint(SIGNATURE.format(""), select=("P001", "C001"))
    assert codes_lines(plain) == [("P001", 5), ("P001", 7)]
    found = lint(SIGNATURE.format("<!-- ctglint: ignore P001 -->\n"), select=("P001", "C001"))
    assert codes_lines(found) == [("P001", 8)]  # only the next block is silenced


def test_disable_file():
    found = lint("<!-- ctglint: disable-file leftover-placeholder -->\n\n" + SIGNATURE.format(""),
                 select=("P001", "C001"))
    assert found == []


def test_unused_and_unknown_directives_are_reported():
    text = "<!-- ctglint: ignore P001 -->\nFait à Lille le 18 mars 2023\n\n<!-- ctglint: ignore Q999 -->\nTexte.\n"
    found = lint(text, select=("P001", "C001"))
    assert codes_lines(found) == [("C001", 1), ("C001", 4)]


def test_directive_for_a_rule_that_did_not_run_is_not_judged():
    text = "<!-- ctglint: ignore P001 -->\nFait à Lille le 18 mars 2023\n"
    assert lint(text, select=("C001",)) == []


def test_plain_html_comments_are_invisible():
    found = lint("<!-- note de travail : XXX -->\nTexte.\n", select=("P001",))
    assert found == []


def _docx_with_comment(tmp_path, comment: str):
    doc = WordDocument()
    doc.add_paragraph("ARTICLE 1 – OBJET")
    doc.add_paragraph("Texte.")
    para = doc.add_paragraph("Fait à Lille le ")
    run = para.add_run("XXX")
    doc.add_paragraph("Cette convention comporte X pages.")
    doc.add_comment([run], text=comment, author="Service juridique", initials="SJ")
    path = tmp_path / "draft.docx"
    doc.save(path)
    return path


def test_word_comment_suppresses_in_its_range(cli, tmp_path):
    path = _docx_with_comment(tmp_path, "ctglint: ignore P001 (date fixée à la signature)")
    report = cli("check", "--format", "json", "--select", "P001,C001", path).json()
    assert [(f["code"], f["excerpt"]) for f in report["files"][0]["findings"]] == [("P001", "X")]


def test_unused_word_comment_is_reported(cli, tmp_path):
    path = _docx_with_comment(tmp_path, "ctglint: ignore I001")
    report = cli("check", "--format", "json", "--select", "P001,I001,C001", path).json()
    assert ("C001", 3) in {(f["code"], f["line"]) for f in report["files"][0]["findings"]}
