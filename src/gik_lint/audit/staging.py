"""How an audit's outputs reach its folder: written under temporary names (the letters as a
temporary folder), then put in place together, so that a folder never holds two runs'
outputs side by side and a run that is killed leaves the last complete one."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from pathlib import Path

from gik_lint import __version__


# A run's outputs: written under temporary names, then renamed into place together, so
# that a folder never holds two runs' outputs side by side. The marker file says the folder
# is gik-lint's and where the last run got to ("running", "replacing", "complete").
MARKER = ".gik-lint-run.json"
TEMPORARY = ".gik-lint-tmp-"
PER_RUN = ("report.html", "findings.csv", "findings.xlsx", "summary.json", "compare.json")
# The letters to organs (--letters): a folder, staged whole as TEMPORARY + "letters" and
# swapped in on publish. Its manifest names the letters gik-lint wrote, with their digests:
# anything else in it (a file of the user's, a letter edited since) is the user's, never deleted.
LETTERS = "letters"
LETTERS_MANIFEST = ".gik-lint-letters.json"


def _marker(folder: Path) -> dict | None:
    try:
        data = json.loads((folder / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("tool") == "gik-lint" else None


def _write_marker(folder: Path, **data) -> None:
    temporary = folder / (TEMPORARY + MARKER)
    with open(temporary, "w", encoding="utf-8") as fh:
        json.dump({"tool": "gik-lint", "version": __version__, **data}, fh, ensure_ascii=False)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(temporary, folder / MARKER)


def is_audit_output(folder: Path) -> bool:
    """Whether ``folder`` holds an earlier audit's results: its marker file (a run that was
    interrupted included), or the summary.json of a version from before the marker."""
    if _marker(folder) is not None:
        return True
    try:
        return json.loads((folder / "summary.json").read_text(encoding="utf-8")).get("tool", {}).get("name") == "gik-lint"
    except (OSError, ValueError, AttributeError):
        return False


def claim(folder: Path) -> str | None:
    """Before a run writes anything into ``folder`` (checked to be ours or free of clashes):
    complete a replacement that was interrupted, drop an interrupted run's temporary
    files, and mark the folder as gik-lint's. Returns a note when it repaired something."""
    marker = _marker(folder)
    note = None
    if marker and marker.get("state") == "replacing":  # killed while renaming: finish it
        files, remove = marker.get("files", []), marker.get("remove", [])
        if LETTERS in files or LETTERS in remove:
            swap_letters(folder, replace=LETTERS in files)
        for name in files:
            staged = folder / (TEMPORARY + name)
            if name in PER_RUN and staged.exists():
                os.replace(staged, folder / name)
        for name in remove:
            if name in PER_RUN:
                (folder / name).unlink(missing_ok=True)
        _write_marker(folder, state="complete", run=marker.get("run"))
        note = f"上次审核（第 {marker.get('run')} 次）在替换结果文件时中断，已补全为该次的完整结果"
    for leftover in folder.glob(TEMPORARY + "*"):
        if leftover.is_dir() and not leftover.is_symlink():  # a staged letters folder: ours, whole
            shutil.rmtree(leftover, ignore_errors=True)
        else:
            leftover.unlink(missing_ok=True)
        note = note or "上次审核在写入结果时中断；其未完成的临时文件已删除，目录中保留的是此前一次完整的结果"
    if marker is None:
        _write_marker(folder, state="running" if not any((folder / n).exists() for n in PER_RUN) else "complete", run=None)
    return note


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def our_letters(live: Path) -> dict[str, str]:
    """The letters gik-lint wrote into the letters folder ``live``: name -> digest (its manifest)."""
    if live.is_symlink() or not live.is_dir():
        return {}
    try:
        data = json.loads((live / LETTERS_MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    letters = data.get("letters") if isinstance(data, dict) and data.get("tool") == "gik-lint" else None
    return {k: v for k, v in letters.items() if isinstance(k, str) and isinstance(v, str)} if isinstance(letters, dict) else {}


def _is_ours(entry: Path, ours: dict[str, str]) -> bool:
    """A letter gik-lint wrote and nobody changed since."""
    return entry.name in ours and entry.is_file() and not entry.is_symlink() and _digest(entry) == ours[entry.name]


def _free_name(folder: Path, name: str) -> Path:
    """``name`` in ``folder``, or, taken, name（修改稿）, name（修改稿2）…: a file of the user's
    that has the name of a new letter (the old letter, edited) keeps its content under another name."""
    path = folder / name
    stem, suffix = (name[:-len(Path(name).suffix)], Path(name).suffix) if Path(name).suffix else (name, "")
    n = 1
    while path.exists() or path.is_symlink():
        path = folder / f"{stem}（修改稿{n if n > 1 else ''}）{suffix}"
        n += 1
    return path


def swap_letters(folder: Path, replace: bool) -> list[str]:
    """Put the staged letters folder in place of ``folder``/letters (``replace``), or remove
    the old letters (a run without --letters). Files in the old folder that are not
    gik-lint's unchanged letters are kept: carried into the new folder, or left where they
    are. Each step can be repeated: a run killed halfway is completed by the next
    (:func:`claim`). Returns the names of the files kept."""
    live, new, aside = folder / LETTERS, folder / (TEMPORARY + LETTERS), folder / (TEMPORARY + LETTERS + "-old")
    if replace and not new.is_dir():  # put in place already, by the run that was interrupted
        shutil.rmtree(aside, ignore_errors=True)
        return []
    kept = []
    if live.is_dir() and not live.is_symlink():
        ours = our_letters(live)
        for entry in sorted(live.iterdir()):
            if entry.name == LETTERS_MANIFEST or _is_ours(entry, ours):
                continue
            target = _free_name(new, entry.name) if replace else entry
            if replace:
                os.replace(entry, target)
            kept.append(target.name)
        if not replace:
            for name in ours:
                if _is_ours(live / name, ours):
                    (live / name).unlink()
            (live / LETTERS_MANIFEST).unlink(missing_ok=True)
            if not kept:
                live.rmdir()
            return kept
        shutil.rmtree(aside, ignore_errors=True)
        os.replace(live, aside)  # only gik-lint's letters are left in it
    if replace:
        os.replace(new, live)
        shutil.rmtree(aside, ignore_errors=True)
    return kept


class Staging:
    """A run's outputs, written to temporary files in ``folder`` and put in place by
    :meth:`publish` only when all of them are complete."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.written: list[str] = []
        self.kept: list[str] = []  # files of the user's in the letters folder, kept by publish()
        self.publishing = False

    def path(self, name: str) -> Path:
        return self.folder / (TEMPORARY + name)

    def done(self, name: str) -> None:
        """``name`` (a file, or the letters folder) is written whole: on disk, and put in place by publish()."""
        path = self.path(name)
        for item in sorted(path.iterdir()) if path.is_dir() else [path]:
            with open(item, "rb+") as fh:
                os.fsync(fh.fileno())
        self.written.append(name)
        pause = _test_pause("output")
        if pause:
            time.sleep(pause)

    def publish(self, run: int) -> None:
        stale = [n for n in PER_RUN if n not in self.written and (self.folder / n).exists()]
        if LETTERS not in self.written and our_letters(self.folder / LETTERS):
            stale.append(LETTERS)  # an earlier run's letters: not beside this run's results
        self.publishing = True  # from here, what is staged is the next run's to complete (claim)
        _write_marker(self.folder, state="replacing", run=run, files=self.written, remove=stale)
        if LETTERS in self.written or LETTERS in stale:
            self.kept = swap_letters(self.folder, replace=LETTERS in self.written)
        for name in self.written:
            if name != LETTERS:
                os.replace(self.path(name), self.folder / name)
        for name in stale:
            if name != LETTERS:
                (self.folder / name).unlink(missing_ok=True)
        _write_marker(self.folder, state="complete", run=run)

    def discard(self) -> None:
        """Drop what was staged, unless publish() began: a replacement that failed halfway
        is completed by the next run, from the staged files."""
        if self.publishing:
            return
        for name in PER_RUN:
            self.path(name).unlink(missing_ok=True)
        shutil.rmtree(self.path(LETTERS), ignore_errors=True)


def _test_pause(name: str) -> float:
    from gik_lint.audit.run import test_pause

    return test_pause(name)
