"""Command line: ``gik-lint check | inspect | rules | explain``.

Exit status: 0 when nothing at or above ``--fail-on`` was found, 1 when something was
(a file that could not be read counts as an error), 2 on a usage error or when no
input could be linted at all. Modules are imported per command, so a command does not
pay for what it does not use.
"""

from __future__ import annotations

import argparse
import sys

from gik_lint import __version__

REGIMES = ("2008", "2019", "2021")
EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gik-lint",
        description="政府信息公开工作年度报告合规检查 (compliance linter for government information-disclosure annual reports)",
    )
    parser.add_argument("--version", action="version", version=f"gik-lint {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = sub.add_parser("check", help="检查报告 (lint reports: files and folders)")
    check.add_argument("paths", nargs="+", metavar="PATH", help="报告文件或文件夹")
    check.add_argument("--format", choices=("text", "json"), default="text", help="输出格式 (default: text)")
    check.add_argument("--regime", choices=REGIMES, help="指定适用的格式，不按报告年度推断")
    check.add_argument("--max-size", type=float, default=50, metavar="MB", help="单个文件的大小上限 (default: 50 MB)")
    check.add_argument("--published", metavar="YYYY-MM-DD", type=_date, help="报告的发布日期（用于检查是否按时发布）")
    check.add_argument("--published-list", metavar="CSV", help="各文件的发布日期：每行「文件名或路径,YYYY-MM-DD」")
    check.add_argument(
        "--deadline",
        action="append",
        default=[],
        metavar="KIND=MM-DD",
        type=_deadline,
        help="本地发布期限，KIND 为 government、department、other 或 default（可重复）",
    )
    check.add_argument(
        "--fail-on",
        choices=("error", "warning", "info"),
        default="error",
        help="达到该级别的问题使退出码为 1 (default: error)",
    )

    inspect = sub.add_parser("inspect", help="显示识别出的标题、年度、格式和章节 (show what was recognised)")
    inspect.add_argument("path", metavar="FILE")
    inspect.add_argument("--format", choices=("text", "json"), default="text")
    inspect.add_argument("--regime", choices=REGIMES)

    rules = sub.add_parser("rules", help="列出全部规则 (list every rule)")
    rules.add_argument("--format", choices=("text", "json"), default="text")

    explain = sub.add_parser("explain", help="显示一条规则的说明 (show one rule's documentation)")
    explain.add_argument("rule", metavar="CODE", help="规则代码或名称，如 GIK101 或 structure.missing-section")
    return parser


def _date(text: str) -> str:
    import re

    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise argparse.ArgumentTypeError(f"日期应为 YYYY-MM-DD：{text}")
    return text


def _deadline(text: str) -> tuple[str, str]:
    import re

    m = re.fullmatch(r"(government|department|other|default)=(\d{2}-\d{2})", text)
    if not m:
        raise argparse.ArgumentTypeError(f"应为 KIND=MM-DD（KIND：government、department、other、default）：{text}")
    return m.group(1), m.group(2)


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    from gik_lint.packs import PackError

    try:
        return _COMMANDS[args.command](args)
    except PackError as exc:
        print(f"gik-lint: 规则包错误：{exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # e.g. piped into `head`
        sys.stderr.close()
        return EXIT_OK


def _linter(regime: str | None = None, max_size_mb: float | None = None, published=None, deadlines=None):
    from gik_lint.pipeline import Linter
    from gik_lint.read import MIB, Limits

    limits = Limits(max_bytes=int(max_size_mb * MIB)) if max_size_mb else None
    return Linter(regime=regime, limits=limits, published=published, deadlines=deadlines)


def _check(args) -> int:
    from gik_lint.check import SEVERITY_RANK
    from gik_lint.pipeline import FileResult, collect

    from gik_lint.pipeline import read_published_list

    published = {}
    if args.published_list:
        try:
            published = read_published_list(args.published_list)
        except (OSError, ValueError) as exc:
            print(f"gik-lint: 发布日期列表无法使用：{exc}", file=sys.stderr)
            return EXIT_USAGE
    if args.published:
        published["*"] = args.published
    linter = _linter(args.regime, args.max_size, published, dict(args.deadline))
    results = []
    for path, display, error in collect(args.paths):
        results.append(FileResult(display, error=error) if error else linter.lint_path(path, display))
    if args.format == "json":
        from gik_lint.report.json_format import render_check
    else:
        from gik_lint.report.text_format import render_check
    sys.stdout.write(render_check(results))
    for r in results:
        if r.error:
            print(f"gik-lint: {r.path}: {r.error}", file=sys.stderr)
    if all(r.error for r in results):
        return EXIT_USAGE
    threshold = SEVERITY_RANK[args.fail_on]
    failed = any(r.error for r in results) or any(
        SEVERITY_RANK[f.severity] >= threshold for r in results for f in r.findings
    )
    return EXIT_FINDINGS if failed else EXIT_OK


def _inspect(args) -> int:
    from pathlib import Path

    linter = _linter(args.regime)
    result = linter.lint_path(Path(args.path), args.path)
    if args.format == "json":
        from gik_lint.report.json_format import render_inspect
    else:
        from gik_lint.report.text_format import render_inspect
    sys.stdout.write(render_inspect(result))
    if result.error:
        print(f"gik-lint: {result.path}: {result.error}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


def _rules(args) -> int:
    rules = _linter().rules.values()
    if args.format == "json":
        import json

        data = [
            {"code": r.code, "name": r.name, "kind": r.kind, "severity": r.severity, "summary": r.summary, "gloss": r.gloss}
            for r in rules
        ]
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return EXIT_OK
    for r in rules:
        print(f"{r.code}  {r.name:<38} {r.severity:<8} {r.kind:<20} {r.summary}")
    return EXIT_OK


def _explain(args) -> int:
    rules = _linter().rules
    wanted = args.rule.strip()
    rule = rules.get(wanted.upper()) or next((r for r in rules.values() if r.name == wanted), None)
    if rule is None:
        print(f"gik-lint: 没有规则「{wanted}」；用 gik-lint rules 查看全部规则", file=sys.stderr)
        return EXIT_USAGE
    print(f"{rule.code}  {rule.name}")
    print(f"{rule.summary}")
    print(f"{rule.gloss}")
    print()
    print(f"类型 kind      {rule.kind}")
    print(f"级别 severity  {rule.severity}")
    print(f"依据 basis     {rule.basis}")
    for key, label in (("what", "What it checks"), ("why", "Why"), ("example", "Example")):
        print()
        print(label)
        print("  " + rule.docs[key])
    return EXIT_OK


_COMMANDS = {"check": _check, "inspect": _inspect, "rules": _rules, "explain": _explain}
