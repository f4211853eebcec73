"""Records: classes of named fields, declared like dataclasses but cheap to create.

``dataclasses`` costs ~10 ms to import (it imports ``inspect``) and compiles four to six
methods for every class. ``@record`` compiles only ``__init__``, when the first object is
made; repr, equality, hashing and immutability are functions shared by all records, which
read the field names that each class keeps in ``__record_init__``, ``__record_repr__`` and
``__record_compare__``.

    @record(frozen=True)
    class Point:
        x: int
        y: int = 0
        tags: tuple[str, ...] = field(default=(), compare=False)

The fields are the class's own annotations, in order (all of them: no ``ClassVar``;
records do not extend records). A class attribute is the field's default; :func:`field`
gives a default factory instead, or keeps a field out of ``__init__`` (``__post_init__``
then sets it), out of the repr or out of comparisons. ``__init__`` calls
``__post_init__`` if the class has one.

As with dataclasses, ``==`` compares the compared fields of two objects of one class; a
frozen record is hashable (by those fields) and its fields cannot be assigned; any other
record is unhashable. ``slots=True`` gives the class ``__slots__`` (and no ``__dict__``).
"""

from __future__ import annotations

from reprlib import recursive_repr

_MISSING = object()


class FrozenInstanceError(AttributeError):
    """A field of a frozen record was assigned or deleted."""


class Field:
    """A field's options: see :func:`field`."""

    __slots__ = ("default", "default_factory", "init", "repr", "compare")

    def __init__(self, default, default_factory, init, repr, compare):
        self.default, self.default_factory = default, default_factory
        self.init, self.repr, self.compare = init, repr, compare


def field(*, default=_MISSING, default_factory=_MISSING, init=True, repr=True, compare=True) -> Field:
    """A field's options, written as the class attribute instead of a plain default."""
    return Field(default, default_factory, init, repr, compare)


def record(cls=None, /, *, frozen: bool = False, slots: bool = False):
    """Make ``cls`` a record class: ``@record``, ``@record(frozen=True)``, ``@record(slots=True)``."""
    if cls is None:
        return lambda cls: _make(cls, frozen, slots)
    return _make(cls, frozen, slots)


def _make(cls, frozen, slots):
    names = tuple(cls.__dict__.get("__annotations__", {}))
    params, body, env = ["self"], [], {"_MISSING": _MISSING, "_set": object.__setattr__}
    init, shown, compared = [], [], []
    for name in names:
        attr = cls.__dict__.get(name, _MISSING)
        f = attr if isinstance(attr, Field) else Field(attr, _MISSING, True, True, True)
        if type(f.default).__hash__ is None:  # a list, dict or set would be shared by every object
            raise ValueError(f"mutable default for {cls.__name__}.{name}: use default_factory")
        if f.default is not _MISSING:
            setattr(cls, name, f.default)
        elif name in cls.__dict__:
            delattr(cls, name)
        if f.init:
            init.append(name)
            if f.default_factory is not _MISSING:
                env[f"_factory_{name}"] = f.default_factory
                params.append(f"{name}=_MISSING")
                value = f"_factory_{name}() if {name} is _MISSING else {name}"
            elif f.default is not _MISSING:
                env[f"_default_{name}"] = f.default
                params.append(f"{name}=_default_{name}")
                value = name
            else:
                params.append(name)
                value = name
            body.append(f"_set(self, {name!r}, {value})" if frozen else f"self.{name} = {value}")
        if f.repr:
            shown.append(name)
        if f.compare:
            compared.append(name)
    if hasattr(cls, "__post_init__"):
        body.append("self.__post_init__()")
    if slots:  # only a new class can have __slots__
        spec = {k: v for k, v in cls.__dict__.items() if k not in names and k not in ("__dict__", "__weakref__")}
        new = type(cls)(cls.__name__, cls.__bases__, {**spec, "__slots__": names})
        new.__qualname__, cls = cls.__qualname__, new
    source = f"def __init__({', '.join(params)}):\n    " + "\n    ".join(body or ["pass"])
    methods = {"__init__": _first_init(cls, source, env), "__repr__": _repr, "__eq__": _eq, "__hash__": _hash if frozen else None}
    if frozen:
        methods.update(__setattr__=_frozen_setattr, __delattr__=_frozen_delattr)
    for name, method in methods.items():
        if name not in cls.__dict__:
            setattr(cls, name, method)
    cls.__record_init__, cls.__record_repr__, cls.__record_compare__ = tuple(init), tuple(shown), tuple(compared)
    return cls


def _first_init(cls, source: str, env: dict):
    """An ``__init__`` that compiles the class's own on the first object made, puts it in
    its place and runs it: a class of which a run makes no object costs no compiling."""

    def __init__(self, *args, **kwargs):
        # the only generated code: built from the class's own field names, never from data
        exec(source, env)
        init = env["__init__"]
        init.__qualname__ = f"{cls.__qualname__}.__init__"
        cls.__init__ = init
        init(self, *args, **kwargs)

    return __init__


def replace(obj, /, **changes):
    """A new record like ``obj`` with ``changes`` to some of its fields (as dataclasses.replace)."""
    for name in obj.__record_init__:
        if name not in changes:
            changes[name] = getattr(obj, name)
    return obj.__class__(**changes)


def _compared(obj) -> tuple:
    return tuple([getattr(obj, name) for name in obj.__record_compare__])


@recursive_repr()  # a record that (indirectly) holds itself shows as "..." there
def _repr(self) -> str:
    shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__record_repr__)
    return f"{self.__class__.__qualname__}({shown})"


def _eq(self, other):
    if other.__class__ is not self.__class__:
        return NotImplemented
    return _compared(self) == _compared(other)


def _hash(self) -> int:
    return hash(_compared(self))


def _frozen_setattr(self, name, value):
    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _frozen_delattr(self, name):
    raise FrozenInstanceError(f"cannot delete field {name!r}")
