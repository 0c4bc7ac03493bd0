"""Reopen the log and the window: the cursor and the layout are as they were left."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget
from window_helpers import table_usernames

from esdesktop import History
from esdesktop.gui.settings import MAX_RECENT, Settings


def test_reopen_finds_cursor_and_layout_restored(qtbot, make_window, log_path, settings):
    history = History.open(log_path)
    window = make_window(history)
    window.resize(760, 520)
    history_dock = window.findChild(QDockWidget, "historyDock")
    window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, history_dock)
    window.findChild(QDockWidget, "userHistoryDock").hide()
    window.pane.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    window.actions["actionUndo"].trigger()
    assert history.position == 2
    qtbot.wait(50)  # the layout enforces the docks' minimum sizes
    size = (window.width(), window.height())
    window.close()
    history.close()

    with History.open(log_path) as again:
        window = make_window(again)
        assert again.position == 2
        assert table_usernames(window) == ["bob", "alice"]  # by email, descending
        assert window.docks.timeline.slider.value() == 2
        assert window.banner.isVisible()
        assert (window.width(), window.height()) == size
        dock = window.findChild(QDockWidget, "historyDock")
        assert window.dockWidgetArea(dock) == Qt.DockWidgetArea.LeftDockWidgetArea
        assert not window.findChild(QDockWidget, "userHistoryDock").isVisible()
        assert window.findChild(QDockWidget, "timelineDock").isVisible()
        window.close()


def test_settings_live_where_they_are_told(tmp_path, settings):
    for number in range(MAX_RECENT + 3):
        settings.add_recent(tmp_path / f"log{number}.db")
    settings.add_recent(tmp_path / "log3.db")
    settings.sync()
    again = Settings.at(tmp_path / "settings.ini")
    recent = [p.rsplit("/", 1)[-1] for p in again.recent_files]
    assert len(recent) == MAX_RECENT
    assert recent[:2] == ["log3.db", f"log{MAX_RECENT + 2}.db"]
    assert (tmp_path / "settings.ini").exists()
