"""The .gitignore patterns of ``exclude``, ``overrides`` and ``.gitignore`` files, matched as git matches them."""

from __future__ import annotations

import subprocess

import pytest

from gik_lint.ignore import GitIgnores, Patterns

PATTERNS = [
    "*.log", "/build/", "docs/*.txt", "**/drafts", "archive/**", "a/**/b.txt", "!keep.log", "tmp?/", "[ab]c.txt",
    "x\\*y.txt", "# comment", "", "trailing.txt   ", "sub/deep/",
]
PATHS = [
    "app.log", "logs/app.log", "keep.log", "logs/keep.log", "build/r.txt", "src/build/r.txt", "docs/a.txt",
    "docs/sub/a.txt", "drafts/r.txt", "x/drafts/r.txt", "archive/2020/r.txt", "archive.txt", "a/b.txt", "a/x/y/b.txt",
    "tmp1/r.txt", "tmp12/r.txt", "ac.txt", "cc.txt", "x*y.txt", "xzy.txt", "trailing.txt", "sub/deep/r.txt",
    "other/sub/deep/r.txt", "报告/洪泽 区.txt",
]


def test_the_same_answers_as_git(tmp_path):
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    (tmp_path / ".gitignore").write_text("\n".join(PATTERNS) + "\n", encoding="utf-8")
    for path in PATHS:
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text("x", encoding="utf-8")
    out = subprocess.run(["git", "check-ignore", "--no-index", "-z", "--stdin"], cwd=tmp_path, input="\0".join(PATHS).encode(),
                         capture_output=True).stdout
    by_git = {p for p in out.decode("utf-8").split("\0") if p}
    ignores = GitIgnores(tmp_path)
    ours = {p for p in PATHS if any(ignores.ignores(tmp_path / "/".join(p.split("/")[:n]), n < len(p.split("/")))
                                    for n in range(1, len(p.split("/")) + 1))}
    assert ours == by_git
    assert {"app.log", "build/r.txt", "docs/a.txt", "archive/2020/r.txt", "a/x/y/b.txt"} <= by_git  # the test tests something


@pytest.mark.parametrize("pattern,path,expected", [
    ("archive/*", "archive/r.txt", True),
    ("archive/*", "archive/2020/r.txt", False),  # * stops at /
    ("archive/**", "archive/2020/r.txt", True),
    ("archive/", "archive/2020/r.txt", True),
    ("*.txt", "a/b/r.txt", True),  # no slash: at any depth
    ("/r.txt", "a/r.txt", False),
])
def test_per_path_settings(pattern, path, expected):
    assert Patterns([pattern]).matches_file(path) is expected
