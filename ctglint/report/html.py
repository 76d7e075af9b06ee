"""The HTML report: one self-contained page (inline CSS, no script, no external asset).

For each document: its findings, the clauses that differ from the template (inline
word diffs), and the draft's whole text with every finding highlighted in place; the
list and the text link to each other. Markup is built as escaped strings
(:mod:`ctglint.markup`): the page is well-formed XML as well as HTML, and every piece of
text taken from a document is escaped. It prints well (``@media print``).
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from ctglint.check import FileResult, RunResult
from ctglint.diffview import html_legend, html_section, html_summary, view_for_block, views_for_result
from ctglint.findings import Finding, Severity
from ctglint.i18n import label, section_label
from ctglint.markup import Markup, el, join

# No "<", ">" or "&" in here: they would be escaped inside <style>.
CSS = """
:root { --err: #b00020; --warn: #8a5300; --info: #005f79; --line: #d9dce1; --muted: #5f6368; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 76rem; padding: 1.5rem 2rem 4rem; color: #1f2328; background: #fff;
  font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.3rem; margin: 2.5rem 0 .25rem; padding-bottom: .3rem; border-bottom: 2px solid #1f2328;
  overflow-wrap: anywhere; }
h3 { font-size: 1.1rem; margin: 1.8rem 0 .6rem; }
h4 { font-size: 1rem; margin: 1.2rem 0 .4rem; }
p { margin: .3rem 0; }
.meta, .fold, .legend { color: var(--muted); }
.legend del, .legend ins, .legend .slot { padding: 0 .2rem; }
nav ul { margin: .5rem 0; padding-left: 1.2rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
th, td { text-align: left; vertical-align: top; padding: .35rem .5rem; border-bottom: 1px solid var(--line); }
th { font-size: .85rem; text-transform: uppercase; letter-spacing: .03em; color: var(--muted); }
.num { text-align: right; width: 4rem; color: var(--muted); font-variant-numeric: tabular-nums; }
table.findings td:first-child { white-space: nowrap; font-variant-numeric: tabular-nums; }
table.findings td.msg { width: 60%; }
.rule-name { color: var(--muted); font-size: .85em; white-space: nowrap; }
code { font: .9em ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; }
.badge { display: inline-block; padding: 0 .45rem; border-radius: 3px; color: #fff; font-size: .8em;
  font-weight: 600; white-space: nowrap; }
.badge.sev-error { background: var(--err); }
.badge.sev-warning { background: var(--warn); }
.badge.sev-info { background: var(--info); }
.excerpt { color: #3c4043; font-style: italic; }
.expected { color: #0a5d0a; }
.suggestion { color: var(--info); }
.details { font-size: .92em; margin-top: .2rem; }
.sev-count-error { color: var(--err); font-weight: 600; }
.sev-count-warning { color: var(--warn); font-weight: 600; }
.error-box { border-left: 4px solid var(--err); background: #fdecee; padding: .6rem 1rem; }
mark { color: inherit; border-radius: 2px; padding: 0 1px; }
mark a { color: inherit; text-decoration: none; }
mark.sev-error { background: #ffd3d8; box-shadow: inset 0 -2px 0 var(--err); }
mark.sev-warning { background: #ffe8b0; box-shadow: inset 0 -2px 0 var(--warn); }
mark.sev-info { background: #d4eef8; box-shadow: inset 0 -2px 0 var(--info); }
sup.ref { font-size: .68em; line-height: 0; margin-left: 1px; }
sup.ref a { color: var(--muted); text-decoration: none; }
del { background: #ffe1e1; color: #8d0a0a; text-decoration: line-through; }
ins { background: #d9f4d9; color: #0b5a0b; text-decoration: none; }
.slot { background: #e7f0fb; color: #0d3c6b; border-radius: 3px; }
.slot-name { color: #4b6f95; font-size: .85em; }
.slot-empty { background: #fbe6f3; color: #7b1d5b; }
.diff-section { border: 1px solid var(--line); border-radius: 6px; padding: .2rem 1rem .6rem; margin: .8rem 0; }
.diff-para { white-space: pre-wrap; overflow-wrap: anywhere; }
.status { font-size: .8rem; font-weight: 600; white-space: nowrap; }
.st-identical .status, td.st-identical { color: var(--muted); font-weight: 400; }
.st-slots-only .status, td.st-slots-only { color: #0d3c6b; }
.st-modified .status, td.st-modified { color: var(--warn); }
.st-missing .status, td.st-missing { color: var(--err); }
.st-added .status, td.st-added { color: #0b5a0b; }
.doc { border: 1px solid var(--line); border-radius: 6px; padding: .5rem 1rem 1rem; }
.doc h4 { margin: 1.2rem 0 .3rem; color: var(--muted); font-size: .85rem; text-transform: uppercase;
  letter-spacing: .04em; border-bottom: 1px dashed var(--line); }
.blk { display: flex; gap: .8rem; margin: .15rem 0; }
.ln { flex: 0 0 3rem; text-align: right; color: #9aa0a6; font-size: .8rem; padding-top: .15rem;
  font-variant-numeric: tabular-nums; user-select: none; }
.txt { flex: 1 1 auto; min-width: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
.blk.heading .txt { font-weight: 600; }
.blk.stamp .txt { color: #80868b; font-style: italic; font-size: .9em; }
:target { outline: 2px solid #1a73e8; outline-offset: 2px; }
tr:target { outline: none; background: #e8f0fe; }
footer { margin-top: 3rem; color: var(--muted); font-size: .85rem; }
@media print {
  @page { margin: 1.5cm; }
  body { max-width: none; padding: 0; font-size: 10pt; }
  nav, .noprint { display: none; }
  section.file + section.file { break-before: page; }
  h2, h3, h4 { break-after: avoid; }
  tr, .blk, .diff-para { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  .doc, .diff-section { border: none; padding: 0; }
  mark, del, ins, .slot, .badge, .error-box { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  ins { text-decoration: underline; }
  :target { outline: none; }
}
"""


def page(title: str, lang: str, body: Sequence[Markup]) -> str:
    """A whole page around ``body``."""
    head = el("head", None,
              el("meta", {"charset": "utf-8"}),
              el("meta", {"name": "viewport", "content": "width=device-width, initial-scale=1"}),
              el("meta", {"name": "generator", "content": "ctglint"}),
              el("title", None, title),
              el("style", None, CSS))
    return "<!DOCTYPE html>\n" + el("html", {"lang": lang}, head, el("body", None, *body)) + "\n"


# --------------------------------------------------------------------------- ctglint check


def render(run: RunResult, out: TextIO, *, lang: str, color: bool | None = None, quiet: bool = False) -> None:
    body: list = [el("h1", None, label("report-title", lang))]
    body.append(_totals(run, lang, f"ctglint {run.version}"))
    if len(run.files) > 1:
        items = [el("li", None, el("a", {"href": f"#file-{i}"}, f.path), " ",
                    el("span", None, _counts(f, lang), cls="meta"))
                 for i, f in enumerate(run.files, 1)]
        body.append(el("nav", None, el("h3", None, label("contents", lang)), el("ul", None, *items)))
    for i, f in enumerate(run.files, 1):
        body.append(_file(f, i, lang))
    body.append(el("footer", None, f"{label('generated-by', lang)} ctglint {run.version}"))
    out.write(page(label("report-title", lang), lang, body))


def _totals(run: RunResult, lang: str, prefix: str) -> Markup:
    return el("p", None, prefix, " · ", f"{len(run.files)} {label('files', lang)}", " · ",
              el("span", None, f"{run.count(Severity.ERROR)} {label('errors', lang)}", cls="sev-count-error"),
              ", ",
              el("span", None, f"{run.count(Severity.WARNING)} {label('warnings', lang)}",
                 cls="sev-count-warning"),
              f", {run.count(Severity.INFO)} {label('infos', lang)}", cls="meta totals")


def _counts(f: FileResult, lang: str) -> str:
    if f.error is not None:
        return label("unreadable", lang)
    return (f"{f.count(Severity.ERROR)} {label('errors', lang)}, {f.count(Severity.WARNING)} "
            f"{label('warnings', lang)}, {f.count(Severity.INFO)} {label('infos', lang)}")


def _file(f: FileResult, i: int, lang: str) -> Markup:
    box: list = [el("h2", None, f.path)]
    if f.error is not None:
        box.append(el("p", None, el("strong", None, label("unreadable", lang)), " : ", f.error.text(lang),
                      cls="error-box"))
        return el("section", {"id": f"file-{i}"}, *box, cls="file")
    meta = f"{label('template', lang)} {f.template_id} ({label('score', lang)} {f.template_score:.2f})" \
        if f.template_id else label("no-template", lang)
    box.append(el("p", None, meta, " · ", _counts(f, lang), cls="meta"))
    views = views_for_result(f, substantive_only=True)  # the page shows no identical section
    doc = f.document
    prefix = f"f{i}"
    shown = [v for v in views or () if v.status in ("modified", "missing", "added")]
    diff_index = {id(v): k for k, v in enumerate(shown)}
    # findings
    box.append(el("h3", None, f"{label('findings', lang)} ({len(f.findings)})"))
    if not f.findings:
        box.append(el("p", None, label("no-findings", lang), cls="meta"))
    else:
        head = el("thead", None, el("tr", None, *(
            el("th", None, label(k, lang)) for k in ("position", "severity", "rule", "section", "message"))))
        rows = []
        for k, x in enumerate(f.findings):
            view = view_for_block(views, x.block) if views and x.code == "T001" else None
            link = f"#{prefix}-d-{diff_index[id(view)]}" if view is not None and id(view) in diff_index else None
            rows.append(_finding_row(x, k, prefix, lang, in_text=doc is not None, diff_link=link))
        box.append(el("table", None, head, el("tbody", None, *rows), cls="findings"))
    # clause diffs
    if views is not None:
        box.append(el("h3", None, label("diff-template-title", lang)))
        if shown:
            box.append(html_legend(lang))
            box.append(html_summary(shown, lang, f"{prefix}-d"))
            for k, v in enumerate(shown):
                box.append(html_section(v, lang, f"{prefix}-d", k, context=1, slots=False))
        else:
            box.append(el("p", None, label("no-substantive-difference", lang), cls="meta"))
    # the draft's text
    if doc is not None:
        box.append(el("h3", None, label("draft-text", lang)))
        box.append(_document(doc, f.findings, prefix, lang))
    return el("section", {"id": f"file-{i}"}, *box, cls="file")


def _finding_row(x: Finding, k: int, prefix: str, lang: str, *, in_text: bool, diff_link: str | None) -> Markup:
    position = f"{x.line}:{x.column}"
    pos_cell = el("td", None, el("a", {"href": f"#{prefix}-h{k}"}, position) if in_text else position)
    sev = x.severity.value
    details = []
    if x.excerpt:
        details.append(el("div", None, f"« {x.excerpt} »", cls="excerpt"))
    if x.expected:
        details.append(el("div", None, f"{label('expected', lang)} : {x.expected}", cls="expected"))
    if x.suggestion:
        details.append(el("div", None, f"{label('suggestion', lang)} : {x.suggestion}", cls="suggestion"))
    if diff_link:
        details.append(el("div", None, el("a", {"href": diff_link}, f"→ {label('see-diff', lang)}"),
                          cls="noprint"))
    msg = el("td", None, x.message, el("div", None, *details, cls="details") if details else None, cls="msg")
    return el("tr", {"id": f"{prefix}-l{k}"},
              pos_cell,
              el("td", None, el("span", None, label(sev, lang), cls=f"badge sev-{sev}")),
              el("td", None, el("code", None, x.code), el("br"), el("span", None, x.name, cls="rule-name")),
              el("td", None, section_label(x.section, lang)),
              msg,
              cls=f"sev-{sev}")


def _document(doc, findings: Sequence[Finding], prefix: str, lang: str) -> Markup:
    by_block: dict[int, list[tuple[int, Finding]]] = {}
    for k, x in enumerate(findings):
        by_block.setdefault(x.block, []).append((k, x))
    out: list = []
    headings = {s.heading for s in doc.sections if s.heading is not None}
    section, seen = None, set()
    line_title = label("line", lang)
    for b in doc.blocks:
        if b.section != section:
            section = b.section
            title = section_label(section or "cover", lang)
            if section in seen:  # resumed after a footnote or a stray block
                title += f" ({label('continued', lang)})"
            seen.add(section)
            out.append(el("h4", None, title))
        kind = "stamp" if not b.is_content else "heading" if b.index in headings else b.kind
        found = by_block.get(b.index)
        text = _highlight(b.text, found, prefix) if found else b.text
        out.append(el("p", {"id": f"{prefix}-b{b.index}"},
                      el("span", {"title": line_title}, str(b.line), cls="ln"),
                      el("span", None, text, cls="txt"),
                      cls=f"blk {kind}"))
    return el("div", None, *out, cls="doc")


def _highlight(text: str, found: list[tuple[int, Finding]], prefix: str) -> Markup:
    """``text`` with each finding's span in a <mark>; spans may overlap.

    The text is cut at every span edge; a piece covered by findings is one <mark>
    (coloured by the worst severity, linked to the first finding's row). Each finding
    gets an anchor where it starts and a superscript code, linked back, where it ends.
    """
    out: list = []
    spans = [(k, max(0, min(x.start, len(text))), max(0, min(x.end, len(text))), x) for k, x in found]
    cuts = sorted({0, len(text), *(s for _, s, _, _ in spans), *(e for _, _, e, _ in spans)})
    for a, b in zip(cuts, cuts[1:] + [None]):
        for k, s, e, x in spans:
            if s == a:
                out.append(el("span", {"id": f"{prefix}-h{k}"}, cls="anchor"))
                if e <= s:  # nothing to mark: the code stands at the anchor
                    out.append(_ref(k, x, prefix))
        if b is None:
            break
        piece = text[a:b]
        covering = [(k, x) for k, s, e, x in spans if s <= a and e >= b and s < e]
        if covering:
            worst = max((x.severity for _, x in covering), key=lambda sv: sv.rank)
            codes = ", ".join(dict.fromkeys(x.code for _, x in covering))
            first = covering[0][0]
            out.append(el("mark", {"title": codes}, el("a", {"href": f"#{prefix}-l{first}"}, piece),
                          cls=f"sev-{worst.value}"))
        else:
            out.append(piece)
        for k, s, e, x in spans:
            if e == b and s < e:
                out.append(_ref(k, x, prefix))
    return join(out)


def _ref(k: int, x: Finding, prefix: str) -> Markup:
    return el("sup", None, el("a", {"href": f"#{prefix}-l{k}", "title": x.message}, x.code), cls="ref")


# --------------------------------------------------------------------------- ctglint diff


def render_diff(views: Sequence, out: TextIO, *, lang: str, title: str, versions: bool, context: int = 1) -> None:
    """The page of ``ctglint diff --format html``: summary table, then each section that differs."""
    heading = label("diff-versions-title" if versions else "diff-template-title", lang)
    body: list = [el("h1", None, heading), el("p", None, title, cls="meta"), html_legend(lang)]
    body.append(html_summary(views, lang, "d"))
    shown = [(k, v) for k, v in enumerate(views) if v.status != "identical"]
    if not any(v.status in ("modified", "missing", "added") for v in views):
        body.append(el("p", None, label("no-substantive-difference", lang), cls="meta"))
    for k, v in shown:
        body.append(html_section(v, lang, "d", k, context=context))
    body.append(el("footer", None, f"{label('generated-by', lang)} ctglint"))
    out.write(page(f"ctglint diff – {title}", lang, body))
