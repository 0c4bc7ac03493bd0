"""Helpers for the "beyond undo" window tests: clicks on rows, a settable clock."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from esdesktop import History
from esdesktop.domain import revision

Ctrl, Shift = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


def click_row(view, row: int, button=Qt.MouseButton.LeftButton) -> None:
    """Click row ``row`` of an item view (a right click only makes it current)."""
    view.setFocus()
    rect = view.visualRect(view.model().index(row, 0))
    QTest.mouseClick(view.viewport(), button, Qt.KeyboardModifier.NoModifier, rect.center())


def texts(view, column: int = 0) -> list[str]:
    model = view.model()
    return [model.index(row, column).data() for row in range(model.rowCount())]


def press(widget, key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(widget, key, modifiers)


def at(hhmm: str) -> datetime:
    """2026-11-26 at ``hhmm`` UTC."""
    return datetime.fromisoformat(f"2026-11-26 {hhmm}").replace(tzinfo=UTC)


def timed_log(path, monkeypatch, users: list[tuple[str, str]]):
    """A log at ``path`` (made at 09:00 UTC) creating each (username, "HH:MM") user at
    that time, one revision each."""
    now = [at("09:00")]
    monkeypatch.setattr(revision, "clock", lambda: now[0])
    with History.create(path) as history:
        for name, hhmm in users:
            now[0] = at(hhmm)
            history.create_user(username=name, email=f"{name}@example.com", display_name=name)
    return path


def shortcut(qtbot, window, key, modifiers=Ctrl) -> None:
    """Press a window shortcut as a person would, with the window active again (the
    offscreen platform does not give activation back when a dialog closes)."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    QTest.keyClick(window, key, modifiers)
