"""Compare through the window: by default the cursor and the tip, any position or
checkpoint on either side, and a history panel row against the cursor."""

from __future__ import annotations

from beyond_helpers import Ctrl, Shift, click_row, shortcut
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QTreeWidget

from esdesktop.gui.revision_picker import POSITION


def compare_dialog(qtbot, window) -> QDialog:
    dialog = window.findChild(QDialog, "compareDialog")
    qtbot.waitExposed(dialog)
    return dialog


def tree(dialog: QDialog) -> list:
    """The results as (group, [(user, [(field, from, to)...])...])."""
    results = dialog.findChild(QTreeWidget, "compareResults")
    groups = []
    for g in range(results.topLevelItemCount()):
        group = results.topLevelItem(g)
        users = []
        for u in range(group.childCount()):
            user = group.child(u)
            fields = [tuple(user.child(f).text(c) for c in range(3)) for f in range(user.childCount())]
            users.append((user.text(0), fields))
        groups.append((group.text(0), users))
    return groups


def test_by_default_the_cursor_and_the_tip(qtbot, window, history):
    carol = next(uid for uid, user in history.users.items() if user.username == "carol")
    history.update_user(carol, role="admin", display_name="Carol D.")
    history.seek(2)
    shortcut(qtbot, window, Qt.Key.Key_C, Ctrl | Shift)
    dialog = compare_dialog(qtbot, window)

    assert dialog.first.choice.currentText() == "The cursor (position 2)"
    assert dialog.second.choice.currentText() == "The tip (position 4)"
    assert dialog.summary.text().endswith(": 1 added, 0 removed, 0 changed.")
    assert tree(dialog) == [("Added (1)", [("carol", [])])]
    results = dialog.findChild(QTreeWidget, "compareResults")
    assert results.topLevelItem(0).child(0).text(2) == "carol@example.org, Carol D., admin"


def test_any_position_on_either_side_and_changed_fields(qtbot, window, history):
    bob = next(uid for uid, user in history.users.items() if user.username == "bob")
    history.update_user(bob, email="robert@example.com", active=False)
    window.actions["actionCompare"].trigger()
    dialog = compare_dialog(qtbot, window)
    first = dialog.first
    first.choice.setCurrentIndex(first.choice.findData(POSITION))
    assert first.position.isVisible()
    first.position.setValue(3)

    assert tree(dialog) == [("Changed (1)", [("bob", [("email", "bob@example.com", "robert@example.com"),
                                                      ("active", "yes", "no")])])]
    first.position.setValue(4)
    assert tree(dialog) == [] and dialog.summary.text().endswith(": no differences.")


def test_a_history_row_against_the_cursor(qtbot, window, history):
    panel = window.docks.history
    click_row(panel.view, 1, Qt.MouseButton.RightButton)  # chooses the row, stays at the cursor
    assert history.position == 3
    action = window.findChild(type(window.actions["actionCompare"]), "compareRowWithCursor")
    assert action in panel.view.actions()

    action.trigger()

    dialog = compare_dialog(qtbot, window)
    assert dialog.first.choice.currentText() == "A position on this branch"
    assert dialog.first.position.value() == 1
    assert dialog.second.choice.currentText() == "The cursor (position 3)"
    assert [user for user, _ in tree(dialog)[0][1]] == ["bob", "carol"]


def test_it_follows_the_log(qtbot, window, history):
    window.actions["actionCompare"].trigger()
    dialog = compare_dialog(qtbot, window)
    assert dialog.summary.text().endswith(": no differences.")
    history.create_user(username="dave", email="dave@example.com", display_name="Dave")
    assert dialog.second.choice.currentText() == "The tip (position 4)"
    assert dialog.first.choice.currentText() == "The cursor (position 4)"
    assert dialog.summary.text().endswith(": no differences.")
    window.actions["actionUndo"].trigger()
    assert tree(dialog) == [("Added (1)", [("dave", [])])]
