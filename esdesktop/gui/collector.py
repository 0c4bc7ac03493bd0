"""Python's cyclic garbage collector, run on the GUI thread only.

CPython collects in whichever thread happens to pass the allocation threshold: in the
app, often a worker opening a log or writing a snapshot. A Qt object freed only by the
collector (a QSettings or a QTimer held in a cycle of Python objects) is then destroyed
on that worker while the GUI thread is using it, and the app dies of a segmentation
fault. Qt objects must be destroyed on the thread they live in, so once the GUI starts,
automatic collection is turned off and a timer on the GUI thread collects whenever
Python's own thresholds say a generation is due.

While the user is busy (the window calls :meth:`GuiThreadCollector.hold_off` at every
change it shows) the collection waits until things have been quiet for ``QUIET_MS``. A
collection walks every container made since the last one, and a slider jump makes lists
of 100,000 users: collecting in the middle of a drag cost 3 to 30 ms a jump on the
benchmark log, and found nothing to free, as the state a jump leaves behind is freed by
reference counting. Should a busy spell go on for long, ``BUSY_LIMIT`` new containers
collect anyway.
"""

from __future__ import annotations

import gc
import time

from PySide6.QtCore import QCoreApplication, QObject, QTimer

from esdesktop.history.collector import collect_if_due

CHECK_MS = 100  # how often the GUI thread looks whether a collection is due
QUIET_MS = 300  # how long after the last change a due collection waits
BUSY_LIMIT = 50_000  # new containers that collect even while busy (a jump makes ~300)


class GuiThreadCollector(QObject):
    """Runs the collector from the GUI thread's event loop (automatic collection off)."""

    def __init__(self, app: QCoreApplication):
        super().__init__(app)
        gc.disable()
        self._quiet_from = 0.0  # time.monotonic() from which collecting may disturb nobody
        self._timer = QTimer(self, interval=CHECK_MS)
        self._timer.timeout.connect(self._collect_if_due)
        self._timer.start()

    def hold_off(self) -> None:
        """The user is busy: collect only once nothing has changed for ``QUIET_MS``."""
        self._quiet_from = time.monotonic() + QUIET_MS / 1000

    def _collect_if_due(self) -> None:
        if time.monotonic() >= self._quiet_from or gc.get_count()[0] > BUSY_LIMIT:
            collect_if_due()


def collect_on_gui_thread() -> GuiThreadCollector:
    """Take the collector over for the running application (once; later calls return
    the same one). Call it on the GUI thread before any worker starts."""
    app = QCoreApplication.instance()
    found = app.findChild(GuiThreadCollector)
    return found if found is not None else GuiThreadCollector(app)
