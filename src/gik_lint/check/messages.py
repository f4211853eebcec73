"""Rule messages are Jinja2 templates. Most are rendered without Jinja2: a template is
parsed and vetted once, and what :mod:`check.message_tree` makes of it is kept in the
compiled pack cache; Jinja2 is imported only for a template the tree does not cover, a
message the tree cannot render exactly as Jinja2 would, or a template not seen before.

A rule pack is data, never code: a pack may come from a repository's ``.gik-lint.yaml``
(``extends:``), so its templates are rendered in Jinja2's immutable sandbox, with bounded
work. A template is checked when its pack loads (:func:`vet`): it may output values, test
them (``if``), loop over them (``for``), use the filters in :data:`FILTERS`, and call
``range`` only; no attribute or key that starts with ``_``, no ``set``, macros, includes
or blocks. When it renders, every loop counts against one budget per message, ``range``
is capped, a filter's result, a repeated string and the output are capped in size, and a
message that takes too long stops; a template over any bound is an error of its pack.
"""

from __future__ import annotations

import time

from gik_lint.check.message_tree import Unsupported, evaluate, from_jinja
from gik_lint.packs import PackError

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from typing import Any

MAX_RANGE = 1000  # items of one range()
MAX_ITERATIONS = 10_000  # loop iterations of one message, every loop together
MAX_CHARS = 10_000  # characters of a message, of a filter's result, of a repeated string
MAX_SECONDS = 1.0  # to render one message
# the filters a message may use: none of them makes more than a bounded multiple of its input
FILTERS = frozenset({
    "abs", "capitalize", "count", "d", "default", "e", "escape", "first", "float", "int", "join", "last",
    "length", "list", "lower", "max", "min", "replace", "reverse", "round", "sort", "string", "sum", "title",
    "trim", "truncate", "unique", "upper", "batch", "slice", "map", "select", "reject", "selectattr",
    "rejectattr", "attr", "groupby", "dictsort", "items", "tojson", "wordcount",
})
_FORBIDDEN = ("Assign", "AssignBlock", "Macro", "CallBlock", "FilterBlock", "Include", "Import", "FromImport",
              "Extends", "Block", "With", "Scope", "ScopedEvalContextModifier", "EvalContextModifier")

_env = None
_budget = None  # per thread: what the message being rendered by Jinja2 may still spend


class _Exhausted(Exception):
    """A message went over a bound while it rendered."""


def _spend(n: int = 1) -> None:
    left = getattr(_budget, "left", None) if _budget is not None else None
    if left is None:
        return
    _budget.left = left - n
    if _budget.left < 0:
        raise _Exhausted(f"循环次数超过 {MAX_ITERATIONS}")
    if time.monotonic() > _budget.deadline:
        raise _Exhausted(f"渲染超过 {MAX_SECONDS:g} 秒")


def _counted(iterable):
    """What a template's ``for`` loops over, each item counted against the budget."""
    for item in iterable:
        _spend()
        yield item


def _range(*args):
    r = range(*args)
    if len(r) > MAX_RANGE:
        raise _Exhausted(f"range 超过 {MAX_RANGE} 项")
    return _counted(r)


def _capped(value):
    if isinstance(value, (str, list, tuple)) and len(value) > MAX_CHARS:
        raise _Exhausted(f"中间结果超过 {MAX_CHARS} 个字符或项")
    return value


def _environment():
    global _env
    if _env is None:
        import jinja2
        from jinja2.sandbox import ImmutableSandboxedEnvironment

        class MessageEnvironment(ImmutableSandboxedEnvironment):
            intercepted_binops = frozenset({"*", "**", "%", "//", "/"})

            def call_binop(self, context, operator, left, right):
                if operator == "**" and (not isinstance(right, (int, float)) or abs(right) > 64):
                    raise _Exhausted("乘方的指数过大")
                if operator == "%" and isinstance(left, str):
                    raise _Exhausted("消息模板不能用 % 格式化字符串")
                if operator == "*":
                    for a, b in ((left, right), (right, left)):
                        if isinstance(a, (str, list, tuple)) and isinstance(b, int) and len(a) * b > MAX_CHARS:
                            raise _Exhausted(f"重复的字符串超过 {MAX_CHARS} 个字符")
                result = super().call_binop(context, operator, left, right)
                if isinstance(result, int) and result.bit_length() > 256:
                    raise _Exhausted("数值过大")
                return result

            def is_safe_attribute(self, obj, attr, value):
                return not str(attr).startswith("_") and super().is_safe_attribute(obj, attr, value)

        env = MessageEnvironment(autoescape=False, undefined=jinja2.StrictUndefined, keep_trailing_newline=False)
        env.globals.clear()  # no cycler, joiner, namespace, lipsum, dict
        env.globals["range"] = _range
        env.globals["_gik_counted"] = _counted
        env.filters = {name: _wrap(f) for name, f in env.filters.items() if name in FILTERS}
        env.tests = dict(env.tests)
        _env = env
    return _env


def _wrap(f):
    from functools import wraps

    @wraps(f)
    def wrapped(*args, **kwargs):
        return _capped(f(*args, **kwargs))

    return wrapped


def _vetted(source: str, path, key: str):
    """The template's syntax tree, checked against what a message may do; a
    :class:`PackError` naming the pack's file and key otherwise."""
    import jinja2
    from jinja2 import nodes

    env = _environment()
    try:
        ast = env.parse(source)
    except jinja2.TemplateSyntaxError as exc:
        raise PackError(path, f"消息模板语法错误（模板第 {exc.lineno} 行）：{exc.message}", key=key) from None
    for node in ast.find_all(nodes.Node):
        name = type(node).__name__
        if name in _FORBIDDEN:
            raise PackError(path, f"消息模板不能使用 {name}（只能输出、判断、循环和使用过滤器）", key=key)
        if isinstance(node, nodes.Getattr) and node.attr.startswith("_"):
            raise PackError(path, f"消息模板不能访问以下划线开头的属性「{node.attr}」", key=key)
        if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const) and str(node.arg.value).startswith("_"):
            raise PackError(path, f"消息模板不能访问以下划线开头的键「{node.arg.value}」", key=key)
        if isinstance(node, nodes.Name) and node.name.startswith("_"):
            raise PackError(path, f"消息模板不能使用以下划线开头的名字「{node.name}」", key=key)
        if isinstance(node, nodes.Call) and not (isinstance(node.node, nodes.Name) and node.node.name == "range"):
            raise PackError(path, "消息模板只能调用 range()，请改用过滤器", key=key)
        if isinstance(node, nodes.Filter) and node.name not in FILTERS:
            raise PackError(path, f"消息模板不能使用过滤器「{node.name}」（可用：{'、'.join(sorted(FILTERS))}）", key=key)
        if isinstance(node, nodes.Test) and node.name not in env.tests:
            raise PackError(path, f"消息模板中未知的测试「{node.name}」", key=key)
    return ast


def compile_template(source: str, path, key: str):
    """The template vetted (see :func:`_vetted`) and compiled by Jinja2."""
    return _compile(_vetted(source, path, key), path, key)


def _compile(ast, path, key: str):
    """Jinja2's template from a vetted syntax tree, every loop counting against the
    message's budget."""
    from jinja2 import nodes

    env = _environment()
    for loop in ast.find_all(nodes.For):
        loop.iter = nodes.Call(nodes.Name("_gik_counted", "load"), [loop.iter], [], None, None, lineno=loop.lineno)
    try:
        code = env.compile(ast, raw=False)
        return env.template_class.from_code(env, code, env.make_globals(None))
    except Exception as exc:  # noqa: BLE001 - anything the compiler refuses is the pack's error
        raise PackError(path, f"消息模板无法编译：{exc}", key=key) from None


class Message:
    """A rule's message template made ready: its tree when :mod:`message_tree` covers it,
    and Jinja2's compiled template, made only when a message needs it."""

    def __init__(self, source: str, path, key: str, tree: tuple | None, compiled=None):
        self.source, self.path, self.key, self.tree = source, path, key, tree
        self._compiled = compiled

    def compiled(self):
        if self._compiled is None:
            self._compiled = compile_template(self.source, self.path, self.key)
        return self._compiled


def _prepare(source: str, path, key: str) -> Message:
    """The message, from the compiled pack cache when an earlier run vetted the same
    template text (vetting depends on nothing else), else vetted and compiled now."""
    from gik_lint import packcache

    cached = packcache.get("message", source)
    if cached is not None:
        return Message(source, path, key, cached[0])
    ast = _vetted(source, path, key)
    tree = from_jinja(ast)
    message = Message(source, path, key, tree, _compile(ast, path, key))
    packcache.put("message", source, (tree,))
    return message


def template(rule, which: str) -> Message:
    """The rule's ``message`` or ``message_en`` template, made ready once."""
    key = "message.zh" if which == "message" else "message.en"
    return rule.prepared(which, lambda: _prepare(getattr(rule, which), rule.path, key))


def vet(rule) -> None:
    """Make both messages ready now: a template that cannot be used is an error of its pack."""
    template(rule, "message")
    template(rule, "message_en")


def render(rule, which: str, context: dict[str, Any]) -> str:
    message = template(rule, which)
    if message.tree is not None:
        try:
            return " ".join(evaluate(message.tree, context, MAX_ITERATIONS, MAX_CHARS).split())
        except Unsupported:
            pass  # rendered by Jinja2, which gives the same text or the error
    return render_jinja(message, context)


def render_jinja(message: Message, context: dict[str, Any]) -> str:
    global _budget
    from jinja2.exceptions import SecurityError

    compiled = message.compiled()
    if _budget is None:
        import threading

        _budget = threading.local()
    _budget.left, _budget.deadline = MAX_ITERATIONS, time.monotonic() + MAX_SECONDS
    out, size = [], 0
    try:
        for chunk in compiled.generate(**context):
            size += len(chunk)
            if size > MAX_CHARS:
                raise _Exhausted(f"消息超过 {MAX_CHARS} 个字符")
            _spend(0)
            out.append(chunk)
    except (_Exhausted, SecurityError) as exc:
        raise PackError(message.path, f"消息模板超出限制：{exc}", key=message.key) from None
    finally:
        _budget.left = None
    return " ".join("".join(out).split())
