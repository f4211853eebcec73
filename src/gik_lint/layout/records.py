"""Crawled records: what a crawler wrapped around the report.

* a metadata header, ``标题: …`` / ``发布时间: …`` / ``发布机构: …`` lines, often closed by a
  ``==== 正文 ====`` line (or a converter's lone ``正文``);
* a CSV record, ``标题,日期,"正文…",栏目,网址,…``: the report is its title and the quoted
  field;
* the title run into the body on one line (``…工作年度报告 本报告主要根据…``), and the
  signature run onto its last sentence (``…市场环境。河源市公共资源交易中心 2016年12月8日``).

The header's title and date go to the document's metadata; the header itself, the
record's other fields and separator lines are not the report and leave the body.
"""

from __future__ import annotations


from gik_lint.layout.lines import Line, cut
from gik_lint.packcache import compile_re
from gik_lint.textnorm import arabic_dates, fold

_KEYS = (
    "标题|题目|名称|发布时间|发布日期|成文日期|生成日期|日期|时间|文号|发文字号|索引号|发布机构|发文机关|发布单位|"
    "来源|信息来源|栏目|分类|主题分类|原文链接|链接|网址|本地目录|访问次数|浏览次数|作者|关键词"
)
_HEADER_LINE = compile_re(rf"\s*(?P<key>{_KEYS})\s*[:：]\s*(?P<value>.*)")
_SEPARATOR = compile_re(r"\s*(?:[=＝\-—_*#]{3,}\s*正文\s*[=＝\-—_*#]{3,}|[=＝\-—_*]{6,}|正\s*文[:：]?)\s*")
_DATE = compile_re(r"((?:19|20)\d{2})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})")
_HEADER_SPAN = 14  # blocks at the top where a header may stand

# title,date,"  (the record's opening) and  ",category,url,…  (its closing)
_CSV_OPEN = compile_re(r'(?P<title>[^,"]{6,120}),(?P<date>(?:19|20)\d{2}[-年/.]\d{1,2}[-月/.]\d{1,2}日?[^,"]{0,9}),"')
_CSV_CLOSE = compile_re(r'"(?:,[^",]*)+,?\s*')

# a report title in a long line, the body run on after it (and a crawled page's breadcrumb
# or date line before it): it starts the line or follows a space, a colon, a ">" or a
# breadcrumb's 年报, and the body, a date line or a heading follows it
_TITLE_RUN_ON = compile_re(
    r"(?:^|(?<=[\s>：:。])|(?<=年报))(?P<title>(?:(?!年报|位置)[^。，,；;：:>\s]){0,40}?(?:19|20)\d{2}\s*年(?:度)?[^。，,；;：:>]{0,40}?"
    r"(?:政府信息公开|政务信息公开|政务公开|信息公开)\s*(?:工作)?\s*的?(?:年度)?\s*(?:报告|年报))"
    r"(?=\s|根据|本报告|按照|依据|依照|为|现|发布|来源|[（(]|[一二三四五六七八九十]、)"
)


# the signature run onto the last sentence of a collapsed body: "…市场环境。河源市公共资源交易中心 2016年12月8日"
_SIGNATURE_RUN_ON = compile_re(
    r"(?<=[。；;！!？?\s])(?P<organ>[^。，,；;：:！!？?\s]{2,30}?(?:人民政府|政府|局|委员会|委|厅|办公室|办公厅|办事处|中心|院|所|站|处|署|办|会))"
    r"\s*(?P<date>(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*$"
)


def strip_record(lines: list[Line], meta: dict[str, str]) -> list[Line]:
    lines = _csv_record(lines, meta)
    lines = _metadata_header(lines, meta)
    lines = _title_run_on(lines)
    return _signature_run_on(lines)


def _csv_record(lines: list[Line], meta: dict[str, str]) -> list[Line]:
    if not lines:
        return lines
    first = lines[0].block
    opening = _CSV_OPEN.match(first.text)
    if not opening:
        return lines
    for k in range(len(lines) - 1, 0, -1):
        text = lines[k].block.text
        quote = text.rfind('"')
        if quote >= 0 and _CSV_CLOSE.fullmatch(text, quote):
            break
    else:
        return lines
    _remember(meta, "title", opening.group("title").strip())
    _remember_date(meta, opening.group("date"))
    body = [Line(cut(first, 0, opening.end("title")), lines[0].origin)]  # the title stays, where it stands
    if first.text[opening.end() :].strip():
        body.append(Line(cut(first, opening.end(), blank_before=True), lines[0].origin))
    body += lines[1:k]
    last = lines[k].block
    if last.text[:quote].strip():
        body.append(Line(cut(last, 0, quote), lines[k].origin))
    return body


def _metadata_header(lines: list[Line], meta: dict[str, str]) -> list[Line]:
    """Drop a header of two or more ``key: value`` lines at the top, with what follows
    it up to a separator line (a crawler's note); a separator alone at the top (a
    converter's ``正文``) goes too."""
    keyed = [i for i, line in enumerate(lines[:_HEADER_SPAN]) if _HEADER_LINE.fullmatch(line.block.text)]
    end = -1
    if len(keyed) >= 2 and keyed[0] <= 2:
        end = keyed[-1]
        for i in keyed:
            m = _HEADER_LINE.fullmatch(lines[i].block.text)
            key, value = m.group("key"), m.group("value").strip()
            if key in ("标题", "题目", "名称"):
                _remember(meta, "title", value)
            elif "时间" in key or "日期" in key:
                _remember_date(meta, value)
        for i in range(end + 1, min(end + 4, len(lines))):
            if _SEPARATOR.fullmatch(lines[i].block.text):
                end = i
                break
    elif lines and _SEPARATOR.fullmatch(lines[0].block.text):
        end = 0
    return lines[end + 1 :]


def _title_run_on(lines: list[Line]) -> list[Line]:
    """Put a title that a collapsed page runs into its body on a line of its own."""
    for i, line in enumerate(lines[:3]):
        text = line.block.text
        m = _TITLE_RUN_ON.search(text, 0, 400)
        if not m or len(text) - m.end("title") <= 2 * len(m.group("title")):
            continue
        start, end = m.start("title"), m.end("title")
        pieces = [(0, start), (start, end), (end, len(text))]
        cut_up = [
            Line(cut(line.block, a, b, blank_before=line.block.blank_before if a == 0 else True), line.origin)
            for a, b in pieces
            if text[a:b].strip()
        ]
        return lines[:i] + cut_up + lines[i + 1 :]
    return lines


def _signature_run_on(lines: list[Line]) -> list[Line]:
    """Put the organ and the date that sign a collapsed body on lines of their own."""
    if not lines:
        return lines
    last = lines[-1]
    text = last.block.text
    m = _SIGNATURE_RUN_ON.search(text, max(0, len(text) - 80))
    if not m or not text[: m.start()].strip():
        return lines
    bounds = [(0, m.start()), (m.start("organ"), m.end("organ")), (m.start("date"), m.end("date"))]
    return lines[:-1] + [
        Line(cut(last.block, a, b, blank_before=last.block.blank_before if a == 0 else False), last.origin) for a, b in bounds
    ]


def _remember(meta: dict[str, str], key: str, value: str) -> None:
    if value and not meta.get(key):
        meta[key] = value


def _remember_date(meta: dict[str, str], value: str) -> None:
    m = _DATE.search(arabic_dates(fold(value)))  # 二〇二一年一月二十日 too
    if m and not meta.get("published"):
        meta["published"] = f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
