"""Edits on a report's source text: where, what to put there, and the checks that make a
fix safe to apply (the text it replaces is there, no two edits overlap, no digit changes).

Coordinates are those of every finding's position in a text or Markdown report: lines as
the text reader splits them (``\\r\\n``, ``\\r`` or ``\\n``), 1-based; columns 1-based,
counting characters (code points) of the decoded text; the end is exclusive. An insertion
has its start equal to its end.
"""

from __future__ import annotations

from gik_lint.packcache import compile_re
from gik_lint.records import record

_LINE_BREAK = compile_re(r"\r\n|\r|\n")
# Chinese numerals: a fix may no more change "三件" than "3件"
CHINESE_NUMERALS = frozenset("〇零一二三四五六七八九十百千万亿两壹贰叁肆伍陆柒捌玖拾佰仟")


class FixError(ValueError):
    """Edits that cannot be applied as they are (zh-CN message)."""


@record(frozen=True)
class Edit:
    """Replace the characters from (``start_line``, ``start_column``) up to, not including,
    (``end_line``, ``end_column``) with ``replacement``. ``code``: the rule whose finding the
    edit fixes; ``title``: what it does, for a person choosing a fix (zh-CN); ``original``:
    the text it replaces, checked before the edit is made ("" for an insertion)."""

    code: str
    start_line: int
    start_column: int
    end_line: int
    end_column: int
    replacement: str
    title: str
    original: str = ""

    @property
    def insertion(self) -> bool:
        return (self.start_line, self.start_column) == (self.end_line, self.end_column)

    def sort_key(self) -> tuple[int, int, int, int]:
        return (self.start_line, self.start_column, self.end_line, self.end_column)


def digits(text: str) -> str:
    """The digits of ``text`` in order: Arabic in any width, circled and the like, and
    Chinese numerals (a fix compares them before and after)."""
    return "".join(ch for ch in text if ch.isdigit() or ch in CHINESE_NUMERALS)


def is_new_line(edit: Edit, text_lines: "Lines") -> bool:
    """An insertion of a line of its own: at the end of a line, a line break first, no
    other line break in it (the only kind of edit that may bring digits of its own: the
    statistical period's year)."""
    if not edit.insertion or not edit.replacement[:1] in ("\r", "\n"):
        return False
    body = edit.replacement.lstrip("\r\n")
    return not _LINE_BREAK.search(body) and edit.start_column == len(text_lines.line(edit.start_line)) + 1


class Lines:
    """A source text split into lines as the text reader splits it, with the offset of
    each line's start: (line, column) <-> offset."""

    def __init__(self, text: str):
        self.text = text
        self.starts = [0]
        self.ends = []  # offset of each line's end (before its line break)
        for m in _LINE_BREAK.finditer(text):
            self.ends.append(m.start())
            self.starts.append(m.end())
        self.ends.append(len(text))

    def line(self, number: int) -> str:
        return self.text[self.starts[number - 1] : self.ends[number - 1]]

    def offset(self, line: int, column: int) -> int:
        if not 1 <= line <= len(self.starts):
            raise FixError(f"第 {line} 行不存在")
        offset = self.starts[line - 1] + column - 1
        if not self.starts[line - 1] <= offset <= self.ends[line - 1]:
            raise FixError(f"第 {line} 行没有第 {column} 列")
        return offset

    def newline_after(self, line: int) -> str:
        """The line break that ends ``line`` (the file's first one for the last line, else "\\n")."""
        end = self.ends[line - 1]
        m = _LINE_BREAK.match(self.text, end) or _LINE_BREAK.search(self.text)
        return m.group(0) if m else "\n"

    def holds(self, edit: Edit) -> bool:
        """Whether the edit's range is in the text and holds what the edit replaces."""
        try:
            a, b = self.offset(edit.start_line, edit.start_column), self.offset(edit.end_line, edit.end_column)
        except FixError:
            return False
        return a <= b and self.text[a:b] == edit.original


def safe(edit: Edit, lines: Lines) -> bool:
    """An edit a fix may make: it holds against the text, and it changes no digit (only a
    line of its own may bring digits, and those of the original stay as they were)."""
    if not lines.holds(edit):
        return False
    if digits(edit.original) == digits(edit.replacement):
        return True
    return is_new_line(edit, lines)


def overlap(a: Edit, b: Edit) -> bool:
    """Whether two edits touch the same characters, or stand at the same place where the
    order in which they are made would matter."""
    a0, a1 = (a.start_line, a.start_column), (a.end_line, a.end_column)
    b0, b1 = (b.start_line, b.start_column), (b.end_line, b.end_column)
    if a0 == b0:
        return True
    return a0 < b1 and b0 < a1


def apply(text: str, edits: list[Edit]) -> str:
    """``text`` with the edits made. Raises :class:`FixError` when two edits overlap, an
    edit does not hold against the text, or the digits of the text would change (those of
    an inserted line of its own aside)."""
    lines = Lines(text)
    ordered = sorted(edits, key=Edit.sort_key)
    for a, b in zip(ordered, ordered[1:]):
        if overlap(a, b):
            raise FixError(f"修改重叠：{a.code} 第{a.start_line}行第{a.start_column}列与 {b.code} 第{b.start_line}行第{b.start_column}列")
    out, kept, at = [], [], 0
    for edit in ordered:
        if not lines.holds(edit):
            raise FixError(f"{edit.code} 第{edit.start_line}行第{edit.start_column}列的原文已不是「{edit.original}」")
        if not safe(edit, lines):
            raise FixError(f"{edit.code} 第{edit.start_line}行第{edit.start_column}列的修改会改变数字")
        a, b = lines.offset(edit.start_line, edit.start_column), lines.offset(edit.end_line, edit.end_column)
        out += [text[at:a], edit.replacement]
        kept += [text[at:a], "" if is_new_line(edit, lines) else edit.replacement]
        at = b
    out.append(text[at:])
    kept.append(text[at:])
    if digits("".join(kept)) != digits(text):  # the engine's own guard: never a changed number
        raise FixError("修改会改变报告中的数字，已拒绝")
    return "".join(out)
