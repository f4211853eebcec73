"""repeated-definition: an abbreviation is defined once ("（以下简称《条例》）"); a second
definition of the same short name is a leftover of text put together from pieces."""

from __future__ import annotations


from gik_lint.check.finding import Hit
from gik_lint.check.kinds._text import view
from gik_lint.packcache import compile_re

NEEDS_REGIME = False

_DEFINITION = compile_re(r"以下简称((?:[“\"《][^”\"》]{1,20}[”\"》][、，,和及]?)+)")
_NAME = compile_re(r"[“\"《]([^”\"》]{1,20})[”\"》]")


def check(rule, report):
    seen: dict[str, object] = {}
    for definition in view(report, "document").finditer(_DEFINITION):
        for name in _NAME.findall(definition.group(1)):
            if name in seen:
                first = seen[name]
                yield Hit(start=definition.start, end=definition.end, context={"name": name, "first": first.start.line},
                          evidence={"name": name, "first": first.group(0), "again": definition.group(0)})
            else:
                seen[name] = definition
