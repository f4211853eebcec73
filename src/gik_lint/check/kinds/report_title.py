"""report-title: the report has a title, and it is worded as the convention has it:
机关 + 年份 + 政府信息公开工作年度报告, in either order.

One finding per problem: no title; a character written twice ("2016年年"); a space
inside the wording (between two Chinese characters — the spaces PDF extraction puts
around digits do not count); no organ, or the organ without its place ("市公共资源交易
中心" where the report is signed "河源市公共资源交易中心"); another document name
("政务信息公开年度报告", "政府信息公开工作的年度报告"); an organ of another place
than the one that signs the report."""

from __future__ import annotations


from gik_lint.check.finding import Hit
from gik_lint.interpret.title import organ_place
from gik_lint.packcache import compile_re
from gik_lint.textnorm import compact, fold

NEEDS_REGIME = False

_NAME = "政府信息公开工作年度报告"
_DOUBLED = compile_re(r"([年度的])\1")
_INNER_SPACE = compile_re(r"[\u4e00-\u9fff][ \t\u3000]+[\u4e00-\u9fff]")


_STYLE = frozenset({"doubled", "space"})


def check(rule, report):
    document = report.document
    if not document.blocks:
        return
    title = report.title
    if title is None:
        first = document.blocks[0]
        yield Hit(start=first.at(0), end=first.at(len(first.text)), context={"problem": "missing"}, evidence={"problem": "missing"})
        return
    blocks = document.blocks
    start, end = blocks[title.block].at(title.start), blocks[title.end_block].at(title.end)
    text = fold(title.text)
    squeezed = compact(title.text)

    def hit(problem: str, **details):
        # a doubled character or a stray space is style (information); a title that does
        # not name the organ or call the document its annual report is the rule's own
        return Hit(start=start, end=end, context={"problem": problem, "title": title.text, **details},
                   evidence={"problem": problem, "title": title.text, **details},
                   severity="info" if problem in _STYLE else None)

    doubled = _DOUBLED.search(squeezed)
    if doubled:
        yield hit("doubled", found=doubled.group(0))
    if _INNER_SPACE.search(text):
        yield hit("space")
    if not squeezed.endswith(_NAME) or squeezed.count(_NAME) != 1:
        found = compile_re(r"(?:政府|政务)?信息公开.*?(?:报告|年报)$").search(squeezed)
        yield hit("name", found=found.group(0) if found else squeezed, expected=_NAME)
    organ = title.organ
    if not organ:
        yield hit("organ", signed=report.agency)
    elif report.agency and report.agency != organ and report.agency.endswith(organ):
        yield hit("place", organ=organ, signed=report.agency)
    elif _elsewhere(organ, report.signer):
        yield hit("signer", organ=organ, signed=report.signer)


def _elsewhere(organ: str, signer: str | None) -> bool:
    """Whether the title's organ and the signature's stand in different places
    ("青禾县人民政府" signed "泊云县人民政府"; not "淮安市洪泽区…" signed "洪泽区…")."""
    a, b = organ_place(organ), organ_place(signer)
    return bool(a and b) and not (a.endswith(b) or b.endswith(a))
