"""Every rule's own pass/fail examples, run through the whole pipeline."""

from __future__ import annotations

import pytest

from conftest import ROOT, lint_text
from gik_lint.check import run
from gik_lint.pipeline import Linter
from gik_lint.read import read_path

_LINTER = Linter()
CASES = [
    pytest.param(rule, example, id=f"{code}-{n}-{example['expect']}")
    for code, rule in _LINTER.rules.items()
    for n, example in enumerate(rule.examples)
]


def _lint_example(rule, example):
    """The example's report (inline text, or a file under the repository) linted with
    this one rule."""
    if "fixture" in example:
        report = _LINTER.analyse(read_path(ROOT / example["fixture"]), example.get("regime"))
        return run(report, [rule])
    return lint_text(_LINTER, example["report"], regime=example.get("regime"), rules=[rule])[1]


@pytest.mark.parametrize("rule,example", CASES)
def test_rule_example(rule, example):
    findings = _lint_example(rule, example)
    got = [{"section": f.section, "severity": f.severity, "outcome": f.outcome} for f in findings]
    if example["expect"] == "pass":
        assert got == [], example["description"]
        return
    expected = example["findings"]
    assert len(got) == len(expected), (example["description"], got)
    for g, e in zip(sorted(got, key=str), sorted(expected, key=str)):
        assert g["section"] == e["section"]
        assert g["severity"] == e.get("severity", rule.severity)
        assert g["outcome"] == e.get("outcome", "fail")


def test_every_rule_has_both_outcomes_of_its_own():
    """Each rule fails and passes on reports written for the project (inline or under
    fixtures/), not only on the shared real reports."""
    for rule in _LINTER.rules.values():
        own = {e["expect"] for e in rule.examples if not str(e.get("fixture", "")).startswith("../")}
        assert own == {"pass", "fail"}, rule.code


def test_messages_render_for_every_fail_example():
    for rule in _LINTER.rules.values():
        for example in rule.examples:
            if example["expect"] == "fail":
                for f in _lint_example(rule, example):
                    assert f.message and "{" not in f.message
                    assert f.message_en and "{" not in f.message_en
                    assert f.basis
