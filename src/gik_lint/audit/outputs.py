"""What an audit writes into its folder: report.html (one self-contained page: inline
CSS, an SVG chart, no request to the network), findings.csv and findings.xlsx (one row
per finding, and a summary sheet by organ), summary.json (the JSON contract plus
aggregates).

Cells carry report text, and report text can begin like a spreadsheet formula: such a
cell is written as text, never as a formula (see :func:`_csv_cell`, :func:`_xlsx_cells`)."""

from __future__ import annotations

import csv
import json
import os
import time
from collections import Counter
from pathlib import Path

from gik_lint import __version__

SAMPLES = 20  # findings shown per rule in the HTML summary; the rest are in each report's part
COLUMNS = ["文件", "机关", "年度", "格式", "规则", "规则名称", "级别", "结果", "信息", "章节", "位置", "依据", "指纹", "复核"]
_COLOUR = {"error": "#cf222e", "warning": "#d4a72c", "info": "#0969da"}
# the words an office reads in its spreadsheets (the codes stay in the JSON)
SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
OUTCOME_ZH = {"fail": "不符合", "not-assessable": "无法评估"}
SET_ASIDE_ZH = {"not-report": "不是年度报告", "template": "空白模板", "duplicate": "重复", "unsupported": "不支持的格式"}
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


# A run's outputs: written under temporary names, then renamed into place together, so
# that a folder never holds two runs' outputs side by side. The marker file says the folder
# is gik-lint's and where the last run got to ("running", "replacing", "complete").
MARKER = ".gik-lint-run.json"
TEMPORARY = ".gik-lint-tmp-"
PER_RUN = ("report.html", "findings.csv", "findings.xlsx", "summary.json", "compare.json")


def _marker(folder: Path) -> dict | None:
    try:
        data = json.loads((folder / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("tool") == "gik-lint" else None


def _write_marker(folder: Path, **data) -> None:
    temporary = folder / (TEMPORARY + MARKER)
    with open(temporary, "w", encoding="utf-8") as fh:
        json.dump({"tool": "gik-lint", "version": __version__, **data}, fh, ensure_ascii=False)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(temporary, folder / MARKER)


def is_audit_output(folder: Path) -> bool:
    """Whether ``folder`` holds an earlier audit's results: its marker file (a run that was
    interrupted included), or the summary.json of a version from before the marker."""
    if _marker(folder) is not None:
        return True
    try:
        return json.loads((folder / "summary.json").read_text(encoding="utf-8")).get("tool", {}).get("name") == "gik-lint"
    except (OSError, ValueError, AttributeError):
        return False


def claim(folder: Path) -> str | None:
    """Before a run writes anything into ``folder`` (checked to be ours or free of clashes):
    complete a replacement that was interrupted, drop an interrupted run's temporary
    files, and mark the folder as gik-lint's. Returns a note when it repaired something."""
    marker = _marker(folder)
    note = None
    if marker and marker.get("state") == "replacing":  # killed while renaming: finish it
        for name in marker.get("files", []):
            staged = folder / (TEMPORARY + name)
            if name in PER_RUN and staged.exists():
                os.replace(staged, folder / name)
        for name in marker.get("remove", []):
            if name in PER_RUN:
                (folder / name).unlink(missing_ok=True)
        _write_marker(folder, state="complete", run=marker.get("run"))
        note = f"上次审核（第 {marker.get('run')} 次）在替换结果文件时中断，已补全为该次的完整结果"
    for leftover in folder.glob(TEMPORARY + "*"):
        leftover.unlink(missing_ok=True)
        note = note or "上次审核在写入结果时中断；其未完成的临时文件已删除，目录中保留的是此前一次完整的结果"
    if marker is None:
        _write_marker(folder, state="running" if not any((folder / n).exists() for n in PER_RUN) else "complete", run=None)
    return note


class Staging:
    """A run's outputs, written to temporary files in ``folder`` and put in place by
    :meth:`publish` only when all of them are complete."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.written: list[str] = []

    def path(self, name: str) -> Path:
        return self.folder / (TEMPORARY + name)

    def done(self, name: str) -> None:
        with open(self.path(name), "rb+") as fh:
            os.fsync(fh.fileno())
        self.written.append(name)
        pause = _test_pause("output")
        if pause:
            time.sleep(pause)

    def publish(self, run: int) -> None:
        stale = [n for n in PER_RUN if n not in self.written and (self.folder / n).exists()]
        _write_marker(self.folder, state="replacing", run=run, files=self.written, remove=stale)
        for name in self.written:
            os.replace(self.path(name), self.folder / name)
        for name in stale:
            (self.folder / name).unlink(missing_ok=True)
        _write_marker(self.folder, state="complete", run=run)

    def discard(self) -> None:
        for name in PER_RUN:
            self.path(name).unlink(missing_ok=True)


def _test_pause(name: str) -> float:
    from gik_lint.audit.run import test_pause

    return test_pause(name)


def _where(f: dict) -> str:
    if f.get("page"):
        return f"第{f['page']}页" + (f"第{f['line']}行" if f.get("line") else "")
    if f.get("paragraph"):
        return f"第{f['paragraph']}段"
    if f.get("line"):  # words, not "2:1", which a spreadsheet reads as a time
        return f"第{f['line']}行第{f.get('column') or 1}列"
    return ""


def row_counts(row: dict) -> dict:
    c = Counter(f["severity"] for f in row["findings"] if f.get("outcome", "fail") == "fail")
    return {"error": c["error"], "warning": c["warning"], "info": c["info"],
            "not_assessable": sum(1 for f in row["findings"] if f.get("outcome") == "not-assessable") + (1 if row.get("error") else 0)}


def totals(rows: list[dict]) -> dict:
    counts = [row_counts(r) for r in rows]
    return {
        "files": len(rows),
        "error": sum(c["error"] for c in counts),
        "warning": sum(c["warning"] for c in counts),
        "info": sum(c["info"] for c in counts),
        "not_assessable": sum(1 for r in rows if r.get("error") or any(f.get("outcome") == "not-assessable" and f["code"] == "GIK002" for f in r["findings"])),
        "with_errors": sum(1 for c in counts if c["error"]),
    }


def write_html(path: Path, rows: list[dict], rules: dict, decisions: dict, run: int, started: str, folder: str,
               set_aside: list[dict] | None = None) -> None:
    """``set_aside``: the files not audited as reports (see audit.setaside), listed apart."""
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
        reports.append({**row, "findings": findings, "counts": row_counts(row)})
    page = env.get_template("report.html.j2").stream(
        version=__version__, run=run, started=started, folder=folder, totals=totals(rows), by_rule=by_rule,
        chart=chart, reports=reports, set_aside=[{**e, "kind": SET_ASIDE_ZH[e["kind"]]} for e in set_aside or []],
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
                   SEVERITY_ZH["error"], OUTCOME_ZH["not-assessable"], row["error"], "", "", "", "", ""]
        for f in row["findings"]:
            outcome = f.get("outcome", "fail")
            yield [row["path"], row.get("agency") or "", row.get("year") or "", row.get("regime") or "", f["code"], f["name"],
                   SEVERITY_ZH.get(f["severity"], f["severity"]), OUTCOME_ZH.get(outcome, outcome), f["message"],
                   f.get("section") or "", _where(f), f["basis"],
                   f.get("fingerprint") or "", _decision(decisions.get(f.get("fingerprint")))]


def write_csv(path: Path, rows: list[dict], decisions: dict) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:  # the BOM makes Excel and WPS read UTF-8
        writer = csv.writer(fh)
        writer.writerow(COLUMNS)
        writer.writerows([_csv_cell(v) for v in values] for values in _finding_rows(rows, decisions))


# columns' widths in characters (a CJK character counts two): wide for what is read, narrow for codes
_WIDTHS = {"文件": 36, "机关": 24, "年度": 6, "格式": 6, "规则": 8, "规则名称": 30, "级别": 6, "结果": 8, "信息": 80,
           "章节": 16, "位置": 14, "依据": 40, "指纹": 34, "复核": 20, "报告数": 8, "错误": 6, "警告": 6, "提示": 6, "无法评估": 8,
           "类别": 14, "原因": 80, "同于": 36}
SET_ASIDE_COLUMNS = ["文件", "类别", "原因", "同于"]


def _layout(sheet, header: list[str], rows: int) -> None:
    """A sheet an office can work through: the header frozen, a filter on it, each column
    as wide as what it holds is read (set before the first row: a write-only sheet)."""
    from openpyxl.utils import get_column_letter

    for i, name in enumerate(header, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = _WIDTHS.get(name, 12)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{rows + 1}"


def write_xlsx(path: Path, rows: list[dict], decisions: dict, set_aside: list[dict] | None = None) -> bool:
    """findings.xlsx with a 问题明细 sheet, a 按机关汇总 sheet and, when files were set aside,
    a 未审核的文件 sheet; False without openpyxl."""
    try:
        from openpyxl import Workbook
    except ImportError:
        return False
    book = Workbook(write_only=True)
    sheet = book.create_sheet("问题明细")
    details = list(_finding_rows(rows, decisions))
    _layout(sheet, COLUMNS, len(details))
    sheet.append(COLUMNS)
    for values in details:
        sheet.append(_xlsx_cells(sheet, values))
    summary = book.create_sheet("按机关汇总")
    head = ["机关", "报告数", "错误", "警告", "提示", "无法评估"]
    _layout(summary, head, len({row.get("identity") or row.get("agency") for row in rows}))
    summary.append(head)
    organs: dict[str, list] = {}
    for row in rows:
        key = row.get("identity") or row.get("agency") or "（机关未识别）"
        counts = row_counts(row)
        entry = organs.setdefault(key, [key, 0, 0, 0, 0, 0])
        entry[1] += 1
        for i, k in enumerate(("error", "warning", "info", "not_assessable"), start=2):
            entry[i] += counts[k]
    for entry in sorted(organs.values(), key=lambda e: (-e[2], e[0])):
        summary.append(_xlsx_cells(summary, entry))
    if set_aside:
        aside = book.create_sheet("未审核的文件")
        _layout(aside, SET_ASIDE_COLUMNS, len(set_aside))
        aside.append(SET_ASIDE_COLUMNS)
        for e in set_aside:
            aside.append(_xlsx_cells(aside, [e["path"], SET_ASIDE_ZH[e["kind"]], e["reason"], e["same_as"] or ""]))
    book.save(path)
    return True


def write_summary(path: Path, rows: list[dict], run: int, stats: dict | None = None, set_aside: list[dict] | None = None) -> None:
    from gik_lint.report.json_format import SCHEMA_VERSION

    files = [{k: v for k, v in r.items() if k not in ("cells", "signature", "text", "cached", "kind", "kind_reason")} for r in rows]
    by_code = Counter(f["code"] for r in rows for f in r["findings"])
    data = {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "gik-lint", "version": __version__},
        "run": run,
        "files": files,
        "summary": {**totals(rows), "by_code": dict(sorted(by_code.items())), "set_aside": len(set_aside or [])},
        "set_aside": set_aside or [],
    }
    if stats:
        data["stats"] = stats
    with open(path, "w", encoding="utf-8") as fh:  # written as it is encoded: no copy of it all in memory
        json.dump(data, fh, ensure_ascii=False, indent=2, default=str)
        fh.write("\n")
