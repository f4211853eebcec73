"""The language server (pygls, over standard input and output).

Documents: the editor's buffers of ``.txt``/``.md``/``.html`` files (every suffix the text
and web-page readers take), and unsaved buffers whose language is plain text, Markdown or
HTML. A buffer is linted as it is in the editor, not as it is on disk: its text, as UTF-8
bytes, under its file's path, so that its configuration is found as ``check`` finds it
(the nearest ``.gik-lint.yaml`` or ``[tool.gik-lint]`` above its folder, or ``--config``;
an unsaved buffer is taken to be in the first workspace folder). A file the configuration
``exclude``s gets no diagnostics. A configuration file that changes is read again.

When: at once on open and on save; after a pause in typing on change (``debounce``,
300 ms); cleared on close. Each lint runs under the per-file time limit (``timeLimit``,
10 s). A document that cannot be linted — unreadable, over a limit, a broken
configuration, a crash — gets one diagnostic saying why (and a crash a log message with
its traceback); the server goes on with the others.

``initializationOptions`` (all optional): ``debounce`` (milliseconds, 0–10000),
``timeLimit`` (seconds), ``maxSize`` (MB), ``rulesUrl`` (where docs/rules.md is published:
each diagnostic's ``codeDescription`` links to its rule's anchor there; by default the
local docs/rules.md).
"""

from __future__ import annotations

import asyncio
import codecs
import math
import os
import re
import traceback
from pathlib import Path

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path, uri_scheme

from gik_lint import __version__
from gik_lint.lsp import actions
from gik_lint.lsp.positions import BOM, Lines, finding_range
from gik_lint.fix import FORMATS as FIX_FORMATS
from gik_lint.read import READERS
from gik_lint.records import record

SOURCE = actions.SOURCE
# the buffers' kinds, by suffix: what the text and web-page readers take
KINDS = {suffix: "markdown" if suffix in (".md", ".markdown") else reader
         for suffix, reader in READERS.items() if reader in ("text", "html")}
# an unsaved buffer's language (the editor's language id) -> the suffix it is read as
LANGUAGES = {"plaintext": ".txt", "text": ".txt", "markdown": ".md", "html": ".html"}
SEVERITY = {"error": types.DiagnosticSeverity.Error, "warning": types.DiagnosticSeverity.Warning,
            "info": types.DiagnosticSeverity.Information}
NO_CODE = "GIK000"  # what cannot be linted at all (as in the concise and SARIF outputs)


@record
class Options:
    debounce: float = 0.3  # seconds after the last change
    time_limit: float = 10.0  # seconds per lint
    max_size_mb: float = 50.0
    rules_url: str | None = None
    config: str | None = None  # --config FILE: one configuration for every document


@record
class Entry:
    """A diagnostic published, with what hover needs."""

    start: tuple[int, int]
    end: tuple[int, int]
    diagnostic: types.Diagnostic
    rule: object | None = None


class GikLanguageServer(LanguageServer):
    def __init__(self, config: str | None = None):
        super().__init__("gik-lint", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.options = Options(config=config)
        self._resolver = None
        self._timers: dict[str, asyncio.TimerHandle] = {}
        self._published: dict[str, list[Entry]] = {}
        self._stamps: dict[Path, tuple | None] = {}

    # options -------------------------------------------------------------------------
    def configure(self, given) -> None:
        """Take ``initializationOptions``; a value that cannot be meant is logged and left at its default."""
        from gik_lint.limit import MAX_SECONDS, MAX_SIZE_MB, MIN_SECONDS, MIN_SIZE_MB

        if not isinstance(given, dict):
            return
        numbers = (("debounce", "debounce", 0, 10_000, 1 / 1000), ("timeLimit", "time_limit", MIN_SECONDS, MAX_SECONDS, 1),
                   ("maxSize", "max_size_mb", MIN_SIZE_MB, MAX_SIZE_MB, 1))
        for key, attribute, least, most, scale in numbers:
            if key not in given:
                continue
            value = given[key]
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or not least <= value <= most:
                self.log(f"initializationOptions.{key} 应为 {least:g} 至 {most:g} 之间的数：{value!r}，已使用默认值", types.MessageType.Warning)
                continue
            setattr(self.options, attribute, value * scale)
        if isinstance(given.get("rulesUrl"), str) and given["rulesUrl"].strip():
            self.options.rules_url = given["rulesUrl"].strip()

    @property
    def encoding(self) -> str:
        found = self.workspace.position_encoding
        return str(getattr(found, "value", found) or "utf-16")

    def log(self, message: str, kind: types.MessageType = types.MessageType.Log) -> None:
        self.window_log_message(types.LogMessageParams(type=kind, message=message))

    # which documents, under which name -------------------------------------------------
    def target(self, document) -> tuple[str, str] | None:
        """The path a document is linted under and its kind, or None: not one of ours."""
        if uri_scheme(document.uri) == "file":
            path = to_fs_path(document.uri)
            kind = KINDS.get(os.path.splitext(path or "")[1].lower())
            return (os.path.abspath(path), kind) if path and kind else None
        suffix = LANGUAGES.get(document.language_id or "")
        if suffix is None:
            return None
        stem = re.sub(r"[^\w.-]+", "_", re.split(r"[/:]", document.uri)[-1]).strip("._") or "untitled"
        return os.path.join(self._folder(), stem + suffix), KINDS[suffix]

    def _folder(self) -> str:
        """Where an unsaved buffer is taken to be: the first workspace folder."""
        for folder in self.workspace.folders.values():
            path = to_fs_path(folder.uri)
            if path:
                return path
        return self.workspace.root_path or os.getcwd()

    # linting -------------------------------------------------------------------------
    def resolver(self):
        if self._resolver is None:
            from gik_lint.read import MIB, Limits
            from gik_lint.resolve import Flags, Resolver

            limits = Limits(max_bytes=max(1, int(self.options.max_size_mb * MIB)))
            self._resolver = Resolver(Flags(config=self.options.config), limits=limits)
        return self._resolver

    def lint_later(self, uri: str) -> None:
        self._cancel(uri)
        self._timers[uri] = asyncio.get_running_loop().call_later(self.options.debounce, self._fire, uri)

    def _fire(self, uri: str) -> None:
        self._timers.pop(uri, None)
        self.lint(uri)

    def _cancel(self, uri: str) -> None:
        timer = self._timers.pop(uri, None)
        if timer is not None:
            timer.cancel()

    def forget(self, uri: str) -> None:
        """A document closed: its diagnostics cleared."""
        self._cancel(uri)
        if self._published.pop(uri, None) is not None:
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    def lint(self, uri: str) -> None:
        """Lint the document now and publish its diagnostics; never raises for the document's sake."""
        from gik_lint.config import UsageError
        from gik_lint.limit import TimeUp, time_message
        from gik_lint.packs import PackError

        self._cancel(uri)
        document = self.workspace.text_documents.get(uri)
        if document is None:
            return
        try:
            target = self.target(document)
            if target is None:
                return
            entries = self._diagnose(document, *target)
        except TimeUp:
            entries = [self._problem(document, f"无法检查：{time_message(self.options.time_limit)}")]
        except (PackError, UsageError) as exc:
            entries = [self._problem(document, f"配置错误：{exc}")]
        except Exception as exc:  # noqa: BLE001 - one document's crash never stops the server
            self.log(f"检查 {uri} 时出错：\n{traceback.format_exc()}", types.MessageType.Error)
            entries = [self._problem(document, f"内部错误（请报告此问题）：{type(exc).__name__}: {exc}")]
        self._published[uri] = entries
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
            uri=uri, version=document.version, diagnostics=[e.diagnostic for e in entries]))

    def _diagnose(self, document, path: str, kind: str) -> list[Entry]:
        from gik_lint.limit import time_limit

        text = document.source
        if not text.strip():
            return []  # a new, empty buffer: nothing to say yet
        resolver = self.resolver()
        self._watch_configuration(document.uri, path)
        config = resolver.config_for(path)
        if _excluded(config, path):
            return []
        body = text[1:] if text.startswith(BOM) else text
        data = body.encode("utf-8", "replace")  # read as UTF-8: the first encoding the readers try
        if kind == "html":  # with the mark, so that a page's <meta charset="gb2312"> is not believed
            data = codecs.BOM_UTF8 + data
        with time_limit(self.options.time_limit):
            result = resolver.lint_bytes(data, path, config)
        if result.error:
            if result.error.startswith("内部错误"):
                self.log(f"检查 {document.uri} 时出错：{result.error}", types.MessageType.Error)
            return [self._problem(document, f"无法检查：{result.error}")]
        lines = Lines(text, self.encoding)
        rules = resolver.linter(config).rules
        report = result.report
        fallback = _fallback_line(report)
        starts = {b.line for b in report.document.blocks if b.line is not None and b.page is None}
        fixable = report.document.format in FIX_FORMATS
        return [self._entry(lines, f, rules.get(f.code), fallback, starts, fixable) for f in result.findings]

    def _entry(self, lines: Lines, f, rule, fallback: int, starts: set[int], fixable: bool = False) -> Entry:
        start, end = finding_range(lines, f.start, f.end, fallback)
        if f.start.line is None or f.start.page is not None:
            suppress = None  # no line of its own: the whole file only
        else:
            suppress = "next-line" if f.start.line in starts else "range"
        label = "无法评估：" if f.outcome == "not-assessable" else ""
        diagnostic = types.Diagnostic(
            range=_range(start, end),
            severity=SEVERITY.get(f.severity, types.DiagnosticSeverity.Information),
            code=f.code,
            code_description=types.CodeDescription(href=self._url(f.code)) if _shipped(rule) else None,
            source=SOURCE,
            message=f"{label}{f.message} [{f.name}]",
            data={"name": f.name, "basis": f.basis, "section": f.section, "outcome": f.outcome, "suppress": suppress,
                  # the finding's safe fix (check --fix's), as its edits in the source's coordinates
                  "fix": [[e.start_line, e.start_column, e.end_line, e.end_column, e.replacement, e.title, e.original]
                          for e in f.fix] if fixable and f.fix else None},
        )
        return Entry(start, end, diagnostic, rule)

    def _problem(self, document, message: str) -> Entry:
        """Why the document could not be linted: one error on its first line."""
        lines = Lines(document.source, self.encoding)
        start, end = lines.whole_line(1)
        diagnostic = types.Diagnostic(range=_range(start, end), severity=types.DiagnosticSeverity.Error,
                                      code=NO_CODE, source=SOURCE, message=message)
        return Entry(start, end, diagnostic)

    def _url(self, code: str) -> str:
        from gik_lint.docs import rules_url

        return rules_url(code, self.options.rules_url)

    def _watch_configuration(self, uri: str, path: str) -> None:
        """Read the configuration afresh when the file that applies to ``path`` changed (or
        another took its place), and lint the other open documents again."""
        from gik_lint import config as configuration

        folder = Path(path).parent
        source = Path(self.options.config) if self.options.config else configuration.find(folder)
        try:
            info = source.stat() if source else None
            stamp = (str(source), info.st_mtime_ns, info.st_size) if info else None
        except OSError:
            stamp = (str(source), None, None)
        if folder in self._stamps and self._stamps[folder] != stamp:
            self.resolver().forget_configs()
            self.log(f"配置已改变，重新读取：{source or '（无配置文件）'}")
            for other in list(self._published):
                if other != uri:
                    self.lint_later(other)
        self._stamps[folder] = stamp

    # hover ---------------------------------------------------------------------------
    def hover(self, uri: str, at: tuple[int, int]) -> types.Hover | None:
        from gik_lint.docs import explain_markdown

        hits = [e for e in self._published.get(uri, []) if e.start <= at <= e.end]
        if not hits:
            return None
        parts, explained = [], set()
        for e in hits:
            d = e.diagnostic
            data = d.data if isinstance(d.data, dict) else {}
            part = f"**{d.code}** {d.message}"
            if data.get("basis"):
                part += f"\n\n依据：{data['basis']}"
            parts.append(part)
        for e in hits:
            if e.rule is not None and e.rule.code not in explained:
                explained.add(e.rule.code)
                docs = explain_markdown(e.rule)
                if _shipped(e.rule):
                    docs += f"\n[文档 docs]({self._url(e.rule.code)})\n"
                parts.append(docs)
        return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value="\n\n---\n\n".join(parts)),
                           range=_range(hits[0].start, hits[0].end))

    # code actions ----------------------------------------------------------------------
    def code_actions(self, params: types.CodeActionParams) -> list[types.CodeAction] | None:
        document = self.workspace.text_documents.get(params.text_document.uri)
        target = self.target(document) if document is not None else None
        if target is None:
            return None
        buffer = actions.Document(document.uri, document.source, target[1], document.version, self.encoding)
        found = actions.actions_for(buffer, params.context.diagnostics, log=lambda m: self.log(m, types.MessageType.Error))
        return found or None


def _range(start: tuple[int, int], end: tuple[int, int]) -> types.Range:
    return types.Range(start=types.Position(line=start[0], character=start[1]),
                       end=types.Position(line=end[0], character=end[1]))


def _shipped(rule) -> bool:
    """Whether ``rule`` is one of gik-lint's own (documented in docs/rules.md), not a rule pack's."""
    if rule is None:
        return False
    from gik_lint.packs import rules_dir

    try:
        Path(rule.path).resolve().relative_to(rules_dir().resolve())
    except (ValueError, TypeError, OSError):
        return False
    return True


def _excluded(config, path: str) -> bool:
    """Whether the configuration's ``exclude`` leaves ``path`` out, or a folder it is in."""
    relative = config.relative(path) if config.exclude and config.path is not None else None
    if relative is None:
        return False
    if config.excludes(path, False):
        return True
    folders = relative.split("/")[:-1]
    return any(config.excludes(Path(config.root, *folders[:n]), True) for n in range(1, len(folders) + 1))


def _fallback_line(report) -> int:
    """Where a finding without a line goes: the title's line, else the first line with text."""
    blocks = report.document.blocks
    title = report.title
    if title is not None and 0 <= title.block < len(blocks) and blocks[title.block].line is not None:
        return blocks[title.block].line
    return next((b.line for b in blocks if b.line is not None), 1)


def make_server(config: str | None = None) -> GikLanguageServer:
    server = GikLanguageServer(config)

    @server.feature(types.INITIALIZE)
    def initialize(params: types.InitializeParams) -> None:
        server.configure(params.initialization_options)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(params: types.DidOpenTextDocumentParams) -> None:
        server.lint(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(params: types.DidChangeTextDocumentParams) -> None:
        server.lint_later(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=False))
    def did_save(params: types.DidSaveTextDocumentParams) -> None:
        server.lint(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(params: types.DidCloseTextDocumentParams) -> None:
        server.forget(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(params: types.HoverParams) -> types.Hover | None:
        return server.hover(params.text_document.uri, (params.position.line, params.position.character))

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]))
    def code_action(params: types.CodeActionParams) -> list[types.CodeAction] | None:
        return server.code_actions(params)

    return server


def serve(config: str | None = None) -> int:
    """Run the server on standard input and output until the client says exit."""
    make_server(config).start_io()
    return 0
