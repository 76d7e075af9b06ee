"""``ctglint batch``: discovery, the worker pool (timeouts, crashes, memory cap), streamed outputs,
the dashboard's sort/filter logic (node) and page (headless Chromium), Ctrl-C, exit codes."""
from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import html as lxml_html

from cleanconv import with_facts
from conftest import EXAMPLES, validate_report
from ctglint.batch import (FINDING_COLUMNS, SUMMARY_COLUMNS, BatchSettings, _cell, discover, plan, report_names,
                           run_batch)
from ctglint.check import _glob
from ctglint.cli_batch import batch
from ctglint.report.dashboard import LOGIC_JS

# Communes of the Métropole Européenne de Lille (the EPCI the clean conventions name); some are
# ordinary words (Hem, Croix, Loos): they must be read in context only.
MEL = ("Roubaix", "Tourcoing", "Wattrelos", "Villeneuve-d'Ascq", "Lambersart", "Marcq-en-Barœul", "Croix", "Hem",
       "Loos", "Ronchin", "Faches-Thumesnil", "Wasquehal", "Mons-en-Barœul", "Haubourdin", "Halluin", "Comines",
       "Seclin", "Wambrechies", "Roncq", "Bondues", "Mouvaux", "Lesquin", "Wattignies", "Templemars", "Lys-lez-Lannoy")
MAYORS = ("Monsieur Jean DUPONT", "Madame Marie LEFEBVRE", "Madame Anne DELATTRE", "Monsieur Paul WILLEMS")


def draft(n: int, *, defect: bool = False) -> str:
    """The n-th clean convention of a synthetic batch (a leftover « XXX » with ``defect``)."""
    template = ("caf-nord-2023", "caf-nord-2021")[n % 2]
    first = (2022 + n % 4) if template == "caf-nord-2023" else (2019 + n % 4)
    last = first + (3 if template == "caf-nord-2023" else 2)
    text = with_facts(template, commune=MEL[n % len(MEL)], mayor=MAYORS[n % len(MAYORS)], first_year=first,
                      last_year=last, deliberation=f"12/12/{first - 1}", signature=f"15/01/{first}")
    if defect:
        text = text.replace(MAYORS[n % len(MAYORS)].split()[-1], "XXX", 1)
    return text


def broken_files(folder: Path) -> dict[str, str]:
    """A corrupt zip, a binary .txt and an empty file; name → expected error code."""
    zipped = (EXAMPLES / "armentieres-2023-2026.docx").read_bytes()
    (folder / "corrupt.docx").write_bytes(zipped[: len(zipped) // 2])
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (folder / "empty.txt").write_bytes(b"")
    return {"corrupt.docx": "corrupt", "binary.txt": "binary", "empty.txt": "empty"}


def invoke(*args) -> tuple[int, str]:
    raw = CliRunner().invoke(batch, [str(a) for a in args], catch_exceptions=False)
    return raw.exit_code, raw.stderr


def read_csv(path: Path) -> list[dict]:
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 BOM for Excel"
    return list(csv.DictReader(data[3:].decode("utf-8").splitlines(), delimiter=";"))


def results(out: Path) -> dict:
    data = json.loads((out / "results.json").read_text("utf-8"))
    validate_report(data)
    return data


# ---------------------------------------------------------------------------------------- acceptance

def test_batch_of_200_drafts_and_3_broken_files(tmp_path):
    corpus = tmp_path / "corpus"
    for n in range(200):
        sub = corpus / f"lot-{n // 50}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"{n:03d}.txt").write_text(draft(n, defect=n % 10 == 3), "utf-8")
    expected_errors = broken_files(corpus)
    out = tmp_path / "out"

    started = time.monotonic()
    code, stderr = invoke(corpus, "-o", out, "-j", "2")
    elapsed = time.monotonic() - started
    assert code == 2, stderr  # unreadable files → 2, like check

    report = results(out)
    assert report["summary"]["files"] == 203
    assert report["summary"]["unreadable"] == 3
    errors = {Path(f["path"]).name: f["error"]["code"] for f in report["files"] if f["error"]}
    assert errors == expected_errors
    for name in expected_errors:
        assert name in stderr
    # every defect found, no finding on the clean ones
    by_name = {Path(f["path"]).name: f for f in report["files"]}
    for n in range(200):
        codes = {x["code"] for x in by_name[f"{n:03d}.txt"]["findings"]}
        assert ("P001" in codes) == (n % 10 == 3), (n, codes)

    summary = read_csv(out / "summary.csv")
    assert list(summary[0]) == list(SUMMARY_COLUMNS)
    assert len(summary) == 203
    rows = {Path(r["path"]).name: r for r in summary}
    for n in (0, 7, 13, 42, 199):
        r = rows[f"{n:03d}.txt"]
        assert r["commune"] == MEL[n % len(MEL)]
        assert r["epci"] == "Métropole Européenne de Lille"
        assert r["template"] == ("caf-nord-2023", "caf-nord-2021")[n % 2]
        first = (2022 + n % 4) if n % 2 == 0 else (2019 + n % 4)
        assert r["period"] == f"{first}–{first + (3 if n % 2 == 0 else 2)}"
        assert r["report"] == f"reports/lot-{n // 50}__{n:03d}.txt.html"
        assert (out / r["report"]).is_file()
    assert rows["corrupt.docx"]["status"] == "unreadable" and rows["corrupt.docx"]["error_code"] == "corrupt"

    findings = read_csv(out / "findings.csv")
    assert list(findings[0]) == list(FINDING_COLUMNS)
    assert len(findings) == sum(len(f["findings"]) for f in report["files"])

    page = (out / "index.html").read_text("utf-8")
    assert page.count('<tr data-path="') == 203
    assert "http://" not in page and "https://" not in page and "src=" not in page
    assert LOGIC_JS in page  # the sort and filter logic tested in node (below) is the page's own
    print(f"\n200+3 files with -j 2: {elapsed:.1f} s")


def test_results_json_is_the_check_report(tmp_path, cli):
    corpus = tmp_path / "c"
    corpus.mkdir()
    for name in ("armentieres-2023-2026.txt", "lys-lez-lannoy-2021-2023.docx"):
        shutil.copyfile(EXAMPLES / name, corpus / name)
    (corpus / "sub").mkdir()
    (corpus / "sub" / "clean.txt").write_text(draft(1), "utf-8")
    broken_files(corpus / "sub")
    out = tmp_path / "out"
    code, _ = invoke(corpus, "-o", out, "-j", "2")
    assert code == 2
    checked = cli("check", corpus, "--format", "json")
    checked.json()
    assert (out / "results.json").read_text("utf-8") == checked.stdout


def test_outputs_are_byte_identical_whatever_the_number_of_workers(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    for n in range(6):
        (corpus / f"d{n}.txt").write_text(draft(n, defect=n == 2), "utf-8")
    shutil.copyfile(EXAMPLES / "lys-lez-lannoy-2021-2023.docx", corpus / "lys.docx")
    broken_files(corpus)
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        invoke(corpus, "-o", out, "-j", jobs)
        outputs.append({p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()})
    assert outputs[0].keys() == outputs[1].keys()
    assert not [name for name in outputs[0] if name.endswith(".tmp") or "/." in name or name.startswith(".")]
    for name in outputs[0]:
        assert outputs[0][name] == outputs[1][name], name


# ---------------------------------------------------------------------------------------- exit codes

def test_exit_codes(tmp_path):
    clean = tmp_path / "clean"
    clean.mkdir()
    (clean / "a.txt").write_text(draft(0), "utf-8")
    assert invoke(clean, "-o", tmp_path / "o1")[0] == 0
    (clean / "b.txt").write_text(draft(1, defect=True), "utf-8")
    assert invoke(clean, "-o", tmp_path / "o2")[0] == 1
    assert invoke(clean, "-o", tmp_path / "o2b", "--fail-on", "none")[0] == 0
    (clean / "c.txt").write_bytes(b"")
    assert invoke(clean, "-o", tmp_path / "o3")[0] == 2
    # usage errors: nothing is written
    (tmp_path / "file").write_text("x")
    assert invoke(clean, "-o", tmp_path / "file")[0] == 2
    assert invoke(clean, "-o", tmp_path / "o4", "--template", "no-such-template")[0] == 2
    assert not (tmp_path / "o4").exists()
    assert invoke(clean, "-o", tmp_path / "o5", "-j", "0")[0] == 2
    assert invoke("-o", tmp_path / "o6")[0] == 2


def test_workers_ignore_a_ctglint_folder_in_the_current_directory(tmp_path):
    """Regression: run from this repository's root, the workers imported the source tree's
    ``ctglint/`` (no rules in it) instead of the installed package: every file crashed them."""
    here = tmp_path / "repo"
    (here / "ctglint").mkdir(parents=True)
    (here / "ctglint" / "__init__.py").write_text("", "utf-8")  # importable, and nothing in it
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    (drafts / "a.txt").write_text(draft(1, defect=True), "utf-8")
    command = Path(sys.executable).parent / "ctglint"  # not ``python -m``: that reads the folder too
    if not command.exists():
        pytest.skip("no ctglint command next to this Python")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONSAFEPATH"}
    proc = subprocess.run([str(command), "batch", str(drafts), "-o", str(tmp_path / "out"), "-j", "1"],
                          cwd=here, capture_output=True, text=True, env=env)
    assert proc.returncode == 1, proc.stderr
    assert results(tmp_path / "out")["files"][0].get("error") is None


def test_missing_folder_is_an_error_row(tmp_path):
    code, stderr = invoke(tmp_path / "nope", "-o", tmp_path / "out")
    assert code == 2 and "nope" in stderr
    assert results(tmp_path / "out")["files"][0]["error"]["code"] == "not-found"


# ---------------------------------------------------------------------------------------- discovery

def test_discover_include_exclude_hidden_and_output_folder(tmp_path):
    root = tmp_path / "in"
    for rel in ("a.txt", "b.docx", "c.rtf", "notes.md", "archive/old.txt", "2023/x.odt", ".hidden/h.txt",
                "sub/.h.txt", "sub/keep.TXT", "out/reports/r.txt", "sub/y.ctglint.docx"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("x")
    names = lambda items: [Path(i.path).relative_to(root).as_posix() for i in items]  # noqa: E731
    assert names(discover([root], skip=root / "out")) == [
        "2023/x.odt", "a.txt", "archive/old.txt", "b.docx", "notes.md", "sub/keep.TXT"]
    assert names(discover([root], exclude=["archive"], skip=root / "out")) == [
        "2023/x.odt", "a.txt", "b.docx", "notes.md", "sub/keep.TXT"]
    assert names(discover([root], include=["*.txt", "*.TXT"], exclude=["sub/*"], skip=root / "out")) == [
        "a.txt", "archive/old.txt"]
    assert names(discover([root], include=["2023"], skip=root / "out")) == ["2023/x.odt"]
    items = discover([root], include=["*.rtf"])
    assert [i.problem.code for i in items] == ["no-supported-files"]
    # a file named twice is linted once; a named file is always taken
    assert names(discover([root / "a.txt", root / "a.txt", root / "c.rtf"])) == ["a.txt", "c.rtf"]


def test_glob():
    assert _glob("a/b/c.txt", "*.txt") and _glob("a/b/c.txt", "b") and _glob("a/b/c.txt", "a/b")
    assert _glob("a/b/c.txt", "a/*") and not _glob("a/b/c.txt", "c") and not _glob("a/b/c.txt", "b/c.txt")


def test_report_names_are_distinct_and_portable(tmp_path):
    from ctglint.batch import Input

    items = [Input("in/Lys-lez-Lannoy 2021.docx", "in"), Input("in/sub/Côté à l'Est.txt", "in"),
             Input("in/x/A.txt", "in"), Input("in/X/a.txt", "in"), Input("../../etc/passwd.txt"),
             Input("in/index.txt", "in"), Input("in/ééé.md", "in")]
    names = report_names(items)
    assert names[0] == "Lys-lez-Lannoy-2021.docx.html"
    assert names[1] == "sub__Cote-a-l-Est.txt.html"
    assert names[2] != names[3] and names[2].lower() != names[3].lower()
    assert names[4] == "passwd.txt.html"
    assert len(set(n.lower() for n in names)) == len(names)
    assert all("/" not in n and n.isascii() and not n.startswith(".") for n in names)


# ---------------------------------------------------------------------------------------- pool

def hostile_worker(task, config):
    """A worker function for the pool test: hangs, dies or eats memory on request."""
    from ctglint.batch_worker import lint_one

    name = os.path.basename(task.path)
    if name.startswith("hang"):
        time.sleep(600)
    if name.startswith("crash"):
        os.kill(os.getpid(), signal.SIGKILL)
    if name.startswith("hog"):
        bytearray(3 * 1024 ** 3)  # over the cap: MemoryError
    return lint_one(task, config)


def test_timeouts_crashes_and_memory_cap_become_error_rows(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    for name in ("a.txt", "crash.txt", "d.txt", "hang.txt", "hog.txt", "z.txt"):
        (corpus / name).write_text(draft(len(name)), "utf-8")
    out = tmp_path / "out"
    planned, blobs, lang = plan([str(corpus)], out)
    settings = BatchSettings(outdir=out, jobs=2, timeout=3, memory_limit=1024 ** 3, lang=lang,
                             target=f"{__name__}:hostile_worker")
    started = time.monotonic()
    outcome = run_batch(planned, blobs, settings)
    assert time.monotonic() - started < 30
    report = results(out)
    errors = {Path(f["path"]).name: (f["error"] or {}).get("code") for f in report["files"]}
    assert errors == {"a.txt": None, "crash.txt": "worker-crash", "d.txt": None, "hang.txt": "timeout",
                      "hog.txt": "too-large", "z.txt": None}
    assert outcome.exit_code == 2 and outcome.totals.unreadable == 3
    assert outcome.workers_started >= 4  # each lost worker was replaced
    assert "3 s" in next(f for f in report["files"] if f["path"].endswith("hang.txt"))["error"]["message"]


def test_workers_are_recycled(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    for n in range(5):
        (corpus / f"{n}.txt").write_text(draft(n), "utf-8")
    planned, blobs, lang = plan([str(corpus)], tmp_path / "out")
    outcome = run_batch(planned, blobs, BatchSettings(outdir=tmp_path / "out", jobs=1, max_tasks=2, lang=lang))
    assert outcome.workers_started == 3
    assert outcome.totals.documents == 5 and outcome.exit_code == 0


# ---------------------------------------------------------------------------------------- Ctrl-C

def test_ctrl_c_keeps_what_was_done(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    for n in range(80):
        (corpus / f"{n:02d}.txt").write_text(draft(n), "utf-8")
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-c", "from ctglint.cli_batch import batch; batch()", str(corpus), "-o", str(out), "-j", "1"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if (out / "reports").is_dir() and len(list((out / "reports").glob("*.html"))) >= 5:
            break
        time.sleep(0.1)
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=30)
    assert proc.returncode == 130, stderr
    report = results(out)
    done = report["summary"]["files"]
    assert 5 <= done < 80
    assert len(read_csv(out / "summary.csv")) == done
    page = (out / "index.html").read_text("utf-8")
    assert page.count('<tr data-path="') == done
    assert f"{done} document(s) traité(s) sur 80" in page
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


# ---------------------------------------------------------------------------------------- CSV

def test_csv_cells_are_safe_for_excel():
    assert _cell(None) == "" and _cell(3) == "3" and _cell(0.8964) == "0,896"
    assert _cell("=HYPERLINK(1)") == "'=HYPERLINK(1)" and _cell("- Vu la loi") == "'- Vu la loi"
    assert _cell("@x") == "'@x" and _cell("+33") == "'+33" and _cell("Armentières") == "Armentières"


# ---------------------------------------------------------------------------------------- dashboard logic (node)

NODE = shutil.which("node")
ROWS = [
    {"path": "a/b.txt", "commune": "Éperlecques", "epci": "CA X", "template": "t1", "period": "2023–2026",
     "errors": 2, "warnings": 0, "info": 0, "total": 2, "cats": {"placeholder": 2}, "codes": ["P001"],
     "status": "errors", "search": "a/b.txt eperlecques ca x t1 p001"},
    {"path": "a/c.txt", "commune": "", "epci": "", "template": "", "period": "", "errors": 0, "warnings": 0,
     "info": 0, "total": 0, "cats": {}, "codes": [], "status": "unreadable", "search": "a/c.txt empty"},
    {"path": "a/d.txt", "commune": "Armentières", "epci": "Métropole Européenne de Lille", "template": "t2",
     "period": "2021–2023", "errors": 0, "warnings": 3, "info": 1, "total": 4, "cats": {"template-drift": 3, "date": 1},
     "codes": ["T001", "D002"], "status": "warnings", "search": "a/d.txt armentieres metropole europeenne de lille"},
    {"path": "a/e.txt", "commune": "Zuydcoote", "epci": "CU Dunkerque", "template": "t1", "period": "2023–2026",
     "errors": 2, "warnings": 1, "info": 0, "total": 3, "cats": {"placeholder": 1, "date": 2}, "codes": ["P001", "D001"],
     "status": "errors", "search": "a/e.txt zuydcoote cu dunkerque p001"},
    {"path": "a/f.txt", "commune": "armentières", "epci": "", "template": "t1", "period": "2023–2026",
     "errors": 0, "warnings": 0, "info": 0, "total": 0, "cats": {}, "codes": [], "status": "clean",
     "search": "a/f.txt armentieres"},
]
CASES = [
    ({}, [0, 1, 2, 3, 4]),
    ({"sort": "path", "dir": "desc"}, [4, 3, 2, 1, 0]),
    # numbers; ties keep the rows' own order in both directions
    ({"sort": "errors", "dir": "desc"}, [0, 3, 1, 2, 4]),
    ({"sort": "errors", "dir": "asc"}, [1, 2, 4, 0, 3]),
    ({"sort": "total", "dir": "desc"}, [2, 3, 0, 1, 4]),
    # strings: case and accents folded; empty values last whatever the direction
    ({"sort": "commune"}, [2, 4, 0, 3, 1]),
    ({"sort": "commune", "dir": "desc"}, [3, 0, 2, 4, 1]),
    ({"sort": "epci", "dir": "desc"}, [2, 3, 0, 1, 4]),
    ({"sort": "period"}, [2, 0, 3, 4, 1]),
    ({"sort": "cat:date", "dir": "desc"}, [3, 2, 0, 1, 4]),
    # filters
    ({"status": "errors"}, [0, 3]),
    ({"status": "unreadable"}, [1]),
    ({"template": "t1", "sort": "errors", "dir": "desc"}, [0, 3, 4]),
    ({"category": "date"}, [2, 3]),
    ({"code": "P001"}, [0, 3]),
    ({"q": "ARMENTIÈRES"}, [2, 4]),
    ({"q": "  armentieres   lille "}, [2]),
    ({"q": "nothing-like-this"}, []),
    ({"q": "p001", "category": "date", "status": "errors"}, [3]),
]


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_dashboard_sort_and_filter_logic_in_node(tmp_path):
    (tmp_path / "logic.js").write_text(LOGIC_JS, "utf-8")
    script = tmp_path / "run.js"
    script.write_text("const {ctgView} = require('./logic.js');\n"
                      f"const rows = {json.dumps(ROWS, ensure_ascii=False)};\n"
                      f"const cases = {json.dumps([c for c, _ in CASES], ensure_ascii=False)};\n"
                      "console.log(JSON.stringify(cases.map(c => ctgView(rows, c))));\n", "utf-8")
    got = json.loads(subprocess.run([NODE, str(script)], capture_output=True, text=True, check=True).stdout)
    for (state, expected), actual in zip(CASES, got):
        assert actual == expected, state


# ---------------------------------------------------------------------------------------- dashboard in Chromium

CHROMIUM = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)), None)
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _dom(page: Path, fragment: str, profile: Path) -> lxml_html.HtmlElement:
    done = subprocess.run([CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--virtual-time-budget=3000",
                           "--dump-dom", f"{page.as_uri()}#{fragment}"],
                          capture_output=True, text=True, timeout=120)
    return lxml_html.fromstring(done.stdout)


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
def test_dashboard_sorts_and_filters_in_chromium(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    for n in range(8):
        (corpus / f"d{n}.txt").write_text(draft(n, defect=n in (2, 5)), "utf-8")
    shutil.copyfile(EXAMPLES / "armentieres-2023-2026.txt", corpus / "armentieres.txt")
    shutil.copyfile(EXAMPLES / "lys-lez-lannoy-2021-2023.txt", corpus / "lys.txt")
    broken_files(corpus)
    out = tmp_path / "out"
    invoke(corpus, "-o", out)
    page = out / "index.html"
    summary = {r["path"]: r for r in read_csv(out / "summary.csv")}

    def visible(dom):
        assert dom.body.get("data-ready") == "1", "the page's script ran to the end"
        return [tr.get("data-path") for tr in dom.get_element_by_id("docs-body") if tr.get("hidden") is None]

    with_errors = sorted((p for p, r in summary.items() if int(r["errors"])),
                         key=lambda p: (-int(summary[p]["errors"]), p))
    dom = _dom(page, "status=errors&sort=errors&dir=desc", tmp_path / "profile")
    assert visible(dom) == with_errors
    assert dom.xpath('//th[@data-sort="errors"]')[0].get("aria-sort") == "descending"
    assert dom.get_element_by_id("shown-count").text_content().startswith(f"{len(with_errors)} / 13")

    dom = _dom(page, "q=roubaix", tmp_path / "profile")
    assert [summary[p]["commune"] for p in visible(dom)] == ["Roubaix"]
    dom = _dom(page, "status=unreadable&sort=path&dir=desc", tmp_path / "profile")
    assert [Path(p).name for p in visible(dom)] == ["empty.txt", "corrupt.docx", "binary.txt"]
    dom = _dom(page, "", tmp_path / "profile")
    assert visible(dom) == sorted(summary)

    shot = tmp_path / "shot.png"
    subprocess.run([CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}", f"--screenshot={shot}",
                    "--window-size=1400,1800", page.as_uri()], capture_output=True, timeout=120)
    assert shot.stat().st_size > 20_000


# ---------------------------------------------------------------------------------------- per-document pages

def test_each_document_has_its_own_page(tmp_path):
    """Written by the HTML reporter (``ctglint check --format html``), byte for byte the same page
    (the reporter reuses the section diffs rule T001 computed)."""
    import io
    import pickle

    from ctglint.check import RunResult, check_file
    from ctglint.report import get

    corpus = tmp_path / "c"
    corpus.mkdir()
    shutil.copyfile(EXAMPLES / "lys-lez-lannoy-2021-2023.txt", corpus / "lys.txt")
    (corpus / "empty.txt").write_bytes(b"")
    out = tmp_path / "out"
    invoke(corpus, "-o", out)
    page = (out / "reports" / "lys.txt.html").read_text("utf-8")
    assert "P001" in page and "lys.txt" in page
    assert 'href="reports/lys.txt.html"' in (out / "index.html").read_text("utf-8")
    assert (out / "reports" / "empty.txt.html").is_file()
    planned, blobs, lang = plan([str(corpus)], out)
    options = pickle.loads(blobs[planned[1].options_key])._replace(keep_document=True)
    result = check_file(planned[1].item.path, options)
    expected = io.StringIO()
    get("html").render(RunResult([result]), expected, lang=lang, color=False)
    assert page == expected.getvalue()
