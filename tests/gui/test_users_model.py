"""The users table model: qtmodeltester, precise signals, sorting and searching."""

from __future__ import annotations

import random

import pytest
from PySide6.QtCore import Qt
from window_helpers import add_people

from esdesktop import History
from esdesktop.domain.events import UserChanged, encode_fast
from esdesktop.gui.users_model import USER_ID_ROLE, UsersModel

Asc, Desc = Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder


@pytest.fixture
def model(qtbot, history):
    model = UsersModel()
    model.set_history(history)
    return model


def column(model: UsersModel, number: int = 0) -> list:
    return [model.index(row, number).data() for row in range(model.rowCount())]


def expected(history: History, search: str = "", key=lambda u: u.username.casefold(),
             reverse=False) -> list[str]:
    users = [u for u in history.users.values()
             if any(search.casefold() in getattr(u, f).casefold()
                    for f in ("username", "email", "display_name"))]
    ordered = sorted(users, key=lambda u: (key(u), u.username.casefold(), u.id), reverse=reverse)
    return [u.username for u in ordered]


def test_model_passes_qtmodeltester(qtmodeltester, model, history):
    qtmodeltester.check(model)
    history.update_user(next(iter(history.users)), username="zara")
    model.sort(2, Desc)
    model.set_search("a")
    qtmodeltester.check(model)


def test_rows_are_the_users_sorted_by_username(model, history):
    assert column(model) == ["alice", "bob", "carol"]
    assert model.index(0, 1).data() == "alice@example.com"
    assert model.index(0, 3).data() == "admin"
    assert model.index(0, 4).data() == "yes"
    assert model.index(0, 0).data(USER_ID_ROLE) in history.users
    assert model.headerData(2, Qt.Orientation.Horizontal) == "Display name"


def test_an_edit_in_place_is_one_data_change(qtbot, model, history):
    bob = model.user_id(1)
    with qtbot.assertNotEmitted(model.modelReset), qtbot.assertNotEmitted(model.rowsMoved), \
            qtbot.waitSignal(model.dataChanged) as changed:
        history.update_user(bob, email="robert@example.com")
    assert changed.args[0].row() == changed.args[1].row() == 1
    assert model.index(1, 1).data() == "robert@example.com"


def test_a_rename_moves_the_row_and_keeps_it_sorted(qtbot, model, history):
    alice = model.user_id(0)
    with qtbot.assertNotEmitted(model.modelReset), qtbot.waitSignal(model.rowsMoved):
        history.update_user(alice, username="zoe")
    assert column(model) == ["bob", "carol", "zoe"]
    assert model.row_of(alice) == 2


def test_create_inserts_and_delete_removes_one_row(qtbot, model, history):
    with qtbot.assertNotEmitted(model.modelReset), qtbot.waitSignal(model.rowsInserted) as added:
        history.create_user(username="billie", email="b@example.com", display_name="Billie")
    assert added.args[1] == added.args[2] == 1
    assert column(model) == ["alice", "billie", "bob", "carol"]
    with qtbot.assertNotEmitted(model.modelReset), qtbot.waitSignal(model.rowsRemoved) as gone:
        history.undo()
    assert gone.args[1] == 1
    assert column(model) == ["alice", "bob", "carol"]


def test_a_notice_naming_no_users_resets(qtbot, model, history):
    alice = model.user_id(0)
    for number in range(20):
        history.update_user(alice, display_name=f"Alice {number}")
    reached = []
    history.subscribe(lambda change: reached.append(change.users))
    with qtbot.waitSignal(model.modelReset):
        history.seek(1)  # replaying 1 event beats reverting 22: History names no users
    assert reached == [None]
    assert column(model) == ["alice"]


def test_sorting_by_each_column_both_ways(model, history):
    keys = {2: lambda u: u.display_name.casefold(), 3: lambda u: ("viewer", "editor", "admin").index(u.role)}
    for number, key in keys.items():
        for order in (Asc, Desc):
            model.sort(number, order)
            assert column(model) == expected(history, key=key, reverse=order == Desc)


def test_search_matches_username_email_and_display_name(model, history):
    model.set_search("EXAMPLE.ORG")
    assert column(model) == ["carol"]
    model.set_search("stone")
    assert column(model) == ["bob"]
    model.set_search("  ")
    assert column(model) == ["alice", "bob", "carol"]


def test_a_user_edited_out_of_the_search_leaves_the_table(qtbot, model, history):
    model.set_search("bob")
    bob = model.user_id(0)
    with qtbot.waitSignal(model.rowsRemoved):
        history.update_user(bob, username="robert", email="robert@example.com",
                            display_name="Robert Stone")
    assert column(model) == []
    with qtbot.waitSignal(model.rowsInserted):
        history.undo()
    assert column(model) == ["bob"]


def test_random_edits_keep_the_rows_exactly_right(qtbot, qtmodeltester, tmp_path):
    """Whatever happens, the rows equal a naive sort and filter of History.users."""
    rng = random.Random(7)
    with History.create(tmp_path / "random.db", durable=False) as history:
        add_people(history)
        model = UsersModel()
        model.set_history(history)
        model.sort(1, Desc)
        model.set_search("e")
        for step in range(150):
            live = list(history.users)
            choice = rng.random()
            if choice < 0.3 or not live:
                name = f"user{step}{rng.choice('aeiouxyz')}"
                history.create_user(username=name, email=f"{name}@example.com",
                                    display_name=name.title())
            elif choice < 0.6:
                uid = rng.choice(live)
                history.update_user(uid, email=f"{rng.choice('abcdefxyz')}{step}@example.net")
            elif choice < 0.7:
                history.delete_user(rng.choice(live))
            elif choice < 0.85:
                history.undo()
            else:
                history.seek(rng.randrange(history.length))
            want = expected(history, "e", key=lambda u: u.email.casefold(), reverse=True)
            assert column(model) == want, f"step {step}"
        qtmodeltester.check(model)


def test_without_a_log_the_model_is_empty_and_can_still_be_sorted(qtmodeltester):
    model = UsersModel()
    model.sort(2, Desc)
    assert model.rowCount() == 0 and model.total == 0
    qtmodeltester.check(model)


def test_keys_order_like_the_fields_themselves_when_one_value_starts_another(tmp_path):
    """Sort keys are one string per user: "Ann" must still come before "Ann Lee" whatever
    the usernames after them (joined plainly, "annzed" > "ann leeabe")."""
    with History.create(tmp_path / "prefix.db", durable=False) as history:
        history.create_user(username="zed", email="z@example.com", display_name="Ann")
        history.create_user(username="abe", email="a@example.com", display_name="Ann Lee")
        history.create_user(username="cyd", email="c@example.com", display_name="ann")
        model = UsersModel()
        model.set_history(history)
        model.sort(2, Asc)
        assert column(model) == expected(history, key=lambda u: u.display_name.casefold())
        assert column(model) == ["cyd", "zed", "abe"]
        model.sort(2, Desc)  # the same keys read from the end
        assert column(model) == ["abe", "zed", "cyd"]
        history.update_user(model.user_id(0), display_name="An")  # moves to the end
        assert column(model) == ["zed", "cyd", "abe"]


def test_two_live_users_of_one_username_each_keep_their_own_row(tmp_path):
    """Usernames are unique among live users, so the table's keys are the usernames alone.
    A log written by another tool may break that rule: the table must still find, move
    and remove the right user of the two."""
    path = tmp_path / "twins.db"
    with History.create(path, durable=False) as history:
        for name in ("abe", "ann", "bob", "cyd"):
            history.create_user(username=name, email=f"{name}@example.com", display_name=name)
        bob = next(uid for uid, user in history.users.items() if user.username == "bob")
        store = history._store  # what another tool could write: bob renamed to "ann"
        forged = UserChanged.from_checked(bob, {"username": ("bob", "ann")})
        store.append("forged", "another tool", [(bob, *encode_fast(forged))])
    with History.open(path) as history:
        model = UsersModel()
        model.set_history(history)
        twins = [uid for uid, user in history.users.items() if user.username == "ann"]
        assert column(model) == ["abe", "ann", "ann", "cyd"] and len(twins) == 2
        assert sorted(model.row_of(uid) for uid in twins) == [1, 2]
        for uid in twins:
            assert model.user_id(model.row_of(uid)) == uid
        history.update_user(twins[1], display_name="Second Ann")  # found, repainted in place
        assert model.user_id(model.row_of(twins[1])) == twins[1]
        history.delete_user(twins[1])
        assert column(model) == ["abe", "ann", "cyd"] and model.row_of(twins[0]) == 1
        history.undo()
        assert sorted(model.row_of(uid) for uid in twins) == [1, 2]
