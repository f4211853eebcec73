from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# the compiled rule-pack cache of this test run (in-process and in every subprocess): never the
# user's own, and cold at the start of each run so that the parsing paths run too
if "GIK_LINT_CACHE_DIR" not in os.environ:
    import tempfile

    os.environ["GIK_LINT_CACHE_DIR"] = tempfile.mkdtemp(prefix="gik-lint-test-cache-")
if sys.path[:1] != [str(ROOT / "src")]:  # in-process tests, too, run these sources, not an installed gik-lint
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
