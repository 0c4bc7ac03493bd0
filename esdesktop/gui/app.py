"""Starting the window: the application object, its name, icon and style, the default
log, and what happens to errors nobody expected."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

from PySide6.QtCore import QStandardPaths, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from esdesktop import Error, History, __version__
from esdesktop.gui import workers
from esdesktop.gui.crash import ExceptHook, report_unexpected, unexpected_message
from esdesktop.gui.main_window import MainWindow
from esdesktop.gui.resources import icon, style_sheet
from esdesktop.gui.settings import APPLICATION

DEFAULT_LOG_NAME = "users.db"


def default_log_path() -> Path:
    """The log opened when none is named: in the platform's app-data folder
    (``ESDESKTOP_DATA_DIR`` overrides it, as it does for the error log)."""
    override = os.environ.get("ESDESKTOP_DATA_DIR")
    folder = override or QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.AppDataLocation)
    return Path(folder) / DEFAULT_LOG_NAME


def application() -> QApplication:
    """The QApplication, made once, named for QSettings and QStandardPaths, with the
    project's icon and style sheet."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    # The organisation stays empty so that the app-data folder is .../esdesktop, the same
    # folder esdesktop.logfile writes to; Settings names the organisation itself.
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName("esdesktop")
    app.setApplicationVersion(__version__)
    app.setWindowIcon(icon("app"))
    app.setStyleSheet(style_sheet())
    return app


def ensure_default_log() -> Path:
    """Create the default log on first launch; return its path."""
    path = default_log_path()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        History.create(path).close()
    return path


def launch(log_path: str | None, window: MainWindow | None = None) -> MainWindow:
    """Show the window and start opening ``log_path`` (or the default log) in it."""
    window = window or MainWindow(None)
    sys.excepthook = ExceptHook(window.dialogs.error)
    window.show()
    try:
        path = Path(log_path) if log_path else ensure_default_log()
    except Error as error:
        window.dialogs.error(f"The default log could not be created: {error}")
        return window
    window.files.open_path(path)
    return window


def close_on_signals(window: MainWindow) -> None:
    """Ctrl+C in the terminal, or SIGTERM, closes the window as File > Quit does (the
    layout is saved). A timer lets Python notice signals while Qt's loop runs."""
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, lambda *_: window.close())
    ticker = QTimer(window, interval=200)
    ticker.timeout.connect(lambda: None)
    ticker.start()


def run(log_path: str | None) -> int:
    """The GUI's entry point (``esdesktop [LOG]``); returns the exit status."""
    app = application()
    try:
        window = launch(log_path)
    except Exception as error:  # the window itself failed: a sentence, not a traceback
        QMessageBox.critical(None, "esdesktop", unexpected_message(error, report_unexpected(error)))
        return 70
    close_on_signals(window)
    status = app.exec()
    workers.wait_all()
    if window.history is not None:
        window.history.close()
    return status
