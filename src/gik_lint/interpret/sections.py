"""Map the outline's sections onto the regime's canonical section ids."""

from __future__ import annotations


from gik_lint.interpret.regime import Regime
from gik_lint.memo import by_identity
from gik_lint.records import record
from gik_lint.structure.outline import Outline, Section


@record
class SectionMatch:
    id: str
    section: Section
    quality: int  # regime.EXACT .. regime.FALLBACK


_CLASSIFIED: dict = {}


def classify(title: str, regime: Regime) -> tuple[str, int] | None:
    """The canonical id a heading title carries, and how well; the best quality wins,
    ties go by the regime's match priority. Kept: the same headings come back report after report."""

    def best() -> tuple[str, int] | None:
        found: tuple[str, int] | None = None
        for sid in regime.match_priority:
            quality = regime.section(sid).match(title)
            if quality is not None and (found is None or quality > found[1]):
                found = (sid, quality)
        return found

    return by_identity(_CLASSIFIED, regime, title, best)


def map_sections(outline: Outline, regime: Regime) -> dict[str, SectionMatch]:
    """Each canonical id gets at most one section: the best match, then the shallowest,
    then the first. Where the regime does not let sections nest, a heading under a
    heading that itself carries a section is not a candidate."""
    candidates: dict[int, tuple[str, int]] = {}
    best: dict[str, SectionMatch] = {}
    order = {id(s): n for n, s in enumerate(outline.sections())}
    for section in outline.sections():
        found = classify(section.heading.title, regime)
        if found is None:
            continue
        candidates[id(section)] = found
        if not regime.sections_may_nest and any(id(a) in candidates for a in section.ancestors()):
            continue
        sid, quality = found
        current = best.get(sid)
        key = (-quality, section.depth, order[id(section)])
        if current is None or key < (-current.quality, current.section.depth, order[id(current.section)]):
            best[sid] = SectionMatch(sid, section, quality)
    return best
