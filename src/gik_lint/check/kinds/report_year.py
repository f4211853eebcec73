"""report-year: the report year, and so the regime, could be determined.

Without a year no regime applies, and every rule that depends on one is not
assessable; this says so instead of passing the report silently."""

from __future__ import annotations

from gik_lint.check.finding import Hit

NEEDS_REGIME = False


def check(rule, report):
    if report.regime is not None:
        return
    title = report.title
    if title is not None:
        blocks = report.document.blocks
        start, end = blocks[title.block].at(title.start), blocks[title.end_block].at(title.end)
    else:
        first = report.document.blocks[0]
        start, end = first.at(0), first.at(len(first.text))
    yield Hit(start=start, end=end, context={"title": title.text if title else None, "year": report.year})
