"""Long work off the GUI thread: opening a big log, importing, exporting, verifying.

A :class:`Job` runs ``work(report)`` on a thread of its own. The work must not touch the
window's History: it opens its own connection to the file (``History.open(path)``), which
SQLite keeps consistent with the window's. ``report("sentence")`` updates the progress
text from the worker thread; the outcome comes back on the GUI thread as exactly one of
``done(result)``, ``failed(error)`` (an esdesktop error: the person can act on it) or
``crashed(exception)`` (a bug), followed by ``finished``.

A ``quiet`` job is work the person did not ask for (reading what the window shows next to
the log): the window does not wait for it before closing, only the app before it exits,
and on Linux its thread runs at a lower priority (nice 10), so that on a busy machine the
window's own thread comes first.
"""

from __future__ import annotations

import atexit
import os
import sys
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, QThread, Signal

from esdesktop.errors import Error

Work = Callable[[Callable[[str], None]], object]

_running: set["Job"] = set()
_quiet: set["Job"] = set()


def running() -> int:
    """How many jobs that the person asked for have not finished yet."""
    return len(_running)


def wait_all(timeout_ms: int = 30_000) -> None:
    """Block until every job's thread has ended (used when the app quits)."""
    for job in [*_running, *_quiet]:
        job._thread.wait(timeout_ms)


atexit.register(wait_all)  # a thread still running when Python exits would abort it


QUIET_NICENESS = 10


class _Thread(QThread):
    progress = Signal(str)

    def __init__(self, work: Work, quiet: bool):
        super().__init__()
        self._work = work
        self._quiet = quiet
        self.result: object = None
        self.error: BaseException | None = None

    def run(self) -> None:
        if self._quiet and sys.platform.startswith("linux"):  # (per thread there, by its id)
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), QUIET_NICENESS)
        try:
            self.result = self._work(self.progress.emit)
        except BaseException as error:  # handed to the GUI thread, which decides
            self.error = error


class Job(QObject):
    """One piece of long work on its own thread. Keep no reference: the module keeps the
    job alive until it has finished."""

    progress = Signal(str)
    done = Signal(object)
    failed = Signal(object)
    crashed = Signal(object)
    finished = Signal()

    def __init__(self, work: Work, parent: QObject | None = None, quiet: bool = False):
        super().__init__(parent)
        self._jobs = _quiet if quiet else _running
        self._thread = _Thread(work, quiet)
        self._thread.progress.connect(self.progress)
        self._thread.finished.connect(self._finish)

    def start(self) -> "Job":
        self._jobs.add(self)
        self._thread.start()
        return self

    @property
    def is_running(self) -> bool:
        return self in self._jobs

    def _finish(self) -> None:
        self._thread.wait()
        self._jobs.discard(self)
        error = self._thread.error
        if error is None:
            self.done.emit(self._thread.result)
        elif isinstance(error, Error):
            self.failed.emit(error)
        else:
            self.crashed.emit(error)
        self.finished.emit()
        self._thread.deleteLater()
