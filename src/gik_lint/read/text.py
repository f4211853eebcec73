"""Plain text and Markdown reports: one block per non-blank line."""

from __future__ import annotations

import re

from gik_lint.read.decode import decode
from gik_lint.read.document import Block, Document, ReadError

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def read_text(data: bytes, path: str, fmt: str) -> Document:
    text, encoding = decode(data)
    if text.startswith("\ufeff"):
        text = text[1:]
    blocks: list[Block] = []
    blank = False
    for number, line in enumerate(_LINE_BREAK.split(text), start=1):
        if not line.strip():
            blank = True
            continue
        blocks.append(Block(line, line=number, blank_before=blank))
        blank = False
    if not blocks:
        raise ReadError("文件为空（没有任何文字）")
    return Document(path=path, format=fmt, encoding=encoding, blocks=blocks)
