"""Tables printed one cell per line: a row's label on a line, then each of its values on
a line of its own (a crawler that kept each cell as a paragraph, cells separated by runs
of lone CRs). The row is put back on one line, its values separated by tabs, which is
how the table stage reads a row that lost its grid.
"""

from __future__ import annotations

import re

from gik_lint.layout.lines import Line, join
from gik_lint.packcache import compile_re

VALUE = compile_re(r"\s*(?:[+-]?\d[\d,]*(?:\.\d+)?\s*(?:%|元|万元|亿元|件|条|个|项|人次)?|[/／—－–-]{1,2}|无)\s*")
_CJK = compile_re(r"[\u4e00-\u9fff]")
_SENTENCE = compile_re(r"[。；;！!？?]")
_MAX_VALUE = 24  # characters a line holding one value may have
_MAX_LABEL = 60  # characters a row label may have
_MIN_VALUES = 2  # a single number under a line is a stray one (a year, a page number), not a row


def join_cells(lines: list[Line], vocabulary) -> list[Line]:
    values = {i for i, line in enumerate(lines) if len(line.block.text) <= _MAX_VALUE and VALUE.fullmatch(line.block.text)}
    if not values:
        return lines  # no line holds a value alone: most reports
    out: list[Line] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        j = i + 1
        while j in values and lines[j].block.table is None:
            j += 1
        if j >= i + 1 + _MIN_VALUES and _row_label(line, vocabulary):
            out.append(Line(join([line.block] + [x.block for x in lines[i + 1 : j]], sep="\t"), line.origin))
            i = j
        else:
            out.append(line)
            i += 1
    return out


def _row_label(line: Line, vocabulary) -> bool:
    text = line.block.text.strip()
    if line.block.table is not None or len(text) > _MAX_LABEL or not _CJK.search(text) or _SENTENCE.search(text):
        return False
    if text[-1].isdigit():
        return False  # a row that has its values
    return not vocabulary.is_title(re.sub(r"^[\s（(]*[一二三四五六七八九十]{1,3}[、.)）]\s*", "", text).replace(" ", ""))
