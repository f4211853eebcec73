"""Positions shared by the section kinds."""

from __future__ import annotations

from gik_lint.interpret import Report
from gik_lint.read import Position
from gik_lint.structure.outline import Section


def heading_span(report: Report, section: Section) -> tuple[Position, Position]:
    outline = report.outline
    return outline.start(section.heading), outline.end(section.heading)


def document_order(report: Report) -> list:
    """The report's section matches in the order their headings stand."""
    order = {id(s): n for n, s in enumerate(report.outline.sections())}
    return sorted(report.sections.values(), key=lambda m: order[id(m.section)])
