"""Which log's write lock a window holds: the lock of the log it shows for writing.

Every way of opening a log in the window (start-up, File > Open, Open Recent, New) takes
the log's :class:`~esdesktop.gui.lock.LogLock` before opening it for writing; a read-only
window holds none. The lock is given up when the window shows another log or closes.
"""

from __future__ import annotations

from pathlib import Path

from esdesktop.gui.lock import LogLock


class WindowLock:
    """The one lock a window holds (``held``, None while it holds none)."""

    def __init__(self):
        self.held: LogLock | None = None

    def for_path(self, path) -> LogLock:
        """The lock to take before opening ``path`` for writing: the one held when
        ``path`` is the log shown (so reopening it never refuses itself), else a new one."""
        held = self.held
        if held is not None and _same(held.log_path, Path(path)):
            return held
        return LogLock(path)

    def keep(self, lock: LogLock | None) -> None:
        """Hold ``lock`` (None: a read-only log is shown) and give up the one held before."""
        if self.held is not None and self.held is not lock:
            self.held.release()
        self.held = lock

    def drop(self, lock: LogLock | None) -> None:
        """Give up ``lock``, taken for a log that did not open, unless the window holds it."""
        if lock is not None and lock is not self.held:
            lock.release()

    def release(self) -> None:
        """Give up the held lock (the window closes)."""
        self.keep(None)


def why_read_only(lock: LogLock) -> str:
    """Why a log whose lock was refused is shown read-only, as a clause for the banner."""
    holder = lock.holder()
    if holder is None:
        return "it cannot be locked for writing"
    return f"it is open for writing in {holder.describe()}"


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return a == b
