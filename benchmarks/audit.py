"""Batch audit throughput: reports/s and peak memory of ``gik-lint audit`` over synthetic
corpora of N reports, with -j 1 and -j 2.

    python benchmarks/audit.py [--sizes 100 1000 10000] [--jobs 1 2] [--mix text|all] [--workdir DIR]

The corpus: three consecutive reports per organ (2020 on the 2019 format, 2021 and 2022 on
the 2021 format, figures that carry over from year to year, so the cross-year checks run),
about a quarter with an injected table defect, narratives composed from word pools so that
reports differ as real ones do.
``--mix all`` (the default) is 70% plain text, 20% web pages, 10% Word (minimal
WordprocessingML with merged table cells, written here); ``--mix text`` is plain text only.
Corpora are kept under --workdir and reused. Figures come from each run's summary.json ``stats``:
lint seconds (reading and linting, without the cross-report checks and the outputs), the CPU
time of that per report (main and worker processes together: steadier than the clock on a
shared machine), whole-run seconds, and the peak resident memory of the main and the largest
worker process.
"""

from __future__ import annotations

import argparse
import copy
import importlib.util
import json
import random
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("make_tables", ROOT / "fixtures" / "tables" / "make_tables.py")
tables = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(tables)

PLACES = "云溪泊宁安平河川桥石松柳梅兰竹清华明光永和长乐新丰山海湖江林泉阳城南北东西"
ORGANS = ["县人民政府", "市教育局", "区卫生健康委员会", "县自然资源局", "市生态环境局", "区民政局", "县交通运输局"]
OPENERS = ["围绕", "聚焦", "针对", "结合", "立足", "紧扣", "服务", "着眼", "按照", "对照"]
TOPICS = ["乡村振兴", "营商环境优化", "安全生产", "教育资助", "医疗救助", "农村低保", "生态环境保护", "重大建设项目",
          "惠企政策", "就业创业", "养老服务", "住房保障", "食品药品安全", "防汛抗旱", "城市更新", "公共文化服务"]
ACTIONS = ["发布各类政府信息", "推送政策解读材料", "公开办事指南", "更新公开目录", "回应网民留言", "公示资金发放明细",
           "开展政策宣讲", "组织业务培训", "召开新闻发布会", "设置公开专区"]
RESULTS = ["群众知晓率明显提高", "办事效率进一步提升", "社会关切得到及时回应", "公开内容更加规范",
           "监督渠道更加畅通", "政策落实更加精准", "基层公开水平稳步提升", "信息更新更加及时"]
DEFECTS = ["a1_fail", "a2_fail", "a3_fail", "r1_fail", "blank_row", "invalid_values", "missing_row"]


def _narrative(rng: random.Random, count: int) -> str:
    return "".join(f"{rng.choice(OPENERS)}{rng.choice(TOPICS)}工作，全年{rng.choice(ACTIONS)}{rng.randint(3, 3000)}次，"
                   f"{rng.choice(RESULTS)}。" for _ in range(count))


def _report(rng: random.Random, organ: str, year: int, variants: dict, valid: int) -> dict:
    name = rng.choice(DEFECTS) if rng.random() < 0.25 else "ok"
    d = copy.deepcopy(variants[name])
    apps = d["apps"]
    # the organ's years follow on: what a year carries over is what the year before carried forward
    # (the base's 结转下年度), 新收 moving with it so that each year balances as the variant does
    for i in range(6):
        shift = int(variants["ok"]["apps"]["carry_out"][i]) - int(apps["carry_in"][i])
        apps["carry_in"][i] = str(int(apps["carry_in"][i]) + shift)
        apps["new"][i] = str(int(apps["new"][i]) - shift)
    for key in ("carry_in", "new"):
        apps[key][6] = str(sum(int(v) for v in apps[key][:6]))
    if year < 2021:  # the 2019 format: one （六）其他处理 row, the 2019 proactive layout
        single = variants["single_other_row"]
        d["rows"], apps["other"] = single["rows"], single["apps"]["other"]
        d["proactive"] = copy.deepcopy(tables.PROACTIVE_2019)
    else:  # 现行有效件数 continues from the year before
        d["proactive"][0][2][1] = ("行政规范性文件", ["6", "1", str(valid)])
    tables.INTRO[:] = [
        f"{organ}{year}年政府信息公开工作年度报告",
        f"本报告所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。",
        "一、总体情况",
        f"{year}年，{organ}" + _narrative(rng, 6) + f"将政务公开纳入年度绩效考核，开展社会评议{rng.randint(1, 4)}次，全年未发生责任追究情况。",
    ]
    tables.OUTRO[:] = ["五、存在的主要问题及改进情况", _narrative(rng, 2), "六、其他需要报告的事项", "本年度未收取信息处理费。",
                       organ, f"{year + 1}年1月{rng.randint(10, 28)}日"]
    return d


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)


def _paragraph(text: str) -> str:
    return f"<w:p><w:r><w:t xml:space=\"preserve\">{escape(text)}</w:t></w:r></w:p>"


def _table(rows: list[list[str]], merges: list[tuple[int, int, int, int]]) -> str:
    starts = {(r0, c0): (r1, c1) for r0, c0, r1, c1 in merges}
    covered: dict[tuple[int, int], str | None] = {}  # slot -> "continue" (first column of a merge below its top) or None
    for r0, c0, r1, c1 in merges:
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                if (r, c) != (r0, c0):
                    covered[(r, c)] = "continue" if c == c0 else None
    out = ["<w:tbl>"]
    for r, row in enumerate(rows):
        out.append("<w:tr>")
        for c, value in enumerate(row):
            span = None
            if (r, c) in starts:
                (r1, c1), vmerge = starts[(r, c)], "restart" if starts[(r, c)][0] > r else None
                span = (c1 - c + 1, vmerge)
            elif covered.get((r, c)) == "continue":
                top = next((r0, c0, r1, c1) for r0, c0, r1, c1 in merges if c0 == c and r0 < r <= r1)
                span, value = (top[3] - c + 1, "continue"), ""
            elif (r, c) in covered:
                continue
            props = ""
            if span:
                props = (f'<w:gridSpan w:val="{span[0]}"/>' if span[0] > 1 else "") + (
                    '<w:vMerge w:val="restart"/>' if span[1] == "restart" else "<w:vMerge/>" if span[1] == "continue" else "")
            out.append(f"<w:tc><w:tcPr>{props}</w:tcPr>{_paragraph(value)}</w:tc>")
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def word(d: dict, path: Path) -> None:
    body = [_paragraph(line) for line in tables.INTRO]
    for heading, rows, merges in tables._grids(d):
        body += [_paragraph(heading), _table(rows, merges)]
    body += [_paragraph(line) for line in tables.OUTRO]
    document = ('<?xml version="1.0" encoding="UTF-8"?><w:document '
                'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
                + "".join(body) + "</w:body></w:document>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("word/document.xml", document)


def generate(folder: Path, n: int, mix: str) -> None:
    rng = random.Random(n)
    variants = tables.variants()
    folder.mkdir(parents=True)
    years = (2020, 2021, 2022)
    for i in range(n):
        year = years[i % len(years)]
        valid = 24 + 5 * (year - 2021)  # 6 made and 1 repealed a year
        organ_id = i // len(years)  # three consecutive reports per organ
        place = PLACES[organ_id // len(PLACES) % len(PLACES)] + PLACES[organ_id % len(PLACES)]
        organ = f"{place}{ORGANS[(organ_id // len(PLACES) ** 2) % len(ORGANS)]}"
        d = _report(rng, organ, year, variants, valid)
        stem = folder / f"{i:05d}_{year}"
        kind = "text" if mix == "text" else rng.choices(["text", "html", "docx"], weights=[7, 2, 1])[0]
        if kind == "text":
            stem.with_suffix(".txt").write_text(tables.text(d), encoding="utf-8")
        elif kind == "html":
            stem.with_suffix(".html").write_text(tables.webpage(d), encoding="utf-8")
        else:
            word(d, stem.with_suffix(".docx"))


def corpus(workdir: Path, n: int, mix: str) -> Path:
    folder = workdir / f"corpus-{mix}-{n}"
    if not folder.is_dir():
        print(f"generating {n} reports ({mix}) in {folder} ...", flush=True)
        partial = folder.with_name(folder.name + ".partial")
        shutil.rmtree(partial, ignore_errors=True)
        generate(partial, n, mix)
        partial.rename(folder)
    return folder


def measure(folder: Path, jobs: int) -> dict:
    with tempfile.TemporaryDirectory() as out:
        proc = subprocess.run([sys.executable, "-m", "gik_lint", "audit", str(folder), "--out", out, "-j", str(jobs)],
                              capture_output=True, text=True)
        if proc.returncode != 0:
            raise SystemExit(proc.stderr)
        summary = json.loads((Path(out) / "summary.json").read_text(encoding="utf-8"))
    return {**summary["stats"], "errors": summary["summary"]["not_assessable"]}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--mix", choices=["text", "all"], default="all")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "gik-lint-bench")
    args = parser.parse_args()
    print(f"{'N':>6} {'-j':>3} {'lint s':>8} {'reports/s':>10} {'/core':>7} {'cpu ms':>7} {'run s':>7} {'main MB':>8} {'worker MB':>10} {'unreadable':>10}")
    for n in args.sizes:
        folder = corpus(args.workdir, n, args.mix)
        for jobs in args.jobs:
            s = measure(folder, jobs)
            rate = s["linted"] / s["lint_seconds"]
            memory = s["peak_memory_mb"]
            cpu = 1000 * s["lint_cpu_seconds"] / s["linted"]  # per report: steadier than the clock on a shared machine
            print(f"{n:>6} {jobs:>3} {s['lint_seconds']:>8.1f} {rate:>10.1f} {rate / jobs:>7.1f} {cpu:>7.2f} {s['seconds']:>7.1f} "
                  f"{memory.get('main', 0):>8.0f} {memory.get('worker', 0):>10.0f} {s['errors']:>10}", flush=True)


if __name__ == "__main__":
    main()
