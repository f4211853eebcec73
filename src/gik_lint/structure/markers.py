"""Heading numbering markers as real reports write them.

Markers are matched on folded text (see :mod:`gik_lint.textnorm`), so "（一）" and
"(一)", "１．" and "1." are the same marker.
"""

from __future__ import annotations

import re
from collections import namedtuple

from gik_lint.packcache import compile_re
from gik_lint.textnorm import cn_number

_CN = "一二三四五六七八九十"

MARKER = compile_re(
    rf"""
      (?P<part>第(?P<part_n>[{_CN}百零〇]+|\d{{1,2}})(?:部分|篇)[\s、.:]*)
    | (?P<cn1>(?P<cn1_n>[{_CN}]{{1,3}})\s*(?:、|\.(?![\d.])))
    | (?P<cn2>\((?P<cn2_n>[{_CN}]{{1,3}})\)[、.]?)
    | (?P<ar>(?P<ar_n>\d{{1,2}})\s*(?:、|\.(?![\d.])))
    | (?P<arp>(?:\((?P<arp_n>\d{{1,2}})\)|(?P<arp_c>[⑴-⒇]))[、.]?)
    | (?P<circ>[①-⑳])
    """,
    re.X,
)

STYLES = ("part", "cn1", "cn2", "ar", "arp", "circ")


class Marker(namedtuple("Marker", ("style", "number", "start", "end"))):
    """A numbering marker: its style (one of :data:`STYLES`), its number (int, or None),
    and where it starts and ends in the text."""

    __slots__ = ()


def match_marker(text: str, pos: int = 0) -> Marker | None:
    """The numbering marker at ``text[pos:]``, if any."""
    m = MARKER.match(text, pos)
    if not m:
        return None
    style = m.lastgroup  # the style's group closes after the groups inside it
    if style == "circ":
        number = ord(m.group("circ")) - ord("①") + 1
    elif style == "arp" and m.group("arp_c"):
        number = ord(m.group("arp_c")) - ord("⑴") + 1
    else:
        number = cn_number(m.group(f"{style}_n"))
    return Marker(style, number, m.start(), m.end())
