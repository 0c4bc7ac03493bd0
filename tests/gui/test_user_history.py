"""Per-user history: a user's changes, each one a way to go to its revision."""

from __future__ import annotations

import pytest
from history_logs import add_alice, shown
from PySide6.QtCore import Qt

from esdesktop import History
from esdesktop.gui.user_history import FUTURE_COLOUR, UserHistoryView


@pytest.fixture
def history(tmp_path):
    with History.create(tmp_path / "team.db", durable=False) as history:
        yield history


@pytest.fixture
def alice(history):
    """Alice, created (1), changed twice (2, 3: two fields at once), Bob created (4),
    Alice deleted (5)."""
    alice = add_alice(history)
    history.update_user(alice, email="alice@corp.example")
    history.update_user(alice, role="admin", active=False)
    history.create_user(username="bob", email="bob@example.com", display_name="Bob",
                        role="viewer", active=True)
    history.delete_user(alice)
    return alice


@pytest.fixture
def view(qtbot, history):
    return shown(qtbot, UserHistoryView(), history, width=480, height=300)


def column(view, number: int) -> list[str]:
    model = view.model
    return [model.index(row, number).data() for row in range(model.rowCount())]


def test_one_row_per_field_change_with_when_and_revision(view, alice, qtmodeltester):
    view.set_user(alice)
    assert column(view, 0) == [
        "created as alice (alice@example.com, editor)",
        "email: alice@example.com \u2192 alice@corp.example",
        "role: editor \u2192 admin",
        "active: yes \u2192 no",
        "deleted (alice)",
    ]
    assert column(view, 2) == ["1", "2", "3", "3", "5"]
    assert all(len(when) == 5 and when[2] == ":" for when in column(view, 1))
    assert view.caption.text() == "Changes to alice, oldest first:"
    qtmodeltester.check(view.model)


def test_activating_a_row_goes_to_its_revision(qtbot, view, history, alice):
    view.set_user(alice)
    view.view.setFocus()
    view.view.setCurrentIndex(view.model.index(0, 0))
    qtbot.keyClick(view.view, Qt.Key.Key_Down)
    qtbot.keyClick(view.view, Qt.Key.Key_Return)
    assert history.position == 2
    assert history.users[alice].email == "alice@corp.example"


def test_double_click_goes_there_too(qtbot, view, history, alice):
    view.set_user(alice)
    rect = view.view.visualRect(view.model.index(0, 0))
    viewport = view.view.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    assert history.position == 5  # a single click only selects
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    assert history.position == 1


def test_changes_after_the_cursor_are_greyed(view, history, alice):
    view.set_user(alice)
    history.seek(2)
    colours = [view.model.index(row, 0).data(Qt.ItemDataRole.ForegroundRole)
               for row in range(view.model.rowCount())]
    assert colours == [None, None, FUTURE_COLOUR, FUTURE_COLOUR, FUTURE_COLOUR]
    assert "going there moves forward" in view.model.index(4, 0).data(Qt.ItemDataRole.ToolTipRole)


def test_an_edit_in_the_past_drops_the_changes_of_the_old_branch(view, history, alice,
                                                                qtmodeltester):
    view.set_user(alice)
    history.seek(2)
    history.update_user(alice, display_name="Alice Smith")
    assert column(view, 0)[-1] == "display name: Alice \u2192 Alice Smith"
    assert column(view, 2) == ["1", "2", "3"]
    qtmodeltester.check(view.model)


def test_edits_of_others_at_the_tip_keep_the_rows(view, history, alice):
    bob = next(uid for uid, user in history.users.items() if user.username == "bob")
    view.set_user(bob)
    resets = []
    view.model.modelReset.connect(lambda: resets.append(True))
    history.create_user(username="carol", email="carol@example.com",
                                display_name="Carol", role="viewer", active=True)
    assert resets == [] and column(view, 2) == ["4"]
    history.update_user(bob, role="editor")
    assert resets == [True] and column(view, 2) == ["4", "7"]
    history.seek(5)
    history.update_user(bob, display_name="Robert")  # a branch: the rows are read again
    assert column(view, 0)[-1] == "display name: Bob \u2192 Robert"
    assert column(view, 2) == ["4", "6"]


def test_no_user_and_a_user_without_changes(view, history, alice):
    assert view.model.rowCount() == 0
    assert view.caption.text() == "Select a user to see its changes."
    history.seek(0)
    history.create_user(username="carol", email="carol@example.com", display_name="Carol",
                        role="viewer", active=True)
    view.set_user(alice)  # alice lives only on the other branch now
    assert view.model.rowCount() == 0
    assert view.caption.text() == "No changes to this user on this branch."
    view.set_user(None)
    assert view.caption.text() == "Select a user to see its changes."


def test_a_cursor_move_repaints_only_the_rows_it_greys_or_ungreys(qtbot, view, history, alice):
    view.set_user(alice)
    history.seek(2)
    changed = []
    view.model.dataChanged.connect(lambda first, last: changed.append((first.row(), last.row())))
    history.seek(4)  # rows of revisions 3 and 3: after 2, up to 4
    assert changed == [(2, 3)]
    history.undo()  # to 3: nothing of alice's at 4
    assert changed == [(2, 3)]
    colours = [view.model.index(row, 0).data(Qt.ItemDataRole.ForegroundRole)
               for row in range(view.model.rowCount())]
    assert colours == [None, None, None, None, FUTURE_COLOUR]
