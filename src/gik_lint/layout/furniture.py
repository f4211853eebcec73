"""Page furniture: what a PDF's pages or a converter add that is not the report.

* page footers and headers: ``— 3 —``, ``- 3 -``, ``第 3 页 共 9 页``, ``3/9``, and bare page
  numbers, when they count up through the document on lines of their own (a bare
  number on its own line is otherwise a table's cell);
* a converter's headings over tables (``## 表三：收到和处理…``): kept as plain lines, so
  that they name the table without opening a section.

A line that follows a dropped footer is marked as continuing across the page break
(``continued``), so that a sentence broken there can be joined again.
"""

from __future__ import annotations


from gik_lint.layout.cells import VALUE
from gik_lint.layout.lines import Line, cut
from gik_lint.packcache import compile_re
from gik_lint.records import replace

_FOOTER = compile_re(
    r"\s*(?:[-—–－_―]{1,3}\s*\d{1,4}\s*[-—–－_―]{1,3}"
    r"|第\s*\d{1,4}\s*页\s*(?:[,，/／]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*[/／]\s*\d{1,4}"
    r"|(?:page|Page|PAGE)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?)\s*"
)
_BARE = compile_re(r"\s*(\d{1,4})\s*")
_PAGE = compile_re(r"(\d{1,4})")  # a footer's page number: its first number
_MAX_FOOTER = 30  # characters a footer line may have
_MIN_PAGE = 6  # lines: a page holds at least this many
_CAPTION = compile_re(r"\s*(?:(?:附)?表\s*[一二三四五六七八九十\d]|统计表)")
_CONVERTER_HEADING = compile_re(r"\s*#{1,6}\s+(?=(?:附)?表\s*[一二三四五六七八九十\d]|统计表)")


def drop_furniture(lines: list[Line]) -> tuple[list[Line], set[int]]:
    """The lines without page footers, and the identities (``id``) of the blocks that
    follow a dropped footer."""
    short = [i for i, line in enumerate(lines) if len(line.block.text) <= _MAX_FOOTER and line.block.table is None]
    footers = {i for i in short if _FOOTER.fullmatch(lines[i].block.text)}
    footers |= _page_numbers(lines, footers, short)
    captions = any(line.block.heading_level or "#" in line.block.text[:8] for line in lines)
    if not footers and not captions:
        return lines, set()  # nothing to take away: most reports
    kept: list[Line] = []
    continued: set[int] = set()
    after_footer = False
    for i, line in enumerate(lines):
        if i in footers:
            after_footer = True
            continue
        line = _plain_caption(line)
        if after_footer:
            continued.add(id(line.block))
            after_footer = False
        kept.append(line)
    return kept, continued


def _page_numbers(lines: list[Line], footers: set[int], short: list[int]) -> set[int]:
    """Bare numbers on lines of their own that count up one by one, a page apart, with
    the page numbers of the footers found (a document's footers may vary in style): the
    bare numbers of the longest such chain, if it has two links or more. ``short``: the
    lines short enough to be a footer."""
    # chains by the page number they end with: (where their last line stands, length, lines)
    ends: dict[int, list[tuple[int, int, tuple[int, ...]]]] = {}
    best: tuple[int, ...] = ()
    printed: dict[int, list[int]] = {}  # page number -> lines of the footers that print it
    for i in sorted(footers):
        m = _PAGE.search(lines[i].block.text)
        if m:
            printed.setdefault(int(m.group(1)), []).append(i)
    for i in short:
        line = lines[i]
        text = line.block.text
        if i in footers:
            m = _PAGE.search(text)
        else:
            m = _BARE.fullmatch(text)
            if m and any(VALUE.fullmatch(lines[j].block.text) for j in (i - 1, i + 1) if 0 <= j < len(lines)):
                n = int(m.group(1))  # beside other numbers: a table's cell, unless the footers around say so
                if not (any(j < i for j in printed.get(n - 1, ())) and any(j > i for j in printed.get(n + 1, ()))):
                    continue
        if not m:
            continue
        n = int(m.group(1))
        at = line.block.line if line.block.line is not None else i  # a page apart: in source lines where known
        before = [c for c in ends.get(n - 1, ()) if c[0] <= at - _MIN_PAGE]
        chain = max(before, key=lambda c: c[1])[2] + (i,) if before else (i,)
        ends.setdefault(n, []).append((at, len(chain), chain))
        if len(chain) > len(best):
            best = chain
    return set(best) - footers if len(best) >= 2 else set()


def _plain_caption(line: Line) -> Line:
    """A converter's heading over a table (Markdown ``## 表三…``, a web page's or Word
    file's heading paragraph ``表三…``) as a plain line."""
    block = line.block
    if not block.heading_level and "#" not in block.text[:8]:
        return line
    m = _CONVERTER_HEADING.match(block.text)
    if m:
        return Line(cut(block, m.end()), line.origin)
    if block.heading_level and _CAPTION.match(block.text):
        return Line(replace(block, heading_level=None), line.origin)
    return line
