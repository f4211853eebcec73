"""narrative-sum: a total the narrative states, followed by its parts ("共计N条。其中
A条…B条…"), adds up.

Only a total that is the one figure of its unit in its sentence is checked, against the
figures of the same unit in the "其中" clause that follows (a sentence that gives two
totals of one unit — 交易额 and 节约资金, both 亿元 — is left alone: which parts belong to
which cannot be told). Approximate totals are taken as meant:
"N余" / "N多" (more than N): the parts may exceed N by up to max(10, 1% of N);
"约N" (about N): the parts may differ from N by up to max(10, 5% of N);
"近N" (nearly N): the parts may fall short of N by up to max(10, 5% of N), not exceed it.
A part given with its share of an exact total ("60件，占60%") is checked to half a point."""

from __future__ import annotations

import re
from decimal import Decimal

from gik_lint.check.finding import Hit
from gik_lint.check.kinds._tables import number
from gik_lint.check.kinds._text import view

NEEDS_REGIME = False

_UNITS = "条|件|个|项|篇|次|期|场|家|人次|亿元|万元|元"
_TOTAL = re.compile(rf"(?:共计|总计|合计|累计|共)(?P<approx>约|近)?(?P<n>\d+(?:\.\d+)?)(?P<more>余|多)?(?P<unit>{_UNITS})")
_FIGURE = re.compile(rf"(?<![\d.])(?P<n>\d+(?:\.\d+)?)(?P<more>余|多)?(?P<unit>{_UNITS})(?![\d%])")
_SHARE = re.compile(r"[,，]?(?:占|占比|占总数的?|比例为)(?P<p>\d+(?:\.\d+)?)%")


def check(rule, report):
    text = view(report, "document")
    flat = text.flat
    for total in text.finditer(_TOTAL):
        m = total.match
        sentence_start = max(flat.rfind("。", 0, m.start()), flat.rfind("；", 0, m.start())) + 1
        sentence_end = flat.find("。", m.end())
        if sentence_end < 0:
            continue
        clause = flat[sentence_end + 1 :]
        lead = re.match(r"[，,：:]?其中[，,：:]?", clause) or re.match(r"其中", flat[m.end() : sentence_end].lstrip("，,"))
        if not lead:
            continue
        unit = m.group("unit")
        same_unit = [f for f in _FIGURE.finditer(flat, sentence_start, sentence_end) if f.group("unit") == unit]
        if len(same_unit) != 1:
            continue  # two totals of one unit: which parts are whose cannot be told
        parts_end = flat.find("。", sentence_end + 1)
        parts_text = flat[sentence_end + 1 : parts_end if parts_end > 0 else len(flat)]
        parts = [f for f in _FIGURE.finditer(parts_text) if f.group("unit") == unit]
        if len(parts) < 2:
            continue
        n = Decimal(m.group("n"))
        if not (m.group("approx") or m.group("more")) and n:
            for part in parts:  # "其中予以公开60件，占60%": the share of the stated total
                share = _SHARE.match(parts_text, part.end())
                if share and abs(Decimal(part.group("n")) * 100 / n - Decimal(share.group("p"))) > Decimal("0.5"):
                    yield Hit(
                        start=total.start,
                        end=total.end,
                        context={"total": m.group(0), "share": f"{part.group(0)}{share.group(0).lstrip(',，')}",
                                 "actual": number((Decimal(part.group("n")) * 100 / n).quantize(Decimal("0.1")))},
                        evidence={"total": m.group(0), "part": part.group(0), "stated_share": share.group("p") + "%"},
                    )
        got = sum(Decimal(p.group("n")) for p in parts)
        if _fits(n, got, m.group("approx"), m.group("more")):
            continue
        yield Hit(
            start=total.start,
            end=total.end,
            context={"total": m.group(0), "n": number(n), "sum": number(got), "unit": unit,
                     "parts": [p.group(0) for p in parts], "approx": m.group("approx") or m.group("more") or ""},
            evidence={"total": m.group(0), "stated": number(n), "parts": [p.group(0) for p in parts], "sum": number(got)},
        )


def _fits(n: Decimal, got: Decimal, approx: str | None, more: str | None) -> bool:
    if more:
        return n <= got <= n + max(Decimal(10), n / 100)
    if approx == "约":
        return abs(got - n) <= max(Decimal(10), n / 20)
    if approx == "近":
        return n - max(Decimal(10), n / 20) <= got <= n
    return got == n
