"""The history panel: rows of the current branch, the cursor, branch points, branches."""

from __future__ import annotations

import re

import pytest
from history_logs import alice_id, build_log, shown
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView

from esdesktop import History
from esdesktop.gui.history_model import CURSOR_MARK, FORK_COLOUR, PAGE
from esdesktop.gui.history_panel import HistoryPanel

EDITS = 30
LAST = EDITS + 1


@pytest.fixture
def history(tmp_path):
    with build_log(tmp_path / "team.db", EDITS) as history:
        yield history


@pytest.fixture
def panel(qtbot, history):
    return shown(qtbot, HistoryPanel(), history, height=500)


def text(panel, row: int, column: int = 1) -> str:
    return panel.model.index(row, column).data()


def is_bold(panel, row: int) -> bool:
    font = panel.model.index(row, 1).data(Qt.ItemDataRole.FontRole)
    return font is not None and font.bold()


def click_row(qtbot, panel, row: int) -> None:
    view = panel.view
    index = panel.model.index(row, 1)
    view.scrollTo(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center())


def edit_in_the_past(history, position: int) -> None:
    history.seek(position)
    history.update_user(alice_id(history), email="alice@corp.example")


def test_one_row_per_revision_empty_first_newest_last(panel, history, qtmodeltester):
    assert panel.findChild(QTableView, "historyView") is panel.view
    assert panel.model.rowCount() == LAST + 1
    assert text(panel, 0) == "Empty log"
    assert text(panel, 1) == "Create user alice"
    assert text(panel, LAST) == f"{CURSOR_MARK}Change display name of alice"
    assert text(panel, 7, 0) == "7"
    assert re.fullmatch(r"\d\d:\d\d", text(panel, 7, 2))  # recorded today, shown local
    qtmodeltester.check(panel.model)


def test_the_cursor_row_is_highlighted_and_current(panel, history):
    assert is_bold(panel, LAST) and not is_bold(panel, LAST - 1)
    history.seek(4)
    assert is_bold(panel, 4) and not is_bold(panel, LAST)
    assert text(panel, 4).startswith(CURSOR_MARK)
    assert panel.view.currentIndex().row() == 4


def test_a_cursor_move_changes_two_rows_and_resets_nothing(qtbot, panel, history):
    changed, resets = [], []
    panel.model.dataChanged.connect(lambda top, bottom: changed.append((top.row(), bottom.row())))
    panel.model.modelReset.connect(lambda: resets.append(True))
    history.undo()
    assert sorted(changed) == [(LAST - 1, LAST - 1), (LAST, LAST)]
    assert resets == []


def test_an_edit_at_the_tip_appends_a_row(qtbot, panel, history, qtmodeltester):
    inserted, resets = [], []
    panel.model.rowsInserted.connect(lambda parent, first, last: inserted.append((first, last)))
    panel.model.modelReset.connect(lambda: resets.append(True))
    history.update_user(alice_id(history), email="alice@corp.example")
    assert inserted == [(LAST + 1, LAST + 1)] and resets == []
    assert text(panel, LAST + 1) == f"{CURSOR_MARK}Change email of alice"
    assert not is_bold(panel, LAST)
    qtmodeltester.check(panel.model)


def test_clicking_a_row_goes_there(qtbot, panel, history):
    click_row(qtbot, panel, 5)
    assert history.position == 5
    assert is_bold(panel, 5)


def test_enter_on_a_row_goes_there(qtbot, panel, history):
    panel.view.setFocus()
    panel.view.setCurrentIndex(panel.model.index(3, 1))
    qtbot.keyClick(panel.view, Qt.Key.Key_Down)
    qtbot.keyClick(panel.view, Qt.Key.Key_Return)
    assert history.position == 4


def test_an_edit_in_the_past_marks_a_branch_point_and_keeps_the_old_branch(
        qtbot, panel, history, qtmodeltester):
    edit_in_the_past(history, 10)
    assert panel.model.rowCount() == 12
    assert text(panel, 10) == "Change display name of alice \u2014 2 branches"
    assert text(panel, 11) == f"{CURSOR_MARK}Change email of alice"
    assert "2 branches start here" in panel.model.index(10, 1).data(Qt.ItemDataRole.ToolTipRole)
    assert panel.model.index(10, 1).data(Qt.ItemDataRole.ForegroundRole) == FORK_COLOUR
    assert panel.model.index(9, 1).data(Qt.ItemDataRole.ForegroundRole) is None
    qtmodeltester.check(panel.model)
    qtbot.waitUntil(lambda: panel.branches.count() == 2)
    assert panel.branches.isEnabled()
    assert panel.branches.currentText().startswith("This branch, up to revision 11 (")
    assert panel.branches.itemText(1).startswith(
        f"Branch up to revision {LAST}: Change display name of alice (")


def test_the_old_branch_can_be_switched_to_from_the_keyboard(qtbot, panel, history):
    old_tip = history.tip
    edit_in_the_past(history, 10)
    qtbot.waitUntil(lambda: panel.branches.count() == 2)
    qtbot.keyClick(panel.branches, Qt.Key.Key_Down)
    assert (history.tip, history.position) == (old_tip, LAST)
    assert panel.model.rowCount() == LAST + 1
    assert text(panel, LAST) == f"{CURSOR_MARK}Change display name of alice"
    qtbot.waitUntil(lambda: panel.branches.currentText().startswith(
        f"This branch, up to revision {LAST} ("))


def test_one_branch_leaves_the_picker_disabled(qtbot, panel):
    qtbot.waitUntil(lambda: panel.branch_map.known_tips() is not None)
    assert panel.branches.count() == 1
    assert not panel.branches.isEnabled()


def test_a_refused_switch_is_reported_as_a_sentence(qtbot, tmp_path):
    path = tmp_path / "team.db"
    with build_log(path, 5) as history:
        edit_in_the_past(history, 3)
    with History.open(path, readonly=True) as history:
        widget = shown(qtbot, HistoryPanel(), history)
        qtbot.waitUntil(widget.branches.isEnabled)  # once the branches are read
        with qtbot.waitSignal(widget.failed) as failed:
            qtbot.keyClick(widget.branches, Qt.Key.Key_Down)
        assert failed.args[0].startswith("Could not switch to that branch: ")
        assert "read-only" in failed.args[0]
        assert history.position == 4
        widget.set_history(None)  # before the log closes: the panel reads rows as it paints


def test_a_long_timeline_is_read_a_page_at_a_time(qtbot, tmp_path):
    pages = 6
    with build_log(tmp_path / "long.db", pages * PAGE) as history:
        widget = shown(qtbot, HistoryPanel(), history)
        assert widget.model.rowCount() == pages * PAGE + 2
        # the first page, and the ones holding the rows in view around the cursor
        assert set(widget.model.loaded_pages) <= {0, pages - 1, pages}
        history.seek(PAGE * 3)
        qtbot.wait(10)
        assert set(widget.model.loaded_pages) <= {0, 2, 3, pages - 1, pages}
        widget.set_history(None)


def test_without_a_log_the_panel_is_empty(panel, history):
    panel.set_history(None)
    assert panel.model.rowCount() == 0
    assert not panel.branches.isEnabled()
    history.undo()  # no longer followed
    assert panel.model.rowCount() == 0
