"""Where the branches of the shown log start and end, for the slider's marks and the
branch picker, read without making anyone wait."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from esdesktop import Change, History
from esdesktop.gui import workers
from esdesktop.gui.history_link import HistoryLink
from esdesktop.history.branches import Branches, read_branches

READ_WHEN_STILL_MS = 500  # the read waits until the cursor has not moved for this long


class BranchMap(QObject):
    """The branch points on the current timeline (``forks``, as positions) and the ids
    of every branch's end (``tips``) of the History given to :meth:`set_history`.

    Finding them scans the whole revision tree (half a second of CPU at 1,000,000
    revisions), so when a History is set, or its timeline goes to another branch, they are
    read on a quiet worker thread with a connection of its own, once the person has left
    the cursor still for a moment (a read does not compete with undo or the slider), and
    ``changed`` is emitted when they arrive. An edit updates them in place: it adds a tip
    and perhaps a branch point. A plain cursor move changes neither. :meth:`known_forks`
    and :meth:`known_tips` never wait (None: not read yet); :meth:`forks` reads the branch
    points at once if they have not arrived.
    """

    changed = Signal()

    def __init__(self, parent: QObject | None = None,
                 reader: Callable[[Path], Branches] = read_branches):
        super().__init__(parent)
        self._reader = reader  # (runs on the worker thread)
        self._link = HistoryLink(self, self._on_change)
        self._forks: list[int] | None = None
        self._tips: list[int] | None = None
        self._generation = 0  # moves on whenever what was read may no longer hold
        self._reading: tuple[workers.Job, int] | None = None
        self._still = QTimer(self, singleShot=True, interval=READ_WHEN_STILL_MS)
        self._still.timeout.connect(self._read_now)

    @property
    def history(self) -> History | None:
        return self._link.history

    def set_history(self, history: History | None) -> None:
        self._link.set(history)
        self._forget()

    @property
    def reading(self) -> bool:
        """Whether a read is under way on a worker."""
        return self._reading is not None

    def known_forks(self) -> list[int] | None:
        return self._forks

    def known_tips(self) -> list[int] | None:
        return self._tips

    def forks(self) -> list[int]:
        """The branch points, read now if they have not arrived yet."""
        if self._forks is None and self.history is not None:
            self._forks = self.history.branch_points()
        return self._forks or []

    # -- following History -----------------------------------------------------------------

    def _on_change(self, change: Change) -> None:
        if not change.timeline:
            self._read_later()  # (not yet: the cursor moves)
            return
        history = self.history
        made = history.cursor_revision
        if made.parent != change.left or made.id != history.tip:
            self._forget()  # another branch, or another program's edits
            return
        # The timeline now ends with ``made``, a child of change.left: beyond change.left
        # the old timeline is gone, and it forks there if it had a child already.
        self._generation += 1
        if self._forks is not None:
            fork = [made.depth - 1] if len(history.children(change.left)) > 1 else []
            self._forks = [p for p in self._forks if p < made.depth - 1] + fork
        if self._tips is not None:
            self._tips = [tip for tip in self._tips if tip not in (change.left, made.id)]
            self._tips.append(made.id)
        self.changed.emit()
        self._read_later()

    def _forget(self) -> None:
        self._forks = self._tips = None
        self._generation += 1
        self.changed.emit()
        self._read_later()

    # -- reading on a worker thread -----------------------------------------------------------

    def _read_later(self) -> None:
        """Read once the cursor has been still for READ_WHEN_STILL_MS, if still needed."""
        if self._needed():
            self._still.start()
        else:
            self._still.stop()

    def _needed(self) -> bool:
        return self.history is not None and (self._forks is None or self._tips is None)

    def _read_now(self) -> None:
        if self._reading is not None or not self._needed():
            return
        path, read = self.history.path, self._reader
        job = workers.Job(lambda _report: read(path), quiet=True)
        job.done.connect(self._arrived)
        job.crashed.connect(self._crashed)
        job.finished.connect(self._read_finished)
        self._reading = (job.start(), self._generation)

    def _arrived(self, found: Branches) -> None:
        history = self.history
        if self._reading[1] != self._generation or history is None or found.tip != history.tip:
            return  # read for a log that has changed since
        if self._forks is None:
            self._forks = found.forks
        if self._tips is None:
            self._tips = found.tips
        self.changed.emit()

    def _read_finished(self) -> None:
        _, generation = self._reading
        self._reading = None
        if generation != self._generation:
            self._read_later()  # the log changed while it was read: read it again
        # (a read that failed is not retried: the marks stay away, the picker disabled)

    @staticmethod
    def _crashed(error: BaseException) -> None:
        raise error  # a bug: to the app's handler, which logs it and says so
