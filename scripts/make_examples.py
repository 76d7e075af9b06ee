#!/usr/bin/env python3
"""Regenerate examples/*.docx (or, with --pdf, the PDFs) from examples/*.txt with a real office suite.

What it makes
    examples/<name>.docx for every examples/<name>.txt (the two seed conventions).
    With --pdf, instead: examples/<name>.pdf and the same file as tests/fixtures/pdf/<name>.pdf,
    plus four PDF fixtures in tests/fixtures/pdf/ (see « PDFs » below).

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

PDFs (--pdf)
    1. The same HTML rendering as the .docx, plus what published conventions carry on every
       page: a running header (a banner « CTG <Commune> <période> – Caf du Nord ») and a
       running footer « page N/M » (<div title="header"> / <div title="footer"> with
       LibreOffice <sdfield> page fields; each div is given twice, because LibreOffice's
       HTML import puts the first on right pages only and the second on left pages).
    2. soffice --convert-to pdf:writer_pdf_Export (Writer's « Export as PDF », default options).
    3. Checks with pypdf, independent of ctglint: every page starts with the header and ends
       with « page N/M »; the non-space characters of the pages (header and footer lines
       removed) are exactly those of the .txt once its markup is removed; every heading
       line of the .txt is in the text.
    4. Fixtures for the refusals, in tests/fixtures/pdf/:
       - scanned.pdf: page 1 of the Armentières PDF as a picture only (pdftoppm, poppler-utils:
         1-bit PNG at 100 dpi, put on a page by LibreOffice): no text layer at all;
       - encrypted.pdf: pages 1-2 of it encrypted by pypdf with a user password (RC4-128,
         which pypdf decrypts without the cryptography package): cannot be read;
       - restricted.pdf: the whole of it with an owner password only (empty user password,
         printing and copying disallowed): what « protected » published PDFs usually are;
         ctglint reads it;
       - armentieres-2023-2026-compact.pdf: the Armentières HTML with every paragraph's
         spacing set to 0 (inline styles: LibreOffice's HTML import ignores a <style> sheet
         for this), as many Word documents are: PDF text then has no paragraph gaps at all.

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
PDF_FIXTURES = EXAMPLES.parent / "tests" / "fixtures" / "pdf"
#: soffice --convert-to argument for each output type.
FILTERS = {"docx": "docx:MS Word 2007 XML", "pdf": "pdf:writer_pdf_Export"}
FOOTER_RE = re.compile(r"^page (\d+)/(\d+)$")
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


def txt_to_html(text: str, title: str, *, running: str | None = None) -> str:
    """The HTML page for ``text``; ``running``: a header banner, and a « page N/M » footer."""
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
    if running is not None:  # twice each: right pages, then left pages
        header = f'<div title="header"><p>{html.escape(running)}</p></div>'
        footer = ('<div title="footer"><p align="center">page <sdfield type=PAGE subtype=RANDOM '
                  'format=PAGE>1</sdfield>/<sdfield type=DOCSTAT subtype=PAGE format=PAGE>1</sdfield>'
                  '</p></div>')
        body = [header, header, *body, footer, footer]
    return ('<!DOCTYPE html>\n<html lang="fr">\n<head><meta charset="utf-8">'
            f"<title>{html.escape(title)}</title></head>\n<body>\n"
            + "\n".join(body) + "\n</body>\n</html>\n")


# --------------------------------------------------------------------------- HTML -> docx / pdf
def convert(htmls: list[Path], outdir: Path, workdir: Path, target: str = "docx") -> float:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        sys.exit("make_examples: soffice (LibreOffice) not found on PATH")
    profile = workdir / "profile"
    cmd = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
           "--norestore", "--nologo", "--infilter=HTML (StarWriter)",
           "--convert-to", FILTERS[target], "--outdir", str(outdir),
           *map(str, htmls)]
    start = time.monotonic()
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        print(f"make_examples: soffice timed out after {TIMEOUT}s", file=sys.stderr)
        sys.exit(2)
    elapsed = time.monotonic() - start
    missing = [h.stem for h in htmls if not (outdir / f"{h.stem}.{target}").is_file()]
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


def running_header(stem: str) -> str:
    """« CTG Lys Lez Lannoy 2021-2023 – Caf du Nord » from « lys-lez-lannoy-2021-2023 »."""
    words = stem.split("-")
    years = [w for w in words if w.isdigit()]
    name = " ".join(w.capitalize() for w in words if not w.isdigit())
    return f"CTG {name} {'-'.join(years)} – Caf du Nord"


def page_texts(pdf: Path) -> list[str]:
    import pypdf

    return [page.extract_text() for page in pypdf.PdfReader(pdf).pages]


def check_pdf(txt: Path, pdf: Path, header: str) -> bool:
    text = txt.read_text(encoding="utf-8")
    pages = page_texts(pdf)
    problems = []
    body: list[str] = []
    for number, page in enumerate(pages, start=1):
        lines = [x.strip() for x in page.splitlines() if x.strip()]
        footer = FOOTER_RE.match(lines[-1]) if lines else None
        if not lines or lines[0] != header or not footer or footer.groups() != (str(number), str(len(pages))):
            problems.append(f"page {number}: running header/footer missing")
            continue
        body.extend(lines[1:-1])
    plain = TAG_RE.sub("", text).replace("**", "")
    want = Counter(c for c in plain if not c.isspace())
    got = Counter(c for c in "".join(body) if not c.isspace())
    if got != want:
        problems.append(f"characters differ: missing {sorted((want - got).items())[:10]}, "
                        f"extra {sorted((got - want).items())[:10]}")
    flat = "".join("".join(body).split())  # a heading may wrap, even after a hyphen
    absent = [h for h in expected_headings(text) if "".join(h.split()) not in flat]
    if absent:
        problems.append(f"headings not found: {absent[:3]}")
    print(f"{pdf.name}: {len(pages)} pages, {sum(want.values())} characters, "
          f"{len(expected_headings(text))} headings: " + ("OK" if not problems else "FAILED: " + "; ".join(problems)))
    return not problems


def make_pdfs(txts: list[Path], work: Path, html_dir: Path | None) -> bool:
    htmls = []
    for txt in txts:
        page = txt_to_html(txt.read_text(encoding="utf-8"), txt.stem, running=running_header(txt.stem))
        htmls.append(work / f"{txt.stem}.html")
        htmls[-1].write_text(page, encoding="utf-8")
        if html_dir:
            html_dir.mkdir(parents=True, exist_ok=True)
            (html_dir / f"{txt.stem}.pdf.html").write_text(page, encoding="utf-8")
    elapsed = convert(htmls, work / "out", work, "pdf")
    print(f"soffice printed {len(htmls)} PDF(s) in {elapsed:.1f}s")
    PDF_FIXTURES.mkdir(parents=True, exist_ok=True)
    ok = True
    for txt in txts:
        made = work / "out" / f"{txt.stem}.pdf"
        ok = check_pdf(txt, made, running_header(txt.stem)) and ok
        for target in (EXAMPLES / made.name, PDF_FIXTURES / made.name):
            shutil.copyfile(made, target.with_suffix(".tmp"))
            target.with_suffix(".tmp").replace(target)
    source = PDF_FIXTURES / "armentieres-2023-2026.pdf"
    if source.is_file():
        ok = make_compact(EXAMPLES / "armentieres-2023-2026.txt", work) and ok
        ok = make_scanned(source, work) and ok
        ok = make_encrypted(source) and ok
    return ok


COMPACT = "margin-top:0cm;margin-bottom:0cm"


def make_compact(txt: Path, work: Path) -> bool:
    """The same convention with no space between paragraphs."""
    page = txt_to_html(txt.read_text(encoding="utf-8"), txt.stem, running=running_header(txt.stem))
    page = re.sub(r"<(p|h1|h2)>", rf'<\1 style="{COMPACT}">', page)
    page = re.sub(r'<p style="(margin-left:[0-9.]+cm)">', rf'<p style="\1;{COMPACT}">', page)
    folder = work / "compact"
    folder.mkdir()
    name = f"{txt.stem}-compact"
    (folder / f"{name}.html").write_text(page, encoding="utf-8")
    convert([folder / f"{name}.html"], folder, work, "pdf")
    target = PDF_FIXTURES / f"{name}.pdf"
    shutil.copyfile(folder / f"{name}.pdf", target)
    return check_pdf(txt, target, running_header(txt.stem))


def make_scanned(source: Path, work: Path) -> bool:
    """Page 1 as a 1-bit picture on a page of its own: a PDF with no text layer."""
    pdftoppm = shutil.which("pdftoppm")
    if not pdftoppm:
        print("make_examples: pdftoppm not found (apt-get install poppler-utils): "
              "scanned.pdf not made", file=sys.stderr)
        return False
    scan = work / "scan"
    scan.mkdir()
    subprocess.run([pdftoppm, "-f", "1", "-l", "1", "-r", "100", "-mono", "-png", str(source),
                    str(scan / "page")], check=True, timeout=TIMEOUT)
    png = next(scan.glob("page*.png"))
    (scan / "scanned.html").write_text(
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>scan</title></head><body>'
        f'<p><img src="{png.name}" width="620" height="877" alt=""></p></body></html>\n', encoding="utf-8")
    convert([scan / "scanned.html"], scan, work, "pdf")
    target = PDF_FIXTURES / "scanned.pdf"
    shutil.copyfile(scan / "scanned.pdf", target)
    import pypdf

    reader = pypdf.PdfReader(target)
    text = "".join(page.extract_text() for page in reader.pages)
    images = sum(len(page.images) for page in reader.pages)
    size = target.stat().st_size
    good = not text.strip() and images >= 1 and size < 200_000
    print(f"{target.name}: {len(reader.pages)} page(s), {images} image(s), {len(text.strip())} characters "
          f"of text, {size // 1024} KB: " + ("OK" if good else "FAILED"))
    return good


def make_encrypted(source: Path) -> bool:
    import pypdf
    from pypdf.constants import UserAccessPermissions as P

    reader = pypdf.PdfReader(source)
    locked = pypdf.PdfWriter()
    locked.append(reader, pages=(0, 2))
    locked.encrypt(user_password="ctglint-user", owner_password="ctglint-owner", algorithm="RC4-128")
    with open(PDF_FIXTURES / "encrypted.pdf", "wb") as handle:
        locked.write(handle)
    restricted = pypdf.PdfWriter(clone_from=reader)
    allowed = P.PRINT_TO_REPRESENTATION | P.R1 | P.R2 | P.R7 | P.R8
    restricted.encrypt(user_password="", owner_password="ctglint-owner", algorithm="RC4-128",
                       permissions_flag=allowed)
    with open(PDF_FIXTURES / "restricted.pdf", "wb") as handle:
        restricted.write(handle)
    good = True
    for name, opens in (("encrypted.pdf", False), ("restricted.pdf", True)):
        check = pypdf.PdfReader(PDF_FIXTURES / name)
        readable = bool(check.is_encrypted and check.decrypt(""))
        good = good and readable == opens
        print(f"{name}: encrypted, empty password {'opens it' if readable else 'refused'}: "
              + ("OK" if readable == opens else "FAILED"))
    return good


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("names", nargs="*", help="examples/*.txt to convert (default: all)")
    ap.add_argument("--html-dir", type=Path, help="also keep the intermediate HTML here")
    ap.add_argument("--pdf", action="store_true",
                    help="make the PDFs (examples/*.pdf, tests/fixtures/pdf/) instead of the .docx")
    args = ap.parse_args()
    txts = ([EXAMPLES / Path(n).name for n in args.names] if args.names
            else sorted(EXAMPLES.glob("*.txt")))
    if not txts or not all(t.is_file() for t in txts):
        ap.error(f"no such example(s): {[str(t) for t in txts if not t.is_file()]}")
    if args.pdf:
        with tempfile.TemporaryDirectory(prefix="ctglint-examples-") as tmp:
            (Path(tmp) / "out").mkdir()
            return 0 if make_pdfs(txts, Path(tmp), args.html_dir) else 1
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
