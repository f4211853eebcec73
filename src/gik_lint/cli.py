"""Command line: ``gik-lint check | inspect | rules | explain | audit | lsp …``.

Exit status: 0 when nothing at or above ``--fail-on`` was found, 1 when something was
(a file that could not be read counts as an error), 2 on a usage error or when no
input could be linted at all. Modules are imported per command, so a command does not
pay for what it does not use.
"""

from __future__ import annotations

import argparse
import os
import sys

from gik_lint import __version__
from gik_lint.limit import MAX_SECONDS, MAX_SIZE_MB, MIN_MEMORY_MB, MIN_SECONDS, MIN_SIZE_MB
from gik_lint.report import COLUMN_UNITS

REGIMES = ("2008", "2019", "2021")
EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def _parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The command line's parser: the command being run, with its options; every command,
    without their options, when none is named (for the help) or an unknown one. (Every
    option of every command would be built at every start.)"""
    parser = argparse.ArgumentParser(
        prog="gik-lint",
        description="政府信息公开工作年度报告合规检查 (compliance linter for government information-disclosure annual reports)",
        formatter_class=_Formatter,
    )
    parser.add_argument("--version", action="version", version=f"gik-lint {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    chosen = next((a for a in (sys.argv[1:] if argv is None else argv) if not a.startswith("-")), None)
    for name, (summary, options) in _COMMAND_LINES.items():
        if chosen in _COMMAND_LINES and name != chosen:
            continue  # listed only in the help without a command, or with an unknown one
        command = sub.add_parser(name, help=summary, formatter_class=_Formatter)
        if name == chosen:
            options(command)
    return parser


class _Formatter(argparse.HelpFormatter):
    """argparse's layout of help, the terminal's width found as shutil finds it but
    without importing shutil (argparse makes a formatter for every option it adds)."""

    def __init__(self, prog, indent_increment=2, max_help_position=24, width=None):
        if width is None:
            try:
                width = int(os.environ.get("COLUMNS", ""))
            except ValueError:
                width = 0
            if width <= 0:
                try:
                    width = os.get_terminal_size(sys.__stdout__.fileno()).columns
                except (AttributeError, ValueError, OSError):
                    width = 0
            width = (width or 80) - 2
        super().__init__(prog, indent_increment, max_help_position, width)


def _check_options(check) -> None:
    check.add_argument("paths", nargs="+", metavar="PATH", help="报告文件或文件夹；- 表示从标准输入读取")
    check.add_argument(
        "--format",
        choices=("text", "concise", "json", "sarif", "junit", "github", "gitlab"),
        help="输出格式 (default: text; github when GITHUB_ACTIONS is set)",
    )
    check.add_argument(
        "--column-unit",
        choices=COLUMN_UNITS,
        help="列号的单位：char 字符、byte UTF-8 字节、utf16 UTF-16 码元 (default: byte for concise, as Vim and Emacs count;"
             " utf16 for sarif; char otherwise)",
    )
    check.add_argument("--output", metavar="FILE", help="写入文件而不是标准输出")
    check.add_argument("--exit-zero", action="store_true", help="发现问题时退出码仍为 0（用法错误除外）")
    check.add_argument("--stdin-filename", metavar="NAME", help="从标准输入读取时报告所用的文件名（决定格式）")
    check.add_argument("--baseline", metavar="FILE", help="忽略基线文件中记录的问题，并报告过期的条目")
    check.add_argument("--write-baseline", metavar="FILE", help="把本次发现的问题写入基线文件")
    check.add_argument("--warn-unused-suppressions", action="store_true", help="报告没有抑制任何问题的抑制注释")
    check.add_argument("--diff-base", metavar="REF", help="只检查自 git 版本 REF 以来有改动的报告")
    check.add_argument("--fix", action="store_true",
                       help="自动修复可以确定的问题（标题中重复的字和多余的空格、章节标题的规范表述、缺少的统计期限说明），只修改 .txt 和 .md 文件；从标准输入读取时把修复后的文字写到标准输出")
    check.add_argument("--diff", action="store_true", help="只显示 --fix 会作的修改（统一差异格式），不写入文件")
    check.add_argument("--max-size", type=_max_size, default=50, metavar="MB", help="单个文件的大小上限 (default: 50 MB)")
    _time_limit_option(check)
    _ocr_options(check)
    check.add_argument("--published", metavar="YYYY-MM-DD", type=_date, help="报告的发布日期（用于检查是否按时发布）")
    check.add_argument("--published-list", metavar="CSV", help="各文件的发布日期：每行「文件名或路径,YYYY-MM-DD」")
    _configuration_options(check)
    check.add_argument(
        "--fail-on",
        choices=("error", "warning", "info"),
        help="达到该级别的问题使退出码为 1 (default: error, or the configuration's)",
    )


def _inspect_options(inspect) -> None:
    inspect.add_argument("path", metavar="FILE")
    inspect.add_argument("--format", choices=("text", "json"), default="text")
    inspect.add_argument("--max-size", type=_max_size, default=50, metavar="MB", help="文件的大小上限 (default: 50 MB)")
    _time_limit_option(inspect)
    _ocr_options(inspect)
    _configuration_options(inspect, selection=False, collecting=False)


def _rules_options(rules) -> None:
    rules.add_argument("--format", choices=("text", "json", "markdown"), default="text")


def _config_options(config) -> None:
    config.add_argument("--show", action="store_true", help="显示生效的配置")
    config.add_argument("--config", metavar="FILE")


def _audit_options(audit) -> None:
    audit.add_argument("inputs", nargs="+", metavar="PATH", help="报告所在的文件夹或报告文件，可以有多个")
    audit.add_argument("--out", required=True, metavar="DIR", help="结果目录：report.html、findings.csv、findings.xlsx、summary.json、history.sqlite")
    audit.add_argument("-j", "--jobs", type=_jobs, default=os.cpu_count() or 1, help="并行进程数 (default: all cores)")
    audit.add_argument("--db", metavar="FILE", help="审核历史数据库 (default: DIR/history.sqlite)")
    audit.add_argument("--compare", type=_run_number, metavar="RUN", help="与历史中第 RUN 次审核比较：新增、已解决、仍存在")
    audit.add_argument("--new-history", action="store_true",
                       help="从新的历史开始：原历史数据库（即使已损坏）改名保留，不删除")
    _configuration_options(audit)
    audit.add_argument("--organs", metavar="CSV", help="文件与机关（及发布日期）的对应表：文件,机关[,发布日期]")
    audit.add_argument("--published-list", metavar="CSV", help="各文件的发布日期：文件,YYYY-MM-DD")
    _time_limit_option(audit)
    _ocr_options(audit)
    audit.add_argument("--memory-limit", type=_memory_limit, metavar="MB",
                       help=f"每个进程的内存上限，至少 {MIN_MEMORY_MB} (default: 1024；可能进行文字识别时 {OCR_MEMORY_MB})")
    audit.add_argument("--scheduler", metavar="ADDRESS", help="在已有的 Dask 集群上运行（需要 gik-lint[dask]）")
    audit.add_argument("--letters", action="store_true",
                       help="为每个机关生成一份审核意见函（Word 文件，写入 DIR/letters/；需要 gik-lint[letters]）")
    audit.add_argument("--office", type=_office, metavar="NAME", help="函件落款的审核单位名称 (default: 【审核单位名称】)")


def _triage_options(triage) -> None:
    triage.add_argument("fingerprint", metavar="FINGERPRINT")
    decision = triage.add_mutually_exclusive_group(required=True)
    decision.add_argument("--confirm", action="store_true", help="确认是问题")
    decision.add_argument("--dismiss", action="store_true", help="排除（不是问题）")
    triage.add_argument("--note", help="说明")
    triage.add_argument("--db", required=True, metavar="FILE", help="审核历史数据库")


def _history_options(history) -> None:
    actions = history.add_subparsers(dest="action", metavar="ACTION", required=True)
    check_history = actions.add_parser("check", help="检查历史数据库是否完好，并列出其中的审核次数与复核结论数")
    check_history.add_argument("--db", required=True, metavar="FILE", help="审核历史数据库")
    backup = actions.add_parser("backup", help="把历史数据库备份到 FILE（审核进行中也可备份；不覆盖已有文件）")
    backup.add_argument("file", metavar="FILE")
    backup.add_argument("--db", required=True, metavar="FILE", help="审核历史数据库")


def _new_options(new) -> None:
    new.add_argument("--organ", required=True, type=_organ, metavar="NAME", help="机关名称，如 某县人民政府")
    new.add_argument("--year", required=True, type=_year, metavar="YYYY", help="报告年度（决定适用的格式：2008、2019 或 2021）")
    new.add_argument("--format", choices=("md", "docx"), help="md（Markdown，默认）或 docx（Word 文件，表格为真正的表格）；默认按 -o 的扩展名")
    new.add_argument("-o", "--output", metavar="FILE", help="写入文件（不覆盖已有文件）；默认写到标准输出")


def _lsp_options(lsp) -> None:
    lsp.add_argument("--stdio", action="store_true", help="通过标准输入输出通信（默认即如此）")
    lsp.add_argument("--config", metavar="FILE", help="配置文件，用于全部文档（默认：每个文档所在文件夹向上最近的 .gik-lint.yaml 或 pyproject.toml）")


def _explain_options(explain) -> None:
    explain.add_argument("rule", metavar="CODE", help="规则代码或名称，如 GIK101 或 structure.missing-section")


_COMMAND_LINES = {  # each command: its summary and its options
    "check": ("检查报告 (lint reports: files and folders; - for standard input)", _check_options),
    "inspect": ("显示识别出的标题、年度、格式和章节 (show what was recognised)", _inspect_options),
    "rules": ("列出全部规则 (list every rule)", _rules_options),
    "config": ("显示生效的配置及其来源 (show the effective configuration)", _config_options),
    "audit": ("批量审核文件夹中的全部报告 (batch audit: HTML, CSV, Excel, history)", _audit_options),
    "triage": ("记录对某个问题的复核结论 (keep a triage decision)", _triage_options),
    "history": ("检查或备份审核历史 (check or back up the audit history)", _history_options),
    "new": ("生成适用于该年度格式的空白年度报告 (a blank report in the year's format)", _new_options),
    "lsp": ("语言服务器，供编辑器使用 (language server over stdio; needs gik-lint[lsp])", _lsp_options),
    "explain": ("显示一条规则的说明 (show one rule's documentation)", _explain_options),
}


def _configuration_options(command, selection: bool = True, collecting: bool = True) -> None:
    """The options of every command that lints: they go over the configuration file's."""
    command.add_argument("--config", metavar="FILE", help="配置文件，用于全部报告（默认：每份报告所在文件夹向上最近的 .gik-lint.yaml 或 pyproject.toml）")
    command.add_argument("--regime", choices=REGIMES, help="指定适用的格式，不按报告年度推断")
    command.add_argument(
        "--deadline", action="append", default=[], metavar="KIND=MM-DD", type=_deadline,
        help="本地发布期限，KIND 为 government、department、other 或 default（可重复）",
    )
    if selection:
        command.add_argument("--select", type=_selectors, metavar="RULES", help="只运行这些规则（代码、名称或前缀，逗号分隔），代替配置中的 select")
        command.add_argument("--ignore", type=_selectors, default=[], action="extend", metavar="RULES", help="不运行这些规则（在配置的 ignore 之外）")
        command.add_argument("--extend-select", type=_selectors, default=[], action="extend", metavar="RULES", help="在 select 之外再运行这些规则")
    if collecting:
        command.add_argument("--no-respect-gitignore", dest="respect_gitignore", action="store_false",
                             help="从文件夹收集报告时不理会 .gitignore")


def _ocr_options(command) -> None:
    command.add_argument("--ocr", choices=("auto", "always", "never"), default="auto",
                         help="文字识别（需要 gik-lint[ocr]）：auto 识别没有文字层的 PDF 页面和图片，always 识别每一页，never 不识别 (default: auto)")
    command.add_argument("--ocr-max-pages", type=lambda text: _positive(text, "页数", 10_000), default=40, metavar="N",
                         help="单个文件最多识别的页数，超过则该文件无法评估 (default: 40)")
    command.add_argument("--ocr-page-seconds", type=_time_limit, default=60, metavar="SECONDS",
                         help="每识别一页，单个文件的时间上限增加的秒数 (default: 60)")


def _time_limit_option(command) -> None:
    command.add_argument("--time-limit", type=_time_limit, default=60, metavar="SECONDS",
                         help=f"单个文件的时间上限，{MIN_SECONDS:g} 至 {MAX_SECONDS} 秒 (default: 60)")


def _number(text: str, what: str) -> float:
    from gik_lint.limit import number

    try:
        return number(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{what}应为有限的数字：{text}") from None


def _time_limit(text: str) -> float:
    value = _number(text, "时间上限")
    if not MIN_SECONDS <= value <= MAX_SECONDS:
        raise argparse.ArgumentTypeError(f"时间上限应在 {MIN_SECONDS:g} 至 {MAX_SECONDS} 秒之间：{text}")
    return value


def _max_size(text: str) -> float:
    value = _number(text, "大小上限")
    if not MIN_SIZE_MB <= value <= MAX_SIZE_MB:
        raise argparse.ArgumentTypeError(f"大小上限应在 {MIN_SIZE_MB:g} 至 {MAX_SIZE_MB} MB 之间：{text}")
    return value


OCR_MEMORY_MB = 2560  # a worker that may OCR: ONNX Runtime reserves ~2 GB of address space for a page


def _ocr_installed() -> bool:
    from importlib.util import find_spec

    return find_spec("rapidocr_onnxruntime") is not None


def _memory_limit(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"内存上限应为整数（MB）：{text}") from None
    if value < MIN_MEMORY_MB:
        raise argparse.ArgumentTypeError(f"内存上限至少为 {MIN_MEMORY_MB} MB（更少时连检查程序本身也无法运行）：{text}")
    return value


def _name(what: str, most: int, joiner: str):
    """An argument type for a name on one line: white space collapsed (to ``joiner``), not
    empty, at most ``most`` characters."""

    def name(text: str) -> str:
        value = joiner.join(text.split())
        if not value:
            raise argparse.ArgumentTypeError(f"{what}不能为空")
        if len(value) > most:
            raise argparse.ArgumentTypeError(f"{what}过长（{len(value)} 个字符，至多 {most}）")
        return value

    return name


_office = _name("审核单位名称", 100, " ")  # --office: as a letter is signed
_organ = _name("机关名称", 60, "")  # --organ: as a report's title writes it


def _year(text: str) -> int:
    if not text.strip().isdigit() or len(text.strip()) != 4:
        raise argparse.ArgumentTypeError(f"年度应为四位数字：{text}")
    return int(text)


def _positive(text: str, what: str, most: int | None = None) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{what}应为正整数：{text}") from None
    if value < 1 or (most is not None and value > most):
        raise argparse.ArgumentTypeError(f"{what}应为 1 至 {most} 的整数：{text}" if most else f"{what}应为正整数：{text}")
    return value


def _jobs(text: str) -> int:
    return _positive(text, "并行进程数", 1024)


def _run_number(text: str) -> int:
    return _positive(text, "审核编号")


def _selectors(text: str) -> list[str]:
    return [s.strip() for s in text.split(",") if s.strip()]


def _flags(args):
    from gik_lint.resolve import Flags

    return Flags(
        config=args.config,
        select=tuple(args.select) if getattr(args, "select", None) is not None else None,
        ignore=tuple(getattr(args, "ignore", ())),
        extend_select=tuple(getattr(args, "extend_select", ())),
        deadlines=tuple(args.deadline),
        regime=args.regime,
        respect_gitignore=getattr(args, "respect_gitignore", True),
    )


def _date(text: str) -> str:
    import datetime
    import re

    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise argparse.ArgumentTypeError(f"日期应为 YYYY-MM-DD：{text}")
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"不存在的日期：{text}") from None
    return text


def _deadline(text: str) -> tuple[str, str]:
    import re

    from gik_lint.config import DEADLINE_KINDS, real_month_day

    kinds = "、".join(DEADLINE_KINDS)
    m = re.fullmatch(r"([^=]*)=(\d{2})-(\d{2})", text)
    if not m:
        raise argparse.ArgumentTypeError(f"应为 KIND=MM-DD（KIND：{kinds}）：{text}")
    if m.group(1) not in DEADLINE_KINDS:
        raise argparse.ArgumentTypeError(f"未知的机关类型「{m.group(1)}」（可用：{kinds}）：{text}")
    if not real_month_day(f"{m.group(2)}-{m.group(3)}"):
        raise argparse.ArgumentTypeError(f"不存在的月日「{m.group(2)}-{m.group(3)}」：{text}")
    return m.group(1), f"{m.group(2)}-{m.group(3)}"


def main(argv: list[str] | None = None) -> int:
    parser = _parser(argv)
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    from gik_lint.config import UsageError
    from gik_lint.packs import PackError

    try:
        return _COMMANDS[args.command](args)
    except PackError as exc:
        print(f"gik-lint: 配置或规则包错误：{exc}", file=sys.stderr)
        return EXIT_USAGE
    except UsageError as exc:
        print(f"gik-lint: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # e.g. piped into `head`
        sys.stderr.close()
        return EXIT_OK


def run() -> None:
    """The ``gik-lint`` command: :func:`main`, then out of the process at once.

    What remains to do at the end of a run is done first: the exit handlers run (the
    compiled pack cache is written), standard output and error are flushed. Then the
    process ends without taking the interpreter apart object by object, which costs a
    short run about a seventh of its time. Where anything else could still be running (a
    thread: the language server), or Python lacks what this needs, it exits as usual."""
    import atexit

    code = main()
    threads = sys.modules.get("threading")
    run_handlers = getattr(atexit, "_run_exitfuncs", None)
    if run_handlers is None or (threads is not None and threads.active_count() > 1):
        sys.exit(code)
    run_handlers()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (`| head`), a closed stream: nothing more to say
            pass
    os._exit(code)


def _linter():
    """The linter of the working directory's configuration: the rule packs it extends
    are listed and explained with the shipped rules."""
    from pathlib import Path

    from gik_lint.resolve import Resolver

    resolver = Resolver()
    return resolver.linter(resolver.config_in(Path.cwd()))


def _resolver(args, published=None):
    from gik_lint.resolve import Resolver

    return Resolver(_flags(args), published, _limits(args))


def _limits(args):
    """What one file may cost (--max-size) and how scans are read (--ocr, --ocr-max-pages)."""
    from gik_lint.read import MIB, Limits

    max_size = getattr(args, "max_size", None)
    size = {"max_bytes": max(1, int(max_size * MIB))} if max_size else {}
    return Limits(**size, ocr=getattr(args, "ocr", "auto"), ocr_max_pages=getattr(args, "ocr_max_pages", 40),
                  ocr_page_seconds=getattr(args, "ocr_page_seconds", 60.0))


def _check(args) -> int:
    import os
    from pathlib import Path

    from gik_lint.check import SEVERITY_RANK
    from gik_lint.files import check_target, write_text
    from gik_lint.pipeline import FileResult, collect, read_published_list
    from gik_lint.report import DEFAULT_COLUMNS, WITH_COLUMNS, renderer

    if args.format == "sarif" and args.column_unit == "byte":
        print("gik-lint: SARIF 的列号只能是字符或 UTF-16 码元（--column-unit char 或 utf16）", file=sys.stderr)
        return EXIT_USAGE
    published = {}
    if args.published_list:
        try:
            published = read_published_list(args.published_list)
        except (OSError, ValueError) as exc:
            print(f"gik-lint: 发布日期列表无法使用：{exc}", file=sys.stderr)
            return EXIT_USAGE
    if args.published:
        published["*"] = args.published
    for target, what in ((args.output, "输出文件"), (args.write_baseline, "基线文件")):
        if target:  # before the run spends its time: a folder that is not there, a device…
            check_target(target, what, [p for p in args.paths if p != "-"])
    resolver = _resolver(args, published)
    warn = args.warn_unused_suppressions
    fixing = args.fix or args.diff
    report_stream = sys.stdout
    if args.paths == ["-"]:
        data = _stdin(resolver.limits.max_bytes)
        name = args.stdin_filename or "stdin.txt"
        if fixing:
            outcome = _fix(args, resolver, data, name, name, warn)
            results = [outcome.initial if args.diff else outcome.result]
            _fix_report(args, outcome, name)
            if args.diff:
                sys.stdout.write(_unified_diff(outcome, name))
            else:  # the text, fixed, where it would have gone: standard output
                sys.stdout.flush()
                sys.stdout.buffer.write(outcome.data if outcome.changed else data)
                sys.stdout.buffer.flush()
            report_stream = None if args.diff else sys.stderr
        else:
            results = [_timed(args.time_limit, name, lambda: resolver.lint_bytes(data, name, warn_unused=warn))]
        inputs = []
    else:
        entries = collect(args.paths, resolver.skips)
        if args.diff_base:
            changed = _changed_since(args.diff_base)
            if changed is None:
                return EXIT_USAGE
            entries = [e for e in entries if e[0] is None or os.path.realpath(e[0]) in changed]
            if not entries:
                print(f"gik-lint: 自 {args.diff_base} 以来没有改动的报告", file=sys.stderr)
                return EXIT_OK
        if fixing:
            results = [FileResult(display, error=error) if error else _fix_path(args, resolver, path, display, warn)
                       for path, display, error in entries]
            report_stream = None if args.diff else sys.stdout
        else:
            results = [FileResult(display, error=error) if error else
                       _timed(args.time_limit, display, lambda: resolver.lint_path(path, display, warn_unused=warn))
                       for path, display, error in entries]
        inputs = [path for path, _, _ in entries if path is not None]
    if args.write_baseline or args.baseline:
        from gik_lint import baseline
    if args.write_baseline:
        count = baseline.write(Path(args.write_baseline), results, inputs)
        print(f"gik-lint: 已把 {count} 个问题写入基线 {args.write_baseline}", file=sys.stderr)
    stale = []
    if args.baseline:
        try:
            dropped, stale = baseline.apply(results, baseline.load(Path(args.baseline)))
        except (OSError, ValueError) as exc:
            print(f"gik-lint: 基线文件无法使用：{exc}", file=sys.stderr)
            return EXIT_USAGE
        print(f"gik-lint: 基线忽略了 {dropped} 个已知问题", file=sys.stderr)
        for entry in stale:
            print(f"gik-lint: 基线条目已过期（问题已不存在）：{entry.get('path', '')} {entry.get('code', '')} {entry.get('message', '')}",
                  file=sys.stderr)
    fmt = args.format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    render = renderer(fmt)
    options = {"columns": args.column_unit or DEFAULT_COLUMNS.get(fmt, "char")} if fmt in WITH_COLUMNS else {}
    if fmt == "text":
        options["colour"] = args.output is None and report_stream is sys.stdout and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    text = render(results, resolver.rules, **options)
    if args.output:
        write_text(args.output, text, "输出文件", inputs)
    elif report_stream is not None:
        report_stream.write(text)
    for r in results:
        if r.error:
            print(f"gik-lint: {r.path}: {r.error}", file=sys.stderr)
    if all(r.error for r in results):
        return EXIT_USAGE
    if args.exit_zero:
        return EXIT_OK

    def threshold(result) -> int:  # --fail-on, else the report's configuration's, else error
        return SEVERITY_RANK[args.fail_on or resolver.config_for(result.path).fail_on or "error"]

    failed = any(r.error for r in results) or any(
        SEVERITY_RANK[f.severity] >= threshold(r) for r in results for f in r.findings
    )
    return EXIT_FINDINGS if failed else EXIT_OK


def _fix(args, resolver, data: bytes, name: str, config_path, warn: bool):
    """The report's bytes fixed (check --fix / --diff): see gik_lint.fix.files."""
    from gik_lint.fix.files import fix_bytes

    config = resolver.config_for(config_path)
    fixable = {code for code, rule in resolver.linter(config).rules.items() if rule.fix}
    return fix_bytes(data, lambda b: _timed(args.time_limit, name, lambda: resolver.lint_bytes(b, name, config, warn_unused=warn)),
                     fixable)


def _fix_path(args, resolver, path, display: str, warn: bool):
    """One file fixed in place (--fix) or its fixes shown (--diff); the FileResult to report:
    of the file as fixed with --fix, as it is with --diff."""
    from gik_lint.config import UsageError
    from gik_lint.files import write_bytes
    from gik_lint.pipeline import FileResult
    from gik_lint.read import ReadError, read_limited

    try:
        data = read_limited(path, resolver.limits.max_bytes)
    except ReadError as exc:
        return FileResult(display, error=str(exc))
    outcome = _fix(args, resolver, data, display, path, warn)
    if args.diff:
        sys.stdout.write(_unified_diff(outcome, display))
        _fix_report(args, outcome, display)
        return outcome.initial
    if outcome.changed:
        try:
            write_bytes(path, outcome.data, "报告文件")
        except UsageError as exc:
            print(f"gik-lint: {display}: 未能写入修复：{exc}", file=sys.stderr)
            return outcome.initial
    _fix_report(args, outcome, display)
    return outcome.result


def _fix_report(args, outcome, display: str) -> None:
    """What --fix did to a file, or --diff would do (on standard error)."""
    if outcome.changed:
        verb = "可修复" if args.diff else "已修复"
        print(f"gik-lint: {display}: {verb} {len(outcome.edits)} 处（{outcome.summary()}）", file=sys.stderr)
    if outcome.refused:
        print(f"gik-lint: {display}: {outcome.refused}", file=sys.stderr)


def _unified_diff(outcome, display: str) -> str:
    """The fixes as a unified diff (nothing when there are none)."""
    import difflib

    if not outcome.changed:
        return ""
    out = []
    name = display.replace("\\", "/").lstrip("/")  # a/tmp/x.txt, as git writes a path (patch -p1 takes it)
    for line in difflib.unified_diff(outcome.before.splitlines(keepends=True), outcome.after.splitlines(keepends=True),
                                     f"a/{name}", f"b/{name}"):
        out.append(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def _stdin(max_bytes: int) -> bytes:
    """The report on standard input, never more than ``max_bytes`` + 1 bytes of it (more
    is refused as too large by the reader)."""
    from gik_lint.config import UsageError

    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:  # started with standard input closed
        raise UsageError("标准输入已关闭，无法读取报告（- 表示从标准输入读取）")
    try:
        return stream.read(max_bytes + 1)
    except (OSError, ValueError) as exc:
        raise UsageError(f"无法读取标准输入：{getattr(exc, 'strerror', None) or exc}") from None


def _timed(seconds: float | None, name: str, lint):
    """``lint()`` under the per-file time limit; past it, the file's error."""
    from gik_lint.limit import TimeUp, time_limit, time_message
    from gik_lint.pipeline import FileResult

    try:
        with time_limit(seconds):
            return lint()
    except TimeUp:
        return FileResult(name, error=time_message(seconds))


def _changed_since(ref: str) -> set[str] | None:
    """Real paths of the files changed (or untracked) since ``ref``, or None (said why).

    Git is asked for NUL-separated names (``-z``): without it, a name with a non-ASCII
    letter, a quote or a control character comes out quoted (``"\\346\\264\\252…"``) and
    would match nothing. A renamed file counts under its new name. Names are relative to the
    repository's top folder, whatever folder the run started in."""
    import os
    import subprocess

    def git(*args: str, cwd: str | None = None) -> list[str]:
        out = subprocess.run(["git", *args], capture_output=True, check=True, cwd=cwd).stdout
        return [os.fsdecode(name) for name in out.split(b"\0") if name]

    try:
        top = os.fsdecode(subprocess.run(["git", "rev-parse", "--show-toplevel"], capture_output=True, check=True).stdout[:-1])
        changed = git("diff", "--name-only", "-z", "--diff-filter=d", ref, "--", cwd=top)
        changed += git("ls-files", "-z", "--others", "--exclude-standard", cwd=top)
    except (OSError, subprocess.CalledProcessError) as exc:
        detail = exc.stderr.decode("utf-8", "replace") if isinstance(getattr(exc, "stderr", None), bytes) else str(exc)
        print(f"gik-lint: 无法取得自 {ref} 以来的改动：{detail.strip()}", file=sys.stderr)
        return None
    return {os.path.realpath(os.path.join(top, name)) for name in changed}


def _inspect(args) -> int:
    from pathlib import Path

    result = _timed(args.time_limit, args.path, lambda: _resolver(args).lint_path(Path(args.path), args.path))
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
    if args.format == "markdown":
        from gik_lint.docs import rules_markdown

        sys.stdout.write(rules_markdown(rules))
        return EXIT_OK
    if args.format == "json":
        import json

        data = [
            {"code": r.code, "name": r.name, "kind": r.kind, "severity": r.severity, "summary": r.summary, "gloss": r.gloss,
             "fixable": r.fix is not None}
            for r in rules
        ]
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return EXIT_OK
    for r in rules:  # 🔧: fixes what it finds (check --fix)
        print(f"{r.code}  {r.name:<38} {r.severity:<8} {r.kind:<20} {'🔧' if r.fix else '  '} {r.summary}")
    return EXIT_OK


def _explain(args) -> int:
    rules = _linter().rules
    wanted = args.rule.strip()
    rule = rules.get(wanted.upper()) or next((r for r in rules.values() if r.name == wanted), None)
    if rule is None:
        print(f"gik-lint: 没有规则「{wanted}」；用 gik-lint rules 查看全部规则", file=sys.stderr)
        return EXIT_USAGE
    from gik_lint.docs import explain_text

    sys.stdout.write(explain_text(rule))
    return EXIT_OK


def _config(args) -> int:
    from pathlib import Path

    from gik_lint import config as configuration
    from gik_lint.packs import PackError

    if args.config and not Path(args.config).is_file():
        raise PackError(args.config, "配置文件不存在")
    config = configuration.load(Path(args.config) if args.config else configuration.find(Path.cwd()))
    print(f"配置文件  {config.path or '（无，使用默认值）'}")
    values = {
        "select": config.select if config.select is not None else "（全部规则）",
        "ignore": config.ignore,
        "severity": config.severity,
        "overrides": [vars(o) for o in config.overrides],
        "regime": config.regime or "（按报告年度）",
        "deadlines": config.deadlines,
        "fail-on": config.fail_on or "error",
        "extends": [str(p) for p in config.extends],
        "exclude": config.exclude,
    }
    for key, value in values.items():
        source = config.sources.get(key) or config.sources.get(key.replace("-", "_")) or "默认值"
        print(f"{key:<10} {value}  ← {source}")
    return EXIT_OK


def _audit(args) -> int:
    from pathlib import Path

    from gik_lint.audit.command import audit, read_organs
    from gik_lint.audit.run import Options
    from gik_lint.pipeline import read_published_list

    inputs = [Path(name) for name in args.inputs]
    for path in inputs:
        if not path.exists():
            print(f"gik-lint: 路径不存在：{path}", file=sys.stderr)
            return EXIT_USAGE
    organs, published = {}, {}
    try:
        if args.organs:
            organs, published = read_organs(Path(args.organs))
        if args.published_list:
            published.update(read_published_list(args.published_list))
    except (OSError, ValueError) as exc:
        print(f"gik-lint: 对应表无法使用：{exc}", file=sys.stderr)
        return EXIT_USAGE
    memory = args.memory_limit or (OCR_MEMORY_MB if args.ocr != "never" and _ocr_installed() else 1024)
    options = Options(flags=_flags(args), time_limit=args.time_limit, memory_limit_mb=memory, published=published,
                      limits=_limits(args))
    if args.office and not args.letters:
        print("gik-lint: --office 只用于函件，请同时给出 --letters", file=sys.stderr)
        return EXIT_USAGE
    return audit(inputs, Path(args.out), max(1, args.jobs), Path(args.db) if args.db else None, args.compare, options,
                 organs, args.scheduler, args.new_history, letters=args.letters, office=args.office)


def _lsp(args) -> int:
    from gik_lint.lsp import main as serve

    return serve(args.config)


def _triage(args) -> int:
    from pathlib import Path

    from gik_lint.audit.command import triage

    return triage(Path(args.db), args.fingerprint, "confirmed" if args.confirm else "dismissed", args.note)


def _history(args) -> int:
    from pathlib import Path

    from gik_lint.audit.command import history_backup, history_check

    if args.action == "check":
        return history_check(Path(args.db))
    return history_backup(Path(args.db), Path(args.file))


def _new(args) -> int:
    """A blank report (gik_lint.new) to standard output or a new file, never over one."""
    from gik_lint.config import UsageError
    from gik_lint.files import write_new
    from gik_lint.new import blank_report, docx, markdown

    suffix = os.path.splitext(args.output or "")[1].lower()
    fmt = args.format or ("docx" if suffix == ".docx" else "md")
    if args.output and suffix in (".md", ".markdown", ".txt", ".docx") and (suffix == ".docx") != (fmt == "docx"):
        raise UsageError(f"--format {fmt} 与输出文件的扩展名 {suffix} 不符")
    linter = _linter()
    blank = blank_report(linter, args.organ, args.year)
    data = docx(blank) if fmt == "docx" else markdown(blank).encode("utf-8")
    regime = linter.regimes[blank.regime]
    if not args.output:
        if fmt == "docx" and sys.stdout.isatty():
            raise UsageError("Word 文件不能输出到终端，请用 -o FILE 写入文件")
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        write_new(args.output, data)
        print(f"gik-lint: 已生成 {args.output}（{blank.year}年度，{regime.name}）", file=sys.stderr)
    return EXIT_OK


_COMMANDS = {"check": _check, "inspect": _inspect, "rules": _rules, "explain": _explain, "config": _config,
             "audit": _audit, "triage": _triage, "history": _history, "new": _new, "lsp": _lsp}
