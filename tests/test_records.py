"""gik_lint.records: the record classes that stand in for dataclasses."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from gik_lint.records import FrozenInstanceError, field, record, replace

SRC = Path(__file__).resolve().parents[1] / "src"


@record
class Item:
    name: str
    count: int = 0
    tags: list[str] = field(default_factory=list)
    note: str = field(default="", compare=False, repr=False)
    size: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.size = len(self.name)


@record(frozen=True)
class Point:
    x: int
    y: int = 0
    label: dict = field(default_factory=dict, compare=False)


@record(slots=True)
class Slotted:
    a: int
    b: tuple = ()


@record
class Node:
    name: str
    children: list[Node] = field(default_factory=list)


def test_init_takes_fields_by_position_and_keyword_with_defaults():
    item = Item("pen", tags=["x"])
    assert (item.name, item.count, item.tags, item.note) == ("pen", 0, ["x"], "")
    assert Item("pen", 3).count == 3
    assert Point(y=2, x=1) == Point(1, 2)


def test_a_default_factory_makes_a_fresh_value_for_each_object():
    a, b = Item("a"), Item("b")
    a.tags.append("t")
    assert b.tags == []
    assert Item("c").tags is not Item("d").tags


def test_post_init_sets_the_fields_outside_init():
    assert Item("four").size == 4
    with pytest.raises(TypeError):
        Item("x", size=3)


def test_a_missing_or_unknown_argument_raises_type_error():
    with pytest.raises(TypeError, match=r"Item.__init__\(\) missing 1 required positional argument: 'name'"):
        Item()
    with pytest.raises(TypeError):
        Point(1, 2, {}, 4)
    with pytest.raises(TypeError):
        Point(1, z=3)


def test_equality_compares_the_compared_fields_of_one_class():
    assert Item("a", 1, note="one") == Item("a", 1, note="other")
    assert Item("a", 1) != Item("a", 2)
    assert not Item("a", 1) != Item("a", 1)
    assert Point(1, 2, {"k": 1}) == Point(1, 2)

    @record(frozen=True)
    class Other:
        x: int
        y: int = 0

    assert Point(1, 2) != Other(1, 2)
    assert Point(1, 2) != (1, 2)


def test_a_frozen_record_is_hashable_by_its_compared_fields():
    assert hash(Point(1, 2)) == hash(Point(1, 2, {"k": ["unhashable"]}))
    assert len({Point(1, 2), Point(1, 2), Point(2, 1)}) == 2


def test_a_mutable_record_is_unhashable():
    assert Item.__hash__ is None
    with pytest.raises(TypeError):
        hash(Item("a"))


def test_a_frozen_record_cannot_be_changed():
    p = Point(1)
    with pytest.raises(FrozenInstanceError):
        p.x = 2
    with pytest.raises(AttributeError):
        p.z = 2
    with pytest.raises(FrozenInstanceError):
        del p.y
    assert (p.x, p.y) == (1, 0)


def test_repr_shows_the_shown_fields():
    assert repr(Item("pen", 2, ["a"], note="hidden")) == "Item(name='pen', count=2, tags=['a'])"
    assert repr(Point(1, 2)) == "Point(x=1, y=2, label={})"


def test_repr_of_a_record_that_holds_itself():
    node = Node("root")
    node.children.append(node)
    assert repr(node) == "Node(name='root', children=[...])"


def test_replace_makes_a_new_record_with_some_fields_changed():
    item = Item("pen", 2, ["a"], note="n")
    other = replace(item, name="pencil")
    assert (other.name, other.count, other.tags, other.note, other.size) == ("pencil", 2, ["a"], "n", 6)
    assert item.name == "pen"
    assert replace(Point(1, 2), y=5) == Point(1, 5)
    with pytest.raises(TypeError):
        replace(Point(1), z=1)


def test_slots():
    s = Slotted(1)
    assert Slotted.__slots__ == ("a", "b") and not hasattr(s, "__dict__")
    assert (s.a, s.b) == (1, ())
    with pytest.raises(AttributeError):
        s.c = 3
    assert Slotted.__qualname__ == "Slotted" and repr(s) == "Slotted(a=1, b=())"


@pytest.mark.parametrize("value", [Item("pen", 2, ["a"], note="n"), Point(1, 2, {"k": 1}), Slotted(1, (2,))])
def test_records_round_trip_through_pickle(value):
    copy = pickle.loads(pickle.dumps(value))
    assert type(copy) is type(value)
    assert copy == value and repr(copy) == repr(value)
    if isinstance(value, Item):
        assert (copy.note, copy.size) == ("n", 3)


def test_a_mutable_default_is_refused():
    with pytest.raises(ValueError, match="default_factory"):

        @record
        class Bad:
            items: list = []  # noqa: RUF012


def test_the_check_path_imports_neither_dataclasses_nor_inspect():
    # dataclasses costs ~10 ms to import, inspect most of it (records.py replaces it)
    script = (
        "import sys; import gik_lint.cli, gik_lint.pipeline, gik_lint.check.engine, gik_lint.interpret, "
        "gik_lint.read.text, gik_lint.report; print('dataclasses' in sys.modules, 'inspect' in sys.modules)"
    )
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True)
    assert proc.stdout.split() == ["False", "False"]
