"""Acceptance on the real reports in ../shared: the seeds and the hand-checked corpus."""

from __future__ import annotations

import re

import pytest
import yaml

from conftest import CORPUS, SEEDS
from gik_lint.textnorm import compact

TRUTH = yaml.safe_load((CORPUS / "truth.yaml").read_text(encoding="utf-8"))
REPORTS = [entry for entry in TRUTH["files"] if entry.get("is_report", True)]
PDFS = [entry for entry in REPORTS if entry["file"].endswith(".pdf")]
TABLE_IDS = {"proactive_table": "第二十条", "applications_table": "本年新收", "review_litigation_table": "结果维持"}


def test_every_corpus_and_seed_file_is_read(linter):
    files = sorted(CORPUS.glob("*.*")) + sorted(SEEDS.glob("*"))
    for path in files:
        if path.suffix in (".tsv", ".yaml"):
            continue
        result = linter.lint_path(path)
        assert result.error is None, (path.name, result.error)
        assert result.report.document.blocks, path.name


@pytest.mark.parametrize("entry", REPORTS, ids=lambda e: e["file"])
def test_corpus_report_matches_truth(linter, entry):
    """Year, regime, organ, title and every section the truth records, whatever the
    report's layout (crawled, collapsed, hard-wrapped, flattened tables)."""
    result = linter.lint_path(CORPUS / entry["file"])
    report = result.report
    assert report.year == entry["report_year"]
    assert report.regime.id == entry["regime"]
    if "title_in_file" in entry:
        assert compact(report.title.text) == compact(entry["title_in_file"])
    agency = entry["agency"].split(" ")[0]
    # the title may leave out the prefecture (洪泽区人民政府), or the organ's full name (上海市科委, 平潭综合实验区)
    assert agency.endswith(report.agency) or agency.startswith(report.agency[:3]), report.agency
    if entry.get("published"):
        assert report.published == entry["published"]
    for sid, truth in entry["sections"].items():
        status = truth["status"] if isinstance(truth, dict) else truth
        if status == "n/a" or sid == "statistics_attachment":
            continue
        if sid in TABLE_IDS:
            _assert_table(result, sid.removesuffix("_table"), status)
            continue
        match = report.sections.get(sid)
        if status == "present":
            assert match is not None, sid
            heading = compact(truth["heading"])
            assert compact(match.section.heading.text) in heading, sid  # "三、… (text) / 一、… (table block)"
        elif status == "missing":
            assert match is None, sid
            missing = [f for f in result.findings if f.code == "GIK101" and f.section == sid]
            assert len(missing) == 1, sid


def _assert_table(result, tid: str, status: str) -> None:
    """A table the truth marks present is read, or (where the layout lost its cells)
    reported once as not assessable; it is never reported missing."""
    reading = result.report.tables.get(tid)
    unreadable = [f for f in result.findings if f.outcome == "not-assessable" and (f.evidence or {}).get("table") == tid]
    missing = [f for f in result.findings if f.code == "GIK201" and (f.evidence or {}).get("table") == tid]
    assert not missing, (tid, [f.message for f in missing])
    if status == "present":
        assert (reading is not None and reading.table.found) or unreadable, tid


def _rows(table) -> list[tuple[str, list[str]]]:
    """(label, values) per grid row: spanned slots take the covering cell's text, the
    label is the row's non-numeric cells joined, the values its numeric cells."""
    covering = {}
    for cell in table.cells:
        for r in range(cell.row, cell.row + cell.rowspan):
            for c in range(cell.col, cell.col + cell.colspan):
                covering[r, c] = cell
    rows = []
    for r in range(table.n_rows):
        cells = []
        for c in range(table.n_cols):  # each covering cell once, in column order
            cell = covering.get((r, c))
            if not any(cell is seen for seen in cells):
                cells.append(cell)
        texts = [compact(c.text) if c else "" for c in cells]
        values = [t for t in texts if re.fullmatch(r"-?\d+(?:\.\d+)?", t)]
        label = "".join(t for t in texts if t and t not in values)
        rows.append((label, values))
    return rows


def _find(tables, label: str) -> list[list[str]]:
    return [values for t in tables for row_label, values in _rows(t) if label in row_label and values]


def _num(values: list[str]) -> list[float]:
    return [float(v) for v in values]


@pytest.mark.parametrize("entry", PDFS, ids=lambda e: e["file"])
def test_pdf_tables_hold_the_numbers_truth_records(linter, entry):
    tables = linter.lint_path(CORPUS / entry["file"]).report.document.tables
    numbers = entry["key_numbers"]
    t1 = numbers["T1"]
    assert _num(_find(tables, "规章")[0]) == t1["规章"]
    assert _num(_find(tables, "行政规范性文件")[0]) == t1["行政规范性文件"]
    for label in ("行政许可", "行政处罚", "行政强制"):
        assert _num(_find(tables, label)[0]) == [t1[label]], label
    assert _num(_find(tables, "行政事业性收费")[0]) == [t1["行政事业性收费_万元"]]
    if "T3_total" in numbers:
        totals = numbers["T3_total"]
        single = {"新收": "本年新收", "上年结转": "上年结转", "予以公开": "予以公开", "部分公开": "部分公开",
                  "总计": "(七)总计", "结转下年": "结转下年度"}
        for key, label in single.items():
            assert _num(_find(tables, label)[0])[-1] == totals[key], key
        for key in ("不予公开", "无法提供", "不予处理", "其他处理"):  # groups of rows: their 总计 add up
            assert sum(_num(v)[-1] for v in _find(tables, key)) == totals[key], key
    else:
        for key, label in (("T3_new", "本年新收"), ("T3_carried", "上年结转"), ("T3_total_processed", "(七)总计"),
                           ("T3_carry_forward", "结转下年度")):
            assert _num(_find(tables, label)[0]) == numbers[key], key
    t4 = numbers["T4"]
    expected = t4["复议"] + t4["未经复议起诉"] + t4["复议后起诉"]
    review = [t for t in tables if any("结果维持" in compact(c.text) for c in t.cells)]
    assert len(review) == 1
    assert _num(_rows(review[0])[-1][1]) == expected


def test_zhongwei_2017(linter):
    result = linter.lint_path(SEEDS / "000_84cfd1913db39861.txt")
    report = result.report
    assert report.regime.id == "2008"
    assert set(report.sections) == {"overview", "proactive", "applications", "review_litigation", "problems"}
    errors = [f for f in result.findings if f.severity == "error"]
    assert [(f.code, f.section) for f in errors] == [("GIK101", "fees")]
    fees = errors[0]
    assert fees.basis == "条例(2007) 第三十二条第（三）项"
    assert (fees.start.line, fees.start.column) == (45, 1)  # where 五、 begins: fees belongs before it
    assert "收费及减免" in fees.message


def test_heyuan_2016(linter):
    result = linter.lint_path(SEEDS / "002_9129c6b43b32ee9a.txt")
    report = result.report
    assert report.regime.id == "2008"
    assert report.title.text == "市公共资源交易中心2016年年政府信息公开 工作年度报告"
    for sid in ("proactive", "applications", "fees", "review_litigation", "problems"):
        assert sid in report.sections
    missing = [f for f in result.findings if f.code == "GIK101"]
    assert [(f.section, f.severity) for f in missing] == [("other", "info")]
    assert [f.code for f in result.findings if f.severity == "error"] == ["GIK013"]  # published late


def test_seed_findings_point_into_the_file(linter):
    for seed in sorted(SEEDS.glob("*.txt")):
        lines = seed.read_text(encoding="utf-8").splitlines()
        result = linter.lint_path(seed)
        for f in result.findings:
            if f.code == "GIK103":
                line = lines[f.start.line - 1]
                heading = line[f.start.column - 1 : f.end.column - 1]
                assert compact(heading) in compact(f.message), (seed.name, heading, f.message)


def test_template_docx_is_read_with_its_three_tables(linter):
    doc = linter.lint_path(CORPUS / "template_2021_official_format_blank.docx").report.document
    headings = [b.text for b in doc.blocks if re.match(r"[一二三四五六]、", b.text)]
    assert headings == [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ]
    assert [(t.n_rows, t.n_cols) for t in doc.tables] == [(14, 4), (28, 10), (4, 15)]
    review = doc.tables[2].grid()
    assert review[0][0].text == "行政复议" and review[0][0].colspan == 5
    assert review[0][5].text == "行政诉讼" and review[0][5].colspan == 10
