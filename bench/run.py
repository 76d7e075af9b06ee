"""``make bench``: how fast is ctglint, as whole processes, and where does the time go.

Builds a synthetic corpus (:mod:`bench.corpus`) in a temporary folder, then measures:

- ``ctglint check`` on one .txt and on the same text as .docx (median of ``--runs`` process runs,
  wall time including start-up), for a seed example and for a generated clean convention;
- ``ctglint batch`` over 100 and 1,000 documents with ``-j 1`` and ``-j 2``: documents per
  second (wall) and per CPU-second, and peak memory of the whole process tree;
- ``ctglint diff`` on a seed, when the command exists;
- a profile of one check in-process (stages, rules, import time).

Each measured command runs under a small wrapper that makes itself the child subreaper
(``PR_SET_CHILD_SUBREAPER``), so that every descendant (the batch's fork server and its workers)
is reaped by it: its ``getrusage(RUSAGE_CHILDREN)`` then gives the CPU time of the whole tree and
the peak RSS of its largest process. The tree's total memory is sampled from /proc every
``--sample`` seconds (sum of RSS, and of PSS, which counts shared pages once). CPU time used by
other processes during a run (this machine is shared) is reported too: wall-clock figures are
only meaningful when it is near zero.

Writes ``bench/results.md``.
"""
from __future__ import annotations

import argparse
import cProfile
import importlib.util
import io
import json
import os
import platform
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402

BIN = Path(sys.executable).parent
CTGLINT = [str(BIN / "ctglint")] if (BIN / "ctglint").exists() else [sys.executable, "-m", "ctglint"]
HZ = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100

# Runs ``argv`` as a child, reaps every descendant (child subreaper), prints the tree's rusage.
_WRAPPER = r"""
import ctypes, json, os, resource, subprocess, sys, time
try:
    ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
except Exception:
    pass
start = time.perf_counter()
proc = subprocess.Popen(sys.argv[2:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
rc = proc.wait()
wall = time.perf_counter() - start
while True:  # orphaned grandchildren (a fork server) come back to us
    try:
        os.wait()
    except ChildProcessError:
        break
u = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(sys.argv[1], "w") as out:
    json.dump({"rc": rc, "wall": wall, "user": u.ru_utime, "sys": u.ru_stime, "maxrss_kb": u.ru_maxrss}, out)
"""


# ------------------------------------------------------------------------------------------ machine

def machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    try:
        commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain"], capture_output=True,
                               text=True).stdout.strip()
        commit += " (with uncommitted changes)" if dirty else ""
    except OSError:
        commit = "unknown"
    from ctglint import __version__

    return {"nproc": os.cpu_count(), "cpu": cpu, "ram": ram, "python": platform.python_version(),
            "platform": platform.platform(), "ctglint": __version__, "commit": commit}


def _busy_jiffies() -> int:
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
        user, nice, system, idle, iowait, irq, softirq, steal = (int(x) for x in fields[:8])
        return user + nice + system + irq + softirq + steal
    except (OSError, ValueError):
        return 0


def _loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


# ------------------------------------------------------------------------------------------ memory sampling

def _children_map() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        kids.setdefault(ppid, []).append(int(entry.name))
    return kids


def _tree_memory(root: int) -> tuple[int, int]:
    """(sum of RSS, sum of PSS) in KiB of ``root`` and its descendants."""
    kids = _children_map()
    todo, rss, pss = [root], 0, 0
    while todo:
        pid = todo.pop()
        todo.extend(kids.get(pid, ()))
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Rss:"):
                    rss += int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss += int(line.split()[1])
        except OSError:
            continue
    return rss, pss


#: Environment of the measured commands. ``cached``: Python may write and read bytecode caches (kept
#: in the benchmark's temporary folder, never in the source tree), as after a regular ``pip install``;
#: ``as-is``: this shell's environment (here PYTHONDONTWRITEBYTECODE=1: ctglint's modules are compiled
#: from source by every process).
ENVS: dict[str, dict | None] = {"as-is": None}


def cached_env(folder: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(folder)
    return env


#: Before each measured run, wait up to this many seconds for the machine to be idle (``--wait-idle``).
WAIT_IDLE = 0.0
#: Folder the measured processes run in: not the repository root, where ``python -c``/``-m`` would
#: import the source tree's ``ctglint/`` (which lacks ``ctglint.rules``) instead of the installed one.
RUN_DIR: Path | None = None


def wait_idle(limit: float, busy_cores: float = 0.15, window: float = 2.0) -> float:
    """Wait until other processes use less than ``busy_cores`` cores over ``window`` seconds (at most
    ``limit`` seconds); the time waited."""
    start = time.monotonic()
    while time.monotonic() - start < limit:
        before = _busy_jiffies()
        time.sleep(window)
        if (_busy_jiffies() - before) / HZ / window < busy_cores:
            break
    return time.monotonic() - start


def measure(argv: list[str], sample: float | None = None, env: dict | None = None) -> dict:
    """Run ``argv`` under the wrapper; wall time, tree CPU, peak memory, other processes' CPU."""
    if WAIT_IDLE:
        wait_idle(WAIT_IDLE)
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as tmp:
        report = tmp.name
    busy0, load0 = _busy_jiffies(), _loadavg()
    proc = subprocess.Popen([sys.executable, "-c", _WRAPPER, report, *argv], env=env, cwd=RUN_DIR)
    peak = [0, 0]
    stop = threading.Event()

    def sampler():
        while not stop.wait(sample):
            rss, pss = _tree_memory(proc.pid)
            peak[0], peak[1] = max(peak[0], rss), max(peak[1], pss)

    thread = threading.Thread(target=sampler, daemon=True) if sample else None
    if thread:
        thread.start()
    proc.wait()
    stop.set()
    if thread:
        thread.join()
    data = json.loads(Path(report).read_text())
    os.unlink(report)
    busy = (_busy_jiffies() - busy0) / HZ
    data.update(tree_rss_kb=peak[0], tree_pss_kb=peak[1], load_before=load0, load_after=_loadavg(),
                other_cpu=max(0.0, busy - data["user"] - data["sys"]))
    return data


def median_wall(argv: list[str], runs: int, env: dict | None = None) -> dict:
    walls, cpus, others = [], [], []
    for _ in range(runs):
        m = measure(argv, env=env)
        walls.append(m["wall"])
        cpus.append(m["user"] + m["sys"])
        others.append(m["other_cpu"])
    return {"median": statistics.median(walls), "min": min(walls), "max": max(walls), "rc": m["rc"],
            "cpu": statistics.median(cpus), "other_cpu": statistics.median(others)}


# ------------------------------------------------------------------------------------------ profile

def profile(txt: Path, docx: Path) -> str:
    """Where the time of one check goes, in-process (after imports and template loading)."""
    from ctglint import engine, outline, templates
    from ctglint.align import align
    from ctglint.check import CheckOptions, check_file
    from ctglint.ingest import read_document
    from ctglint.rule import Context

    clock = time.process_time  # CPU time: less disturbed by other processes than wall time
    rules = [r() for r in engine.select_rules([])]
    options = CheckOptions(rules=rules)
    for path in (txt, docx):
        check_file(str(path), options)  # warm caches
    lines = ["| stage | .txt (ms) | .docx (ms) |", "| --- | ---: | ---: |"]
    stages: dict[str, list[float]] = {}
    per_rule: dict[str, list[float]] = {}
    for path in (txt, docx):
        reps = 5
        acc: dict[str, float] = {}
        rule_acc: dict[str, float] = {}
        for _ in range(reps):
            t0 = clock()
            doc = read_document(str(path))
            t1 = clock()
            outline.build(doc)
            t2 = clock()
            template, _score = templates.best_match(doc, templates.resolve(None, ()))
            t3 = clock()
            alignment = align(template.document, doc)
            t4 = clock()
            ctx = Context(document=doc, template=template, alignment=alignment, facts={})
            for r in rules:
                if r.after_suppressions:
                    continue
                s = clock()
                list(r.check(ctx))
                rule_acc[r.code] = rule_acc.get(r.code, 0.0) + clock() - s
            t5 = clock()
            for k, v in (("read", t1 - t0), ("outline", t2 - t1), ("template match", t3 - t2), ("align", t4 - t3),
                         ("rules (all)", t5 - t4), ("total", t5 - t0)):
                acc[k] = acc.get(k, 0.0) + v
        for k, v in acc.items():
            stages.setdefault(k, []).append(v / reps * 1000)
        for k, v in rule_acc.items():
            per_rule.setdefault(k, []).append(v / reps * 1000)
    for k, (a, b) in stages.items():
        lines.append(f"| {k} | {a:.1f} | {b:.1f} |")
    lines += ["", "Rules, in engine order, sharing their facts as in a run (the first rule to ask for a shared "
              "computation — section diffs, date facts, signatory — pays for it):", "",
              "| rule | .txt (ms) | .docx (ms) |", "| --- | ---: | ---: |"]
    for k, (a, b) in sorted(per_rule.items(), key=lambda kv: -kv[1][0]):
        lines.append(f"| {k} | {a:.1f} | {b:.1f} |")

    pr = cProfile.Profile()
    pr.enable()
    for _ in range(5):
        check_file(str(txt), options)
    pr.disable()
    buffer = io.StringIO()
    stats = pstats.Stats(pr, stream=buffer)
    stats.sort_stats("tottime").print_stats(18)
    text = buffer.getvalue()
    text = text[text.find("ncalls"):] if "ncalls" in text else text
    text = text.replace(str(ROOT) + "/", "").replace(str(Path(sys.prefix)) + "/", "")
    lines += ["", "cProfile of 5 checks of the .txt, by own time (top 18):", "", "```", text.rstrip(), "```"]

    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "ctglint", "check", str(txt), "--format", "json"],
                          capture_output=True, text=True, env=ENVS.get("cached"), cwd=RUN_DIR)
    if done.returncode not in (0, 1):
        raise SystemExit(f"bench: the import-time run failed ({done.returncode}): {done.stderr[-500:]}")
    imports = done.stderr.splitlines()
    rows = []
    for line in imports:
        if line.startswith("import time:") and "|" in line:
            parts = [p.strip() for p in line[len("import time:"):].split("|")]
            if parts[0].isdigit():
                rows.append((int(parts[1]), int(parts[0]), parts[2]))
    total = sum(own for _, own, _ in rows)
    ours = sum(own for _, own, name in rows if name.strip().startswith("ctglint"))
    rows.sort(reverse=True)
    lines += ["", f"`python -X importtime -m ctglint check {txt.name} --format json` (bytecode cached): "
              f"{total / 1000:.0f} ms of imports in all, {ours / 1000:.0f} ms of it in ctglint's own modules "
              "(self time); largest cumulative (µs):", "",
              "| module | cumulative | self |", "| --- | ---: | ---: |"]
    for cum, own, name in rows[:18]:
        lines.append(f"| `{name.strip()}` | {cum} | {own} |")
    by_self = sorted(((own, name.strip()) for _, own, name in rows if name.strip().startswith("ctglint")),
                     reverse=True)[:10]
    lines += ["", "ctglint modules by self time (µs): " + ", ".join(f"`{n}` {o}" for o, n in by_self)]
    return "\n".join(lines)


def worker_profile(folder: Path, outdir: Path) -> str:
    """CPU time per document of what a batch worker does, on the first documents of the corpus."""
    from ctglint import batch_worker as bw
    from ctglint.batch import plan
    from ctglint.check import RunResult, check_file
    from ctglint.report.json import to_dict

    clock = time.process_time
    (outdir / "reports").mkdir(parents=True, exist_ok=True)
    planned, blobs, lang = plan([str(folder)], outdir)
    planned = [p for p in planned if p.item.problem is None][:100]
    config = bw.WorkerConfig(outdir=str(outdir), lang=lang)
    bw.warm_up()
    acc = {"check_file (rules)": 0.0, "facts (commune, EPCI, period)": 0.0, "HTML page": 0.0,
           "JSON entry + row": 0.0}
    for p in planned:
        task = bw.Task(0, p.item.path, p.report, p.options_key, blobs[p.options_key])
        options = bw._options(task)
        t0 = clock()
        result = check_file(task.path, options)
        t1 = clock()
        facts = bw.document_facts(result) if result.document is not None else {}
        t2 = clock()
        bw._write_page(result, task.report, config, facts)
        t3 = clock()
        bw.row_facts(to_dict(RunResult([result]), lang)["files"][0])
        t4 = clock()
        for key, value in zip(acc, (t1 - t0, t2 - t1, t3 - t2, t4 - t3)):
            acc[key] += value
    n = max(len(planned), 1)
    total = sum(acc.values())
    lines = [f"What a batch worker spends per document (CPU ms, mean over the first {n} documents of the corpus; "
             "the page and the facts reuse what the rules computed):", "",
             "| step | ms | share |", "| --- | ---: | ---: |"]
    for key, value in acc.items():
        lines.append(f"| {key} | {value / n * 1000:.1f} | {value / total:.0%} |")
    lines.append(f"| total | {total / n * 1000:.1f} | |")
    return "\n".join(lines)


# ------------------------------------------------------------------------------------------ main

def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=7, help="process runs per check timing (median)")
    ap.add_argument("--sizes", default="100,1000", help="batch sizes")
    ap.add_argument("--jobs", default="1,2", help="worker counts")
    ap.add_argument("--sample", type=float, default=0.25, help="memory sampling period (s)")
    ap.add_argument("--out", type=Path, default=HERE / "results.md")
    ap.add_argument("--keep", action="store_true", help="keep the temporary corpus and outputs")
    ap.add_argument("--wait-idle", type=float, default=0.0, metavar="SECONDS",
                    help="before each run, wait up to this long for other processes to leave the CPU alone")
    ap.add_argument("--skip-checks", action="store_true", help="only the batch runs (and the profile)")
    args = ap.parse_args()
    global WAIT_IDLE, RUN_DIR
    WAIT_IDLE = args.wait_idle
    sizes = [int(s) for s in args.sizes.split(",")]
    jobs = [int(j) for j in args.jobs.split(",")]

    info = machine()
    work = RUN_DIR = Path(tempfile.mkdtemp(prefix="ctglint-bench-"))
    print(f"corpus in {work}", file=sys.stderr)
    try:
        t = time.perf_counter()
        kinds = corpus.build(work / "corpus", max(sizes))
        build_time = time.perf_counter() - t
        print(f"corpus: {dict(kinds)} in {build_time:.1f} s", file=sys.stderr)
        # one .txt and the same text as .docx, twice: a seed (LibreOffice .docx) and a generated clean one
        pairs = [(corpus.EXAMPLES / "armentieres-2023-2026.txt", corpus.EXAMPLES / "armentieres-2023-2026.docx")]
        import random

        clean, _ = corpus.clean_text(random.Random(1), "Roubaix", "Métropole Européenne de Lille")
        (work / "clean.txt").write_text(clean, "utf-8")
        corpus.write_docx(clean, work / "clean.docx")
        pairs.append((work / "clean.txt", work / "clean.docx"))

        ENVS["cached"] = cached_env(work / "pycache")
        for env in ENVS.values():  # warm the bytecode cache (and the OS file cache)
            measure([*CTGLINT, "check", str(pairs[0][0])], env=env)
            measure([*CTGLINT, "check", str(pairs[0][1])], env=env)
        checks = []
        for mode in () if args.skip_checks else ("cached", "as-is"):
            env = ENVS[mode]
            checks.append((mode, "python -c pass", median_wall([sys.executable, "-c", "pass"], args.runs, env)))
            checks.append((mode, "python -c 'import ctglint.cli'",
                           median_wall([sys.executable, "-c", "import ctglint.cli"], args.runs, env)))
            for txt, docx in pairs:
                for path in (txt, docx):
                    for extra in ([], ["--format", "json"]):
                        m = median_wall([*CTGLINT, "check", str(path), *extra], args.runs, env)
                        checks.append((mode, " ".join(["ctglint", "check", path.name, *extra]), m))
                        print(f"check [{mode}] {path.name} {extra}: {m['median']:.3f} s", file=sys.stderr)
            pdf = corpus.EXAMPLES / "armentieres-2023-2026.pdf"  # PDF input (pypdf is in the test extra)
            if pdf.is_file() and importlib.util.find_spec("pypdf") is not None:
                m = median_wall([*CTGLINT, "check", str(pdf)], args.runs, env)
                checks.append((mode, f"ctglint check {pdf.name}", m))
                print(f"check [{mode}] {pdf.name}: {m['median']:.3f} s", file=sys.stderr)

        batch_cmd = [*CTGLINT, "batch"]
        batches = []
        for size in sizes:
            folder = work / "corpus" if size == max(sizes) else work / f"corpus-{size}"
            if size != max(sizes):
                corpus.build(folder, size)  # the same seed: the first documents of the big corpus
            for j in jobs:
                out = work / f"out-{size}-j{j}"
                argv = [*batch_cmd, str(folder), "-o", str(out), "-j", str(j)]
                m = measure(argv, sample=args.sample, env=ENVS["cached"])
                n = json.loads((out / "results.json").read_text("utf-8"))["summary"]["files"]
                m.update(size=size, jobs=j, files=n)
                batches.append(m)
                print(f"batch {size} -j {j}: {m['wall']:.1f} s, {n / m['wall']:.1f} docs/s, "
                      f"PSS {m['tree_pss_kb'] / 1024:.0f} MiB, other CPU {m['other_cpu']:.1f} s", file=sys.stderr)
                if not args.keep:
                    shutil.rmtree(out)

        seed = corpus.EXAMPLES / "armentieres-2023-2026.txt"
        diff = (f"ctglint diff {seed.name}", median_wall([*CTGLINT, "diff", str(seed)], max(5, args.runs // 2),
                                                        ENVS["cached"]))
        prof = profile(*pairs[1]) + "\n\n" + worker_profile(work / "corpus", work / "worker-profile")
        write(args.out, info, kinds, build_time, checks, batches, batch_cmd, diff, prof, args)
        print(f"written {args.out}", file=sys.stderr)
    finally:
        if args.keep:
            print(f"kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)


def write(path: Path, info, kinds, build_time, checks, batches, batch_cmd, diff, prof, args):
    L = ["# ctglint benchmark", "",
         f"Generated by `bench/run.py` (`make bench`) on {time.strftime('%Y-%m-%d %H:%M')}.", "",
         "## Machine", "",
         f"- {info['nproc']} CPU(s): {info['cpu']}; RAM {info['ram']}",
         f"- Python {info['python']} ({info['platform']}); ctglint {info['ctglint']} at {info['commit']}", "",
         "The machine may be shared: *other CPU* is the CPU time (core-seconds) that processes outside the "
         "measured tree used during a run, from /proc/stat. Wall-clock figures are only clean when it is near 0; "
         "CPU figures (user + system time of the measured process tree) suffer much less from sharing."
         + (f" Each run waited (up to {args.wait_idle:g} s) for the machine to be idle first." if args.wait_idle else ""),
         "",
         "## Corpus", "",
         f"{sum(kinds.values())} documents built in {build_time:.1f} s by `bench/corpus.py`: "
         + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())) + ". Smaller sets are the first documents of "
         "the same corpus (same seed).", "",
         f"## `ctglint check`: one file, whole process (median of {args.runs} runs, wall time incl. start-up)", "",
         "*cached*: Python keeps bytecode caches (in the benchmark's temporary folder), as after a regular "
         "`pip install`. *as-is*: this shell's environment; where it sets `PYTHONDONTWRITEBYTECODE=1` (this "
         "sandbox does) every process compiles ctglint's modules from source.", "",
         "| bytecode | command | median wall (s) | min | max | CPU (s) | exit | other CPU (s) |",
         "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for mode, cmd, m in checks:
        L.append(f"| {mode} | `{cmd}` | {m['median']:.3f} | {m['min']:.3f} | {m['max']:.3f} | {m['cpu']:.3f} | "
                 f"{m['rc']} | {m['other_cpu']:.2f} |")
    by = {(mode, cmd): m["median"] for mode, cmd, m in checks}
    ratios = []
    for mode in ("cached", "as-is"):
        imports = by.get((mode, "python -c 'import ctglint.cli'"))
        if imports is None:
            continue
        for a, b in (("armentieres-2023-2026.txt", "armentieres-2023-2026.docx"), ("clean.txt", "clean.docx"),
                     ("armentieres-2023-2026.txt", "armentieres-2023-2026.pdf")):
            ta, tb = by.get((mode, f"ctglint check {a}")), by.get((mode, f"ctglint check {b}"))
            if ta and tb:
                net_a, net_b = ta - imports, tb - imports
                ratios.append(f"- {mode}: `{b}` / `{a}`: {tb / ta:.2f}× whole process; "
                              f"{net_b / max(net_a, 1e-9):.2f}× after subtracting the import time of `ctglint.cli`")
    L += ["", "Targets: one .txt ≤ 0.15 s; a .docx ≤ 2× the same .txt.", "", *ratios, ""]
    L += ["## `ctglint batch`", "", "Command lines (OUTDIR is a fresh folder each time):", "", "```"]
    shown = " ".join(batch_cmd)
    for m in batches:
        L.append(f"{shown} CORPUS-{m['size']} -o OUTDIR -j {m['jobs']}")
    L += ["```", "",
          "| documents | -j | wall (s) | docs/s | CPU (s) | docs per CPU-s | peak tree PSS (MiB) | peak tree RSS (MiB) "
          "| largest process RSS (MiB) | exit | other CPU (s) | load before → after |",
          "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
    for m in batches:
        cpu = m["user"] + m["sys"]
        L.append(f"| {m['files']} | {m['jobs']} | {m['wall']:.1f} | {m['files'] / m['wall']:.1f} | {cpu:.1f} | "
                 f"{m['files'] / cpu:.1f} | {m['tree_pss_kb'] / 1024:.0f} | {m['tree_rss_kb'] / 1024:.0f} | "
                 f"{m['maxrss_kb'] / 1024:.0f} | {m['rc']} | {m['other_cpu']:.1f} | {m['load_before']} → {m['load_after']} |")
    L.append("")
    index = {(m["size"], m["jobs"]): m for m in batches}
    sizes = sorted({m["size"] for m in batches})
    jobs = sorted({m["jobs"] for m in batches})
    for size in sizes:
        if (size, 1) in index and (size, 2) in index:
            a, b = index[(size, 1)], index[(size, 2)]
            L.append(f"- {size} documents: -j 2 gives {(b['files'] / b['wall']) / (a['files'] / a['wall']):.2f}× "
                     "the throughput of -j 1 (target ≥ 1.6×).")
    if len(sizes) >= 2:
        small, big = sizes[0], sizes[-1]
        for j in jobs:
            if (small, j) in index and (big, j) in index:
                a, b = index[(small, j)], index[(big, j)]
                L.append(f"- -j {j}: peak memory for {big} vs {small} documents: "
                         f"{b['tree_pss_kb'] / max(a['tree_pss_kb'], 1):.2f}× (tree PSS), "
                         f"{b['tree_rss_kb'] / max(a['tree_rss_kb'], 1):.2f}× (tree RSS), "
                         f"{b['maxrss_kb'] / max(a['maxrss_kb'], 1):.2f}× (largest process) (target ≤ 1.5×).")
    if (sizes[-1], 1) in index:
        m = index[(sizes[-1], 1)]
        L.append(f"- Per core (-j 1, {m['files']} documents): {m['files'] / m['wall']:.1f} documents/s wall, "
                 f"{m['files'] / (m['user'] + m['sys']):.1f} per CPU-second (target ≥ 80).")
    cmd, m = diff
    L += ["", "## `ctglint diff`", "",
          f"`{cmd}` (bytecode cached): median {m['median']:.3f} s (min {m['min']:.3f}, max {m['max']:.3f}, "
          f"CPU {m['cpu']:.3f} s, exit {m['rc']}, other CPU {m['other_cpu']:.2f} s)."]
    L += ["", "## Where the time of one check goes (in-process, warm caches, CPU time, mean of 5)", "", prof, ""]
    path.write_text("\n".join(L), "utf-8")


if __name__ == "__main__":
    main()
