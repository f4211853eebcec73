"""What an audit writes into its folder: report.html (one self-contained page: inline
CSS, an SVG chart, no request to the network), findings.csv and findings.xlsx (one row
per finding, and a summary sheet by organ), summary.json (the JSON contract plus
aggregates).

Cells carry report text, and report text can begin like a spreadsheet formula: such a
cell is written as text, never as a formula (see :func:`_csv_cell`, :func:`_xlsx_cells`)."""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

from gik_lint import __version__

SAMPLES = 20  # findings shown per rule in the HTML summary; the rest are in each report's part
COLUMNS = ["文件", "机关", "年度", "格式", "规则", "规则名称", "级别", "结果", "信息", "章节", "位置", "依据", "指纹", "复核"]
_COLOUR = {"error": "#cf222e", "warning": "#d4a72c", "info": "#0969da"}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what makes Excel, WPS or LibreOffice read a cell as a formula


def _csv_cell(value):
    """A text cell that a spreadsheet would take for a formula, with a leading single quote
    (OWASP's advice against CSV injection): shown as the text it was, never evaluated."""
    return "'" + value if isinstance(value, str) and value.startswith(_FORMULA_START) else value


def _xlsx_cells(sheet, values: list) -> list:
    """The values of a row, a text that begins like a formula as an explicit string cell
    (openpyxl would otherwise store a text beginning with = as a formula)."""
    from openpyxl.cell import WriteOnlyCell

    cells = []
    for value in values:
        if isinstance(value, str) and value.startswith(_FORMULA_START):
            value = WriteOnlyCell(sheet, value=value)
            value.data_type = "s"
        cells.append(value)
    return cells


def is_audit_output(folder: Path) -> bool:
    """Whether ``folder`` holds an earlier audit's results (its summary.json says gik-lint)."""
    try:
        return json.loads((folder / "summary.json").read_text(encoding="utf-8")).get("tool", {}).get("name") == "gik-lint"
    except (OSError, ValueError, AttributeError):
        return False


def _where(f: dict) -> str:
    if f.get("page"):
        return f"第{f['page']}页" + (f"第{f['line']}行" if f.get("line") else "")
    if f.get("paragraph"):
        return f"第{f['paragraph']}段"
    if f.get("line"):
        return f"{f['line']}:{f.get('column') or 1}"
    return ""


def _counts(row: dict) -> dict:
    c = Counter(f["severity"] for f in row["findings"] if f.get("outcome", "fail") == "fail")
    return {"error": c["error"], "warning": c["warning"], "info": c["info"],
            "not_assessable": sum(1 for f in row["findings"] if f.get("outcome") == "not-assessable") + (1 if row.get("error") else 0)}


def totals(rows: list[dict]) -> dict:
    counts = [_counts(r) for r in rows]
    return {
        "files": len(rows),
        "error": sum(c["error"] for c in counts),
        "warning": sum(c["warning"] for c in counts),
        "info": sum(c["info"] for c in counts),
        "not_assessable": sum(1 for r in rows if r.get("error") or any(f.get("outcome") == "not-assessable" and f["code"] == "GIK002" for f in r["findings"])),
        "with_errors": sum(1 for c in counts if c["error"]),
    }


def write_html(path: Path, rows: list[dict], rules: dict, decisions: dict, run: int, started: str, folder: str) -> None:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(Path(__file__).parent)), autoescape=True, trim_blocks=True, lstrip_blocks=True
    )
    by_code: dict[str, list] = {}
    for index, row in enumerate(rows):
        for f in row["findings"]:
            by_code.setdefault(f["code"], []).append((index, row, f))
    by_rule = []
    for code in sorted(by_code):
        items = by_code[code]
        rule = rules.get(code)
        by_rule.append({
            "code": code, "count": len(items), "reports": len({i for i, _, _ in items}),
            "severity": items[0][2]["severity"], "summary": rule.summary if rule else "", "name": rule.name if rule else "",
            "basis": rule.basis if rule else "",
            "samples": [{"report": i, "path": r["path"], "message": f["message"]} for i, r, f in items[:SAMPLES]],
        })
    top = max((r["count"] for r in by_rule), default=1)
    chart = [{"code": r["code"], "count": r["count"], "width": max(2, int(760 * r["count"] / top)), "colour": _COLOUR.get(r["severity"], "#8250df")}
             for r in sorted(by_rule, key=lambda r: -r["count"])]
    reports = []
    for row in rows:
        findings = [{**f, "where": _where(f), "triage": _decision(decisions.get(f.get("fingerprint"))),
                     "evidence": json.dumps(f.get("evidence"), ensure_ascii=False, default=str)[:300] if f.get("evidence") else ""}
                    for f in row["findings"]]
        reports.append({**row, "findings": findings, "counts": _counts(row)})
    page = env.get_template("report.html.j2").stream(
        version=__version__, run=run, started=started, folder=folder, totals=totals(rows), by_rule=by_rule,
        chart=chart, reports=reports,
    )
    with open(path, "w", encoding="utf-8") as fh:  # written as it is made: no copy of the page in memory
        page.dump(fh)


def _decision(entry) -> str:
    if not entry:
        return ""
    decision, note = entry
    label = {"confirmed": "已确认", "dismissed": "已排除"}[decision]
    return f"{label}：{note}" if note else label


def _finding_rows(rows: list[dict], decisions: dict):
    for row in rows:
        if row.get("error"):
            yield [row["path"], row.get("agency") or "", row.get("year") or "", row.get("regime") or "", "GIK000", "file.unreadable",
                   "error", "not-assessable", row["error"], "", "", "", "", ""]
        for f in row["findings"]:
            yield [row["path"], row.get("agency") or "", row.get("year") or "", row.get("regime") or "", f["code"], f["name"],
                   f["severity"], f.get("outcome", "fail"), f["message"], f.get("section") or "", _where(f), f["basis"],
                   f.get("fingerprint") or "", _decision(decisions.get(f.get("fingerprint")))]


def write_csv(path: Path, rows: list[dict], decisions: dict) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:  # the BOM makes Excel and WPS read UTF-8
        writer = csv.writer(fh)
        writer.writerow(COLUMNS)
        writer.writerows([_csv_cell(v) for v in values] for values in _finding_rows(rows, decisions))


def write_xlsx(path: Path, rows: list[dict], decisions: dict) -> bool:
    """findings.xlsx with a 问题明细 sheet and a 按机关汇总 sheet; False without openpyxl."""
    try:
        from openpyxl import Workbook
    except ImportError:
        return False
    book = Workbook(write_only=True)
    sheet = book.create_sheet("问题明细")
    sheet.append(COLUMNS)
    for values in _finding_rows(rows, decisions):
        sheet.append(_xlsx_cells(sheet, values))
    summary = book.create_sheet("按机关汇总")
    summary.append(["机关", "报告数", "错误", "警告", "提示", "无法评估"])
    organs: dict[str, list] = {}
    for row in rows:
        key = row.get("identity") or row.get("agency") or "（机关未识别）"
        counts = _counts(row)
        entry = organs.setdefault(key, [key, 0, 0, 0, 0, 0])
        entry[1] += 1
        for i, k in enumerate(("error", "warning", "info", "not_assessable"), start=2):
            entry[i] += counts[k]
    for entry in sorted(organs.values(), key=lambda e: (-e[2], e[0])):
        summary.append(_xlsx_cells(summary, entry))
    book.save(path)
    return True


def write_summary(path: Path, rows: list[dict], run: int, stats: dict | None = None) -> None:
    from gik_lint.report.json_format import SCHEMA_VERSION

    files = [{k: v for k, v in r.items() if k not in ("cells", "signature", "text", "cached")} for r in rows]
    by_code = Counter(f["code"] for r in rows for f in r["findings"])
    data = {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "gik-lint", "version": __version__},
        "run": run,
        "files": files,
        "summary": {**totals(rows), "by_code": dict(sorted(by_code.items()))},
    }
    if stats:
        data["stats"] = stats
    with open(path, "w", encoding="utf-8") as fh:  # written as it is encoded: no copy of it all in memory
        json.dump(data, fh, ensure_ascii=False, indent=2, default=str)
        fh.write("\n")
