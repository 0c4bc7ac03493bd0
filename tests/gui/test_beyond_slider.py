"""The timeline slider shows where things happened: checkpoints and branch points on its
track, and a position's label and time on hover or focus."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QHelpEvent, QImage
from PySide6.QtWidgets import QApplication, QToolTip

from esdesktop.gui.timeline_marks import CHECKPOINT_COLOUR


def marks(window):
    return window.beyond.marks


def test_checkpoints_and_branch_points_are_marked(qtbot, window, history):
    alice = next(uid for uid, user in history.users.items() if user.username == "alice")
    history.seek(1)
    history.update_user(alice, role="viewer")  # a branch leaves position 1
    assert marks(window).forks == [1]
    window.beyond.book.add("Alice a viewer")
    assert marks(window).checkpoints == {2: ["Alice a viewer"]}
    history.goto(3)  # the first branch again: the checkpoint is on the other one
    assert marks(window).forks == [1] and marks(window).checkpoints == {}


def test_the_marks_are_drawn_where_the_positions_are(qtbot, window, history):
    history.seek(2)
    window.beyond.book.add("Two")
    overlay, slider = marks(window), window.docks.timeline.slider
    assert overlay.size() == slider.size()
    xs = [overlay.x_of(position) for position in range(slider.maximum() + 1)]
    assert xs == sorted(xs) and len(set(xs)) == len(xs)
    assert [overlay.position_at(x) for x in xs] == list(range(slider.maximum() + 1))
    image = QImage(overlay.size(), QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    overlay.render(image)
    flag = [x for x in range(image.width()) for y in range(image.height())
            if image.pixelColor(x, y) == CHECKPOINT_COLOUR]
    assert flag and abs(sum(flag) / len(flag) - overlay.x_of(2)) <= 1


def test_hovering_a_position_tells_its_label_and_time(qtbot, window, history):
    window.beyond.book.add("Three people")
    slider = window.docks.timeline.slider
    point = QPoint(marks(window).x_of(3), slider.height() // 2)
    event = QHelpEvent(QEvent.Type.ToolTip, point, slider.mapToGlobal(point))
    QApplication.sendEvent(slider, event)
    tip = QToolTip.text()
    assert tip.startswith("Revision 3 of 3: Create user carol\n")
    assert "Checkpoint: Three people" in tip and "Left and Right step one revision" in tip
    point = QPoint(marks(window).x_of(1), slider.height() // 2)
    QApplication.sendEvent(slider, QHelpEvent(QEvent.Type.ToolTip, point, slider.mapToGlobal(point)))
    assert QToolTip.text().startswith("Revision 1 of 3: Create user alice\n")


def test_moving_with_the_keys_tells_the_position_reached(qtbot, window, history):
    slider = window.docks.timeline.slider
    slider.setFocus()
    qtbot.waitUntil(slider.hasFocus)
    qtbot.keyClick(slider, Qt.Key.Key_Left)
    assert QToolTip.text().startswith("Revision 2 of 3: Create user bob\n")
    qtbot.waitUntil(lambda: history.position == 2)


def test_branch_marks_follow_edits_without_reading_everything(qtbot, window, history):
    """After each edit the marks equal a full read of the branch points."""
    alice = next(uid for uid, user in history.users.items() if user.username == "alice")
    steps = [lambda: history.update_user(alice, role="viewer"),   # at the tip
             lambda: history.seek(1),
             lambda: history.update_user(alice, role="editor"),   # a branch at 1
             lambda: history.update_user(alice, active=False),    # at the new tip
             lambda: history.seek(2),
             lambda: history.update_user(alice, role="admin"),    # a branch at 2
             lambda: history.goto(4),                             # the first branch again
             lambda: history.seek(0),
             lambda: history.create_user(username="zed", email="z@example.com",
                                         display_name="Zed")]     # a branch at the root
    for step in steps:
        step()
        assert marks(window).forks == history.branch_points()
    assert marks(window).forks == [0]
