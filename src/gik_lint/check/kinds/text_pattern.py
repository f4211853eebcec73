"""text-pattern: wording that must not stand in a report: template leftovers ("XX",
"（单位名称）", a number left out before its measure word), wording that belongs to
another kind of organ.

Options: ``patterns`` (a list of ``{regex, what}``; matched over text folded to half-width,
without whitespace unless ``keep_space`` is set, where the gap is the defect), ``scope``,
``unless_agency`` / ``only_agency`` (regexes: the organs the rule does not / only applies to),
``by_level`` (level of the organ's place, 省 / 市 / 县 / 区 -> its own list of patterns: the
wording of organs of other levels; an organ whose name gives no place is not checked).
Every finding quotes the sentence it stands in."""

from __future__ import annotations


from gik_lint.check.finding import Hit
from gik_lint.check.kinds._text import pieces, sentence, view
from gik_lint.packcache import compile_re

NEEDS_REGIME = False


def prepare(rule, level: str | None = None) -> list:
    if "by_level" in rule.options:
        return rule.prepared(f"patterns:{level}", lambda: [(compile_re(p["regex"]), p["what"]) for p in rule.options["by_level"].get(level) or ()])
    return rule.prepared("patterns", lambda: [(compile_re(p["regex"]), p["what"]) for p in rule.options["patterns"]])


def check(rule, report):
    unless, only = rule.options.get("unless_agency"), rule.options.get("only_agency")
    if unless and report.agency and compile_re(unless).search(report.agency):
        return
    if only and not (report.agency and compile_re(only).search(report.agency)):
        return
    scope = rule.options.get("scope", "document")
    if "by_level" in rule.options and not report.organ_level:
        return
    compiled = prepare(rule, report.organ_level)
    if not compiled:
        return
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
            sentence_text = sentence(m)
            yield Hit(start=m.start, end=m.end, context={"found": m.group(0), "what": what, "sentence": sentence_text, "level": report.organ_level},
                      evidence={"found": m.group(0), "what": what, "sentence": sentence_text})
