"""Where the branches of the shown log start and end, for the slider's marks and the
branch picker, read without making anyone wait."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from esdesktop import Change, History
from esdesktop.domain import Revision
from esdesktop.gui import workers
from esdesktop.gui.history_link import HistoryLink
from esdesktop.history.branches import Branches, read_branches


class BranchMap(QObject):
    """The branch points on the current timeline (``forks``, as positions) and every
    branch's end (``tips``) of the History given to :meth:`set_history`.

    Finding them scans the whole revision tree (about a second at 1,000,000 revisions),
    so when a History is set, or its timeline goes to another branch, they are read on a
    quiet worker thread with a connection of its own, and ``changed`` is emitted when they
    arrive. An edit updates them in place: it adds a tip and perhaps a branch point. A
    plain cursor move changes neither. :meth:`known_forks` and :meth:`known_tips` never
    wait (None: not read yet); :meth:`forks` and :meth:`tips` read them at once if needed.
    """

    changed = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._link = HistoryLink(self, self._on_change)
        self._forks: list[int] | None = None
        self._tips: list[Revision] | None = None
        self._generation = 0  # moves on whenever what was read may no longer hold
        self._reading: tuple[workers.Job, int] | None = None

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

    def known_tips(self) -> list[Revision] | None:
        return self._tips

    def forks(self) -> list[int]:
        """The branch points, read now if they have not arrived yet."""
        if self._forks is None and self.history is not None:
            self._forks = self.history.branch_points()
        return self._forks or []

    def tips(self) -> list[Revision]:
        """Every branch's end, oldest first, read now if they have not arrived yet."""
        if self._tips is None and self.history is not None:
            self._tips = self.history.branch_tips()
        return self._tips or []

    # -- following History -----------------------------------------------------------------

    def _on_change(self, change: Change) -> None:
        if not change.timeline:
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
            self._tips = [t for t in self._tips if t.id not in (change.left, made.id)] + [made]
        self.changed.emit()
        self._read_later()

    def _forget(self) -> None:
        self._forks = self._tips = None
        self._generation += 1
        self.changed.emit()
        self._read_later()

    # -- reading on a worker thread -----------------------------------------------------------

    def _read_later(self) -> None:
        history = self.history
        if self._reading is not None or history is None or (
                self._forks is not None and self._tips is not None):
            return
        path = history.path
        job = workers.Job(lambda _report: read_branches(path), quiet=True)
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
