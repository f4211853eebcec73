"""The relation language of the table rules: parsed with lark (LALR), evaluated over a
report's canonical table cells.

Each binding of the ``for`` variables gives one :class:`Outcome`: the relation holds,
fails, or cannot be assessed because a cell it needs is missing, blank, a placeholder
or not a number. Blank is never taken for 0.
"""

from __future__ import annotations

import fnmatch
import itertools
import operator
import re
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from gik_lint.memo import by_identity
from gik_lint.packcache import compile_re
from gik_lint.records import field, record

_PARSER = None


class ExprError(ValueError):
    """An expression that does not parse; the message says where."""


def _parser():
    global _PARSER
    if _PARSER is None:
        from lark import Lark

        grammar = (Path(__file__).parent / "grammar.lark").read_text(encoding="utf-8")
        _PARSER = Lark(grammar, parser="lalr", maybe_placeholders=False)
    return _PARSER


class Node:
    """A node of a parsed relation: ``data`` (the grammar rule's name) and ``children``
    (nodes, and tokens as plain strings). lark's trees, made plain so that the compiled
    cache can keep them (a run whose relations are all cached never imports lark)."""

    __slots__ = ("data", "children")

    def __init__(self, data: str, children: list):
        self.data, self.children = data, children


def _plain(tree) -> tuple:
    if hasattr(tree, "data"):
        return (str(tree.data), tuple(_plain(c) for c in tree.children))
    return str(tree)


def _node(plain):
    return Node(plain[0], [_node(c) for c in plain[1]]) if isinstance(plain, tuple) else plain


def parse(text: str) -> Node:
    from gik_lint import packcache

    plain = packcache.get("expr", text)
    if plain is None:
        from lark.exceptions import LarkError

        try:
            plain = _plain(_parser().parse(text))
        except LarkError as exc:
            raise ExprError(str(exc).strip().splitlines()[0]) from None
        packcache.put("expr", text, plain)
    return _node(plain)


@record
class Term:
    id: str
    value: int | Decimal | None
    state: str  # "ok" | "missing" | "blank" | "placeholder" | "invalid"


@record
class Outcome:
    binding: dict[str, str]
    holds: bool | None  # None: not assessable
    lhs: int | Decimal | None
    rhs: int | Decimal | None
    terms: list[Term] = field(default_factory=list)  # the cells read (collected where it does not hold)
    # where it does not hold: the comparison and its sides as linear forms, ``(constant,
    # ((cell id, factor), ...))`` (None: a side that is not linear)
    op: str = ""
    sides: tuple = (None, None)

    @property
    def unreadable(self) -> list[Term]:
        return [t for t in self.terms if t.state != "ok"]


def evaluate(
    tree, cells: dict, domains, tolerance: Decimal = Decimal(0), expected: list[str] | None = None, numbers: dict | None = None
) -> list[Outcome]:
    """``cells``: id -> object with ``.value`` (kind, number); ``domains(name, arg)``
    gives the ids a ``for`` ranges over; ``expected``: every cell id the table's layout
    has, so that a sum over a group the report left rows out of is not assessable
    rather than a sum over fewer cells; ``numbers``: id -> number of the cells that hold
    one, when the caller has it at hand (see :func:`numbers_of`)."""
    universe = tuple(expected) if expected is not None else tuple(cells)
    if numbers is None:
        numbers = numbers_of(cells)
    comparison = tree.children[-1]
    names, ranges = _ranges(tree, domains)
    left, op, right = comparison.children
    op = str(op)
    outcomes = []
    for binding, lhs_form, rhs_form in _bound(tree, names, ranges, universe):
        lhs, rhs = _fast(lhs_form, numbers), _fast(rhs_form, numbers)
        if lhs is not None and rhs is not None and _compare(lhs, op, rhs, tolerance):
            outcomes.append(Outcome(binding, True, lhs, rhs))  # the common case: no terms to collect
            continue
        binding, terms = dict(binding), []  # again, naming every cell read and why it could not be
        lhs = _value(left, binding, cells, terms, universe)
        rhs = _value(right, binding, cells, terms, universe)
        holds = None if lhs is None or rhs is None else _compare(lhs, op, rhs, tolerance)
        outcomes.append(Outcome(binding, holds, lhs, rhs, terms, op, (lhs_form, rhs_form)))
    return outcomes


def _ranges(tree, domains) -> tuple[list[str], tuple]:
    """The ``for`` variables' names and what each ranges over."""
    names, ranges = [], []
    for b in tree.children[:-1]:
        name, domain = b.children
        names.append(str(name))
        if domain.data == "names":
            ranges.append(tuple(str(t) for t in domain.children))
        else:
            ranges.append(tuple(domains(str(domain.children[0]), str(domain.children[1]))))
    return names, tuple(ranges)


def equations(tree, domains, universe: tuple[str, ...]) -> list[tuple[dict[str, str], int | Decimal, tuple[tuple[str, int | Decimal], ...]]]:
    """An ``==`` relation as linear equations over cell ids, one per binding of its
    ``for`` variables: ``(binding, constant, ((cell id, factor), ...))`` for
    sum(factor * cell) + constant == 0, the terms of a cell added up. Empty for any
    other comparison; a binding whose sides are not linear is left out. ``universe``:
    every cell id of the layout, as for :func:`evaluate`."""
    if str(tree.children[-1].children[1]) != "==":
        return []
    names, ranges = _ranges(tree, domains)
    out = []
    for binding, lhs, rhs in _bound(tree, names, ranges, tuple(universe)):
        if lhs is None or rhs is None:
            continue
        out.append((dict(binding), lhs[0] - rhs[0], tuple((cid, k) for cid, k in difference(lhs, rhs).items() if k)))
    return out


def difference(lhs, rhs) -> dict:
    """Each cell's factor in ``lhs - rhs`` (two linear forms, see :func:`_linear`)."""
    factors: dict[str, int | Decimal] = {}
    for cid, k in lhs[1]:
        factors[cid] = factors.get(cid, 0) + k
    for cid, k in rhs[1]:
        factors[cid] = factors.get(cid, 0) - k
    return factors


def numbers_of(cells: dict) -> dict:
    """id -> number of the cells whose value is a number."""
    return {cid: cell.value.number for cid, cell in cells.items() if cell.value.kind in ("int", "decimal")}


_BOUND: dict = {}


def _bound(tree, names: list[str], ranges: tuple, universe: tuple) -> list:
    """Each binding of the ``for`` variables with both sides of the comparison as linear
    forms of the cells (ids substituted and sums expanded once per layout)."""

    def bind() -> list:
        left, _, right = tree.children[-1].children
        bound = []
        for combo in itertools.product(*ranges):
            binding = dict(zip(names, combo))
            bound.append((binding, _linear(left, binding, universe), _linear(right, binding, universe)))
        return bound

    return by_identity(_BOUND, tree, (ranges, universe), bind)


def _linear(node, binding: dict[str, str], universe: tuple):
    """The node under one binding as ``(constant, ((cell id, factor), ...))``, or None
    for a product of two cells (then it is always worked out the long way). A sum
    that matches no cell of the layout keeps its pattern as an id no table has."""
    kind = node.data
    if kind == "number":
        return _constant(node), ()
    if kind == "cell":
        return 0, ((_substitute(str(node.children[0]), binding), 1),)
    if kind == "total":
        pattern = _substitute(str(node.children[0]), binding)
        return 0, tuple((cid, 1) for cid in _matching(pattern, universe) or [pattern])
    a, b = _linear(node.children[0], binding, universe), _linear(node.children[1], binding, universe)
    if a is None or b is None:
        return None
    if kind == "add":
        return a[0] + b[0], a[1] + b[1]
    if kind == "sub":
        return a[0] - b[0], a[1] + tuple((cid, -k) for cid, k in b[1])
    if a[1] and b[1]:
        return None
    (k, _), (c, terms) = (a, b) if not a[1] else (b, a)
    return k * c, tuple((cid, k * f) for cid, f in terms)


def _fast(form, numbers: dict):
    """The value of a linear form, or None when it needs a cell that holds no number."""
    if form is None:
        return None
    total, terms = form
    for cid, factor in terms:
        value = numbers.get(cid)
        if value is None:
            return None
        total += factor * value
    return total


_COMBINE = {"add": operator.add, "sub": operator.sub, "mul": operator.mul}


def _constant(node):
    text = str(node.children[0])
    return Decimal(text) if "." in text else int(text)


def _compare(a, op: str, b, tolerance: Decimal) -> bool:
    if op == "==":
        return abs(a - b) <= tolerance
    if op == "!=":
        return abs(a - b) > tolerance
    return {"<": a < b, "<=": a <= b + tolerance, ">": a > b, ">=": a + tolerance >= b}[op]


@lru_cache(maxsize=1024)
def _glob(pattern: str):
    return compile_re(fnmatch.translate(pattern)).match


@lru_cache(maxsize=4096)
def _matching(pattern: str, universe: tuple[str, ...]) -> list[str]:
    match = _glob(pattern)
    return sorted(cid for cid in universe if match(cid))


def _substitute(ref: str, binding: dict[str, str]) -> str:
    for name, value in binding.items():
        ref = ref.replace("{" + name + "}", value)
    return ref


def _lookup(cid: str, cells: dict, terms: list[Term]):
    cell = cells.get(cid)
    if cell is None:
        terms.append(Term(cid, None, "missing"))
        return None
    kind = cell.value.kind
    if kind in ("int", "decimal"):
        terms.append(Term(cid, cell.value.number, "ok"))
        return cell.value.number
    terms.append(Term(cid, None, kind))
    return None


def _value(node, binding, cells, terms, universe):
    """The node's value, or None when a cell it needs cannot be read (all such cells
    are still collected in ``terms``)."""
    return _compiled(node)(binding, cells, terms, universe)


_COMPILED: dict = {}


def _compiled(node):
    return by_identity(_COMPILED, node, None, lambda: _compile(node))


def _compile(node):
    """The node as a function of (binding, cells, terms, universe), made once per expression."""
    kind = node.data
    if kind == "number":
        constant = _constant(node)
        return lambda binding, cells, terms, universe: constant
    if kind == "cell":
        ref = str(node.children[0])
        if "{" not in ref:
            return lambda binding, cells, terms, universe: _lookup(ref, cells, terms)
        return lambda binding, cells, terms, universe: _lookup(_substitute(ref, binding), cells, terms)
    if kind == "total":
        ref = str(node.children[0])

        def total(binding, cells, terms, universe):
            pattern = _substitute(ref, binding)
            ids = _matching(pattern, universe)
            if not ids:
                terms.append(Term(pattern, None, "missing"))
                return None
            values = [_lookup(cid, cells, terms) for cid in ids]
            return None if None in values else sum(values)

        return total
    left, right = _compile(node.children[0]), _compile(node.children[1])
    combine = _COMBINE[kind]

    def arithmetic(binding, cells, terms, universe):
        a = left(binding, cells, terms, universe)
        b = right(binding, cells, terms, universe)  # both sides, so that every unreadable cell is named
        return None if a is None or b is None else combine(a, b)

    return arithmetic
