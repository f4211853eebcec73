"""The statistical tables: anchoring values on their labels in every format, the
relations between cells, and what happens when values cannot be placed."""

from __future__ import annotations

import random
import re
from collections import Counter

import pytest

from conftest import CORPUS, FIXTURES
from gik_lint.read import read_bytes

TABLES = FIXTURES / "tables"
# variant -> the table findings (code, outcome) it must give, in every format
EXPECTED = {
    "ok": {},
    "a1_fail": {("GIK220", "fail"): 2},
    "a2_fail": {("GIK221", "fail"): 1, ("GIK222", "fail"): 2},
    "a3_fail": {("GIK221", "fail"): 1, ("GIK222", "fail"): 1},
    "a4_fail": {("GIK220", "fail"): 2, ("GIK223", "fail"): 1},
    "r1_fail": {("GIK224", "fail"): 1},
    "blank_row": {("GIK210", "fail"): 1, ("GIK221", "not-assessable"): 1, ("GIK222", "not-assessable"): 1},
    "placeholder_row": {("GIK210", "fail"): 1, ("GIK221", "not-assessable"): 1, ("GIK222", "not-assessable"): 1},
    "invalid_values": {("GIK211", "fail"): 2, ("GIK221", "fail"): 2, ("GIK222", "fail"): 1},
    "label_typo": {("GIK202", "fail"): 1},
    "proactive_2019_layout": {("GIK203", "fail"): 1},
    "single_other_row": {("GIK204", "fail"): 1},
    "subtotal_column": {},
    "missing_row": {("GIK206", "fail"): 1, ("GIK221", "not-assessable"): 1, ("GIK222", "not-assessable"): 1},
    "rows_out_of_order": {},
}


def test_every_variant_is_expected():
    assert {p.stem for p in TABLES.glob("*.md")} == set(EXPECTED)


@pytest.mark.parametrize("variant", sorted(EXPECTED))
@pytest.mark.parametrize("fmt", [".md", ".html", ".txt", ".docx", ".pdf"])
def test_variant_findings(linter, variant, fmt):
    result = linter.lint_path(TABLES / f"{variant}{fmt}")
    got = Counter((f.code, f.outcome) for f in result.findings if f.code.startswith("GIK2"))
    want = Counter(EXPECTED[variant])
    if fmt == ".txt" and variant == "missing_row":  # from text, a row not there may only not have been read
        want = Counter({("GIK206", "not-assessable"): 1, **{k: v for k, v in want.items() if k[0] != "GIK206"}})
    assert got == want


def _cells(linter, path_or_text, name="r.txt"):
    if isinstance(path_or_text, str):
        report = linter.analyse(read_bytes(path_or_text.encode("utf-8"), name))
    else:
        report = linter.lint_path(path_or_text).report
    return {cid: c.value.raw for t in report.tables.values() for cid, c in t.table.cells.items()}


def test_the_same_cells_from_every_format(linter):
    md = _cells(linter, TABLES / "ok.md")
    assert len(md) == 10 + 175 + 15
    assert _cells(linter, TABLES / "ok.html") == md
    assert _cells(linter, TABLES / "ok.txt") == md
    assert md["applications.deny.secret.total"] == "1"
    assert md["applications.other.misc.total"] == "0"
    assert md["review_litigation.lit_after_review.total"] == "1"
    assert md["proactive.art20_8.admin_fees.amount_10k_yuan"] == "86.35"


def test_subtotal_column_is_its_own_cell(linter):
    cells = _cells(linter, TABLES / "subtotal_column.md")
    assert cells["applications.new.org_subtotal"] == "6"
    assert cells["applications.new.total"] == "26"


def test_single_other_row_is_the_2019_cell(linter):
    report = linter.lint_path(TABLES / "single_other_row.md").report
    reading = report.tables["applications"]
    assert reading.layout == "2019"
    assert "applications.other.total" in reading.table.cells


def test_value_cells_keep_raw_text_and_kind(linter):
    report = linter.lint_path(TABLES / "placeholder_row.md").report
    cell = report.tables["applications"].table.cells["applications.deny.query.natural"]
    assert (cell.value.raw, cell.value.kind, cell.value.number) == ("/", "placeholder", None)
    blank = linter.lint_path(TABLES / "blank_row.md").report.tables["applications"].table.cells
    assert blank["applications.deny.safety.total"].value.kind == "blank"  # never 0


def test_relation_finding_carries_evidence(linter):
    result = linter.lint_path(TABLES / "r1_fail.md")
    (finding,) = [f for f in result.findings if f.code == "GIK224"]
    assert finding.evidence["cell"] == "review_litigation.review.total"
    assert (finding.evidence["actual"], finding.evidence["expected"]) == ("3", "4")
    assert {c["id"] for c in finding.evidence["cells"]} == {
        f"review_litigation.review.{k}" for k in ("total", "upheld", "corrected", "other", "pending")
    }
    line = (TABLES / "r1_fail.md").read_text(encoding="utf-8").splitlines()[finding.start.line - 1]
    assert line[finding.start.column - 1 :].startswith("3 ")  # points at the 总计 cell


def test_hongze_2023_table_defects(linter):
    result = linter.lint_path(CORPUS / "2023_huaian_hongze_district.pdf")
    r1 = sorted((f.evidence["binding"]["g"], f.evidence["actual"], f.evidence["expected"]) for f in result.findings if f.code == "GIK224")
    assert r1 == [("lit_after_review", "0", "5"), ("review", "0", "11")]
    (label,) = [f for f in result.findings if f.code == "GIK202"]
    assert label.evidence["found"] == "2.其他法律行政止公开"
    assert not [f for f in result.findings if f.code.startswith("GIK2") and f.code not in ("GIK202", "GIK204", "GIK224")]


def test_hongze_2024_only_the_label(linter):
    result = linter.lint_path(CORPUS / "2024_huaian_hongze_district.pdf")
    assert [f.code for f in result.findings if f.code.startswith("GIK2") and f.severity in ("error", "warning")] == []
    assert [f.severity for f in result.findings if f.code == "GIK202"] == ["info"]  # the label's typo is style


def test_huaian_city_2024_is_clean(linter):
    result = linter.lint_path(CORPUS / "2024_huaian_city.pdf")
    assert [f.code for f in result.findings if f.code.startswith("GIK2")] == []


# --- property: how the text is laid out never moves a value into a wrong cell -------

BASE = (TABLES / "ok.txt").read_text(encoding="utf-8")


def _mutate(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    out = []
    for line in lines:
        if rng.random() < 0.15:  # a stray number of its own between rows: a year, a page number
            out.append(rng.choice(["2022", "- 4 -", "— 7 —", "第 3 页", "12"]))
        m = re.match(r"^(\S+?)(\s{2}.*\d)$", line)
        if m and rng.random() < 0.3 and len(m.group(1)) > 6:  # wrap the label
            cut = rng.randrange(3, len(m.group(1)) - 2)
            out += [m.group(1)[:cut], m.group(1)[cut:] + m.group(2)]
            continue
        sep = rng.choice(["  ", "\t", " | ", "   ", "\u3000"])
        out.append(re.sub(r"(?<=\S)  (?=[\d/+-])", lambda _: sep, line))
    return "\n".join(out)


@pytest.mark.parametrize("seed", range(40))
def test_layout_noise_never_moves_a_value(linter, seed):
    """Wrapped labels, other separators and stray numbers between rows of a clean
    report: every value read lands in its own cell, and nothing is claimed to be wrong
    — what could not be read is only ever not assessable."""
    reference = _cells(linter, BASE)
    mutated = _mutate(BASE, random.Random(seed))
    result = linter.lint_bytes(mutated.encode("utf-8"), "r.txt")
    for reading in result.report.tables.values():
        for cid, cell in reading.table.cells.items():
            assert reference.get(cid) == cell.value.raw, (cid, cell.value.raw, reference.get(cid))
    assert [f.code for f in result.findings if f.outcome == "fail" and f.code.startswith("GIK2")] == []


# --- blank cells, blank columns, units in cells ------------------------------------

from gik_lint.interpret.tables.anchor import parse_value  # noqa: E402


@pytest.mark.parametrize("raw,kind,number,unit", [
    ("251000元", "int", 251000, "元"),
    ("5949.09万元", "decimal", "5949.09", "万元"),
    ("12件", "int", 12, "件"),
    ("3 条", "int", 3, "条"),
    ("１２件", "int", 12, "件"),  # full-width digits
    ("1,200元", "int", 1200, "元"),
    ("86.35", "decimal", "86.35", ""),
    ("", "blank", None, ""),
    ("\u00a0", "blank", None, ""),  # &nbsp;
    ("  ", "blank", None, ""),
    ("/", "placeholder", None, ""),
    ("元", "invalid", None, ""),  # a unit without a number
    ("约5件", "invalid", None, ""),
])
def test_parse_value_reads_units(raw, kind, number, unit):
    from decimal import Decimal

    value = parse_value(raw)
    assert (value.kind, value.unit, value.raw) == (kind, unit, raw)
    if isinstance(number, str):
        assert value.number == Decimal(number)  # 万元 keep their decimals; never converted
    else:
        assert value.number == number


# A 2019-format report (year 2020) whose tables leave cells blank as real ones do: the
# 科研机构 column entirely, the 总计 column for the result rows, the whole 复议后起诉
# group of the review table; the procurement amount is printed with its unit.
# Rows are lists of (text, colspan); Markdown writes a spanned cell as blank cells after it.
_APPLICANTS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
_RESULT_ROWS = [
    ("三、本年度办理结果", "（一）予以公开", [3, 1, "", 0, 0, 0, ""]),
    ("三、本年度办理结果", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", [1, 0, "", 0, 0, 0, ""]),
    *[("（三）不予公开", label, [0, 0, "", 0, 0, 0, ""]) for label in (
        "1.属于国家秘密", "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”", "4.保护第三方合法权益",
        "5.属于三类内部事务信息", "6.属于四类过程性信息", "7.属于行政执法案卷", "8.属于行政查询事项")],
    *[("（四）无法提供", label, [1, 0, "", 0, 0, 0, ""]) for label in (
        "1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确")],
    *[("（五）不予处理", label, [0, 0, "", 0, 0, 0, ""]) for label in (
        "1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物", "4.无正当理由大量反复申请",
        "5.要求行政机关确认或重新出具已获取信息")],
    ("三、本年度办理结果", "（六）其他处理", [0, 0, "", 0, 0, 0, ""]),
]
_BLANK_TABLES = {
    "二、主动公开政府信息情况": [
        [("第二十条第（一）项", 4)],
        [("信息内容", 1), ("本年新制作数量", 1), ("本年新公开数量", 1), ("对外公开总数量", 1)],
        [("规章", 1), ("0", 1), ("0", 1), ("2", 1)],
        [("规范性文件", 1), ("6件", 1), ("6件", 1), ("24件", 1)],
        [("第二十条第（五）项", 4)],
        [("信息内容", 1), ("上一年项目数量", 1), ("本年增/减", 1), ("处理决定数量", 1)],
        [("行政许可", 1), ("41", 1), ("+2", 1), ("1528", 1)],
        [("其他对外管理服务事项", 1), ("5", 1), ("0", 1), ("37", 1)],
        [("第二十条第（六）项", 4)],
        [("信息内容", 1), ("上一年项目数量", 1), ("本年增/减", 1), ("处理决定数量", 1)],
        [("行政处罚", 1), ("120", 1), ("-3", 1), ("412", 1)],
        [("行政强制", 1), ("8", 1), ("0", 1), ("17", 1)],
        [("第二十条第（八）项", 4)],
        [("信息内容", 1), ("上一年项目数量", 1), ("本年增/减", 1), ("", 1)],
        [("行政事业性收费", 1), ("3", 1), ("0", 1), ("", 1)],
        [("第二十条第（九）项", 4)],
        [("信息内容", 1), ("采购项目数量", 1), ("采购总金额", 1), ("", 1)],
        [("政府集中采购", 1), ("12", 1), ("5949.09万元", 1), ("", 1)],
    ],
    "三、收到和处理政府信息公开申请情况": [
        [("项目", 1), ("分类", 1), *[(c, 1) for c in _APPLICANTS]],
        [("", 1), ("一、本年新收政府信息公开申请数量", 1), *[(str(v), 1) for v in (7, 1, "", 0, 0, 0, 8)]],
        [("", 1), ("二、上年结转政府信息公开申请数量", 1), *[(str(v), 1) for v in (0, 0, "", 0, 0, 0, 0)]],
        *[[(group, 1), (label, 1), *[(str(v), 1) for v in values]] for group, label, values in _RESULT_ROWS],
        [("三、本年度办理结果", 1), ("（七）总计", 1), *[(str(v), 1) for v in (7, 1, "", 0, 0, 0, 8)]],
        [("", 1), ("四、结转下年度继续办理", 1), *[(str(v), 1) for v in (0, 0, "", 0, 0, 0, 0)]],
    ],
    "四、政府信息公开行政复议、行政诉讼情况": [
        [("行政复议", 5), ("行政诉讼", 10)],
        [*[(c, 1) for c in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")], ("未经复议直接起诉", 5), ("复议后起诉", 5)],
        [*[("", 1)] * 5, *[(c, 1) for c in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")] * 2],
        [*[(v, 1) for v in ("1", "0", "0", "0", "1", "1", "0", "0", "0", "1")], *[("\u00a0", 1)] * 5],
    ],
}
_TITLE = "泊云县人民政府2020年政府信息公开工作年度报告"
_PROSE = {"一、总体情况": "2020年，泊云县人民政府全面推进政务公开。", "五、存在的主要问题及改进情况": "公开内容还不够全面。",
          "六、其他需要报告的事项": "本年度未收取信息处理费。"}
_ORDER = ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况",
          "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]


def _blank_md() -> bytes:
    out = [f"# {_TITLE}", ""]
    for heading in _ORDER:
        out += [f"## {heading}", ""]
        if heading in _PROSE:
            out += [_PROSE[heading], ""]
            continue
        for i, row in enumerate(_BLANK_TABLES[heading]):
            cells = [c for text, span in row for c in [text.replace("\u00a0", " ")] + [""] * (span - 1)]
            out.append("| " + " | ".join(cells) + " |")
            if i == 0:
                out.append("|" + "---|" * len(cells))
        out.append("")
    return "\n".join(out).encode("utf-8")


def _blank_html() -> bytes:
    import html as h

    out = [f"<html><head><title>{_TITLE}</title></head><body><h1>{_TITLE}</h1>"]
    for heading in _ORDER:
        out.append(f"<h2>{heading}</h2>")
        if heading in _PROSE:
            out.append(f"<p>{_PROSE[heading]}</p>")
            continue
        out.append("<table border='1'>")
        for row in _BLANK_TABLES[heading]:
            tds = "".join(f"<td{f' colspan={span}' if span > 1 else ''}>{h.escape(text) if text.strip() else '&nbsp;'}</td>" for text, span in row)
            out.append(f"<tr>{tds}</tr>")
        out.append("</table>")
    out.append("</body></html>")
    return "\n".join(out).encode("utf-8")


def _grid_span(span: int) -> str:
    return f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""


def _blank_docx() -> bytes:
    import io
    import zipfile
    from xml.sax.saxutils import escape

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

    def para(text: str) -> str:
        return f"<w:p><w:r><w:t xml:space=\"preserve\">{escape(text)}</w:t></w:r></w:p>" if text.strip() else "<w:p/>"

    body = [para(_TITLE)]
    for heading in _ORDER:
        body.append(para(heading))
        if heading in _PROSE:
            body.append(para(_PROSE[heading]))
            continue
        rows = []
        for row in _BLANK_TABLES[heading]:
            tcs = "".join(f"<w:tc><w:tcPr>{_grid_span(span)}</w:tcPr>{para(text)}</w:tc>" for text, span in row)
            rows.append(f"<w:tr>{tcs}</w:tr>")
        body.append(f"<w:tbl>{''.join(rows)}</w:tbl>")
    document = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {w}><w:body>{"".join(body)}</w:body></w:document>'
    types = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             '<Default Extension="xml" ContentType="application/xml"/>'
             '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
             "</Types>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", types)
        z.writestr("word/document.xml", document)
    return buffer.getvalue()


_BLANK_FORMATS = {".md": _blank_md, ".html": _blank_html, ".docx": _blank_docx}


@pytest.mark.parametrize("suffix", sorted(_BLANK_FORMATS))
def test_blank_columns_are_blank_cells_not_missing_ones(linter, suffix):
    """A column or group left blank is read as blank cells under its header: no row is
    missing a column, no row is missing, the blank cells are one finding per table, and
    the relations over them are not assessable — never errors."""
    result = linter.lint_bytes(_BLANK_FORMATS[suffix](), f"blank{suffix}")
    tables = {tid: reading.table for tid, reading in result.report.tables.items()}
    cells = tables["applications"].cells
    assert len(cells) == 23 * 7
    assert cells["applications.new.research"].value.kind == "blank"
    assert cells["applications.open.total"].value.kind == "blank"
    assert cells["applications.total.total"].value.number == 8
    review = tables["review_litigation"].cells
    assert len(review) == 15
    assert {review[f"review_litigation.lit_after_review.{c}"].value.kind for c in ("upheld", "corrected", "other", "pending", "total")} == {"blank"}
    amount = tables["proactive"].cells["proactive.art20_9.central_procurement.total_amount"].value
    assert (amount.kind, str(amount.number), amount.unit) == ("decimal", "5949.09", "万元")
    assert tables["proactive"].cells["proactive.art20_1.normative_docs.total_published"].value.number == 24
    assert not any(t.unplaced for t in tables.values())

    codes = Counter((f.code, f.outcome) for f in result.findings if f.code.startswith("GIK2"))
    assert ("GIK206", "fail") not in codes and ("GIK201", "fail") not in codes and ("GIK205", "fail") not in codes
    assert codes[("GIK210", "fail")] == 2  # applications and review_litigation, once each
    assert ("GIK211", "fail") not in codes  # 5949.09万元 is an amount; 6件 is a count
    assert not [f for f in result.findings if f.code.startswith("GIK22") and f.outcome == "fail"]

    (blank,) = [f for f in result.findings if f.code == "GIK210" and f.section == "applications"]
    assert "空白" in blank.message
    assert "「科研机构」列整列 23 行" in blank.message and "「总计」列 19 行" in blank.message
    assert blank.evidence["by"] == "column"
    assert len(blank.evidence["cells"]) == 23 + 19
    assert {c["id"] for c in blank.evidence["cells"]} >= {"applications.new.research", "applications.open.total"}
    (review_blank,) = [f for f in result.findings if f.code == "GIK210" and f.section == "review_litigation"]
    assert "「复议后起诉」行整行 5 栏" in review_blank.message


def test_shanghai_2019_blank_cells_and_units(linter):
    """The Shanghai municipal office's 2019 web page: blank cells as &nbsp;, whole columns
    and the 复议后起诉 group blank, the procurement amount as 251000元."""
    result = linter.lint_path(CORPUS / "2019_shanghai_municipal_office.html")
    tables = result.report.tables
    amount = tables["proactive"].table.cells["proactive.art20_9.central_procurement.total_amount"].value
    assert (amount.raw, amount.kind, amount.number, amount.unit) == ("251000元", "int", 251000, "元")
    assert tables["proactive"].table.cells["proactive.art20_9.central_procurement.proj_count"].value.number == 6
    assert not [f for f in result.findings if f.code == "GIK206"]  # no "行缺少 2 栏数据", no missing row
    blanks = [f for f in result.findings if f.code == "GIK210"]
    assert sorted(f.section for f in blanks) == ["applications", "review_litigation"]
    (t3,) = [f for f in blanks if f.section == "applications"]
    assert "「总计」列 19 行" in t3.message and "空白" in t3.message
    assert sum(1 for c in t3.evidence["cells"] if c["id"].endswith(".total")) == 19
    assert tables["applications"].table.cells["applications.total.total"].value.number == 805
    (t4,) = [f for f in blanks if f.section == "review_litigation"]
    assert "「复议后起诉」行整行 5 栏" in t4.message
    assert not [f for f in result.findings if f.code.startswith("GIK2") and f.severity == "error"]
    relations = [f for f in result.findings if f.code.startswith("GIK22")]
    assert relations and all(f.outcome == "not-assessable" and f.severity == "info" for f in relations)


_REVIEW_HEADER_MD = """| 行政复议 |  |  |  |  | 行政诉讼 |  |  |  |  |  |  |  |  |  |
|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|
| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉 |  |  |  |  | 复议后起诉 |  |  |  |  |
|  |  |  |  |  | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |
"""
_REVIEW_HEADER_HTML = (
    "<tr><td colspan=5>行政复议</td><td colspan=10>行政诉讼</td></tr><tr>"
    + "".join(f"<td rowspan=2>{c}</td>" for c in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计"))
    + "<td colspan=5>未经复议直接起诉</td><td colspan=5>复议后起诉</td></tr><tr>"
    + "".join(f"<td>{c}</td>" for c in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计") * 2)
    + "</tr>"
)


@pytest.mark.parametrize("name,data", [
    ("blank.md", f"{_TITLE}\n\n## 四、政府信息公开行政复议、行政诉讼情况\n\n{_REVIEW_HEADER_MD}|" + "  |" * 15 + "\n"),
    ("slash.md", f"{_TITLE}\n\n## 四、政府信息公开行政复议、行政诉讼情况\n\n{_REVIEW_HEADER_MD}|" + " / |" * 15 + "\n"),
    ("blank.html", f"<html><body><h1>{_TITLE}</h1><h2>四、政府信息公开行政复议、行政诉讼情况</h2><table>"
                   f"{_REVIEW_HEADER_HTML}<tr>{'<td>&nbsp;</td>' * 15}</tr></table></body></html>"),
])
def test_a_table_left_unfilled_is_there_not_missing(linter, name, data):
    """A review table without a single number (every cell blank, or "/"): the table is
    there, its fifteen cells are blank or placeholders — one blank-cells finding, not
    "missing table", and its total is not assessable."""
    result = linter.lint_bytes(data.encode("utf-8"), name)
    cells = result.report.tables["review_litigation"].table.cells
    assert len(cells) == 15
    assert {c.value.kind for c in cells.values()} == {"placeholder" if name.startswith("slash") else "blank"}
    mine = [(f.code, f.outcome) for f in result.findings if f.section == "review_litigation" and f.code.startswith("GIK2")]
    assert sorted(mine) == [("GIK210", "fail"), ("GIK224", "not-assessable")]
