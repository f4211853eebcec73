"""report-dates: the dates of the report agree with its year: the title year and the
statistical period's year are the same, and the report is not signed before the end
of the year it reports on."""

from __future__ import annotations

from gik_lint.check.finding import Hit
from gik_lint.interpret.title import period_year

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
    if report.signed and report.year and report.signed < f"{report.year}-12-31":
        last = report.document.last_position
        yield Hit(start=last, end=last, context={"problem": "signed", "signed": report.signed, "year": report.year},
                  evidence={"problem": "signed", "signed": report.signed, "report_year": report.year})
