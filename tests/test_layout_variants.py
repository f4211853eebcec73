"""The instrument of the metamorphic tests checked on its own: each layout variant
(tests/layout_variants.py) changes what it says it changes and nothing else, so that a
difference in findings is the tool's and never a transformation that corrupted a number or
a table, or silently did nothing."""

from __future__ import annotations

import difflib
import io
import re
from collections import Counter
from types import SimpleNamespace

import lxml.html
import pytest

import layout_variants as lv
import metamorphic_cases as mc

SOURCES = mc.sources()
IDS = [s.id for s in SOURCES]


@pytest.fixture(scope="module")
def texts():
    return {s.id: mc.source_text(s) for s in SOURCES}


def nonspace(text: str) -> str:
    return re.sub(r"\s", "", text)


def body_lines(text: str) -> list[str]:
    return [line for line in lv.split_lines(text) if line.strip()]


SAMPLE = """某县人民政府2021年政府信息公开工作年度报告

本报告根据《中华人民共和国政府信息公开条例》要求编制，统计期限为2021年1月1日至2021年12月31日，联系电话0736-2345678，网址 https://www.example.gov.cn/zwgk/ 。
## 二、主动公开政府信息情况

| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |
|---|---|---|---|
| 规章 | 0 | 0 | 0 |
| 行政规范性文件 | 5 | 3 | 27 |

规章  0  0  0
**三、收到和处理政府信息公开申请情况**
行政事业性收费 312.46
""" + "全年主动公开政府信息共计四千余条，其中第二十条规定的信息均已公开。\n" * 40


# ---------------------------------------------------------------------------
# hard_wrap
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("sid", IDS)
def test_hard_wrap_keeps_every_character_in_order_and_adds_footers(texts, sid):
    text = texts[sid]
    pages, footers = lv.wrap_pages(text, sid)
    wrapped = [line for page in pages for line in page]
    assert nonspace("".join(wrapped)) == nonspace(text)
    # no ASCII word, number, date or URL split
    ascii_runs = lambda lines: Counter(m for line in lines for m in lv._ASCII_RUN.findall(line))  # noqa: E731
    assert ascii_runs(wrapped) == ascii_runs(lv.split_lines(text))
    # table rows (pipe or flattened) whole, and lines longer than 40 broken
    lines = lv.split_lines(text)
    in_table = {i for i, line in enumerate(lines) if lv.is_flat_table_row(line)}
    for first, last in lv.table_runs(lines):
        in_table.update(range(first, last + 1))
    for i in sorted(in_table):
        assert lines[i] in wrapped
    tables = {lines[i] for i in in_table}
    for line in wrapped:
        if line not in tables:
            content = line.strip()
            assert len(content) <= 40 or (lv._ASCII_RUN.fullmatch(content) and len(content) > 30), line
    # footers: one per page, every page 25-35 lines except where a table or the end runs on
    assert len(footers) == len(pages) >= 1
    for n, footer in enumerate(footers, start=1):
        assert footer in (style.format(n=n, total=len(pages)) for style in lv.FOOTER_STYLES)
    if len(footers) >= 4:
        assert len({re.sub(r"\d+", "N", f) for f in footers}) == 4  # the styles cycle
    out = lv.split_lines(lv.hard_wrap(text, sid))
    assert out == [line for page, footer in zip(pages, footers) for line in (*page, "", footer, "")]
    for page in pages[:-1]:
        assert len(page) >= 25


def test_hard_wrap_on_a_sample():
    pages, footers = lv.wrap_pages(SAMPLE, "sample.txt")
    lines = [line for page in pages for line in page]
    assert "0736-2345678，网址" in "".join(lines)  # the phone number is one piece
    assert "https://www.example.gov.cn/zwgk/" in lines or any(
        line.startswith("https://www.example.gov.cn/zwgk/") or line.endswith("https://www.example.gov.cn/zwgk/")
        for line in lines
    )
    assert "| 行政规范性文件 | 5 | 3 | 27 |" in lines and "规章  0  0  0" in lines
    assert "行政事业性收费 312.46" in lines
    assert len(footers) >= 2 and all(max(len(line.strip()) for line in page) <= 40 for page in pages[1:])
    text = lv.hard_wrap(SAMPLE, "sample.txt")
    assert lv.hard_wrap(SAMPLE, "sample.txt") == text  # deterministic
    assert lv.hard_wrap(SAMPLE, "other.txt") != text  # seeded by the name
    assert lv.wrap_line("    河源市公共资源交易中心", 30) == ["    河源市公共资源交易中心"]  # indentation not counted
    assert lv.wrap_line("共计 2243 条 abc", 6) == ["共计", "2243 条", "abc"]


# ---------------------------------------------------------------------------
# collapse
# ---------------------------------------------------------------------------


def _markupless(text: str) -> str:
    lines = [line for line in lv.split_lines(text) if not lv.is_separator_row(line)]
    return re.sub(r"[\s|#*]", "", "".join(lines))


@pytest.mark.parametrize("sid", IDS)
def test_collapse_leaves_one_body_line(texts, sid):
    text = texts[sid]
    lines = lv.split_lines(text)
    header = lines[: lv.header_length(lines)]
    out = lv.split_lines(lv.collapse(text))
    assert out[: len(header)] == header
    assert len(out) == len(header) + 1 and out[-1].strip()
    assert _markupless("\n".join(out)) == _markupless(text)


def test_collapse_on_a_sample():
    out = lv.collapse("标题: 某县报告\n发布时间: 2022-01-20\n\n# 某县2021年报告\n一、总体\n情况\n2021 年\n度\n"
                      "| 信息内容 | 本年制发件数 |\n|---|---|\n| 规章 |  |\n规章  0  0  0\n行政许可 5\n完。\n")
    assert lv.split_lines(out) == [
        "标题: 某县报告", "发布时间: 2022-01-20",
        "某县2021年报告一、总体情况 2021 年度 信息内容 本年制发件数 规章 规章  0  0  0 行政许可 5 完。",
    ]
    assert lv.header_length(["==== 正文 ====", "x"]) == 1
    assert lv.header_length([">您当前位置: 首页", "发布时间:2017-09-13"]) == 0


# ---------------------------------------------------------------------------
# cjk_spaces
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("sid", IDS)
def test_cjk_spaces_only_inserts_spaces_between_chinese_characters(texts, sid):
    text = texts[sid]
    lines = lv.split_lines(text)
    out = lv.split_lines(lv.cjk_spaces(text, sid))
    assert len(out) == len(lines)
    header = lv.header_length(lines)
    title_line, title_columns = lv.title_protection(lines)
    changed = 0
    for i, (before, after) in enumerate(zip(lines, out)):
        if before == after:
            continue
        changed += 1
        assert i >= header and not lv.is_table_row(before) and not lv.is_flat_table_row(before)
        assert title_line < 0 or i >= title_line
        if i == title_line:
            assert after[:title_columns] == before[:title_columns]
        ops = [op for op in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes() if op[0] != "equal"]
        assert 1 <= len(ops) <= 2, (before, after)
        for tag, i1, i2, j1, j2 in ops:
            assert tag == "insert" and after[j1:j2] in (" ", "\u3000"), (before, after)
            left, right = before[i1 - 1], before[i1]
            assert lv.is_han(left) and lv.is_han(right), (before, after)
            assert left not in lv._CN_NUMERALS and right not in lv._CN_NUMERALS
    eligible = sum(
        1 for i, line in enumerate(lines)
        if i >= header and (title_line < 0 or i >= title_line) and not lv.is_table_row(line)
        and not lv.is_flat_table_row(line) and lv._space_positions(line, title_columns if i == title_line else 1)
    )
    assert changed >= 1 and changed <= max(1, eligible // 2), (changed, eligible)


# ---------------------------------------------------------------------------
# fullwidth_digits
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("sid", IDS)
def test_fullwidth_digits_changes_only_digits(texts, sid):
    text = texts[sid]
    out = lv.fullwidth_digits(text)
    assert len(out) == len(text)
    assert not re.search(r"[0-9]", out)
    for a, b in zip(text, out):
        assert a == b or ("0" <= a <= "9" and ord(b) == ord(a) - ord("0") + ord("０"))
    if re.search(r"[0-9]", text):
        assert out != text


# ---------------------------------------------------------------------------
# to_html / to_docx: read back with lxml and python-docx, not with gik-lint
# ---------------------------------------------------------------------------


def _plain(text: str) -> str:
    return lv._BOLD.sub(r"\1", text)


def _expected(text: str):
    paragraphs, tables = [], []
    for block in lv.structure(text):
        if block[0] == "table":
            tables.append(block[1])
        else:
            paragraphs.append(_plain(block[-1]))
    return paragraphs, tables


@pytest.mark.parametrize("sid", IDS)
def test_html_export_holds_every_line_and_table(texts, sid):
    text = texts[sid]
    paragraphs, tables = _expected(text)
    root = lxml.html.document_fromstring(lv.to_html(text).decode("utf-8"))
    got = [" ".join(el.text_content().split()) for el in root.iter("p", "h1", "h2", "h3", "h4", "h5", "h6")]
    assert got == [" ".join(p.split()) for p in paragraphs]
    got_tables = [
        [[" ".join(td.text_content().replace("\xa0", " ").split()) for td in tr.iter("td")] for tr in table.iter("tr")]
        for table in root.iter("table")
    ]
    assert got_tables == tables
    assert len(lv.structure(text)) == len(root.xpath("//div[@class='article']/*"))
    assert sum(1 for b in lv.structure(text) if b[0] == "table") == len(tables)
    assert bool(tables) == ("|" in text and bool(lv.table_runs(lv.split_lines(text))))


@pytest.mark.parametrize("sid", IDS)
def test_docx_export_holds_every_line_and_table(texts, sid):
    import docx

    text = texts[sid]
    paragraphs, tables = _expected(text)
    document = docx.Document(io.BytesIO(lv.to_docx(text)))
    got = [p.text for p in document.paragraphs if p.text]
    assert got == paragraphs
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == [(f"Heading {b[1]}", _plain(b[2])) for b in lv.structure(text) if b[0] == "h"]
    w_t = docx.oxml.ns.qn("w:t")
    got_tables = [[["".join(t.text or "" for t in tc.iter(w_t)) for tc in row._tr.tc_lst] for row in table.rows]
                  for table in document.tables]
    assert got_tables == tables
    assert lv.to_docx(text) == lv.to_docx(text)  # the same bytes every run


def test_exports_on_a_sample():
    text = "# 某县2021年报告\n\n一、**总体**情况\n| a | b | c |\n|---|---|---|\n| 1 | 2 |\n| x | y | z |\n"
    page = lv.to_html(text).decode("utf-8")
    assert "<h1>某县2021年报告</h1>" in page and "<p>一、<strong>总体</strong>情况</p>" in page
    assert "<tr><td>1</td><td>2</td></tr>" in page  # a short row keeps only its own cells
    import docx

    document = docx.Document(io.BytesIO(lv.to_docx(text)))
    row = document.tables[0].rows[1]._tr
    assert len(row.tc_lst) == 2 and row.trPr.find(docx.oxml.ns.qn("w:gridAfter")) is not None


# ---------------------------------------------------------------------------
# The comparison itself
# ---------------------------------------------------------------------------


def _finding(code, section=None, severity="warning", outcome="fail", message="m", **evidence):
    return SimpleNamespace(code=code, section=section, severity=severity, outcome=outcome, message=message,
                           evidence=evidence)


def _result(*findings, error=None):
    return SimpleNamespace(findings=list(findings), error=error)


def test_compare_counts_added_lost_and_turned_not_assessable():
    base = _result(
        _finding("GIK224", "review_litigation", "error", cell="review_litigation.review.total", table="review_litigation"),
        _finding("GIK010"), _finding("GIK010"),
        _finding("GIK202", "applications", table="applications", row="deny.law"),
        _finding("GIK900", severity="info"),  # info: not compared
    )
    same = mc.compare(base, base)
    assert same.ok and not same.turned_na
    variant = _result(
        _finding("GIK010"),  # one of two lost
        _finding("GIK101", "fees", "error"),  # added
        _finding("GIK205", "review_litigation", "warning", "not-assessable", table="review_litigation"),
        _finding("GIK202", "applications", table="applications", row="deny.law"),
    )
    c = mc.compare(base, variant)
    assert [k for k, _ in c.added] == [("GIK101", "fees", None)]
    assert [k for k, _ in c.lost] == [("GIK010", None, None)]
    assert [k for k, _, _ in c.turned_na] == [("GIK224", "review_litigation", "review_litigation.review.total")]
    assert not c.ok and "GIK101" in c.describe() and "GIK010" in c.describe()
    # a not-assessable finding about another section does not cover a loss
    other = _result(_finding("GIK205", "applications", "warning", "not-assessable", table="applications"))
    lost = mc.compare(_result(base.findings[0]), other)
    assert [k for k, _ in lost.lost] == [("GIK224", "review_litigation", "review_litigation.review.total")]
    # ... one about the cell's table does
    covered = mc.compare(_result(_finding("GIK220", None, cell="applications.new.total")), other)
    assert covered.ok and len(covered.turned_na) == 1
    # a variant that could not be linted is never OK
    assert not mc.compare(base, _result(error="boom")).ok


def test_cell_keys():
    assert mc.cell_of(_finding("X", cell="a.b.c", cells=[{"id": "a.x.y"}])) == "a.b.c"
    assert mc.cell_of(_finding("X", cells=[{"id": "a.x.y"}, {"id": "a.x.z"}])) == "a.x.y"
    assert mc.cell_of(_finding("X", cells=["a.x.y", "a.x.z"])) == "a.x.y"
    assert mc.cell_of(_finding("X", table="proactive", row="art20_9.central_procurement")) == "proactive.art20_9.central_procurement"
    assert mc.cell_of(_finding("X", table="proactive")) is None


def test_reencoding_as_utf8_changes_no_finding(linter, texts):
    """The text variants are UTF-8: the re-encoding alone must not be a difference."""
    for source in SOURCES:
        if source.extracted:
            continue
        again = linter.lint_bytes(texts[source.id].encode("utf-8"), source.name)
        comparison = mc.compare(linter.lint_path(source.path), again)
        assert comparison.ok and not comparison.turned_na, (source.id, comparison.describe())
