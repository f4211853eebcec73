"""Runs of digits that stand for several cells: "6000017" for the seven columns of a
row whose cells lost the spaces between them (a web page whose table collapsed into
one line of text).

A run is split only where the cells' own rules leave no choice: every cell is a number
without a leading zero ("07" is no cell; "0" is), a sign only where the column has one
(本年增/减), decimals only where it has them (amounts), a placeholder ("/", "-") as a cell
of its own; a space, a tab or "|" in the run always falls between two cells (a number
never spans it), a comma may (or may group thousands). Of the splits these allow, only
those are kept under which the row's linear relations hold (a row's parts add up to its
total). The splits are enumerated, never guessed: several splits, or none, are
reported as such, and so is a run with so many possible splits that enumerating them
would not end (:data:`STEP_CAP`).

:func:`settle` is the same over several rows at once: the rows that are left with several
splits are settled together by the relations that run across rows (the results add up
to （七）总计 in every column), when those leave exactly one choice for a row.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from gik_lint.packcache import compile_re
from gik_lint.records import field, record

STEP_CAP = 50_000  # cells tried, per run or per settling of rows: beyond it, not assessable
KEEP = 1_000  # candidate splits kept per run (more: reported as too many)
JOINT_CAP = 256  # a row with more candidates than this is not settled with other rows

_SEPARATORS = " \t\u3000|"
_INT = r"(?:0|[1-9]\d*|[1-9]\d{0,2}(?:,\d{3})+)"
_PLACEHOLDER = compile_re(r"[/／—－–-]{1,2}")
_SIGNS = "+-−－"
_MARKS = compile_re(r"[/／—－–\-+−]")  # a placeholder or a sign: what leaves a cell's value unbounded below


@record(frozen=True)
class Slot:
    """What one cell of the row may hold."""

    signed: bool = False  # a leading + or - (本年增/减)
    decimal: bool = False  # a fractional part (amounts)

    def pattern(self) -> re.Pattern:
        return _pattern(self.signed, self.decimal)


_PATTERNS: dict = {}


def _pattern(signed: bool, decimal: bool) -> re.Pattern:
    key = (signed, decimal)
    if key not in _PATTERNS:
        sign = f"[{re.escape(_SIGNS)}]?" if signed else ""
        fraction = r"(?:\.\d+)?" if decimal else ""
        _PATTERNS[key] = compile_re(f"{sign}{_INT}{fraction}")
    return _PATTERNS[key]


@record(frozen=True)
class Equation:
    """A linear relation ``sum(factor * cell) + constant == 0`` over the cells of a
    table (cell ids), or of a row (slot indices)."""

    terms: tuple[tuple[object, int | Decimal], ...]
    constant: int | Decimal = 0
    source: str = ""  # the rule it comes from, for evidence

    def cells(self) -> tuple:
        return tuple(k for k, _ in self.terms)


@record
class Split:
    """What a run can be: ``candidates`` are the splits (one text per cell) under which
    every relation holds; ``splits`` counts the splits the cells' own rules allow,
    before any relation (``examples`` are the first of them). ``complete`` is False
    when the enumeration stopped at its cap."""

    candidates: list[tuple[str, ...]] = field(default_factory=list)
    splits: int = 0
    examples: list[tuple[str, ...]] = field(default_factory=list)
    complete: bool = True
    splits_complete: bool = True  # False: there are more splits than ``splits`` counts

    @property
    def status(self) -> str:
        """"unique" | "several" | "inconsistent" (the cells' rules allow splits, but
        none under which the relations hold) | "impossible" (no split at all) |
        "too-many" (the enumeration was stopped)."""
        if not self.complete:
            return "too-many"
        if len(self.candidates) == 1:
            return "unique"
        if self.candidates:
            return "several"
        return "inconsistent" if self.splits else "impossible"


def groups_of(run: str) -> list[str]:
    """A run as the groups its spaces (tabs, "|") set apart."""
    return [g for g in re.split(f"[{re.escape(_SEPARATORS)}]+", run) if g]


def number(text: str) -> int | Decimal | None:
    """A cell's text as a number (None for a placeholder)."""
    if _PLACEHOLDER.fullmatch(text):
        return None
    t = text.replace(",", "")
    for sign in "−－":
        t = t.replace(sign, "-")
    return Decimal(t) if "." in t else int(t)


def _refuted(eq, value) -> bool:
    """Whether the values (``value(term)``) break the relation ``eq``; a placeholder
    (None) among them cannot refute it."""
    total = eq.constant
    for key, factor in eq.terms:
        v = value(key)
        if v is None:
            return False
        total += factor * v
    return total != 0


def split_run(
    run: str | Sequence[str],
    slots: Sequence[Slot],
    relations: Sequence[Equation] = (),
    step_cap: int = STEP_CAP,
    keep: int = KEEP,
) -> Split:
    """Every split of ``run`` (a string, or its groups) into ``len(slots)`` cells under
    which every relation holds. A relation's terms are slot indices; one that needs a
    placeholder cannot refute a split. Where none holds, the splits the cells' own
    rules allow are counted (and the first kept as examples), so that the finding can
    say the row's figures may not add up."""
    groups = groups_of(run) if isinstance(run, str) else [g for g in run if g]
    out = Split()
    if not groups or not slots or len(groups) > len(slots):
        return out
    found, complete = _walk(groups, slots, relations, step_cap, keep)
    if not complete:
        out.complete = False
        return out
    out.candidates = found = _in_order(found)
    if found or not relations:
        out.splits, out.examples = len(found), found[:5]
    else:  # what the cells' own rules allow, to show what the relations ruled out
        allowed, out.splits_complete = _walk(groups, slots, (), step_cap, None)
        out.splits, out.examples = len(allowed), _in_order(allowed)[:5]
    return out


def _walk(groups: list[str], slots: Sequence[Slot], relations: Sequence[Equation], step_cap: int, keep: int | None) -> tuple[list[tuple[str, ...]], bool]:
    """The splits of ``groups`` into the slots under which every relation holds, up to
    ``keep`` of them (None: all; when kept to ``keep`` the enumeration is complete
    only if there were no more); False when the step cap stopped it.

    The last cell is taken first (it can only be an end of the last group: a row's
    总计), then the others left to right; after each cell, a relation that can no
    longer hold, whatever the cells still to come, cuts the search short."""
    n = len(slots)
    found: list[tuple[str, ...]] = []
    state = {"steps": 0, "complete": True}
    values: list = [None] * n
    cells: list[str] = [""] * n
    # when each relation can be worked out: once its last slot is taken, slot n-1 first
    due: dict[int, list[Equation]] = {}
    for eq in relations:
        if eq.terms:
            rest = [k for k, _ in eq.terms if k != n - 1]
            due.setdefault(max(rest) if rest else -1, []).append(eq)
    open_eqs = [eq for eq in relations if len(eq.terms) > 1]

    def holds(s: int) -> bool:
        return not any(_refuted(eq, values.__getitem__) for eq in due.get(s, ()))

    last = groups[-1]
    for i in range(len(last) - 1, -1, -1):
        if not _fits(last, i, len(last), slots[-1]) or (i and last[i - 1] == "," and i == 1):
            continue
        head = list(groups[:-1]) + ([last[: i - 1] if last[i - 1] == "," else last[:i]] if i else [])
        state["steps"] += 1
        cells[-1], values[-1] = last[i:], number(last[i:])
        if n == 1:
            if not head and holds(-1):
                found.append((cells[-1],))
            continue
        if not head or not holds(-1):
            continue
        _walk_head(head, slots, n - 1, cells, values, holds, open_eqs, found, state, step_cap, keep)
        if not state["complete"]:
            break
    return found, state["complete"]


def _fits(text: str, i: int, j: int, slot: Slot) -> bool:
    return bool(_PLACEHOLDER.fullmatch(text, i, j) or slot.pattern().fullmatch(text, i, j))


def _walk_head(groups, slots, m, cells, values, holds, open_eqs, found, state, step_cap, keep) -> None:
    """Slots 0..m-1 over ``groups``, left to right (slot m onwards already taken)."""
    n = len(slots)
    free = [sum(len(g) for g in groups[k:]) for k in range(len(groups) + 1)]  # characters from group k on
    longest = [max((len(g) for g in groups[k:]), default=0) for k in range(len(groups) + 1)]  # longest group from k on
    marks = [bool(_MARKS.search("".join(groups[k:]))) for k in range(len(groups) + 1)]  # a placeholder may follow

    def feasible(s: int, g: int, j: int) -> bool:
        """Whether every relation can still hold once slots 0..s (and the last) are
        taken and the rest of the run is left for the others: each of those is bounded
        by the digits it could have at most."""
        k = m - s - 1
        if not k or (marks[g] and _MARKS.search(groups[g], j)) or (g + 1 < len(marks) and marks[g + 1]):
            return True
        rest = len(groups[g]) - j + free[g + 1]
        width = min(rest - (k - 1), max(len(groups[g]) - j, longest[g + 1]))
        if width <= 0:
            return False
        top = Decimal(10) ** width
        for eq in open_eqs:
            total, low, high = eq.constant, 0, 0
            for t, factor in eq.terms:
                if t <= s or t >= m:
                    v = values[t]
                    if v is None:
                        break
                    total += factor * v
                else:
                    hi = factor * top
                    lo = -hi if slots[t].signed else 0
                    low, high = low + min(lo, hi), high + max(lo, hi)
            else:
                if total + low > 0 or total + high < 0:
                    return False
        return True

    def walk(g: int, i: int, s: int) -> None:
        if s == m:
            if g == len(groups):
                if keep is not None and len(found) >= keep:
                    state["complete"] = False
                    return
                found.append(tuple(cells))
            return
        if g == len(groups):
            return
        text = groups[g]
        left = len(text) - i + free[g + 1]
        if m - s > left or m - s < len(groups) - g:
            return  # each cell needs a character, each group a cell
        for j in _ends(text, i, slots[s]):
            state["steps"] += 1
            if state["steps"] > step_cap:
                state["complete"] = False
                return
            cells[s], values[s] = text[i:j], number(text[i:j])
            if holds(s) and feasible(s, g, j):
                if j == len(text):
                    walk(g + 1, 0, s + 1)
                elif text[j] == ",":
                    if j + 1 < len(text):
                        walk(g, j + 1, s + 1)  # the comma falls between two cells
                else:
                    walk(g, j, s + 1)
            values[s] = None
            if not state["complete"]:
                return

    walk(0, 0, 0)


def _in_order(splits: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """Splits in reading order: shorter cells first, from the left."""
    return sorted(splits, key=lambda cells: [len(c) for c in cells])


def _ends(text: str, i: int, slot: Slot) -> list[int]:
    """Where a cell of ``slot`` that starts at ``text[i]`` may end."""
    ends = []
    for m in (_PLACEHOLDER.match(text, i),):
        if m:
            ends.extend(k for k in range(i + 1, m.end() + 1) if _PLACEHOLDER.fullmatch(text, i, k))
    pattern = slot.pattern()
    for j in range(i + 1, len(text) + 1):
        if pattern.fullmatch(text, i, j):
            ends.append(j)
    return sorted(set(ends))


@record
class Row:
    """A row to settle with others: its cells' ids and its candidate splits (as numbers,
    None for a placeholder)."""

    cells: tuple[str, ...]
    candidates: list[tuple]


@record
class Settled:
    """For each row: the index of the candidate the relations leave (None: several, or
    none); whether no candidate holds with the other rows (the figures contradict the
    relations, whichever way the runs split); the rules whose relations bore on it."""

    picks: list[int | None]
    contradicts: list[bool]
    relations: list[tuple[str, ...]]


def settle(rows: Sequence[Row], known: dict, relations: Sequence[Equation], step_cap: int = STEP_CAP) -> Settled:
    """Rows that each split in several ways, settled together by the relations across
    rows: a row is settled when, of all the combinations of its candidates with the
    other rows' under which every relation holds, all choose the same candidate.

    A relation is used only when every cell it names is a ``known`` number or a cell of
    one of the rows (one that needs a blank cell stays for the relation rules to
    report). Rows that no relation ties together are settled apart, so that a
    contradiction in one part of the table says nothing about another."""
    where = {cid: (r, k) for r, row in enumerate(rows) for k, cid in enumerate(row.cells)}
    usable = [eq for eq in relations if any(c in where for c in eq.cells()) and all(c in where or c in known for c in eq.cells())]
    parent = list(range(len(rows)))

    def root(r: int) -> int:
        while parent[r] != r:
            parent[r] = parent[parent[r]]
            r = parent[r]
        return r

    touching: list[set[str]] = [set() for _ in rows]
    for eq in usable:
        involved = sorted({where[c][0] for c in eq.cells() if c in where})
        for r in involved:
            touching[r].add(eq.source)
            parent[root(r)] = root(involved[0])
    out = Settled([None] * len(rows), [False] * len(rows), [tuple(sorted(t)) for t in touching])
    components: dict[int, list[int]] = {}
    for r in range(len(rows)):
        components.setdefault(root(r), []).append(r)
    for members in components.values():
        eqs = [eq for eq in usable if where[next(c for c in eq.cells() if c in where)][0] in members]
        if not eqs:
            continue  # nothing ties these rows: each keeps its several candidates
        picks, holds = _settle_component(rows, members, where, known, eqs, step_cap)
        for r in members:
            out.picks[r] = picks.get(r)
            out.contradicts[r] = holds is False
    return out


def _settle_component(rows, members: list[int], where: dict, known: dict, eqs: list[Equation], step_cap: int) -> tuple[dict[int, int], bool | None]:
    """The candidate each row of one component is left with, and whether any
    combination holds (None: the enumeration was stopped, nothing is settled)."""
    order = sorted(members, key=lambda r: len(rows[r].candidates))  # fewest choices first
    rank = {r: n for n, r in enumerate(order)}
    due: dict[int, list[Equation]] = {}
    for eq in eqs:
        due.setdefault(max(rank[where[c][0]] for c in eq.cells() if c in where), []).append(eq)
    chosen: dict[int, int] = {}
    seen: dict[int, set[int]] = {r: set() for r in members}
    state = {"steps": 0, "complete": True, "any": False}

    def value(cid):
        if cid in where:
            r, k = where[cid]
            return rows[r].candidates[chosen[r]][k]
        return known[cid]

    def holds(depth: int) -> bool:
        return not any(_refuted(eq, value) for eq in due.get(depth, ()))

    def walk(depth: int) -> None:
        if depth == len(order):
            state["any"] = True
            for r in members:
                seen[r].add(chosen[r])
            return
        r = order[depth]
        for c in range(len(rows[r].candidates)):
            state["steps"] += 1
            if state["steps"] > step_cap:
                state["complete"] = False
                return
            chosen[r] = c
            if holds(depth):
                walk(depth + 1)
            if not state["complete"]:
                return
        del chosen[r]

    walk(0)
    if not state["complete"]:
        return {}, None
    return {r: next(iter(s)) for r, s in seen.items() if len(s) == 1}, state["any"]
