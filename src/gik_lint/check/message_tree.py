"""The common part of message templates as plain data, evaluated without Jinja2.

Most messages only print values, test them and join lists. :func:`from_jinja` turns the
Jinja2 syntax tree of such a template (parsed and vetted once, see ``check.messages``)
into nested tuples that the compiled pack cache can keep; :func:`evaluate` renders
them. A template using anything else (a call, a filter or test not below, ``loop`` but
for its counters)
has no tree and is rendered by Jinja2.

The evaluator never guesses: whatever it would do differently from Jinja2's sandbox —
an undefined value used, an attribute that is a method, an error of any kind, a bound
exceeded — raises :class:`Unsupported`, and the message is rendered by Jinja2, which
gives the same text or the same error it always did. The tests render every shipped
message both ways.

Nodes: ``("data", text)``, ``("out", expr)``, ``("if", [(test, body), …], else_body)``,
``("for", targets, iter, body, else_body, filter)``; expressions ``("const", v)``,
``("name", n)``, ``("attr", e, name)``, ``("item", e, index)``, ``("slice", e, a, b, c)``,
``("filter", name, e, args, kwargs)``, ``("test", name, e)``, ``("cmp", e, [(op, e), …])``,
``("not", e)``, ``("neg", e)``, ``("and", a, b)``, ``("or", a, b)``, ``("add", a, b)``, ``("sub", a, b)``,
``("cond", test, a, b)``, ``("concat", [e, …])``, ``("list", [e, …])``, ``("tuple", [e, …])``,
``("loop", attribute)`` (``loop.first`` and the like).
"""

from __future__ import annotations

import operator

_COMPARE = {"eq": operator.eq, "ne": operator.ne, "gt": operator.gt, "gteq": operator.ge, "lt": operator.lt,
            "lteq": operator.le, "in": lambda a, b: a in b, "notin": lambda a, b: a not in b}
_TESTS = ("defined", "undefined", "none")
_FILTERS = ("join", "length", "count", "truncate")
_DATA = (str, int, float, bool, type(None), list, tuple, dict)
_LOOP_ATTRIBUTES = ("index", "index0", "revindex", "revindex0", "first", "last", "length")
_LOOP = "\0loop"  # where a loop's (index0, length) is kept in its scope: no template name


class Unsupported(Exception):
    """Rendered by Jinja2 instead."""


class _Undefined:
    __slots__ = ()


UNDEFINED = _Undefined()


# --- from Jinja2's syntax tree ------------------------------------------------------


class _NotCovered(Exception):
    pass


def from_jinja(template) -> tuple | None:
    """The tree of a parsed template (``jinja2.nodes.Template``), or None when it uses
    something the evaluator does not cover."""
    try:
        return _body(template.body)
    except _NotCovered:
        return None


def _body(statements) -> tuple:
    out = []
    for node in statements:
        kind = type(node).__name__
        if kind == "Output":
            for child in node.nodes:
                if type(child).__name__ == "TemplateData":
                    out.append(("data", child.data))
                else:
                    out.append(("out", _expr(child)))
        elif kind == "If":
            branches = [(_expr(node.test), _body(node.body))]
            branches += [(_expr(elif_.test), _body(elif_.body)) for elif_ in node.elif_]
            out.append(("if", tuple(branches), _body(node.else_)))
        elif kind == "For":
            if node.recursive:
                raise _NotCovered
            target = node.target
            names = [target.name] if type(target).__name__ == "Name" else [_name(item) for item in getattr(target, "items", ())]
            if not names:
                raise _NotCovered
            out.append(("for", tuple(names), _expr(node.iter), _body(node.body), _body(node.else_),
                        _expr(node.test) if node.test is not None else None))
        else:
            raise _NotCovered
    return tuple(out)


def _name(node) -> str:
    if type(node).__name__ != "Name":
        raise _NotCovered
    return node.name


def _expr(node) -> tuple:
    kind = type(node).__name__
    if kind == "Const":
        if not isinstance(node.value, (str, int, float, bool, type(None))):
            raise _NotCovered
        return ("const", node.value)
    if kind == "Name":
        if node.name == "loop":  # Jinja2's loop context, but for the attributes below
            raise _NotCovered
        return ("name", node.name)
    if kind == "Getattr":
        if type(node.node).__name__ == "Name" and node.node.name == "loop":
            if node.attr not in _LOOP_ATTRIBUTES:
                raise _NotCovered
            return ("loop", node.attr)
        return ("attr", _expr(node.node), node.attr)
    if kind == "Getitem":
        if type(node.arg).__name__ == "Slice":
            bounds = [None if part is None else _expr(part) for part in (node.arg.start, node.arg.stop, node.arg.step)]
            return ("slice", _expr(node.node), *bounds)
        return ("item", _expr(node.node), _expr(node.arg))
    if kind in ("Filter", "Test"):
        if node.dyn_args is not None or node.dyn_kwargs is not None or node.node is None:
            raise _NotCovered
        if kind == "Test":
            if node.name not in _TESTS or node.args or node.kwargs:
                raise _NotCovered
            return ("test", node.name, _expr(node.node))
        if node.name not in _FILTERS:
            raise _NotCovered
        return ("filter", node.name, _expr(node.node), tuple(_expr(arg) for arg in node.args),
                tuple((pair.key, _expr(pair.value)) for pair in node.kwargs))
    if kind == "Compare":
        ops = []
        for operand in node.ops:
            if operand.op not in _COMPARE:
                raise _NotCovered
            ops.append((operand.op, _expr(operand.expr)))
        return ("cmp", _expr(node.expr), tuple(ops))
    if kind == "Not":
        return ("not", _expr(node.node))
    if kind == "Neg":
        return ("neg", _expr(node.node))
    if kind in ("And", "Or", "Add", "Sub"):
        return (kind.lower(), _expr(node.left), _expr(node.right))
    if kind == "CondExpr":
        return ("cond", _expr(node.test), _expr(node.expr1), None if node.expr2 is None else _expr(node.expr2))
    if kind == "Concat":
        return ("concat", tuple(_expr(child) for child in node.nodes))
    if kind in ("List", "Tuple"):
        return (kind.lower(), tuple(_expr(child) for child in node.items))
    raise _NotCovered


# --- evaluation -----------------------------------------------------------------------


def evaluate(tree: tuple, context: dict, max_iterations: int, max_chars: int) -> str:
    """The template's text for ``context`` (not yet whitespace-normalised), or
    :class:`Unsupported`."""
    run = _Run(max_iterations, max_chars)
    try:
        run.render(tree, context)
    except Unsupported:
        raise
    except Exception as exc:  # noqa: BLE001 - whatever went wrong, Jinja2 says it its way
        raise Unsupported(repr(exc)) from None
    return "".join(run.out)


class _Run:
    """One rendering, with its loop budget and its bounds on sizes (as check.messages
    bounds Jinja2's)."""

    def __init__(self, max_iterations: int, max_chars: int):
        self.left = max_iterations
        self.max_chars = max_chars
        self.out: list[str] = []
        self.size = 0

    def render(self, body: tuple, scope: dict) -> None:
        for node in body:
            kind = node[0]
            if kind == "data":
                self.write(node[1])
            elif kind == "out":
                self.write(_text(self.value(node[1], scope)))
            elif kind == "if":
                for test, branch in node[1]:
                    if _truth(self.value(test, scope)):
                        self.render(branch, scope)
                        break
                else:
                    self.render(node[2], scope)
            else:
                self.loop(node, scope)

    def loop(self, node: tuple, scope: dict) -> None:
        _, names, iterable, body, else_body, condition = node
        items = self.value(iterable, scope)
        if not isinstance(items, (str, list, tuple, dict)):
            raise Unsupported("not a sequence")
        outer = {name: value for name, value in scope.items() if name != _LOOP}  # no loop.* in the condition
        kept = []
        for item in items:
            self.left -= 1
            if self.left < 0:
                raise Unsupported("too many iterations")
            inner = dict(outer)
            if len(names) == 1:
                inner[names[0]] = item
            else:
                values = tuple(item)
                if len(values) != len(names):
                    raise Unsupported("cannot unpack")
                inner.update(zip(names, values))
            if condition is None or _truth(self.value(condition, inner)):
                kept.append(inner)
        for index, inner in enumerate(kept):
            inner[_LOOP] = (index, len(kept))
            self.render(body, inner)
        if not kept:
            self.render(else_body, scope)

    def write(self, text: str) -> None:
        self.size += len(text)
        if self.size > self.max_chars:
            raise Unsupported("too long")
        self.out.append(text)

    def defined(self, node: tuple, scope: dict):
        value = self.value(node, scope)
        if isinstance(value, _Undefined):
            raise Unsupported("undefined used")
        return value

    def value(self, node: tuple, scope: dict):
        kind = node[0]
        if kind == "const":
            return node[1]
        if kind == "name":
            return scope.get(node[1], UNDEFINED)
        if kind == "loop":
            if _LOOP not in scope:
                raise Unsupported("loop outside a loop")
            index, length = scope[_LOOP]
            return {"index": index + 1, "index0": index, "revindex": length - index, "revindex0": length - index - 1,
                    "first": index == 0, "last": index == length - 1, "length": length}[node[1]]
        if kind == "attr":
            return _attribute(self.defined(node[1], scope), node[2])
        if kind == "item":
            return _item(self.defined(node[1], scope), self.defined(node[2], scope))
        if kind == "slice":
            bounds = [None if part is None else self.defined(part, scope) for part in node[2:]]
            return self.defined(node[1], scope)[slice(*bounds)]
        if kind == "filter":
            result = _filter(node[1], self.defined(node[2], scope), [self.defined(arg, scope) for arg in node[3]],
                             {key: self.defined(arg, scope) for key, arg in node[4]})
            if isinstance(result, (str, list, tuple)) and len(result) > self.max_chars:
                raise Unsupported("filter result too long")
            return result
        if kind == "test":
            value = self.value(node[2], scope)
            if node[1] == "defined":
                return not isinstance(value, _Undefined)
            if node[1] == "undefined":
                return isinstance(value, _Undefined)
            return value is None
        if kind == "cmp":
            left = self.defined(node[1], scope)
            for op, operand in node[2]:
                right = self.defined(operand, scope)
                if not _COMPARE[op](left, right):
                    return False
                left = right
            return True
        if kind == "not":
            return not _truth(self.value(node[1], scope))
        if kind == "neg":
            number = self.defined(node[1], scope)
            if not isinstance(number, (int, float)):
                raise Unsupported("negative of a non-number")
            return -number
        if kind == "and":
            left = self.value(node[1], scope)
            return self.value(node[2], scope) if _truth(left) else left
        if kind == "or":
            left = self.value(node[1], scope)
            return left if _truth(left) else self.value(node[2], scope)
        if kind in ("add", "sub"):
            left, right = self.defined(node[1], scope), self.defined(node[2], scope)
            if kind == "sub":
                if not (isinstance(left, (int, float)) and isinstance(right, (int, float))):
                    raise Unsupported("subtraction of non-numbers")
                return left - right
            return left + right
        if kind == "cond":
            if _truth(self.value(node[1], scope)):
                return self.value(node[2], scope)
            return UNDEFINED if node[3] is None else self.value(node[3], scope)
        if kind == "concat":
            return "".join(_text(self.value(child, scope)) for child in node[1])
        items = [self.defined(child, scope) for child in node[1]]  # list, tuple
        return items if kind == "list" else tuple(items)


def _text(value) -> str:
    if isinstance(value, _Undefined) or callable(value):
        raise Unsupported("undefined or callable printed")
    return str(value)


def _truth(value) -> bool:
    if isinstance(value, _Undefined):
        raise Unsupported("undefined tested")
    return bool(value)


def _attribute(obj, name: str):
    """Jinja2's sandboxed ``obj.name``: the attribute if there is one, else the item."""
    if name.startswith("_"):
        raise Unsupported("private attribute")
    try:
        value = getattr(obj, name)
    except AttributeError:
        try:
            return obj[name]
        except (TypeError, LookupError):
            return UNDEFINED
    if callable(value):
        raise Unsupported("a method")
    return value


def _item(obj, key):
    """Jinja2's sandboxed ``obj[key]``: the item if there is one, else the attribute."""
    try:
        return obj[key]
    except (TypeError, LookupError):
        if isinstance(key, str) and hasattr(obj, key):
            raise Unsupported("an attribute through an item") from None
        return UNDEFINED


def _filter(name: str, value, args: list, kwargs: dict):
    if name in ("length", "count"):
        if args or kwargs:
            raise Unsupported("arguments to length")
        return len(value)
    if name == "join":
        separator, attribute = _bind(args, kwargs, ("d", "attribute"), ("", None))
        if attribute is not None or not isinstance(value, _DATA):
            raise Unsupported("join by attribute, or of an object")
        return str(separator).join(map(_text, value))
    # truncate, as Jinja2 does it (its default leeway is 5)
    length, killwords, end, leeway = _bind(args, kwargs, ("length", "killwords", "end", "leeway"), (255, False, "...", None))
    leeway = 5 if leeway is None else leeway
    if not isinstance(value, str) or length < len(end) or leeway < 0:
        raise Unsupported("truncate of a non-string, or with bad bounds")
    if len(value) <= length + leeway:
        return value
    if killwords:
        return value[: length - len(end)] + end
    return value[: length - len(end)].rsplit(" ", 1)[0] + end


def _bind(args: list, kwargs: dict, names: tuple, defaults: tuple) -> list:
    if len(args) > len(names) or set(kwargs) - set(names):
        raise Unsupported("arguments")
    bound = list(args) + list(defaults[len(args):])
    for key, value in kwargs.items():
        index = names.index(key)
        if index < len(args):
            raise Unsupported("an argument given twice")
        bound[index] = value
    return bound
