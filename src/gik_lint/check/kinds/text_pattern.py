"""text-pattern: wording that must not stand in a report: template leftovers ("XX",
"（单位名称）", a number left out before its measure word), wording that belongs to
another kind of organ.

Options: ``patterns`` (a list of ``{regex, what}``; matched over text folded to half-width,
without whitespace unless ``keep_space`` is set, where the gap is the defect), ``scope``,
``unless_agency`` / ``only_agency`` (regexes: the organs the rule does not / only applies to)."""

from __future__ import annotations

import re

from gik_lint.check.finding import Hit
from gik_lint.check.kinds._text import pieces, view

NEEDS_REGIME = False


def prepare(rule) -> list:
    return rule.prepared("patterns", lambda: [(re.compile(p["regex"]), p["what"]) for p in rule.options["patterns"]])


def check(rule, report):
    unless, only = rule.options.get("unless_agency"), rule.options.get("only_agency")
    if unless and report.agency and re.search(unless, report.agency):
        return
    if only and not (report.agency and re.search(only, report.agency)):
        return
    scope = rule.options.get("scope", "document")
    compiled = prepare(rule)
    blocks = report.document.blocks
    if rule.options.get("keep_space"):
        for b, start, end in pieces(report, scope):
            text = blocks[b].folded
            for pattern, what in compiled:
                for m in pattern.finditer(text, start, end):
                    yield Hit(start=blocks[b].at(m.start()), end=blocks[b].at(m.end()), context={"found": m.group(0).strip(), "what": what},
                              evidence={"found": m.group(0), "what": what})
        return
    for pattern, what in compiled:
        for m in view(report, scope).finditer(pattern):
            yield Hit(start=m.start, end=m.end, context={"found": m.group(0), "what": what}, evidence={"found": m.group(0), "what": what})
