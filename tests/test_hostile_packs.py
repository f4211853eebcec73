"""Issue 14: rule packs are data, never code; YAML and JSON inputs besides reports have
limits. One test per hostile case (template injection, a template that loops for ever, a
catastrophic regex, alias bombs in a pack, a sidecar and a configuration, oversized and
deep files), each through the command line: exit 2 (or an error of the one report, for a
sidecar), the pack's file and line named, no traceback, quickly."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time

import pytest

from conftest import ROOT, SEEDS

SEED_000 = SEEDS / "000_84cfd1913db39861.txt"
RULE = (ROOT / "rules" / "content" / "GIK306.yaml").read_text(encoding="utf-8")
BOMB = "".join(f"{c}: &{c} [{','.join([p] * 9)}]\n" for c, p in zip("bcdefghi", ["x"] + [f"*{c}" for c in "bcdefgh"]))


def gik(*args, cwd=None, timeout=60):
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "NO_COLOR")}
    started = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "gik_lint", *map(str, args)], capture_output=True, cwd=cwd, env=env,
                          timeout=timeout)
    return proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8"), time.monotonic() - started


@pytest.fixture
def workdir(tmp_path):
    shutil.copy(SEED_000, tmp_path / "report.txt")
    with open(tmp_path / "report.txt", "a", encoding="utf-8") as fh:
        fh.write("\n联系人：XX\n")  # a template leftover: what the pack's rule (GIK306's wording) finds
    (tmp_path / ".gik-lint.yaml").write_text("extends: [province]\nignore: [structure.missing-section, GIK306]\n", encoding="utf-8")
    return tmp_path


def pack(workdir, rule: str, code: str = "GIK901", name: str = "province.no-xx"):
    folder = workdir / "province"
    (folder / "rules").mkdir(parents=True, exist_ok=True)
    (folder / "registry.yaml").write_text(f"codes:\n  {code}: {{name: {name}}}\n", encoding="utf-8")
    (folder / "rules" / f"{code}.yaml").write_text(rule, encoding="utf-8")
    return folder / "rules" / f"{code}.yaml"


def own(message: str | None = None, **replace) -> str:
    text = RULE.replace("code: GIK306", "code: GIK901").replace("name: content.template-leftover", "name: province.no-xx")
    if message is not None:
        text = re.sub(r"(message:\n  zh: >-\n    ).*\n", lambda m: m.group(1) + message + "\n", text)
    for old, new in replace.items():
        text = text.replace(old, new)
    return text


def refused(workdir, *needles, where="GIK901.yaml:"):
    code, out, err, seconds = gik("check", "report.txt", cwd=workdir)
    assert code == 2, (code, out[-500:], err[-2000:])
    assert "Traceback" not in err and where in err, err
    for needle in needles:
        assert needle in err, err
    assert seconds < 30
    return err


def test_the_pack_itself_runs(workdir):
    pack(workdir, own())
    assert gik("check", "report.txt", cwd=workdir)[0] == 1


@pytest.mark.parametrize("message", [
    "{{ cycler.__init__.__globals__.os.popen('touch PWNED').read() }}",
    "{{ ''.__class__.__mro__ }}",
    "{{ found['__class__'] }}",
    "{{ found.upper() }}",
    "{% set x = found %}{{ x }}",
    "{{ found | center(100000000) }}",
])
def test_a_message_template_is_data_not_code(workdir, message):
    pack(workdir, own('"' + message.replace('"', '\\"') + '"'))
    err = refused(workdir, "message.zh")
    assert re.search(r"GIK901\.yaml:\d+", err), err  # file:line
    assert not (workdir / "PWNED").exists()


@pytest.mark.parametrize("message", [
    "{% for i in range(10**12) %}x{% endfor %}",
    "{% for i in range(1000) %}{% for j in range(1000) %}{% endfor %}{% endfor %}",
    "{{ 'x' * 10**9 }}",
    "{{ (range(1000) | join(range(1000) | join(range(1000) | join('x')))) }}",
    "{{ 9 ** 64 ** 64 ** 64 }}",
    "{{ '%0999999999d' % 1 }}",
])
def test_a_message_template_has_bounded_work(workdir, message):
    pack(workdir, own('"' + message.replace('"', '\\"') + '"'))
    refused(workdir, "消息模板超出限制")


def test_a_template_that_does_not_compile_is_a_pack_error_at_load(workdir):
    pack(workdir, own('"{% if found %}没有结束"'))
    refused(workdir, "message.zh", "语法错误")
    assert "GIK901" in gik("rules", cwd=workdir)[2]  # before any report: listing the rules fails too


@pytest.mark.parametrize("regex", [r"(a+)+$", r"(a*)*b", r"(a|aa)+c", r"(\\d+,?)+!", r"(.*x)+"])
def test_a_catastrophic_regex_is_refused_when_the_pack_loads(workdir, regex):
    rule = pack(workdir, own(**{"  patterns:\n": f"  patterns:\n    - regex: '{regex}'\n      what: 危险\n"}))
    line = next(i for i, text in enumerate(rule.read_text(encoding="utf-8").splitlines(), 1) if "危险" in text) - 1
    err = refused(workdir, "灾难性回溯", f"GIK901.yaml:{line}", "options.patterns[0].regex")
    (workdir / "report.txt").write_text("a" * 40 + "!", encoding="utf-8")  # never read: refused before


def test_an_invalid_regex_is_named_at_its_line(workdir):
    pack(workdir, own(**{"  patterns:\n": "  patterns:\n    - regex: '(未闭合'\n      what: 坏\n"}))
    refused(workdir, "正则表达式无效", "options.patterns[0].regex")


def test_a_broken_relation_expression_is_the_packs_error_not_the_reports(workdir):
    text = (ROOT / "rules" / "tables" / "GIK220.yaml").read_text(encoding="utf-8")
    name = re.search(r"^name: (\S+)", text, re.M).group(1)
    text = re.sub(r"(expr: >-\n)(    .*\n)+", r"\1    for r in ((( : ==\n", text).replace("code: GIK220", "code: GIK902")
    text = text.replace(f"name: {name}", "name: province.relation")
    pack(workdir, text, "GIK902", "province.relation")
    err = refused(workdir, "关系表达式无效", where="GIK902.yaml:")
    assert "内部错误" not in err


def test_an_alias_bomb_in_a_pack_option_is_refused(workdir):
    pack(workdir, own() + "bomb:\n" + "".join("  " + line + "\n" for line in BOMB.splitlines()))
    refused(workdir, "别名")


def test_an_alias_bomb_in_a_sidecar_is_an_error_of_that_report(workdir):
    pack(workdir, own())
    (workdir / "report.txt.gik-lint.yaml").write_text(BOMB + "disable: *i\n", encoding="utf-8")
    code, out, err, seconds = gik("check", "report.txt", cwd=workdir)
    assert seconds < 20 and "Traceback" not in err
    assert "抑制文件无法使用" in out + err and "别名" in out + err, (out, err)


def test_an_alias_bomb_in_the_configuration_is_refused(workdir):
    (workdir / ".gik-lint.yaml").write_text(BOMB + "ignore: *i\n", encoding="utf-8")
    code, _, err, seconds = gik("check", "report.txt", cwd=workdir)
    assert code == 2 and "别名" in err and ".gik-lint.yaml:" in err and seconds < 20, err


def test_deep_nesting_in_the_configuration_is_refused(workdir):
    (workdir / ".gik-lint.yaml").write_text("ignore: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    code, _, err, _ = gik("check", "report.txt", cwd=workdir)
    assert code == 2 and "嵌套" in err and "Traceback" not in err, err


def test_an_oversized_configuration_is_refused_before_it_is_parsed(workdir):
    (workdir / ".gik-lint.yaml").write_text("ignore:\n" + "  - GIK306\n" * 1_100_000, encoding="utf-8")  # ~12 MB
    code, _, err, seconds = gik("check", "report.txt", cwd=workdir)
    assert code == 2 and "过大" in err and seconds < 10, err


@pytest.mark.parametrize("content", [
    "[" * 100_000 + "]" * 100_000,
    json.dumps({"version": 2, "entries": [{"code": "GIK101"}]}),
    json.dumps({"version": 2, "entries": [1, 2]}),
    '{"version": 2, "entries": [' + ",".join(['{"fingerprint": "x"}'] * 10) + "]" + " " * (33 * 1024 * 1024) + "}",
], ids=["deep", "no-fingerprint", "not-entries", "oversized"])
def test_a_hostile_baseline_is_refused(workdir, content):
    pack(workdir, own())
    (workdir / "base.json").write_text(content, encoding="utf-8")
    code, _, err, _ = gik("check", "--baseline", "base.json", "report.txt", cwd=workdir)
    assert code == 2 and "基线文件无法使用" in err and "Traceback" not in err, err


def test_every_shipped_rule_passes_the_checks_a_pack_from_elsewhere_gets():
    """The shipped rules load without compiling their templates (lean imports); the checks
    an extended pack gets hold for every one of them."""
    from gik_lint.check import KINDS, load_rules
    from gik_lint.packs import rules_dir

    rules = load_rules(rules_dir(), KINDS, shipped=False)
    assert len(rules) > 40 and all(r._prepared.get("message") for r in rules.values())
