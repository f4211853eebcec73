"""Word constructs read as Word shows them (fixtures/formats/word_features.docx, made
by make_word_features.py)."""

from __future__ import annotations

from conftest import FIXTURES
from gik_lint.read import read_path

WORD = FIXTURES / "formats" / "word_features.docx"


def test_text_as_word_shows_it():
    doc = read_path(WORD)
    assert [(b.paragraph, b.heading_level, b.text) for b in doc.blocks] == [
        (1, None, "某县人民政府2022年政府信息公开工作年度报告"),
        (2, 1, "一、总体情况"),  # numbering comes from the heading style
        (3, None, "本年度主动公开信息1200条。"),  # insertion kept, deletion dropped
        (4, None, "（一）主动公开"),  # automatic numbering, second level
        (5, None, "见第3页，2023年1月20日"),  # field results, not codes; hidden text skipped
        (6, None, "（二）依申请公开"),
        (7, None, "第一行"),  # a line break splits the paragraph
        (7, None, "第二行"),
        (8, None, "文本框中的说明：本报告数据截至2022年12月31日"),  # the text box, once
        (9, 1, "二、主动公开政府信息情况"),  # the style's list goes on; the sub-level restarts
        (17, None, "1.要点"),  # paragraphs in the table were counted
        (18, None, "2.要点"),
    ]


def test_merged_cells():
    (table,) = read_path(WORD).tables
    assert [[(c.text, c.rowspan, c.colspan) if c else None for c in row] for row in table.grid()] == [
        [("第二十条第（一）项", 1, 3), None, None],
        [("三、本年度办理结果", 2, 1), ("（一）予以公开", 1, 1), ("5", 1, 1)],
        [None, ("（二）部分公开", 1, 1), ("1", 1, 1)],
    ]
    assert table.position.paragraph == 10
    assert table.after_block == 10


def test_sections_come_from_word_headings(linter):
    report = linter.lint_path(WORD).report
    assert report.sections["overview"].section.heading.text == "一、总体情况"
    assert report.sections["proactive"].section.heading.text == "二、主动公开政府信息情况"
    assert report.outline.start(report.sections["proactive"].section.heading).paragraph == 9
