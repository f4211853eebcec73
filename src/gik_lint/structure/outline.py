"""Headings and the section tree of a document.

A heading is found in one of four ways:

* a line that opens with a numbering marker (一、 （一） 1. （1） ① 第一部分) and is
  short, or whose marker is followed by a short title ending in "。" or "：" (a run-in
  heading: "（一）主动公开。本年度…");
* a Markdown ``#`` line, a paragraph the source marks as a heading (HTML ``h1``-``h6``,
  a Word heading style), or a line that is bold as a whole (``**…**``);
* a short unnumbered line that is exactly a known section title;
* inside running text (a page copied without its line breaks), a marker after the end
  of a sentence followed by a known section title ("…。一、总体情况2021年，…").

A table of contents (entries that recur later as headings, or that end in dot leaders
and a page number) is not the body. Sections nest by the order in which numbering
styles first appear, so any hierarchy of styles is understood.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator

from gik_lint.packcache import compile_re
from gik_lint.read import Document, Position
from gik_lint.records import field, record
from gik_lint.structure.markers import match_marker
from gik_lint.structure.vocabulary import Vocabulary
from gik_lint.textnorm import TABLE_HEADER, compact, squeeze

MAX_TITLE = 50  # characters (compacted) a heading title may have
MAX_RUN_IN = 40  # characters before the "。" that closes a run-in heading
MAX_WRAP_TAIL = 15  # characters of a second line that may continue a heading

_TERMINATORS = "。；;！!？?：:"
_TERMINATOR = compile_re(f"[{_TERMINATORS}]")
_CLAUSE_END = compile_re("[。；;：:，,！!？?]")
_SPACES = compile_re(r"\s+")
_DOT_LEADER = compile_re(r"[.…·_—-]{2,}")
_LIST_ENDINGS = "；;，,、"
_CONNECTIVES = "、和及与的"
_INLINE_AFTER = set("。；;！!？?”\"’)]】") | set("0123456789")
_TABLE_CELLS = compile_re(r"(?:[\s|]+(?:[-+]?\d[\d,.]*%?|[/—-])){2,}[\s|]*$")
# a row of a table with a unit column ("（一）收到申请数  件  26"): a unit word, then one value
_UNIT_CELL = compile_re(r"[\s|]+(?:条|件|次|篇|个|项|人次|人|万元|元)[\s|]+(?:[-+]?\d[\d,.]*|[/—-])[\s|]*$")
_TOC_LEADER = compile_re(r"(?:[.…·_—-]{2,}|\s)\s*\d{1,3}\s*$")
_LEADING = compile_re(r"[\s#*_>]*")  # what may precede a heading on its line
_TRAILING = compile_re(r"[\s*_。：:]*")  # what may follow a heading that has no body on its line
_MD_HEADING = compile_re(r"\s*(#{1,6})\s+")
_MD_CLOSING = compile_re(r"\s+#+\s*$")
_HAS_CJK = compile_re(r"[\u4e00-\u9fff]")
_INLINE_MARKER = compile_re(r"第|[一二三四五六七八九十]{1,3}[、.]|\([一二三四五六七八九十]{1,3}\)")
# Row labels of the statistical tables that carry heading-like numbering (they stand
# on lines of their own where a PDF or a portal flattened the table).
_TABLE_LABEL = compile_re(
    r"本年新收|上年结转|本年度办理结果|予以公开$|部分公开|不予公开$|无法提供$|不予处理$|其他处理$|总计$"
    r"|结转下年度|第二十条第|属于(国家秘密|三类内部|四类过程|行政执法|行政查询)|其他法律行政法规|危及"
    r"|保护第三方|本机关不掌握|没有现成信息|补正后申请|信访举报投诉|重复申请$|要求提供公开出版物"
    r"|无正当理由大量|要求行政机关确认|申请人(无正当理由|逾期未按)"
)


@record
class Heading:
    block: int  # index of the block where the heading starts
    start: int  # index in that block's text where the marker (or title) starts
    end_block: int  # block where the heading ends (the next one when wrapped)
    end: int  # index just past the title in that block's text
    style: str  # marker style (see markers.STYLES), "md1".."md6", "bold" or "plain"
    number: int | None
    text: str  # the heading as written, whitespace runs collapsed
    title: str  # the title without its marker: folded, whitespace removed
    toc: bool = False


@record
class Section:
    heading: Heading | None
    parent: Section | None = None
    children: list[Section] = field(default_factory=list)
    body: list[tuple[int, int, int]] = field(default_factory=list)  # (block, start, end)

    @property
    def depth(self) -> int:
        depth, node = 0, self.parent
        while node is not None:
            depth, node = depth + 1, node.parent
        return depth

    def walk(self) -> Iterator[Section]:
        for child in self.children:
            yield child
            yield from child.walk()

    def ancestors(self) -> Iterator[Section]:
        node = self.parent
        while node is not None and node.heading is not None:
            yield node
            node = node.parent


@record
class Outline:
    document: Document
    root: Section
    headings: list[Heading]

    def sections(self) -> Iterator[Section]:
        return self.root.walk()

    def start(self, heading: Heading) -> Position:
        return self.document.blocks[heading.block].at(heading.start)

    def end(self, heading: Heading) -> Position:
        return self.document.blocks[heading.end_block].at(heading.end)

    def section_end(self, section: Section) -> Position:
        """Where the section's content, children included, ends."""
        last = section
        while last.children:
            last = last.children[-1]
        if last.body:
            block, _, end = last.body[-1]
            return self.document.blocks[block].at(end)
        return self.end(last.heading) if last.heading else self.document.last_position

    def text(self, section: Section) -> str:
        """The section's own body text (children excluded)."""
        blocks = self.document.blocks
        return "\n".join(blocks[b].text[s:e] for b, s, e in section.body)


@record
class _View:
    """A block's text folded and stripped of Markdown markup, mapped back to it."""

    text: str
    offset: int  # where the view starts in the block's text
    index: list[int] | None = None  # view position -> block position, where emphasis marks were dropped
    md_level: int = 0
    bold: bool = False

    def src(self, pos: int) -> int:
        return self.offset + pos if self.index is None else self.index[pos]

    def pos(self, src: int) -> int:
        """The view position of the first character at or after block position ``src``."""
        if self.index is None:
            return min(max(src - self.offset, 0), len(self.text))
        return min(bisect_left(self.index, src), len(self.text))


def _view(folded: str, heading_level: int | None = None) -> _View:
    md_level = heading_level or 0  # a heading the source marks up (HTML h1-h6, Word heading styles)
    begin, stop = 0, len(folded)
    if folded[:1] == "#" or folded[:1].isspace():
        m = _MD_HEADING.match(folded)
        if m:
            md_level, begin = len(m.group(1)), m.end()
            closing = _MD_CLOSING.search(folded, begin)
            if closing:
                stop = closing.start()
    if "**" not in folded and "__" not in folded:  # no emphasis marks to drop: the common case
        return _View(folded[begin:stop], begin, None, md_level)
    core = folded[begin:stop].strip()
    bold = len(core) > 4 and core[:2] in ("**", "__") and core[-2:] == core[:2]
    chars: list[str] = []
    index: list[int] = []
    i = begin
    while i < stop:
        if folded.startswith(("**", "__"), i):
            i += 2
            continue
        chars.append(folded[i])
        index.append(i)
        i += 1
    index.append(stop)
    return _View("".join(chars), begin, index, md_level, bold)


def _is_table_row(text: str) -> bool:
    """A Markdown table row, or a line ending in two or more numbers or placeholders, or
    in a unit and a value."""
    tail = text[-200:]
    return text.lstrip().startswith("|") or bool(_TABLE_CELLS.search(tail) or _UNIT_CELL.search(tail))


def _collapse(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def build_outline(document: Document, vocabulary: Vocabulary | None = None) -> Outline:
    vocabulary = vocabulary or Vocabulary()
    blocks = document.blocks
    views = [_view(b.folded, b.heading_level) for b in blocks]
    headings: list[Heading] = []
    for i, view in enumerate(views):
        if blocks[i].table is not None:
            continue  # a table's row as printed is never a heading
        heading = _line_heading(i, view, blocks[i].text, vocabulary)
        if heading is not None and _starts_table_row(heading, i, views, blocks, vocabulary):
            heading = None
        scan_from = 0
        if heading is not None:
            if heading.end_block == i and heading.end == len(blocks[i].text.rstrip()):
                _join_wrapped(heading, i, views, blocks, vocabulary)
            headings.append(heading)
            scan_from = view.pos(heading.end) if heading.end_block == i else len(view.text)
        if heading is not None or view.md_level or not _UNIT_CELL.search(view.text[-200:]):  # a row "四、行政复议数量 件 2" holds none
            headings.extend(_inline_headings(i, view, blocks[i].text, scan_from, vocabulary))
    _mark_toc(headings, blocks)
    headings = [h for h in headings if not h.toc]
    root = _tree(headings, blocks)
    return Outline(document, root, headings)


def _make(block: int, view: _View, raw: str, style: str, number, start: int, t0: int, t1: int) -> Heading | None:
    """A heading whose marker starts at view position ``start`` and whose title is
    ``view.text[t0:t1]``; None when the title is not heading-like."""
    title = compact(view.text[t0:t1]).rstrip(_TERMINATORS)
    if len(title) < 2 or len(title) > MAX_TITLE or not _HAS_CJK.search(title) or _TABLE_LABEL.match(title):
        return None
    s, e = view.src(start), view.src(t1 - 1) + 1
    text = _collapse(raw[s:e].replace("**", "").replace("__", ""))
    return Heading(block, s, block, e, style, number, text, title)


def _line_heading(i: int, view: _View, raw: str, vocabulary: Vocabulary) -> Heading | None:
    """The heading a line opens with, if it does (see the module docstring)."""
    v = view.text
    p0 = len(v) - len(v.lstrip())
    end = len(v.rstrip())
    if p0 >= end:
        return None
    marker = match_marker(v, p0)
    if marker is None and not view.md_level and not view.bold and not vocabulary.may_start(v[p0 : p0 + 2]):
        return None  # no numbering, no markup, and no section title starts so: most lines
    if not view.md_level and _is_table_row(v):
        return None
    leader = _TOC_LEADER.search(v, p0)
    toc = bool(leader and _DOT_LEADER.search(leader.group()))
    if toc:
        end = leader.start()
    md_style = f"md{view.md_level}" if view.md_level else None
    if marker is None:
        title = compact(v[p0:end])
        if md_style or (view.bold and len(title) <= MAX_RUN_IN and not title.endswith("。")):
            style = md_style or "bold"
        elif len(title) <= 30 and vocabulary.is_exact(title.rstrip(_TERMINATORS)):
            style = "plain"
        else:
            return None
        number, t0, t1 = None, p0, end
    else:
        style, number, t0 = md_style or marker.style, marker.number, marker.end
        rest = v[t0:end]
        stop = _TERMINATOR.search(rest)
        cut = stop.start() if stop else None
        if cut is None or not rest[cut + 1 :].strip():  # the whole line is the heading ...
            if not md_style and rest.rstrip()[-1:] in _LIST_ENDINGS:
                return None  # ... unless it reads as a list item
            if cut is not None and rest[cut] == "。" and ("," in rest or len(compact(rest)) > MAX_RUN_IN):
                return None  # ... or as a numbered sentence
            t1 = end if cut is None else t0 + cut
        elif rest[cut] in "。：:" and len(compact(rest[:cut])) <= MAX_RUN_IN:
            t1 = t0 + cut  # a run-in heading: the body follows on the same line
        else:
            return None
    heading = _make(i, view, raw, style, number, p0, t0, t1)
    if heading:
        heading.toc = toc
    return heading


def _starts_table_row(heading: Heading, i: int, views: list[_View], blocks, vocabulary: Vocabulary) -> bool:
    """A numbered line directly above a row of values is the start of a table row label
    wrapped onto the next line ("一、本年新" / "收政府信息公开申请数量  20  3 …"), not a
    heading — unless it names a section."""
    if vocabulary.is_title(heading.title) or i + 1 >= len(blocks) or blocks[i + 1].blank_before:
        return False
    return heading.end_block == i and _is_table_row(views[i + 1].text)


def _join_wrapped(heading: Heading, i: int, views: list[_View], blocks, vocabulary: Vocabulary) -> None:
    """Join a heading wrapped onto the next line ("三、收到和处理政府信息公开" + "申请情况")."""
    if i + 1 >= len(blocks) or blocks[i + 1].blank_before:
        return
    nxt = views[i + 1]
    tail = compact(nxt.text)
    if (
        not tail
        or len(tail) > MAX_WRAP_TAIL
        or any(ch in _TERMINATORS for ch in tail)
        or match_marker(nxt.text, len(nxt.text) - len(nxt.text.lstrip()))
        or _is_table_row(nxt.text)
    ):
        return
    joined = heading.title + tail
    if heading.title[-1] in _CONNECTIVES or (vocabulary.is_title(joined) and not vocabulary.is_title(heading.title)):
        heading.end_block = i + 1
        heading.end = len(blocks[i + 1].text.rstrip())
        heading.title = joined
        heading.text = heading.text + _collapse(blocks[i + 1].text)


def _inline_headings(i: int, view: _View, raw: str, start: int, vocabulary: Vocabulary) -> list[Heading]:
    """Headings standing inside running text: a marker after the end of a sentence,
    followed by a known section title — not inside a statistics table run into the text."""
    found: list[Heading] = []
    v = view.text
    after = start
    table = TABLE_HEADER.search(v, start)
    for m in _INLINE_MARKER.finditer(v, start, table.start() if table else len(v)):
        p = m.start()
        if p < after or (p > 0 and v[p - 1] not in _INLINE_AFTER and not v[p - 1].isspace()):
            continue
        marker = match_marker(v, p)
        if marker is None or marker.style not in ("part", "cn1", "cn2"):
            continue
        window = v[marker.end : marker.end + 60]
        stop = _CLAUSE_END.search(window)
        stop = stop.start() if stop else len(window)
        n = vocabulary.prefix(compact(window[:stop]))
        if not n:
            continue
        t1 = marker.end + squeeze(window[:stop])[1][n - 1] + 1
        heading = _make(i, view, raw, marker.style, marker.number, p, marker.end, t1)
        if heading:
            found.append(heading)
            after = t1
    return found


def _mark_toc(headings: list[Heading], blocks) -> None:
    """Mark a table of contents: runs of two or more headings on consecutive lines with
    no text between them, each of which recurs later as a heading."""
    run: list[Heading] = []
    last_seen = {(h.title, h.style): h.block for h in headings}

    def close() -> None:
        entries = []
        for h in run:
            if last_seen[(h.title, h.style)] <= h.end_block:  # does not recur later
                break
            entries.append(h)
        if len(entries) >= 2:
            for h in entries:
                h.toc = True
        run.clear()

    for h in headings:
        whole_line = bool(_LEADING.fullmatch(blocks[h.block].text, 0, h.start))
        if run and (h.block != run[-1].end_block + 1 or not whole_line):
            close()
        if whole_line and _heading_only(h, blocks):
            run.append(h)
        else:
            close()
    close()


def _heading_only(h: Heading, blocks) -> bool:
    return bool(_TRAILING.fullmatch(blocks[h.end_block].text, h.end))


def _tree(headings: list[Heading], blocks) -> Section:
    root = Section(None)
    by_block: dict[int, list[Heading]] = {}
    for h in headings:
        by_block.setdefault(h.block, []).append(h)
    stack: list[Section] = [root]
    current = root
    skip_until: tuple[int, int] | None = None  # end of a wrapped heading
    for b, block in enumerate(blocks):
        pos = 0
        if skip_until and skip_until[0] == b:
            pos = skip_until[1]
            skip_until = None
        for h in by_block.get(b, ()):
            if h.start > pos:
                _add_body(current, b, pos, h.start, block.text)
            current = _place(stack, h)
            if h.end_block != b:
                skip_until = (h.end_block, h.end)
                pos = len(block.text)
            else:
                pos = h.end
        if pos < len(block.text) and not (skip_until and skip_until[0] > b):
            _add_body(current, b, pos, len(block.text), block.text)
    return root


_BODY_LEAD = " \t\u3000。：:*#>"  # markup and the stop that closes a run-in heading


def _add_body(section: Section, block: int, start: int, end: int, text: str) -> None:
    piece = text[start:end]
    body = piece.lstrip(_BODY_LEAD).rstrip(" \t\u3000#*")
    if body:
        lead = len(piece) - len(piece.lstrip(_BODY_LEAD))
        section.body.append((block, start + lead, start + lead + len(body)))


def _place(stack: list[Section], h: Heading) -> Section:
    """Put the heading's section into the tree: a sibling of the nearest open section
    of the same style, else a child of the innermost open section; a known section
    title standing without numbering or markup is a part of the report's top level."""
    section = Section(h)
    if h.style.startswith("md"):
        level = int(h.style[2:])
        while len(stack) > 1 and not (
            stack[-1].heading.style.startswith("md") and int(stack[-1].heading.style[2:]) < level
        ):
            stack.pop()
    elif h.style == "plain":  # a section title of the format without numbering: one of the report's parts
        del stack[1:]
    else:
        styles = [s.heading.style for s in stack[1:]]
        if h.style in styles:
            del stack[styles.index(h.style) + 1 :]
        elif "plain" in styles and any(c.heading.style == h.style for c in stack[0].children):
            del stack[1:]  # back to the top level after an unnumbered part
    parent = stack[-1]
    section.parent = parent
    parent.children.append(section)
    stack.append(section)
    return section
