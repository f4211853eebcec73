"""What an audit writes into its folder besides the page (page.py) and the letters
(letters.py): findings.csv and findings.xlsx (one row per finding, and sheets by organ,
by rule and of the files set aside), summary.json (the JSON contract plus aggregates);
and what they and the page share (severity words, counts, rankings).

Cells carry report text, and report text can begin like a spreadsheet formula: such a
cell is written as text, never as a formula (see :func:`_csv_cell`, :func:`_xlsx_cells`)."""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

from gik_lint import __version__

COLUMNS = ["文件", "机关", "年度", "格式", "规则", "规则名称", "级别", "结果", "信息", "章节", "位置", "依据", "指纹", "复核"]
# the words an office reads in its spreadsheets (the codes stay in the JSON)
SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
OUTCOME_ZH = {"fail": "不符合", "not-assessable": "无法评估"}
NOT_ASSESSABLE = "na"  # what a not-assessable finding is filed under, beside the severities
RANK = {"error": 0, "warning": 1, "info": 2, NOT_ASSESSABLE: 3}
LEVEL_ZH = {**SEVERITY_ZH, NOT_ASSESSABLE: OUTCOME_ZH["not-assessable"]}
SAMPLES = 20  # findings listed per rule in the page; the rest are in each report's part
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


def where(f: dict) -> str:
    if f.get("page"):
        return f"第{f['page']}页" + (f"第{f['line']}行" if f.get("line") else "")
    if f.get("paragraph"):
        return f"第{f['paragraph']}段"
    if f.get("line"):  # words, not "2:1", which a spreadsheet reads as a time
        return f"第{f['line']}行第{f.get('column') or 1}列"
    return ""


def counts(row: dict) -> dict:
    c = Counter(f["severity"] for f in row["findings"] if f.get("outcome", "fail") == "fail")
    return {"error": c["error"], "warning": c["warning"], "info": c["info"],
            "not_assessable": sum(1 for f in row["findings"] if f.get("outcome") == "not-assessable") + (1 if row.get("error") else 0)}


def level(finding: dict) -> str:
    """What a finding is filed under: its severity, or not assessable."""
    return NOT_ASSESSABLE if finding.get("outcome") == "not-assessable" else finding["severity"]


def organ_of(row: dict) -> str:
    return row.get("identity") or row.get("agency") or Path(row["path"]).name


def ranked_organs(rows: list[dict]) -> list[dict]:
    """Organs ranked worst first: errors, then warnings, then what could not be assessed."""
    organs: dict[str, dict] = {}
    for index, row in enumerate(rows):
        key = organ_of(row)
        entry = organs.setdefault(key, {"key": key, "name": row.get("agency") or key, "reports": [], "error": 0, "warning": 0,
                                         "info": 0, "not_assessable": 0})
        entry["reports"].append({"index": index, "year": row.get("year")})
        for name, value in counts(row).items():
            entry[name] += value
    return sorted(organs.values(), key=lambda o: (-o["error"], -o["warning"], -o["not_assessable"], o["name"]))


def ranked_rules(rows: list[dict], rules: dict) -> list[dict]:
    """The rules that found something, ranked by severity, then by how many findings."""
    found: dict[str, dict] = {}
    for index, row in enumerate(rows):
        for f in row["findings"]:
            rule = rules.get(f["code"])
            entry = found.setdefault(f["code"], {
                "code": f["code"], "severity": rule.severity if rule else f["severity"], "summary": rule.summary if rule else f["name"],
                "name": f["name"], "basis": f["basis"], "count": 0, "not_assessable": 0, "reports": set(), "samples": []})
            entry["not_assessable" if level(f) == NOT_ASSESSABLE else "count"] += 1
            entry["reports"].add(index)
            if len(entry["samples"]) < SAMPLES:
                entry["samples"].append({"report": index, "organ": row.get("agency") or Path(row["path"]).name,
                                         "year": row.get("year"), "message": f["message"]})
    for entry in found.values():  # a rule that could only say "not assessable" is filed so
        entry["level"] = entry["severity"] if entry["count"] else NOT_ASSESSABLE
    ranked = sorted(found.values(), key=lambda r: (RANK.get(r["level"], 3), -r["count"], -r["not_assessable"], r["code"]))
    top = max((r["count"] + r["not_assessable"] for r in ranked), default=1) or 1
    for entry in ranked:
        entry["reports"] = len(entry["reports"])
        entry["width"] = round(100 * (entry["count"] + entry["not_assessable"]) / top, 1)
    return ranked


def totals(rows: list[dict]) -> dict:
    each = [counts(r) for r in rows]
    return {
        "files": len(rows),
        "error": sum(c["error"] for c in each),
        "warning": sum(c["warning"] for c in each),
        "info": sum(c["info"] for c in each),
        "not_assessable": sum(1 for r in rows if r.get("error") or any(f.get("outcome") == "not-assessable" and f["code"] == "GIK002" for f in r["findings"])),
        "with_errors": sum(1 for c in each if c["error"]),
        "not_assessable_findings": sum(c["not_assessable"] for c in each),
    }


def decision_text(entry) -> str:
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
                   f.get("section") or "", where(f), f["basis"],
                   f.get("fingerprint") or "", decision_text(decisions.get(f.get("fingerprint")))]


def write_csv(path: Path, rows: list[dict], decisions: dict) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:  # the BOM makes Excel and WPS read UTF-8
        writer = csv.writer(fh)
        writer.writerow(COLUMNS)
        writer.writerows([_csv_cell(v) for v in values] for values in _finding_rows(rows, decisions))


# columns' widths in characters (a CJK character counts two): wide for what is read, narrow for codes
_WIDTHS = {"规则说明": 40, "问题数": 8, "文件": 36, "机关": 24, "年度": 6, "格式": 6, "规则": 8, "规则名称": 30, "级别": 6, "结果": 8, "信息": 80,
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


def write_xlsx(path: Path, rows: list[dict], decisions: dict, rules: dict | None = None,
               set_aside: list[dict] | None = None) -> bool:
    """findings.xlsx: 问题明细 (one row per finding), 按机关汇总 (organs worst first),
    按规则汇总 (rules by severity, then count) and, when files were set aside, 未审核的文件;
    False without openpyxl."""
    try:
        from openpyxl import Workbook
    except ImportError:
        return False
    book = Workbook(write_only=True)
    _sheet(book, "问题明细", COLUMNS, list(_finding_rows(rows, decisions)))
    organs = [[o["name"], len(o["reports"]), "、".join(str(r["year"] or "?") for r in o["reports"]),
               o["error"], o["warning"], o["info"], o["not_assessable"]] for o in ranked_organs(rows)]
    _sheet(book, "按机关汇总", ["机关", "报告数", "年度", "错误", "警告", "提示", "无法评估"], organs)
    by_rule = [[r["code"], r["summary"], r["name"], LEVEL_ZH.get(r["level"], r["level"]), r["count"],
                r["not_assessable"], r["reports"], r["basis"]] for r in ranked_rules(rows, rules or {})]
    _sheet(book, "按规则汇总", ["规则", "规则说明", "规则名称", "级别", "问题数", "无法评估", "报告数", "依据"], by_rule)
    if set_aside:
        _sheet(book, "未审核的文件", SET_ASIDE_COLUMNS,
               [[e["path"], SET_ASIDE_ZH[e["kind"]], e["reason"], e["same_as"] or ""] for e in set_aside])
    book.save(path)
    return True


def _sheet(book, title: str, header: list[str], values: list[list]) -> None:
    sheet = book.create_sheet(title)
    _layout(sheet, header, len(values))
    sheet.append(header)
    for row in values:
        sheet.append(_xlsx_cells(sheet, row))


def write_summary(path: Path, rows: list[dict], run: int, stats: dict | None = None, set_aside: list[dict] | None = None) -> None:
    from gik_lint.report.json_format import SCHEMA_VERSION

    files = [{k: v for k, v in r.items() if k not in ("cells", "signature", "text", "cached", "tables", "kind", "kind_reason")}
             for r in rows]
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
