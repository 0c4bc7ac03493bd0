"""History's public API: edits, undo/redo, branches, batches, persistence, notices."""

import gc
import sqlite3

import pytest

from esdesktop import DamagedLogError, History, NotFoundError, ValidationError
from esdesktop.domain import ColumnRecords
from esdesktop.history.navigation import state_at
from esdesktop.history.verify import verify


def add(history, name, **extra):
    fields = {"username": name, "email": f"{name}@example.com", "display_name": name.title()}
    return history.create_user(**{**fields, **extra})


def revisions(path):
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT count(*) FROM revisions").fetchone()[0]
    finally:
        conn.close()


@pytest.fixture
def history(tmp_path):
    with History.create(tmp_path / "log.db", snapshot_every=4) as opened:
        yield opened


def test_create_update_delete_and_read_back(history):
    alice = add(history, "alice", role="admin")
    history.update_user(alice, email="alice@corp.example.com")
    user = history.users[alice]
    assert (user.username, user.email, user.role, user.active) == (
        "alice", "alice@corp.example.com", "admin", True)
    history.delete_user(alice)
    assert alice not in history.users
    assert [r.label for r in history.timeline()] == [
        "empty", "Create user alice", "Change email of alice", "Delete user alice"]


def test_undo_and_redo_move_the_cursor_and_stop_at_the_ends(history):
    assert not history.can_undo and not history.undo()
    alice = add(history, "alice")
    history.update_user(alice, display_name="Alice L.")
    assert history.undo_label == "Change display name of alice"
    assert history.undo() and history.users[alice].display_name == "Alice"
    assert history.redo_label == "Change display name of alice"
    assert history.undo() and alice not in history.users
    assert not history.undo() and history.cursor == 0
    assert history.redo() and history.redo()
    assert history.users[alice].display_name == "Alice L."
    assert not history.can_redo and not history.redo()


def test_an_edit_behind_the_tip_starts_a_branch_and_keeps_the_old_one(history):
    alice = add(history, "alice")
    history.update_user(alice, role="editor")
    old_tip = history.cursor
    history.undo()
    history.update_user(alice, role="admin")
    assert history.users[alice].role == "admin"
    assert not history.can_redo
    assert old_tip in [r.id for r in history.branch_tips()]
    assert old_tip not in [r.id for r in history.timeline()]
    history.goto(old_tip)
    assert history.users[alice].role == "editor"
    assert [r.id for r in history.timeline()][-1] == old_tip


def test_goto_an_inner_revision_of_another_branch_makes_that_branch_current(history):
    alice = add(history, "alice")
    history.update_user(alice, role="editor")
    inner = history.cursor
    history.update_user(alice, active=False)
    far_tip = history.cursor
    history.seek(1)
    history.update_user(alice, email="new@example.com")
    history.goto(inner)
    assert history.users[alice].role == "editor" and history.users[alice].active
    assert history.redo() and history.cursor == far_tip


def test_seek_moves_along_the_timeline(history):
    ids = [add(history, name) for name in ("anna", "bert", "carl", "dora", "emil", "fred")]
    history.seek(2)
    assert set(history.users) == set(ids[:2]) and history.position == 2
    history.seek(6)
    assert set(history.users) == set(ids)
    with pytest.raises(NotFoundError):
        history.seek(7)


def test_cursor_tip_and_branches_survive_reopen(tmp_path):
    path = tmp_path / "log.db"
    with History.create(path) as history:
        alice = add(history, "alice")
        history.update_user(alice, role="editor")
        history.undo()
        history.update_user(alice, role="admin")
        history.undo()
        shown = (history.cursor, history.tip, [r.id for r in history.timeline()])
    with History.open(path) as history:
        assert (history.cursor, history.tip, [r.id for r in history.timeline()]) == shown
        assert history.users[alice].role == "viewer"
        assert len(history.branch_tips()) == 2


def test_invalid_commands_write_nothing(history):
    alice = add(history, "alice")
    before = revisions(history.path)
    for bad in ({"email": "not-an-email"}, {"username": "A"}, {"role": "root"}):
        with pytest.raises(ValidationError):
            history.update_user(alice, **bad)
    with pytest.raises(ValidationError, match="already taken"):
        add(history, "alice")
    assert revisions(history.path) == before
    assert history.users[alice].email == "alice@example.com"


def test_a_batch_is_one_revision_and_a_failed_batch_writes_nothing(history):
    with history.batch("Import 3 users"):
        for name in ("anna", "bert", "carl"):
            add(history, name)
    assert history.timeline()[-1].label == "Import 3 users"
    assert len(history.users) == 3 and history.position == 1
    before = revisions(history.path)
    with pytest.raises(ValidationError):
        with history.batch("Import with a clash"):
            add(history, "dora")
            add(history, "anna")
    assert revisions(history.path) == before
    assert sorted(u.username for u in history.users.values()) == ["anna", "bert", "carl"]
    history.undo()
    assert len(history.users) == 0


def test_a_no_op_update_records_nothing(history):
    alice = add(history, "alice")
    before = history.cursor
    history.update_user(alice, email="alice@example.com")
    assert history.cursor == before


def test_subscribers_hear_which_revision_and_users(history):
    heard = []
    unsubscribe = history.subscribe(heard.append)
    alice = add(history, "alice")
    history.undo()
    assert [(c.left, c.reached, c.users, c.timeline) for c in heard] == [
        (0, 1, frozenset({alice}), True), (1, 0, frozenset({alice}), False)]
    unsubscribe()
    history.redo()
    assert len(heard) == 2


@pytest.mark.parametrize("viewers", [True, False], ids=["shown", "for a script"])
def test_state_from_snapshots_equals_a_replay_from_the_root(history, viewers):
    """For a script the snapshot indexes only the users its events name; every user is
    then asked for (the comparison), so the rest are indexed too."""
    ids = [add(history, f"user{n}") for n in range(10)]
    for n, uid in enumerate(ids):
        history.update_user(uid, display_name=f"Renamed {n}")
    history.delete_user(ids[3])
    add(history, "late")
    for position in range(history.length):
        target = history.revision_at_position(position)
        fast = state_at(history._store, target, viewers=viewers)
        slow = state_at(history._store, target, use_snapshots=False)
        assert fast.state == slow.state


def test_a_state_just_above_a_snapshot_is_reached_by_reverting_from_it(tmp_path, monkeypatch):
    """Snapshots after 10 and 20 events; revision 18 is 2 events above the second and 8
    below the first: its state comes from the second, by reverting 2 events."""
    path = tmp_path / "log.db"
    with History.create(path, snapshot_every=10) as history:
        ids = [add(history, f"user{n}") for n in range(10)]
        for n in range(10):
            history.update_user(ids[n], display_name=f"Renamed {n}", role="editor")
    with History.open(path, readonly=True) as history:
        store = history._store
        assert sorted(revision for revision, _, _ in store.snapshots()) == [10, 20]
        target = history.revision_at_position(18)
        read = []
        consume = store.consume_events_between
        monkeypatch.setattr(store, "consume_events_between",  # (watched, not changed)
                            lambda *args: read.append(args[:2]) or consume(*args))
        fast = state_at(store, target)
        assert read == [(18, 20)]
        assert fast.state == state_at(store, target, use_snapshots=False).state
        assert fast.state.records[ids[8]]["display_name"] == "user8".title()
        assert fast.state.records[ids[7]]["display_name"] == "Renamed 7"


def test_a_revision_off_the_timeline_is_never_reverted_to_from_the_timeline(tmp_path):
    path = tmp_path / "log.db"
    with History.create(path, snapshot_every=4) as history:
        ids = [add(history, f"user{n}") for n in range(3)]
        history.undo()
        branch = add(history, "other")  # revision 4 on a branch; the old future: revision 3
        history.seek(2)
        for n in range(6):
            history.update_user(ids[0], display_name=f"Name {n}")  # a new timeline
        store = history._store
        off = store.revision(4)
        assert not store.on_timeline(off.id) and store.snapshot_below(off) is None
        assert store.snapshot_below(history.revision_at_position(3)) is not None
        fast = state_at(store, off)
        assert fast.state == state_at(store, off, use_snapshots=False).state
        assert branch in fast.state.records


@pytest.fixture
def collector_on():
    """Automatic collection on, as outside the window (whose tests turn it off)."""
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_building_a_state_leaves_the_collector_as_it_found_it(history, collector_on):
    add(history, "alice")
    target = history.cursor_revision
    assert gc.isenabled()
    state_at(history._store, target, use_snapshots=False)
    assert gc.isenabled()
    gc.disable()
    try:
        state_at(history._store, target, use_snapshots=False)
        assert not gc.isenabled()  # paused by the caller: still paused
    finally:
        gc.enable()
    with sqlite3.connect(history.path) as conn:  # a replay that fails on the way
        conn.execute("DROP TRIGGER events_no_update")
        conn.execute("UPDATE events SET data = '[]'")
    with pytest.raises(DamagedLogError):
        state_at(history._store, target, use_snapshots=False)
    assert gc.isenabled()


def test_user_history_lists_a_users_events_on_the_timeline(history):
    alice = add(history, "alice")
    add(history, "bert")
    history.update_user(alice, email="a2@example.com")
    entries = history.user_history(alice)
    assert [e.event.type for e in entries] == ["user.created", "user.changed"]
    assert entries[1].event.changes == {"email": ("alice@example.com", "a2@example.com")}


def test_users_at_reads_the_past_without_moving(history):
    alice = add(history, "alice")
    history.update_user(alice, role="admin")
    assert history.users_at(1)[alice].role == "viewer"
    assert history.cursor == 2


def test_refresh_takes_in_another_writers_revision(tmp_path):
    path = tmp_path / "log.db"
    with History.create(path) as mine, History.open(path) as theirs:
        heard = []
        mine.subscribe(heard.append)
        assert not mine.refresh()
        bert = add(theirs, "bert")
        assert mine.refresh()
        assert bert in mine.users and heard[-1].timeline
        assert not mine.refresh()


def test_a_damaged_snapshot_is_ignored_and_the_events_tell_the_truth(tmp_path):
    path = tmp_path / "log.db"
    with History.create(path, snapshot_every=2) as history:
        ids = [add(history, name) for name in ("anna", "bert", "carl", "dora", "emil")]
        expected = {uid: history.users[uid] for uid in ids}
    conn = sqlite3.connect(path)
    assert conn.execute("UPDATE snapshots SET data = x'00ff00ff'").rowcount == 2
    conn.commit()
    conn.close()
    with History.open(path) as history:
        assert dict(history.users) == expected
        history.seek(3)
        assert len(history.users) == 3


def test_an_edit_after_another_writer_branched_and_came_back_takes_the_next_free_id(tmp_path):
    path = tmp_path / "log.db"
    with History.create(path) as mine:
        anna = add(mine, "anna")
        with History.open(path) as theirs:  # a branch, then back where mine stands
            theirs.undo()
            add(theirs, "bert")
            theirs.goto(1)
            assert (theirs.cursor, theirs.tip) == (mine.cursor, mine.tip) == (1, 1)
        mine.update_user(anna, display_name="Anna Again")
        assert mine.cursor == 3 and mine.revision(3).parent == 1 and revisions(path) == 4
    assert verify(path).ok


def test_a_walk_leaves_a_state_over_fresh_columns_once_it_made_many_users_dicts(tmp_path):
    """A walk keeps changing the state it starts from; once more than one user in eight
    has a dict made, the state reached is read into fresh columns (a slider drag would
    otherwise patch ever more dicts into every column the users table reads)."""
    path = tmp_path / "log.db"
    with History.create(path, snapshot_every=20) as history:
        ids = [add(history, f"user{n}") for n in range(20)]
        for uid in ids[:8]:
            history.update_user(uid, display_name="Renamed")
    with History.open(path) as history:  # the snapshot at 20, then 8 events: 8 dicts made
        assert isinstance(history._state.records, ColumnRecords)
        assert len(history._state.records._made) == 8
        history.seek(24)  # back 4 events: a walk (cheaper than the snapshot and 4 more)
        records = history._state.records
        assert isinstance(records, ColumnRecords) and records._made == {}
        target = history.revision_at_position(24)
        assert history._state == state_at(history._store, target, use_snapshots=False).state
        assert [history.users[uid].display_name for uid in ids[2:6]] == [
            "Renamed", "Renamed", "User4", "User5"]


def test_tidy_reads_the_state_into_fresh_columns_once_a_few_records_are_made(tmp_path):
    path = tmp_path / "log.db"
    with History.create(path, snapshot_every=64) as history:
        ids = [add(history, f"user{n}") for n in range(64)]
        for uid in ids[:3]:
            history.update_user(uid, role="editor")
    with History.open(path) as history:  # the snapshot at 64, then 3 events: 3 made
        before = history._state
        assert len(before.records._made) == 3 and history.tidy() is True
        assert history._state.records._made == {} and history.tidy() is False  # none made since
        assert history._state == before  # (reading every user makes them all)
        assert history.tidy() is True
        assert history.users[ids[1]].role == "editor" and history.users[ids[5]].role == "viewer"


def test_a_snapshot_left_on_another_branch_is_passed_over_whatever_its_id(tmp_path):
    """The store finds a timeline's snapshots by id (ids grow along any path); a snapshot
    of the old future, its id between theirs, is not on the path and must be skipped."""
    with History.create(tmp_path / "log.db", snapshot_every=2) as history:
        ids = [add(history, f"user{n}") for n in range(4)]  # snapshots at revisions 2, 4
        history.undo()
        history.undo()
        history.update_user(ids[0], display_name="Branch 1")  # revision 5
        history.update_user(ids[0], display_name="Branch 2")  # revision 6: a snapshot
        history._snapshots.wait()  # written on a worker thread
        store = history._store
        assert not store.on_timeline(4) and store.on_timeline(5)
        assert store.nearest_snapshot(5)[0].id == 2
        assert store.snapshot_below(store.revision(2))[0].id == 6
        assert store.nearest_snapshot(4)[0].id == 4  # on its own path it is the nearest
        for target in range(7):
            revision = store.revision(target)
            assert state_at(store, revision).state == state_at(
                store, revision, use_snapshots=False).state


def test_a_jump_loads_a_snapshot_rather_than_walk_hundreds_of_events(tmp_path):
    """From a state of 2,000 users, 250 single-user edits back lands on a snapshot: walking
    them (each user's dict made, about two replays an event) costs more than loading it
    (0.05 replays a user) and telling the views all changed. Undo still walks."""
    with History.create(tmp_path / "log.db", snapshot_every=2000) as history:
        with history.batch("Import"):
            ids = [add(history, f"user{n}") for n in range(2000)]
        history._snapshots.wait()
        assert history._store.nearest_snapshot(history.cursor)[0].id == history.cursor
        for n in range(250):
            history.update_user(ids[n], display_name=f"Edited {n}")
        heard = []
        history.subscribe(heard.append)
        history.undo()
        history.seek(1)
        assert [change.users for change in heard] == [frozenset({ids[249]}), None]
        assert history.users[ids[0]].display_name == "User0"
