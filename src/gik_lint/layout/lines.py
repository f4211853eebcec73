"""Blocks cut and joined with their source positions kept.

Every pass of the layout stage works on a list of :class:`Line`: a block and the index of
the first source block it was made from (so that tables, which stand after a number of
blocks, can be placed again once blocks were joined or split). A block that is cut keeps
the position of each of its characters; a block made of several joins their anchors.
"""

from __future__ import annotations

from collections import namedtuple

from gik_lint.packcache import compile_re
from gik_lint.read import Block
from gik_lint.records import replace


class Line(namedtuple("Line", ("block", "origin"))):
    """A line being laid out: its :class:`Block` and the index of the source block it
    starts with."""

    __slots__ = ()


def anchors(block: Block) -> tuple[tuple[int, int, int], ...]:
    """The block's anchors, made explicit for a block that has none (one run of text)."""
    if block.anchors:
        return block.anchors
    if block.line is None:
        return ()
    return ((0, block.line, block.column),)


def cut(block: Block, start: int, end: int | None = None, blank_before: bool | None = None) -> Block:
    """``block.text[start:end]`` as a block of its own, every character where it stood."""
    end = len(block.text) if end is None else end
    if block.anchors:
        k = max((i for i, a in enumerate(block.anchors) if a[0] <= start), default=0)
        index, line, column = block.anchors[k]
        kept = [(max(index - start, 0), line, column + max(start - index, 0))]
        kept += [(i - start, ln, col) for i, ln, col in block.anchors[k + 1 :] if i < end]
        line, column = kept[0][1], kept[0][2]
        moved = tuple(kept) if len(kept) > 1 else None
    else:
        line, column, moved = block.line, block.column + start, None
    return replace(
        block,
        text=block.text[start:end],
        line=line,
        column=column,
        anchors=moved,
        blank_before=block.blank_before if blank_before is None else blank_before,
        heading_level=block.heading_level if start == 0 else None,
    )


def join(blocks: list[Block], sep: str | None = None) -> Block:
    """One block of ``blocks`` run together with ``sep`` between them; by default
    nothing where two pieces meet at Chinese text or punctuation, and one space between
    two words of Latin letters or digits."""
    first = blocks[0]
    text = first.text
    runs = list(anchors(first))
    for block in blocks[1:]:
        piece = block.text
        if sep is not None:
            text += sep
        elif text and piece and _word_char(text[-1]) and _word_char(piece[0]):
            text += " "  # two words (typesetting never breaks a number or a word over lines)
        offset = len(text)
        runs += [(offset + i, line, column) for i, line, column in anchors(block)]
        text += piece
    return replace(first, text=text, anchors=tuple(runs) if len(runs) > 1 else first.anchors)


def _word_char(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


_WIDE = compile_re("[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf"
                   "\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\U00020000-\U0003fffd]")


def width(text: str) -> int:
    """Display width: a wide character (Chinese, full-width forms) counts two."""
    return len(text) + len(_WIDE.findall(text))
