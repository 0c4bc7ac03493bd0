"""Where the log keeps its cursor (file format 2): the tip is the timeline's last row and
the cursor is ``cursor_behind_tip`` steps before it, so an edit at the tip writes no meta
row. Real SQLite files; the statements are watched through SQLite's trace callback."""

import sqlite3

import pytest
from test_log_file import make_log

from esdesktop import DamagedLogError, History


def stored_behind(path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT value FROM meta WHERE key = 'cursor_behind_tip'").fetchone()[0]
    finally:
        conn.close()


def statements_of(history: History, action) -> list[str]:
    seen: list[str] = []
    history._store.conn.set_trace_callback(seen.append)  # watching only
    try:
        action()
    finally:
        history._store.conn.set_trace_callback(None)
    return seen


def test_an_edit_at_the_tip_writes_no_meta_row(tmp_path):
    with History.open(make_log(tmp_path / "log.db")) as history:
        uid = next(iter(history.users))
        seen = statements_of(history, lambda: history.update_user(uid, display_name="New"))
        assert any(sql.startswith("INSERT INTO timeline") for sql in seen)
        assert not [sql for sql in seen if "meta" in sql and not sql.startswith("SELECT")]
        assert (history.cursor, history.position, history.length) == (4, 4, 5)
    assert stored_behind(tmp_path / "log.db") == "0"
    with History.open(tmp_path / "log.db") as again:
        assert again.cursor == 4 and again.users[uid].display_name == "New"


def test_moves_store_the_steps_behind_the_tip_and_an_edit_there_resets_them(tmp_path):
    path = make_log(tmp_path / "log.db")
    with History.open(path) as history:
        history.undo()
        history.undo()
        assert stored_behind(path) == "2"
        history.redo()
        assert stored_behind(path) == "1"
        history.create_user(username="branch", email="b@example.com", display_name="Branch")
        assert stored_behind(path) == "0"
        assert (history.cursor, history.position, history.length) == (4, 3, 4)
        history.goto(3)  # the old future, kept: its branch becomes current again
        assert (history.position, history.length) == (3, 4) and stored_behind(path) == "0"
        history.seek(1)
        assert stored_behind(path) == "2"
    with History.open(path, readonly=True) as again:
        assert (again.cursor, again.position, again.timeline()[-1].id) == (1, 1, 3)


@pytest.mark.parametrize("value, message", [
    (None, "has no cursor record"),
    ("two", "has an unreadable cursor"),
    ("-1", "has an unreadable cursor"),
    ("\u0663", "has an unreadable cursor"),  # a digit to Python, not to SQLite
    ("9", "the cursor points nowhere"),
])
@pytest.mark.parametrize("readonly", [False, True])
def test_a_damaged_cursor_is_refused_with_a_plain_message(tmp_path, value, message, readonly):
    path = make_log(tmp_path / "log.db")
    conn = sqlite3.connect(path, isolation_level=None)
    if value is None:
        conn.execute("DELETE FROM meta WHERE key = 'cursor_behind_tip'")
    else:
        conn.execute("UPDATE meta SET value = ? WHERE key = 'cursor_behind_tip'", (value,))
    conn.close()
    with pytest.raises(DamagedLogError, match=message):
        History.open(path, readonly=readonly)


@pytest.mark.parametrize("readonly", [False, True])
def test_a_wrong_last_seq_at_the_cursor_is_refused(tmp_path, readonly):
    path = make_log(tmp_path / "log.db")
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("UPDATE timeline SET last_seq = last_seq - 1 WHERE depth = 3")
    conn.close()
    with pytest.raises(DamagedLogError, match="row for the cursor points at the wrong events"):
        History.open(path, readonly=readonly)
