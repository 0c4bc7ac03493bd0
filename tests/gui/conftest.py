"""Fixtures for the window tests: real logs in tmp_path, settings in tmp_path, and a
dialog service that answers from a script (modal dialogs cannot be clicked in a test)."""

from __future__ import annotations

import pytest
from window_helpers import ScriptedDialogs, add_people

from esdesktop import History
from esdesktop.gui import MainWindow
from esdesktop.gui.collector import collect_on_gui_thread
from esdesktop.gui.settings import Settings


@pytest.fixture(autouse=True)
def _collector_on_gui_thread(qapp):
    """As in the app, from the first window on: Qt objects are freed on the GUI thread."""
    collect_on_gui_thread()


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings.at(tmp_path / "settings.ini")


@pytest.fixture
def dialogs() -> ScriptedDialogs:
    return ScriptedDialogs()


@pytest.fixture
def log_path(tmp_path):
    path = tmp_path / "team.db"
    with History.create(path) as history:
        add_people(history)
    return path


@pytest.fixture
def history(log_path):
    history = History.open(log_path)
    yield history
    history.close()


@pytest.fixture
def make_window(qtbot, settings, dialogs):
    """Build a shown, active MainWindow on a History (closed at the end of the test)."""
    made = []

    def make(history, activate: bool = True) -> MainWindow:
        window = MainWindow(history, settings=settings, dialogs=dialogs)
        dialogs.parent = window  # as the app's own: progress windows belong to the window
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        if activate:
            window.activateWindow()
            qtbot.waitUntil(window.isActiveWindow)
        made.append(window)
        return window

    yield make
    for window in made:
        if window.history is not None and window.isVisible():
            window.close()


@pytest.fixture
def window(make_window, history) -> MainWindow:
    return make_window(history)
