"""The editor, driven as a person would: typing, Apply, Enter, Escape, New, Delete."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from window_helpers import select, table_usernames

from esdesktop import History


def revisions_in_file(path) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT count(*) FROM revisions").fetchone()[0]


def retype(qtbot, edit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    QTest.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(edit, text)


def test_type_a_new_email_and_apply(qtbot, window, history):
    bob = select(window, "bob")
    editor = window.editor
    assert editor.fields["email"].edit.text() == "bob@example.com"
    assert not editor.apply_button.isEnabled()  # nothing changed yet
    retype(qtbot, editor.fields["email"].edit, "robert@example.com")
    assert editor.apply_button.isEnabled()
    qtbot.mouseClick(editor.apply_button, Qt.MouseButton.LeftButton)
    assert history.users[bob].email == "robert@example.com"
    assert history.cursor_revision.label == "Change email of bob"
    assert window.pane.model.index(window.pane.model.row_of(bob), 1).data() == "robert@example.com"
    assert not editor.apply_button.isEnabled()
    assert window.pane.selected_user == bob


def test_enter_applies_and_escape_reverts(qtbot, window, history):
    carol = select(window, "carol")
    edit = window.editor.fields["display_name"].edit
    retype(qtbot, edit, "Carol D.")
    QTest.keyClick(edit, Qt.Key.Key_Escape)
    assert edit.text() == "Carol Diaz"
    assert not window.editor.apply_button.isEnabled()
    retype(qtbot, edit, "Carol Diaz-Ortega")
    QTest.keyClick(edit, Qt.Key.Key_Return)
    assert history.users[carol].display_name == "Carol Diaz-Ortega"


def test_role_and_active_change_in_one_revision(qtbot, window, history):
    bob = select(window, "bob")
    editor = window.editor
    editor.role.setFocus()
    editor.role.setCurrentIndex(editor.role.findData("admin"))
    qtbot.mouseClick(editor.active, Qt.MouseButton.LeftButton)
    length = history.length
    QTest.keyClick(editor.active, Qt.Key.Key_Return)
    assert (history.users[bob].role, history.users[bob].active) == ("admin", False)
    assert history.length == length + 1


def test_an_invalid_email_is_explained_and_nothing_is_written(qtbot, window, history, log_path):
    bob = select(window, "bob")
    field = window.editor.fields["email"]
    before = revisions_in_file(log_path)
    retype(qtbot, field.edit, "bob@")
    assert field.error_label.isVisible()
    assert field.message.startswith("Email is not a valid address")
    assert not window.editor.apply_button.isEnabled()
    QTest.keyClick(field.edit, Qt.Key.Key_Return)
    qtbot.mouseClick(window.editor.apply_button, Qt.MouseButton.LeftButton)
    assert revisions_in_file(log_path) == before
    assert history.users[bob].email == "bob@example.com"
    retype(qtbot, field.edit, "bob@example.net")
    assert not field.error_label.isVisible()
    assert window.editor.apply_button.isEnabled()


def test_a_username_taken_is_refused_inline(qtbot, window, history, log_path, dialogs):
    select(window, "bob")
    field = window.editor.fields["username"]
    before = revisions_in_file(log_path)
    retype(qtbot, field.edit, "alice")
    assert window.editor.apply_button.isEnabled()  # unique only History can tell
    QTest.keyClick(field.edit, Qt.Key.Key_Return)
    assert field.error_label.isVisible() and "alice" in field.message.lower()
    assert not window.editor.apply_button.isEnabled()
    assert revisions_in_file(log_path) == before
    assert dialogs.said == []
    retype(qtbot, field.edit, "bobby")
    assert not field.error_label.isVisible()


def test_new_user_from_the_shortcut(qtbot, window, history):
    QTest.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    editor = window.editor
    assert editor.creating and editor.title.text() == "New user"
    assert editor.fields["username"].edit.hasFocus()
    assert not editor.apply_button.isEnabled()
    qtbot.keyClicks(editor.fields["username"].edit, "dora")
    qtbot.keyClicks(editor.fields["email"].edit, "dora@example.com")
    assert not editor.apply_button.isEnabled()  # the display name is still missing
    qtbot.keyClicks(editor.fields["display_name"].edit, "Dora Lind")
    QTest.keyClick(editor.fields["display_name"].edit, Qt.Key.Key_Enter)
    dora = next(uid for uid, user in history.users.items() if user.username == "dora")
    assert history.users[dora].role == "viewer" and history.users[dora].active
    assert window.pane.selected_user == dora
    assert table_usernames(window) == ["alice", "bob", "carol", "dora"]
    assert not editor.creating and editor.title.text() == "Editing dora"


def test_delete_user_from_the_table_and_undo(qtbot, window, history):
    bob = select(window, "bob")
    QTest.keyClick(window.pane.table, Qt.Key.Key_Delete)
    assert bob not in history.users
    assert table_usernames(window) == ["alice", "carol"]
    assert window.editor.title.text() == "User not present here"
    assert not window.actions["actionDeleteUser"].isEnabled()
    window.pane.table.setFocus()
    QTest.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert table_usernames(window) == ["alice", "bob", "carol"]
    assert window.pane.selected_user == bob  # the row comes back selected
    assert window.editor.title.text() == "Editing bob"


def test_a_read_only_log_cannot_be_edited(qtbot, make_window, log_path):
    with History.open(log_path, readonly=True) as history:
        window = make_window(history)
        select(window, "alice")
        editor = window.editor
        retype(qtbot, editor.fields["email"].edit, "a@example.com")
        assert not editor.apply_button.isEnabled()
        assert "read-only" in editor.status.text()
        for action in ("actionNewUser", "actionDeleteUser", "actionImportCsv"):
            assert not window.actions[action].isEnabled()
        assert "(read-only)" in window.windowTitle()
        window.close()


def test_typing_survives_a_change_to_the_same_user(qtbot, window, history):
    bob = select(window, "bob")
    retype(qtbot, window.editor.fields["email"].edit, "robert@example.com")
    history.update_user(bob, display_name="Bobby Stone")  # e.g. an undo, or the slider
    assert window.editor.fields["display_name"].edit.text() == "Bobby Stone"
    assert window.editor.fields["email"].edit.text() == "robert@example.com"
    assert window.editor.apply_button.isEnabled()
    QTest.keyClick(window.editor.fields["email"].edit, Qt.Key.Key_Return)
    assert history.users[bob].email == "robert@example.com"


def test_a_refused_write_is_told_and_the_typing_stays(qtbot, window, history, log_path, dialogs):
    bob = select(window, "bob")
    with History.open(log_path) as other:  # another program writes meanwhile
        other.create_user(username="dan", email="dan@example.com", display_name="Dan")
    edit = window.editor.fields["email"].edit
    retype(qtbot, edit, "robert@example.com")
    QTest.keyClick(edit, Qt.Key.Key_Return)
    [error] = dialogs.kinds("error")
    assert error.startswith("Another program saved changes to team.db while you were editing")
    assert edit.text() == "robert@example.com"
    assert "dan" in table_usernames(window)  # the editor had the window catch up
    assert edit.text() == "robert@example.com"
    QTest.keyClick(edit, Qt.Key.Key_Return)
    assert history.users[bob].email == "robert@example.com"


def test_a_long_value_shows_its_start_when_a_user_is_selected(qtbot, window, history):
    """A value wider than its field is shown from its first character, as a person reads
    it, not scrolled to its end (where setText leaves the text cursor)."""
    long_email = "alexandra.konstantinopoulou.the.third@subdivision.example.com"
    history.update_user(select(window, "bob"), email=long_email)
    select(window, "alice")
    select(window, "bob")
    edit = window.editor.fields["email"].edit
    assert edit.text() == long_email
    assert edit.fontMetrics().horizontalAdvance(long_email) > edit.width()  # it does not fit
    assert edit.cursorPosition() == 0
