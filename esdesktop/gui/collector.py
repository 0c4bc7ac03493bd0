"""Python's cyclic garbage collector, run on the GUI thread only.

CPython collects in whichever thread happens to pass the allocation threshold: in the
app, often a worker opening a log or writing a snapshot. A Qt object freed only by the
collector (a QSettings or a QTimer held in a cycle of Python objects) is then destroyed
on that worker while the GUI thread is using it, and the app dies of a segmentation
fault. Qt objects must be destroyed on the thread they live in, so once the GUI starts,
automatic collection is turned off and a timer on the GUI thread collects whenever
Python's own thresholds say a generation is due.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QObject, QTimer

from esdesktop.history.collector import collect_if_due

CHECK_MS = 100  # how often the GUI thread looks whether a collection is due


class GuiThreadCollector(QObject):
    """Runs the collector from the GUI thread's event loop (automatic collection off)."""

    def __init__(self, app: QCoreApplication):
        super().__init__(app)
        gc.disable()
        self._timer = QTimer(self, interval=CHECK_MS)
        self._timer.timeout.connect(collect_if_due)
        self._timer.start()


def collect_on_gui_thread() -> GuiThreadCollector:
    """Take the collector over for the running application (once; later calls return
    the same one). Call it on the GUI thread before any worker starts."""
    app = QCoreApplication.instance()
    found = app.findChild(GuiThreadCollector)
    return found if found is not None else GuiThreadCollector(app)
