"""`gik-lint lsp` end to end: a client (pytest-lsp's, on pygls) starts the server as an
editor does, in its own process, and talks to it over standard input and output —
documents opened, changed, saved and closed, diagnostics received, hover and code actions
asked for, a quick fix applied. Positions are checked in UTF-16 code units, with
characters outside the Basic Multilingual Plane (𠀀, two units each) before the finding.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from lsprotocol import types
from pygls.protocol import default_converter
from pytest_lsp import ClientServerConfig, LanguageClient
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

from conftest import FIXTURES

SERVER = [sys.executable, "-m", "gik_lint", "lsp"]
PUBLISH = types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS
FORMATS = FIXTURES / "formats"
NARRATIVE = "（一）主动公开。𠀀𠀀全年主动公开政府信息共计100条，其中政策文件60条、政策解读50条。"


def defective_report() -> str:
    """The clean 2021 fixture with two defects: a total its parts do not make (GIK301, on
    line 9 after two characters outside the BMP) and part six missing (GIK101)."""
    lines = (FIXTURES / "reports" / "2021_county_gov_clean.txt").read_text(encoding="utf-8").splitlines()
    lines[next(i for i, line in enumerate(lines) if line.startswith("（一）主动公开。"))] = NARRATIVE
    six = lines.index("六、其他需要报告的事项")
    del lines[six : six + 4]  # the heading, its paragraph and the blank lines around it
    return "\n".join(lines) + "\n"


# the client ------------------------------------------------------------------------------
def _client() -> LanguageClient:
    """pytest-lsp's client, keeping every diagnostics notification in order (with its version)."""
    client = LanguageClient(converter_factory=default_converter)
    client.published = []

    def publish(client: LanguageClient, params: types.PublishDiagnosticsParams) -> None:
        client.diagnostics[params.uri] = params.diagnostics
        client.published.append(params)

    register_lsp_features(client, {**DEFAULT_CLIENT_FEATURES, PUBLISH: publish})
    return client


@contextlib.asynccontextmanager
async def session(root: Path, options: dict | None = None, command: list[str] | None = None, encodings=None):
    client = await ClientServerConfig(server_command=command or SERVER, client_factory=_client).start()
    capabilities = types.ClientCapabilities(general=types.GeneralClientCapabilities(position_encodings=encodings)) \
        if encodings else types.ClientCapabilities()
    try:
        result = await asyncio.wait_for(client.initialize_session(types.InitializeParams(
            capabilities=capabilities, root_uri=root.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name=root.name)],
            initialization_options=options or {})), 60)
        client.init_result = result
        yield client
        await asyncio.wait_for(client.shutdown_session(), 30)
    finally:
        server = client._server  # a test that failed half-way: its server told nothing, stopped here
        if server is not None and server.returncode is None:
            server.kill()
        await asyncio.wait_for(client.stop(), 30)


def open_document(client, path: Path, text: str, language: str = "plaintext", uri: str | None = None) -> str:
    uri = uri or path.as_uri()
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id=language, version=1, text=text)))
    return uri


def change(client, uri: str, version: int, changes: list) -> None:
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version), content_changes=changes))


def replace_all(text: str) -> list:
    return [types.TextDocumentContentChangeWholeDocument(text=text)]


async def published(client, uri: str, version: int | None = None, timeout: float = 60) -> list[types.Diagnostic]:
    """The diagnostics published for ``uri`` (at ``version``), waiting for them."""
    deadline = time.monotonic() + timeout
    while True:
        for params in client.published:
            if params.uri == uri and (version is None or params.version == version):
                return list(params.diagnostics)
        if time.monotonic() > deadline:
            raise AssertionError(f"no diagnostics for {uri} version {version}: {[(p.uri, p.version) for p in client.published]}")
        await asyncio.sleep(0.02)


def versions(client, uri: str) -> list:
    return [p.version for p in client.published if p.uri == uri]


def by_code(diagnostics, code: str) -> list[types.Diagnostic]:
    return [d for d in diagnostics if d.code == code]


# applying an edit as an editor does: positions in UTF-16 code units ------------------------
def _offset(text: str, position: types.Position) -> int:
    starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]
    offset = starts[position.line]
    units = 0
    while units < position.character:
        units += 2 if ord(text[offset]) > 0xFFFF else 1
        offset += 1
    return offset


def apply_edits(text: str, edits) -> str:
    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[: _offset(text, edit.range.start)] + edit.new_text + text[_offset(text, edit.range.end) :]
    return text


def as_changes(edits) -> list:
    """The edits as incremental changes, last first (so each range still holds when it is applied)."""
    ordered = sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True)
    return [types.TextDocumentContentChangePartial(range=e.range, text=e.new_text) for e in ordered]


async def actions(client, uri: str, diagnostic: types.Diagnostic) -> list[types.CodeAction]:
    return await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=diagnostic.range,
        context=types.CodeActionContext(diagnostics=[diagnostic]))) or []


def _edits(action: types.CodeAction, uri: str):
    return action.edit.changes[uri]


# the tests ---------------------------------------------------------------------------------
@pytest.mark.asyncio
async def test_diagnostics_at_utf16_ranges_then_quick_fix_updates_them(tmp_path):
    """The issue's done-when: a report with known defects, its diagnostics at the right
    UTF-16 ranges, a quick fix applied, the updated diagnostics received."""
    text = defective_report()
    path = tmp_path / "report.txt"
    async with session(tmp_path, {"debounce": 100}) as client:
        caps = client.init_result.capabilities
        assert caps.position_encoding == types.PositionEncodingKind.Utf16
        assert caps.hover_provider and caps.code_action_provider
        uri = open_document(client, path, text)
        diagnostics = await published(client, uri, 1)
        assert {d.code for d in diagnostics} == {"GIK301", "GIK101", "GIK305"}

        [total] = by_code(diagnostics, "GIK301")
        # line 9, columns 21-27 in characters: "共计100条" after "（一）主动公开。𠀀𠀀全年主动公开政府信息";
        # each 𠀀 is two UTF-16 units, so 22-28
        assert (total.range.start.line, total.range.start.character) == (8, 22)
        assert (total.range.end.line, total.range.end.character) == (8, 28)
        assert text.splitlines()[8].encode("utf-16-le")[22 * 2 : 28 * 2].decode("utf-16-le") == "共计100条"
        assert total.severity == types.DiagnosticSeverity.Warning and total.source == "gik-lint"
        assert total.code_description.href.endswith("rules.md#gik301")
        assert "[content.narrative-sum]" in total.message and total.data["name"] == "content.narrative-sum"

        [missing] = by_code(diagnostics, "GIK101")  # at the end of the last line: 2022年1月26日
        assert missing.severity == types.DiagnosticSeverity.Error
        assert (missing.range.start.line, missing.range.start.character) == (85, 10)

        hover = await client.text_document_hover_async(types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=8, character=24)))
        assert hover is not None and hover.contents.kind == types.MarkupKind.Markdown
        for words in ("GIK301", "content.narrative-sum", "What it checks", "Why", "Example", "依据"):
            assert words in hover.contents.value
        nothing = await client.text_document_hover_async(types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=3, character=0)))
        assert nothing is None

        offered = await actions(client, uri, total)
        titles = [a.title for a in offered]
        assert any("本行" in t for t in titles) and any("整个文件" in t for t in titles), titles
        assert all(a.kind == types.CodeActionKind.QuickFix for a in offered)
        line_fix = next(a for a in offered if "本行" in a.title)
        edits = _edits(line_fix, uri)
        fixed = apply_edits(text, edits)
        assert fixed.splitlines()[8] == "<!-- gik-lint disable-next-line GIK301 content.narrative-sum -->"

        change(client, uri, 2, as_changes(edits))  # as the editor sends it: incremental
        after = await published(client, uri, 2)
        assert not by_code(after, "GIK301")
        assert {d.code for d in after} == {"GIK101", "GIK305"}
        assert by_code(after, "GIK101")[0].range.start.line == 86  # one line further down
        assert by_code(after, "GIK305")[0].range == by_code(diagnostics, "GIK305")[0].range  # above the edit


@pytest.mark.asyncio
async def test_other_position_encodings_when_the_client_asks(tmp_path):
    """UTF-32 (code points) when the client prefers it; and the command's own options:
    --stdio (what some clients add), --config FILE for every document."""
    config = tmp_path / "team.yaml"
    config.write_text("ignore: [GIK305]\n", encoding="utf-8")
    command = [*SERVER, "--stdio", "--config", str(config)]
    async with session(tmp_path, command=command, encodings=[types.PositionEncodingKind.Utf32]) as client:
        assert client.init_result.capabilities.position_encoding == types.PositionEncodingKind.Utf32
        uri = open_document(client, tmp_path / "report.txt", defective_report())
        diagnostics = await published(client, uri, 1)
        assert {d.code for d in diagnostics} == {"GIK301", "GIK101"}
        [total] = by_code(diagnostics, "GIK301")
        assert (total.range.start.character, total.range.end.character) == (20, 26)  # code points


@pytest.mark.asyncio
async def test_file_suppression_and_a_comment_already_there(tmp_path):
    text = defective_report()
    async with session(tmp_path, {"debounce": 50}) as client:
        uri = open_document(client, tmp_path / "report.txt", text)
        [total] = by_code(await published(client, uri, 1), "GIK301")
        file_fix = next(a for a in await actions(client, uri, total) if "整个文件" in a.title)
        text = apply_edits(text, _edits(file_fix, uri))
        assert text.startswith("<!-- gik-lint disable-file GIK301 content.narrative-sum -->\n")
        change(client, uri, 2, as_changes(_edits(file_fix, uri)))
        after = await published(client, uri, 2)
        assert {d.code for d in after} == {"GIK101", "GIK305"}
        # the next rule disabled for the file goes into the same comment
        [fee] = by_code(after, "GIK305")
        fee_fix = next(a for a in await actions(client, uri, fee) if "整个文件" in a.title)
        text = apply_edits(text, _edits(fee_fix, uri))
        assert text.splitlines()[0] == "<!-- gik-lint disable-file GIK301 content.narrative-sum GIK305 content.fee-statement -->"
        change(client, uri, 3, replace_all(text))
        assert {d.code for d in await published(client, uri, 3)} == {"GIK101"}


@pytest.mark.asyncio
async def test_web_page_and_markdown_quick_fixes(tmp_path):
    """A web page's table row (not a line of text of its own: a disable/enable pair around
    it), a finding inside a long source line, the file's comment after <!DOCTYPE>; a
    Markdown table row (a line of its own: disable-next-line)."""
    page = (FORMATS / "2020_city_bureau_all_formats_review_total_wrong.html").read_text(encoding="utf-8")
    markdown = (FORMATS / "2020_city_bureau_all_formats_review_total_wrong.md").read_text(encoding="utf-8")
    async with session(tmp_path, {"debounce": 50}) as client:
        page_uri = open_document(client, tmp_path / "report.html", page, "html")
        md_uri = open_document(client, tmp_path / "report.md", markdown, "markdown")
        page_found = await published(client, page_uri, 1)
        md_found = await published(client, md_uri, 1)
        assert {d.code for d in page_found} == {"GIK210", "GIK224"} == {d.code for d in md_found}

        [blank] = by_code(page_found, "GIK210")
        assert blank.range.start.line == 70 and blank.data["suppress"] == "range"
        line_fix = next(a for a in await actions(client, page_uri, blank) if "本行" in a.title)
        page = apply_edits(page, _edits(line_fix, page_uri))
        lines = page.splitlines()
        assert lines[70] == "<!-- gik-lint disable GIK210 table.blank-cell -->" and lines[72] == "<!-- gik-lint enable GIK210 -->"
        change(client, page_uri, 2, as_changes(_edits(line_fix, page_uri)))
        after = await published(client, page_uri, 2)
        assert {d.code for d in after} == {"GIK224"}

        [total] = after
        assert total.range.start.line == 122 and total.range.start.character == 742  # 121:743, two lines further down
        file_fix = next(a for a in await actions(client, page_uri, total) if "整个文件" in a.title)
        page = apply_edits(page, _edits(file_fix, page_uri))
        assert page.splitlines()[:2] == ["<!DOCTYPE html>", "<!-- gik-lint disable-file GIK224 table.review-litigation-total -->"]
        change(client, page_uri, 3, as_changes(_edits(file_fix, page_uri)))
        assert await published(client, page_uri, 3) == []

        [md_blank] = by_code(md_found, "GIK210")
        assert (md_blank.range.start.line, md_blank.range.start.character) == (38, 16)
        assert md_blank.data["suppress"] == "next-line"
        md_fix = next(a for a in await actions(client, md_uri, md_blank) if "本行" in a.title)
        change(client, md_uri, 2, as_changes(_edits(md_fix, md_uri)))
        assert {d.code for d in await published(client, md_uri, 2)} == {"GIK224"}  # the table is still read


@pytest.mark.asyncio
async def test_debounced_changes_immediate_save_cleared_on_close(tmp_path):
    text = defective_report()
    fixed = text.replace("共计100条", "共计110条")
    async with session(tmp_path, {"debounce": 300}) as client:
        uri = open_document(client, tmp_path / "report.txt", text)
        assert by_code(await published(client, uri, 1), "GIK301")
        for version in (2, 3, 4):  # typing: one lint, after the pause, of the last version
            change(client, uri, version, replace_all(fixed if version == 4 else text + "。" * version))
        assert not by_code(await published(client, uri, 4), "GIK301")
        await asyncio.sleep(0.5)
        assert versions(client, uri) == [1, 4]

    async with session(tmp_path, {"debounce": 10_000}) as client:  # save lints at once, whatever the pause
        uri = open_document(client, tmp_path / "report.txt", text)
        await published(client, uri, 1)
        change(client, uri, 2, replace_all(fixed))
        await asyncio.sleep(0.3)
        assert versions(client, uri) == [1]
        start = time.monotonic()
        client.text_document_did_save(types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))
        assert not by_code(await published(client, uri, 2, timeout=8), "GIK301")
        assert time.monotonic() - start < 8

        client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))
        for _ in range(200):
            if client.published[-1].uri == uri and not client.published[-1].diagnostics:
                break
            await asyncio.sleep(0.02)
        assert client.published[-1].uri == uri and list(client.published[-1].diagnostics) == []


@pytest.mark.asyncio
async def test_several_documents_and_configuration_as_check_finds_it(tmp_path):
    """Each document under its own folder's configuration (.gik-lint.yaml found upwards, as
    `check` finds it), `exclude` honoured, an unsaved buffer under the workspace's, a
    configuration edited on disk read again; closing one leaves the others' diagnostics."""
    text = defective_report()
    (tmp_path / ".gik-lint.yaml").write_text("exclude: ['drafts/']\n", encoding="utf-8")
    quiet = tmp_path / "quiet"
    quiet.mkdir()
    (quiet / ".gik-lint.yaml").write_text("ignore: [GIK301]\n", encoding="utf-8")
    async with session(tmp_path, {"debounce": 50}) as client:
        top = open_document(client, tmp_path / "a.txt", text)
        inner = open_document(client, quiet / "deep" / "b.txt", text)
        draft = open_document(client, tmp_path / "drafts" / "c.txt", text)
        untitled = open_document(client, tmp_path, text, "markdown", uri="untitled:Untitled-1")
        other = open_document(client, tmp_path / "notes.log", text, "plaintext")  # a suffix no reader takes
        assert {d.code for d in await published(client, top, 1)} == {"GIK301", "GIK101", "GIK305"}
        assert {d.code for d in await published(client, inner, 1)} == {"GIK101", "GIK305"}
        assert await published(client, draft, 1) == []
        assert {d.code for d in await published(client, untitled, 1)} == {"GIK301", "GIK101", "GIK305"}

        (quiet / ".gik-lint.yaml").write_text("ignore: [GIK301, GIK305]\n", encoding="utf-8")
        change(client, inner, 2, replace_all(text + "\n"))
        assert {d.code for d in await published(client, inner, 2)} == {"GIK101"}

        client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=top)))
        for _ in range(200):
            if client.diagnostics.get(top) is not None and not client.diagnostics[top]:
                break
            await asyncio.sleep(0.02)
        assert list(client.diagnostics[top]) == [] and {d.code for d in client.diagnostics[untitled]} == {"GIK301", "GIK101", "GIK305"}
        assert other not in client.diagnostics


PATCHED = """
import os, sys, time
from gik_lint.resolve import Resolver
from gik_lint.lsp import main

lint_bytes = Resolver.lint_bytes

def patched(self, data, name, *args, **kwargs):
    if os.path.basename(name) == "broken.txt":
        raise RuntimeError("simulated crash")
    if os.path.basename(name) == "slow.txt":
        time.sleep(60)
    return lint_bytes(self, data, name, *args, **kwargs)

Resolver.lint_bytes = patched
sys.exit(main())
"""


@pytest.mark.asyncio
async def test_a_broken_document_never_stops_the_server(tmp_path):
    """A crash, a lint past the time limit, an unreadable buffer and a broken configuration:
    each its own document's one diagnostic (a crash also logged), the others linted as ever."""
    text = defective_report()
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / ".gik-lint.yaml").write_text("select: [GIK1O1]\n", encoding="utf-8")
    async with session(tmp_path, {"debounce": 50, "timeLimit": 1}, command=[sys.executable, "-c", PATCHED]) as client:
        broken = open_document(client, tmp_path / "broken.txt", text)
        [crash] = await published(client, broken, 1)
        assert crash.code == "GIK000" and crash.severity == types.DiagnosticSeverity.Error
        assert "内部错误" in crash.message and "simulated crash" in crash.message
        assert any("simulated crash" in m.message and "Traceback" in m.message for m in client.log_messages)

        slow = open_document(client, tmp_path / "slow.txt", text)
        [late] = await published(client, slow, 1)
        assert "时间上限" in late.message

        binary = open_document(client, tmp_path / "binary.txt", "\x00\x01" * 10)
        [unreadable] = await published(client, binary, 1)
        assert unreadable.message.startswith("无法检查") and unreadable.code == "GIK000"

        configured = open_document(client, bad / "d.txt", text)
        [wrong] = await published(client, configured, 1)
        assert wrong.message.startswith("配置错误") and "GIK1O1" in wrong.message

        good = open_document(client, tmp_path / "good.txt", text)
        assert {d.code for d in await published(client, good, 1)} == {"GIK301", "GIK101", "GIK305"}
        change(client, broken, 2, replace_all(text + "\n"))
        assert "内部错误" in (await published(client, broken, 2))[0].message  # still answering it too


def test_without_pygls_the_command_says_what_to_install(tmp_path):
    shim = tmp_path / "shim" / "pygls"
    shim.mkdir(parents=True)
    (shim / "__init__.py").write_text("raise ImportError('No module named pygls (simulated)')\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(shim.parent), os.environ["PYTHONPATH"]])}
    proc = subprocess.run(SERVER, capture_output=True, text=True, encoding="utf-8", env=env, stdin=subprocess.DEVNULL, timeout=60)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "pip install 'gik-lint[lsp]'" in proc.stderr


def test_check_does_not_import_the_language_server():
    script = (
        "import sys\n"
        "from gik_lint.cli import main\n"
        f"main(['check', {str(FIXTURES / 'reports' / '2021_county_gov_clean.txt')!r}])\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pygls', 'lsprotocol') or m.startswith('gik_lint.lsp')))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, encoding="utf-8").stdout
    assert out.strip().splitlines()[-1] == "[]"


# positions and actions on their own ----------------------------------------------------------
def test_code_units_per_encoding():
    from gik_lint.lsp.positions import units

    assert [units("𠀀", e) for e in ("utf-16", "utf-8", "utf-32")] == [2, 4, 1]
    assert [units("中a", e) for e in ("utf-16", "utf-8", "utf-32")] == [2, 4, 2]


def test_positions_lines_and_clamping():
    from gik_lint.lsp.positions import Lines, finding_range
    from gik_lint.read import Position

    lines = Lines("标题\r\nb𠀀c\rd𠀀\n")
    assert len(lines) == 4 and lines.line_ending == "\r\n"
    assert lines.position(2, 3) == (1, 3)  # after b and 𠀀 (two units)
    assert lines.position(3, 3) == (2, 3)  # a line ended by a lone CR is a line
    assert lines.position(2, 99) == (1, 4) and lines.position(99, 1) == (3, 0)  # clamped
    assert lines.offset_position(len("标题\r\nb𠀀")) == (1, 3)
    assert finding_range(lines, Position(2, 2), Position(2, 3)) == ((1, 1), (1, 3))
    assert finding_range(lines, Position(2, 3), Position(2, 1)) == ((1, 3), (1, 3))  # an end before the start
    assert finding_range(lines, Position(), Position(), fallback_line=1) == ((0, 0), (0, 2))  # no line: the whole title line
    assert finding_range(lines, Position(page=3), Position(page=3), fallback_line=3) == ((2, 0), (2, 3))
    assert finding_range(lines, Position(2, None), Position(2, None)) == ((1, 0), (1, 4))  # no column: the whole line
    marked = Lines("\ufeff𠀀标题\n正文")  # a byte-order mark in the buffer is not in the linted text
    assert marked.position(1, 2) == (0, 3) and marked.position(2, 1) == (1, 0)
    assert marked.whole_line(1) == ((0, 1), (0, 5))


def test_line_suppression_around_a_line_that_is_not_a_line_of_text(linter):
    """The disable/enable pair (for a line inside a joined paragraph or a web page's
    source) suppresses the finding on that line only, also on the last line of a file."""
    from gik_lint.lsp import actions
    from gik_lint.resolve import Resolver

    text = defective_report()
    resolver = Resolver()
    diagnostic = types.Diagnostic(range=types.Range(start=types.Position(line=8, character=22), end=types.Position(line=8, character=28)),
                                  message="", code="GIK301", source="gik-lint", data={"name": "content.narrative-sum", "suppress": "range"})
    [action] = actions.suppress_line(actions.Document("file:///r.txt", text, "text"), diagnostic)
    fixed = apply_edits(text, action.edit.changes["file:///r.txt"])
    assert fixed.splitlines()[8:11] == ["<!-- gik-lint disable GIK301 content.narrative-sum -->", NARRATIVE, "<!-- gik-lint enable GIK301 -->"]
    codes = [f.code for f in resolver.lint_bytes(fixed.encode("utf-8"), "/r.txt").findings]
    assert sorted(codes) == ["GIK101", "GIK305"]

    last = text.rstrip("\n") + "\n" + NARRATIVE  # the same defect on the last line, no line ending after it
    at = len(last.splitlines()) - 1
    assert "GIK301" in [f.code for f in resolver.lint_bytes(last.encode("utf-8"), "/r.txt").findings if f.start.line == at + 1]
    diagnostic.range = types.Range(start=types.Position(line=at, character=22), end=types.Position(line=at, character=28))
    [action] = actions.suppress_line(actions.Document("file:///r.txt", last, "text"), diagnostic)
    fixed = apply_edits(last, action.edit.changes["file:///r.txt"])
    assert fixed.endswith(NARRATIVE + "\n<!-- gik-lint enable GIK301 -->")
    assert [f.start.line for f in resolver.lint_bytes(fixed.encode("utf-8"), "/r.txt").findings if f.code == "GIK301"] == [9]


def test_a_failing_provider_leaves_the_others(tmp_path):
    from gik_lint.lsp import actions

    def broken(document, diagnostic):
        raise ValueError("boom")

    said = []
    diagnostic = types.Diagnostic(range=types.Range(start=types.Position(line=0, character=0), end=types.Position(line=0, character=1)),
                                  message="", code="GIK301", source="gik-lint", data={"name": "content.narrative-sum", "suppress": "next-line"})
    found = actions.actions_for(actions.Document("file:///r.txt", "标题\n", "text"), [diagnostic],
                                [broken, actions.suppress_file], log=said.append)
    assert [a.title for a in found] == ["在整个文件中禁用 GIK301 content.narrative-sum（插入抑制注释）"] and "boom" in said[0]
    other = types.Diagnostic(range=diagnostic.range, message="", code="E501", source="flake8")
    assert actions.actions_for(actions.Document("file:///r.txt", "标题\n", "text"), [other]) == []


@pytest.mark.asyncio
async def test_a_safe_fix_is_the_preferred_quick_fix(tmp_path):
    """The fix `check --fix` would make (the doubled 年 of the title) offered first, as the
    preferred quick fix; applied, the finding is gone and nothing else moved."""
    text = defective_report().replace("2021年政府信息公开工作年度报告", "2021年年政府信息公开工作年度报告", 1)
    async with session(tmp_path, {"debounce": 50}) as client:
        uri = open_document(client, tmp_path / "report.txt", text)
        diagnostics = await published(client, uri, 1)
        [doubled] = [d for d in by_code(diagnostics, "GIK010") if "年年" in d.message]
        offered = await actions(client, uri, doubled)
        assert offered[0].is_preferred and offered[0].title.startswith("修复：")
        assert not any(a.is_preferred for a in offered[1:]) and any("本行" in a.title for a in offered[1:])
        fixed = apply_edits(text, _edits(offered[0], uri))
        assert fixed == text.replace("2021年年", "2021年", 1)
        change(client, uri, 2, as_changes(_edits(offered[0], uri)))
        after = await published(client, uri, 2)
        assert not [d for d in by_code(after, "GIK010") if "年年" in d.message]
        assert {d.code for d in after} == {d.code for d in diagnostics} - {"GIK010"}
        # a finding without a fix offers only the suppressions
        [total] = by_code(after, "GIK301")
        assert not any(a.is_preferred for a in await actions(client, uri, total))
