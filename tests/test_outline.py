"""Heading recognition and the section tree, on small real-looking documents."""

from __future__ import annotations

import pytest

from gik_lint.read import read_bytes


def outline(linter, text, name="r.txt"):
    from gik_lint.structure.outline import build_outline

    return build_outline(read_bytes(text.encode("utf-8"), name), linter.vocabulary)


def headings(linter, text, name="r.txt"):
    return [(h.style, h.number, h.title) for h in outline(linter, text, name).headings]


@pytest.mark.parametrize(
    "line,style,number,title",
    [
        ("一、总体情况", "cn1", 1, "总体情况"),
        ("十一、其他", "cn1", 11, "其他"),
        ("（一）主动公开", "cn2", 1, "主动公开"),
        ("(二)依申请公开", "cn2", 2, "依申请公开"),
        ("1.制度建设", "ar", 1, "制度建设"),
        ("２、平台建设", "ar", 2, "平台建设"),
        ("１．平台建设", "ar", 1, "平台建设"),
        ("（1）空气质量", "arp", 1, "空气质量"),
        ("⑵水质", "arp", 2, "水质"),
        ("③饮用水源", "circ", 3, "饮用水源"),
        ("第一部分 总体情况", "part", 1, "总体情况"),
        ("第二部分　主动公开政府信息情况", "part", 2, "主动公开政府信息情况"),
        ("　　一、概 述", "cn1", 1, "概述"),
        ("六 、 其他需要报告的事项", "cn1", 6, "其他需要报告的事项"),
        ("一、2016年政府信息公开工作的总体情况", "cn1", 1, "2016年政府信息公开工作的总体情况"),
    ],
)
def test_marker_styles(linter, line, style, number, title):
    assert headings(linter, f"标题\n{line}\n正文。") == [(style, number, title)]


@pytest.mark.parametrize(
    "line",
    [
        "1.5万份宣传资料已发放完毕，群众反响良好，效果明显，得到广泛好评和认可。",
        "2016年，我局认真贯彻落实条例。",
        "一是完善工作机构。",
        "1.公开的范围不够广；",
        "（一）予以公开 12 0 0 0 0 0 12",
        "一、本年新收政府信息公开申请数量 21 0 0 0 0 0 21",
        "三、本年度办理结果",
        "（七）总计",
        "| 规章 | 0 | 0 | 0 |",
        "（地址：中卫市政务服务大楼 5 楼；邮编：755000）",
        "1.属于国家秘密；2.其他法律行政法规禁止公开；3.危及“三安全一稳定”。",
    ],
)
def test_not_headings(linter, line):
    assert headings(linter, f"标题\n{line}\n正文。") == []


def test_run_in_heading_ends_at_the_full_stop(linter):
    ol = outline(linter, "标题\n（一）主动公开政府信息情况。本年度共主动公开信息320条。\n")
    (h,) = ol.headings
    assert (h.title, h.text) == ("主动公开政府信息情况", "（一）主动公开政府信息情况")
    (section,) = list(ol.sections())
    assert ol.text(section) == "本年度共主动公开信息320条。"


def test_long_numbered_paragraph_is_not_a_heading(linter):
    text = "标题\n（一）全年共主动公开政府信息三千二百余条，其中政策文件一百二十条，规划计划五十条，人事信息三十条。\n"
    assert headings(linter, text) == []


def test_flattened_portal_text(linter):
    text = (
        "某区人民政府2021年政府信息公开工作年度报告\n"
        "本报告由区政府办公室编制，联系电话：0591-1234567。一、总体情况2021年，我区深化政务公开。"
        "（一）主动公开。全年公开信息6328条。二、主动公开政府信息情况 第二十条第（一）项 规章 0 0 0"
        "三、收到和处理政府信息公开申请情况 一、本年新收政府信息公开申请数量 5 0 0 0 0 0 5 "
        "四、政府信息公开行政复议、行政诉讼情况 0 0 0 0 0。五、存在的主要问题及改进情况一是更新不及时。"
        "六、其他需要报告的事项本年度未收取信息处理费。\n"
    )
    got = headings(linter, text)
    assert [t for _, _, t in got] == [
        "总体情况",
        "主动公开",  # "（一）主动公开。" after a full stop: a sub-heading of 总体情况
        "主动公开政府信息情况",
        "收到和处理政府信息公开申请情况",
        "政府信息公开行政复议、行政诉讼情况",
        "存在的主要问题及改进情况",
        "其他需要报告的事项",
    ]
    ol = outline(linter, text)
    first = ol.headings[0]
    assert ol.start(first).line == 2 and ol.document.blocks[1].text[first.start : first.end] == "一、总体情况"


def test_table_of_contents_is_not_the_body(linter):
    text = (
        "某局2021年政府信息公开工作年度报告\n目  录\n"
        "一、总体情况……………………1\n二、主动公开政府信息情况……………2\n"
        "正文\n一、总体情况\n内容。\n二、主动公开政府信息情况\n内容。\n"
    )
    ol = outline(linter, text)
    assert [(ol.start(h).line, h.title) for h in ol.headings] == [(6, "总体情况"), (8, "主动公开政府信息情况")]


def test_toc_without_leaders_is_recognised_by_recurrence(linter):
    text = "标题\n一、总体情况\n二、主动公开政府信息情况\n三、其他需要报告的事项\n\n一、总体情况\n正文。\n二、主动公开政府信息情况\n正文。\n三、其他需要报告的事项\n无。\n"
    ol = outline(linter, text)
    assert [ol.start(h).line for h in ol.headings] == [6, 8, 10]


def test_intro_listing_the_sections_is_not_a_heading(linter):
    text = "标题\n本报告包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况等六个部分。\n一、总体情况\n正文。\n"
    assert headings(linter, text) == [("cn1", 1, "总体情况")]


def test_wrapped_heading_is_joined(linter):
    ol = outline(linter, "标题\n三、收到和处理政府信息公开\n申请情况\n本年新收申请5件。\n")
    (h,) = ol.headings
    assert h.title == "收到和处理政府信息公开申请情况"
    assert (ol.start(h).line, ol.end(h).line) == (2, 3)
    (section,) = list(ol.sections())
    assert ol.text(section) == "本年新收申请5件。"


def test_short_body_line_is_not_joined(linter):
    ol = outline(linter, "标题\n六、其他需要报告的事项\n无\n")
    (h,) = ol.headings
    assert h.title == "其他需要报告的事项"


def test_markdown_and_bold_headings_nest(linter):
    text = "# 某局2021年政府信息公开工作年度报告\n## 一、总体情况\n### （一）主动公开\n正文。\n## 二、主动公开政府信息情况\n**（一）规章**\n正文。\n"
    ol = outline(linter, text, "r.md")
    tree = [(s.depth, s.heading.style, s.heading.title) for s in ol.sections()]
    assert tree == [
        (1, "md1", "某局2021年政府信息公开工作年度报告"),
        (2, "md2", "总体情况"),
        (3, "md3", "主动公开"),
        (2, "md2", "主动公开政府信息情况"),
        (3, "cn2", "规章"),
    ]


def test_bold_only_line_without_number(linter):
    assert headings(linter, "标题\n**存在问题**\n正文。\n", "r.md") == [("bold", None, "存在问题")]


def test_unnumbered_known_title_line(linter):
    assert headings(linter, "标题\n其他需要报告的事项\n无。\n") == [("plain", None, "其他需要报告的事项")]


def test_styles_nest_by_first_appearance(linter):
    text = "标题\n第一部分 总体情况\n一、主动公开\n（一）制度\n1.规章\n一、依申请公开\n第二部分 主动公开政府信息情况\n一、规章\n"
    ol = outline(linter, text)
    assert [(s.depth, s.heading.title) for s in ol.sections()] == [
        (1, "总体情况"),
        (2, "主动公开"),
        (3, "制度"),
        (4, "规章"),
        (2, "依申请公开"),
        (1, "主动公开政府信息情况"),
        (2, "规章"),
    ]


def test_positions_point_into_the_original_line(linter):
    ol = outline(linter, "标题\n　　**一、概 述**\n正文。\n", "r.md")
    (h,) = ol.headings
    assert (ol.start(h).line, ol.start(h).column) == (2, 5)  # after two full-width spaces and "**"
    assert ol.end(h).column == 10  # just past "述"
    assert h.text == "一、概 述"
