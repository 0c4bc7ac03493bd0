"""The window as a whole: undo and redo through its own shortcuts, the docks, keyboard
and accessibility, About, the empty state."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QDockWidget,
    QLabel,
    QLineEdit,
    QSlider,
    QWidget,
)
from window_helpers import select, table_usernames

from esdesktop import History, __version__
from esdesktop.gui import MainWindow

Ctrl, Shift = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


def test_required_object_names(window):
    for kind, name in ((QAbstractItemView, "usersTable"), (QWidget, "userEditor"),
                       (QLineEdit, "searchField"), (QSlider, "timelineSlider"),
                       (QAbstractItemView, "historyView")):
        assert window.findChild(kind, name) is not None, name
    for name in ("actionUndo", "actionRedo", "actionNewUser", "actionDeleteUser"):
        assert window.findChild(QAction, name) is not None, name


def test_undo_and_redo_through_the_window_shortcuts(qtbot, window, history):
    undo, redo = window.actions["actionUndo"], window.actions["actionRedo"]
    assert undo.isEnabled() and not redo.isEnabled()
    assert undo.text().replace("&", "") == "Undo Create user carol"
    window.pane.table.setFocus()
    QTest.keyClick(window, Qt.Key.Key_Z, Ctrl)
    assert table_usernames(window) == ["alice", "bob"]
    assert undo.text().replace("&", "") == "Undo Create user bob"
    assert redo.isEnabled() and redo.text().replace("&", "") == "Redo Create user carol"
    QTest.keyClick(window, Qt.Key.Key_Z, Ctrl)
    QTest.keyClick(window, Qt.Key.Key_Z, Ctrl)
    assert table_usernames(window) == [] and not undo.isEnabled()
    assert undo.text() == "&Undo"
    assert window.pane.stack.currentWidget() is window.pane.empty
    QTest.keyClick(window, Qt.Key.Key_Z, Ctrl)  # nothing left: nothing happens
    assert history.position == 0
    QTest.keyClick(window, Qt.Key.Key_Z, Ctrl | Shift)
    assert table_usernames(window) == ["alice"]
    QTest.keyClick(window, Qt.Key.Key_Y, Ctrl)
    assert table_usernames(window) == ["alice", "bob"]
    assert history.position == 2


def test_undo_names_the_last_edit(qtbot, window, history):
    bob = select(window, "bob")
    history.update_user(bob, email="robert@example.com")
    assert window.actions["actionUndo"].text().replace("&", "") == "Undo Change email of bob"
    assert "Undo “Change email of bob”" in window.actions["actionUndo"].toolTip()


def test_moving_the_slider_changes_the_table(qtbot, window, history):
    slider = window.docks.timeline.slider
    assert slider.value() == 3
    slider.setFocus()
    QTest.keyClick(slider, Qt.Key.Key_Home)
    qtbot.waitUntil(lambda: history.position == 0)
    assert table_usernames(window) == []
    assert window.banner.isVisible()
    assert "new branch" in window.banner.text()
    slider.setValue(2)
    qtbot.waitUntil(lambda: history.position == 2)
    assert table_usernames(window) == ["alice", "bob"]
    QTest.keyClick(slider, Qt.Key.Key_End)
    qtbot.waitUntil(lambda: history.position == 3)
    assert table_usernames(window) == ["alice", "bob", "carol"]
    assert not window.banner.isVisible()


def test_clicking_a_history_row_goes_there(qtbot, window, history):
    view = window.docks.history.view
    index = view.model().index(1, 1)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center())
    assert history.position == 1
    assert table_usernames(window) == ["alice"]
    assert window.docks.timeline.slider.value() == 1


def test_an_edit_in_the_past_starts_a_branch_and_the_old_one_stays(qtbot, window, history):
    old_tip = history.tip
    window.docks.timeline.slider.setValue(2)
    qtbot.waitUntil(lambda: history.position == 2)
    bob = select(window, "bob")
    edit = window.editor.fields["email"].edit
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, "robert@example.com")
    QTest.keyClick(edit, Qt.Key.Key_Return)
    assert table_usernames(window) == ["alice", "bob"]  # carol was on the other branch
    assert history.users[bob].email == "robert@example.com"
    assert history.position == 3 and history.length == 4 and history.tip != old_tip
    assert not window.banner.isVisible()
    picker = window.docks.history.branches
    qtbot.waitUntil(lambda: picker.count() == 2)  # the panel lists branches once idle
    assert picker.isEnabled()
    old = picker.findData(old_tip)
    picker.setCurrentIndex(old)
    picker.activated.emit(old)
    assert history.tip == old_tip
    assert table_usernames(window) == ["alice", "bob", "carol"]
    assert window.pane.selected_user == bob
    assert window.editor.fields["email"].edit.text() == "bob@example.com"


def test_selecting_a_user_shows_its_changes(qtbot, window, history):
    bob = select(window, "bob")
    history.update_user(bob, display_name="Robert Stone")
    changes = window.docks.user_history
    assert changes.model.rowCount() >= 2
    assert "bob" in changes.caption.text()


def test_every_control_has_a_name_and_a_tooltip(window):
    kinds = (QAbstractButton, QLineEdit, QComboBox, QAbstractItemView, QSlider)
    controls = [w for kind in kinds for w in window.findChildren(kind)
                if w.focusPolicy() != Qt.FocusPolicy.NoFocus and w.isVisibleTo(window)]
    assert len(controls) > 12
    missing = [w.objectName() or type(w).__name__ for w in controls
               if not w.accessibleName() or not w.toolTip()]
    assert missing == []
    for action in window.actions.values():
        assert action.toolTip() and action.statusTip(), action.objectName()


def test_keyboard_reaches_every_part(qtbot, window):
    focus = {"actionFocusTable": window.pane.table,
             "actionFocusTimeline": window.docks.timeline.slider,
             "actionFocusHistory": window.docks.history.view,
             "actionFocusUserHistory": window.docks.user_history.view,
             "actionFind": window.pane.search}
    for action_id, target in focus.items():
        window.actions[action_id].trigger()
        assert target.hasFocus(), action_id
    select(window, "alice")
    window.pane.search.setFocus()
    order = []
    for _ in range(7):
        QTest.keyClick(window.focusWidget(), Qt.Key.Key_Tab)
        order.append(window.focusWidget().objectName())
    assert order == ["usersTable", "usernameField", "emailField", "display_nameField",
                     "roleField", "activeField", "revertButton"]  # Apply: nothing to apply


def test_mnemonics_are_not_shared(window):
    """Alt+letter reaches one thing: menus, field labels, buttons (docks included)."""
    texts = [w.text() for kind in (QLabel, QAbstractButton) for w in window.findChildren(kind)]
    texts += [action.text() for action in window.menuBar().actions()]
    keys = [t[t.index("&") + 1].lower() for t in texts if "&" in t.replace("&&", "")]
    assert len(keys) >= 12
    assert sorted(keys) == sorted(set(keys)), texts


def test_about_shows_version_and_file(window, dialogs, history):
    window.actions["actionAbout"].trigger()
    html = dialogs.kinds("about")[-1]
    assert __version__ in html and str(history.path) in html


def test_title_names_the_file(window, history):
    assert window.windowTitle().startswith("team.db")
    assert window.windowFilePath() == str(history.path)


def test_an_empty_log_explains_how_to_start(qtbot, make_window, tmp_path):
    with History.create(tmp_path / "empty.db") as history:
        window = make_window(history)
        empty = window.pane.empty
        assert window.pane.stack.currentWidget() is empty
        assert "no users yet" in empty.heading.text()
        labels = [button.text().replace("&", "") for button in empty.buttons]
        assert labels == ["New user", "Import a CSV file…", "Load the 200 sample users"]
        qtbot.mouseClick(empty.buttons[0], Qt.MouseButton.LeftButton)
        assert window.editor.creating
        window.close()


def test_no_log_open(qtbot, settings, dialogs):
    window = MainWindow(None, settings=settings, dialogs=dialogs)
    qtbot.addWidget(window)
    assert window.windowTitle() == "esdesktop"
    assert window.pane.empty.heading.text() == "No log is open"
    for action_id in ("actionUndo", "actionNewUser", "actionImportCsv", "actionExport"):
        assert not window.actions[action_id].isEnabled()
    assert window.findChild(QDockWidget, "timelineDock") is not None


def test_the_views_frame_shows_which_has_keyboard_focus(qtbot, window):
    """The users table and the history view draw their own frames (no style sheet border,
    which slowed every repaint): 1 px in the line colour, 2 px in the accent while
    focused. Checked on the pixels drawn."""
    from esdesktop.gui.resources import style_sheet
    from esdesktop.gui.view_frame import ACCENT, LINE

    window.setStyleSheet(style_sheet())  # the app's look (set on the application there)
    table = window.findChild(QAbstractItemView, "usersTable")
    history = window.findChild(QAbstractItemView, "historyView")

    def edge(view, inset: int):
        return view.grab().toImage().pixelColor(inset, view.height() // 2)

    table.setFocus()
    qtbot.waitUntil(table.hasFocus)
    assert edge(table, 0) == ACCENT and edge(table, 1) == ACCENT
    assert edge(history, 0) == LINE and edge(history, 1) != LINE
    history.setFocus()
    qtbot.waitUntil(history.hasFocus)
    assert edge(history, 0) == ACCENT and edge(history, 1) == ACCENT
    assert edge(table, 0) == LINE and edge(table, 1) != LINE
