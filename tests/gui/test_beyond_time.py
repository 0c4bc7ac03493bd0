"""Go to time through the window: a local date and time in, the cursor at the last
revision made by then."""

from __future__ import annotations

import pytest
from beyond_helpers import at, press, shortcut, timed_log
from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import QDateTimeEdit, QDialog, QDialogButtonBox, QLabel

from esdesktop import History


@pytest.fixture
def timed(tmp_path, monkeypatch):
    """Revisions at 10:00, 10:05 and 10:10 UTC (creating alice, bob, carol)."""
    path = timed_log(tmp_path / "timed.db", monkeypatch,
                     [("alice", "10:00"), ("bob", "10:05"), ("carol", "10:10")])
    history = History.open(path)
    yield history
    history.close()


def open_dialog(qtbot, window) -> QDialog:
    shortcut(qtbot, window, Qt.Key.Key_T)
    dialog = window.findChild(QDialog, "goToTimeDialog")
    qtbot.waitExposed(dialog)
    return dialog


def set_time(dialog: QDialog, hhmm: str) -> None:
    edit = dialog.findChild(QDateTimeEdit, "goToTimeEdit")
    edit.setDateTime(QDateTime.fromSecsSinceEpoch(int(at(hhmm).timestamp())))


def preview(dialog: QDialog) -> str:
    return dialog.findChild(QLabel, "goToTimePreview").text()


def test_go_to_a_time_between_revisions(qtbot, make_window, timed):
    window = make_window(timed)
    dialog = open_dialog(qtbot, window)
    qtbot.waitUntil(dialog.findChild(QDateTimeEdit, "goToTimeEdit").hasFocus)
    set_time(dialog, "10:07")
    assert preview(dialog).startswith("Revision 2 of 3: “Create user bob”, made ")

    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()

    assert not dialog.isVisible() and timed.position == 2
    assert window.banner.isVisible()
    assert window.statusBar().currentMessage().startswith("At revision 2 of 3, the last made by ")


def test_the_minute_chosen_counts_whole(qtbot, make_window, timed):
    dialog = open_dialog(qtbot, make_window(timed))
    set_time(dialog, "10:05")  # bob was made at 10:05:00, inside that minute
    assert "Create user bob" in preview(dialog)


def test_before_anything_was_recorded_is_the_empty_log(qtbot, make_window, timed):
    window = make_window(timed)
    dialog = open_dialog(qtbot, window)
    set_time(dialog, "09:30")
    assert preview(dialog) == "Nothing had been recorded by then: the empty log."
    press(dialog.findChild(QDateTimeEdit, "goToTimeEdit"), Qt.Key.Key_Return)
    assert timed.position == 0


def test_cancel_leaves_the_cursor(qtbot, make_window, timed):
    dialog = open_dialog(qtbot, make_window(timed))
    set_time(dialog, "10:01")
    press(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and timed.position == 3


def test_it_opens_at_the_time_of_the_revision_shown(qtbot, make_window, timed):
    timed.seek(1)
    dialog = open_dialog(qtbot, make_window(timed))
    assert "Create user alice" in preview(dialog)
