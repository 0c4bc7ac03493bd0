"""A step through history repaints and relays out only what it changes, and what the
window shows stays true: the users table leaves rows out of sight alone, scroll bars
repaint only when their handle moves, the timeline's text relays out nothing, the history
panel scrolls by a row when the cursor steps out of sight, and the models answer a
delegate's roles in one call exactly as ``data`` answers them one by one."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from history_logs import build_log, shown
from PySide6.QtCore import QEvent, QModelRoleData, QModelRoleDataSpan, QObject, QPoint, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from esdesktop import History
from esdesktop.gui.history_panel import HistoryPanel
from esdesktop.gui.steady import SteadyScrollBar, SteadyText
from esdesktop.gui.users_model import USER_ID_ROLE

CROWD = 2000  # (a row more or less moves the scroll bar handle by less than a pixel)
RGB = QImage.Format.Format_RGB32
ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.FontRole,
         Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.BackgroundRole,
         Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.CheckStateRole,
         Qt.ItemDataRole.DecorationRole, USER_ID_ROLE)


class Seen(QObject):
    """Counts the events of one type that reach the widgets it watches."""

    def __init__(self, kind: QEvent.Type, widgets):
        super().__init__()
        self.kind, self.by = kind, []
        for widget in widgets:
            widget.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == self.kind:
            self.by.append(watched.objectName() or type(watched).__name__)
        return False


@contextmanager
def seen(kind: QEvent.Type, *widgets):
    counter = Seen(kind, widgets)
    yield counter.by
    for widget in widgets:
        widget.removeEventFilter(counter)


def settle(qtbot) -> None:
    """Let Qt run its delayed layouts and repaint."""
    qtbot.wait(30)


def on_screen(widget) -> QImage:
    """What the window last drew of ``widget`` (the offscreen platform's backing store)."""
    window, corner = widget.window(), widget.mapTo(widget.window(), QPoint(0, 0))
    return window.screen().grabWindow(window.winId(), corner.x(), corner.y(), widget.width(),
                                      widget.height()).toImage().convertToFormat(RGB)


def drawn_now(widget) -> QImage:
    """``widget`` (an opaque one) painted afresh."""
    return widget.grab().toImage().convertToFormat(RGB)


@pytest.fixture
def crowd(tmp_path):
    """A log of CROWD users, user0000 to user1999, imported as one revision."""
    with History.create(tmp_path / "crowd.db", durable=False) as history:
        history.create_users([(n, {"username": f"user{n:04d}", "email": f"u{n}@example.com",
                                   "display_name": f"User {n}", "role": "viewer",
                                   "active": True}) for n in range(CROWD)], "Import")
        yield history


@pytest.fixture
def crowd_window(make_window, crowd):
    return make_window(crowd)


def test_rows_coming_and_going_below_sight_repaint_nothing_and_none_is_stale(
        qtbot, crowd_window, crowd, qtmodeltester):
    table, model = crowd_window.pane.table, crowd_window.pane.model
    viewport = table.viewport()
    settle(qtbot)
    assert 5 < table.rowAt(viewport.height() - 1) < 150  # the table scrolls
    crowd.delete_user(model.user_id(150))
    crowd.update_user(model.user_id(180), email="later@example.com")
    crowd_window.actions["actionUndo"].trigger()  # (the banner shows: the table moves)
    settle(qtbot)
    bar = table.verticalScrollBar()
    with seen(QEvent.Type.Paint, viewport, table, bar, table.horizontalScrollBar()) as painted:
        crowd_window.actions["actionUndo"].trigger()  # user150 is back, below sight
        settle(qtbot)
        assert model.rowCount() == CROWD and model.index(150, 0).data() == "user0150"
        assert bar.maximum() > bar.value() == 0
        for action_id in ("actionRedo", "actionUndo"):
            crowd_window.actions[action_id].trigger()
            settle(qtbot)
    assert painted == []
    quiet = bar.maximum()
    table.updateGeometries()  # Qt's own layout finds the scroll range as it was set
    assert bar.maximum() == quiet
    assert model.rowCount() == CROWD and model.index(151, 0).data() == "user0151"
    assert on_screen(viewport) == drawn_now(viewport)
    qtmodeltester.check(model)


def test_the_last_row_below_sight_going_hides_the_scroll_bar(qtbot, crowd_window, crowd):
    table, model = crowd_window.pane.table, crowd_window.pane.model
    settle(qtbot)
    fit = table.viewport().height() // table.verticalHeader().defaultSectionSize()
    with crowd.batch("Keep a screenful and one more"):
        for user_id in [model.user_id(row) for row in range(fit + 1, CROWD)]:
            crowd.delete_user(user_id)
    settle(qtbot)
    assert table.verticalScrollBar().isVisible()
    crowd.delete_user(model.user_id(fit))
    settle(qtbot)
    assert model.rowCount() == fit and not table.verticalScrollBar().isVisible()
    assert on_screen(table.viewport()) == drawn_now(table.viewport())


def test_rows_coming_and_going_in_sight_repaint_the_table(qtbot, crowd_window, crowd):
    table, model = crowd_window.pane.table, crowd_window.pane.model
    viewport = table.viewport()
    settle(qtbot)
    with seen(QEvent.Type.Paint, viewport) as painted:
        crowd.delete_user(model.user_id(2))
        settle(qtbot)
    assert painted and model.index(2, 0).data() == "user0003"
    assert on_screen(viewport) == drawn_now(viewport)
    with seen(QEvent.Type.Paint, viewport) as painted:
        crowd_window.actions["actionUndo"].trigger()
        settle(qtbot)
    assert painted and model.index(2, 0).data() == "user0002"
    assert on_screen(viewport) == drawn_now(viewport)


def test_a_scrolled_table_repaints_for_a_row_gone_above_sight(qtbot, crowd_window, crowd):
    table, model = crowd_window.pane.table, crowd_window.pane.model
    viewport = table.viewport()
    table.scrollTo(model.index(120, 0))
    settle(qtbot)
    crowd.delete_user(model.user_id(3))  # every row in sight moves up one
    settle(qtbot)
    assert on_screen(viewport) == drawn_now(viewport)


def test_the_scroll_bar_repaints_only_when_its_handle_moves(qtbot):
    bar = SteadyScrollBar(Qt.Orientation.Vertical)
    bar.setRange(0, 100_000)
    _show(qtbot, bar)
    settle(qtbot)
    with seen(QEvent.Type.Paint, bar) as painted:
        bar.setMaximum(100_001)  # less than a pixel on 300 pixels
        bar.setValue(1)
        settle(qtbot)
    assert painted == []
    with seen(QEvent.Type.Paint, bar) as painted:
        bar.setValue(50_000)
        settle(qtbot)
    assert painted
    with seen(QEvent.Type.Paint, bar) as painted:
        bar.setMaximum(10)
        settle(qtbot)
    assert painted


def _show(qtbot, widget, width: int = 14, height: int = 300) -> None:
    qtbot.addWidget(widget)
    widget.resize(width, height)
    widget.show()
    qtbot.waitExposed(widget)


def test_steps_in_the_past_relay_out_neither_the_timeline_nor_the_window(qtbot, window, history):
    alice = next(uid for uid, user in history.users.items() if user.username == "alice")
    for number in range(3):
        history.update_user(alice, display_name=f"Alice {number}")
    window.actions["actionUndo"].trigger()  # the banner appears: that relays out, once
    settle(qtbot)
    timeline = window.docks.timeline
    with seen(QEvent.Type.LayoutRequest, window, timeline, window.docks.docks["timeline"]) as asked:
        window.actions["actionUndo"].trigger()
        settle(qtbot)
        window.actions["actionRedo"].trigger()
        settle(qtbot)
    assert asked == []
    assert timeline.label_text.startswith("Revision 5 of 6 ")
    for part in (timeline.slider, window.findChild(QLabel, "timelineLabel")):
        assert on_screen(part) == drawn_now(part)


def test_the_steady_text_takes_the_lines_its_text_needs(qtbot):
    holder = QWidget()
    text = SteadyText("caption", wrap=True)
    layout = QVBoxLayout(holder)
    layout.addWidget(text)
    layout.addStretch(1)
    _show(qtbot, holder, width=160, height=200)
    text.setText("Short")
    settle(qtbot)
    one_line = text.height()
    text.setText("A label long enough to need a few lines at this narrow width")
    settle(qtbot)
    assert text.height() > one_line and text.label.height() == text.height()
    assert text.text().startswith("A label long")
    text.setText("Short again")
    settle(qtbot)
    assert text.height() == one_line


def test_a_steady_text_set_before_it_is_shown_gets_the_room_its_text_needs(qtbot):
    """Set while hidden (a window built with its log), no LayoutRequest reaches the holder:
    the window used to open with "63,127 users" squeezed to its first digit."""
    holder = QWidget()
    text = SteadyText("count")
    layout = QHBoxLayout(holder)
    layout.addWidget(QLabel("Search:"))
    layout.addWidget(QWidget(), 1)
    layout.addWidget(text)
    layout.activate()  # sized once for no text, as the window's layout is while it is built
    text.setText("63,127 users")
    _show(qtbot, holder, width=400, height=40)
    settle(qtbot)
    assert text.width() >= text.label.sizeHint().width() > 40


@pytest.fixture
def long_panel(qtbot, tmp_path):
    """A history panel on a timeline of 122 revisions, 300 pixels high."""
    with build_log(tmp_path / "long.db", 120) as history:
        panel = shown(qtbot, HistoryPanel(), history, height=300)
        yield panel
        panel.set_history(None)  # (before the log closes)


def test_a_step_out_of_sight_scrolls_the_history_by_one_row(qtbot, long_panel):
    panel, history = long_panel, long_panel._link.history
    view, bar = panel.view, panel.view.verticalScrollBar()
    settle(qtbot)
    assert bar.value() > 0  # the cursor's row, the last, is in sight
    while panel._in_sight(history.position - 1):
        history.undo()
    top = bar.value()
    history.undo()  # out of sight above: one row
    assert bar.value() == top - 1 and panel._in_sight(history.position)
    history.seek(40)  # a jump: the row is centred
    assert abs(view.rowAt(view.viewport().height() // 2) - 40) <= 1


def assert_multi_data_is_data(model) -> None:
    """``multiData`` answers each role as ``data`` does, cell after cell in one span per
    role, as a delegate reuses its span: a role left unset would keep the last value."""
    spans = {role: QModelRoleData(role) for role in ROLES}
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            index = model.index(row, column)
            for role, found in spans.items():
                model.multiData(index, QModelRoleDataSpan(found))
                assert found.data() == model.data(index, role), (row, column, role)


def test_every_role_answered_at_once_is_the_role_answered_alone(qtbot, window, history):
    bob = next(uid for uid, user in history.users.items() if user.username == "bob")
    history.update_user(bob, active=False)  # a greyed row
    window.pane.select_user(bob)
    history.undo()  # one row of bob's changes now lies ahead of the cursor (greyed)
    assert_multi_data_is_data(window.pane.model)
    assert_multi_data_is_data(window.docks.history.model)
    assert_multi_data_is_data(window.docks.user_history.model)


@pytest.fixture
def renamed_window(make_window, history):
    """The window on the three people, then 30 renames of alice: a jump far back starts
    from a fresh state, so its notice names no users and the table is rebuilt."""
    alice = next(uid for uid, user in history.users.items() if user.username == "alice")
    for number in range(30):
        history.update_user(alice, display_name=f"Alice {number}")
    return make_window(history)


def jump(qtbot, window, position: int) -> None:
    window.docks.timeline.slider.setValue(position)
    qtbot.waitUntil(lambda: window.history.position == position)
    settle(qtbot)


def test_a_jump_paints_the_table_once_and_leaves_the_empty_editor_alone(
        qtbot, renamed_window, history):
    window = renamed_window
    viewport = window.pane.table.viewport()
    jump(qtbot, window, 20)  # into the past: the banner appears, the centre relays out
    with seen(QEvent.Type.Paint, viewport) as painted, \
            seen(QEvent.Type.LayoutRequest, window.editor) as relaid, \
            qtbot.waitSignal(window.pane.model.modelReset):
        jump(qtbot, window, 2)  # alice and bob
    assert len(painted) == 1 and relaid == []
    assert [window.pane.model.index(row, 0).data() for row in range(2)] == ["alice", "bob"]
    assert on_screen(viewport) == drawn_now(viewport)


def test_after_a_jump_the_user_index_waits_until_needed_and_rows_stay_right(
        qtbot, renamed_window, history, qtmodeltester):
    model = renamed_window.pane.model
    with qtbot.waitSignal(model.modelReset):
        history.seek(3)
    assert model._unindexed is not None  # not made at the jump
    carol = next(uid for uid, user in history.users.items() if user.username == "carol")
    assert model.row_of(carol) == 2 and model._unindexed is not None  # found without it
    assert model._keys and model._unindexed is None  # made when needed (an update's)
    history.seek(history.length - 1)  # (forward: a walk, naming alice)
    with qtbot.waitSignal(model.modelReset):
        history.seek(4)
    qtbot.waitUntil(lambda: model._unindexed is None, timeout=2000)  # made once still
    history.seek(history.length - 1)
    with qtbot.waitSignal(model.modelReset):
        history.seek(2)
    history.undo()  # a notice naming bob, right after a jump: the rows follow it
    assert [model.index(row, 0).data() for row in range(model.rowCount())] == ["alice"]
    qtmodeltester.check(model)


def test_the_history_answers_every_role_at_once_on_a_fork(qtbot, window, history):
    """The history panel works out a painted cell's roles together: the fork's colour and
    the cursor's bold font as ``data`` gives them."""
    bob = next(uid for uid, user in history.users.items() if user.username == "bob")
    history.undo()
    history.update_user(bob, display_name="Bob on a branch")  # the parent now forks
    history.undo()  # the cursor on the fork
    model = window.docks.history.model
    foreground = Qt.ItemDataRole.ForegroundRole
    assert model.data(model.index(model.cursor_row, 1), foreground) is not None
    assert model.data(model.index(model.cursor_row, 1), Qt.ItemDataRole.FontRole).bold()
    assert_multi_data_is_data(model)
