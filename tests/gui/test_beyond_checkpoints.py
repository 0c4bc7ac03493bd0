"""Checkpoints through the window: add one (Ctrl+K), see it in the history panel and on
the slider, go to it, rename, remove, compare two."""

from __future__ import annotations

import pytest
from beyond_helpers import Ctrl, Shift, press, shortcut, texts
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QPushButton, QTreeWidget

from esdesktop import History


@pytest.fixture
def readonly(log_path):
    """The log of ``log_path`` open read-only (closed after the window)."""
    history = History.open(log_path, readonly=True)
    yield history
    history.close()


def add_checkpoint(qtbot, window, name: str) -> QDialog:
    shortcut(qtbot, window, Qt.Key.Key_K)
    dialog = window.findChild(QDialog, "addCheckpointDialog")
    qtbot.waitExposed(dialog)
    field = dialog.findChild(QLineEdit, "checkpointName")
    qtbot.waitUntil(field.hasFocus)
    QTest.keyClicks(field, name)
    press(field, Qt.Key.Key_Return)
    return dialog


def checkpoints_dialog(qtbot, window) -> QDialog:
    shortcut(qtbot, window, Qt.Key.Key_K, Ctrl | Shift)
    dialog = window.findChild(QDialog, "checkpointsDialog")
    qtbot.waitExposed(dialog)
    return dialog


def choose(dialog: QDialog, *rows: int) -> QTreeWidget:
    listed = dialog.findChild(QTreeWidget, "checkpointsList")
    listed.clearSelection()
    for row in rows:
        listed.topLevelItem(row).setSelected(True)
    return listed


def button(dialog: QDialog, name: str) -> QPushButton:
    return dialog.findChild(QPushButton, f"checkpoint{name}Button")


def test_adding_a_checkpoint_names_the_revision_shown(qtbot, window, history):
    history.seek(2)
    dialog = add_checkpoint(qtbot, window, "Before the audit")

    assert not dialog.isVisible()
    [checkpoint] = history.checkpoints()
    assert (checkpoint.name, checkpoint.revision) == ("Before the audit", history.cursor)
    assert window.statusBar().currentMessage() == "Checkpoint “Before the audit” names revision 2."
    row = window.docks.history.model.index(2, 1)
    assert row.data().endswith("\u2691 Before the audit")
    assert "Checkpoint: Before the audit" in row.data(Qt.ItemDataRole.ToolTipRole)
    assert window.beyond.marks.checkpoints == {2: ["Before the audit"]}


def test_a_refused_name_is_explained_and_nothing_is_written(qtbot, window, history):
    add_checkpoint(qtbot, window, "Start")
    dialog = add_checkpoint(qtbot, window, "start")
    error = dialog.findChild(QLabel, "checkpointError")
    assert dialog.isVisible() and error.isVisible()
    assert error.text().startswith("A checkpoint named 'Start' already exists")
    press(dialog, Qt.Key.Key_Escape)
    assert [c.name for c in history.checkpoints()] == ["Start"]


def test_go_to_rename_and_remove_from_the_checkpoints_list(qtbot, window, history):
    history.seek(1)
    add_checkpoint(qtbot, window, "One user")
    history.seek(3)
    dialog = checkpoints_dialog(qtbot, window)
    listed = choose(dialog, 0)
    assert texts(listed, 0) == ["One user"] and texts(listed, 1) == ["1"]

    button(dialog, "Go").click()
    assert history.position == 1
    assert window.statusBar().currentMessage() == "At checkpoint “One user”."

    rename = dialog.findChild(QLineEdit, "checkpointRename")
    assert rename.text() == "One user"
    rename.setText("Only alice")
    button(dialog, "Rename").click()
    assert texts(listed, 0) == ["Only alice"]
    assert "Earlier names: One user" in listed.topLevelItem(0).toolTip(0)
    assert window.docks.history.model.index(1, 1).data().endswith("\u2691 Only alice")

    button(dialog, "Remove").click()
    assert texts(listed) == [] and history.checkpoints() == []
    assert [c.name for c in history.checkpoint_records()] == ["One user", "Only alice", "Only alice"]
    assert window.beyond.marks.checkpoints == {}


def test_two_checkpoints_can_be_compared(qtbot, window, history):
    history.seek(1)
    add_checkpoint(qtbot, window, "One")
    history.seek(3)
    add_checkpoint(qtbot, window, "Three")
    dialog = checkpoints_dialog(qtbot, window)
    choose(dialog, 0, 1)
    assert button(dialog, "Compare").isEnabled() and not button(dialog, "Go").isEnabled()

    button(dialog, "Compare").click()

    compare = window.findChild(QDialog, "compareDialog")
    qtbot.waitExposed(compare)
    assert compare.first.choice.currentText() == "Checkpoint “One”"
    assert compare.second.choice.currentText() == "Checkpoint “Three”"
    assert "1 added, 0 removed, 0 changed" not in compare.summary.text()
    assert compare.summary.text().endswith("2 added, 0 removed, 0 changed.")


def test_a_read_only_log_lists_checkpoints_but_does_not_change_them(qtbot, log_path, readonly,
                                                                     make_window):
    with History.open(log_path) as writable:
        writable.checkpoint("Kept")
    window = make_window(readonly)
    assert not window.actions["actionAddCheckpoint"].isEnabled()
    dialog = checkpoints_dialog(qtbot, window)
    choose(dialog, 0)
    assert button(dialog, "Go").isEnabled()
    assert not button(dialog, "Rename").isEnabled() and not button(dialog, "Remove").isEnabled()
