"""Headings glued into running text: a body collapsed onto one line by a crawler
(``…（网址）一、概述推进…``, ``…895.90元三、收到和处理政府信息公开申请情况（本列…``).

A long line is cut before each numbering marker that a known section title follows,
whatever stands before it (and a run-in subheading, ``（一）…情况。``); in a body collapsed
onto one line, also around a title of the format written without numbering at the start
of a sentence, and before the next number of the report's own parts when a short title
ending as titles end follows it (``。二、工作机制保障市科委…``). It is cut after the title where the body surely starts (the title cannot
go on, or a space, a digit or a bracket follows it); elsewhere the title's end is left to
the structure stage. A table of contents' entry keeps its page number.
"""

from __future__ import annotations


from gik_lint.layout.lines import Line, cut
from gik_lint.packcache import compile_re
from gik_lint.textnorm import TABLE_HEADER, after_chars, cn_number, compact

_LONG = 80  # characters: shorter lines are left as they are
_GLUED = compile_re(r"第[一二三四五六七八九十]{1,3}部分[\s、.:：]*|[一二三四五六七八九十]{1,3}\s*(?:、|\.(?![\d.]))\s*|\([一二三四五六七八九十]{1,3}\)\s*")
# a run-in subheading: "(一)公共资源交易信息公开情况。2016年，…" — short, ending as titles end
_RUN_IN = compile_re(r"[^。；;，,：:！!？?]{2,24}(?:情况|工作|事项|措施|举措|问题|方面|建设|管理|保障|公开)(?=[。：:])")
_NUMERAL = compile_re(r"[一二三四五六七八九十]+")
_STOPS = set("。；;！!？?")
# the report's own title of its next part, in a collapsed body: short, ending as titles end,
# the body straight after it
_OWN_TITLE = compile_re(
    r"[^。；;，,：:！!？?\s]{2,30}?统计表(?=[\u4e00-\u9fff\d\s])"  # (…公开情况统计表: the whole caption)
    r"|[^。；;，,：:！!？?\s]{2,16}?(?:情况|工作|事项|措施|举措|问题|方面|建设|管理|保障|概述|概况)(?=[\u4e00-\u9fff\d\s])"
)
_WINDOW = 60
_COLLAPSED = 300  # characters: a line this long is a body collapsed onto one line
_SENTENCE_START = compile_re(r"(?:[。；;！!？?]|(?<=\d) )\s*")  # where a sentence (or a heading) may start
_MIN_UNNUMBERED = 6  # characters an unnumbered title must have
_LIST_GOES_ON = set("、和及与，,")
_CJK = compile_re(r"[\u4e00-\u9fff]")
_LEADER = compile_re(r"\s*[.…·_—-]{2,}\s*\d{1,3}(?!\d)")
_CLAUSE_END = compile_re(r"[。；;：:，,！!？?]")


_PART_OPENS = compile_re(r"\s*([一二三四五六七八九十]{1,3})\s*、")


def split_glued(lines: list[Line], vocabulary) -> list[Line]:
    out: list[Line] = []
    last = 0  # the number of the last part ("六、") a line opened with or a cut made
    for line in lines:
        block = line.block
        if block.table is not None or len(block.text) < _LONG:
            opens = _PART_OPENS.match(block.folded) if block.table is None else None
            last = cn_number(opens.group(1)) or last if opens else last
            out.append(line)
            continue
        cuts, last = _cuts(block.folded, vocabulary, last)
        if not cuts:
            out.append(line)
            continue
        bounds = [0, *cuts, len(block.text)]
        for a, b in zip(bounds, bounds[1:]):
            if block.text[a:b].strip():
                out.append(Line(cut(block, a, b, blank_before=block.blank_before if a == 0 else True), line.origin))
    return out


def _cuts(folded: str, vocabulary, last: int = 0) -> tuple[list[int], int]:
    """Where the line is cut, and the number of the last part it holds (``last``: that
    of the lines before it)."""
    cuts: list[int] = []
    collapsed = len(folded) >= _COLLAPSED
    table = TABLE_HEADER.search(folded)  # its rows are no parts
    for m in _GLUED.finditer(folded, 0, table.start() if table else len(folded)):
        if m.start() == 0 and not m.group().startswith("("):
            last = cn_number(_NUMERAL.search(m.group()).group())  # the line opens with a part
            continue
        if m.start() == 0 or folded[m.start() - 1] == "第":  # 第二十条第（一）项
            continue
        window = folded[m.end() : m.end() + _WINDOW]
        stop = _CLAUSE_END.search(window)
        clause = window[: stop.start()] if stop else window
        head = compact(clause)
        word = clause.split()[0] if clause.split() else ""
        n = len(compact(word)) if len(clause.split()) > 1 and vocabulary.is_exact(compact(word)) else vocabulary.prefix(head)
        subheading = m.group().startswith("(")
        if subheading and n < 4 and _RUN_IN.match(folded, m.end()):
            cuts.append(m.start())  # the structure stage reads it as a run-in heading
            continue
        number = None if subheading else cn_number(_NUMERAL.search(m.group()).group())
        if n < 2 and not subheading and collapsed and number == last + 1 and folded[: m.start()].rstrip()[-1:] in _STOPS:
            own = _OWN_TITLE.match(folded, m.end())  # the report's own next part: "。二、工作机制保障市科委…"
            if own:
                cuts += [m.start(), own.end()]
                last = number
            continue
        if n < (4 if subheading else 2) or _inside_quote(folded, m.start()):
            continue
        cuts.append(m.start())
        if number is not None:
            last = number
        body = vocabulary.body_start(head)
        end = after_chars(folded, m.end(), body or n)
        entry = _LEADER.match(folded, end)
        if entry:  # a table of contents' entry: its page number stays with it, what follows goes
            cuts.append(entry.end())
            continue
        if body:  # the body surely starts there: …的情况全年全县… / …工作情况2013年… / …情况（本列…
            cuts.append(end)
        elif folded[end:].strip() and (folded[end : end + 1].isspace() or not _CJK.match(folded[end:].lstrip())):
            cuts.append(end)  # a space, a digit or a bracket after the title
    if len(folded) >= _COLLAPSED:
        cuts += _unnumbered(folded, vocabulary)
    end = table.start() if table else len(folded)
    return sorted(set(c for c in cuts if 0 < c < end)) + ([end] if table and cuts and end > 0 else []), last


def _unnumbered(folded: str, vocabulary) -> list[int]:
    """Cuts around a section title without numbering in a collapsed body (a crawler
    dropped the markup of "## 主动公开政府信息情况"): a title of the format word for word,
    at the start of a sentence or after a table's values, not one item of a list."""
    cuts: list[int] = []
    for m in _SENTENCE_START.finditer(folded):
        p = m.end()
        n = vocabulary.exact_prefix(compact(folded[p : p + _WINDOW]))
        if n < _MIN_UNNUMBERED:
            continue
        end = after_chars(folded, p, n)
        if folded[end : end + 1] in _LIST_GOES_ON or _inside_quote(folded, p):
            continue
        cuts += [p, end]
    return cuts


def _inside_quote(folded: str, pos: int) -> bool:
    """Within 《…》 or “…” (a document's or a heading's name cited in the text)."""
    before = folded[max(0, pos - 60) : pos]
    return before.count("《") > before.count("》") or before.count("“") > before.count("”")
