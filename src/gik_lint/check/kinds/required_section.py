"""required-section: every section the regime requires is present.

A missing section is placed at the heading of the next section that is present (where
it should have stood), or at the end of the document. A section whose topic the report
states in a sentence elsewhere (its ``topic`` wordings: "未收到有关政府信息公开行政复议申请"
inside 三) meets the 2008 Regulations: information that it has no heading of its own, at
that sentence. Under the unified format (2019, 2021), whose parts are fixed, it is a
warning: the content is there, the part is not."""

from __future__ import annotations


from gik_lint.check.finding import Hit
from gik_lint.check.kinds._anchor import heading_span
from gik_lint.check.kinds._text import sentence, view
from gik_lint.packcache import compile_re

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
        stated = _stated(report, spec)
        if stated is not None:
            yield Hit(
                start=stated.start,
                end=stated.end,
                section=spec.id,
                context={"spec": spec, "before": before, "regime": regime, "stated": sentence(stated, 40, from_clause=True)},
                evidence={"expected": spec.canonical, "regime": regime.id, "stated": sentence(stated, 40, from_clause=True)},
                # the 2008 era had no format: the topic is met; the unified format's parts are
                # fixed, so a part that stands only inside another is a likely breach of it
                severity="info" if regime.sections_may_nest else "warning",
                basis=spec.basis,
            )
            continue
        yield Hit(
            start=start,
            end=end,
            section=spec.id,
            context={"spec": spec, "before": before, "regime": regime},
            evidence={"expected": spec.canonical, "regime": regime.id},
            severity=spec.missing_severity,
            basis=spec.basis,
        )


# the sentence that lists the report's parts names every topic: it states none
_PART_LIST = compile_re(r"部分组成|[共等][一二三四五六七八九十\d]+个?部分")


def _stated(report, spec):
    """The first sentence that states the section's topic, or None."""
    for pattern in spec.topic:
        for m in view(report, "document").finditer(pattern):
            if not _PART_LIST.search(sentence(m, 200)):
                return m
    return None
