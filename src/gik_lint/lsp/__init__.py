"""``gik-lint lsp``: a language server, so that an editor shows gik-lint's findings as the
report is written (diagnostics, hover with the rule's documentation, quick fixes that
suppress a finding). It needs pygls (``pip install 'gik-lint[lsp]'``), imported only
here, when the command runs: ``check`` never pays for it.

- :mod:`gik_lint.lsp.server`: the server, documents, debouncing, diagnostics, hover;
- :mod:`gik_lint.lsp.positions`: findings' positions to the protocol's (UTF-16) ranges;
- :mod:`gik_lint.lsp.actions`: code actions from a list of providers.
"""

from __future__ import annotations

import sys

EXIT_USAGE = 2


def main(config: str | None = None) -> int:
    try:
        import lsprotocol.types  # noqa: F401
        import pygls.lsp.server  # noqa: F401
    except ImportError as exc:
        print("gik-lint: 语言服务器需要 pygls，请安装：pip install 'gik-lint[lsp]'"
              f"（the language server needs pygls: {exc}）", file=sys.stderr)
        return EXIT_USAGE
    from gik_lint.lsp.server import serve

    return serve(config)
