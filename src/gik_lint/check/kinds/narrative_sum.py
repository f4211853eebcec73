"""narrative-sum: a total the narrative states adds up with the parts it lists, and the
shares it gives are those of the total.

A total (共 / 共计 / 总计 / 合计 / 累计 / 总数…N条) is checked against the figures of the
same unit that list its parts:
- in brackets right after it: "共公布政府信息2602条（其中A 82条，…）";
- after "，其中" or "，包括" up to the end of the clause: "共受理40件，其中予以公开30件…";
- in the next sentence when it opens with 其中: "共计N条。其中A条…B条…".
Only a total that is the one figure of its unit in its sentence (outside its parts) is
checked: a sentence that gives two totals of one unit cannot say whose parts are whose.
Parts introduced by 包括 and followed by 等 are some of the parts, not all: only a part
larger than the whole is reported then.

A list of parts that each give their share ("予以公开258件，占33.9%；不予公开35件，占
4.34%…") refers to the figure of its unit before it of which most of those shares are
the shares (at least two, within half a point): a share that is not the part's share of
it is reported, and so is a sum that is not that figure when the list is complete (it
ends with 其他 / 其它).

Applications answered (办结 / 答复 N件) cannot outnumber those received (受理 / 收到 N件)
plus those the year took over (上年结转 N件, when the same or the next sentence says so).

Approximate totals are taken as meant: "N余" / "N多" (more than N): the parts may exceed
N by up to max(10, 1% of N); "约N": differ by up to max(10, 5% of N); "近N": fall short
by as much, not exceed it."""

from __future__ import annotations

from decimal import Decimal

from gik_lint.check.finding import Hit
from gik_lint.check.kinds._tables import number, unsure_text
from gik_lint.check.kinds._text import view
from gik_lint.packcache import compile_re

NEEDS_REGIME = False

_UNITS = "条|件|个|项|篇|次|期|场|家|人次|亿元|万元|元"
# units that count items: a part counted in another of them ("公报刊登文件46件" among 条) is a
# part all the same, so the sum of one unit's figures says nothing
_COUNTS = frozenset({"条", "件", "个", "项", "篇"})
# 共 / 累计 may stand before the verb and its object: "共公布政府信息2602条", "累计发布各类信息300余条"
# (not the 共 of 公共, 共同, 共享, 中共 …)
_TOTAL = compile_re(
    rf"(?:共计|总计|合计|总数为?|总量为?|(?:(?<![公中总])共(?![同享建产青商性识治赢])|累计)[^\d，,。；;、:：]{{0,10}}?)"
    rf"(?P<approx>约|近)?(?P<n>\d+(?:\.\d+)?)(?P<more>余|多)?(?P<unit>{_UNITS})"
)
_FIGURE = compile_re(rf"(?<![\d.])(?P<n>\d+(?:\.\d+)?)(?P<more>余|多)?(?P<unit>{_UNITS})(?![\d%])")
_SHARE = compile_re(r"[,，]?(?:占|占比|占总数的?|比例为)(?P<p>\d+(?:\.\d+)?)%")
_BRACKET = compile_re(r"[(（](?P<lead>其中|包括)[:：,，]?")
_INLINE = compile_re(r"[,，](?P<lead>其中|包括)[:：,，]?")
_ENDS = "。；;"
_HALF_POINT = Decimal("0.5")


def check(rule, report):
    for hit in _hits(report):
        if unsure_text(report, hit.start, hit.end):  # figures OCR read without certainty: not assessable
            hit.context["ocr"], hit.severity, hit.outcome = True, "info", "not-assessable"
        yield hit


def _hits(report):
    text = view(report, "document")
    flat = text.flat
    for total in text.finditer(_TOTAL):
        yield from _total_and_parts(flat, total)
    for start, end in _share_runs(flat):
        yield from _shares(text, flat, start, end)
    for received in text.finditer(_RECEIVED):
        yield from _closed_over_received(flat, received)


# 办结 cannot exceed 受理 plus what the year took over (上年结转)
_RECEIVED = compile_re(r"(?:受理|收到|新收|接收)(?:各类|本机关|有关)?(?:政府信息公开)?的?申请(?:共计|共)?(?P<n>\d+)件")
_CLOSED = compile_re(r"(?:办结|答复)(?!率)(?:政府信息公开)?(?:申请)?(?:共计|共)?(?P<n>\d+)件")
_CARRIED_IN = compile_re(r"(?:上年度?|上一年度?)结转(?:政府信息公开)?(?:申请)?(?P<n>\d+)件|结转(?:申请)?(?P<n2>\d+)件")


def _closed_over_received(flat: str, received):
    m = received.match
    window_end = _end(flat, _end(flat, m.end()) + 1)  # this sentence and the next
    closed = _CLOSED.search(flat, m.end(), window_end)
    if not closed:
        return
    carried = _CARRIED_IN.search(flat, _sentence_start(flat, m.start()), window_end)
    carry = int(carried.group("n") or carried.group("n2")) if carried else 0
    if int(closed.group("n")) > int(m.group("n")) + carry:
        yield Hit(
            start=received.start,
            end=received.end,
            context={"received": m.group(0), "closed": closed.group(0), "carried": carried.group(0) if carried else None},
            evidence={"received": m.group("n"), "closed": closed.group("n"), "carried_in": carry},
        )


def _end(flat: str, start: int, stops: str = _ENDS) -> int:
    ends = [i for i in (flat.find(c, start) for c in stops) if i >= 0]
    return min(ends) if ends else len(flat)


def _sentence_start(flat: str, at: int) -> int:
    return max(flat.rfind(c, 0, at) for c in _ENDS) + 1


def _total_and_parts(flat: str, total):
    m = total.match
    start, end = _sentence_start(flat, m.start()), _end(flat, m.end())
    bracket, inline = _BRACKET.match(flat, m.end()), _INLINE.match(flat, m.end())
    if bracket:
        close = min((i for i in (flat.find(")", bracket.end()), flat.find("）", bracket.end())) if i >= 0), default=-1)
        if close < 0:
            return
        parts_span, lead = (bracket.end(), close), bracket.group("lead")
        outside = flat[start : m.start()] + m.group(0) + flat[close + 1 : _end(flat, close)]
    elif inline:
        parts_span, lead = (inline.end(), end), inline.group("lead")
        outside = flat[start : m.end()]
    else:
        if end >= len(flat):
            return
        lead_match = compile_re(r"[，,：:]?其中[，,：:]?").match(flat[end + 1 :]) or compile_re(r"其中").match(flat[m.end() : end].lstrip("，,"))
        if not lead_match:
            return
        parts_span, lead = (end + 1, _end(flat, end + 1, "。")), "其中"
        outside = flat[start:end]
    unit = m.group("unit")
    if sum(1 for f in _FIGURE.finditer(outside) if f.group("unit") == unit) != 1:
        return  # two totals of one unit: which parts are whose cannot be told
    parts_text = flat[parts_span[0] : parts_span[1]]
    parts = [f for f in _FIGURE.finditer(parts_text) if f.group("unit") == unit]
    if len(parts) < 2 and not (parts and lead == "包括"):
        return
    mixed = unit in _COUNTS and any(f.group("unit") in _COUNTS and f.group("unit") != unit for f in _FIGURE.finditer(parts_text))
    n = Decimal(m.group("n"))
    approx = m.group("approx") or m.group("more") or ""
    if not approx and n:
        for part in parts:  # "其中予以公开60件，占60%": the share of the stated total
            share = _SHARE.match(parts_text, part.end())
            if share and abs(Decimal(part.group("n")) * 100 / n - Decimal(share.group("p"))) > _HALF_POINT:
                yield _share_hit(total, m.group(0), n, part, share)
    some_only = lead == "包括" and parts_text[parts[-1].end() :].lstrip("，,、").startswith("等")
    got = sum(Decimal(p.group("n")) for p in parts)
    largest = max(parts, key=lambda p: Decimal(p.group("n")))
    if not approx and Decimal(largest.group("n")) > n:
        yield _sum_hit(total, m.group(0), n, got, unit, parts, approx, larger=largest.group(0))
    elif not some_only and not mixed and not _fits(n, got, m.group("approx"), m.group("more")):
        yield _sum_hit(total, m.group(0), n, got, unit, parts, approx)


_PART_SHARE = compile_re(rf"(?<![\d.])\d+(?:\.\d+)?(?:{_UNITS})[,，]?(?:占|占比|比例为)\d+(?:\.\d+)?%")


def _share_runs(flat: str):
    """(start, end) of each sentence that gives at least two parts with their shares
    ("予以公开258件，占33.9%；不予公开35件，占4.34%…。"), found in one pass."""
    run: list[int] = []
    for m in _PART_SHARE.finditer(flat):
        if run and "。" in flat[run[-1] : m.start()]:
            if len(run) >= 2:
                yield run[0], _end(flat, run[-1], "。")
            run = []
        run.append(m.start())
    if len(run) >= 2:
        yield run[0], _end(flat, run[-1], "。")


def _shares(text, flat: str, start: int, end: int):
    items = [(f, _SHARE.match(flat, f.end())) for f in _FIGURE.finditer(flat, _sentence_start(flat, start), end)]
    with_share = [(f, s) for f, s in items if s]
    unit = with_share[0][0].group("unit")
    with_share = [(f, s) for f, s in with_share if f.group("unit") == unit]
    if len(with_share) < 2 or compile_re(r"(?:其中|共计|总计|合计|累计|共)").search(flat[_sentence_start(flat, start) : start]):
        return  # parts of a total in their own sentence: checked with the total
    before = flat[max(0, start - 300) : start]
    best, best_fits = None, 1
    for cand in _FIGURE.finditer(before):  # the nearest figure most shares are the shares of
        if cand.group("unit") != unit or cand.group("more") or Decimal(cand.group("n")) == 0:
            continue
        whole = Decimal(cand.group("n"))
        fits = sum(1 for f, s in with_share if abs(Decimal(f.group("n")) * 100 / whole - Decimal(s.group("p"))) <= _HALF_POINT)
        if fits >= max(best_fits, 2):
            best, best_fits = cand, fits
    if best is None:
        return
    whole = Decimal(best.group("n"))
    anchor = text.span(start - len(before) + best.start(), start - len(before) + best.end())
    for f, s in with_share:
        if abs(Decimal(f.group("n")) * 100 / whole - Decimal(s.group("p"))) > _HALF_POINT:
            yield _share_hit(anchor, best.group(0), whole, f, s)
    parts = [f for f, _ in items if f.group("unit") == unit]
    got = sum(Decimal(p.group("n")) for p in parts)
    if _complete(items, unit) and got != whole:
        yield _sum_hit(anchor, best.group(0), whole, got, unit, parts, "")


def _complete(items, unit: str) -> bool:
    """Whether a list of parts ends with the catch-all (其他 / 其它 …): all of them."""
    last = [f for f, _ in items if f.group("unit") == unit][-1]
    head = last.string[max(0, last.start() - 12) : last.start()]
    return bool(compile_re(r"(?:其他|其它)[^，,；;。、]*$").search(head))


def _share_hit(at, total_text: str, whole: Decimal, part, share) -> Hit:
    actual = number((Decimal(part.group("n")) * 100 / whole).quantize(Decimal("0.1")))
    return Hit(
        start=at.start,
        end=at.end,
        context={"total": total_text, "share": f"{part.group(0)}{share.group(0).lstrip(',，')}", "part": part.group(0), "actual": actual},
        evidence={"total": total_text, "stated": number(whole), "part": part.group(0), "stated_share": share.group("p") + "%", "actual_share": actual + "%"},
    )


def _sum_hit(at, total_text: str, n: Decimal, got: Decimal, unit: str, parts, approx: str, larger: str | None = None) -> Hit:
    context = {"total": total_text, "n": number(n), "sum": number(got), "unit": unit, "parts": [p.group(0) for p in parts], "approx": approx}
    if larger:
        context["larger"] = larger
    return Hit(
        start=at.start,
        end=at.end,
        context=context,
        evidence={"total": total_text, "stated": number(n), "parts": [p.group(0) for p in parts], "sum": number(got)} | ({"larger_part": larger} if larger else {}),
    )


def _fits(n: Decimal, got: Decimal, approx: str | None, more: str | None) -> bool:
    if more:
        return n <= got <= n + max(Decimal(10), n / 100)
    if approx == "约":
        return abs(got - n) <= max(Decimal(10), n / 20)
    if approx == "近":
        return n - max(Decimal(10), n / 20) <= got <= n
    return got == n
