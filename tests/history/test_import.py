"""CSV import through History: one revision, undoable, checked first, stored as encode()
would store each event."""

import sqlite3
from contextlib import closing

import pytest

from esdesktop import History, ValidationError, domain
from esdesktop.errors import LogError
from esdesktop.history.transfer import export_users, import_csv
from esdesktop.history.verify import verify

HEADER = "username,email,display_name,role,active\n"


def write(path, lines: list[str]):
    path.write_text(HEADER + "".join(lines), encoding="utf-8")
    return path


def people(count: int, start: int = 0) -> list[str]:
    return [f"user{n},user{n}@example.com,\"User {n}, \"\"the\"\" Ö\",editor,{'yes' if n % 2 else 'no'}\n"
            for n in range(start, start + count)]


def stored_events(path) -> list[tuple]:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute("SELECT user_id, type, version, data FROM events ORDER BY seq").fetchall()


@pytest.fixture
def history(tmp_path):
    with History.create(tmp_path / "log.db", snapshot_every=50) as opened:
        yield opened


def test_an_import_is_one_revision_that_undo_and_redo_move_over(history, tmp_path):
    history.create_user(username="ann", email="ann@example.com", display_name="Ann")
    changes = []
    history.subscribe(changes.append)
    assert import_csv(history, write(tmp_path / "users.csv", people(120))) == 120
    assert history.undo_label == "Import 120 users from users.csv"
    assert len(history.users) == 121 and history.length == 3
    user = next(u for u in history.users.values() if u.username == "user7")
    assert (user.display_name, user.role, user.active) == ('User 7, "the" Ö', "editor", True)
    new = frozenset(uid for uid in history.users if history.users[uid].username != "ann")
    assert [c.users for c in changes] == [new]
    history.undo()
    assert [u.username for u in history.users.values()] == ["ann"]
    history.redo()
    assert len(history.users) == 121


def test_the_stored_rows_are_what_encode_gives_and_the_log_verifies(history, tmp_path):
    import_csv(history, write(tmp_path / "users.csv", people(120)))  # one snapshot, at its end
    history.close()
    rows = stored_events(history.path)
    assert len(rows) == 120
    for user_id, kind, version, data in rows:
        event = domain.decode(kind, version, data)
        assert (user_id, kind, version, data) == (event.user_id, *domain.encode(event))
    report = verify(history.path)
    assert report.ok and report.snapshots == 1
    with History.open(history.path) as reopened:
        assert len(reopened.users) == 120


BAD = {
    "a bad email": (people(3) + ["bob,bob@,Bob,viewer,true\n"] + people(3, 3), 5, "email"),
    "a name taken in the file, other case": (people(3) + ["USER1,x@example.com,X,,\n"], 5,
                                             "username"),
    "a name taken twice in the file": (people(3) + people(1, 1), 5, "username"),
    "a name taken by a live user": (people(2) + ["ann,a2@example.com,Ann,,\n"], 4, "username"),
    "a bad role": (people(2) + ["bob,bob@example.com,Bob,root,\n"], 4, "role"),
    "a bad active": (people(2) + ["bob,bob@example.com,Bob,,maybe\n"], 4, "active"),
    "too many values": (people(2) + ["bob,bob@example.com,Bob,,,extra\n"], 4, "row"),
}


@pytest.mark.parametrize("case", BAD)
def test_a_bad_row_is_named_by_its_line_and_nothing_is_written(history, tmp_path, case):
    lines, line, field = BAD[case]
    history.create_user(username="ann", email="ann@example.com", display_name="Ann")
    changes = []
    history.subscribe(changes.append)
    with pytest.raises(ValidationError) as caught:
        import_csv(history, write(tmp_path / "users.csv", lines))
    assert (caught.value.line, caught.value.field) == (line, field)
    assert [u.username for u in history.users.values()] == ["ann"]
    assert history.length == 2 and changes == []
    assert len(stored_events(history.path)) == 1


def test_a_blank_line_does_not_shift_the_line_named(history, tmp_path):
    source = write(tmp_path / "users.csv", people(2) + ["\n", "bad name,b@example.com,B,,\n"])
    with pytest.raises(ValidationError) as caught:
        import_csv(history, source)
    assert caught.value.line == 5


def test_short_rows_take_the_defaults_and_an_empty_file_adds_nothing(history, tmp_path):
    assert import_csv(history, write(tmp_path / "short.csv", ["bob,bob@example.com,Bob\n"])) == 1
    bob = next(iter(history.users.values()))
    assert (bob.role, bob.active) == ("viewer", True)
    assert import_csv(history, write(tmp_path / "empty.csv", [])) == 0
    assert history.length == 2


def test_an_import_inside_a_batch_joins_the_batch(history, tmp_path):
    with history.batch("Set up"):
        history.create_user(username="ann", email="ann@example.com", display_name="Ann")
        import_csv(history, write(tmp_path / "users.csv", people(3)))
    assert history.length == 2 and history.undo_label == "Set up" and len(history.users) == 4


def test_an_exported_csv_imports_into_a_new_log_with_new_ids(history, tmp_path):
    import_csv(history, write(tmp_path / "users.csv", people(5)))
    export_users(history.users, tmp_path / "export.csv")  # it has an id column
    with History.create(tmp_path / "other.db") as other:
        assert import_csv(other, tmp_path / "export.csv") == 5
        mine = {u.username: u.model_dump(exclude={"id"}) for u in history.users.values()}
        theirs = {u.username: u.model_dump(exclude={"id"}) for u in other.users.values()}
        assert mine == theirs and not set(other.users) & set(history.users)


def test_a_quoted_value_over_two_lines_does_not_shift_the_line_named(history, tmp_path):
    source = tmp_path / "users.csv"
    source.write_text("id," + HEADER + '"an id\nover two lines",ann,ann@example.com,Ann,,\n'
                      ",bob,bob@example.com,Bob,,\n" ",bad name,c@example.com,C,,\n",
                      encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        import_csv(history, source)
    assert (caught.value.line, caught.value.field) == (5, "username")
    source.write_text(HEADER + 'ann,ann@example.com,"Ann, Second",,\n'
                      "bob,bob@example.com,Bob,,maybe\n", encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        import_csv(history, source)
    assert (caught.value.line, caught.value.field) == (3, "active")
    assert history.length == 1 and len(stored_events(history.path)) == 0


def test_active_cells_in_any_case_with_spaces_and_a_repeated_column_keeps_its_last(history,
                                                                                   tmp_path):
    source = tmp_path / "users.csv"
    source.write_text("id,username,email,display_name,active,role,role\n"
                      "x1,ann,ann@example.com,Ann, TRUE ,admin,editor\n"
                      "x2,bob,bob@example.com,Bob,No,,\n"
                      "x3,cyd,cyd@example.com,Cyd,,viewer,\n", encoding="utf-8")
    assert import_csv(history, source) == 3
    found = {u.username: (u.active, u.role) for u in history.users.values()}
    assert found == {"ann": (True, "editor"), "bob": (False, "viewer"), "cyd": (True, "viewer")}
    assert not {"x1", "x2", "x3"} & set(history.users)


def test_a_row_csv_cannot_read_is_named_by_its_line(history, tmp_path):
    source = tmp_path / "users.csv"
    source.write_text(HEADER + "ann,ann@example.com,Ann,,\n" + 'bob,b@example.com,"' +
                      "x" * 200_000 + '",,\n', encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        import_csv(history, source)
    assert caught.value.line == 3 and "cannot be read as CSV" in caught.value.reason
    assert history.length == 1


def test_an_import_whose_commit_fails_leaves_the_state_and_the_log_as_they_were(history,
                                                                                tmp_path):
    ann = history.create_user(username="ann", email="ann@example.com", display_name="Ann")
    heard = []
    history.subscribe(heard.append)
    # A real SQLite failure at the events' insert, as a full disk would give: a temporary
    # trigger lives in this connection only, the file's schema is untouched.
    history._store.conn.execute(
        "CREATE TEMP TRIGGER no_room BEFORE INSERT ON main.events "
        "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END")
    with pytest.raises(LogError, match="full"):
        import_csv(history, write(tmp_path / "users.csv", people(60)))
    assert list(history.users) == [ann] and history.length == 2 and heard == []
    assert history.users_at(history.cursor) == history.users
    history._store.conn.execute("DROP TRIGGER temp.no_room")
    assert import_csv(history, write(tmp_path / "users.csv", people(60))) == 60  # user0 free
    assert len(history.users) == 61 and len(stored_events(history.path)) == 61
