"""The relation language (check/expr): what each binding of an expression comes to, over
cells that hold numbers, blanks and placeholders, or are missing."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

import pytest

from gik_lint.check.expr import ExprError, evaluate, parse


def cells(**values):
    """Cells by id (``__`` for ``.``): an int or Decimal is a number, a str its kind."""
    out = {}
    for key, value in values.items():
        kind = value if isinstance(value, str) else ("decimal" if isinstance(value, Decimal) else "int")
        out[key.replace("__", ".")] = SimpleNamespace(value=SimpleNamespace(kind=kind, number=None if isinstance(value, str) else value))
    return out


def columns(name, arg):
    assert (name, arg) == ("columns", "t")
    return ["a", "b"]


def outcomes(expr, table, expected=None, tolerance=Decimal(0)):
    return {tuple(o.binding.values()): o for o in evaluate(parse(expr), table, columns, tolerance, expected)}


def test_a_relation_holds_fails_or_cannot_be_assessed_per_binding():
    table = cells(t__x__a=3, t__y__a=4, t__total__a=7, t__x__b=1, t__y__b="blank", t__total__b=5)
    found = outcomes("for c in columns(t): t.total.{c} == t.x.{c} + t.y.{c}", table)
    assert found["a",].holds is True and (found["a",].lhs, found["a",].rhs) == (7, 7)
    assert found["b",].holds is None and [(t.id, t.state) for t in found["b",].unreadable] == [("t.y.b", "blank")]
    table["t.total.a"].value.number = 8
    found = outcomes("for c in columns(t): t.total.{c} == t.x.{c} + t.y.{c}", table)
    assert found["a",].holds is False and (found["a",].lhs, found["a",].rhs) == (8, 7)
    assert [t.id for t in found["a",].terms] == ["t.total.a", "t.x.a", "t.y.a"]  # every cell read is named


def test_a_sum_over_a_group_with_a_row_left_out_is_not_assessable():
    table = cells(t__d1__a=1, t__d2__a=2, t__total__a=3)
    expected = ["t.d1.a", "t.d2.a", "t.d3.a", "t.total.a"]
    found = outcomes("for c in [a]: t.total.{c} == sum(t.d*.{c})", table, expected)
    assert found["a",].holds is None and [t.id for t in found["a",].unreadable] == ["t.d3.a"]
    found = outcomes("for c in [a]: t.total.{c} == sum(t.d*.{c})", table)  # the layout has only what is there
    assert found["a",].holds is True
    found = outcomes("for c in [a]: t.total.{c} == sum(t.none*.{c})", table)
    assert found["a",].holds is None and found["a",].unreadable[0].state == "missing"


@pytest.mark.parametrize(
    ("expr", "holds"),
    [
        ("t.x.a * 2 == t.y.a", True),
        ("2 * t.x.a + 1 == t.y.a + 1", True),
        ("t.x.a * t.x.a == 9", True),  # a product of cells: worked out the long way
        ("t.y.a - t.x.a >= 3", True),
        ("t.y.a - t.x.a > 3", False),
        ("t.x.a != t.y.a", True),
        ("t.x.a <= 2", False),
    ],
)
def test_arithmetic_and_comparisons(expr, holds):
    assert outcomes(expr, cells(t__x__a=3, t__y__a=6))[()].holds is holds


def test_decimals_compare_within_the_tolerance():
    table = cells(t__x__a=Decimal("1.10"), t__y__a=Decimal("1.104"))
    assert outcomes("t.x.a == t.y.a", table)[()].holds is False
    assert outcomes("t.x.a == t.y.a", table, tolerance=Decimal("0.01"))[()].holds is True


def test_an_expression_that_does_not_parse_says_where():
    with pytest.raises(ExprError, match="col"):
        parse("for c in columns(t): t.total.{c} ==")
