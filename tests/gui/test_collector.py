"""The cyclic garbage collector runs on the GUI thread only (esdesktop.gui.collector).

Without that, a worker that allocates (opening a log, writing a snapshot) runs the
collector itself and destroys Qt objects of the GUI thread that only a cycle held: CI
died of exactly that, a segmentation fault in the middle of the window tests.
"""

from __future__ import annotations

import gc
import signal
import subprocess
import sys
import threading
from pathlib import Path

from PySide6.QtCore import QTimer

import esdesktop.gui.collector as collector_module
from esdesktop.gui.collector import CHECK_MS, QUIET_MS, collect_on_gui_thread

SCRIPT = Path(__file__).with_name("qobjects_in_cycles.py")
ROUNDS = 300


class Noted:
    """A cycle that notes which thread frees it."""

    freed_on: list[threading.Thread] = []

    def __init__(self):
        self.me = self

    def __del__(self):
        Noted.freed_on.append(threading.current_thread())


def run_script(tmp_path, *options: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), str(ROUNDS), str(tmp_path), *options],
                          capture_output=True, text=True, timeout=120)


def test_qt_objects_in_cycles_are_freed_on_the_gui_thread_while_workers_allocate(tmp_path):
    result = run_script(tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["gui", str(ROUNDS), "worker", "0"]
    assert "another thread" not in result.stderr


def test_left_to_python_the_same_run_frees_them_on_the_worker_and_crashes(tmp_path):
    """The check above can fail: with automatic collection the script goes wrong."""
    result = run_script(tmp_path, "--automatic")
    assert "Timers cannot be stopped from another thread" in result.stderr
    assert result.returncode == -signal.SIGSEGV or "worker 0" not in result.stdout


def test_the_gui_thread_collects_once_a_generation_is_due(qtbot):
    collect_on_gui_thread()
    assert not gc.isenabled() and collect_on_gui_thread() is collect_on_gui_thread()
    Noted.freed_on.clear()
    for _ in range(2 * gc.get_threshold()[0]):
        Noted()
    assert Noted.freed_on == []  # automatic collection is off...
    worker = threading.Thread(target=lambda: [[n] for n in range(10_000)])
    worker.start()
    worker.join()
    assert Noted.freed_on == []  # ...in a worker too...
    qtbot.waitUntil(lambda: len(Noted.freed_on) == 2 * gc.get_threshold()[0], timeout=2000)
    assert set(Noted.freed_on) == {threading.main_thread()}  # ...and the GUI thread's timer did it


def _cycles() -> int:
    Noted.freed_on.clear()
    count = 2 * gc.get_threshold()[0]
    for _ in range(count):
        Noted()
    return count


def test_while_the_user_is_busy_a_due_collection_waits_for_a_quiet_moment(qtbot):
    collector = collect_on_gui_thread()
    count = _cycles()
    collector.hold_off()
    qtbot.wait(2 * CHECK_MS)  # the timer looked at least once: a generation was due
    assert Noted.freed_on == []
    qtbot.waitUntil(lambda: len(Noted.freed_on) == count, timeout=QUIET_MS + 2000)


def test_a_long_busy_spell_collects_once_enough_containers_are_new(qtbot, monkeypatch):
    collector = collect_on_gui_thread()
    monkeypatch.setattr(collector_module, "BUSY_LIMIT", gc.get_threshold()[0])
    count = _cycles()
    timer = QTimer(interval=10)  # busy all along: no quiet moment comes
    timer.timeout.connect(collector.hold_off)
    timer.start()
    try:
        qtbot.waitUntil(lambda: len(Noted.freed_on) == count, timeout=2000)
    finally:
        timer.stop()
