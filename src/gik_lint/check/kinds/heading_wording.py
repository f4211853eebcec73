"""heading-wording: a recognised section whose heading is not the canonical wording.

Only sections the regime requires have a prescribed wording (the 2008 regime's
overview, for one, has none)."""

from __future__ import annotations

from gik_lint.check.finding import Hit
from gik_lint.check.kinds._anchor import document_order, heading_span
from gik_lint.interpret.regime import EXACT

NEEDS_REGIME = True


def check(rule, report):
    regime = report.regime
    for match in document_order(report):
        spec = regime.section(match.id)
        if match.quality >= EXACT or not spec.required:
            continue
        start, end = heading_span(report, match.section)
        yield Hit(
            start=start,
            end=end,
            section=match.id,
            context={"heading": match.section.heading.text, "spec": spec},
            evidence={"found": match.section.heading.title, "expected": spec.canonical},
            basis=spec.basis,
        )
