"""Messages rendered without Jinja2 (check/message_tree.py) read exactly as Jinja2 renders
them: every message of every finding on the corpus, the seeds and the fixtures is rendered
both ways; edge cases either agree or are handed to Jinja2."""

from __future__ import annotations

import pytest
from conftest import CORPUS, FIXTURES, SEEDS

from gik_lint.check import engine, messages
from gik_lint.check.message_tree import Unsupported, evaluate, from_jinja
from gik_lint.packs import PackError

LIMITS = (messages.MAX_ITERATIONS, messages.MAX_CHARS)


def tree_of(source: str):
    return from_jinja(messages._vetted(source, "pack.yaml", "message.zh"))


def both(source: str, **context):
    """(tree's text or "unsupported", Jinja2's text) for one template."""
    tree = tree_of(source)
    assert tree is not None, f"not covered: {source}"
    try:
        mine = " ".join(evaluate(tree, context, *LIMITS).split())
    except Unsupported:
        mine = "unsupported"
    compiled = messages.compile_template(source, "pack.yaml", "message.zh")
    return mine, " ".join("".join(compiled.generate(**context)).split())


def test_every_message_of_real_findings_reads_the_same(linter, monkeypatch):
    rendered = {"tree": 0, "jinja": 0}
    differences = []

    def render_both(rule, which, context):
        message = messages.template(rule, which)
        expected = messages.render_jinja(message, context)
        if message.tree is None:
            rendered["jinja"] += 1
            return expected
        try:
            mine = " ".join(evaluate(message.tree, context, *LIMITS).split())
        except Unsupported:
            rendered["jinja"] += 1
            return expected
        rendered["tree"] += 1
        if mine != expected:
            differences.append((rule.code, which, mine, expected))
        return expected

    monkeypatch.setattr(engine, "render", render_both)
    paths = sorted(CORPUS.glob("*.*")) + sorted(SEEDS.glob("*.txt")) + sorted(FIXTURES.rglob("*.md")) + sorted(FIXTURES.rglob("*.txt"))
    for path in paths:
        if path.suffix in (".txt", ".md", ".html", ".pdf", ".docx"):
            linter.lint_path(path)
    assert differences == []
    print(rendered)
    assert rendered["tree"] > 500 and rendered["jinja"] < rendered["tree"] / 50


def test_every_shipped_template_has_a_tree(linter):
    uncovered = [(rule.code, which) for rule in linter.rules.values() for which in ("message", "message_en")
                 if messages.template(rule, which).tree is None]
    assert uncovered == []


@pytest.mark.parametrize(
    "source, context",
    [
        ("「{{ spec.title }}」表{% if not present %}（缺）{% endif %}", {"spec": {"title": "表一"}, "present": False}),
        ("{% if n > 1 %}多{% elif n == 1 %}一{% else %}无{% endif %}", {"n": 1}),
        ("{% if n > 1 %}多{% elif n == 1 %}一{% else %}无{% endif %}", {"n": 0}),
        ("{{ cells | join('、') }}（共 {{ cells | length }} 个）", {"cells": ["a", 1, 2.5, None]}),
        ("{{ cells[:2] | join }}…{{ cells[-1] }}", {"cells": ["a", "b", "c"]}),
        ("{{ d['k'] }} {{ d.k }} {{ t[0] }}", {"d": {"k": 3}, "t": (7,)}),
        ("{% for a, b in pairs if b %}{{ a }}={{ b }};{% else %}none{% endfor %}", {"pairs": [("x", 1), ("y", 0)]}),
        ("{% for a in items %}{{ a }}{% else %}none{% endfor %}", {"items": []}),
        ("{% for a in xs if a %}{% if not loop.first %}，{% endif %}{{ loop.index }}/{{ loop.length }}{{ loop.last }}"
         "{% for b in a %}{{ loop.index0 }}{{ loop.revindex }}{{ loop.revindex0 }}{% endfor %}{% endfor %}", {"xs": ["ab", "", "c"]}),
        ("{% if x is defined and x %}{{ x }}{% endif %}{% if y is undefined %}-{% endif %}", {"x": 0}),
        ("{{ a - b }} {{ a + b }} {{ s + t }} {{ 'p' ~ a ~ None }}", {"a": 3, "b": 1.5, "s": "x", "t": "y"}),
        ("{{ 1 < a <= 3 }} {{ 'x' in s }} {{ 'z' not in s }} {{ a != 3 }}", {"a": 3, "s": "xy"}),
        ("{{ a or '无' }} {{ b and '有' }} {{ 'y' if a else 'n' }}", {"a": "", "b": 2}),
        ("{{ t | truncate(9) }}|{{ t | truncate(9, True) }}|{{ t | truncate(11, False, '~', 0) }}", {"t": "foo bar baz qux"}),
        ("{{ t | truncate(length=5, leeway=0) }}", {"t": "一二三四五六七"}),
        ("{{ [1, 2] | join(d=', ') }} {{ (1, 2) | length }}", {}),
        ("{{ flag }} {{ none }} {{ number }}", {"flag": True, "none": None, "number": 1.0}),
    ],
)
def test_the_tree_renders_as_jinja2_does(source, context):
    mine, jinja = both(source, **context)
    assert mine == jinja


@pytest.mark.parametrize(
    "source, context",
    [
        ("{{ missing }}", {}),
        ("{{ loop.index }}", {}),  # an undefined value printed: Jinja2's StrictUndefined raises
        ("{% if missing %}x{% endif %}", {}),
        ("{{ d.items }}", {"d": {"items": 1}}),  # a method, not the key
        ("{{ s.upper }}", {"s": "x"}),
        ("{{ x.y.z }}", {"x": {}}),
        ("{{ a - b }}", {"a": "x", "b": "y"}),
        ("{{ n | length }}", {"n": 3}),
        ("{% for x in n %}{% endfor %}", {"n": 3}),
        ("{{ s | truncate(1) }}", {"s": "long enough text"}),  # length below the ellipsis: Jinja2 asserts
    ],
)
def test_what_the_tree_cannot_say_exactly_is_left_to_jinja2(source, context):
    with pytest.raises(Unsupported):
        evaluate(tree_of(source), context, *LIMITS)


def test_a_message_over_its_bounds_is_the_packs_error_as_before():
    rule = type("R", (), {"path": "pack.yaml", "message": "{% for a in xs %}{% for b in xs %}.{% endfor %}{% endfor %}",
                          "prepared": lambda self, name, make: make()})()
    with pytest.raises(PackError, match="循环次数超过"):
        messages.render(rule, "message", {"xs": list(range(200))})
    assert messages.render(rule, "message", {"xs": [1, 2]}) == "...."


@pytest.mark.parametrize("source", [
    "{% for x in xs %}{{ loop.depth }}{% endfor %}",  # Jinja2's loop context, beyond its counters
    "{% for i in range(3) %}{{ i }}{% endfor %}",  # a call
    "{{ name | upper }}",  # a filter the tree does not have
    "{% if x is number %}{% endif %}",  # a test the tree does not have
])
def test_templates_beyond_the_tree_render_with_jinja2(source):
    assert tree_of(source) is None
    rule = type("R", (), {"path": "pack.yaml", "message": source, "prepared": lambda self, name, make: make()})()
    messages.render(rule, "message", {"xs": [1], "name": "a", "x": 1})
