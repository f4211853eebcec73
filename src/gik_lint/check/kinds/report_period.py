"""period-statement: the report states its statistical period, completely: 统计期限
(时限, 时间, 周期 …) from 1 January to 31 December of the report year."""

from __future__ import annotations


from gik_lint.check.finding import Hit
from gik_lint.check.kinds._text import view
from gik_lint.packcache import compile_re
from gik_lint.textnorm import arabic_dates

NEEDS_REGIME = False

_STATEMENT = compile_re(r"统计(?:期限|时限|时间|期间|区间|范围|周期|时段)[^。]{0,40}")
_FULL = compile_re(r"((?:19|20)\d{2})年0?1月0?1日[^。]{0,12}?(?:((?:19|20)\d{2})年)?12月31日")


def check(rule, report):
    text = view(report, "document")
    statements = list(text.finditer(_STATEMENT))
    if not statements:
        where = report.document.blocks[report.title.end_block if report.title else 0]
        position = where.at(len(where.text))
        yield Hit(start=position, end=position, context={"problem": "missing"}, evidence={"problem": "missing"})
        return
    first = statements[0]
    full = _FULL.search(arabic_dates(first.group(0)))
    if full is None:
        yield Hit(start=first.start, end=first.end, context={"problem": "incomplete", "found": first.group(0)},
                  evidence={"problem": "incomplete", "found": first.group(0)})
        return
    years = {int(y) for y in full.groups() if y}
    if report.year is not None and years != {report.year}:
        yield Hit(start=first.start, end=first.end, context={"problem": "year", "found": first.group(0), "year": report.year},
                  evidence={"problem": "year", "found": first.group(0), "report_year": report.year})
