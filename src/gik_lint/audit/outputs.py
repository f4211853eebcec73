"""What an audit writes into its folder: report.html (one self-contained page: inline
CSS, an SVG chart, no request to the network), findings.csv and findings.xlsx (one row
per finding, and a summary sheet by organ), summary.json (the JSON contract plus
aggregates).

Cells carry report text, and report text can begin like a spreadsheet formula: such a
cell is written as text, never as a formula (see :func:`_csv_cell`, :func:`_xlsx_cells`)."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import time
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


# A run's outputs: written under temporary names, then renamed into place together, so
# that a folder never holds two runs' outputs side by side. The marker file says the folder
# is gik-lint's and where the last run got to ("running", "replacing", "complete").
MARKER = ".gik-lint-run.json"
TEMPORARY = ".gik-lint-tmp-"
PER_RUN = ("report.html", "findings.csv", "findings.xlsx", "summary.json", "compare.json")
# The letters to organs (--letters): a folder, staged whole as TEMPORARY + "letters" and
# swapped in on publish. Its manifest names the letters gik-lint wrote, with their digests:
# anything else in it (a file of the user's, a letter edited since) is the user's, never deleted.
LETTERS = "letters"
LETTERS_MANIFEST = ".gik-lint-letters.json"


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
        files, remove = marker.get("files", []), marker.get("remove", [])
        if LETTERS in files or LETTERS in remove:
            swap_letters(folder, replace=LETTERS in files)
        for name in files:
            staged = folder / (TEMPORARY + name)
            if name in PER_RUN and staged.exists():
                os.replace(staged, folder / name)
        for name in remove:
            if name in PER_RUN:
                (folder / name).unlink(missing_ok=True)
        _write_marker(folder, state="complete", run=marker.get("run"))
        note = f"上次审核（第 {marker.get('run')} 次）在替换结果文件时中断，已补全为该次的完整结果"
    for leftover in folder.glob(TEMPORARY + "*"):
        if leftover.is_dir() and not leftover.is_symlink():  # a staged letters folder: ours, whole
            shutil.rmtree(leftover, ignore_errors=True)
        else:
            leftover.unlink(missing_ok=True)
        note = note or "上次审核在写入结果时中断；其未完成的临时文件已删除，目录中保留的是此前一次完整的结果"
    if marker is None:
        _write_marker(folder, state="running" if not any((folder / n).exists() for n in PER_RUN) else "complete", run=None)
    return note


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def our_letters(live: Path) -> dict[str, str]:
    """The letters gik-lint wrote into the letters folder ``live``: name -> digest (its manifest)."""
    if live.is_symlink() or not live.is_dir():
        return {}
    try:
        data = json.loads((live / LETTERS_MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    letters = data.get("letters") if isinstance(data, dict) and data.get("tool") == "gik-lint" else None
    return {k: v for k, v in letters.items() if isinstance(k, str) and isinstance(v, str)} if isinstance(letters, dict) else {}


def _is_ours(entry: Path, ours: dict[str, str]) -> bool:
    """A letter gik-lint wrote and nobody changed since."""
    return entry.name in ours and entry.is_file() and not entry.is_symlink() and _digest(entry) == ours[entry.name]


def _free_name(folder: Path, name: str) -> Path:
    """``name`` in ``folder``, or, taken, name（修改稿）, name（修改稿2）…: a file of the user's
    that has the name of a new letter (the old letter, edited) keeps its content under another name."""
    path = folder / name
    stem, suffix = (name[:-len(Path(name).suffix)], Path(name).suffix) if Path(name).suffix else (name, "")
    n = 1
    while path.exists() or path.is_symlink():
        path = folder / f"{stem}（修改稿{n if n > 1 else ''}）{suffix}"
        n += 1
    return path


def swap_letters(folder: Path, replace: bool) -> list[str]:
    """Put the staged letters folder in place of ``folder``/letters (``replace``), or remove
    the old letters (a run without --letters). Files in the old folder that are not
    gik-lint's unchanged letters are kept: carried into the new folder, or left where they
    are. Each step can be repeated: a run killed halfway is completed by the next
    (:func:`claim`). Returns the names of the files kept."""
    live, new, aside = folder / LETTERS, folder / (TEMPORARY + LETTERS), folder / (TEMPORARY + LETTERS + "-old")
    if replace and not new.is_dir():  # put in place already, by the run that was interrupted
        shutil.rmtree(aside, ignore_errors=True)
        return []
    kept = []
    if live.is_dir() and not live.is_symlink():
        ours = our_letters(live)
        for entry in sorted(live.iterdir()):
            if entry.name == LETTERS_MANIFEST or _is_ours(entry, ours):
                continue
            target = _free_name(new, entry.name) if replace else entry
            if replace:
                os.replace(entry, target)
            kept.append(target.name)
        if not replace:
            for name in ours:
                if _is_ours(live / name, ours):
                    (live / name).unlink()
            (live / LETTERS_MANIFEST).unlink(missing_ok=True)
            if not kept:
                live.rmdir()
            return kept
        shutil.rmtree(aside, ignore_errors=True)
        os.replace(live, aside)  # only gik-lint's letters are left in it
    if replace:
        os.replace(new, live)
        shutil.rmtree(aside, ignore_errors=True)
    return kept


class Staging:
    """A run's outputs, written to temporary files in ``folder`` and put in place by
    :meth:`publish` only when all of them are complete."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.written: list[str] = []
        self.kept: list[str] = []  # files of the user's in the letters folder, kept by publish()
        self.publishing = False

    def path(self, name: str) -> Path:
        return self.folder / (TEMPORARY + name)

    def done(self, name: str) -> None:
        """``name`` (a file, or the letters folder) is written whole: on disk, and put in place by publish()."""
        path = self.path(name)
        for item in sorted(path.iterdir()) if path.is_dir() else [path]:
            with open(item, "rb+") as fh:
                os.fsync(fh.fileno())
        self.written.append(name)
        pause = _test_pause("output")
        if pause:
            time.sleep(pause)

    def publish(self, run: int) -> None:
        stale = [n for n in PER_RUN if n not in self.written and (self.folder / n).exists()]
        if LETTERS not in self.written and our_letters(self.folder / LETTERS):
            stale.append(LETTERS)  # an earlier run's letters: not beside this run's results
        self.publishing = True  # from here, what is staged is the next run's to complete (claim)
        _write_marker(self.folder, state="replacing", run=run, files=self.written, remove=stale)
        if LETTERS in self.written or LETTERS in stale:
            self.kept = swap_letters(self.folder, replace=LETTERS in self.written)
        for name in self.written:
            if name != LETTERS:
                os.replace(self.path(name), self.folder / name)
        for name in stale:
            if name != LETTERS:
                (self.folder / name).unlink(missing_ok=True)
        _write_marker(self.folder, state="complete", run=run)

    def discard(self) -> None:
        """Drop what was staged, unless publish() began: a replacement that failed halfway
        is completed by the next run, from the staged files."""
        if self.publishing:
            return
        for name in PER_RUN:
            self.path(name).unlink(missing_ok=True)
        shutil.rmtree(self.path(LETTERS), ignore_errors=True)


def _test_pause(name: str) -> float:
    from gik_lint.audit.run import test_pause

    return test_pause(name)


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
