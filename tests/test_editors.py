"""The editor set-ups (docs/editors.md): the VS Code extension under editors/vscode/ is a
valid extension manifest with a client that starts `gik-lint lsp`, and its problemMatcher
reads what `gik-lint check --format concise` prints. Offline: nothing is installed."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys

import pytest

from conftest import FIXTURES, ROOT

VSCODE = ROOT / "editors" / "vscode"


def manifest() -> dict:
    return json.loads((VSCODE / "package.json").read_text(encoding="utf-8"))


def test_vscode_manifest_is_a_valid_extension():
    m = manifest()
    for key in ("name", "displayName", "description", "version", "publisher", "engines", "main", "activationEvents", "contributes"):
        assert m.get(key), key
    assert re.fullmatch(r"\^1\.\d+\.\d+", m["engines"]["vscode"])
    assert re.fullmatch(r"\d+\.\d+\.\d+", m["version"])
    assert (VSCODE / m["main"]).resolve().is_file()
    assert {"onLanguage:plaintext", "onLanguage:markdown", "onLanguage:html"} <= set(m["activationEvents"])
    assert "vscode-languageclient" in m["dependencies"]
    properties = m["contributes"]["configuration"]["properties"]
    assert properties["gik-lint.path"]["type"] == "string" and properties["gik-lint.path"]["default"] == "gik-lint"
    for key in ("gik-lint.args", "gik-lint.config", "gik-lint.debounce", "gik-lint.timeLimit", "gik-lint.rulesUrl"):
        assert key in properties and "default" in properties[key], key
    commands = {c["command"] for c in m["contributes"]["commands"]}
    assert "gik-lint.restart" in commands
    [matcher] = m["contributes"]["problemMatchers"]
    assert matcher["name"] == "gik-lint" and matcher["owner"] == "gik-lint"
    assert {"file", "line", "column", "severity", "code", "message"} <= set(matcher["pattern"])
    # vsce refuses to package a README with a relative link when the manifest names no repository
    assert "](." not in (VSCODE / "README.md").read_text(encoding="utf-8")
    # node_modules is installed by `npm install`, never committed
    assert "node_modules/" in (VSCODE / ".gitignore").read_text(encoding="utf-8").split()


def test_vscode_client_starts_the_language_server():
    source = (VSCODE / "extension.js").read_text(encoding="utf-8")
    assert 'require("vscode-languageclient/node")' in source
    assert '"lsp"' in source and "gik-lint.restart" in source
    for language in ("plaintext", "markdown", "html"):
        assert f'"{language}"' in source
    for key in ("debounce", "timeLimit", "rulesUrl"):  # the server's initializationOptions
        assert f"{key}:" in source
    assert "activate" in source and "module.exports = { activate, deactivate }" in source


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_vscode_client_is_valid_javascript():
    proc = subprocess.run(["node", "--check", str(VSCODE / "extension.js")], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def _concise_and_json(tmp_path) -> tuple[list[str], list[dict]]:
    """`check` on reports with errors, warnings, info, not-assessable findings and a file that
    cannot be read, in the concise format and in JSON."""
    unreadable = tmp_path / "empty.txt"
    unreadable.write_bytes(b"")
    paths = [str(FIXTURES / "reports" / "2018_city_bureau_2008_missing_fees_other.txt"),
             str(FIXTURES / "flattened" / "inconsistent.txt"),
             str(FIXTURES / "formats" / "2020_city_bureau_all_formats_review_total_wrong.html"), str(unreadable)]
    run = [sys.executable, "-m", "gik_lint", "check", *paths]
    units = ["--column-unit", "utf16"]  # as docs/editors.md has the task run it: VS Code counts UTF-16 units
    concise = subprocess.run([*run, "--format", "concise", *units], capture_output=True, text=True, encoding="utf-8").stdout
    report = json.loads(subprocess.run([*run, "--format", "json", *units], capture_output=True, text=True, encoding="utf-8").stdout)
    return concise.splitlines(), report["files"]


def test_problem_matcher_reads_the_concise_format(tmp_path):
    [matcher] = manifest()["contributes"]["problemMatchers"]
    pattern = matcher["pattern"]
    regexp = re.compile(pattern["regexp"])  # the same syntax in JavaScript for this expression
    lines, files = _concise_and_json(tmp_path)
    expected = [(f["path"], f["line"], f["column"] or 1, f["code"]) for file in files for f in [
        {**finding, "path": file["path"]} for finding in file.get("findings", [])]]
    expected += [(file["path"], 1, 1, "GIK000") for file in files if file.get("error")]
    got = []
    levels = set()
    for line in lines:
        m = regexp.match(line)
        assert m, line
        got.append((m.group(pattern["file"]), int(m.group(pattern["line"])), int(m.group(pattern["column"])), m.group(pattern["code"])))
        levels.add(m.group(pattern["severity"]))
        assert m.group(pattern["message"])
    assert sorted(got) == sorted(expected)
    assert {"error", "warning", "info", "not-assessable"} <= levels
    # VS Code knows error, warning and info; a level it does not know takes the matcher's severity
    assert matcher["severity"] == "info"


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_problem_matcher_in_javascript(tmp_path):
    """The expression as VS Code runs it: JavaScript's RegExp, on the same lines."""
    lines, _ = _concise_and_json(tmp_path)
    script = (
        "const m = require(process.argv[1]).contributes.problemMatchers[0];"
        "const re = new RegExp(m.pattern.regexp);"
        "const lines = require('fs').readFileSync(0, 'utf8').split('\\n').filter(Boolean);"
        "const bad = lines.filter((l) => !re.test(l));"
        "console.log(JSON.stringify({n: lines.length, bad}));"
    )
    proc = subprocess.run(["node", "-e", script, str(VSCODE / "package.json")], input="\n".join(lines) + "\n",
                          capture_output=True, text=True, encoding="utf-8")
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result == {"n": len(lines), "bad": []}


def test_editor_set_ups_are_documented():
    doc = (ROOT / "docs" / "editors.md").read_text(encoding="utf-8")
    for words in ("gik-lint lsp", "editors/vscode", '"problemMatcher": "$gik-lint"', "vim.lsp", "eglot-server-programs",
                  "pip install 'gik-lint[lsp]'", "initializationOptions"):
        assert words in doc, words
    examples = [json.loads(block) for block in re.findall(r"```json\n(.*?)\n```", doc, re.S)]
    tasks = [task for example in examples if example.get("version") == "2.0.0" for task in example["tasks"]]
    assert len(tasks) == 2, "tasks.json with the extension's matcher, and without it"
    matcher = manifest()["contributes"]["problemMatchers"][0]
    assert tasks[0]["problemMatcher"] == "$gik-lint"
    written = tasks[1]["problemMatcher"]
    assert written["pattern"] == matcher["pattern"] and written["severity"] == matcher["severity"]
    for task in tasks:
        assert task["args"][:3] == ["check", "--format", "concise"]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "docs/editors.md" in readme and "`gik-lint lsp`" in readme
