"""Every rule's own pass/fail examples, run through the whole pipeline."""

from __future__ import annotations

import pytest

from conftest import ROOT
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
    this one rule — or, for a rule about suppressions, with every rule and the report's
    suppression comments applied."""
    from gik_lint import gate
    from gik_lint.pipeline import FileResult
    from gik_lint.read import read_bytes

    if "batch" in example:
        return _batch_example(rule, example)
    if "fixture" in example:
        document = read_path(ROOT / example["fixture"])
    else:
        document = read_bytes(example["report"].encode("utf-8"), "example.md")
    report = _LINTER.analyse(document, example.get("regime"))
    if rule.kind != "suppression":
        return run(report, [rule])
    result = FileResult(document.path, report, run(report, _LINTER.rules.values()))
    gate.apply(result, _LINTER.rules, warn_unused=True)
    return [f for f in result.findings if f.code == rule.code]


def _batch_example(rule, example):
    """A rule across reports: the audit's worker on each file, then the cross-report
    checks; the findings of this rule on any of the reports."""
    from types import SimpleNamespace

    from gik_lint.audit import cross
    from gik_lint.audit.run import Options, run

    rows = run([ROOT / p for p in example["batch"]], Options(), jobs=1, cached=lambda key: None, key_of=lambda p, s: None, progress=False)
    cross.check(rows, _LINTER.rules)
    return [SimpleNamespace(section=f["section"], severity=f["severity"], outcome=f["outcome"], message=f["message"],
                            message_en=f["message_en"], basis=f["basis"])
            for row in rows for f in row["findings"] if f["code"] == rule.code]


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


FIX_CASES = [
    pytest.param(rule, example, id=f"{code}-{n}-fixed")
    for code, rule in _LINTER.rules.items()
    for n, example in enumerate(rule.examples)
    if "fixed" in example
]


@pytest.mark.parametrize("rule,example", FIX_CASES)
def test_rule_fix_example(rule, example):
    """A fixable rule's example report, fixed by the rule's own fixes (every round, as
    check --fix makes them), is the example's ``fixed`` text; the fixed text lints clean of
    what was fixed (no finding of the rule is left with a fix) and its digits are the
    report's, those of a line inserted on its own aside."""
    from gik_lint.fix import apply, digits, plan
    from gik_lint.pipeline import FileResult
    from gik_lint.read import read_bytes

    text = example["report"]
    fixed_any = False
    for _ in range(5):
        document = read_bytes(text.encode("utf-8"), "example.md")
        result = FileResult(document.path, _LINTER.analyse(document, example.get("regime")))
        result.findings = run(result.report, [rule])
        edits = plan(result)
        if not edits:
            break
        assert {e.code for e in edits} == {rule.code} and all(e.title for e in edits)
        text = apply(text, edits)
        fixed_any = True
    assert fixed_any, example["description"]
    assert text == example["fixed"], example["description"]
    inserted = set(text.splitlines()) - set(example["report"].splitlines())  # lines changed or added
    kept = "\n".join(line for line in text.splitlines() if not (line in inserted and line.startswith("本报告中所列数据的统计期限")))
    assert digits(kept) == digits(example["report"])


def test_every_fixable_rule_has_a_fix_example():
    for rule in _LINTER.rules.values():
        assert (rule.fix is not None) == any("fixed" in e for e in rule.examples), rule.code
        assert (rule.fix is not None) == ("fix" in rule.docs), rule.code
