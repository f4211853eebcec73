"""required-section: every section the regime requires is present.

A missing section is placed at the heading of the next section that is present (where
it should have stood), or at the end of the document."""

from __future__ import annotations

from gik_lint.check.finding import Hit
from gik_lint.check.kinds._anchor import heading_span

NEEDS_REGIME = True


def check(rule, report):
    regime, present = report.regime, report.sections
    for index, spec in enumerate(regime.sections):
        if not spec.required or spec.id in present:
            continue
        following = next((present[s.id] for s in regime.sections[index + 1 :] if s.id in present), None)
        if following is not None:
            start, end = heading_span(report, following.section)
            before = following.section.heading.text
        else:
            start = end = report.document.last_position
            before = None
        yield Hit(
            start=start,
            end=end,
            section=spec.id,
            context={"spec": spec, "before": before, "regime": regime},
            evidence={"expected": spec.canonical, "regime": regime.id},
            severity=spec.missing_severity,
            basis=spec.basis,
        )
