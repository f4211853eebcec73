"""required-mention: the report speaks of what the Regulations or the format require
of it, for the issuers and regimes in ``when``.

Option ``groups``: a list of word lists; each group must be mentioned (any word of it)
in the ``scope`` (the document, or a section). One finding names the groups missing."""

from __future__ import annotations

from gik_lint.check.finding import Hit
from gik_lint.check.kinds._text import view
from gik_lint.textnorm import compact

NEEDS_REGIME = True


def check(rule, report):
    when = rule.options.get("when", {})
    if "issuer_kind" in when and report.issuer_kind not in when["issuer_kind"]:
        return
    scope = rule.options.get("scope", "document")
    if scope != "document" and scope not in report.sections:
        return  # the section is missing: the missing-section rule says so
    text = view(report, scope).flat
    missing = [group for group in rule.options["groups"] if not any(compact(word) in text for word in group)]
    if not missing:
        return
    match = report.sections.get(scope) or report.sections.get("overview")
    if match is not None:
        start, end = report.outline.start(match.section.heading), report.outline.end(match.section.heading)
    else:
        start = end = report.document.blocks[0].at(0)
    yield Hit(start=start, end=end, section=scope if scope != "document" else None,
              context={"missing": [g[0] for g in missing]}, evidence={"missing": [g[0] for g in missing]})
