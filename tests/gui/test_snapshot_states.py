"""The window over states read from snapshots: their users' dicts are made only when asked
for (ColumnRecords, TextColumn), and the table, the search and the editor must not tell
them from a state replayed event by event."""

from __future__ import annotations

import random

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSlider
from window_helpers import select, table_usernames

from esdesktop import History
from esdesktop.domain import ColumnRecords
from esdesktop.history.navigation import state_at


def build(path) -> None:
    rng = random.Random(3)
    with History.create(path, snapshot_every=7) as history:
        ids = [history.create_user(username=f"user{n:02}", email=f"u{n}@example.com",
                                   display_name=f"Person {n} Ünal") for n in range(30)]
        for n in range(60):
            uid = rng.choice(ids)
            if rng.random() < 0.5:
                history.update_user(uid, display_name=f"Renamed {n}")
            else:
                history.update_user(uid, email=f"moved{n}@example.org", role="editor")


def replayed(history: History) -> dict:
    state = state_at(history._store, history.cursor_revision, use_snapshots=False).state
    return {fields["username"]: (fields["email"], fields["display_name"], fields["role"])
            for fields in state.records.values()}


def shown(window) -> dict:
    model = window.pane.model
    return {model.index(row, 0).data(): tuple(model.index(row, column).data()
                                              for column in (1, 2, 3))
            for row in range(model.rowCount())}


def test_jumps_edits_and_searches_over_snapshot_states(qtbot, make_window, tmp_path):
    path = tmp_path / "log.db"
    build(path)
    history = History.open(path)
    try:
        window = make_window(history)
        slider = window.findChild(QSlider, "timelineSlider")
        for position in (37, 12, 71, 50):
            slider.setValue(position)
            qtbot.waitUntil(lambda position=position: history.position == position)
            assert isinstance(history._state.records, ColumnRecords)  # the lazy kind
            assert shown(window) == replayed(history)
            assert table_usernames(window) == sorted(replayed(history))
        uid = select(window, "user05")
        editor = window.editor
        assert editor.fields["email"].edit.text() == history.users[uid].email
        edit = editor.fields["email"].edit
        edit.setFocus()
        edit.selectAll()
        qtbot.keyClick(edit, Qt.Key.Key_Delete)
        qtbot.keyClicks(edit, "fresh@example.net")
        qtbot.mouseClick(editor.apply_button, Qt.MouseButton.LeftButton)
        assert history.users[uid].email == "fresh@example.net"
        assert shown(window)["user05"][0] == "fresh@example.net"
        assert replayed(history)["user05"][0] == "fresh@example.net"
        window.pane.search.setText("ünal")
        qtbot.waitUntil(lambda: window.pane.model.rowCount() == sum(
            "ünal" in display.casefold() for _, display, _ in replayed(history).values()))
    finally:
        history.close()


def test_once_the_cursor_is_still_the_window_tidies_the_state(qtbot, make_window, tmp_path):
    """Painting the table made the shown users' records one by one; once the slider has
    been still, History.tidy reads the state into fresh columns, and the table still
    shows the same users."""
    path = tmp_path / "log.db"
    build(path)
    history = History.open(path)
    try:
        window = make_window(history)
        window.findChild(QSlider, "timelineSlider").setValue(37)
        qtbot.waitUntil(lambda: history.position == 37)
        jumped = history._state
        assert jumped.records._made  # (white-box: the rows painted)
        qtbot.waitUntil(lambda: history._state is not jumped, timeout=3000)
        assert shown(window) == replayed(history)
    finally:
        history.close()


def build_moving(path) -> None:
    """A log whose users are renamed (moving them in username order), created and deleted
    between its snapshots."""
    rng = random.Random(5)
    with History.create(path, snapshot_every=9) as history:
        ids = [history.create_user(username=f"user{n:02}", email=f"u{n}@example.com",
                                   display_name=f"Person {n}") for n in range(25)]
        for n in range(80):
            choice = rng.random()
            if choice < 0.5:
                history.update_user(rng.choice(ids), username=f"{rng.choice('amz')}{n:03}")
            elif choice < 0.75:
                ids.append(history.create_user(username=f"new{n:03}", email=f"n{n}@example.com",
                                               display_name=f"New {n}"))
            elif len(ids) > 10:
                uid = ids.pop(rng.randrange(len(ids)))
                history.delete_user(uid)


def test_a_jump_takes_the_snapshots_username_order_without_a_sort(qtbot, make_window,
                                                                  tmp_path, monkeypatch):
    """At a jump the table sorts nothing: it takes the order the snapshot lists its users
    in and puts the users renamed, created or deleted since in their places. The rows
    must be in username order all the same, before and after undo, redo and a rename."""
    from esdesktop.gui.users_model import UsersModel

    path = tmp_path / "log.db"
    build_moving(path)
    history = History.open(path)  # the window closes it
    window = make_window(history)
    slider = window.findChild(QSlider, "timelineSlider")

    def no_sort(*_):
        raise AssertionError("the table sorted its users")

    monkeypatch.setattr(UsersModel, "_sorted", no_sort)
    for position in (31, 95, 52, 14, 78, 60):
        slider.setValue(position)
        qtbot.waitUntil(lambda position=position: history.position == position)
        assert table_usernames(window) == sorted(replayed(history))
        assert shown(window) == replayed(history)
    for step in (history.undo, history.undo, history.redo):
        step()
        assert table_usernames(window) == sorted(replayed(history))
    uid = select(window, table_usernames(window)[3])
    history.update_user(uid, username="000first")
    assert table_usernames(window) == sorted(replayed(history))
    assert table_usernames(window)[0] == "000first"


def test_a_forged_username_order_is_shown_and_edited_without_failing(qtbot, make_window,
                                                                     tmp_path, monkeypatch):
    """Snapshots written with their users in reverse under valid checksums (``verify``
    refuses them): the table trusts the order, so its rows are out of order, yet finding,
    editing and deleting a user still work on the right rows."""
    from esdesktop.store import snapshots

    path = tmp_path / "log.db"
    with monkeypatch.context() as forged:
        forged.setattr(snapshots, "in_username_order",
                       lambda data: [list(reversed(column)) for column in data])
        build_moving(path)
    history = History.open(path)  # the window closes it
    window = make_window(history)
    slider = window.findChild(QSlider, "timelineSlider")
    slider.setValue(45)
    qtbot.waitUntil(lambda: history.position == 45)
    assert table_usernames(window) != sorted(replayed(history))  # the forged order shown
    for n, username in enumerate(table_usernames(window)[:12]):  # each found by bisection
        if n % 3:
            history.update_user(select(window, username), username=f"renamed{n:02}")
        else:
            history.delete_user(select(window, username))
    assert sorted(table_usernames(window)) == sorted(replayed(history))
    assert shown(window) == replayed(history)


def test_after_a_jump_every_row_is_found_without_the_index(qtbot, make_window, tmp_path):
    """The window finds its selected user again after each jump: until the table's index
    of keys is made, a user's row is searched for by the key the state gives it now,
    sorted by any column, searched or not."""
    from PySide6.QtCore import Qt as QtNs

    path = tmp_path / "log.db"
    build_moving(path)
    history = History.open(path)  # the window closes it
    window = make_window(history)
    model, slider = window.pane.model, window.findChild(QSlider, "timelineSlider")
    gone = None
    for column, search, position in ((0, "", 40), (1, "", 70), (3, "", 25), (2, "new", 90),
                                     (0, "m0", 55)):
        model.sort(column, QtNs.SortOrder.DescendingOrder if column == 1 else
                   QtNs.SortOrder.AscendingOrder)
        model.set_search(search)
        slider.setValue(position)
        qtbot.waitUntil(lambda position=position: history.position == position)
        assert model._unindexed is not None  # (white-box: the index is not made yet)
        for row in range(model.rowCount()):
            assert model.row_of(model.user_id(row)) == row
        shown = {model.user_id(row) for row in range(model.rowCount())}
        gone = next((uid for uid in history.users if uid not in shown), gone)
        if gone is not None:
            assert model.row_of(gone) is None  # hidden by the search
        assert model._unindexed is not None
