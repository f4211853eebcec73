"""fee-contradiction: a fee above zero stated anywhere (信息处理费 … N 元, 收费金额) while
the section that should report it (六、其他需要报告的事项) says only "无"."""

from __future__ import annotations

from decimal import Decimal

from gik_lint.check.finding import Hit
from gik_lint.check.kinds._text import view
from gik_lint.packcache import compile_re
from gik_lint.textnorm import compact

NEEDS_REGIME = True

_FEE = compile_re(r"信息处理费[^。；]{0,20}?(?P<n>\d+(?:\.\d+)?)(?:万)?元")


def check(rule, report):
    other = report.sections.get("other")
    if other is None:
        return
    body = "".join(compact(report.outline.text(s)) for s in [other.section, *other.section.walk()]).strip("。.")
    if body not in ("无", "暂无", "没有"):
        return
    for m in view(report, "document").finditer(_FEE):
        if Decimal(m.group("n")) > 0:
            heading = other.section.heading
            yield Hit(start=m.start, end=m.end, section="other",
                      context={"found": m.group(0), "heading": heading.text},
                      evidence={"found": m.group(0), "other_section": body})
            return
