"""Scenario 5: another tool changes the log behind the app's back (beyond the cases in
tests/store/test_log_file.py). Opening for writing refuses and names the first bad
revision; opening read-only works, warns, and leaves the file byte-identical; verify
names the same revision."""

from __future__ import annotations

import sqlite3

import pytest
from faults import digest

from esdesktop import DamagedLogError, History
from esdesktop.history.verify import verify
from esdesktop.store import chain


def log_of_five(path):
    """Five revisions, one user each: revision n creates user{n-1}."""
    with History.create(path) as history:
        for n in range(5):
            history.create_user(username=f"user{n}", email=f"u{n}@example.com",
                                display_name=f"User {n}")
    return path


def tamper(path, *statements) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    for sql in statements:
        conn.execute(sql)
    conn.close()  # a clean close: the change is in the main file, no -wal left


MALLORY = ('{"user_id":"m","username":"mallory","email":"m@example.com",'
           '"display_name":"Mallory","role":"admin","active":true}')


def forge_revision(path, good_hash: bool, data: str = MALLORY) -> int:
    """Append revision 6 creating "mallory" (or whatever ``data`` says), and move the
    cursor to it, as a tool that knows the schema would (inserts need no dropped trigger)."""
    conn = sqlite3.connect(path, isolation_level=None)
    parent_hash, path_events = conn.execute(
        "SELECT hash, path_events FROM revisions WHERE id = 5").fetchone()
    header = (6, 5, 6, path_events + 1, "Create user mallory", "mallory", "2026-01-01T00:00:00Z")
    events = [("m", "user.created", 2, data)]
    forged = chain.revision_hash(parent_hash, header, events) if good_hash else "0" * 64
    conn.execute("INSERT INTO revisions VALUES (?, ?, ?, ?, ?, ?, ?, ?)", (*header, forged))
    conn.execute("INSERT INTO events (revision, user_id, type, version, data) "
                 "VALUES (6, ?, ?, ?, ?)", events[0])
    conn.execute("INSERT INTO timeline VALUES (6, 6, (SELECT max(seq) FROM events))")
    # (the cursor stays 0 steps behind the tip, which the new timeline row moved)
    conn.close()
    return 6


TAMPERS = {
    "event deleted": (("DROP TRIGGER events_no_delete",
                       "DELETE FROM events WHERE revision = 2"), 2),
    "event edited": (("DROP TRIGGER events_no_update",
                      "UPDATE events SET data = replace(data, 'User 2', 'Boss') "
                      "WHERE revision = 3"), 3),
    # (events are found along seq, in the order of their revisions: moved, they are named)
    "event moved to an earlier revision": (("DROP TRIGGER events_no_update",
                                            "UPDATE events SET revision = 2 WHERE revision = 3"), 2),
    "event moved to a later revision": (("DROP TRIGGER events_no_update",
                                         "UPDATE events SET revision = 5 WHERE revision = 3"), 3),
    "event moved out of order": (("DROP TRIGGER events_no_update",
                                  "UPDATE events SET revision = 1 WHERE revision = 4"), 4),
    "revision deleted": (("DROP TRIGGER revisions_no_delete", "PRAGMA foreign_keys=OFF",
                          "DELETE FROM revisions WHERE id = 4"), 4),
    "edited, triggers put back": (("DROP TRIGGER events_no_update",
                                   "UPDATE events SET data = replace(data, 'u3@', 'evil@') "
                                   "WHERE revision = 4",
                                   "CREATE TRIGGER events_no_update BEFORE UPDATE ON events "
                                   "BEGIN SELECT RAISE(ABORT, 'events are append-only'); END"), 4),
}


@pytest.mark.parametrize("kind", TAMPERS)
def test_tampering_is_named_on_open_and_by_verify(tmp_path, kind):
    statements, first_bad = TAMPERS[kind]
    path = log_of_five(tmp_path / "team.db")
    tamper(path, *statements)
    assert_named(path, first_bad)


def test_a_row_appended_with_a_wrong_hash_is_named(tmp_path):
    path = log_of_five(tmp_path / "team.db")
    assert_named(path, forge_revision(path, good_hash=False))


def test_a_row_forged_with_a_correct_hash_is_not_detectable(tmp_path):
    """The chain detects changes, it is not a signature: whoever can write the file and
    recompute SHA-256 can append a revision that checks out. Stated in the README."""
    path = log_of_five(tmp_path / "team.db")
    forge_revision(path, good_hash=True)
    assert verify(path).ok


@pytest.mark.parametrize("data", ['["m", "mallory"]', '"mallory"', '{"user_id": "m"}', "{",
                                  b'{"user_id": "\xff"}'])
def test_a_forged_event_of_the_wrong_shape_is_named_not_a_crash(tmp_path, data):
    """Data that is JSON but not an event's object (or not JSON at all, or not even
    UTF-8), under a hash that checks out: the replay names the revision instead of failing
    with a traceback."""
    path = log_of_five(tmp_path / "team.db")
    forge_revision(path, good_hash=True, data=data)
    with pytest.raises(DamagedLogError) as caught:
        History.open(path)
    assert caught.value.revision == 6 and "cannot be replayed" in str(caught.value)


def test_an_event_changed_to_bytes_that_are_not_utf8_is_named(tmp_path):
    """The hash check reads the stored bytes, whatever they are; the state cannot be
    built past them, so even a read-only open says which revision, not a traceback."""
    path = log_of_five(tmp_path / "team.db")
    tamper(path, "DROP TRIGGER events_no_update",
           "UPDATE events SET data = CAST(X'7bff22' AS TEXT) WHERE revision = 3",
           "CREATE TRIGGER events_no_update BEFORE UPDATE ON events "
           "BEGIN SELECT RAISE(ABORT, 'events are append-only'); END")
    before = digest(path)
    with pytest.raises(DamagedLogError) as caught:
        History.open(path)
    assert caught.value.revision == 3 and "changed after it was written" in str(caught.value)
    with pytest.raises(DamagedLogError) as caught:
        History.open(path, readonly=True)
    assert caught.value.revision == 3
    assert verify(path).first_bad_revision == 3
    assert digest(path) == before


def assert_named(path, first_bad: int) -> None:
    before = digest(path)
    with pytest.raises(DamagedLogError) as caught:
        History.open(path)
    assert caught.value.revision == first_bad
    assert f"revision {first_bad}" in str(caught.value) and "read-only" in str(caught.value)
    with History.open(path, readonly=True) as history:
        assert history.readonly
        assert any(f"revision {first_bad}" in warning for warning in history.warnings)
        assert len(list(history.users.values())) >= 4  # still shown, to look and export
    report = verify(path)
    assert report.first_bad_revision == first_bad
    said = [problem.removeprefix("schema: ") for problem in report.problems]
    assert len(said) == len(set(said))  # each finding once
    assert digest(path) == before
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]
