"""Restore from history through the window: "Restore this version" and "Restore this
value" on the user's changes, and the "Deleted users" view."""

from __future__ import annotations

import pytest
from beyond_helpers import Ctrl, Shift, click_row, press, texts
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QPushButton, QTreeWidget
from window_helpers import select, table_usernames

from esdesktop import History


@pytest.fixture
def readonly(log_path):
    """The log of ``log_path`` open read-only (closed after the window)."""
    history = History.open(log_path, readonly=True)
    yield history
    history.close()


def test_restore_this_value_from_the_context_menu(qtbot, window, history):
    alice = select(window, "alice")
    history.update_user(alice, email="alice@corp.example.com")
    history.update_user(alice, email="alice@home.example.org", role="viewer")
    view = window.docks.user_history.view
    assert texts(view)[1] == "email: alice@example.com \u2192 alice@corp.example.com"
    click_row(view, 1, Qt.MouseButton.RightButton)  # the row the menu opens on
    version, value = window.actions["actionRestoreVersion"], window.actions["actionRestoreValue"]
    assert view.actions() == [version, value] and value.isEnabled()
    position = history.position

    value.trigger()

    user = history.users[alice]
    assert (user.email, user.role) == ("alice@corp.example.com", "viewer")
    assert history.position == position + 1
    assert history.cursor_revision.label.startswith("Restore email of alice as of ")
    assert window.statusBar().currentMessage().endswith("Undo takes it back.")
    assert window.pane.table.currentIndex().data() == "alice"
    press(window, Qt.Key.Key_Z, Ctrl)
    assert history.users[alice].email == "alice@home.example.org"


def test_restore_this_version_with_its_shortcut(qtbot, window, history):
    bob = select(window, "bob")
    history.update_user(bob, display_name="Robert Stone", active=False)
    view = window.docks.user_history.view
    view.setFocus()
    press(view, Qt.Key.Key_Home)  # the keys choose a row without going there
    assert view.currentIndex().row() == 0 and texts(view)[0].startswith("created as bob")
    assert not window.actions["actionRestoreValue"].isEnabled()  # a creation has no one value

    press(view, Qt.Key.Key_R, Ctrl | Shift)

    assert history.users[bob].display_name == "Bob Stone" and history.users[bob].active
    assert history.cursor == history.tip
    assert history.cursor_revision.label.startswith("Restore bob as of ")


def test_a_clashing_restore_is_refused_with_a_reason_and_nothing_written(qtbot, window, history,
                                                                          dialogs):
    alice = select(window, "alice")
    history.update_user(alice, username="alice.m")
    carol = select(window, "carol")
    history.update_user(carol, username="alice")
    revisions = history.length
    select(window, "alice.m")
    view = window.docks.user_history.view
    view.setCurrentIndex(view.model().index(0, 0))

    window.actions["actionRestoreVersion"].trigger()

    [said] = dialogs.kinds("error")
    assert said.startswith("Could not restore alice.m: username: cannot restore alice")
    assert "now belongs to another user. Rename that user first." in said
    assert history.length == revisions and history.users[alice].username == "alice.m"


def deleted_dialog(window) -> QDialog:
    return window.findChild(QDialog, "deletedUsersDialog")


def test_a_deleted_user_comes_back_from_the_deleted_users_view(qtbot, window, history):
    bob = select(window, "bob")
    history.update_user(bob, role="admin")
    window.actions["actionDeleteUser"].trigger()
    assert table_usernames(window) == ["alice", "carol"]

    window.actions["actionDeletedUsers"].trigger()
    dialog = deleted_dialog(window)
    qtbot.waitExposed(dialog)
    listed = dialog.findChild(QTreeWidget, "deletedUsersList")
    assert texts(listed, 0) == ["bob"] and texts(listed, 3) == ["admin"]
    dialog.findChild(QPushButton, "deletedUsersRestoreButton").click()

    assert table_usernames(window) == ["alice", "bob", "carol"]
    assert history.users[bob].role == "admin"
    assert window.pane.table.currentIndex().data() == "bob"
    assert history.cursor_revision.label.startswith("Restore bob as of ")
    assert texts(listed) == [] and "No user was deleted" in dialog.caption.text()
    window.actions["actionUndo"].trigger()  # the view follows the cursor
    assert texts(listed) == ["bob"]


def test_restoring_is_disabled_read_only(qtbot, readonly, make_window):
    window = make_window(readonly)
    select(window, "alice")
    view = window.docks.user_history.view
    view.setCurrentIndex(view.model().index(0, 0))
    assert not window.actions["actionRestoreVersion"].isEnabled()
    window.actions["actionDeletedUsers"].trigger()
    assert not deleted_dialog(window).findChild(QPushButton, "deletedUsersRestoreButton").isEnabled()


def test_nothing_to_restore_without_a_chosen_change(window):
    assert not window.actions["actionRestoreVersion"].isEnabled()
    assert not window.actions["actionRestoreValue"].isEnabled()
