"""Restore from history: a field, a whole user, a deleted user; clashes refused."""

import pytest
from clock_control import add, clock_fixture, count_rows

from esdesktop import History, NotFoundError, ReadOnlyLogError, ValidationError
from esdesktop.domain import CHANGED, CREATED

clock = pytest.fixture(clock_fixture)


@pytest.fixture
def history(tmp_path, clock):
    with History.create(tmp_path / "log.db", snapshot_every=3) as opened:
        yield opened


def written(history):
    return count_rows(history.path, "revisions"), count_rows(history.path, "events")


def test_restore_value_brings_one_field_back_as_a_new_undoable_edit(history, clock):
    clock.set("10:42")
    alice = add(history, "alice")
    created = history.cursor
    clock.set("11:00")
    history.update_user(alice, email="alice@corp.example.com", role="admin")
    before = history.cursor

    assert history.restore_value(alice, "email", at=created)

    user = history.users[alice]
    assert (user.email, user.role) == ("alice@example.com", "admin")
    assert history.cursor_revision.parent == before and history.cursor == history.tip
    assert history.cursor_revision.label == "Restore email of alice as of 10:42"
    entry = history.user_history(alice)[-1]
    assert entry.event.type == CHANGED
    assert entry.event.changes == {"email": ("alice@corp.example.com", "alice@example.com")}
    assert history.undo() and history.users[alice].email == "alice@corp.example.com"


def test_restore_user_brings_every_field_back_in_one_revision(history):
    alice = add(history, "alice", role="editor")
    created = history.cursor
    history.update_user(alice, username="alice.l", display_name="Alice L.")
    history.update_user(alice, active=False, role="admin")
    revisions = count_rows(history.path, "revisions")

    assert history.restore_user(alice, at=created)

    assert history.users[alice].model_dump() == history.users_at(created)[alice].model_dump()
    assert count_rows(history.path, "revisions") == revisions + 1
    assert history.cursor_revision.label.startswith("Restore alice as of ")
    assert history.undo() and history.users[alice].username == "alice.l"


def test_a_deleted_user_is_listed_and_comes_back_with_its_id(history):
    alice, bob = add(history, "alice"), add(history, "bob")
    history.update_user(bob, email="bob@corp.example.com")
    history.delete_user(bob)

    [deleted] = history.deleted_users()
    assert deleted.user.id == bob and deleted.user.email == "bob@corp.example.com"
    assert deleted.deleted_in.label == "Delete user bob"
    assert history.restore_user(bob, at=deleted.restore_at)

    assert history.users[bob].email == "bob@corp.example.com" and alice in history.users
    assert history.user_history(bob)[-1].event.type == CREATED
    assert history.deleted_users() == []
    history.undo()
    assert bob not in history.users and [d.user.id for d in history.deleted_users()] == [bob]


def test_deleted_users_follow_the_cursor(history):
    bob = add(history, "bob")
    history.delete_user(bob)
    history.undo()
    assert history.deleted_users() == [] and bob in history.users


def test_a_restore_whose_username_is_taken_is_refused_and_writes_nothing(history):
    alice = add(history, "alice")
    created = history.cursor
    history.delete_user(alice)
    other = add(history, "alicia")
    history.update_user(other, username="alice")
    state, before = dict(history.users), written(history)

    with pytest.raises(ValidationError) as refused:
        history.restore_user(alice, at=created)

    assert "'alice' now belongs to another user" in str(refused.value)
    assert "Rename that user first" in str(refused.value)
    assert written(history) == before and dict(history.users) == state
    assert history.cursor == history.tip


def test_restoring_a_username_that_is_taken_is_refused(history):
    alice = add(history, "alice")
    created = history.cursor
    history.update_user(alice, username="alice.old")
    add(history, "alice")
    before = written(history)
    with pytest.raises(ValidationError, match="now belongs to another user"):
        history.restore_value(alice, "username", at=created)
    assert written(history) == before


def test_a_restore_that_changes_nothing_records_nothing(history):
    alice = add(history, "alice")
    before = written(history)
    assert not history.restore_user(alice, at=history.cursor)
    assert not history.restore_value(alice, "email", at=history.cursor)
    assert written(history) == before


def test_restores_from_where_the_user_did_not_exist_are_refused(history):
    add(history, "bob")
    empty_for_alice = history.cursor
    alice = add(history, "alice")
    before = written(history)
    with pytest.raises(NotFoundError, match="did not exist"):
        history.restore_user(alice, at=empty_for_alice)
    with pytest.raises(NotFoundError):
        history.restore_user(alice, at=999)
    assert written(history) == before


def test_a_value_of_a_deleted_user_needs_the_whole_user_first(history):
    alice = add(history, "alice")
    created = history.cursor
    history.delete_user(alice)
    with pytest.raises(ValidationError, match="restore the whole user first"):
        history.restore_value(alice, "email", at=created)
    with pytest.raises(ValidationError, match="not a user field"):
        history.restore_value(alice, "password", at=created)


def test_a_restore_behind_the_tip_starts_a_branch_at_the_cursor(history):
    alice = add(history, "alice")
    created = history.cursor
    history.update_user(alice, role="editor")
    history.update_user(alice, role="admin")
    old_tip = history.tip
    history.undo()
    behind = history.cursor

    assert history.restore_value(alice, "role", at=created)

    assert history.cursor_revision.parent == behind and history.cursor == history.tip
    assert history.users[alice].role == "viewer"
    assert old_tip in [tip.id for tip in history.branch_tips()]


def test_a_version_from_another_branch_can_be_restored(history):
    alice = add(history, "alice")
    history.update_user(alice, display_name="Alice on branch one")
    branch_one = history.cursor
    history.undo()
    history.update_user(alice, display_name="Alice on branch two")
    assert history.restore_user(alice, at=branch_one)
    assert history.users[alice].display_name == "Alice on branch one"


def test_the_label_names_the_day_when_it_was_another_day(history, clock):
    clock.set("2026-11-20 08:15")
    alice = add(history, "alice")
    created = history.cursor
    history.update_user(alice, role="admin")
    clock.set("2026-11-26 10:00")
    history.restore_user(alice, at=created)
    assert history.cursor_revision.label == "Restore alice as of 2026-11-20 08:15"


def test_a_read_only_log_refuses_a_restore(tmp_path):
    path = tmp_path / "log.db"
    with History.create(path) as history:
        alice = add(history, "alice")
        history.update_user(alice, role="admin")
    with History.open(path, readonly=True) as history, pytest.raises(ReadOnlyLogError):
        history.restore_value(alice, "role", at=1)
