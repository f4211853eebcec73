"""report.html: the audit as a person works through it. One self-contained page (inline
CSS, a small inline script the page's CSP allows, no request to the network):

- first screen: the totals, the organs ranked worst first, the rules ranked by severity
  then count under their Chinese names;
- filters by severity, rule, organ, regime and year;
- each report: its findings by severity, evidence as sentences, and its statistical
  tables drawn with the cells the findings name highlighted and the failed relations
  written under them;
- with ``--compare``: new / fixed / still open per organ and per rule; with several
  years of the same organs in the history: each rule's count per year."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from markupsafe import Markup, escape

from gik_lint import __version__
from gik_lint.audit.outputs import LEVEL_ZH, NOT_ASSESSABLE, RANK, SET_ASIDE_ZH, counts, decision_text, level, organ_of, ranked_organs, ranked_rules, where
from gik_lint.audit.pictures import cells
from gik_lint.audit.pictures import labels as cell_labels
from gik_lint.report.evidence_text import describe, relations

TOP_ORGANS = 10  # organs on the first screen; all of them in the table of reports
# a batch up to this size has every table drawn; a larger one only the tables a finding
# concerns (a page of 10,000 reports' clean tables is 200 MB that nobody reads)
ALL_TABLES_UP_TO = 1000
FINGERPRINT_SHOWN = 10  # characters of a fingerprint shown; triage takes a unique prefix


def _named_cells(value, known: set[str], out: set[str]) -> set[str]:
    """The cell ids a finding's evidence names, wherever in it (cell, cells, unreadable …)."""
    if isinstance(value, str):
        if value in known:
            out.add(value)
    elif isinstance(value, dict):
        for item in value.values():
            _named_cells(item, known, out)
    elif isinstance(value, (list, tuple)):
        for item in value:
            _named_cells(item, known, out)
    return out


_STATE_ZH = {"missing": "未读取", "blank": "空白", "placeholder": "占位符", "invalid": "不是数字"}


def _tables(row: dict, findings: list[dict], every: bool = True) -> list[dict]:
    """The report's tables drawn, each cell outlined in the level of the worst finding
    naming it, and under each table what its findings say of it (``every`` False: only
    the tables a finding concerns)."""
    tables = row.get("tables") or []
    known = {cid for t in tables for _, found in cells(t) for cid, *_ in found}
    marks: dict[str, str] = {}
    anchors: set[str] = set()  # the cells the findings are about (a total), beside those they add up
    notes: dict[str, list] = {}
    for f in findings:
        named = _named_cells(f.get("evidence"), known, set())
        evidence = f.get("evidence") if isinstance(f.get("evidence"), dict) else {}
        anchors.update(e.get("cell") for e in [evidence, *(evidence.get("others") or [])] if isinstance(e, dict))
        for cid in named:
            if cid not in marks or RANK[f["level"]] < RANK[marks[cid]]:
                marks[cid] = f["level"]
        table = evidence.get("table")
        if named or table:
            notes.setdefault(table or next(iter(named)).split(".", 1)[0], []).append(f)
    out = []
    for table in tables:
        marked = any(c.startswith(table["id"] + ".") for c in marks)
        if every or marked or table["id"] in notes:
            html = _draw(table, marks, anchors) if table["found"] else Markup("")
            out.append({**table, "html": html, "notes": notes.get(table["id"], []), "marked": marked})
    return out


def _draw(table: dict, marks: dict[str, str], anchors: set[str]) -> Markup:
    """The table as HTML (written here rather than in the template: a batch draws hundreds
    of thousands of cells)."""
    width = len(table.get("columns") or []) + 1
    out = ['<table class="stat">']
    if table.get("columns"):
        out.append("<thead><tr><th></th>" + "".join(f"<th>{escape(c)}</th>" for c in table["columns"]) + "</tr></thead>")
    out.append("<tbody>")
    for row, found in cells(table):
        if "head" in row:
            out.append('<tr class="head"><th>' + escape(row["head"]) + "</th>"
                       + "".join(f"<th>{escape(c)}</th>" for c in row["columns"]) + "</tr>")
        elif "group" in row:
            out.append(f'<tr class="group"><th colspan="{width}">{escape(row["group"])}</th></tr>')
        else:
            out.append(f"<tr><th>{escape(row['label'])}</th>")
            for cid, text, state, _ in found:
                mark = marks.get(cid)
                classes = f"c {state}" + (f" hl-{mark}" if mark else "") + (" anchor" if mark and cid in anchors else "")
                title = f' title="{_STATE_ZH[state]}"' if state != "ok" else ""
                shown = text if text.isdigit() else "未读取" if state == "missing" else escape(text) + ("（空白）" if state == "blank" else "")
                out.append(f'<td class="{classes}" data-cell="{cid}"{title}>{shown}</td>')
            out.append("</tr>")
    out.append("</tbody></table>")
    return Markup("".join(out))


def _finding(f: dict, labels: dict, decisions: dict, titles: dict) -> dict:
    evidence = f.get("evidence") if isinstance(f.get("evidence"), dict) else {}
    decision = decisions.get(f.get("fingerprint"))
    return {
        **f,
        "level": level(f),
        "where": where(f),
        "section_title": titles.get(f.get("section"), f.get("section") or ""),
        "evidence_text": describe(evidence, labels),
        "relation": "；".join(relations(evidence, labels)) if evidence else None,
        "triage": decision_text(decision),
        "short": (f.get("fingerprint") or "")[:FINGERPRINT_SHOWN],
    }


def _summary(index: int, row: dict) -> dict:
    """What the table of reports and the filters need of a report."""
    levels = {level(f) for f in row["findings"]} | ({NOT_ASSESSABLE} if row.get("error") else set())
    return {
        "index": index, "organ": organ_of(row), "agency": row.get("agency"), "year": row.get("year"),
        "regime": row.get("regime"), "path": row["path"], "error": row.get("error"), "counts": counts(row),
        "levels": " ".join(lv for lv in RANK if lv in levels), "codes": " ".join(sorted({f["code"] for f in row["findings"]})),
    }


def _detail(summary: dict, row: dict, rules: dict, decisions: dict, sections: dict, all_tables: bool) -> dict:
    """A report's part of the page: its findings by severity and its tables drawn (made
    one report at a time, as the page is written)."""
    labels = cell_labels(row.get("tables") or [])
    titles = sections.get(row.get("regime") or "", {})
    findings = [_finding(f, labels, decisions, titles) for f in row["findings"]]
    for f in findings:
        rule = rules.get(f["code"])
        f["summary"] = rule.summary if rule else f["name"]
    by_level = [(lv, LEVEL_ZH[lv], [f for f in findings if f["level"] == lv]) for lv in RANK]
    return {**summary, "title": row.get("title"), "published": row.get("published"), "ocr_pages": row.get("ocr_pages") or [],
            "by_level": [entry for entry in by_level if entry[2]], "tables": _tables(row, findings, all_tables)}


def _compared(changes: dict | None) -> dict | None:
    """--compare: new / fixed / still open, per organ and per rule."""
    if not changes:
        return None
    per_organ: dict[str, Counter] = {}
    per_rule: dict[str, Counter] = {}
    for kind in ("new", "fixed", "open"):
        for item in changes[kind]:
            per_organ.setdefault(item["organ"], Counter())[kind] += 1
            per_rule.setdefault(item["code"], Counter())[kind] += 1

    def table(counts: dict[str, Counter]) -> list[dict]:
        return sorted(({"name": k, **{kind: c[kind] for kind in ("new", "fixed", "open")}} for k, c in counts.items()),
                      key=lambda e: (-e["new"], -e["open"], e["name"]))

    return {"from": changes["from_run"], "to": changes["to_run"],
            "totals": {kind: len(changes[kind]) for kind in ("new", "fixed", "open")},
            "organs": table(per_organ), "rules": table(per_rule), "new": changes["new"][:200], "fixed": changes["fixed"][:200]}


def write_html(path: Path, rows: list[dict], rules: dict, decisions: dict, run: int, started: str, folder: str,
               totals: dict, sections: dict | None = None, changes: dict | None = None, trends: dict | None = None,
               set_aside: list[dict] | None = None) -> None:
    """``sections``: regime -> section id -> its title; ``changes``: what compare.json
    holds (with each finding's organ); ``trends``: the history's counts per rule and year."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(Path(__file__).parent)), autoescape=True, trim_blocks=True, lstrip_blocks=True
    )
    reports = sorted((_summary(i, row) for i, row in enumerate(rows)),
                     key=lambda r: (-r["counts"]["error"], -r["counts"]["warning"], -r["counts"]["not_assessable"], r["organ"], r["year"] or 0))
    all_tables = len(rows) <= ALL_TABLES_UP_TO
    details = (_detail(r, rows[r["index"]], rules, decisions, sections or {}, all_tables) for r in reports)
    by_rule = ranked_rules(rows, rules)
    organs = ranked_organs(rows)
    filters = {
        "rules": [(r["code"], r["summary"]) for r in sorted(by_rule, key=lambda r: r["code"])],
        "organs": sorted({r["organ"] for r in reports}),
        "regimes": sorted({r.get("regime") for r in reports if r.get("regime")}),
        "years": sorted({r.get("year") for r in reports if r.get("year")}),
    }
    page = env.get_template("report.html.j2").stream(
        version=__version__, run=run, started=started, folder=folder, totals=totals, by_rule=by_rule, organs=organs,
        top_organs=organs[:TOP_ORGANS], reports=reports, details=details, all_tables=all_tables, filters=filters, levels=LEVEL_ZH,
        compare=_compared(changes), trends=trends, set_aside=[{**e, "kind_zh": SET_ASIDE_ZH[e["kind"]]} for e in set_aside or []],
    )
    with open(path, "w", encoding="utf-8") as fh:  # written as it is made: no copy of the page in memory
        page.dump(fh)
