"""Title, report year and issuing organ, read from the top and the signature."""

from __future__ import annotations

import re

from gik_lint.packcache import compile_re
from gik_lint.read import Document
from gik_lint.records import record
from gik_lint.textnorm import after_chars, arabic_dates, compact, fold

TITLE = compile_re(
    r"(?P<a>.{0,40}?)(?P<year>(?:19|20)\d{2})年(?:年|度)*(?P<b>.{0,40}?)"
    r"(?:政府信息公开|政务信息公开|政务公开|信息公开)(?:工作)?的?(?:年度)?(?:报告|年报)"
)
_LOOSE_TITLE = compile_re(r".{2,60}?(?:年度报告|工作报告|年报)")
_PERIOD = compile_re(r"统计(?:期限|时限|时间|期间|区间|范围|周期|时段)[^。]{0,16}?((?:19|20)\d{2})年1月1日")
_DATE_LINE = compile_re(r"((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日")
_ORGAN_END = compile_re(r"(?:人民政府|政府|局|委员会|委|厅|办公室|办公厅|办事处|中心|院|所|站|处|署|办|会)$")
_TITLE_BLOCKS = 12
_YEAR = compile_re(r"((?:19|20)\d{2})\s*年")
_BODY_BLOCKS = 20  # blocks of the body's opening where the year it names is counted


@record
class Title:
    text: str  # as written, whitespace collapsed
    block: int  # where the title starts
    start: int  # index into that block's text
    end_block: int  # where it ends (the next block when the organ stands on a line above)
    end: int
    year: int | None
    organ: str  # the organ named in the title ("" when none)


def find_title(document: Document) -> Title | None:
    """The first line near the top that reads as a report title: with a year and the
    document name if any line has them, else any line naming an annual report."""
    for pattern in (TITLE, _LOOSE_TITLE):
        for i, block in enumerate(document.blocks[:_TITLE_BLOCKS]):
            found = _title_in(block.text, i, pattern)
            if found:
                return _with_organ_above(found, document) if not found.organ and i else found
    return None


def _with_organ_above(title: Title, document: Document) -> Title:
    """A title printed on two lines, the organ above the year and document name
    ("洪泽区人民政府" / "2023 年政府信息公开工作年度报告")."""
    above = document.blocks[title.block - 1]
    organ = compact(above.text).strip("#*_《》")
    if not (2 <= len(organ) <= 30 and _ORGAN_END.search(organ)) or compile_re(r"[。，,；;：:]").search(organ):
        return title
    start = len(above.text) - len(above.text.lstrip(" \t　#*_《"))
    text = compile_re(r"\s+").sub(" ", above.text[start:]).strip(" #*_") + " " + title.text
    return Title(text, title.block - 1, start, title.end_block, title.end, title.year, organ)


def _title_in(text: str, i: int, pattern: re.Pattern) -> Title | None:
    body = text.strip().strip("#*_ \t　《》")
    squeezed = compact(body)
    if not squeezed or squeezed.startswith(("根据", "本报告", "按照", "依据", ">", "您")):
        return None
    m = pattern.match(squeezed)
    if not m or len(m.group(0)) > 60:
        return None
    start = text.index(body[0])
    end = after_chars(text, start, len(m.group(0)))
    year = int(m.group("year")) if pattern is TITLE else None
    if pattern is TITLE:
        organ = m.group("a") or m.group("b")
    else:  # no year: the organ is what stands before the document's name
        found = m.group(0)
        cut = next((found.rfind(n) for n in ("政府信息公开", "政务信息公开", "政务公开", "信息公开") if n in found), 0)
        organ = found[:cut]
    organ = organ.strip("《》“”\"")
    return Title(compile_re(r"\s+").sub(" ", text[start:end]).strip(), i, start, i, end, year, organ)


def report_year(title: Title | None, document: Document) -> tuple[int | None, str | None]:
    """The report year and where it was read: the title; the statistical period; the
    title the page gives (a crawled record, whose body may have lost its title or whose
    title the crawler cut short: "…2019年政府信息公开工作年…"); the year the opening of
    the body names most, when it names it at least twice as often as any other."""
    if title and title.year:
        return title.year, "title"
    year = period_year(document)
    if year:
        return year, "period"
    m = _YEAR.search(fold(document.meta.get("title", "")))
    if m:
        return int(m.group(1)), "page"
    counts: dict[int, int] = {}
    for block in document.blocks[:_BODY_BLOCKS]:
        for y in _YEAR.findall(block.folded):
            counts[int(y)] = counts.get(int(y), 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    if ranked and ranked[0][1] >= 2 and (len(ranked) == 1 or ranked[0][1] >= 2 * ranked[1][1]):
        return ranked[0][0], "body"
    return None, None


def period_year(document: Document) -> int | None:
    for block in document.blocks[:40]:
        m = _PERIOD.search(arabic_dates(compact(block.text)))
        if m:
            return int(m.group(1))
    return None


def signature(document: Document) -> tuple[str | None, str | None]:
    """The organ and the date that sign the report, from its last lines."""
    organ = date = None
    for block in reversed(document.blocks[-6:]):
        text = arabic_dates(compact(block.text)).strip("*_")
        m = _DATE_LINE.fullmatch(text)
        if m and date is None:
            date = f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
            continue
        if organ is None and 2 < len(text) <= 30 and _ORGAN_END.search(text) and not compile_re(r"[。，,；;：:]").search(text):
            organ = text
            break
    return organ, date


def agency(title: Title | None, document: Document) -> str | None:
    """The issuing organ: from the title; from the signature when the title names none
    or names it without its place ("市公共资源交易中心" signed "河源市公共资源交易中心")."""
    named = title.organ if title else ""
    signed, _ = signature(document)
    if signed and (not named or (signed.endswith(named) and len(signed) > len(named))):
        return signed
    return named or None


def issuer_kind(organ: str | None) -> str:
    """``government`` (a people's government), ``department`` (a department of one),
    or ``other`` (centres, street offices, institutions, unknown)."""
    if organ:
        if compile_re(r"(?:人民政府|[省市县区州盟旗乡镇]政府)$").search(organ):
            return "government"
        if compile_re(r"(?:局|委员会|委|厅|办公室|办公厅|署|部|(?<!事)处|[^事]办)$").search(organ):
            return "department"
    return "other"


# The organ's place, province to county: "淮安市洪泽区人民政府" -> 市, 区; "平潭综合实验区管委会" -> 区;
# "XX县市场监督管理局" -> 县 (not the 市 of 市场)
_PLACE = compile_re(
    r"^(?:[^省市]{2,7}(?P<province>省|自治区))?(?:[^市州盟县区旗]{1,7}(?P<city>市|自治州|州|盟)(?!场))?(?:[^县区旗市]{1,9}(?P<county>县|区|旗)(?![域划]))?"
)


def organ_place(organ: str | None) -> str:
    """The place an organ's name opens with ("淮安市洪泽区"), or ""."""
    m = _PLACE.match(organ or "")
    return m.group(0) if m else ""


def organ_level(organ: str | None) -> str | None:
    """The level of the place an organ (or its department) belongs to: the last of
    省, 市 (州, 盟), 县, 区 (旗) its name gives, as 省 / 市 / 县 / 区; None when the
    name gives no place."""
    m = _PLACE.match(organ or "")
    if not m:
        return None
    if m.group("county"):
        return "区" if m.group("county") in ("区", "旗") else "县"
    if m.group("city"):
        return "市"
    return "省" if m.group("province") else None


_PUBLISHED = compile_re(r"(?:发布|发文|公开)(?:时间|日期)[:：]?((?:19|20)\d{2})[-年/.](\d{1,2})[-月/.](\d{1,2})")


def published(document: Document) -> str | None:
    """The publication date the page states (a saved portal page: "发布时间:2017-09-13"),
    as YYYY-MM-DD: from the reader's page metadata, else from the top lines."""
    if document.meta.get("published"):
        return document.meta["published"]
    for block in document.blocks[:_TITLE_BLOCKS]:
        m = _PUBLISHED.search(arabic_dates(compact(block.text)))
        if m:
            return f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
    return None
