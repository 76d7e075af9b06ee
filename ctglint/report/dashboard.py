"""The batch dashboard (``OUTDIR/index.html``).

One self-contained HTML file: inline CSS, inline JavaScript, inline SVG, no network (a
Content-Security-Policy forbids any fetch). Rows are written as they are read, so the page
can be streamed from the batch's spool. Each ``<tr>`` carries its sort and filter keys as
``data-*`` attributes; the script reads them into plain objects and hands them to
:data:`LOGIC_JS`'s ``ctgView(rows, state)``, a pure function (tests run it with node) that
returns the indices of the rows to show, in order. The view state lives in the URL hash
(``index.html#status=errors&sort=errors&dir=desc``), so a view can be bookmarked or shared.

Not a ``--format`` of ``ctglint check``: it needs the batch's aggregates (see
:mod:`ctglint.batch`). Each document's own page is the HTML report (``ctglint.report.html``).
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from ctglint import __version__
from ctglint.findings import CATEGORIES, Severity
from ctglint.markup import escape_attribute

#: Most frequent findings listed.
TOP_FINDINGS = 15
MESSAGE_CHARS = 110

_L = {
    "title": ("Tableau de bord du lot", "Batch dashboard"),
    "documents": ("documents", "documents"),
    "with-errors": ("avec erreurs", "with errors"),
    "warnings-only": ("avertissements seulement", "warnings only"),
    "clean": ("sans constat", "clean"),
    "unreadable": ("illisibles", "unreadable"),
    "unreadable-one": ("illisible", "unreadable"),
    "errors": ("erreurs", "errors"),
    "warnings": ("avertissements", "warnings"),
    "info": ("infos", "info"),
    "templates": ("modèles", "templates"),
    "interrupted": ("Lot interrompu : {done} document(s) traité(s) sur {planned}.",
                    "Batch interrupted: {done} of {planned} document(s) done."),
    "by-category": ("Constats par catégorie", "Findings by category"),
    "in-docs": ("{n} doc.", "{n} doc."),
    "frequent": ("Constats les plus fréquents", "Most frequent findings"),
    "rule": ("Règle", "Rule"),
    "excerpt": ("Extrait (normalisé)", "Excerpt (normalised)"),
    "docs-count": ("Documents", "Documents"),
    "table": ("Documents", "Documents"),
    "search": ("Rechercher (commune, EPCI, fichier, règle…)", "Search (commune, EPCI, file, rule…)"),
    "all-templates": ("Tous les modèles", "All templates"),
    "all-status": ("Tous les états", "Any status"),
    "all-categories": ("Toutes les catégories", "All categories"),
    "all-codes": ("Toutes les règles", "All rules"),
    "reset": ("Réinitialiser", "Reset"),
    "shown": ("{n} / {total} documents affichés", "{n} / {total} documents shown"),
    "col-document": ("Document", "Document"),
    "col-commune": ("Commune", "Commune"),
    "col-epci": ("EPCI", "EPCI"),
    "col-template": ("Modèle", "Template"),
    "col-period": ("Période", "Period"),
    "col-e": ("Err.", "Err."),
    "col-w": ("Avert.", "Warn."),
    "col-i": ("Info", "Info"),
    "col-t": ("Total", "Total"),
    "col-cats": ("Catégories", "Categories"),
    "col-worst": ("Constats principaux", "Worst findings"),
    "line": ("l.", "l."),
    "no-findings": ("aucun constat", "no findings"),
    "none": ("—", "—"),
    "made-by": ("Produit par ctglint {v}", "Made by ctglint {v}"),
    "sort-hint": ("Cliquer un en-tête pour trier ; une barre ou une règle pour filtrer.",
                  "Click a header to sort; a bar or a rule to filter."),
    "no-chart": ("Aucun constat dans ce lot.", "No findings in this batch."),
}

_CATEGORY_LABELS = {
    "placeholder": ("espaces réservés", "placeholders"),
    "blank-field": ("champs vides", "blank fields"),
    "template-instruction": ("consignes du modèle", "template instructions"),
    "foreign-name": ("noms étrangers", "foreign names"),
    "party": ("parties", "parties"),
    "date": ("dates", "dates"),
    "annex": ("annexes", "annexes"),
    "article-numbering": ("numérotation", "article numbering"),
    "template-drift": ("écarts au modèle", "template drift"),
    "duplicate-text": ("doublons", "duplicate text"),
    "structure": ("structure", "structure"),
}
_SEVERITY_LETTER = {"error": "E", "warning": "A", "info": "I"}
_SEVERITY_LETTER_EN = {"error": "E", "warning": "W", "info": "I"}
_RANK_SEVERITY = {s.rank: s.value for s in Severity}


def _t(key: str, lang: str, **values) -> str:
    fr, en = _L[key]
    text = en if lang == "en" else fr
    return text.format(**values) if values else text


def category_label(category: str, lang: str) -> str:
    fr, en = _CATEGORY_LABELS.get(category, (category, category))
    return en if lang == "en" else fr


def _e(value) -> str:
    """Text or a double-quoted attribute value, escaped."""
    return escape_attribute("" if value is None else str(value))


def _fold(text: str) -> str:
    from ctglint.fr import fold

    return " ".join(fold(text).split())


# ============================================================================================ logic

#: The page's sort and filter logic: pure, no DOM. ``rows`` are objects with ``path, commune, epci,
#: template, period`` (strings, "" when unknown), ``errors, warnings, info, total`` (numbers),
#: ``cats`` ({category: count}), ``codes`` ([rule code]), ``status`` (errors | warnings | clean |
#: unreadable), ``search`` (folded text). ``state``: ``q, template, status, category, code`` (""
#: for any), ``sort`` (a column key or ``cat:<category>``) and ``dir`` (asc | desc). Returns the
#: indices of the rows that pass every filter, sorted; ties, and empty values (always last), keep
#: the rows' own order.
LOGIC_JS = r"""/*ctg-logic-start*/
function ctgFold(s) {
  return String(s == null ? "" : s).toLowerCase().replace(/œ/g, "oe").replace(/æ/g, "ae")
    .normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/\s+/g, " ").trim();
}
var CTG_NUMERIC = {errors: true, warnings: true, info: true, total: true};
function ctgKey(row, key) {
  if (key.indexOf("cat:") === 0) { return (row.cats && row.cats[key.slice(4)]) || 0; }
  if (CTG_NUMERIC[key]) { return Number(row[key]) || 0; }
  var v = ctgFold(row[key]);
  return v === "" ? null : v;
}
function ctgView(rows, state) {
  state = state || {};
  var words = ctgFold(state.q).split(" ").filter(function (w) { return w !== ""; });
  var shown = [];
  for (var i = 0; i < rows.length; i++) {
    var r = rows[i];
    if (state.template && r.template !== state.template) { continue; }
    if (state.status && r.status !== state.status) { continue; }
    if (state.category && !((r.cats && r.cats[state.category]) > 0)) { continue; }
    if (state.code && (r.codes || []).indexOf(state.code) < 0) { continue; }
    if (!words.every(function (w) { return r.search.indexOf(w) >= 0; })) { continue; }
    shown.push(i);
  }
  var key = state.sort || "path";
  var dir = state.dir === "desc" ? -1 : 1;
  var keys = {};
  shown.forEach(function (i) { keys[i] = ctgKey(rows[i], key); });
  shown.sort(function (a, b) {
    var ka = keys[a], kb = keys[b];
    if (ka === null || kb === null) {
      if (ka === kb) { return a - b; }
      return ka === null ? 1 : -1;
    }
    var c = ka < kb ? -1 : (ka > kb ? 1 : 0);
    return c !== 0 ? c * dir : a - b;
  });
  return shown;
}
if (typeof module !== "undefined") { module.exports = {ctgView: ctgView, ctgFold: ctgFold}; }
/*ctg-logic-end*/"""

_UI_JS = r"""
(function () {
  var tbody = document.getElementById("docs-body");
  if (!tbody) { return; }
  var trs = Array.prototype.slice.call(tbody.rows);
  var rows = trs.map(function (tr) {
    var d = tr.dataset, cats = {};
    (d.cats || "").split(" ").forEach(function (p) {
      if (p) { var kv = p.split(":"); cats[kv[0]] = Number(kv[1]); }
    });
    return {path: d.path || "", commune: d.commune || "", epci: d.epci || "", template: d.template || "",
            period: d.period || "", errors: +d.errors, warnings: +d.warnings, info: +d.info, total: +d.total,
            cats: cats, codes: (d.codes || "").split(" ").filter(Boolean), status: d.status, search: d.search || ""};
  });
  var FIELDS = ["q", "template", "status", "category", "code", "sort", "dir"];
  var controls = {q: "f-q", template: "f-template", status: "f-status", category: "f-category", code: "f-code"};
  var state = {};
  function readHash() {
    var params = new URLSearchParams(location.hash.replace(/^#/, ""));
    state = {};
    FIELDS.forEach(function (f) { state[f] = params.get(f) || ""; });
    Object.keys(controls).forEach(function (f) {
      var el = document.getElementById(controls[f]);
      if (el) { el.value = state[f]; }
    });
  }
  function writeHash() {
    var params = new URLSearchParams();
    FIELDS.forEach(function (f) { if (state[f]) { params.set(f, state[f]); } });
    var hash = params.toString();
    history.replaceState(null, "", hash ? "#" + hash : location.pathname + location.search);
  }
  function apply() {
    var order = ctgView(rows, state);
    var visible = new Array(rows.length);
    var frag = document.createDocumentFragment();
    order.forEach(function (i) { visible[i] = true; trs[i].hidden = false; frag.appendChild(trs[i]); });
    trs.forEach(function (tr, i) { if (!visible[i]) { tr.hidden = true; frag.appendChild(tr); } });
    tbody.appendChild(frag);
    var count = document.getElementById("shown-count");
    count.textContent = count.dataset.template.replace("{n}", order.length).replace("{total}", rows.length);
    document.querySelectorAll("th[data-sort]").forEach(function (th) {
      var active = th.dataset.sort === (state.sort || "path");
      th.setAttribute("aria-sort", active ? (state.dir === "desc" ? "descending" : "ascending") : "none");
    });
  }
  document.querySelectorAll("th[data-sort]").forEach(function (th) {
    function sortBy() {
      var key = th.dataset.sort;
      if ((state.sort || "path") === key) { state.dir = state.dir === "desc" ? "asc" : "desc"; }
      else { state.sort = key; state.dir = th.dataset.numeric ? "desc" : "asc"; }
      writeHash(); apply();
    }
    th.addEventListener("click", sortBy);
    th.addEventListener("keydown", function (ev) { if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); sortBy(); } });
  });
  Object.keys(controls).forEach(function (f) {
    var el = document.getElementById(controls[f]);
    if (!el) { return; }
    el.addEventListener(el.tagName === "INPUT" ? "input" : "change", function () { state[f] = el.value; writeHash(); apply(); });
  });
  document.getElementById("f-reset").addEventListener("click", function () {
    FIELDS.forEach(function (f) { state[f] = ""; });
    Object.keys(controls).forEach(function (f) { document.getElementById(controls[f]).value = ""; });
    writeHash(); apply();
  });
  window.addEventListener("hashchange", function () { readHash(); apply(); });
  readHash();
  apply();
  document.body.dataset.ready = "1";
})();
"""

_CSS = """
:root { --err: #b42318; --err-bg: #fee4e2; --warn: #93370d; --warn-bg: #fef0c7; --info: #175cd3; --info-bg: #d1e9ff;
  --ok: #067647; --ok-bg: #dcfae6; --bad: #5b21b6; --bad-bg: #ede9fe; --line: #d0d5dd; --muted: #475467; --head: #f2f4f7; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #101828;
  margin: 0; padding: 24px 28px 40px; background: #fcfcfd; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 10px; }
.sub { color: var(--muted); margin: 0 0 18px; }
.banner { background: var(--warn-bg); color: var(--warn); border: 1px solid #fedf89; padding: 8px 12px; border-radius: 6px;
  margin: 0 0 16px; font-weight: 600; }
.cards { display: flex; flex-wrap: wrap; gap: 10px; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; min-width: 128px; }
.card b { display: block; font-size: 22px; line-height: 1.2; } .card span { color: var(--muted); font-size: 12.5px; }
.card.err b { color: var(--err); } .card.warn b { color: var(--warn); } .card.ok b { color: var(--ok); }
.card.bad b { color: var(--bad); }
.grid { display: grid; grid-template-columns: minmax(420px, 1fr) minmax(420px, 1fr); gap: 28px; align-items: start; }
@media (max-width: 1100px) { .grid { grid-template-columns: 1fr; } }
svg.chart { width: 100%; max-width: 680px; height: auto; font-size: 12.5px; }
svg.chart a { cursor: pointer; } svg.chart a:hover rect.bg, svg.chart a:focus rect.bg { fill: #eaecf0; }
svg.chart text { fill: #344054; } svg.chart .n { fill: var(--muted); }
.e-fill { fill: #d92d20; } .w-fill { fill: #f79009; } .i-fill { fill: #2e90fa; }
.legend { color: var(--muted); font-size: 12.5px; margin: 2px 0 0; }
.legend i { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin: 0 4px 0 10px; vertical-align: -1px; }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { border-bottom: 1px solid #eaecf0; padding: 5px 8px; text-align: left; vertical-align: top; }
thead th { background: var(--head); position: sticky; top: 0; z-index: 1; font-weight: 600; font-size: 12.5px;
  border-bottom: 1px solid var(--line); white-space: nowrap; }
th[data-sort] { cursor: pointer; user-select: none; } th[data-sort]:hover { background: #e4e7ec; }
th[aria-sort="ascending"]::after { content: " ▲"; font-size: 10px; } th[aria-sort="descending"]::after { content: " ▼"; font-size: 10px; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.num.z { color: #98a2b3; }
td.doc { min-width: 190px; max-width: 300px; overflow-wrap: anywhere; }
td.nw { white-space: nowrap; }
td.worst { min-width: 360px; }
tr:hover td { background: #f9fafb; }
.scroll { max-height: 380px; overflow: auto; border: 1px solid #eaecf0; border-radius: 6px; }
.frequent { table-layout: fixed; }
.frequent td { padding: 3px 8px; }
.frequent td.x { max-width: 0; }
.frequent td.x div { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.frequent td.x .k { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
.frequent td.x .m { color: var(--muted); font-size: 12px; }
.bar { display: inline-block; height: 8px; background: #98a2b3; border-radius: 2px; vertical-align: middle; margin-right: 6px; }
.badge { display: inline-block; border-radius: 10px; padding: 0 7px; font-size: 11.5px; font-weight: 600; white-space: nowrap; }
.badge.error { color: var(--err); background: var(--err-bg); } .badge.warning { color: var(--warn); background: var(--warn-bg); }
.badge.info { color: var(--info); background: var(--info-bg); } .badge.clean { color: var(--ok); background: var(--ok-bg); }
.badge.unreadable { color: var(--bad); background: var(--bad-bg); }
.chip { display: inline-block; background: #f2f4f7; border: 1px solid #eaecf0; border-radius: 4px; padding: 0 5px; margin: 1px 2px 1px 0;
  font-size: 11.5px; white-space: nowrap; }
ul.worst { margin: 0; padding: 0; list-style: none; } ul.worst li { margin: 0 0 2px; font-size: 12.5px; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; }
a.code { color: inherit; text-decoration: none; border-bottom: 1px dotted #98a2b3; }
.filters { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin: 0 0 10px; }
.filters input, .filters select, .filters button { font: inherit; padding: 5px 8px; border: 1px solid var(--line); border-radius: 6px; background: #fff; }
.filters input { min-width: 320px; } .filters button { cursor: pointer; }
#shown-count { color: var(--muted); margin-left: auto; }
.hint { color: var(--muted); font-size: 12.5px; margin: -4px 0 10px; }
footer { color: #98a2b3; font-size: 12px; margin-top: 24px; }
.muted { color: #98a2b3; }
"""


# ============================================================================================ index

def render_index(out: TextIO, *, totals, rows: Iterable[dict], lang: str = "fr") -> None:
    """Write the dashboard: ``totals`` is a :class:`ctglint.batch.Totals`, ``rows`` the documents
    (dicts as :class:`ctglint.batch.Sink` spools them), in the order to list them."""
    t = totals
    w = out.write
    w("<!DOCTYPE html>\n")
    w(f'<html lang="{_e(lang)}">\n<head>\n<meta charset="utf-8">\n')
    w('<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'; '
      'script-src \'unsafe-inline\'; img-src data:">\n')
    w('<meta name="viewport" content="width=device-width, initial-scale=1">\n')
    w(f"<title>ctglint — {_e(_t('title', lang))}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n")
    w(f"<h1>{_e(_t('title', lang))}</h1>\n")
    sub = f"{t.documents} {_t('documents', lang)}"
    if t.templates:
        colon = " : " if lang == "fr" else ": "
        sub += f" · {_t('templates', lang)}{colon}" + ", ".join(f"{k} ({v})" for k, v in sorted(t.templates.items()))
    w(f'<p class="sub">{_e(sub)}</p>\n')
    if t.interrupted:
        w(f'<p class="banner" role="status">{_e(_t("interrupted", lang, done=t.documents, planned=t.planned))}</p>\n')
    _cards(w, t, lang)
    w('<div class="grid">\n<section>\n')
    w(f"<h2>{_e(_t('by-category', lang))}</h2>\n")
    _chart(w, t, lang)
    w('</section>\n<section>\n')
    w(f"<h2>{_e(_t('frequent', lang))}</h2>\n")
    _frequent(w, t, lang)
    w("</section>\n</div>\n")
    _table(w, t, rows, lang)
    w(f'<footer>{_e(_t("made-by", lang, v=__version__))}</footer>\n')
    w(f"<script>\n{LOGIC_JS}\n{_UI_JS}</script>\n</body>\n</html>\n")


def _cards(w, t, lang: str) -> None:
    cards = [
        ("", t.documents, _t("documents", lang)),
        ("err", t.with_errors, _t("with-errors", lang)),
        ("warn", t.with_warnings, _t("warnings-only", lang)),
        ("ok", t.clean, _t("clean", lang)),
        ("bad", t.unreadable, _t("unreadable", lang)),
        ("err", t.errors, _t("errors", lang)),
        ("warn", t.warnings, _t("warnings", lang)),
        ("", t.info, _t("info", lang)),
    ]
    w('<div class="cards">\n')
    for cls, n, text in cards:
        w(f'<div class="card {cls}"><b>{n}</b><span>{_e(text)}</span></div>\n')
    w("</div>\n")


def _chart(w, t, lang: str) -> None:
    cats = sorted(((c, v) for c, v in t.categories.items() if sum(v[:3])),
                  key=lambda cv: (-sum(cv[1][:3]), CATEGORIES.index(cv[0]) if cv[0] in CATEGORIES else 99))
    if not cats:
        w(f'<p class="muted">{_e(_t("no-chart", lang))}</p>\n')
        return
    top = max(sum(v[:3]) for _, v in cats)
    label_w, bar_w, row_h, count_w = 170, 360, 26, 130
    width, height = label_w + bar_w + count_w, row_h * len(cats) + 6
    w(f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{_e(_t("by-category", lang))}">\n')
    for n, (cat, (e, wa, i, docs)) in enumerate(cats):
        y = 3 + n * row_h
        total = e + wa + i
        w(f'<a href="#category={_e(cat)}"><title>{_e(category_label(cat, lang))} ({_e(cat)}) : {e} E, {wa} '
          f'{"W" if lang == "en" else "A"}, {i} I — {docs} doc.</title>')
        w(f'<rect class="bg" x="0" y="{y}" width="{width}" height="{row_h - 2}" fill="transparent"/>')
        w(f'<text x="{label_w - 8}" y="{y + row_h / 2 + 3:.0f}" text-anchor="end">{_e(category_label(cat, lang))}</text>')
        x = float(label_w)
        for value, cls in ((e, "e-fill"), (wa, "w-fill"), (i, "i-fill")):
            if value:
                length = max(bar_w * value / top, 1.5)
                w(f'<rect class="{cls}" x="{x:.1f}" y="{y + 4}" width="{length:.1f}" height="{row_h - 10}" rx="2"/>')
                x += length
        w(f'<text class="n" x="{x + 6:.1f}" y="{y + row_h / 2 + 3:.0f}">{total} · {_e(_t("in-docs", lang, n=docs))}</text>')
        w("</a>\n")
    w("</svg>\n")
    w(f'<p class="legend"><i class="e" style="background:#d92d20"></i>{_e(_t("errors", lang))}'
      f'<i style="background:#f79009"></i>{_e(_t("warnings", lang))}'
      f'<i style="background:#2e90fa"></i>{_e(_t("info", lang))}</p>\n')


def _frequent(w, t, lang: str) -> None:
    items = sorted(t.frequent.items(), key=lambda kv: (-kv[1][0], -kv[1][1], kv[0]))[:TOP_FINDINGS]
    if not items:
        w(f'<p class="muted">{_e(_t("no-chart", lang))}</p>\n')
        return
    most = items[0][1][0]
    w(f'<div class="scroll"><table class="frequent"><colgroup><col style="width:210px"><col><col style="width:104px">'
      f'</colgroup><thead><tr><th>{_e(_t("rule", lang))}</th><th>{_e(_t("excerpt", lang))}</th>'
      f'<th class="num">{_e(_t("docs-count", lang))}</th></tr></thead><tbody>\n')
    for (code, name, key), (docs, rank, message) in items:
        severity = _RANK_SEVERITY.get(rank, "info")
        w(f'<tr><td><a class="code" href="#code={_e(code)}" title="{_e(name)}"><code>{_e(code)}</code></a> '
          f'<span class="badge {severity}">{_severity_letter(severity, lang)}</span> '
          f'<small class="muted">{_e(name)}</small></td>'
          f'<td class="x" title="{_e(message)}"><div class="k">{_e(key) or "—"}</div><div class="m">{_e(message)}</div></td>'
          f'<td class="num"><span class="bar" style="width:{max(4, round(50 * docs / most))}px"></span>{docs}</td></tr>\n')
    w("</tbody></table></div>\n")


def _table(w, t, rows: Iterable[dict], lang: str) -> None:
    w(f"<h2>{_e(_t('table', lang))}</h2>\n")
    w('<div class="filters">\n')
    w(f'<input id="f-q" type="search" placeholder="{_e(_t("search", lang))}" aria-label="{_e(_t("search", lang))}">\n')
    w(f'<select id="f-template" aria-label="{_e(_t("col-template", lang))}"><option value="">{_e(_t("all-templates", lang))}</option>')
    for tid in sorted(t.templates):
        w(f'<option value="{_e(tid)}">{_e(tid)}</option>')
    w("</select>\n")
    w(f'<select id="f-status" aria-label="status"><option value="">{_e(_t("all-status", lang))}</option>'
      f'<option value="errors">{_e(_t("with-errors", lang))}</option>'
      f'<option value="warnings">{_e(_t("warnings-only", lang))}</option>'
      f'<option value="clean">{_e(_t("clean", lang))}</option>'
      f'<option value="unreadable">{_e(_t("unreadable", lang))}</option></select>\n')
    w(f'<select id="f-category" aria-label="{_e(_t("col-cats", lang))}"><option value="">{_e(_t("all-categories", lang))}</option>')
    for cat in CATEGORIES:
        w(f'<option value="{_e(cat)}">{_e(category_label(cat, lang))}</option>')
    w("</select>\n")
    codes = sorted(t.codes)
    w(f'<select id="f-code" aria-label="{_e(_t("rule", lang))}"><option value="">{_e(_t("all-codes", lang))}</option>')
    for code in codes:
        w(f'<option value="{_e(code)}">{_e(code)}</option>')
    w("</select>\n")
    w(f'<button id="f-reset" type="button">{_e(_t("reset", lang))}</button>\n')
    w(f'<span id="shown-count" data-template="{_e(_t("shown", lang, n="{n}", total="{total}"))}">'
      f'{_e(_t("shown", lang, n=t.documents, total=t.documents))}</span>\n</div>\n')
    w(f'<p class="hint">{_e(_t("sort-hint", lang))}</p>\n')
    columns = [("path", "col-document", False), ("commune", "col-commune", False), ("epci", "col-epci", False),
               ("template", "col-template", False), ("period", "col-period", False), ("errors", "col-e", True),
               ("warnings", "col-w", True), ("info", "col-i", True), ("total", "col-t", True),
               (None, "col-cats", False), (None, "col-worst", False)]
    w('<table class="docs"><thead><tr>')
    for key, label, numeric in columns:
        cls = ' class="num"' if numeric else ""
        if key:
            flag = ' data-numeric="1"' if numeric else ""
            sort = "ascending" if key == "path" else "none"
            w(f'<th{cls} data-sort="{key}"{flag} tabindex="0" aria-sort="{sort}">{_e(_t(label, lang))}</th>')
        else:
            w(f"<th>{_e(_t(label, lang))}</th>")
    w('</tr></thead>\n<tbody id="docs-body">\n')
    for row in rows:
        w(_row(row, lang))
    w("</tbody></table>\n")


def _row(row: dict, lang: str) -> str:
    sev = row["severities"]
    total = sev["error"] + sev["warning"] + sev["info"]
    error = row.get("error")
    status = "unreadable" if error else "errors" if sev["error"] else "warnings" if sev["warning"] else "clean"
    cats = row.get("categories") or {}
    codes = row.get("codes") or []
    search = _fold(" ".join(str(x) for x in (
        row["path"], row.get("commune") or "", row.get("epci") or "", row.get("template") or "", row.get("period") or "",
        " ".join(codes), " ".join(f["message"] for f in row.get("worst") or ()), error["message"] if error else "",
    )))
    attrs = {
        "path": row["path"], "commune": row.get("commune") or "", "epci": row.get("epci") or "",
        "template": row.get("template") or "", "period": row.get("period") or "",
        "errors": sev["error"], "warnings": sev["warning"], "info": sev["info"], "total": total,
        "cats": " ".join(f"{c}:{n}" for c, n in cats.items()), "codes": " ".join(codes),
        "status": status, "search": search,
    }
    parts = ["<tr", *(f' data-{k}="{_e(v)}"' for k, v in attrs.items()), ">"]
    link = row.get("report")
    name = _e(row.get("name") or row["path"])
    doc = (f'<a href="{_e(link)}" title="{_e(row["path"])}">{name}</a>' if link
           else f'<span title="{_e(row["path"])}">{name}</span>')
    parts.append(f'<td class="doc">{doc}</td>')
    none = f'<span class="muted">{_t("none", lang)}</span>'
    parts.append(f"<td>{_e(row.get('commune')) or none}</td><td>{_e(row.get('epci')) or none}</td>")
    if row.get("template"):
        parts.append(f'<td class="nw">{_e(row["template"])}<br><small class="muted">{float(row["score"]):.2f}</small></td>')
    else:
        parts.append(f"<td>{none}</td>")
    parts.append(f'<td class="nw">{_e(row.get("period")) or none}</td>')
    for n in (sev["error"], sev["warning"], sev["info"], total):
        parts.append(f'<td class="num{" z" if not n else ""}">{n}</td>')
    parts.append("<td>" + "".join(f'<span class="chip" title="{_e(c)}">{_e(category_label(c, lang))} {n}</span>'
                                  for c, n in cats.items()) + "</td>")
    if error:
        parts.append(f'<td><span class="badge unreadable">{_e(_t("unreadable-one", lang))}</span> '
                     f'<code>{_e(error["code"])}</code> {_e(error["message"])}</td>')
    elif not row.get("worst"):
        parts.append(f'<td><span class="badge clean">{_e(_t("no-findings", lang))}</span></td>')
    else:
        items = []
        for f in row["worst"]:
            items.append(f'<li><span class="badge {_e(f["severity"])}">{_severity_letter(f["severity"], lang)}</span> '
                         f'<code>{_e(f["code"])}</code> <span title="{_e(f["message"])}">{_e(_cut(f["message"], MESSAGE_CHARS))}</span> '
                         f'<small class="muted">{_t("line", lang)} {f["line"]}</small></li>')
        parts.append('<td class="worst"><ul class="worst">' + "".join(items) + "</ul></td>")
    parts.append("</tr>\n")
    return "".join(parts)


def _severity_letter(severity: str, lang: str) -> str:
    return (_SEVERITY_LETTER_EN if lang == "en" else _SEVERITY_LETTER)[severity]


def _cut(text: str, n: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1] + "…"
