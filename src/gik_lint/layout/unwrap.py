"""Hard-wrapped text: lines broken at the page's width (PDF copy-paste, pdftotext, a
PDF converted to Markdown) joined back into the paragraphs they were.

A document is hard-wrapped when most of its lines of prose run to about the same width
(in display columns, a Chinese character counting two, or in characters). A line that
runs to that width (70% of it, when it stops in the middle of a sentence), or where the
width changes from paragraph to paragraph to the width of the lines around it, goes on
on the next line, unless the next line opens with a numbering marker, is part of a
table, or follows a blank line (a paragraph break; a page footer's blank lines are no
break). A flattened table's values wrapped onto the next line go on too. A heading or the
title is never joined to its body, but a heading wrapped in two is joined (the two
halves make a known section title); so is a title wrapped over the first lines.
"""

from __future__ import annotations

import re

from gik_lint.layout.lines import Line, join, width
from gik_lint.packcache import compile_re
from gik_lint.textnorm import compact

_LINE_FORMATS = ("text", "markdown", "pdf", "image")  # web pages and Word files have paragraphs
_MIN_LINES = 8  # prose lines a document needs to be judged hard-wrapped
_OPEN_LINE = 16  # characters: a line this long that stops in the middle of a word may be wrapped
_OPEN_SHARE = 0.25  # of such lines, at least, in a hard-wrapped document
_FULL = 0.8  # of the document's width: a line this full runs on
_OPEN_FULL = 0.7  # ... or this full, when it stops in the middle of a sentence
_SENTENCE_END = compile_re(r"[。！？!?；;：:”」）)]\s*$")
_LOCAL_FULL = 0.9  # of the fuller neighbour, where widths vary
_LOCAL_FLOOR = 0.55  # ... but never below this share of the document's width
_WRAPPED_SHARE = 0.45  # of prose lines at full width: the document is hard-wrapped
_MAX_WIDTH = 200  # display columns: wider lines are paragraphs, not wraps

_MARKER = compile_re(
    r"\s*(?:第[一二三四五六七八九十\d]{1,3}(?:部分|篇|章)|[一二三四五六七八九十]{1,3}\s*[、.．](?![\d.])"
    r"|[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}\s*[、.．](?![\d.])|[①-⑳⑴-⒇]|#{1,6}\s|[*_]{2}|[-*+]\s|>)"
)
_TABLE_ROW = compile_re(r"\s*\|")  # a Markdown table row; or one that ends in values:
_VALUES_AT_END = compile_re(r"(?:[\s|]+(?:[-+]?\d[\d,.]*%?|[/—-])){2,}[\s|]*$")
_HEADING_MARKER = compile_re(r"\s*(?:第[一二三四五六七八九十\d]{1,3}部分|[一二三四五六七八九十]{1,3}\s*[、.．]|[（(][一二三四五六七八九十]{1,3}[)）])\s*")
_TITLE_END = compile_re(r"(?:19|20)\d{2}年.{0,40}?(?:政府信息公开|政务信息公开|政务公开|信息公开)(?:工作)?的?(?:年度)?(?:报告|年报)$")
_TITLE_LINES = 8
_VALUES_GO_ON = compile_re(r"\s*[+-]?\d[\d,.]*(?:\s+[+-]?\d[\d,.]*)*(?:\s|$|[\u4e00-\u9fff（(])")


def unwrap(lines: list[Line], fmt: str, continued: set[int], vocabulary) -> list[Line]:
    lines = _join_title(lines)
    if fmt not in _LINE_FORMATS:
        return lines
    # a document of one paragraph a line ends its long lines with punctuation or values, seldom
    # in the middle of a Chinese word: no need to measure it (most of what is linted)
    long = [line.block.text.rstrip() for line in lines if len(line.block.text) >= _OPEN_LINE]
    open_ = sum("\u4e00" <= t[-1] <= "\u9fff" and "  " not in t and "\t" not in t for t in long)  # no table's header
    if len(long) < _MIN_LINES or open_ < _OPEN_SHARE * len(long):
        return lines
    prose = [i for i, line in enumerate(lines) if _prose(line)]
    if len(prose) < _MIN_LINES:
        return lines
    fill = _fill(lines, prose)
    if fill is None:
        return lines
    out: list[Line] = []
    run: list[Line] = []
    for i, line in enumerate(lines):
        if run and not _goes_on(lines, fill, i - 1, continued, vocabulary):
            out.append(_joined(run))
            run = []
        run.append(line)
    if run:
        out.append(_joined(run))
    return out


def _is_title(compacted: str) -> bool:
    return compacted.endswith(("报告", "年报")) and bool(_TITLE_END.search(compacted))


def _table_row(text: str) -> bool:
    return bool(_TABLE_ROW.match(text) or _VALUES_AT_END.search(text[-80:]))


def _fill(lines: list[Line], prose: list[int]) -> list[float] | None:
    """How full each line is, against the document's width (the 90th percentile of its
    prose lines), in display columns or in characters, whichever says fuller (a PDF
    wraps by width, a crawler or a text export by characters); None when the document is
    not hard-wrapped."""
    texts = [line.block.text.strip() for line in lines]
    widths = [width(t) for t in texts]
    by_width = sorted(widths[i] for i in prose)
    by_count = sorted(len(texts[i]) for i in prose)
    doc_width, doc_count = by_width[int(len(prose) * 0.9)], by_count[int(len(prose) * 0.9)]
    if doc_width > _MAX_WIDTH or not doc_count:
        return None
    fill = [max(w / doc_width, len(t) / doc_count) for w, t in zip(widths, texts)]
    if sum(fill[i] >= _FULL for i in prose) < _WRAPPED_SHARE * len(prose):
        return None
    return fill


def _joined(run: list[Line]) -> Line:
    if len(run) == 1:
        return run[0]
    return Line(join([line.block for line in run]), run[0].origin)


def _prose(line: Line) -> bool:
    block = line.block
    return block.table is None and not block.heading_level and len(block.text.strip()) >= 8 and not _table_row(block.text)


def _goes_on(lines: list[Line], fill: list[float], i: int, continued: set[int], vocabulary) -> bool:
    """Whether line ``i`` goes on on line ``i + 1``."""
    line, nxt = lines[i].block, lines[i + 1].block
    if _is_title(compact(line.text)):
        return False  # the title
    if (
        fill[i] >= _FULL and line.table is None and nxt.table is None and _VALUES_GO_ON.match(nxt.text)
        and (not nxt.blank_before or id(nxt) in continued) and not _SENTENCE_END.search(line.text)
    ):
        return True  # a flattened table's values wrapped ("…继续办理 0 0 00" / "00 0 四、…", "…（七）总计" / "20 0 00 …")
    if not _prose(lines[i]) or nxt.table is not None or nxt.heading_level or _table_row(nxt.text):
        return False
    if nxt.page != line.page or (nxt.blank_before and id(nxt) not in continued):
        return False
    if _MARKER.match(nxt.text):
        return False
    heading = _HEADING_MARKER.match(line.text)
    if heading:
        title = re.sub(r"\s", "", line.text[heading.end() :])
        if vocabulary.is_title(title.rstrip("。：:")):
            return False  # a whole heading
        if vocabulary.is_title(title + re.sub(r"\s", "", nxt.text)):
            return True  # a heading wrapped in two
    if fill[i] >= _FULL or (fill[i] >= _OPEN_FULL and not _SENTENCE_END.search(line.text)):
        return True
    neighbours = [fill[j] for j in (i - 1, i + 1) if 0 <= j < len(lines) and _prose(lines[j])]
    return fill[i] >= _LOCAL_FLOOR and bool(neighbours) and fill[i] >= _LOCAL_FULL * max(neighbours)


def _join_title(lines: list[Line]) -> list[Line]:
    """A title wrapped over two or three lines at the top, joined where the lines
    together (and no line alone) read as a report's title."""
    texts = [compact(x.block.text) for x in lines[: _TITLE_LINES + 2]]
    for i in range(min(_TITLE_LINES, len(lines))):
        if _is_title(texts[i]):
            return lines  # a title on one line
        for k in (2, 3):
            group = lines[i : i + k]
            if len(group) < k or any(x.block.table is not None for x in group):
                break
            text = "".join(texts[i : i + k])
            if len(text) <= 60 and _is_title(text) and not _is_title(texts[i + k - 1]):
                return lines[:i] + [_joined(group)] + lines[i + k :]
    return lines
