"""repeated-figure: the same thing counted twice in the narrative with different figures
("发布政府采购交易信息1230余条" in 一 and "发布政府采购交易信息420余条" in 三).

The thing is the words right before the figure, after the last verb of its clause
(发布, 公开, 受理 …), items listed with "、" kept together; only names of six characters
or more are compared, so that general
words ("信息", "文件") do not pair unrelated figures. Figures may differ on purpose
(another platform, another period): this is information for the reader to check."""

from __future__ import annotations


from gik_lint.check.finding import Hit
from gik_lint.check.kinds._text import view
from gik_lint.packcache import compile_re

NEEDS_REGIME = False

_FIGURE = compile_re(r"(?<!\d)(?P<n>\d+(?:\.\d+)?)(?P<more>余|多)?(?P<unit>条|件|个|项|篇|期|场)")
# where the words naming a figure begin: after a stop (folded text: half-width), or
# after the figure before it ("……1230余条、工程招标交易信息1758余条")
_CLAUSE_START = compile_re(r"[。,;:!?()\"“”]|\d+(?:\.\d+)?(?:余|多)?(?:条|件|个|项|篇|期|场|万元|亿元|元|%)?、?")
_VERB = compile_re(r".*(?:发布|公开|受理|收到|办理|制发|编制|开展|召开|回应|解读|审核|清理|印发)")
_MIN = 6


def check(rule, report):
    text = view(report, "document")
    flat = text.flat
    seen: dict[tuple[str, str], tuple[str, object]] = {}
    for figure in text.finditer(_FIGURE):
        m = figure.match
        start = max((c.end() for c in _CLAUSE_START.finditer(flat, max(0, m.start() - 40), m.start())), default=max(0, m.start() - 40))
        clause = flat[start : m.start()].lstrip("、")
        verb = _VERB.match(clause)
        name = compile_re(r"^(?:其中|另有|共计|累计|全年|共)+").sub("", clause[verb.end() :] if verb else clause)
        if len(name) < _MIN or not compile_re(r"[\u4e00-\u9fff]+").fullmatch(name):
            continue
        key = (name, m.group("unit"))
        value = m.group("n") + (m.group("more") or "")
        if key in seen and seen[key][0] != value:
            first_value, first = seen[key]
            yield Hit(start=figure.start, end=figure.end,
                      context={"name": name, "first": first_value, "second": value, "unit": m.group("unit"), "line": first.start.line or first.start.page},
                      evidence={"name": name, "figures": [first_value + m.group("unit"), value + m.group("unit")],
                                "first_position": {"line": first.start.line, "page": first.start.page, "paragraph": first.start.paragraph}})
        seen.setdefault(key, (value, figure))
