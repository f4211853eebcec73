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


_MAKE_SCANS = None


def make_scans():
    """fixtures/scans/make_scans.py as a module: the scanned-report generator (issue 17)."""
    global _MAKE_SCANS
    if _MAKE_SCANS is None:
        import importlib.util

        spec = importlib.util.spec_from_file_location("gik_make_scans", FIXTURES / "scans" / "make_scans.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # its dataclasses look their module up there
        spec.loader.exec_module(module)
        _MAKE_SCANS = module
    return _MAKE_SCANS


@pytest.fixture(scope="session")
def scans(tmp_path_factory) -> Path:
    """A folder with every scan make_scans makes from the three corpus PDFs: per source and
    variant (clean, degraded) the image-only PDF SOURCE.VARIANT.pdf and the page images
    SOURCE.VARIANT_pN.png|jpg (~18 MB, ~3 s; only a subset is committed in fixtures/scans)."""
    out = tmp_path_factory.mktemp("scans")
    make_scans().make_all(out, CORPUS)
    return out


def wait_for(condition, seconds: float) -> bool:
    """Whether ``condition()`` came true within ``seconds`` (polled every 50 ms)."""
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False
