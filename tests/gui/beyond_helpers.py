"""Helpers for the "beyond undo" window tests: clicks on rows, a settable clock."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

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


def clock_at(monkeypatch, start: str) -> list[datetime]:
    """Record everything at the time last put in the returned one-item list (UTC)."""
    now = [at(start)]
    monkeypatch.setattr(revision, "clock", lambda: now[0])
    return now


def shortcut(qtbot, window, key, modifiers=Ctrl) -> None:
    """Press a window shortcut as a person would, with the window active again (the
    offscreen platform does not give activation back when a dialog closes)."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    QTest.keyClick(window, key, modifiers)
