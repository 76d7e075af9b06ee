#!/usr/bin/env python3
"""Regenerate examples/*.docx from examples/*.txt with a real office suite.

What it makes
    examples/<name>.docx for every examples/<name>.txt (the two seed conventions).

Why
    ctglint reads Word drafts, and Word files written by a real word processor carry
    structure that a hand-rolled writer would not: paragraph styles for headings, real
    w:tbl tables (nested ones too), w:br line breaks, runs split at formatting changes.
    So the bundled .docx examples are made by LibreOffice, never by python-docx.

How
    1. Each .txt (text extracted from a PDF) becomes an HTML document:
       - blank lines separate blocks; « CONVENTION TERRITORIALE GLOBALE » lines are <h1>;
         ARTICLE N / Article N / ANNEXE N / « Préambule » lines are <h2>;
       - list-item lines (« - », « – », « • », « ▪ », « ► », « ● », « ➔ ») are one <p> each,
         glyph kept as text (indented ones get a left margin);
       - consecutive lines holding a TAB form one <table>: one <tr> per line, one <td> per
         TAB-separated cell, empty cells kept;
       - the extractor's HTML fragments (<table>, <tr>, <td>, <ul>, <li>, <p>, <i>, <u>)
         are inserted as real HTML (data-bbox dropped, unclosed tags closed at the end of
         the cell); a nested <table> is wrapped in a <div>, because LibreOffice 7.4's HTML
         import moves a table that opens a cell into the previous cell;
       - two tables separated only by blank lines get an empty paragraph between them
         (adjacent w:tbl elements would be one table to Word);
       - **x** becomes <b>x</b>; other consecutive lines form one <p> with <br> between them;
         everything else is escaped.
    2. soffice --headless --infilter="HTML (StarWriter)" --convert-to docx:"MS Word 2007 XML"
       with a private, throw-away profile (works as root, and next to other soffice runs).
       The StarWriter filter opens the HTML as a Writer text document, not a Writer/Web one.
    3. Each .docx is checked with python-docx: it has tables, its heading paragraphs are
       exactly the heading lines of the .txt, and its set of words (whitespace-separated
       tokens, so glyphs count) equals the .txt's once the markup is removed.
       Exit status 1 if a check fails, 2 if LibreOffice fails.

LibreOffice output is not byte-reproducible (dates, rsids); the HTML step is deterministic.

Usage: .venv/bin/python scripts/make_examples.py [--html-dir DIR] [--pdf] [NAME.txt ...]
"""
from __future__ import annotations

import argparse
import html
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import docx
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
TIMEOUT = 300  # seconds for one soffice run (a cold profile takes a few seconds)

TITLE_RE = re.compile(r"^CONVENTION TERRITORIALE GLOBALE\b")
HEADING_RE = re.compile(r"^(?:(?:ARTICLE|Article|ANNEXE)\s+\d+|Préambule\s*$)")
ITEM_RE = re.compile(r"^(\s*)[-–•▪►●➔](?:\s|$)")
TAG_RE = re.compile(r"<(/?)(table|tr|td|ul|li|p|i|u|b)\b([^>]*)>", re.IGNORECASE)
BLOCK_TAGS = {"table", "tr", "td", "ul", "li", "p"}
BOLD_RE = re.compile(r"\*\*(.+?)\*\*", re.DOTALL)


# --------------------------------------------------------------------------- txt -> HTML
def inline(text: str) -> str:
    """Escape text, keep the extractor's HTML tags as real (balanced) HTML."""
    out, stack, pos = [], [], 0
    for m in TAG_RE.finditer(text):
        out.append(html.escape(text[pos:m.start()], quote=False))
        pos = m.end()
        closing, name = m.group(1) == "/", m.group(2).lower()
        if not closing:
            attrs = re.sub(r'\s+data-bbox="[^"]*"', "", m.group(3)).rstrip()
            out.append(("<div>" if name == "table" else "") + f"<{name}{attrs}>")
            stack.append(name)
        elif name in stack:  # close what is open above it, then itself
            while stack:
                top = stack.pop()
                out.append(f"</{top}>" + ("</div>" if top == "table" else ""))
                if top == name:
                    break
    out.append(html.escape(text[pos:], quote=False))
    out.extend(f"</{t}>" + ("</div>" if t == "table" else "") for t in reversed(stack))
    return "".join(out)


def bold(fragment: str) -> str:
    return BOLD_RE.sub(r"<b>\1</b>", fragment)


def txt_to_html(text: str, title: str) -> str:
    body: list[str] = []
    plain: list[str] = []
    rows: list[str] = []

    def flush() -> None:
        if plain:
            body.append("<p>" + bold("<br>".join(inline(x) for x in plain)) + "</p>")
            plain.clear()
        if rows:
            trs = ("<tr>" + "".join(f"<td>{bold(inline(c))}</td>" for c in r.split("\t"))
                   + "</tr>" for r in rows)
            if body and body[-1].startswith("<table"):  # else Word merges the two tables
                body.append("<p><br></p>")  # LibreOffice drops an empty <p></p>
            body.append('<table border="1" cellpadding="4" width="100%">'
                        + "\n".join(trs) + "</table>")
            rows.clear()

    for line in text.splitlines():
        if not line.strip():
            flush()
        elif "\t" in line:
            if plain:
                flush()
            rows.append(line)
        else:
            if rows:
                flush()
            if TITLE_RE.match(line) or HEADING_RE.match(line):
                flush()
                tag = "h1" if TITLE_RE.match(line) else "h2"
                body.append(f"<{tag}>{bold(inline(line.strip()))}</{tag}>")
            elif m := ITEM_RE.match(line):
                flush()
                indent = len(m.group(1).expandtabs(4))
                style = f' style="margin-left:{0.6 * indent:.1f}cm"' if indent else ""
                body.append(f"<p{style}>{bold(inline(line.strip()))}</p>")
            else:
                plain.append(line)
    flush()
    return ('<!DOCTYPE html>\n<html lang="fr">\n<head><meta charset="utf-8">'
            f"<title>{html.escape(title)}</title></head>\n<body>\n"
            + "\n".join(body) + "\n</body>\n</html>\n")


# --------------------------------------------------------------------------- HTML -> docx
def convert(htmls: list[Path], outdir: Path, workdir: Path) -> float:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        sys.exit("make_examples: soffice (LibreOffice) not found on PATH")
    profile = workdir / "profile"
    cmd = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
           "--norestore", "--nologo", "--infilter=HTML (StarWriter)",
           "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(outdir),
           *map(str, htmls)]
    start = time.monotonic()
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        print(f"make_examples: soffice timed out after {TIMEOUT}s", file=sys.stderr)
        sys.exit(2)
    elapsed = time.monotonic() - start
    missing = [h.stem for h in htmls if not (outdir / f"{h.stem}.docx").is_file()]
    if proc.returncode or missing:
        print(proc.stdout, proc.stderr, sep="\n", file=sys.stderr)
        print(f"make_examples: soffice exit {proc.returncode}, missing {missing}",
              file=sys.stderr)
        sys.exit(2)
    return elapsed


# --------------------------------------------------------------------------- checks
def txt_words(text: str) -> Counter:
    text = TAG_RE.sub(lambda m: " " if m.group(2).lower() in BLOCK_TAGS else "", text)
    return Counter(text.replace("**", "").split())


def expected_headings(text: str) -> list[str]:
    return [" ".join(x.split()) for x in text.splitlines()
            if "\t" not in x and (TITLE_RE.match(x) or HEADING_RE.match(x))]


def check(txt: Path, docx_path: Path) -> bool:
    text = txt.read_text(encoding="utf-8")
    doc = docx.Document(str(docx_path))
    body = doc.element.body
    paras = [Paragraph(p, doc) for p in body.iter(qn("w:p"))]  # nested tables too
    got = Counter("\n".join(p.text for p in paras).split())
    want = txt_words(text)
    heads = [" ".join(p.text.split()) for p in doc.paragraphs
             if p.style.name.startswith(("Heading", "Titre"))]
    styles = sorted({p.style.name for p in doc.paragraphs
                     if p.style.name.startswith(("Heading", "Titre"))})
    nested = sum(1 for t in body.iter(qn("w:tbl")) if t.getparent() is not body)
    brs = sum(1 for _ in body.iter(qn("w:br")))
    problems = []
    if not doc.tables:
        problems.append("no table")
    if heads != expected_headings(text):
        problems.append(f"headings differ: {len(heads)} in docx, "
                        f"{len(expected_headings(text))} expected")
    if set(got) != set(want):
        problems.append(f"words missing {sorted(set(want) - set(got))[:20]}, "
                        f"extra {sorted(set(got) - set(want))[:20]}")
    counts = "" if got == want else (
        f" (word counts differ: {sorted((want - got).items())[:10]} / "
        f"{sorted((got - want).items())[:10]})")
    print(f"{docx_path.name}: {len(doc.paragraphs)} paragraphs, {len(heads)} headings "
          f"{styles}, {len(doc.tables)} tables + {nested} nested, {brs} w:br, "
          f"{len(want)} distinct words{counts}: "
          + ("OK" if not problems else "FAILED: " + "; ".join(problems)))
    return not problems


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("names", nargs="*", help="examples/*.txt to convert (default: all)")
    ap.add_argument("--html-dir", type=Path, help="also keep the intermediate HTML here")
    ap.add_argument("--pdf", action="store_true", help="reserved: PDFs are not built yet")
    args = ap.parse_args()
    txts = ([EXAMPLES / Path(n).name for n in args.names] if args.names
            else sorted(EXAMPLES.glob("*.txt")))
    if not txts or not all(t.is_file() for t in txts):
        ap.error(f"no such example(s): {[str(t) for t in txts if not t.is_file()]}")
    if args.pdf:
        print("make_examples: --pdf: PDFs are not built yet; making the .docx only")
    with tempfile.TemporaryDirectory(prefix="ctglint-examples-") as tmp:
        work = Path(tmp)
        (work / "out").mkdir()
        htmls = []
        for txt in txts:
            page = txt_to_html(txt.read_text(encoding="utf-8"), txt.stem)
            htmls.append(work / f"{txt.stem}.html")
            htmls[-1].write_text(page, encoding="utf-8")
            if args.html_dir:
                args.html_dir.mkdir(parents=True, exist_ok=True)
                (args.html_dir / htmls[-1].name).write_text(page, encoding="utf-8")
        elapsed = convert(htmls, work / "out", work)
        print(f"soffice converted {len(htmls)} file(s) in {elapsed:.1f}s")
        ok = True
        for txt in txts:
            target = EXAMPLES / f"{txt.stem}.docx"
            shutil.copyfile(work / "out" / f"{txt.stem}.docx", target.with_suffix(".tmp"))
            target.with_suffix(".tmp").replace(target)  # atomic for concurrent readers
            ok = check(txt, target) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
