"""Writing what the user asked for (``--output``, ``--write-baseline``): all of it or
nothing. The text goes to a temporary file beside the target, is flushed to disk, and
replaces the target in one rename, so that a full disk, a kill or a read-only folder
never leaves a partly written file, and the target is left as it was."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from gik_lint.config import UsageError

_REASONS = {
    errno.ENOENT: "所在目录不存在",
    errno.ENOTDIR: "路径中有一部分不是目录",
    errno.EACCES: "没有写入权限",
    errno.EPERM: "没有写入权限",
    errno.EROFS: "所在的文件系统是只读的",
    errno.ENOSPC: "磁盘空间不足",
    errno.EDQUOT: "超出磁盘配额",
    errno.EISDIR: "这是一个目录",
}


def check_target(path: str | Path, what: str = "输出文件", inputs=()) -> int | None:
    """Raise :class:`UsageError` if ``path`` cannot be written as ``what`` (before a run
    spends its time): a folder that does not exist, a directory, a device or pipe, one of
    the run's ``inputs``. Returns the mode of the file it would replace (None: a new file)."""
    path = Path(path)
    real = os.path.realpath(path)
    if any(os.path.realpath(p) == real for p in inputs):
        raise UsageError(f"{what} {path} 是本次检查的输入文件，不能覆盖")
    try:
        mode = os.stat(real).st_mode
    except OSError:
        mode = None
    if mode is not None and stat.S_ISDIR(mode):
        raise UsageError(f"无法写入{what} {path}：这是一个目录")
    if mode is not None and not stat.S_ISREG(mode):
        raise UsageError(f"无法写入{what} {path}：不是普通文件（设备、管道或套接字），不予覆盖")
    folder = os.path.dirname(real) or "."
    if not os.path.isdir(folder):
        raise UsageError(f"无法写入{what} {path}：{_REASONS[errno.ENOENT] if not os.path.exists(folder) else _REASONS[errno.ENOTDIR]}")
    return mode


def write_text(path: str | Path, text: str, what: str = "输出文件", inputs=()) -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically, or raise :class:`UsageError` saying
    why not (the target then untouched). ``inputs``: the files the run reads, never written over."""
    write_bytes(path, text.encode("utf-8"), what, inputs)


def _staged(folder: str, name: str, data: bytes, mode: int | None = None) -> str:
    """``data`` in a temporary file in ``folder``, flushed to disk, with ``mode`` (else the
    mode a new file gets under the umask); returns its path."""
    import tempfile

    fd, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is None:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(temporary, stat.S_IMODE(mode))
    except BaseException:
        _remove(temporary)
        raise
    return temporary


def _remove(path: str | None) -> None:
    if path is not None:
        try:
            os.unlink(path)
        except OSError:
            pass


def write_bytes(path: str | Path, data: bytes, what: str = "输出文件", inputs=()) -> None:
    """Write ``data`` to ``path`` atomically (a file already there keeps its permissions),
    or raise :class:`UsageError` saying why not (the target then untouched)."""
    path = Path(path)
    mode = check_target(path, what, inputs)
    real = os.path.realpath(path)
    folder = os.path.dirname(real) or "."
    temporary = None
    try:
        temporary = _staged(folder, os.path.basename(real), data, mode)
        os.replace(temporary, real)
        temporary = None
    except OSError as exc:
        reason = _REASONS.get(exc.errno) or exc.strerror or str(exc)
        if exc.errno == errno.ENOENT and os.path.isdir(folder):
            reason = "无法在该目录中创建文件（只读或特殊的文件系统）"
        raise UsageError(f"无法写入{what} {path}：{reason}（原文件未改动）" if mode is not None
                         else f"无法写入{what} {path}：{reason}") from None
    finally:
        _remove(temporary)


def write_new(path: str, data: bytes) -> None:
    """Write ``data`` to a file that does not exist yet, whole or not at all: a temporary
    file beside it, linked into place (which fails if the name was taken meanwhile)."""
    taken = f"文件 {path} 已存在，不覆盖（请换一个文件名或先删除它）"
    if os.path.lexists(path):
        raise UsageError(taken)
    temporary = None
    try:
        temporary = _staged(os.path.dirname(os.path.abspath(path)), os.path.basename(path), data)
        try:
            os.link(temporary, path)
        except FileExistsError:
            raise
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.EXDEV, errno.ENOTSUP, errno.EMLINK):
                raise
            with open(path, "xb") as fh:  # a file system without hard links: exclusive creation
                fh.write(data)
    except FileExistsError:
        raise UsageError(taken) from None
    except OSError as exc:
        raise UsageError(f"无法写入 {path}：{_REASONS.get(exc.errno) or exc.strerror or exc}") from None
    finally:
        _remove(temporary)
