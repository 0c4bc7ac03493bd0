"""Run by test_collector.py in a process of its own, since without the fix it may crash:
Qt objects (a QSettings that has a write pending, a running QTimer) held only by a cycle
of Python objects are dropped, while a worker thread allocates enough to pass the
collector's thresholds many times over and the GUI thread handles events.

``python qobjects_in_cycles.py ROUNDS FOLDER [--automatic]``: with ``--automatic`` the
collector is left as Python has it (it collects in whichever thread allocates); without
it, the app's GUI-thread collector is used. Prints how many of the dropped objects were
freed on the GUI thread and how many on the worker (the last few, which never add up to a
generation that is due, are collected on the GUI thread at the end).
"""

from __future__ import annotations

import gc
import os
import sys
import threading
from collections import Counter

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from esdesktop.gui.collector import collect_on_gui_thread  # noqa: E402

freed_on: Counter[str] = Counter()


class Holder:
    """A cycle of Python objects holding Qt objects; notes the thread that frees it."""

    def __init__(self, folder: str, n: int):
        self.me = self
        self.settings = QSettings(os.path.join(folder, f"s{n % 5}.ini"),
                                  QSettings.Format.IniFormat)
        self.settings.setValue("n", n)  # (a write is now pending on the GUI thread)
        self.timer = QTimer(interval=1)
        self.timer.start()

    def __del__(self):
        freed_on["gui" if threading.current_thread() is threading.main_thread()
                 else "worker"] += 1


def allocate() -> None:
    for _ in range(20):
        [[n] for n in range(2_000)]


def main(rounds: int, folder: str, automatic: bool) -> None:
    app = QApplication([])
    if not automatic:
        collect_on_gui_thread()
    for n in range(rounds):
        Holder(folder, n)
        worker = threading.Thread(target=allocate)
        worker.start()
        while worker.is_alive():
            app.processEvents()
        worker.join()
    gc.collect()  # the last few, too few to make a generation due, here on the GUI thread
    print(f"gui {freed_on['gui']} worker {freed_on['worker']}", flush=True)


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2], "--automatic" in sys.argv)
