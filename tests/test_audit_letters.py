"""The audit's feedback letters (``gik-lint audit --letters``): one Word file per organ, its
findings in the order to fix them, dismissed findings left out, the office's name and the
run's date; each letter opens in LibreOffice (converted to PDF, its text holds every
finding's code and basis); without python-docx a clear message; an interrupted run never
leaves a half-written letters folder, and files of the user's in it are never deleted."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import docx  # the test extra installs it ([letters]); the CLI test below simulates its absence
import pytest

from conftest import CORPUS, FIXTURES, SEEDS, wait_for

RANK = {"错误": 0, "警告": 1, "提示": 2, "无法评估": 3}
HEAD = re.compile(r"^(\d+)\. (GIK\d{3})【(错误|警告|提示|无法评估)】")


def gik(*args, env=None, timeout=180):
    proc = subprocess.run([sys.executable, "-m", "gik_lint", *map(str, args)], capture_output=True, timeout=timeout,
                          env={**os.environ, **(env or {})})
    return proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")


def reports(folder: Path) -> Path:
    """Real reports of four organs (洪泽区 over two years), a report with findings no rule
    could assess, one of an unknown organ, a corrupt file and a title full of hostile text."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in (CORPUS / "2023_huaian_hongze_district.pdf", CORPUS / "2024_huaian_hongze_district.pdf",
                 CORPUS / "2013_pingtan_county.txt", SEEDS / "002_9129c6b43b32ee9a.txt",
                 FIXTURES / "flattened" / "inconsistent.txt", FIXTURES / "formats" / "hostile" / "scanned_no_text_layer.pdf"):
        shutil.copy(path, folder / path.name)
    (folder / "corrupt.pdf").write_bytes((CORPUS / "2024_huaian_city.pdf").read_bytes()[:4000])
    (folder / "hostile.md").write_text(
        "# 某县教育局\x0b2021年<script>=1+2</script>政府信息公开工作年度报告\n\n一、总体情况\n\n正文。\n", encoding="utf-8")
    return folder


def summary_of(out: Path) -> dict:
    return json.loads((out / "summary.json").read_text(encoding="utf-8"))


def letter(path: Path) -> list[tuple[str, str]]:
    """A letter's paragraphs: (style, text)."""
    return [(p.style.name, p.text) for p in docx.Document(str(path)).paragraphs]


def parts(path: Path) -> dict[str, list[dict]]:
    """A letter's findings by report file: number, code, severity, message, and the paragraphs after it."""
    found: dict[str, list[dict]] = {}
    current = None
    for style, text in letter(path):
        if style == "Heading 1":
            current = None
        elif text.startswith("文件：") and current is None:
            current = found.setdefault(text[3:], [])
        elif current is not None and style == "Finding":
            match = HEAD.match(text)
            assert match, text
            current.append({"number": int(match[1]), "code": match[2], "severity": match[3], "head": text, "lines": []})
        elif current is not None and current and style == "Finding Detail":
            assert text[:3] in ("问题：", "位置：", "证据：", "依据：", "复核意"), text
            current[-1]["lines"].append(text)
            if text.startswith("问题："):
                current[-1]["message"] = text[3:]
    return found


def letters_of(out: Path) -> list[Path]:
    return sorted((out / "letters").glob("*.docx"))


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def lettered(tmp_path_factory):
    folder = reports(tmp_path_factory.mktemp("reports"))
    out = tmp_path_factory.mktemp("audit") / "out"
    code, stdout, stderr = gik("audit", folder, "--out", out, "-j", "2", "--letters")
    return folder, out, code, stdout, stderr


def test_one_letter_per_organ(lettered):
    _, out, code, stdout, stderr = lettered
    assert code == 0, stderr
    assert "Traceback" not in stderr
    names = {p.name for p in letters_of(out)}
    assert {"淮安市洪泽区人民政府-2023-2024.docx", "平潭县人民政府-2013.docx", "河源市公共资源交易中心-2016.docx",
            "机关未识别-corrupt.docx", "机关未识别-scanned_no_text_layer.docx"} <= names
    summary = summary_of(out)
    organs = {f.get("identity") or f.get("agency") or f["path"] for f in summary["files"]}
    assert len(names) == len(organs)  # one letter per organ; the unidentified ones one per file
    assert f"{len(names)} 份" in stdout and "【审核单位名称】" in stdout
    hongze = letter(out / "letters" / "淮安市洪泽区人民政府-2023-2024.docx")
    assert hongze[0] == ("Title", "关于淮安市洪泽区人民政府2023年、2024年政府信息公开工作年度报告审核意见的函")
    assert hongze[1][1] == "淮安市洪泽区人民政府："
    assert [text for style, text in hongze if style == "Heading 1"] == ["一、2023年度报告", "二、2024年度报告"]
    texts = [text for _, text in hongze]
    assert "【审核单位名称】" in texts  # the office's name, to be filled in
    started = sqlite3.connect(out / "history.sqlite").execute("SELECT started FROM runs").fetchone()[0]
    year, month, day = (int(x) for x in started[:10].split("-"))
    assert f"{year}年{month}月{day}日" in texts  # the run's date
    corrupt = " ".join(text for _, text in letter(out / "letters" / "机关未识别-corrupt.docx"))
    assert "【报送单位名称】" in corrupt and "该文件无法读取" in corrupt and "PDF" in corrupt
    for path in letters_of(out):  # names every system takes
        assert not re.search(r'[\\/:*?"<>|\x00-\x1f]', path.name) and len(path.stem) <= 60


def test_findings_in_the_order_to_fix(lettered):
    _, out, *_ = lettered
    summary = summary_of(out)
    by_file = {Path(f["path"]).name: f for f in summary["files"]}
    seen = set()
    for path in letters_of(out):
        for name, items in parts(path).items():
            seen.add(name)
            row = by_file[name]
            assert [item["number"] for item in items] == list(range(1, len(items) + 1))
            ranks = [RANK[item["severity"]] for item in items]
            assert ranks == sorted(ranks), (path.name, name)  # errors, then warnings, then info, then 需人工核对
            # every finding of the report, none twice; within a group in the report's order
            expected = []
            for severity, label in (("error", "错误"), ("warning", "警告"), ("info", "提示")):
                group = [f for f in row["findings"] if f.get("outcome", "fail") == "fail" and f["severity"] == severity]
                expected += [(f["code"], label, f["message"]) for f in sorted(
                    group, key=lambda f: (f.get("page") or 0, f.get("line") or 0, f.get("column") or 0))]
            manual = [f for f in row["findings"] if f.get("outcome") == "not-assessable"]
            expected += [(f["code"], "无法评估", f["message"]) for f in sorted(
                manual, key=lambda f: (f.get("page") or 0, f.get("line") or 0, f.get("column") or 0))]
            assert [(i["code"], i["severity"], " ".join(i["message"].split())) for i in items] == \
                [(c, s, " ".join(m.split())) for c, s, m in expected], (path.name, name)
            for item in items:
                assert any(line.startswith("依据：") for line in item["lines"])
    assert seen == set(by_file)  # every report is in a letter
    # the findings no rule could assess, in their own part, last
    inconsistent = letter(out / "letters" / "某县人民政府-2022.docx")
    headings = [text for style, text in inconsistent if style == "Heading 2"]
    assert headings and "需人工核对" in headings[-1]
    pingtan = [text for _, text in letter(out / "letters" / "平潭县人民政府-2013.docx")]
    assert any(re.fullmatch(r"审核结果：\d+ 个错误、\d+ 个警告、\d+ 条提示。", t) for t in pingtan)
    assert any(t.startswith("位置：第") and "行" in t for t in pingtan)
    assert any(t.startswith("证据：") and t.endswith("。") for t in pingtan)  # evidence as sentences


def test_a_hostile_title_is_text_in_the_letter(lettered):
    _, out, *_ = lettered
    (path,) = [p for p in letters_of(out) if "教育局" in p.name]
    text = " ".join(t for _, t in letter(path))
    assert "<script>=1+2</script>" in text and "\x0b" not in text


def test_dismissed_findings_are_left_out_and_confirmed_ones_marked(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(CORPUS / "2023_huaian_hongze_district.pdf", folder)
    out = tmp_path / "out"
    assert gik("audit", folder, "--out", out, "-j", "1", "--letters")[0] == 0
    findings = summary_of(out)["files"][0]["findings"]
    dismissed, kept = [f for f in findings if f["code"] == "GIK224"]
    confirmed = next(f for f in findings if f["code"] == "GIK304")
    db = out / "history.sqlite"
    assert gik("triage", dismissed["fingerprint"], "--dismiss", "--note", "误报", "--db", db)[0] == 0
    assert gik("triage", confirmed["fingerprint"], "--confirm", "--note", "复核属实", "--db", db)[0] == 0
    code, stdout, stderr = gik("audit", folder, "--out", out, "-j", "1", "--letters", "--office", "淮安市人民政府办公室")
    assert code == 0, stderr
    (path,) = letters_of(out)
    texts = [text for _, text in letter(path)]
    joined = "\n".join(texts)
    assert dismissed["message"] not in joined and "误报" not in joined
    assert kept["message"] in joined
    (head,) = [t for t in texts if HEAD.match(t) and "GIK304" in t]
    assert head.endswith("（经复核确认）") and "复核意见：复核属实" in texts
    assert "审核结果：1 个错误、1 个警告、2 条提示。" in texts  # counted without the dismissed finding
    assert "淮安市人民政府办公室" in texts and "【审核单位名称】" not in joined
    started = sqlite3.connect(db).execute("SELECT started FROM runs ORDER BY id DESC").fetchone()[0]
    year, month, day = (int(x) for x in started[:10].split("-"))
    assert texts[texts.index("淮安市人民政府办公室") + 1] == f"{year}年{month}月{day}日"
    assert docx.Document(str(path)).core_properties.author == "淮安市人民政府办公室"


def _soffice() -> str:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    pytest.fail("LibreOffice is needed for this test: the test command installs it (see README)")


def _pdf_text(path: Path) -> str:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        return "".join(page.get_textpage().get_text_range() for page in pdf)
    finally:
        pdf.close()


def test_the_letters_open_in_libreoffice(lettered, tmp_path):
    _, out, *_ = lettered
    office = _soffice()
    letters = letters_of(out)
    pdfs = tmp_path / "pdf"
    profile = tmp_path / "profile"  # a profile of its own: parallel runs do not clash
    run = subprocess.run([office, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                          "--convert-to", "pdf", "--outdir", str(pdfs), *map(str, letters)],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    summary = summary_of(out)
    by_file = {Path(f["path"]).name: f for f in summary["files"]}
    checked = 0
    for path in letters:
        pdf = pdfs / (path.stem + ".pdf")
        assert pdf.is_file() and pdf.stat().st_size > 2000, (path.name, run.stdout[-2000:], run.stderr[-2000:])
        text = "".join(_pdf_text(pdf).split())  # lines broken anywhere: compared without white space
        assert "".join(letter(path)[0][1].split()) in text  # the title, in Chinese
        assert "【审核单位名称】" in text
        for name in parts(path):
            for f in by_file[name]["findings"]:
                assert f["code"] in text, (path.name, f["code"])
                assert "".join(f["basis"].split()) in text, (path.name, f["code"], f["basis"])
                checked += 1
    assert checked >= 30


def test_without_python_docx_letters_are_a_clear_message(tmp_path):
    folder = reports(tmp_path / "reports")
    shim = tmp_path / "shim" / "docx"
    shim.mkdir(parents=True)
    (shim / "__init__.py").write_text("raise ImportError('No module named docx (simulated)')\n", encoding="utf-8")
    env = {"PYTHONPATH": os.pathsep.join([str(shim.parent), os.environ["PYTHONPATH"]])}
    out = tmp_path / "out"
    code, stdout, stderr = gik("audit", folder, "--out", out, "-j", "1", "--letters", env=env)
    assert code == 2 and "Traceback" not in stderr, stderr
    assert "python-docx" in stderr and "pip install 'gik-lint[letters]'" in stderr and "未审核" in stderr
    assert not out.exists()  # nothing written
    code, _, stderr = gik("audit", folder, "--out", out, "-j", "1", env=env)  # without --letters: no need of it
    assert code == 0, stderr
    assert not (out / "letters").exists()
    code, _, stderr = gik("audit", folder, "--out", out, "--office", "某办公室")
    assert code == 2 and "--letters" in stderr


def test_a_later_run_replaces_the_letters_and_keeps_the_users_files(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(CORPUS / "2013_pingtan_county.txt", folder)
    out = tmp_path / "out"
    assert gik("audit", folder, "--out", out, "-j", "1", "--letters")[0] == 0
    (path,) = letters_of(out)
    (out / "letters" / "我的笔记.txt").write_text("给平潭县的补充意见", encoding="utf-8")
    with open(path, "ab") as fh:  # the office edited the letter (as Word saves it, in place)
        fh.write(b"\0edited")
    edited = digest(path)
    shutil.copy(SEEDS / "002_9129c6b43b32ee9a.txt", folder)
    code, _, stderr = gik("audit", folder, "--out", out, "-j", "1", "--letters")
    assert code == 0, stderr
    names = sorted(p.name for p in (out / "letters").iterdir())
    assert names == sorted([".gik-lint-letters.json", "平潭县人民政府-2013.docx", "平潭县人民政府-2013（修改稿）.docx",
                            "河源市公共资源交易中心-2016.docx", "我的笔记.txt"])
    assert digest(out / "letters" / "平潭县人民政府-2013（修改稿）.docx") == edited and "已保留" in stderr
    docx.Document(str(out / "letters" / "平潭县人民政府-2013.docx"))  # the new letter, whole
    # a run without --letters: the old letters go (they are not this run's), the user's files stay
    code, _, stderr = gik("audit", folder, "--out", out, "-j", "1")
    assert code == 0, stderr
    assert sorted(p.name for p in (out / "letters").iterdir()) == ["平潭县人民政府-2013（修改稿）.docx", "我的笔记.txt"]
    # a letters folder of the user's in a folder that is not an audit's: refused
    mine = tmp_path / "mine"
    (mine / "letters").mkdir(parents=True)
    code, _, stderr = gik("audit", folder, "--out", mine, "--letters")
    assert code == 2 and "为免覆盖" in stderr


def test_a_kill_while_the_letters_are_written_leaves_the_last_letters(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    for path in (CORPUS / "2013_pingtan_county.txt", SEEDS / "002_9129c6b43b32ee9a.txt"):
        shutil.copy(path, folder)
    out = tmp_path / "out"
    assert gik("audit", folder, "--out", out, "-j", "1", "--letters")[0] == 0
    first = {p.name: digest(p) for p in (out / "letters").iterdir()}
    shutil.copy(CORPUS / "2023_huaian_hongze_district.pdf", folder)  # run 2 has other letters
    staged = out / ".gik-lint-tmp-letters"
    proc = subprocess.Popen([sys.executable, "-m", "gik_lint", "audit", str(folder), "--out", str(out), "-j", "1", "--letters"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, "GIK_LINT_TEST_PAUSE": "letter=5"})
    try:
        assert wait_for(lambda: staged.is_dir() and any(staged.glob("*.docx")), 120)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    # the letters folder is run 1's, whole and alone
    assert {p.name: digest(p) for p in (out / "letters").iterdir()} == first
    assert summary_of(out)["run"] == 1
    code, _, stderr = gik("audit", folder, "--out", out, "-j", "1", "--letters")
    assert code == 0, stderr
    assert not list(out.glob(".gik-lint-tmp-*"))
    assert len(letters_of(out)) == 3 and "洪泽区人民政府-2023.docx" in {p.name for p in letters_of(out)}
    manifest = json.loads((out / "letters" / ".gik-lint-letters.json").read_text(encoding="utf-8"))
    assert manifest["run"] == summary_of(out)["run"] == 3


@pytest.mark.parametrize("killed_after", ["carrying", "set-aside", "swapped"])
def test_an_interrupted_letters_replacement_is_completed_by_the_next_run(tmp_path, killed_after):
    from gik_lint.audit import staging

    out = tmp_path / "out"
    live, new, aside = out / "letters", out / ".gik-lint-tmp-letters", out / ".gik-lint-tmp-letters-old"

    def folder_of(where: Path, run: int, names: list[str]) -> None:
        where.mkdir(parents=True)
        for name in names:
            (where / name).write_text(f"run {run}", encoding="utf-8")
        manifest = {name: hashlib.sha256(f"run {run}".encode()).hexdigest() for name in names}
        (where / staging.LETTERS_MANIFEST).write_text(json.dumps({"tool": "gik-lint", "run": run, "letters": manifest}),
                                                      encoding="utf-8")

    folder_of(live, 1, ["甲-2023.docx", "乙-2023.docx"])
    (live / "mine.txt").write_text("the user's", encoding="utf-8")
    folder_of(new, 2, ["甲-2023.docx", "丙-2024.docx"])
    staging._write_marker(out, state="replacing", run=2, files=["letters"], remove=[])
    if killed_after in ("set-aside", "swapped"):
        os.replace(live / "mine.txt", new / "mine.txt")
        os.replace(live, aside)
    if killed_after == "swapped":
        os.replace(new, live)
    note = staging.claim(out)
    assert note and "补全" in note
    assert sorted(p.name for p in live.iterdir()) == sorted([staging.LETTERS_MANIFEST, "甲-2023.docx", "丙-2024.docx", "mine.txt"])
    assert (live / "甲-2023.docx").read_text(encoding="utf-8") == "run 2"
    assert (live / "mine.txt").read_text(encoding="utf-8") == "the user's"
    assert not list(out.glob(".gik-lint-tmp-*"))


def test_letter_file_names_are_safe_and_unique():
    from gik_lint.audit.letters import clean, file_names, safe_name

    assert safe_name('a/b\\c:d*e?f"g<h>i|j\x01') == "a_b_c_d_e_f_g_h_i_j"
    assert safe_name("CON") == "_CON" and safe_name("nul.txt") == "_nul.txt"
    assert safe_name("报告. ") == "报告" and safe_name("...") == "报告"
    assert len(safe_name("很长的机关名称" * 30)) == 60
    rows = [{"path": "a.txt", "identity": "X局", "agency": "X局", "year": 2023},
            {"path": "b.txt", "identity": "x局", "agency": "x局", "year": 2023},
            {"path": "c.txt", "identity": "某" * 80, "agency": "某" * 80, "year": 2022},
            {"path": "d.txt", "identity": "某" * 80 + "乙", "agency": "某" * 80 + "乙", "year": 2022},
            {"path": "dir/e:f.pdf"}]
    from gik_lint.audit.letters import organs

    names = file_names(organs(rows))
    assert len({n.casefold() for n in names}) == len(names) == 5
    assert all(len(n) <= 60 + len("-2.docx") for n in names)
    assert "机关未识别-e_f.docx" in names
    assert clean("a\x00b\x0c c\ud800\n\td") == "ab c? d"
