from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# this checkout's sources in this process too (an editable install may point at another checkout)
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

from gik_lint.pipeline import Linter  # noqa: E402

SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
CORPUS = SHARED / "corpus"
FIXTURES = ROOT / "fixtures"

# `python -m gik_lint` in a subprocess runs these sources, from whatever folder it starts in
# (a relative PYTHONPATH=src, or none, would run an installed gik-lint in a temporary folder)
os.environ["PYTHONPATH"] = os.pathsep.join(
    [str(ROOT / "src"), *(os.path.abspath(p) for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p)]
)


@pytest.fixture(scope="session")
def linter() -> Linter:
    return Linter()


def lint_text(linter: Linter, text: str, name: str = "report.txt", regime: str | None = None, rules=None):
    from gik_lint.read import read_bytes

    document = read_bytes(text.encode("utf-8"), name)
    report = linter.analyse(document, regime)
    from gik_lint.check import run

    return report, run(report, linter.rules.values() if rules is None else rules)
