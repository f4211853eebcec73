"""Which organ a report is from, across years and spellings: "淮安市洪泽区人民政府" (2024)
and "洪泽区人民政府" (2023) are one organ."""

from __future__ import annotations

from gik_lint.packcache import compile_re

_UNIT = compile_re(r"[\u4e00-\u9fff]{1,8}?(?:自治区|自治州|自治县|省|市|区|县|旗|盟|镇|乡|街道)")


def organ_identity(agency: str | None) -> str | None:
    """The organ from its lowest administrative unit on: the prefecture or province
    named before a district or county is dropped."""
    if not agency:
        return None
    units = list(_UNIT.finditer(agency))
    # the place names at the start, one after another ("淮安市" "洪泽区")
    last = None
    position = 0
    for m in units:
        if m.start() != position:
            break
        last, position = m, m.end()
    if last is None:
        return agency
    return agency[last.start() :]
