"""Tables whose cells lost the spaces between them (a web page whose body collapsed onto
one line per table): rows cut where a run of digits meets the next label, runs split
into cells by the table's own rules and relations, what does not split in one way
reported as not assessable, and a table that is there never reported missing."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from conftest import FIXTURES, lint_text

FLAT = FIXTURES / "flattened"
APPLICANT_COLUMNS = ("natural", "commercial", "research", "social", "legal", "org_other", "total")


def _lint(linter, name):
    return linter.lint_path(FLAT / name)


def _row(report, table, row, columns=APPLICANT_COLUMNS):
    cells = report.tables[table].table.cells
    return [cells[f"{table}.{row}.{c}"].value.raw if f"{table}.{row}.{c}" in cells else None for c in columns]


def test_pingtan_style_cells_and_the_real_defect(linter):
    result = _lint(linter, "pingtan_style.txt")
    report = result.report
    assert _row(report, "applications", "new") == ["20", "0", "0", "0", "0", "1", "21"]  # "200 000121"
    assert _row(report, "applications", "open") == ["6", "0", "0", "0", "0", "1", "7"]  # "6000017"
    assert _row(report, "applications", "total") == ["20", "0", "0", "0", "0", "1", "21"]  # "20 0 00 0 121"
    assert _row(report, "applications", "carry_out") == ["0"] * 7  # "0 0 00 00 0"
    assert _row(report, "proactive", "art20_1.regulations", ("new_made", "new_published", "total_published")) == ["0", "0", "7"]
    assert _row(report, "proactive", "art20_8.admin_fees", ("prev_count", "change")) == ["35", "-15"]
    assert len(report.tables["review_litigation"].table.cells) == 15
    # results add up to 27 (自然人 26), （七）总计 says 21 (20): caught once the cells are split right
    a2 = sorted((f.evidence["binding"]["c"], f.evidence["actual"], f.evidence["expected"]) for f in result.findings if f.code == "GIK221")
    assert a2 == [("natural", "20", "26"), ("total", "21", "27")]
    finding = next(f for f in result.findings if f.code == "GIK221")
    assert "拆分" in finding.message
    assert {c.get("split_from") for c in finding.evidence["cells"]} >= {"6000017", "20 0 00 0 121"}
    assert not [f for f in result.findings if f.code in ("GIK201", "GIK205", "GIK206", "GIK207")]


def test_pingtan_style_ambiguous_rows_name_the_run_and_candidates(linter):
    result = _lint(linter, "pingtan_style.txt")
    unsplit = [f for f in result.findings if f.code == "GIK208"]
    assert {f.evidence["run"] for f in unsplit} == {"7777166", "396442278", "107105", "2648-18538", "1262629", "39573802895.90"}
    assert all(f.outcome == "not-assessable" and f.section == "proactive" for f in unsplit)
    normative = next(f for f in unsplit if f.evidence["run"] == "7777166")
    assert normative.evidence["status"] == "several" and normative.evidence["count"] == 15
    assert len(normative.evidence["candidates"]) == 5  # at most five named
    assert "规范性文件" in normative.message and "7777166" in normative.message and "15 种" in normative.message
    # the row is not also reported as incomplete: one cause, one finding
    assert not [f for f in result.findings if f.code == "GIK206"]


def test_finding_points_at_the_split_cell(linter):
    result = _lint(linter, "pingtan_style.txt")
    finding = next(f for f in result.findings if f.code == "GIK221" and f.evidence["binding"]["c"] == "total")
    line = (FLAT / "pingtan_style.txt").read_text(encoding="utf-8").splitlines()[finding.start.line - 1]
    assert line[finding.start.column - 1 :].startswith("21四、")  # the 总计 of （七）总计 "20 0 00 0 121"


def test_heading_glued_to_the_table_before_it(linter):
    """The heading of 三 glued to the last row of the table of 二 ("…895.90元三、收到…"):
    each table is read where its own labels are, and none is reported missing."""
    result = _lint(linter, "pingtan_glued.txt")
    assert _row(result.report, "applications", "open") == ["6", "0", "0", "0", "0", "1", "7"]
    assert sorted(f.evidence["binding"]["c"] for f in result.findings if f.code == "GIK221") == ["natural", "total"]
    assert not [f for f in result.findings if f.code in ("GIK201", "GIK205")]
    proactive = result.report.tables["proactive"].table
    assert not proactive.unplaced  # the applications rows are not read into the table before


def test_clean_collapsed_report_has_no_finding(linter):
    result = _lint(linter, "clean.txt")
    assert result.findings == []
    report = result.report
    # "110000011" is 1|10|…|11 or 11|0|…|11 on its own; the results adding up to （七）总计 settle it
    assert _row(report, "applications", "open") == ["1", "10", "0", "0", "0", "0", "11"]
    cell = report.tables["applications"].table.cells["applications.open.commercial"]
    assert cell.split_from == "110000011"
    review = report.tables["review_litigation"].table.cells
    assert [review[f"review_litigation.review.{c}"].value.raw for c in ("upheld", "corrected", "other", "pending", "total")] == ["12", "3", "0", "1", "16"]


def test_several_splits_are_not_assessable(linter):
    result = _lint(linter, "several.txt")
    (finding,) = [f for f in result.findings if f.code.startswith("GIK2")]
    assert (finding.code, finding.outcome) == ("GIK208", "not-assessable")
    assert finding.evidence["candidates"] == [["3", "0", "12"], ["30", "1", "2"]]
    assert result.report.tables["proactive"].layout == "2021"  # an unsplit row does not sway the layout


def test_no_consistent_split_says_the_figures_may_be_wrong(linter):
    result = _lint(linter, "inconsistent.txt")
    (finding,) = [f for f in result.findings if f.code == "GIK208"]
    assert finding.evidence["status"] == "inconsistent"
    assert "可能有误" in finding.message
    assert not [f for f in result.findings if f.outcome == "fail"]


def test_a_run_with_one_split_only_that_does_not_add_up_is_not_assessable(linter):
    """"0000001" can only be 0|0|0|0|0|0|1, under which the row does not add up: a wrong
    total, or a row wrapped or run into the next one. Not assessable, never an error."""
    text = (FLAT / "clean.txt").read_text(encoding="utf-8").replace("上年结转政府信息公开申请数量0000000", "上年结转政府信息公开申请数量0000001")
    _, findings = lint_text(linter, text)
    (unsplit,) = [f for f in findings if f.code == "GIK208"]
    assert (unsplit.outcome, unsplit.evidence["status"]) == ("not-assessable", "inconsistent")
    assert "可能有误" in unsplit.message
    assert not [f for f in findings if f.outcome == "fail"]


def test_rows_that_fit_no_combination_contradict(linter):
    text = (FLAT / "clean.txt").read_text(encoding="utf-8").replace("（七）总计1 10 0 0 0 0 11", "（七）总计2 10 0 0 0 0 12")
    report, findings = lint_text(linter, text)
    (finding,) = [f for f in findings if f.code == "GIK208"]
    assert finding.evidence["status"] == "contradicts" and finding.evidence["run"] == "110000011"
    assert "GIK221" in finding.evidence["relations"]


def test_table_there_but_unreadable_is_not_missing(linter):
    result = _lint(linter, "unreadable.txt")
    codes = [(f.code, f.section, f.outcome) for f in result.findings]
    assert codes == [("GIK207", "applications", "not-assessable")]


def test_never_both_missing_and_unreadable(linter):
    """Over every report of the project, a table is reported missing (GIK201) only when
    nothing of it is there: never together with a finding about what of it could not be
    read."""
    paths = sorted(FLAT.glob("*.txt")) + sorted((FIXTURES / "reports").glob("*.txt")) + sorted((FIXTURES / "tables").glob("*.txt"))
    for path in paths:
        result = linter.lint_path(path)
        missing = {f.section for f in result.findings if f.code == "GIK201"}
        unread = {f.section for f in result.findings if f.code in ("GIK205", "GIK207", "GIK208")}
        assert not missing & unread, path.name
        for tid in result.report.tables:
            spec = result.report.table_specs.get(tid)
            assert spec is None or spec.section not in missing, (path.name, tid)


# --- property: a split cell is the true cell, or the row is not assessable -----------

ROWS_2021 = [
    ("new", "一、本年新收政府信息公开申请数量"), ("carry_in", "二、上年结转政府信息公开申请数量"),
    ("open", "三、本年度办理结果（一）予以公开"), ("partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    ("deny.secret", "（三）不予公开1.属于国家秘密"), ("deny.law", "2.其他法律行政法规禁止公开"), ("deny.safety", "3.危及“三安全一稳定”"),
    ("deny.third_party", "4.保护第三方合法权益"), ("deny.internal", "5.属于三类内部事务信息"), ("deny.process", "6.属于四类过程性信息"),
    ("deny.enforcement", "7.属于行政执法案卷"), ("deny.query", "8.属于行政查询事项"),
    ("unable.no_info", "（四）无法提供1.本机关不掌握相关政府信息"), ("unable.need_create", "2.没有现成信息需要另行制作"),
    ("unable.unclear", "3.补正后申请内容仍不明确"), ("noproc.complaint", "（五）不予处理1.信访举报投诉类申请"), ("noproc.repeat", "2.重复申请"),
    ("noproc.publication", "3.要求提供公开出版物"), ("noproc.massive", "4.无正当理由大量反复申请"), ("noproc.confirm", "5.要求行政机关确认或重新出具已获取信息"),
    ("other.no_correction", "（六）其他处理1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("other.no_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"), ("other.misc", "3.其他"),
    ("total", "（七）总计"), ("carry_out", "四、结转下年度继续办理"),
]
RESULTS = [r for r, _ in ROWS_2021[2:-2]]


def _random_table(rng: random.Random) -> dict[str, list[int]]:
    def parts() -> list[int]:
        return [rng.choice([0, 0, 0, 1, 2, 3, 10, 12, 25, 104]) if rng.random() < 0.35 else 0 for _ in range(6)]

    rows = {r: parts() for r in RESULTS}
    total = [sum(rows[r][k] for r in RESULTS) for k in range(6)]
    carry_in = [rng.choice([0, 0, 1, 2]) for _ in range(6)]
    carry_out = [rng.choice([0, 0, 1]) for _ in range(6)]
    new = [t + o - i for t, o, i in zip(total, carry_out, carry_in)]
    carry_in = [i + max(0, -n) for i, n in zip(carry_in, new)]
    new = [max(0, n) for n in new]
    rows.update(new=new, carry_in=carry_in, total=total, carry_out=carry_out)
    return {r: v + [sum(v)] for r, v in rows.items()}


def _collapsed(table: dict[str, list[int]], rng: random.Random) -> str:
    out = []
    for row, label in ROWS_2021:
        cells = [str(v) for v in table[row]]
        text = cells[0] + "".join((" " if rng.random() < 0.25 else "") + c for c in cells[1:])  # a space is only ever a true break
        out.append(label + text)
    header = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他"
    return header + "".join(out)


@pytest.mark.parametrize("seed", range(25))
def test_split_cells_are_the_true_cells(linter, seed):
    rng = random.Random(seed)
    table = _random_table(rng)
    text = (FLAT / "clean.txt").read_text(encoding="utf-8").split("\n")
    i = next(k for k, line in enumerate(text) if line.startswith("（本列数据"))
    text[i] = _collapsed(table, rng)
    report, findings = lint_text(linter, "\n".join(text))
    cells = report.tables["applications"].table.cells
    for row, values in table.items():
        for column, value in zip(APPLICANT_COLUMNS, values):
            cell = cells.get(f"applications.{row}.{column}")
            assert cell is None or cell.value.number == value, (row, column, cell.value.raw, value)
    assert [f.code for f in findings if f.outcome == "fail"] == []
    unsplit = {u.row for u in report.tables["applications"].table.unsplit}
    assert all(f"applications.{r}.total" in cells or r in unsplit for r in table)  # every row read, or said not to be
