"""gik-lint as a CI gate and an editor's linter: outputs, configuration, suppressions,
baselines, standard input, exit codes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, SEEDS, SHARED

SEED_000 = SEEDS / "000_84cfd1913db39861.txt"
SEED_002 = SEEDS / "002_9129c6b43b32ee9a.txt"
DATA = Path(__file__).parent / "data"


def gik(*args, cwd=None, stdin: bytes | None = None, env=None):
    environment = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "NO_COLOR")}
    environment.update(env or {})
    proc = subprocess.run(
        [sys.executable, "-m", "gik_lint", *map(str, args)], capture_output=True, cwd=cwd, input=stdin, env=environment
    )
    return proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")


# --- outputs -----------------------------------------------------------------------


def test_sarif_validates_against_the_schema():
    import jsonschema

    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    code, out, _ = gik("check", "--format", "sarif", SEED_000, SEED_002, FIXTURES / "tables" / "r1_fail.pdf")
    assert code == 1
    sarif = json.loads(out)
    jsonschema.Draft4Validator(schema).validate(sarif)
    run = sarif["runs"][0]
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert "第三十二条" in rules["GIK101"]["properties"]["basis"] and rules["GIK101"]["help"]["text"]
    fees = next(r for r in run["results"] if r["ruleId"] == "GIK101" and r["level"] == "error")
    assert fees["locations"][0]["physicalLocation"]["region"]["startLine"] == 45
    assert fees["locations"][0]["logicalLocations"][0]["name"] == "fees"
    pdf = next(r for r in run["results"] if r["ruleId"] == "GIK224")
    assert pdf["properties"]["page"] >= 1


def test_junit_is_well_formed_xml():
    code, out, _ = gik("check", "--format", "junit", SEED_000, SEED_002)
    root = ET.fromstring(out)
    assert root.tag == "testsuites" and len(root.findall("testsuite")) == 2
    failures = root.findall(".//failure")
    assert failures and any("收费及减免" in f.get("message") for f in failures)


def test_github_annotations():
    code, out, _ = gik("check", "--format", "github", SEED_000)
    assert code == 1
    assert any(line.startswith(f"::error file={SEED_000},line=45,col=1") for line in out.splitlines())
    assert "::warning " in out and "::notice " in out
    # chosen without asking inside GitHub Actions
    assert gik("check", SEED_000, env={"GITHUB_ACTIONS": "true"})[1] == out


def test_concise_lines():
    _, out, _ = gik("check", "--format", "concise", SEED_000)
    assert f"{SEED_000}:45:1: error GIK101 " in out
    assert all(line.startswith(str(SEED_000) + ":") for line in out.splitlines())


def test_gitlab_code_quality():
    _, out, _ = gik("check", "--format", "gitlab", SEED_000)
    issues = json.loads(out)
    assert all({"description", "check_name", "fingerprint", "severity", "location"} <= set(i) for i in issues)
    assert len({i["fingerprint"] for i in issues}) == len(issues)


def test_json_output_follows_its_schema():
    import jsonschema

    schema = json.loads((ROOT / "docs" / "json-output.schema.json").read_text(encoding="utf-8"))
    _, out, _ = gik("check", "--format", "json", SEED_000, SEED_002, FIXTURES / "tables" / "r1_fail.docx",
                    FIXTURES / "formats" / "hostile" / "encrypted.pdf", FIXTURES / "formats" / "hostile" / "empty.html")
    jsonschema.Draft202012Validator(schema).validate(json.loads(out))


def test_output_file_and_text_without_colour(tmp_path):
    target = tmp_path / "out.txt"
    code, out, _ = gik("check", "--output", target, SEED_000)
    assert code == 1 and out == ""
    text = target.read_text(encoding="utf-8")
    assert "\x1b[" not in text and "GIK101" in text
    assert "│ 五、因信息公开申请行政复议" in text  # the offending line is shown


def test_exit_zero():
    assert gik("check", "--exit-zero", SEED_000)[0] == 0
    assert gik("check", "--exit-zero", "/nonexistent/report.txt")[0] == 2  # usage errors still count


# --- standard input ------------------------------------------------------------------


def test_stdin_gives_the_same_findings_under_the_given_name():
    data = SEED_000.read_bytes()
    code, out, _ = gik("check", "--format", "json", "--stdin-filename", "x/report.txt", "-", stdin=data)
    assert code == 1
    from_stdin = json.loads(out)["files"][0]
    from_file = json.loads(gik("check", "--format", "json", SEED_000)[1])["files"][0]
    assert from_stdin["path"] == "x/report.txt"
    strip = lambda fs: [{k: v for k, v in f.items()} for f in fs]  # noqa: E731
    assert strip(from_stdin["findings"]) == strip(from_file["findings"])


# --- configuration -------------------------------------------------------------------


@pytest.fixture
def workdir(tmp_path):
    shutil.copy(SEED_000, tmp_path / "report.txt")
    return tmp_path


def test_ignoring_the_missing_fees_rule_exits_0(workdir):
    assert gik("check", "report.txt", cwd=workdir)[0] == 1
    (workdir / ".gik-lint.yaml").write_text("ignore: [structure.missing-section]\n", encoding="utf-8")
    assert gik("check", "report.txt", cwd=workdir)[0] == 0
    sub = workdir / "deeper"
    sub.mkdir()
    assert gik("check", "../report.txt", cwd=sub)[0] == 0  # found by walking up


def test_config_in_pyproject_and_severity_overrides(workdir):
    (workdir / "pyproject.toml").write_text('[tool.gik-lint]\nseverity = {GIK101 = "warning"}\n', encoding="utf-8")
    code, out, _ = gik("check", "--format", "json", "report.txt", cwd=workdir)
    assert code == 0
    fees = [f for f in json.loads(out)["files"][0]["findings"] if f["section"] == "fees"]
    assert fees[0]["severity"] == "warning"


def test_select_and_per_path_overrides(workdir):
    (workdir / ".gik-lint.yaml").write_text(
        "select: [GIK1]\noverrides:\n  - files: ['report.txt']\n    ignore: [GIK101]\n", encoding="utf-8"
    )
    _, out, _ = gik("check", "--format", "json", "report.txt", cwd=workdir)
    codes = {f["code"] for f in json.loads(out)["files"][0]["findings"]}
    assert codes and all(c.startswith("GIK1") for c in codes) and "GIK101" not in codes


def test_config_show_says_where_values_come_from(workdir):
    (workdir / ".gik-lint.yaml").write_text("regime: '2008'\nfail-on: warning\n", encoding="utf-8")
    code, out, _ = gik("config", "--show", cwd=workdir)
    assert code == 0
    assert ".gik-lint.yaml:1" in out and ".gik-lint.yaml:2" in out and "ignore" in out and "默认值" in out


def test_malformed_config_exits_2_with_file_and_line(workdir):
    (workdir / ".gik-lint.yaml").write_text("ignore: [GIK101]\nseverity: {GIK101: fatal}\n", encoding="utf-8")
    code, _, err = gik("check", "report.txt", cwd=workdir)
    assert code == 2 and ".gik-lint.yaml:2" in err and "severity" in err and "Traceback" not in err
    (workdir / ".gik-lint.yaml").write_text("ignore: [GIK101\n", encoding="utf-8")
    code, _, err = gik("check", "report.txt", cwd=workdir)
    assert code == 2 and ".gik-lint.yaml:" in err and "Traceback" not in err


def test_extra_rule_pack_and_a_broken_one(workdir):
    pack = workdir / "province"
    (pack / "rules").mkdir(parents=True)
    (pack / "registry.yaml").write_text("codes:\n  GIK901: {name: province.no-xx}\n", encoding="utf-8")
    rule = (ROOT / "rules" / "content" / "GIK306.yaml").read_text(encoding="utf-8")
    rule = rule.replace("code: GIK306", "code: GIK901").replace("name: content.template-leftover", "name: province.no-xx")
    (pack / "rules" / "GIK901.yaml").write_text(rule, encoding="utf-8")
    with open(workdir / "report.txt", "a", encoding="utf-8") as fh:
        fh.write("\n联系人：XX\n")  # a template leftover: what the pack's rule (GIK306's wording) finds
    own = "ignore: [structure.missing-section, GIK306]\n"  # nothing else of the shipped rules fails
    (workdir / ".gik-lint.yaml").write_text(own, encoding="utf-8")
    assert gik("check", "report.txt", cwd=workdir)[0] == 0
    (workdir / ".gik-lint.yaml").write_text("extends: [province]\n" + own, encoding="utf-8")
    assert "GIK901  province.no-xx" in gik("rules", cwd=workdir)[1]  # listed and explained with the shipped rules
    assert gik("explain", "province.no-xx", cwd=workdir)[0] == 0
    code, out, err = gik("check", "--format", "json", "report.txt", cwd=workdir)
    assert code == 1, err
    found = [f for f in json.loads(out)["files"][0]["findings"] if f["code"] == "GIK901"]
    assert found and found[0]["name"] == "province.no-xx"  # the pack's rule ran, and it alone fails the file
    (pack / "rules" / "GIK901.yaml").write_text(rule.replace("severity: error", "severity: [error"), encoding="utf-8")
    code, _, err = gik("check", "report.txt", cwd=workdir)
    assert code == 2 and "GIK901.yaml:" in err and "Traceback" not in err


def test_each_file_gets_the_configuration_of_its_own_folder(tmp_path):
    """Looked up from each report's folder, not from where the run started."""
    for name, config in (("lenient", "ignore: [structure.missing-section]\n"), ("strict", "")):
        (tmp_path / name).mkdir()
        shutil.copy(SEED_000, tmp_path / name / "report.txt")
        (tmp_path / name / ".gik-lint.yaml").write_text(config or "fail-on: error\n", encoding="utf-8")
    _, out, err = gik("check", "--format", "json", "lenient", "strict", cwd=tmp_path)
    codes = {Path(f["path"]).parent.name: {x["code"] for x in f["findings"]} for f in json.loads(out)["files"]}
    assert "GIK101" not in codes["lenient"] and "GIK101" in codes["strict"], err
    # the same from inside one of the folders, and for standard input named into it
    assert gik("check", "../lenient/report.txt", cwd=tmp_path / "strict")[0] == 0
    assert gik("check", "--stdin-filename", "lenient/report.txt", "-", cwd=tmp_path, stdin=SEED_000.read_bytes())[0] == 0


@pytest.mark.parametrize("toml", [
    '[tool.gik-lint.severity]\nGIK101 = "warning"\n',
    '[tool."gik-lint"]\nseverity = { GIK101 = "warning" }\n',
    '[tool]\n"gik-lint" = { severity = { GIK101 = "warning" } }\n',
    '[tool."gik\\u002dlint"]\nseverity = { GIK101 = "warning" }\n',  # the name escaped in a quoted key
])
def test_pyproject_is_read_as_toml(workdir, toml):
    (workdir / "pyproject.toml").write_text('[project]\nname = "x"\n\n' + toml, encoding="utf-8")
    assert gik("check", "report.txt", cwd=workdir)[0] == 0


def test_a_pyproject_of_another_tool_is_not_parsed(workdir):
    """A pyproject.toml that never names gik-lint is passed over unparsed (tomllib costs a
    check's start-up), even when it is broken: it is no configuration of ours."""
    (workdir / ".gik-lint.yaml").write_text("ignore: [structure.missing-section]\n", encoding="utf-8")
    project = workdir / "project"
    project.mkdir()
    shutil.copy(workdir / "report.txt", project / "report.txt")
    (project / "pyproject.toml").write_text('[project]\nname = "x"\n[tool.ruff\n', encoding="utf-8")
    probe = "import sys; from gik_lint.cli import main\ncode = main(sys.argv[1:])\nprint(code, 'tomllib' in sys.modules)\n"
    proc = subprocess.run([sys.executable, "-c", probe, "check", "report.txt"], cwd=project, capture_output=True, text=True)
    assert proc.stdout.split()[-2:] == ["0", "False"], proc.stderr


def test_a_pyproject_that_only_mentions_the_tool_is_no_configuration(workdir):
    """A comment naming [tool.gik-lint] is not the table: the configuration above still applies."""
    (workdir / ".gik-lint.yaml").write_text("ignore: [structure.missing-section]\n", encoding="utf-8")
    project = workdir / "project"
    project.mkdir()
    shutil.copy(workdir / "report.txt", project / "report.txt")
    (project / "pyproject.toml").write_text('# one day: [tool.gik-lint]\n[project]\nname = "x"\n', encoding="utf-8")
    assert gik("check", "report.txt", cwd=project)[0] == 0


@pytest.mark.parametrize("config,line", [
    ("select: [GIK1O1]\n", 1),  # the letter O
    ("fail-on: error\nignore: [structure.missing-sectoin]\n", 2),
    ("severity: {GIK1O1: info}\n", 1),
    ("select: [GIK5]\n", 1),  # no rule in that range
    ("overrides:\n  - files: ['*.txt']\n    ignore: [GIK1O1]\n", 1),
])
def test_unknown_rules_in_the_configuration_are_an_error(workdir, config, line):
    (workdir / ".gik-lint.yaml").write_text(config, encoding="utf-8")
    code, out, err = gik("check", "report.txt", cwd=workdir)
    assert code == 2 and f".gik-lint.yaml:{line}" in err and "未知的规则" in err and "Traceback" not in err, (code, err)


@pytest.mark.parametrize("flag", ["--select", "--ignore", "--extend-select"])
def test_unknown_rules_on_the_command_line_are_a_usage_error(flag):
    code, _, err = gik("check", flag, "GIK1O1", SEED_000)
    assert code == 2 and "未知的规则「GIK1O1」" in err and flag in err


def test_select_ignore_and_extend_select_flags(workdir):
    def codes(*flags):
        _, out, _ = gik("check", "--format", "json", *flags, "report.txt", cwd=workdir)
        return {f["code"] for f in json.loads(out)["files"][0]["findings"]}

    assert codes("--select", "GIK1") and all(c.startswith("GIK1") for c in codes("--select", "GIK1"))
    assert "GIK101" not in codes("--ignore", "structure.missing-section")
    (workdir / ".gik-lint.yaml").write_text("select: [GIK101]\n", encoding="utf-8")
    assert codes() == {"GIK101"}
    assert codes("--extend-select", "GIK308") == {"GIK101", "GIK308"}
    assert codes("--select", "GIK308") == {"GIK308"}


def test_override_globs_do_not_cross_folders(workdir):
    (workdir / "archive" / "2020").mkdir(parents=True)
    shutil.copy(workdir / "report.txt", workdir / "archive" / "2020" / "report.txt")
    (workdir / ".gik-lint.yaml").write_text(
        "overrides:\n  - files: ['archive/*']\n    ignore: [GIK101]\n", encoding="utf-8")
    assert gik("check", "archive/2020/report.txt", cwd=workdir)[0] == 1  # * stops at /
    (workdir / ".gik-lint.yaml").write_text(
        "overrides:\n  - files: ['archive/**']\n    ignore: [GIK101]\n", encoding="utf-8")
    assert gik("check", "archive/2020/report.txt", cwd=workdir)[0] == 0


def test_exclude_gitignore_and_the_tools_own_outputs(workdir):
    for folder in ("drafts", "node_modules/pkg", "build", "audit-out", "kept"):
        (workdir / folder).mkdir(parents=True)
        shutil.copy(SEED_002, workdir / folder / "r.txt")
    (workdir / "audit-out" / "report.html").write_text("<html><body>审核结果</body></html>", encoding="utf-8")
    (workdir / "audit-out" / "summary.json").write_text('{"tool": {"name": "gik-lint"}}', encoding="utf-8")
    (workdir / ".gitignore").write_text("# outputs\n/build/\n*.log\n", encoding="utf-8")
    (workdir / ".gik-lint.yaml").write_text("exclude: [drafts/]\n", encoding="utf-8")

    def linted(*flags):
        _, out, err = gik("check", "--format", "json", *flags, ".", cwd=workdir)
        return sorted(str(Path(f["path"]).relative_to(".")) if not Path(f["path"]).is_absolute() else f["path"]
                      for f in json.loads(out)["files"])

    assert linted() == ["kept/r.txt", "report.txt"]
    assert linted("--no-respect-gitignore") == ["build/r.txt", "kept/r.txt", "report.txt"]
    assert gik("check", "drafts/r.txt", cwd=workdir)[0] == 1  # a file named on the command line is linted


# --- suppressions --------------------------------------------------------------------


def test_suppression_comment_in_a_text_report(workdir):
    text = (workdir / "report.txt").read_text(encoding="utf-8").replace(
        "五、因信息公开申请", "<!-- gik-lint disable-next-line structure.missing-section -->\n五、因信息公开申请", 1
    )
    (workdir / "report.txt").write_text(text, encoding="utf-8")
    assert gik("check", "report.txt", cwd=workdir)[0] == 0


def test_disable_enable_and_file(workdir):
    source = (workdir / "report.txt").read_text(encoding="utf-8")
    lines = source.split("\n")
    lines.insert(0, "<!-- gik-lint disable-file GIK308 -->")
    (workdir / "report.txt").write_text("\n".join(lines), encoding="utf-8")
    _, out, _ = gik("check", "--format", "json", "report.txt", cwd=workdir)
    assert "GIK308" not in {f["code"] for f in json.loads(out)["files"][0]["findings"]}


def test_unused_suppressions_are_reported(workdir):
    text = (workdir / "report.txt").read_text(encoding="utf-8").replace("一、概述", "<!-- gik-lint disable-next-line GIK224 -->\n一、概述", 1)
    (workdir / "report.txt").write_text(text, encoding="utf-8")
    _, out, _ = gik("check", "--format", "json", "--warn-unused-suppressions", "report.txt", cwd=workdir)
    unused = [f for f in json.loads(out)["files"][0]["findings"] if f["code"] == "GIK900"]
    assert len(unused) == 1 and unused[0]["line"] == 11


def test_sidecar_for_formats_without_comments(tmp_path):
    pdf = tmp_path / "r1.pdf"
    shutil.copy(FIXTURES / "tables" / "r1_fail.pdf", pdf)
    assert gik("check", pdf)[0] == 1
    (tmp_path / "r1.pdf.gik-lint.yaml").write_text("ignore:\n  - {rule: GIK224}\n", encoding="utf-8")
    assert gik("check", pdf)[0] == 0
    (tmp_path / "r1.pdf.gik-lint.yaml").write_text("ignore:\n  - {rule: GIK2Z4}\n", encoding="utf-8")
    code, _, err = gik("check", pdf)
    assert code == 2 and "r1.pdf.gik-lint.yaml" in err and "未知的规则「GIK2Z4」" in err  # was: exit 1, the typo unnoticed


# --- baselines ------------------------------------------------------------------------


def test_baseline_silences_todays_findings_and_keeps_new_ones(workdir):
    base = workdir / "baseline.json"
    assert gik("check", "--write-baseline", base, "report.txt", cwd=workdir)[0] == 1
    assert gik("check", "--baseline", base, "report.txt", cwd=workdir)[0] == 0
    # edit the report elsewhere: the old findings stay silent
    text = (workdir / "report.txt").read_text(encoding="utf-8")
    (workdir / "report.txt").write_text("\n\n（说明：本报告经单位审核。）\n" + text, encoding="utf-8")
    assert gik("check", "--baseline", base, "report.txt", cwd=workdir)[0] == 0
    # a new defect is reported
    (workdir / "report.txt").write_text(text.replace("一年来，在宁夏", "XX一年来，在宁夏"), encoding="utf-8")
    code, out, err = gik("check", "--format", "json", "--baseline", base, "report.txt", cwd=workdir)
    assert code == 1
    assert [f["code"] for f in json.loads(out)["files"][0]["findings"]] == ["GIK306"]


def test_a_version_1_baseline_still_silences_its_findings(workdir):
    # tests/data/baseline-v1.json: written for report.txt (seed 000) before the fingerprint was shared
    assert gik("check", "--baseline", DATA / "baseline-v1.json", "report.txt", cwd=workdir)[0] == 0
    base = workdir / "baseline.json"
    gik("check", "--write-baseline", base, "report.txt", cwd=workdir)
    assert json.loads(base.read_text(encoding="utf-8"))["version"] == 2


def test_stale_baseline_entries_are_reported(workdir):
    base = workdir / "baseline.json"
    gik("check", "--write-baseline", base, "report.txt", cwd=workdir)
    text = (workdir / "report.txt").read_text(encoding="utf-8")
    (workdir / "report.txt").write_text(text.replace("（以下简称《条例》《办法》）", "（以下简称《办法》）"), encoding="utf-8")
    _, _, err = gik("check", "--baseline", base, "report.txt", cwd=workdir)
    assert "基线条目已过期" in err and "GIK302" in err


# --- changed files only ---------------------------------------------------------------


def test_diff_base_lints_only_changed_reports(tmp_path):
    def git(*args):
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)

    git("init", "-q")
    git("config", "user.email", "t@example.com")
    git("config", "user.name", "t")
    shutil.copy(SEED_000, tmp_path / "a.txt")
    shutil.copy(SEED_002, tmp_path / "b.txt")
    git("add", ".")
    git("commit", "-qm", "reports")
    (tmp_path / "b.txt").write_text((tmp_path / "b.txt").read_text(encoding="utf-8") + "\n补充说明。\n", encoding="utf-8")
    _, out, _ = gik("check", "--format", "json", "--diff-base", "HEAD", ".", cwd=tmp_path)
    assert [Path(f["path"]).name for f in json.loads(out)["files"]] == ["b.txt"]
    code, _, err = gik("check", "--diff-base", "no-such-ref", ".", cwd=tmp_path)
    assert code == 2 and "no-such-ref" in err


def _git_repo(root: Path):
    def git(*args):
        subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)

    git("init", "-q")
    git("config", "user.email", "t@example.com")
    git("config", "user.name", "t")
    git("config", "core.quotePath", "true")  # git's default: non-ASCII names come out quoted
    return git


def test_diff_base_matches_any_file_name(tmp_path):
    """Chinese, spaced and quoted names, a renamed file, run from a subfolder: every changed
    report is linted (without -z git quotes such names and none of them matched)."""
    git = _git_repo(tmp_path)
    reports = tmp_path / "报告 2024"
    reports.mkdir()
    names = ["洪泽区人民政府.txt", "with space.txt", 'quo"te.txt', "tab\tback.txt", "unchanged.txt", "old name.txt"]
    for name in names:
        shutil.copy(SEED_002, reports / name)
    git("add", ".")
    git("commit", "-qm", "reports")
    for name in names[:4]:
        (reports / name).write_text(SEED_002.read_text(encoding="utf-8") + "\n补充说明。\n", encoding="utf-8")
    git("mv", "报告 2024/old name.txt", "报告 2024/新 名称.txt")
    shutil.copy(SEED_002, reports / "未跟踪的.txt")  # untracked, not ignored
    _, out, err = gik("check", "--format", "json", "--diff-base", "HEAD", ".", cwd=reports)
    linted = sorted(Path(f["path"]).name for f in json.loads(out)["files"])
    assert linted == sorted(names[:4] + ["新 名称.txt", "未跟踪的.txt"]), err


# --- rule documentation -----------------------------------------------------------------


def test_generated_rule_docs_are_current():
    from gik_lint.docs import rules_markdown
    from gik_lint.pipeline import Linter

    current = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert current == rules_markdown(Linter().rules.values()), "docs/rules.md is stale: gik-lint rules --format markdown > docs/rules.md"


def test_pre_commit_hook_is_declared():
    import yaml

    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "gik-lint" and hook["entry"].startswith("gik-lint check")


# --- fingerprints ------------------------------------------------------------------------


def _fingerprints(folder: Path, tmp: Path) -> dict[str, list[str]]:
    """Every finding's fingerprint in each output that carries one, for the reports in ``folder``."""
    reports = sorted(folder.glob("*.*"))
    out = {}
    files = json.loads(gik("check", "--format", "json", *reports)[1])["files"]
    out["json"] = [f["fingerprint"] for file in files for f in file["findings"]]
    sarif = json.loads(gik("check", "--format", "sarif", *reports)[1])
    out["sarif"] = [r["partialFingerprints"]["gikLint/v1"] for r in sarif["runs"][0]["results"]]
    out["gitlab"] = [i["fingerprint"] for i in json.loads(gik("check", "--format", "gitlab", *reports)[1])]
    gik("check", "--write-baseline", tmp / "baseline.json", *reports)
    out["baseline"] = [e["fingerprint"] for e in json.loads((tmp / "baseline.json").read_text(encoding="utf-8"))["entries"]]
    assert gik("audit", folder, "--out", tmp / "audit", "-j", "1")[0] == 0
    summary = json.loads((tmp / "audit" / "summary.json").read_text(encoding="utf-8"))
    out["audit"] = [f["fingerprint"] for file in summary["files"] for f in file["findings"]]
    return out


def test_fingerprints_survive_lines_added_above(tmp_path):
    # the same reports with two blank lines inserted near the top: every output keeps every
    # fingerprint, and no two findings of a report share one
    sources = [SEED_000, SHARED / "corpus" / "2016_heyuan_ggzy.txt", FIXTURES / "batch" / "county_2021.md",
               FIXTURES / "batch" / "county_2022_copied.md", FIXTURES / "batch" / "other_county_2022_copied.md"]
    before, after = {}, {}
    for name, found in (("before", before), ("after", after)):
        folder = tmp_path / name / "reports"
        folder.mkdir(parents=True)
        for source in sources:
            lines = source.read_text(encoding="utf-8").split("\n")
            if name == "after":
                lines[1:1] = ["", ""]
            (folder / source.name).write_text("\n".join(lines), encoding="utf-8")
        found.update(_fingerprints(folder, tmp_path / name))
    assert {k for k in before} == {"json", "sarif", "gitlab", "baseline", "audit"}
    for output in before:
        assert len(before[output]) > 20, output
        assert set(before[output]) == set(after[output]), output
        assert len(set(before[output])) == len(before[output]), output  # distinct
    assert set(before["json"]) == set(before["sarif"]) == set(before["gitlab"]) == set(before["baseline"])
    assert set(before["json"]) <= set(before["audit"])  # the audit adds its cross-report findings
    assert len(before["audit"]) > len(before["json"])


def test_fingerprint_is_the_problems_words_not_where_or_how_sure():
    from gik_lint.fingerprint import keys

    copy = {"similarity": 0.913, "other_report": "/batch/a/other.md", "passages": ["同一段 文字"]}
    moved = {"similarity": 0.927, "other_report": "C:\\batch\\b\\other.md", "passages": ["同一段文字"]}
    assert keys("县政府|2022", [("GIK404", None, copy)]) == keys("县政府|2022", [("GIK404", None, moved)])
    mention = {"mention": "网上申请数3条", "table_position": {"line": 10, "column": 2}}
    assert keys("r", [("GIK303", "applications", mention)]) == keys("r", [("GIK303", "applications", {**mention, "table_position": {"line": 12}})])
    # different words, different keys; the same words twice, two keys
    one, other = keys("r", [("GIK306", "overview", {"found": "XX"}), ("GIK306", "overview", {"found": "YY"})])
    assert one != other
    first, second = keys("r", [("GIK306", "overview", {"found": "XX"})] * 2)
    assert first != second and first == one


def test_a_file_nobody_could_assess_fails_the_gate(tmp_path):
    """A scanned PDF (no text layer) is one not-assessable finding; it fails `check` by
    default, and passes only where the configuration says so."""
    pdf = tmp_path / "scan.pdf"
    shutil.copy(FIXTURES / "formats" / "hostile" / "scanned_no_text_layer.pdf", pdf)
    code, out, _ = gik("check", "--format", "json", pdf)
    (finding,) = json.loads(out)["files"][0]["findings"]
    assert code == 1 and (finding["code"], finding["outcome"]) == ("GIK002", "not-assessable")
    (tmp_path / ".gik-lint.yaml").write_text("severity: {GIK002: warning}\n", encoding="utf-8")
    assert gik("check", pdf, cwd=tmp_path)[0] == 0
