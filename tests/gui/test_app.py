"""Starting the app: names, icon, style, the default log, and unexpected errors."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
from logging.handlers import RotatingFileHandler
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from esdesktop import History
from esdesktop.gui import MainWindow, app


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    """The app-data folder in tmp_path, and a fresh file handler for the error log."""
    folder = tmp_path / "data"
    monkeypatch.setenv("ESDESKTOP_DATA_DIR", str(folder))
    logger = logging.getLogger("esdesktop")
    kept = [h for h in logger.handlers if isinstance(h, RotatingFileHandler)]
    for handler in kept:
        logger.removeHandler(handler)
    yield folder
    for handler in [h for h in logger.handlers if isinstance(h, RotatingFileHandler)]:
        logger.removeHandler(handler)
        handler.close()
    for handler in kept:
        logger.addHandler(handler)


def test_application_is_named_styled_and_has_an_icon(qapp):
    try:
        made = app.application()
        assert made is QApplication.instance()
        assert made.applicationName() == "esdesktop"
        assert "usersTable" in made.styleSheet()
        assert not made.windowIcon().isNull()
    finally:
        qapp.setStyleSheet("")


def _luminance(colour) -> float:
    """WCAG's relative luminance of a QColor."""
    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.03928 else ((channel + 0.055) / 1.055) ** 2.4
    return (0.2126 * linear(colour.redF()) + 0.7152 * linear(colour.greenF())
            + 0.0722 * linear(colour.blueF()))


def test_a_scroll_bars_handle_stands_out_from_its_track(qtbot, qapp):
    """The style sheet's flat scroll bars (cheaper to paint than Fusion's): the handle,
    as drawn, keeps at least WCAG's 3:1 contrast for parts of a control."""
    from PySide6.QtWidgets import QScrollBar

    try:
        app.application()
        bar = QScrollBar()
        qtbot.addWidget(bar)
        bar.resize(12, 300)
        bar.setRange(0, 100)
        bar.setPageStep(50)
        bar.show()
        image = bar.grab().toImage()
        handle, track = image.pixelColor(6, 40), image.pixelColor(6, 290)
        lighter, darker = sorted((_luminance(handle), _luminance(track)), reverse=True)
        assert (lighter + 0.05) / (darker + 0.05) >= 3
    finally:
        qapp.setStyleSheet("")


def test_first_launch_creates_the_default_log_once(data_dir):
    path = app.ensure_default_log()
    assert path == data_dir / "users.db" and path.exists()
    with History.open(path) as history:
        history.create_user(username="alice", email="alice@example.com", display_name="Alice")
    assert app.ensure_default_log() == path
    with History.open(path) as history:
        assert len(history.users) == 1


def test_launch_opens_the_default_log_off_the_gui_thread(qtbot, data_dir, settings, dialogs):
    window = MainWindow(None, settings=settings, dialogs=dialogs)
    qtbot.addWidget(window)
    hook = sys.excepthook
    try:
        app.launch(None, window)
        with qtbot.waitSignal(window.files.last_job.finished, timeout=20_000):
            pass
    finally:
        sys.excepthook = hook
    assert window.history is not None and window.history.path == data_dir / "users.db"
    assert window.windowTitle().startswith("users.db")
    assert window.pane.empty.heading.text() == "This log has no users yet"
    history = window.history
    window.close()  # first: a shown window still paints from its log
    history.close()


@pytest.mark.qt_no_exception_capture
def test_an_unexpected_error_is_logged_and_shown_not_raised(qtbot, data_dir, dialogs, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", app.ExceptHook(dialogs.error))

    def boom():
        raise RuntimeError("the flux capacitor is empty")

    QTimer.singleShot(0, boom)
    qtbot.waitUntil(lambda: bool(dialogs.said), timeout=5000)
    [message] = dialogs.kinds("error")
    log_file = data_dir / "esdesktop.log"
    assert "RuntimeError: the flux capacitor is empty" in message
    assert str(log_file) in message
    written = log_file.read_text(encoding="utf-8")
    assert "Traceback" in written and "flux capacitor" in written


def test_main_py_opens_the_window_and_closes_cleanly_on_sigterm(tmp_path):
    """The real entry point in a process of its own: first launch creates the default
    log; SIGTERM closes the window like File > Quit (the layout is saved, exit status 0)."""
    root = Path(__file__).resolve().parents[2]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", ESDESKTOP_DATA_DIR=str(tmp_path / "data"),
               XDG_CONFIG_HOME=str(tmp_path / "config"))
    process = subprocess.Popen([sys.executable, "main.py"], cwd=root, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        log = tmp_path / "data" / "users.db"
        deadline = time.monotonic() + 20
        while not log.exists() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(1.5)  # the worker opens the log; the window shows it
        assert process.poll() is None, process.communicate()
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=20)
    finally:
        process.kill()
    assert process.returncode == 0, stderr
    assert "Traceback" not in stderr
    assert (tmp_path / "config" / "esdesktop" / "esdesktop.conf").exists()
    with History.open(log) as history:
        assert history.length == 1
