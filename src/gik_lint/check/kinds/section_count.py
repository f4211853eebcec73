"""section-count: an introduction that says how many parts the report has ("全文包括……
等六个部分", "由……N部分组成") agrees with the parts it has."""

from __future__ import annotations

import re

from gik_lint.check.finding import Hit
from gik_lint.check.kinds._text import view
from gik_lint.textnorm import cn_number

NEEDS_REGIME = False

_STATEMENT = re.compile(r"(?:包括|包含|分为|由)[^。]{0,80}?(?:等)?(?P<n>[一二三四五六七八九十]|\d{1,2})(?:个)?部分")


def check(rule, report):
    parts = [s for s in report.outline.root.children]
    if len(parts) == 1 and parts[0].children:  # a title heading holding the report
        parts = parts[0].children
    numbered = [s for s in parts if s.heading.number is not None]
    if not numbered:
        return
    for m in view(report, "document").finditer(_STATEMENT):
        stated = cn_number(m.group("n"))
        if stated is not None and stated != len(numbered):
            yield Hit(start=m.start, end=m.end, context={"stated": stated, "found": len(numbered), "text": m.group(0)},
                      evidence={"stated": stated, "parts": [s.heading.text for s in numbered]})
        return  # the first such statement is the introduction's
