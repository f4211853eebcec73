"""section-substance: a section says something: not only "无" or "暂无", and not less
than ``min_chars`` characters (options ``sections``, ``min_chars``, ``stock``); and, when
it does, what it must (``must_say``: ``{what, regex}`` over its text and its
sub-headings, folded without whitespace: the problems section's improvement measures).
One finding per section."""

from __future__ import annotations


from gik_lint.check.finding import Hit
from gik_lint.textnorm import compact
from gik_lint.packcache import compile_re

NEEDS_REGIME = True


def check(rule, report):
    stock = {compact(s) for s in rule.options.get("stock", [])}
    for sid in rule.options.get("sections", []):
        match = report.sections.get(sid)
        if match is None:
            continue
        section = match.section
        body = "".join(compact(report.outline.text(s)) for s in [section, *section.walk()]).strip("。.")
        start, end = report.outline.start(section.heading), report.outline.end(section.heading)
        if body in stock or len(body) < rule.options.get("min_chars", 0):
            yield Hit(start=start, end=end, section=sid, context={"heading": section.heading.text, "body": body, "length": len(body)},
                      evidence={"body": body, "length": len(body)})
            continue
        said = body + "".join(compact(s.heading.text) for s in section.walk())
        for need in rule.options.get("must_say", []):
            if not compile_re(need["regex"]).search(said):
                yield Hit(start=start, end=end, section=sid, context={"heading": section.heading.text, "missing": need["what"]},
                          evidence={"missing": need["what"]})
                break
