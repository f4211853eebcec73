"""section-order: the recognised sections stand in the regime's order.

The largest set of sections already in order is kept (a longest increasing
subsequence); each of the others is reported once, at its heading."""

from __future__ import annotations

from gik_lint.check.finding import Hit
from gik_lint.check.kinds._anchor import document_order, heading_span

NEEDS_REGIME = True


def _in_order(ranks: list[int]) -> set[int]:
    """Indices of one longest strictly increasing subsequence of ``ranks``."""
    best: list[list[int]] = []
    for i, rank in enumerate(ranks):
        chain = max((c for c in best if ranks[c[-1]] < rank), key=len, default=[])
        best.append(chain + [i])
    longest = max(best, key=len, default=[])
    return set(longest)


def check(rule, report):
    regime = report.regime
    rank = {s.id: n for n, s in enumerate(regime.sections)}
    matches = document_order(report)
    ranks = [rank[m.id] for m in matches]
    keep = _in_order(ranks)
    kept = [matches[i] for i in sorted(keep)]
    for i, match in enumerate(matches):
        if i in keep:
            continue
        earlier = [k for k in kept if rank[k.id] < rank[match.id]]
        later = [k for k in kept if rank[k.id] > rank[match.id]]
        start, end = heading_span(report, match.section)
        yield Hit(
            start=start,
            end=end,
            section=match.id,
            context={
                "heading": match.section.heading.text,
                "after": earlier[-1].section.heading.text if earlier else None,
                "before": later[0].section.heading.text if later else None,
            },
            evidence={"order": [m.id for m in matches], "expected": [s.id for s in regime.sections]},
            basis=regime.section(match.id).basis,
        )
