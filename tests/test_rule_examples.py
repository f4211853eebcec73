"""Every rule's own pass/fail examples, run through the whole pipeline."""

from __future__ import annotations

import pytest

from conftest import lint_text
from gik_lint.pipeline import Linter

_LINTER = Linter()
CASES = [
    pytest.param(rule, example, id=f"{code}-{n}-{example['expect']}")
    for code, rule in _LINTER.rules.items()
    for n, example in enumerate(rule.examples)
]


@pytest.mark.parametrize("rule,example", CASES)
def test_rule_example(rule, example):
    _, findings = lint_text(_LINTER, example["report"], regime=example.get("regime"), rules=[rule])
    got = [{"section": f.section, "severity": f.severity} for f in findings]
    if example["expect"] == "pass":
        assert got == [], example["description"]
        return
    expected = example["findings"]
    assert len(got) == len(expected), (example["description"], got)
    for g, e in zip(sorted(got, key=str), sorted(expected, key=str)):
        assert g["section"] == e["section"]
        assert g["severity"] == e.get("severity", rule.severity)


def test_every_rule_has_both_outcomes():
    for rule in _LINTER.rules.values():
        outcomes = {e["expect"] for e in rule.examples}
        assert outcomes == {"pass", "fail"}, rule.code


def test_messages_render_for_every_fail_example():
    for rule in _LINTER.rules.values():
        for example in rule.examples:
            if example["expect"] == "fail":
                _, findings = lint_text(_LINTER, example["report"], regime=example.get("regime"), rules=[rule])
                for f in findings:
                    assert f.message and "{" not in f.message
                    assert f.message_en and "{" not in f.message_en
                    assert f.basis
