"""Layout robustness in numbers: every report of ../shared/corpus and fixtures/reports, in
every layout variant of tests/layout_variants.py, against its baseline findings.

    python benchmarks/metamorphic.py [--details] [--only NAME]

Prints one row per report: for each variant ``added/lost/turned-not-assessable`` (``n/a``
where the variant cannot change the report, ``ERR`` where the variant could not be
linted), then the totals per variant, the most common kinds of added and lost findings
with an example each, and for the .pdf/.html/.docx reports how the findings on their
extracted text (the baseline the variants are compared with) differ from those on the
file itself. ``--details`` lists every added, lost and turned key. The comparison is the
one tests/test_metamorphic.py asserts (see tests/metamorphic_cases.py). Needs python-docx
and the [pdf] extra.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import metamorphic_cases as mc  # noqa: E402
from gik_lint.pipeline import Linter  # noqa: E402

SHORT = {"hard_wrap": "wrap", "collapse": "collapse", "cjk_spaces": "spaces", "fullwidth_digits": "fullwidth",
         "html": "html", "docx": "docx"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--details", action="store_true", help="list every added, lost and turned key")
    parser.add_argument("--only", help="only reports whose file name contains this")
    args = parser.parse_args(argv)

    start = time.perf_counter()
    cases = mc.Cases(Linter())
    sources = [s for s in mc.sources() if not args.only or args.only in s.id]
    totals = {v: Counter() for v in mc.VARIANTS}
    kinds: dict[tuple, list] = {}  # (change, variant, code) -> [(report, message)]
    not_applicable, details, extracted = [], [], []
    width = max(len(s.id) for s in sources) + 2
    print(f"{'report':<{width}}" + "".join(f"{SHORT[v]:>12}" for v in mc.VARIANTS))
    for source in sources:
        baseline = cases.baseline(source)
        cells = []
        for variant in mc.VARIANTS:
            _data, name, result, why = cases.variant(source, variant)
            if why is not None:
                not_applicable.append((source.id, variant, why))
                totals[variant]["n/a"] += 1
                cells.append("n/a")
                continue
            c = mc.compare(baseline, result)
            t = totals[variant]
            t["added"] += len(c.added)
            t["lost"] += len(c.lost)
            t["turned"] += len(c.turned_na)
            t["failing"] += not c.ok
            t["errors"] += bool(c.error)
            t["cases"] += 1
            cells.append("ERR" if c.error else f"{len(c.added)}/{len(c.lost)}/{len(c.turned_na)}")
            for change, entries in (("added", c.added), ("lost", c.lost)):
                for key, message in entries:
                    kinds.setdefault((change, variant, key[0]), []).append((source.id, message))
            if args.details and not c.ok or args.details and c.turned_na:
                details.append(f"{source.id} as {variant} ({name}):\n" + c.describe())
        print(f"{source.id:<{width}}" + "".join(f"{cell:>12}" for cell in cells))
        if source.extracted:
            extracted.append((source, mc.compare(cases.original(source), baseline)))

    print("-" * (width + 12 * len(mc.VARIANTS)))
    print(f"{'added':<{width}}" + "".join(f"{totals[v]['added']:>12}" for v in mc.VARIANTS))
    print(f"{'lost':<{width}}" + "".join(f"{totals[v]['lost']:>12}" for v in mc.VARIANTS))
    print(f"{'turned not-assessable':<{width}}" + "".join(f"{totals[v]['turned']:>12}" for v in mc.VARIANTS))
    print(f"{'failing / compared':<{width}}" + "".join(f"{totals[v]['failing']:>7}/{totals[v]['cases']:<4}" for v in mc.VARIANTS))
    added = sum(t["added"] for t in totals.values())
    lost = sum(t["lost"] for t in totals.values())
    turned = sum(t["turned"] for t in totals.values())
    failing = sum(t["failing"] for t in totals.values())
    compared = sum(t["cases"] for t in totals.values())
    print(f"\ntotal: {added} added, {lost} lost, {turned} turned not-assessable; "
          f"{failing} of {compared} report/variant pairs differ ({len(sources)} reports, {len(mc.VARIANTS)} variants)")

    if not_applicable:
        print("\nnot applicable (the variant cannot change the report):")
        for sid, variant, why in not_applicable:
            print(f"  {sid} / {variant}: {why}")

    if kinds:
        print("\nmost common kinds of added / lost findings (change, variant, code: count; example):")
        for (change, variant, code), entries in sorted(kinds.items(), key=lambda kv: (-len(kv[1]), kv[0])):
            sid, message = entries[0]
            print(f"  {change:<5} {variant:<16} {code}: {len(entries):>3}   e.g. {sid}: {message}")

    if extracted:
        print("\n.pdf/.html/.docx reports: findings on the extracted text (the baseline) against the file's own")
        for source, c in extracted:
            if c.ok and not c.turned_na:
                print(f"  {source.id}: the same")
                continue
            print(f"  {source.id}: {len(c.added)} more, {len(c.lost)} fewer, {len(c.turned_na)} turned not-assessable")
            for line in c.describe().splitlines():
                print("      " + line)

    if details:
        print("\ndetails:")
        for block in details:
            print(block)
            print()
    print(f"\n({time.perf_counter() - start:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
