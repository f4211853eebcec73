"""The layout stage: crawled records, page furniture, hard wraps, glued headings and
one-cell-per-line tables turned back into logical lines, every character where it stood."""

from __future__ import annotations

import re

import pytest

from conftest import CORPUS
from gik_lint.layout import normalize
from gik_lint.read import read_bytes, read_path


def _layout(linter, text: str, name: str = "r.txt"):
    return normalize(read_bytes(text.encode("utf-8"), name), linter.vocabulary)


def _texts(document) -> list[str]:
    return [b.text for b in document.blocks]


def _assert_positions(document, source: str) -> None:
    """Every character of every block is the character at its source position."""
    lines = re.split(r"\r\n|\r|\n", source)
    for block in document.blocks:
        for i, ch in enumerate(block.text):
            if ch.isspace():
                continue
            pos = block.at(i)
            assert lines[pos.line - 1][pos.column - 1] == ch, (block.text, i, pos)


CRAWLED = """标题: 某县人民政府2013年政府信息公开工作年度报告
发布时间: 2014-01-22 00:00
文号:
发布机构: 某县人民政府
原文链接: https://example.gov.cn/t20140122_1.htm
页面链接与图片详见 links.tsv(同目录)
==================== 正文 ====================
某县人民政府2013年政府信息公开工作年度报告 本报告根据《中华人民共和国政府信息公开条例》编制。本报告由概述、主动公开政府信息情况等部分组成。本报告所列数据的统计期限自2013年1月1日起至2013年12月31日止。一、 概述2013年，我县认真贯彻落实条例要求，扎实推进政府信息公开工作，取得了一定成效。二、主动公开政府信息情况2013年共主动公开政府信息1853条。三、政府信息依申请公开工作情况2013年全县共收到申请7条。
"""


def test_crawled_header_goes_to_metadata_and_headings_get_lines(linter):
    doc = _layout(linter, CRAWLED)
    texts = _texts(doc)
    assert doc.meta["published"] == "2014-01-22"
    assert doc.meta["title"] == "某县人民政府2013年政府信息公开工作年度报告"
    assert texts[0] == "某县人民政府2013年政府信息公开工作年度报告"
    assert not any(t.startswith(("标题", "发布时间", "原文链接", "====")) for t in texts)
    assert "一、 概述" in texts[2] and texts[2].startswith("一、")
    assert "二、主动公开政府信息情况" in texts and "三、政府信息依申请公开工作情况" in texts
    _assert_positions(doc, CRAWLED)
    report = linter.analyse(read_bytes(CRAWLED.encode("utf-8"), "r.txt"))
    assert report.year == 2013 and report.published == "2014-01-22"
    assert {"overview", "proactive", "applications"} <= set(report.sections)


CSV_RECORD = (
    '某省教育厅2019年政府信息公开工作年度报告,2020年01月16日,"\r\r'
    "根据条例要求，我厅编写了本报告。本报告所列数据的统计期限自2019年1月1日起至2019年12月31日止。\r"
    "一、总体情况\r本年度我厅扎实推进政务公开。\r"
    "二、主动公开政府信息情况\r\r\r\r\r\r第二十条第（一）项\r\r\r\r\r信息内容\r\r\r本年新制作数量\r\r\r本年新公开数量\r\r\r对外公开总数量"
    "\r\r\r\r\r规章\r\r\r0\r\r\r0\r\r\r0\r\r\r\r\r规范性文件\r\r\r16\r\r\r16\r\r\r16\r\r\r\r\r\r\r"
    '五、存在的主要问题及改进情况\r仍有差距。\r\r\r某省教育厅\r2020年1月15日\r",政府信息公开年报,http://example.gov.cn/col.jsp,http://example.gov.cn/1.html,\r\n'
)


def test_csv_record_keeps_the_title_and_the_quoted_body(linter):
    doc = _layout(linter, CSV_RECORD)
    texts = _texts(doc)
    assert texts[0] == "某省教育厅2019年政府信息公开工作年度报告"
    assert doc.meta["published"] == "2020-01-16"
    assert texts[-1] == "2020年1月15日"
    assert "规章\t0\t0\t0" in texts and "规范性文件\t16\t16\t16" in texts  # one cell per line, rows again
    _assert_positions(doc, CSV_RECORD)
    report = linter.analyse(read_bytes(CSV_RECORD.encode("utf-8"), "r.txt"))
    assert report.title.text == texts[0] and report.year == 2019
    cells = report.tables["proactive"].table.cells
    assert cells["proactive.art20_1.normative_docs.total_published"].value.number == 16


WRAPPED = """2024 年某市科委政府信息公开工作
年度报告
根据《中华人民共和国政府信息公开条例》和《某市政府
信息公开规定》的要求，市科委编制了 2024 年度政务公开工作
报告。本年度报告中所列数据的统计周期为：自本年度的首日起
为 2024 年 1 月 1 日至 12 月 31 日。年度报告电子版可以通过市
科委网站下载。

一、总体情况
某市科委 2024 年深入贯彻《政府信息公开条例》和《某市政
府信息公开规定》，认真落实市委、市政府关于政务公开工作的
各项部署，扎实推进本部门政务公开工作，不断提升政务服务水
平。2024 年市科委有 1 件涉及政府信息公开工作的行政复议，

— 1 —

该行政复议件未被复议审查机关纠错。涉及的行政诉讼数为
0 件。

二、主动公开政府信息情况
市科委积极做好政府信息主动公开工作。全年发布政府信息 393
件，其中行政规范性文件 13 件。

第 2 页 共 3 页

三、收到和处理政府信息公开
申请情况
全年收到政府信息公开申请 34 件。
"""


def test_hard_wrapped_text_is_joined_into_paragraphs(linter):
    doc = _layout(linter, WRAPPED, "r.md")
    texts = _texts(doc)
    assert texts[0] == "2024 年某市科委政府信息公开工作年度报告"
    assert any("统计周期为：自本年度的首日起为 2024 年 1 月 1 日至 12 月 31 日。" in t for t in texts)
    assert "一、总体情况" in texts and "二、主动公开政府信息情况" in texts
    assert any("行政复议，该行政复议件" in t for t in texts)  # across the page footer
    assert any("行政诉讼数为0 件。" in t for t in texts)
    assert any(t.startswith("市科委积极做好") and t.endswith("13 件。") for t in texts)
    assert not any(re.fullmatch(r"—\s*1\s*—|第 2 页 共 3 页", t) for t in texts)
    _assert_positions(doc, WRAPPED)
    report = linter.analyse(read_bytes(WRAPPED.encode("utf-8"), "r.md"))
    assert report.year == 2024 and report.regime.id == "2021"
    assert {"overview", "proactive", "applications"} <= set(report.sections)
    assert report.sections["applications"].section.heading.title == "收到和处理政府信息公开申请情况"


def test_one_paragraph_per_line_is_left_as_it_is(linter):
    text = "\n".join(f"{n}、第{n}部分的标题\n" + "这是一段很长的正文，" * (3 + k) for k, n in enumerate("一二三四五六七八九"))
    doc = _layout(linter, text)
    assert _texts(doc) == [b.text for b in read_bytes(text.encode("utf-8"), "r.txt").blocks]


def test_bare_page_numbers_go_but_table_cells_stay(linter):
    body = "这是一段正文，讲述本年度的政府信息公开工作情况。" * 2
    pages = "\n".join(f"{body}\n{body}\n{body}\n{body}\n{body}\n{body}\n\n{n}\n" for n in (1, 2, 3))
    doc = _layout(linter, pages + "规章\n0\n0\n7\n")
    texts = _texts(doc)
    assert not any(t.strip() in ("1", "2", "3") for t in texts)
    assert texts[-1] == "规章\t0\t0\t7"


def test_a_single_stray_number_is_no_row(linter):
    doc = _layout(linter, "（二）部分公开（区分处理的，只计这一情\n2022\n形，不计其他情形）  1  0  0  0  0  0  1\n")
    assert _texts(doc)[1] == "2022"


@pytest.mark.parametrize(
    "glued,heading",
    [
        ("下载。（网址）一、概述推进政府信息公开工作是县政府的一项重要工作，全年扎实推进。", "一、概述"),
        ("采购总金额政府集中采购39573802895.90元三、收到和处理政府信息公开申请情况（本列数据的勾稽关系为：第一项加第二项之和）", "三、收到和处理政府信息公开申请情况"),
    ],
)
def test_a_glued_heading_starts_a_line(linter, glued, heading):
    texts = _texts(_layout(linter, "这是一段正文。" * 12 + glued))
    assert any(t.startswith(heading) for t in texts)


def test_the_reports_own_parts_in_a_collapsed_body(linter):
    """Titles that are no section titles of the format ("二、工作机制保障") are cut off in a
    collapsed body only as the next number of the parts, after a sentence's end."""
    body = "一、总体情况本年度扎实推进政务公开工作，取得积极成效。" + "这是一段正文，讲述工作情况。" * 20
    text = body + "二、工作机制保障市科委设立政务公开工作协调小组，统筹推进。四、政府信息管理按照要求及时发布信息。"
    texts = _texts(_layout(linter, text))
    assert "二、工作机制保障" in texts
    assert not any(t.startswith("四、") for t in texts)  # 四 does not follow 二


def test_the_next_part_counts_from_the_lines_before(linter):
    """The part before it stands on a line of its own; the statistics table's caption is
    the next part, after a sentence's end and a space, cut with its whole caption."""
    text = ("六、主要问题和改进措施\n（三）继续加强督导协调工作。" + "这是一段正文，讲述改进措施。" * 20
            + " 七、青禾县政府信息公开情况统计表 指标名称计量单位2016年度历年累计主动公开文件数条346085376")
    texts = _texts(_layout(linter, text))
    assert "七、青禾县政府信息公开情况统计表" in texts
    text = text.replace("六、主要问题和改进措施", "五、主要问题和改进措施")  # 七 does not follow 五
    assert not any(t.startswith("七、") for t in _texts(_layout(linter, text)))


def test_a_heading_named_inside_a_quotation_stays(linter):
    text = "这是一段正文。" * 12 + "按照《关于印发二、主动公开政府信息情况的通知》要求，做好工作。"
    assert len(_texts(_layout(linter, text))) == 1


@pytest.mark.parametrize("name", ["2013_pingtan_county.txt", "2020_pingtan_zone.txt", "2019_hebei_education.txt", "2024_shanghai_kewei.md"])
def test_corpus_layouts_keep_every_position(linter, name):
    source = (CORPUS / name).read_bytes().decode("utf-8")
    doc = normalize(read_path(CORPUS / name), linter.vocabulary)
    _assert_positions(doc, source)
    assert doc.meta.get("title")  or doc.blocks[0].text.strip().endswith("报告")


def test_a_title_the_crawler_cut_short_still_gives_the_year(linter):
    text = (
        "标题: 某县人民政府2019年政府信息公开工作年...\n发布时间: 2020-01-20 10:00\n"
        "==================== 正文 ====================\n"
        "根据《中华人民共和国政府信息公开条例》要求，编制本报告。一、总体情况 本年度主动公开信息120条。"
    )
    report = linter.analyse(read_bytes(text.encode("utf-8"), "r.txt"))
    assert (report.year, report.year_source, report.regime.id) == (2019, "page", "2019")
    assert report.published == "2020-01-20"


def test_the_year_the_body_names_most(linter):
    text = "一、总体情况\n2021年，我局扎实推进政务公开。2021年共主动公开信息120条，较2020年有所增加。\n二、主动公开政府信息情况\n2021年制发规范性文件3件。\n"
    report = linter.analyse(read_bytes(text.encode("utf-8"), "r.txt"))
    assert (report.year, report.year_source) == (2021, "body")
    text = "一、总体情况\n2021年，我局扎实推进政务公开，较2020年有所增加。\n"  # 2021 once, 2020 once: no year
    assert linter.analyse(read_bytes(text.encode("utf-8"), "r.txt")).year is None


def test_cells_set_apart_by_fullwidth_spaces(linter):
    text = (
        "某县教育局2021年政府信息公开工作年度报告\n二、主动公开政府信息情况\n第二十条第（一）项\n"
        "信息内容　　本年制发件数　　本年废止件数　　现行有效件数\n规章　　0　　0　　0\n行政规范性文件　　3　　1　　12\n"
    )
    report = linter.analyse(read_bytes(text.encode("utf-8"), "r.txt"))
    cells = report.tables["proactive"].table.cells
    assert [cells[f"proactive.art20_1.normative_docs.{c}"].value.raw for c in ("made", "repealed", "valid")] == ["3", "1", "12"]
