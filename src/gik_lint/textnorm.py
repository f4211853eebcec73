"""Text normalisation for matching.

Matching works on a folded copy of the text (full-width ASCII to half-width, every
kind of space to " ", optionally with whitespace removed) while positions are kept:
:func:`squeeze` returns, for each character of the folded text, its index in the
original, so a match can be reported where it stands in the source.
"""

from __future__ import annotations

import re
from gik_lint.packcache import compile_re

_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}  # ！..～ -> !..~
_FOLD.update({cp: 0x20 for cp in (0x3000, 0x00A0, 0x2002, 0x2003, 0x2009, 0x200B, 0xFEFF)})
_FOLD.update({0x3008: ord("<"), 0x3009: ord(">"), 0x3014: ord("("), 0x3015: ord(")")})

# the characters fold changes, and what to: replacing the few a text holds is several times
# faster than str.translate, which looks up every character
_FOLDED = {chr(k): chr(v) for k, v in _FOLD.items()}
_TO_FOLD = compile_re("[" + re.escape("".join(_FOLDED)) + "]")

_SPACE = compile_re(r"\s")
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


# a year written in Chinese numerals, as official documents write it: 二〇二一年, 二零二一年
_CN_YEAR = compile_re(r"二[〇○零][〇○零一二三四五六七八九]{2}(?=\s*年)")
_CN_YEAR_DIGITS = str.maketrans("〇○零一二三四五六七八九", "00012345678" + "9")


def fold(text: str) -> str:
    """Full-width to half-width, unusual spaces to plain spaces, a year in Chinese
    numerals to digits (二〇二一年 -> 2021年). Same length as ``text``."""
    for ch in set(_TO_FOLD.findall(text)):
        text = text.replace(ch, _FOLDED[ch])
    if "〇" in text or "零" in text or "○" in text:
        text = _CN_YEAR.sub(lambda m: m.group().translate(_CN_YEAR_DIGITS), text)
    return text


# a month or day in Chinese numerals after a year or month: 2022年一月二十日, 十二月三十一日
_CN_MONTH_DAY = compile_re(r"(?<=[年月\d])([一二三四五六七八九十]{1,3})(?=[月日号])")


def arabic_dates(text: str) -> str:
    """Months and days in Chinese numerals as digits, once the year is folded
    ("2022年一月二十日" -> "2022年1月20日"); the length may change: for reading a date, not
    for positions."""
    if not _CN_MONTH_DAY.search(text):
        return text
    return _CN_MONTH_DAY.sub(lambda m: str(cn_number(m.group(1)) or m.group(1)), text)


def squeeze(text: str) -> tuple[str, list[int]]:
    """Fold ``text`` and drop all whitespace. Returns the result and, for each of its
    characters, the index of that character in ``text``."""
    folded = fold(text)
    if not _SPACE.search(folded):
        return folded, list(range(len(folded)))
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(folded):
        if ch.isspace():
            continue
        out.append(ch)
        index.append(i)
    return "".join(out), index


def compact(text: str) -> str:
    """Fold and drop whitespace (no index map)."""
    return _SPACE.sub("", fold(text))


def after_chars(text: str, start: int, n: int) -> int:
    """Index in ``text`` just past the ``n``-th non-space character from ``start`` (where a
    match in squeezed text ends in the text)."""
    count = 0
    for k in range(start, len(text)):
        if not text[k].isspace():
            count += 1
            if count == n:
                return k + 1
    return len(text)


def cn_number(numeral: str) -> int | None:
    """Value of a Chinese numeral up to 999 (一, 十一, 二十三, 一百零五) or of ASCII digits."""
    if numeral.isdigit():
        return int(numeral)
    total, current = 0, 0
    for ch in numeral:
        if ch in _CN_DIGITS:
            current = _CN_DIGITS[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current


# The header of a statistics table with a unit column ("指标名称 计量单位 …", "统计指标 单位
# 统计数"): in text that lost its breaks the table runs on from here, and its numbered rows
# ("五、行政诉讼数量件1") are no headings.
TABLE_HEADER = compile_re(r"(?:统计指标|指标名称)\s*(?:计量)?单位")
