"""Fuzzing the inputs besides reports (issue 14): configuration files, rule packs,
sidecars and baselines, mutated from valid ones with a fixed seed (byte flips,
truncation, type swaps, huge numbers, deep nesting, aliases, a wrong type in each key).
Every mutation is loaded in-process the way a run loads it and must end in a clean
refusal (PackError / UsageError / ValueError: exit 2, or one report's error) or be used;
never another exception (a traceback), never slowly, never changing the user's files.
A few mutations of each go through the command line as well."""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
import time

import pytest
import yaml

from conftest import ROOT, SEEDS

SEED = 20240614
PER_KIND = 150  # in-process mutations per kind of input (4 kinds)
HOSTILE = [None, True, 0, -1, 10**40, 1e308, float("nan"), "", "x" * 5000, "GIK", [], {}, [[[[[]]]]], {"a": {"b": {}}},
           ["GIK101", 3, None], {"GIK101": ["x"]}, "(a+)+$", "{{ ''.__class__ }}", "*.txt", "../" * 20]
CONFIG = """select: [GIK1, GIK2, content]
ignore: [GIK306]
severity: {GIK101: warning, structure: info}
fail-on: warning
regime: "2021"
deadlines: {county: "02-15"}
exclude: ["drafts/*"]
overrides:
  - files: ["*.md"]
    ignore: [GIK210]
    severity: {GIK202: info}
"""
SIDECAR = "disable: [GIK304, content]\nignore:\n  - {rule: GIK202, page: 3}\n  - {rule: GIK210, section: s1, line: 4}\n"
BASELINE = json.dumps({"version": 2, "entries": [{"fingerprint": "ab" * 16, "code": "GIK101", "path": "report.txt", "message": "x"},
                                                 {"fingerprint": "cd" * 16, "code": "GIK202", "path": "r.txt", "message": "y"}]})
RULE = (ROOT / "rules" / "content" / "GIK306.yaml").read_text(encoding="utf-8").replace("code: GIK306", "code: GIK901") \
    .replace("name: content.template-leftover", "name: province.no-xx")


def _paths(value, where=()):
    yield where
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, where + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, where + (i,))


def _replace(value, where, new):
    if not where:
        return new
    value = json.loads(json.dumps(value, default=str))
    target = value
    for step in where[:-1]:
        target = target[step]
    target[where[-1]] = new
    return value


def mutations(text: str, rng: random.Random, n: int, as_json: bool = False):
    """``n`` mutations of a YAML (or JSON) document."""
    data = json.loads(text) if as_json else yaml.safe_load(text)
    paths = list(_paths(data))
    dump = (lambda v: json.dumps(v, ensure_ascii=False, default=str)) if as_json else \
        (lambda v: yaml.safe_dump(v, allow_unicode=True, default_flow_style=None))
    for i in range(n):
        how = i % 8
        raw = text.encode("utf-8")
        if how == 0:  # byte flips
            b = bytearray(raw)
            for _ in range(rng.randint(1, 8)):
                b[rng.randrange(len(b))] = rng.randrange(256)
            yield bytes(b)
        elif how == 1:  # truncation
            yield raw[: rng.randrange(len(raw))]
        elif how == 2:  # a wrong type in a key (every key in turn)
            yield dump(_replace(data, paths[i // 8 % len(paths)], rng.choice(HOSTILE))).encode("utf-8")
        elif how == 3:  # a type swap of the whole document
            yield dump(rng.choice([[data], "text", 42, None, {"x": data}])).encode("utf-8")
        elif how == 4:  # huge numbers
            yield text.replace("2", "9" * rng.choice([30, 400, 5000]), 1).encode("utf-8")
        elif how == 5:  # deep nesting
            depth = rng.choice([70, 1000, 30000])
            yield dump(_replace(data, rng.choice(paths), None)).encode("utf-8") + \
                (b"\n" if not as_json else b"") + (b"[" * depth + b"]" * depth if as_json else b"deep: " + b"[" * depth + b"]" * depth + b"\n")
        elif how == 6:  # aliases (YAML) / duplicate keys and odd unicode (JSON)
            if as_json:
                yield raw.replace(b"{", b'{"version": "\xe2\x80\xae", ', 1)
            else:
                bomb = "".join(f"{c}: &{c} [{','.join([p] * 9)}]\n" for c, p in zip("bcdefghi", ["x"] + [f"*{c}" for c in "bcdefgh"]))
                yield (bomb + text + f"{rng.choice(['zz', 'ignore', 'disable'])}: *{rng.choice('cfi')}\n").encode("utf-8")
        else:  # random splice of two mutations
            cut = rng.randrange(len(raw))
            yield raw[:cut] + raw[cut:][::-1]


def _within(seconds: float, started: float):
    assert time.monotonic() - started < seconds, f"took {time.monotonic() - started:.1f}s"


def test_fuzz_configuration(tmp_path):
    from gik_lint import config as configuration
    from gik_lint.config import UsageError
    from gik_lint.packs import PackError

    rng = random.Random(SEED)
    rules = {f"GIK{n}": type("R", (), {"code": f"GIK{n}", "name": f"x.r{n}", "aliases": ()})() for n in (101, 202, 210, 306)}
    path = tmp_path / ".gik-lint.yaml"
    for data in mutations(CONFIG, rng, PER_KIND):
        path.write_bytes(data)
        started = time.monotonic()
        try:
            config = configuration.load(path)
            configuration.check_rules(config, rules)
            config.rules_for(rules, "a/report.md")
        except (PackError, UsageError):
            pass
        _within(3, started)
        assert path.read_bytes() == data


def test_fuzz_rule_pack(tmp_path):
    from gik_lint.check import KINDS, load_rules
    from gik_lint.packs import PackError

    rng = random.Random(SEED + 1)
    (tmp_path / "registry.yaml").write_text("codes:\n  GIK901: {name: province.no-xx}\n", encoding="utf-8")
    path = tmp_path / "GIK901.yaml"
    loaded = 0
    for data in mutations(RULE, rng, PER_KIND):
        path.write_bytes(data)
        started = time.monotonic()
        try:
            rules = load_rules(tmp_path, KINDS)
            loaded += 1
            from gik_lint.check.messages import render

            for rule in rules.values():
                try:
                    render(rule, "message", {"found": "XX", "what": "占位符"})
                except PackError:
                    pass
        except PackError:
            pass
        _within(3, started)
        assert path.read_bytes() == data
    assert loaded  # some mutations are still a usable rule


def test_fuzz_sidecar(tmp_path):
    from gik_lint import suppress
    from gik_lint.packs import PackError

    rng = random.Random(SEED + 2)
    path = tmp_path / "report.docx.gik-lint.yaml"
    for data in mutations(SIDECAR, rng, PER_KIND):
        path.write_bytes(data)
        started = time.monotonic()
        try:
            for d in suppress._sidecar(path):
                [str(s) for s in d.selectors]
        except PackError:
            pass
        _within(3, started)
        assert path.read_bytes() == data


def test_fuzz_baseline(tmp_path):
    from gik_lint import baseline

    rng = random.Random(SEED + 3)
    path = tmp_path / "baseline.json"
    for data in mutations(BASELINE, rng, PER_KIND, as_json=True):
        path.write_bytes(data)
        started = time.monotonic()
        try:
            baseline.apply([], baseline.load(path))
        except (OSError, ValueError):
            pass
        _within(3, started)
        assert path.read_bytes() == data


def _gik(*args, cwd):
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "NO_COLOR")}
    proc = subprocess.run([sys.executable, "-m", "gik_lint", *args], capture_output=True, cwd=cwd, env=env, timeout=60)
    return proc.returncode, proc.stderr.decode("utf-8", "replace")


@pytest.mark.parametrize("kind", ["config", "pack", "sidecar", "baseline"])
def test_fuzz_through_the_command_line(tmp_path, kind):
    """A few mutations of each kind end to end: exit 0, 1 or 2, no traceback, files unchanged."""
    rng = random.Random(SEED + 10)
    shutil.copy(SEEDS / "000_84cfd1913db39861.txt", tmp_path / "report.txt")
    source = {"config": CONFIG, "pack": RULE, "sidecar": SIDECAR, "baseline": BASELINE}[kind]
    target = {"config": ".gik-lint.yaml", "pack": "province/GIK901.yaml", "sidecar": "report.txt.gik-lint.yaml",
              "baseline": "base.json"}[kind]
    (tmp_path / "province").mkdir()
    (tmp_path / "province" / "registry.yaml").write_text("codes:\n  GIK901: {name: province.no-xx}\n", encoding="utf-8")
    (tmp_path / "province" / "GIK901.yaml").write_text(RULE, encoding="utf-8")
    if kind != "config":
        (tmp_path / ".gik-lint.yaml").write_text("extends: [province]\n", encoding="utf-8")
    args = ["check", "report.txt"] + (["--baseline", "base.json"] if kind == "baseline" else [])
    for data in list(mutations(source, rng, 5, as_json=kind == "baseline")):
        (tmp_path / target).write_bytes(data)
        before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in tmp_path.rglob("*") if p.is_file()}
        started = time.monotonic()
        code, err = _gik(*args, cwd=tmp_path)
        assert code in (0, 1, 2) and "Traceback" not in err, err[-3000:]
        _within(30, started)
        assert before == {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in tmp_path.rglob("*") if p.is_file()}
