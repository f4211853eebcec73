"""report-dates: the dates of the report agree with its year: the title year and the
statistical period's year are the same, the report is not signed before the end of the
year it reports on, and its plans for the coming year are not dated with the report
year ("2016年，我们将……" in the plans of a report on 2016: last year's text carried over)."""

from __future__ import annotations


from gik_lint.check.finding import Hit
from gik_lint.check.kinds._text import view
from gik_lint.interpret.title import period_year
from gik_lint.packcache import compile_re

_PLAN = compile_re(r"(?:下一步|今后|新的一年)?[^。]{0,6}?(?P<y>(?:19|20)\d{2})年[，,]?(?:我们|我局|我委|我办|我中心|我区|我县|我市|我镇|我乡|本单位|本机关|全区|全县|全市)?(?:将|要|计划|拟)")

NEEDS_REGIME = False


def check(rule, report):
    year = report.title.year if report.title else None
    blocks = report.document.blocks
    if report.title is not None:
        start, end = blocks[report.title.block].at(report.title.start), blocks[report.title.end_block].at(report.title.end)
    else:
        start = end = blocks[0].at(0) if blocks else report.document.last_position
    period = period_year(report.document)
    if year and period and year != period:
        yield Hit(start=start, end=end, context={"problem": "period", "title_year": year, "period_year": period},
                  evidence={"problem": "period", "title_year": year, "period_year": period})
    if report.year and "problems" in report.sections:
        for m in view(report, "problems").finditer(_PLAN):
            if int(m.group("y")) == report.year:
                yield Hit(start=m.start, end=m.end, section="problems",
                          context={"problem": "plan", "found": m.group(0), "year": report.year},
                          evidence={"problem": "plan", "found": m.group(0), "report_year": report.year})
    if report.signed and report.year and report.signed < f"{report.year}-12-31":
        last = report.document.last_position
        yield Hit(start=last, end=last, context={"problem": "signed", "signed": report.signed, "year": report.year},
                  evidence={"problem": "signed", "signed": report.signed, "report_year": report.year})
