"""The compiled rule-pack cache (packcache.py): a warm start parses nothing, an edited pack
is never served stale, and a cache that is broken, foreign or unwritable changes nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from conftest import CORPUS, FIXTURES, SEEDS

PROBE = (
    "import sys; from gik_lint.cli import main\n"
    "code = None\n"
    "try:\n    main(['check', sys.argv[1], '--format', 'json'])\n"
    "except SystemExit as exc:\n    code = exc.code\n"
    "print(sorted(m for m in ('yaml', 'lark', 'jinja2') if m in sys.modules), file=sys.stderr)\n"
)


def run(path, cache, **env):
    environ = {**os.environ, "GIK_LINT_CACHE_DIR": str(cache), **env}
    proc = subprocess.run([sys.executable, "-c", PROBE, str(path)], capture_output=True, text=True, env=environ)
    return json.loads(proc.stdout), proc.stderr.strip().splitlines()[-1]


def findings(output):
    return [(f["code"], f["line"], f["column"], f["message"]) for f in output["files"][0]["findings"]]


def test_a_warm_start_imports_no_parser(tmp_path):
    clean = FIXTURES / "tables" / "ok.md"
    cold, imported = run(clean, tmp_path)
    assert "yaml" in imported and "lark" in imported  # the packs parsed, the relations too
    assert (tmp_path / "packs.marshal").is_file()
    warm, imported = run(clean, tmp_path)
    assert imported == "[]"  # nothing parsed again; no message to render in a clean report
    assert warm == cold


def test_results_are_the_same_from_the_cache(tmp_path):
    for path in (CORPUS / "2023_huaian_hongze_district.pdf", CORPUS / "2013_pingtan_county.txt"):
        cold, _ = run(path, tmp_path / "one")
        warm, imported = run(path, tmp_path / "one")
        assert imported == "[]"  # its messages rendered from their trees: no Jinja2
        off, _ = run(path, tmp_path / "two", GIK_LINT_NO_CACHE="1")
        assert findings(cold) == findings(warm) == findings(off) and findings(cold)
    assert not (tmp_path / "two").exists()  # GIK_LINT_NO_CACHE: nothing written


def test_an_edited_pack_is_parsed_again(tmp_path, monkeypatch):
    monkeypatch.setenv("GIK_LINT_CACHE_DIR", str(tmp_path / "cache"))
    from gik_lint import packcache
    from gik_lint.packs import load_yaml

    monkeypatch.setattr(packcache, "_data", None)
    pack = tmp_path / "pack.yaml"
    pack.write_text("code: GIK901\nsummary: 旧的说明\n", encoding="utf-8")
    first = load_yaml(pack)
    first["summary"] = "changed by a caller"  # a caller's change never reaches the cache
    assert load_yaml(pack) == {"code": "GIK901", "summary": "旧的说明"}
    pack.write_text("code: GIK901\nsummary: 新的说明\n", encoding="utf-8")  # same name, same size class
    assert load_yaml(pack)["summary"] == "新的说明"


def test_a_broken_or_foreign_cache_is_ignored(tmp_path):
    path = FIXTURES / "tables" / "r1_fail.md"
    expected, _ = run(path, tmp_path / "fresh")
    for content in (b"", b"\x00garbage", (tmp_path / "fresh" / "packs.marshal").read_bytes()[:1000]):
        cache = tmp_path / f"broken{len(content)}"
        cache.mkdir()
        (cache / "packs.marshal").write_bytes(content)
        got, _ = run(path, cache)
        assert findings(got) == findings(expected)
    import marshal

    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "packs.marshal").write_bytes(marshal.dumps(("gik-lint 0.0.0 packs 1", {"yaml": {}, "safe": [], "expr": {}})))
    got, imported = run(path, foreign)
    assert findings(got) == findings(expected) and "yaml" in imported  # another version's: parsed afresh


def test_an_unwritable_cache_changes_nothing(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    environ = {**os.environ, "GIK_LINT_CACHE_DIR": str(blocked / "cache")}
    proc = subprocess.run([sys.executable, "-m", "gik_lint", "check", str(FIXTURES / "tables" / "r1_fail.md")],
                          capture_output=True, text=True, env=environ)
    assert proc.returncode == 1 and "GIK224" in proc.stdout and "Traceback" not in proc.stderr


PATTERNS = [
    (r"[\u4e00-\u9fff]+(?P<n>\d+)", 0),
    (r"(?<![\d.])\d{1,2}[.．、](?!\d)", 0),
    (r"""
        (?P<part>第(?P<part_n>[一二三四五六七八九十百零〇]+|\d{1,2})(?:部分|篇)[\s、.:]*)
      | (?P<cn>[一二三四五六七八九十]+)、
    """, __import__("re").X),
    (r"statistics?\s+table", __import__("re").I),
    (r"[ᄀ-ᅟ⺀-〾ぁ-㏿㐀-䶿一-鿿ꀀ-꓏가-힣豈-﫿︰-﹏＀-｠￠-￦𠀀-𿿽]+", 0),
    (r"^(?:(?!年报).){0,40}?(?:19|20)\d{2}\s*年$", __import__("re").M),
]
SAMPLES = ["第三部分 主动公开", "一、总体情况", "全年12条", "Statistics Table", "𠀀𠀀中文", "2.网上申请数", "某县2021年", "x"]


def test_patterns_from_the_cache_are_the_patterns(tmp_path, monkeypatch):
    import re

    from gik_lint import packcache

    monkeypatch.setenv("GIK_LINT_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(packcache, "_data", None)
    for pattern, flags in PATTERNS:
        packcache.compile_re(pattern, flags)
    packcache.save()
    monkeypatch.setattr(packcache, "_data", None)
    for pattern, flags in PATTERNS:
        assert packcache.get("re", f"{int(flags)}:{pattern}") is not None  # from the cache, not compiled again
        cached, fresh = packcache.compile_re(pattern, flags), re.compile(pattern, flags)
        assert (cached.pattern, cached.flags, cached.groups, cached.groupindex) == \
            (fresh.pattern, fresh.flags, fresh.groups, fresh.groupindex)
        for text in SAMPLES:
            a, b = cached.search(text), fresh.search(text)
            assert (a and (a.span(), a.groupdict())) == (b and (b.span(), b.groupdict())), (pattern, text)


def test_a_program_that_is_not_valid_is_compiled_afresh(tmp_path, monkeypatch):
    from gik_lint import packcache

    monkeypatch.setenv("GIK_LINT_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(packcache, "_data", None)
    packcache._load()["re"]["0:a+b"] = (32, [1, 2, 3, 999999], 0, {}, (None,))  # tampered: _sre refuses it
    assert packcache.compile_re("a+b").fullmatch("aab")


def test_the_command_ends_at_once_yet_loses_nothing(tmp_path):
    """``gik-lint`` (cli.run) leaves without taking the interpreter apart, but only after the
    exit handlers ran (the pack cache is written) and the output is flushed; exit codes stand."""
    environ = {**os.environ, "GIK_LINT_CACHE_DIR": str(tmp_path / "cache")}
    seed = SEEDS / "000_84cfd1913db39861.txt"
    proc = subprocess.run([sys.executable, "-m", "gik_lint", "check", "--format", "json", str(seed)],
                          capture_output=True, text=True, env=environ)
    assert proc.returncode == 1 and (tmp_path / "cache" / "packs.marshal").is_file()
    assert json.loads(proc.stdout)["files"][0]["findings"]  # the whole document, flushed
    clean = subprocess.run([sys.executable, "-m", "gik_lint", "check", str(FIXTURES / "tables" / "ok.md")],
                           capture_output=True, text=True, env=environ)
    assert clean.returncode == 0 and clean.stdout.rstrip().endswith("0 条提示")
    # a reader that stops early (`| head -1`) costs no traceback
    head = subprocess.run(f'"{sys.executable}" -m gik_lint check "{seed}" | head -1', shell=True,
                          capture_output=True, text=True, env=environ)
    assert head.stdout.count("\n") == 1 and "Traceback" not in head.stderr
