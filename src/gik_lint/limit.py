"""What a run lets one report cost: a time limit per file (``--time-limit``), enforced
by an alarm in the process that lints it, and how the command line's limits are checked.

The alarm needs POSIX (SIGALRM) and the main thread; elsewhere there is no time limit."""

from __future__ import annotations

import signal

MIN_SECONDS = 0.1  # a shorter limit is no limit anyone means: a report takes longer to read
MAX_SECONDS = 24 * 3600
MIN_MEMORY_MB = 128  # below this a worker cannot hold the linter and one report
MIN_SIZE_MB = 0.001  # 1 KB: the smallest report there is
MAX_SIZE_MB = 1024 * 1024  # 1 TB


class TimeUp(BaseException):
    """Raised by the per-file alarm; a BaseException, so that no ``except Exception``
    on the way (the pipeline isolates a file's crashes) can take it for a crash."""


class time_limit:
    """``with time_limit(seconds):`` raises :class:`TimeUp` in the block after ``seconds``
    (None, or no alarm here: no limit). (A class rather than a contextlib generator: the
    command line starts without importing contextlib.)"""

    def __init__(self, seconds: float | None):
        self.seconds, self.previous, self.armed = seconds, None, False

    def __enter__(self) -> None:
        if not self.seconds or not hasattr(signal, "SIGALRM"):
            return
        try:
            self.previous = signal.signal(signal.SIGALRM, _alarm)
        except ValueError:  # not the main thread: no alarm here
            return
        self.armed = True
        signal.setitimer(signal.ITIMER_REAL, self.seconds)

    def __exit__(self, *exc) -> None:
        if self.armed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.previous)
            self.armed = False


def extend(seconds: float) -> None:
    """Give the file being linted ``seconds`` more before its alarm (a reader that finds
    pages to OCR: each page has its own bound). Nothing without an alarm."""
    if not hasattr(signal, "SIGALRM"):
        return
    left, _ = signal.getitimer(signal.ITIMER_REAL)
    if left > 0:
        signal.setitimer(signal.ITIMER_REAL, left + seconds)


def _alarm(signum, frame):
    # re-arm first: if the exception lands somewhere that swallows it (a __del__ run by the
    # garbage collector), the next alarm comes a moment later
    signal.setitimer(signal.ITIMER_REAL, 0.05)
    raise TimeUp


def number(text: str) -> float:
    """A finite number, or ValueError (``inf`` and ``nan`` are not numbers here)."""
    value = float(text)
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(text)
    return value


def time_message(seconds: float) -> str:
    return f"超过单个文件的时间上限（{seconds:g} 秒），已跳过"
