"""Every step through history costs what the first one did and no more than it must: the
toolbar keeps one connection per action, no action but Undo and Redo changes, and the
slider's marks are drawn again only when they change."""

from __future__ import annotations

from PySide6.QtCore import SIGNAL, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QToolButton

from esdesktop.gui.timeline_marks import FORK_COLOUR


def test_undo_and_redo_leave_no_connections_behind(qtbot, window, history):
    undo, redo = window.actions["actionUndo"], window.actions["actionRedo"]
    before = [action.receivers(SIGNAL("changed()")) for action in (undo, redo)]
    for _ in range(3):
        undo.trigger()
    for _ in range(3):
        redo.trigger()
    assert undo.text().replace("&", "").startswith("Undo Create user")  # the text moved
    assert [action.receivers(SIGNAL("changed()")) for action in (undo, redo)] == before
    button = window.findChild(QToolButton, "actionUndoButton")
    assert button.toolTip() == undo.toolTip() and button.isEnabled()
    assert button.text() == "Undo"  # steady: a text that moved would relayout the toolbar


def fork_columns(marks) -> set[int]:
    """The x positions where a branch-point diamond is painted."""
    image = QImage(marks.size(), QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    marks.render(image)
    return {x for x in range(image.width()) for y in range(image.height())
            if image.pixelColor(x, y) == FORK_COLOUR}


def test_the_marks_are_drawn_again_when_branches_or_the_range_change(qtbot, window, history):
    marks = window.beyond.marks
    qtbot.waitUntil(lambda: window.docks.history.branch_map.known_forks() is not None)
    assert fork_columns(marks) == set()
    alice = next(uid for uid, user in history.users.items() if user.username == "alice")
    history.seek(2)
    history.update_user(alice, role="viewer")  # a branch leaves position 2 (of 3)
    drawn = fork_columns(marks)
    assert drawn and abs(sum(drawn) / len(drawn) - marks.x_of(2)) <= 1
    for number in range(3):  # the range grows: position 2 moves left on the track
        history.update_user(alice, display_name=f"Alice {number}")
    moved = fork_columns(marks)
    assert abs(sum(moved) / len(moved) - marks.x_of(2)) <= 1 and moved != drawn


def test_a_cursor_move_changes_no_action_but_undo_and_redo(qtbot, window, history):
    changed = []
    for action_id, action in window.actions.items():
        if action_id not in ("actionUndo", "actionRedo"):
            action.changed.connect(lambda action_id=action_id: changed.append(action_id))
    window.actions["actionUndo"].trigger()
    window.docks.timeline.slider.setValue(1)
    qtbot.waitUntil(lambda: history.position == 1)
    window.actions["actionRedo"].trigger()
    assert changed == []  # (each change relayouts the toolbar or a menu)


def test_the_timeline_length_follows_edits_and_branch_switches(qtbot, window, history):
    """The widgets read the timeline's length once per tip: an edit (a new tip) and a
    branch switch (another tip) must both show."""
    label, banner = window.docks.timeline.label_text, window.banner
    alice = next(uid for uid, user in history.users.items() if user.username == "alice")
    assert window.docks.timeline.label_text.startswith("Revision 3 of 3 ")
    history.update_user(alice, role="viewer")  # at the tip: 4 of 4
    assert window.docks.timeline.label_text.startswith("Revision 4 of 4 ")
    old_tip = history.tip
    history.seek(1)
    assert window.docks.timeline.label_text.startswith("Revision 1 of 4 ")
    history.update_user(alice, role="editor")  # a branch at 1: 2 of 2
    assert window.docks.timeline.label_text.startswith("Revision 2 of 2 ")
    assert window.docks.timeline.slider.maximum() == 2 and not banner.isVisible()
    history.undo()
    assert window.docks.timeline.label_text.startswith("Revision 1 of 2 ") and banner.isVisible()
    history.goto(old_tip)  # the first branch again: 4 of 4
    assert window.docks.timeline.label_text.startswith("Revision 4 of 4 ")
    history.seek(2)
    assert window.docks.timeline.label_text.startswith("Revision 2 of 4 ") and banner.isVisible()
    assert label != window.docks.timeline.label_text
    window.docks.timeline.slider.setValue(4)
    qtbot.waitUntil(lambda: history.position == 4)
    assert not banner.isVisible()
