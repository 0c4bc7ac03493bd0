"""Snapshots built in the background: after the edit's commit, on a worker thread with a
connection of its own; close waits for them; a failed one loses nothing."""

import sqlite3
import threading
from contextlib import closing

from esdesktop import History
from esdesktop.history.transfer import import_csv
from esdesktop.history.verify import verify
from esdesktop.store import snapshots

# statements that change the file
WRITES = {"INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER"}


def add(history, name, **extra):
    fields = {"username": name, "email": f"{name}@example.com", "display_name": name.title()}
    return history.create_user(**{**fields, **extra})


def query(path, sql):
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute(sql).fetchall()


def paused(history) -> threading.Event:
    """Hold the snapshot writer inside its transaction (its write lock taken) until the
    returned event is set: a SQL function the snapshot's insert calls, through a trigger
    that lives in the writer's own connection only (the file's schema is untouched)."""
    go = threading.Event()
    conn = history._store._aside_connection()  # reached into only to arm the pause
    conn.create_function("pause", 0, lambda: go.wait(10))
    conn.execute("CREATE TEMP TRIGGER hold BEFORE INSERT ON main.snapshots "
                 "BEGIN SELECT pause(); END")
    return go


def test_a_due_snapshot_is_written_on_a_connection_of_its_own(tmp_path):
    path = tmp_path / "log.db"
    with History.create(path, snapshot_every=2) as history:
        main, aside = [], []
        history._store.conn.set_trace_callback(main.append)  # only to watch the SQL
        history._store._aside_connection().set_trace_callback(aside.append)
        add(history, "anna")
        add(history, "bert")  # the second event: a snapshot is due
        history._snapshots.wait()
        history._store.conn.set_trace_callback(None)
        assert not [sql for sql in main if "snapshots" in sql]
        assert aside[0].startswith("BEGIN") and aside[-1] == "COMMIT"  # one transaction
        writes = [sql for sql in aside if sql.split()[0].upper() in WRITES]
        assert len(writes) == 1 and writes[0].startswith('INSERT OR REPLACE INTO "snapshots"')
        assert history.cursor == history.tip == 2
    assert query(path, "SELECT revision, users FROM snapshots") == [(2, 2)]
    assert verify(path).ok


def test_an_edit_made_while_the_snapshot_is_written_is_kept(tmp_path):
    path = tmp_path / "log.db"
    with History.create(path, snapshot_every=2) as history:
        go = paused(history)
        anna = add(history, "anna")
        bert = add(history, "bert")  # the snapshot of revision 2 is now held in its insert
        threading.Timer(0.2, go.set).start()  # the edit below waits for its write lock
        history.update_user(anna, display_name="Anna Again")
        history.delete_user(bert)
        assert history.cursor == 4
    assert query(path, "SELECT revision, users FROM snapshots") == [(2, 2), (4, 1)]
    report = verify(path)  # each snapshot checked against a replay to its revision
    assert report.ok and report.snapshots == 2
    with History.open(path) as reopened:
        assert set(reopened.users) == {anna}
        assert reopened.users[anna].display_name == "Anna Again"


def test_close_waits_for_the_snapshot(tmp_path):
    path = tmp_path / "log.db"
    history = History.create(path, snapshot_every=2)
    go = paused(history)
    add(history, "anna")
    add(history, "bert")
    threading.Timer(0.2, go.set).start()
    job = history._snapshots._job
    assert job is not None and job.is_alive()
    history.close()
    assert not job.is_alive()
    assert query(path, "SELECT revision FROM snapshots") == [(2,)]
    assert not (tmp_path / "log.db-wal").exists()  # both connections closed cleanly


def test_an_edit_whose_snapshot_cannot_be_written_is_kept_and_the_log_verifies(tmp_path,
                                                                             caplog):
    path = tmp_path / "log.db"
    with History.create(path, snapshot_every=2) as history:
        anna = add(history, "anna")
        # A real SQLite failure at the snapshot's insert, as a full disk would give, in
        # the snapshot writer's own connection only: the file's schema is untouched.
        history._store._aside_connection().execute(
            "CREATE TEMP TRIGGER no_room BEFORE INSERT ON main.snapshots "
            "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END")
        bert = add(history, "bert")  # makes a snapshot due; writing it fails
        history.update_user(anna, display_name="Anna Again")
        assert history.cursor == 3 and set(history.users) == {anna, bert}
    assert "no snapshot written at revision 2" in caplog.text and "is full" in caplog.text
    assert query(path, "SELECT count(*) FROM revisions") == [(4,)]
    assert query(path, "SELECT count(*) FROM snapshots") == [(0,)]
    report = verify(path)
    assert report.ok and report.snapshots == 0
    with History.open(path) as reopened:
        assert reopened.users[anna].display_name == "Anna Again" and bert in reopened.users


def test_a_read_only_history_never_builds_a_snapshot(tmp_path):
    path = tmp_path / "log.db"
    with History.create(path, snapshot_every=0) as history:
        for name in ("anna", "bert", "carl"):
            add(history, name)
    with History.open(path, readonly=True, snapshot_every=1) as reader:
        reader.undo()
        reader.redo()
        assert reader._snapshots._job is None and reader._store._aside is None
    assert query(path, "SELECT count(*) FROM snapshots") == [(0,)]


def test_one_snapshot_build_at_a_time(tmp_path):
    path = tmp_path / "log.db"
    with History.create(path, snapshot_every=1) as history:
        go = paused(history)
        add(history, "anna")
        first = history._snapshots._job
        threading.Timer(0.2, go.set).start()
        add(history, "bert")  # due again: waits for the first build, then starts its own
        assert not first.is_alive() and history._snapshots._job is not first
    assert query(path, "SELECT revision, users FROM snapshots") == [(1, 1), (2, 2)]


def test_an_import_has_its_snapshot_after_close_and_verifies(tmp_path):
    users = 120
    source = tmp_path / "users.csv"
    source.write_text("username,email,display_name\n" + "".join(
        f"user{n},user{n}@example.com,User {n} ü\n" for n in range(users)), encoding="utf-8")
    path = tmp_path / "log.db"
    with History.create(path, snapshot_every=50) as history:
        import_csv(history, source)
        expected = {uid: user.model_dump(exclude={"id"}) for uid, user in history.users.items()}
    rows = query(path, "SELECT revision, format, users, data FROM snapshots")
    assert [row[:3] for row in rows] == [(1, snapshots.FORMAT, users)]
    assert snapshots.decode(rows[0][3]).records == expected
    assert verify(path).ok
