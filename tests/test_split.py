"""The splitter of runs of digits (interpret/tables/split.py): every split of a run
into a row's cells that the cells' own rules and the row's relations allow, never a
guess; and the settling of several rows at once by the relations across rows."""

from __future__ import annotations

import time

from gik_lint.interpret.tables.split import Equation, Row, Slot, settle, split_run

N = Slot()
SIGNED = Slot(signed=True)
AMOUNT = Slot(decimal=True)
APPLICANTS = [N] * 7  # 自然人 … 其他, 总计
ROW_TOTAL = Equation(tuple((k, 1) for k in range(6)) + ((6, -1),), 0, "GIK222")  # the parts add up to 总计
GROUPS = [N] * 15  # review and litigation: three groups of five, each 维持+纠正+其他+尚未审结 = 总计
GROUP_TOTALS = [Equation(tuple((5 * g + k, 1) for k in range(4)) + ((5 * g + 4, -1),), 0, "GIK224") for g in range(3)]


def test_no_leading_zero_leaves_one_split():
    result = split_run("007", [N, N, N])
    assert result.status == "unique"
    assert result.candidates == [("0", "0", "7")]


def test_row_total_settles_the_split():
    result = split_run("6000017", APPLICANTS, [ROW_TOTAL])
    assert result.candidates == [("6", "0", "0", "0", "0", "1", "7")]
    result = split_run("200 000121", APPLICANTS, [ROW_TOTAL])
    assert result.status == "unique"
    assert result.candidates == [("20", "0", "0", "0", "0", "1", "21")]


def test_a_number_never_spans_a_space():
    assert split_run("20 0 00 0 121", APPLICANTS, [ROW_TOTAL]).candidates == [("20", "0", "0", "0", "0", "1", "21")]
    assert split_run("0 0 00 00 0", APPLICANTS).candidates == [("0",) * 7]
    assert split_run("1 11", [N, N]).candidates == [("1", "11")]
    assert sorted(split_run("111", [N, N]).candidates) == [("1", "11"), ("11", "1")]
    assert split_run("1 2 3", [N, N]).status == "impossible"  # more groups than cells


def test_several_splits_are_all_given():
    result = split_run("7777166", [N, N, N])
    assert result.status == "several"
    assert len(result.candidates) == 15
    assert ("7", "77", "7166") in result.candidates and ("77", "77", "166") in result.candidates
    assert all("".join(c) == "7777166" for c in result.candidates)
    assert not any(len(x) > 1 and x.startswith("0") for c in result.candidates for x in c)


def test_signs_only_where_the_column_has_them():
    assert split_run("35-15", [N, SIGNED]).candidates == [("35", "-15")]
    assert split_run("35-15", [N, N]).status == "impossible"
    found = split_run("2648-18538", [N, SIGNED, N])
    assert found.status == "several"
    assert ("2648", "-18", "538") in found.candidates
    assert ("2648", "-", "18538") in found.candidates  # or a placeholder in 本年增/减


def test_decimals_only_where_the_column_has_them():
    assert split_run("86.35", [N, N]).status == "impossible"
    found = split_run("39573802895.90", [N, AMOUNT])
    assert found.status == "several"
    assert ("39", "573802895.90") in found.candidates
    assert all(not c[0].count(".") for c in found.candidates)


def test_a_comma_groups_thousands_or_parts_cells():
    assert sorted(split_run("1,2345", [N, N]).candidates) == [("1", "2345"), ("1,234", "5")]


def test_no_consistent_split_says_what_the_cells_allow():
    result = split_run("21000003", APPLICANTS, [ROW_TOTAL])
    assert result.status == "inconsistent"  # 21+0…≠3 and 2+10+0…≠3: the row's own figures are wrong
    assert result.splits == 2 and result.splits_complete
    assert sorted(result.examples) == [("2", "10", "0", "0", "0", "0", "3"), ("21", "0", "0", "0", "0", "0", "3")]


def test_impossible_run():
    assert split_run("7", [N, N, N]).status == "impossible"
    assert split_run("00", [N]).status == "impossible"
    assert split_run("", [N]).status == "impossible"


def test_review_litigation_groups_of_five():
    assert split_run("0" * 15, GROUPS, GROUP_TOTALS).candidates == [("0",) * 15]
    run = "726417837351" + "1348126" + "1211620"  # 72 64 178 37 351 | 13 4 8 1 26 | 12 1 1 6 20
    result = split_run(run, GROUPS, GROUP_TOTALS)
    truth = ("72", "64", "178", "37", "351", "13", "4", "8", "1", "26", "12", "1", "1", "6", "20")
    assert truth in result.candidates
    assert result.status == "several"  # 1 2 11 6 20 and 1 2 1 16 20 add up as well
    spaced = split_run("72 64 178 37 351 13 4 8 1 26 12 1 1 6 20", GROUPS, GROUP_TOTALS)
    assert spaced.candidates == [truth]


def test_enumeration_is_capped():
    start = time.perf_counter()
    result = split_run("1" * 40, GROUPS, GROUP_TOTALS)
    assert result.status == "too-many" and result.candidates == []
    assert split_run("111111", [N, N], keep=3).status == "too-many"  # more candidates than kept
    assert time.perf_counter() - start < 5


def test_relation_with_a_placeholder_cannot_refute():
    result = split_run("1/2", [N, N, N], [Equation(((0, 1), (1, 1), (2, -1)))])
    assert result.candidates == [("1", "/", "2")]


# --- several rows at once ---------------------------------------------------------

COLUMN = Equation((("total.a", 1), ("open.a", -1), ("partial.a", -1)), 0, "GIK221")


def test_rows_settled_by_a_relation_across_rows():
    rows = [Row(("open.a",), [(1,), (11,)])]
    out = settle(rows, {"total.a": 1, "partial.a": 0}, [COLUMN])
    assert out.picks == [0] and out.contradicts == [False] and out.relations == [("GIK221",)]


def test_rows_left_open_when_the_relations_leave_a_choice():
    rows = [Row(("open.a",), [(1,), (2,)]), Row(("partial.a",), [(2,), (1,)])]
    out = settle(rows, {"total.a": 3}, [COLUMN])
    assert out.picks == [None, None] and out.contradicts == [False, False]


def test_rows_that_fit_no_combination_contradict():
    rows = [Row(("open.a",), [(5,), (50,)])]
    out = settle(rows, {"total.a": 3, "partial.a": 0}, [COLUMN])
    assert out.picks == [None] and out.contradicts == [True]


def test_a_relation_with_an_unknown_cell_is_not_used():
    rows = [Row(("open.a",), [(1,), (11,)])]
    out = settle(rows, {"total.a": 1}, [COLUMN])  # partial.a is blank or missing
    assert out.picks == [None] and out.contradicts == [False] and out.relations == [()]


def test_unrelated_rows_are_settled_apart():
    other = Equation((("x.b", 1), ("y.b", -1)), 0, "R")
    rows = [Row(("open.a",), [(5,), (50,)]), Row(("x.b",), [(2,), (7,)])]
    out = settle(rows, {"total.a": 3, "partial.a": 0, "y.b": 7}, [COLUMN, other])
    assert out.picks == [None, 1]
    assert out.contradicts == [True, False]
