"""The log file: creation, refusals that leave bad files untouched, append-only rules,
schema checks and the hash chain, all on real SQLite files."""

import hashlib
import os
import shutil
import sqlite3
import zlib
from pathlib import Path

import pytest

from esdesktop import (
    DamagedLogError,
    History,
    LogExistsError,
    LogTooNewError,
    MissingLogError,
    NotALogError,
)
from esdesktop.history.verify import verify
from esdesktop.store import SqliteStore
from esdesktop.store.schema import APPLICATION_ID, SCHEMA_VERSION

FIXTURE = Path(__file__).parents[1] / "fixtures" / "v1_log.db"


def make_log(path, users=3):
    with History.create(path) as history:
        for n in range(users):
            history.create_user(username=f"user{n}", email=f"u{n}@example.com",
                                display_name=f"User {n}")
    return path


def fingerprint(path: Path):
    siblings = sorted(p.name for p in path.parent.iterdir())
    return hashlib.sha256(path.read_bytes()).hexdigest(), siblings


def raw(path):
    return sqlite3.connect(path, isolation_level=None)


def test_a_new_log_is_marked_as_ours_and_in_wal_mode(tmp_path):
    path = make_log(tmp_path / "a.db")
    conn = raw(path)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_clean_close_leaves_no_sidecar_files(tmp_path):
    make_log(tmp_path / "a.db")
    History.open(tmp_path / "a.db", readonly=True).close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.db"]


def test_create_refuses_an_existing_file_and_leaves_it_alone(tmp_path):
    path = tmp_path / "a.db"
    path.write_text("precious")
    with pytest.raises(LogExistsError):
        History.create(path)
    assert path.read_text() == "precious"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.db"]


def test_open_never_creates_a_missing_file(tmp_path):
    with pytest.raises(MissingLogError):
        History.open(tmp_path / "missing.db")
    assert list(tmp_path.iterdir()) == []


def foreign_sqlite(path):
    conn = raw(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE notes(x)")
    conn.execute("INSERT INTO notes VALUES ('hello')")
    conn.close()


def newer_log(path):
    make_log(path)
    conn = raw(path)
    conn.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    conn.close()


def truncated_log(path):
    make_log(path, users=200)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2 + 100])


BAD_FILES = {
    "random bytes": (lambda p: p.write_bytes(os.urandom(8192)), NotALogError),
    "empty": (lambda p: p.write_bytes(b""), NotALogError),
    "csv renamed": (lambda p: p.write_text("username,email\nalice,a@example.com\n"), NotALogError),
    "foreign sqlite": (foreign_sqlite, NotALogError),
    "newer version": (newer_log, LogTooNewError),
    "cut mid-page": (truncated_log, DamagedLogError),
}


@pytest.mark.parametrize("kind", BAD_FILES)
@pytest.mark.parametrize("readonly", [False, True])
def test_bad_files_are_refused_and_left_byte_identical(tmp_path, kind, readonly):
    make, error = BAD_FILES[kind]
    path = tmp_path / "bad.db"
    make(path)
    before = fingerprint(path)
    with pytest.raises(error) as caught:
        History.open(path, readonly=readonly)
    assert str(path) in str(caught.value)
    assert fingerprint(path) == before


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE events SET data = '{}' WHERE seq = 1",
        "DELETE FROM events WHERE seq = 1",
        "INSERT OR REPLACE INTO events (seq, revision, user_id, type, version, data) "
        "VALUES (1, 1, 'x', 'user.created', 2, '{}')",
        "UPDATE revisions SET label = 'nothing happened' WHERE id = 1",
        "DELETE FROM revisions WHERE id = 2",
        "INSERT OR REPLACE INTO revisions (id, parent, depth, path_events, label, actor, "
        "recorded_at, hash) VALUES (1, 0, 1, 1, 'x', 'x', 'x', 'x')",
    ],
)
def test_history_is_append_only_in_the_file_itself(tmp_path, sql):
    path = make_log(tmp_path / "a.db")
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    conn = raw(path)
    conn.execute("PRAGMA recursive_triggers=OFF")  # as another tool would have it
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute(sql)
    conn.close()
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def tamper(path, sql):
    conn = raw(path)
    conn.execute("DROP TRIGGER events_no_update")
    conn.execute(sql)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def test_a_dropped_trigger_is_found_on_open(tmp_path):
    path = make_log(tmp_path / "a.db")
    tamper(path, "SELECT 1")
    with pytest.raises(DamagedLogError, match="events_no_update is missing"):
        History.open(path)
    with History.open(path, readonly=True) as history:
        assert any("events_no_update" in w for w in history.warnings)
        assert len(history.users) == 3


def test_verify_names_the_first_tampered_revision(tmp_path):
    path = make_log(tmp_path / "a.db")
    assert verify(path).ok
    tamper(path, "UPDATE events SET data = replace(data, 'u1@', 'evil@') WHERE revision = 2")
    report = verify(path)
    assert not report.ok
    assert report.first_bad_revision == 2
    assert any("hash does not match" in p for p in report.problems)


def test_verify_finds_a_row_appended_behind_the_apps_back(tmp_path):
    path = make_log(tmp_path / "a.db")
    conn = raw(path)
    conn.execute("INSERT INTO revisions (id, parent, depth, path_events, label, actor, recorded_at, "
                 "hash) VALUES (4, 3, 4, 3, 'forged', 'mallory', '2026-01-01T00:00:00Z', 'abc')")
    conn.close()
    report = verify(path)
    assert report.first_bad_revision == 4


def log_with_snapshots(path: Path, users: int, every: int) -> Path:
    """A log of ``users`` creates, one per revision, with a snapshot every ``every``."""
    with History.create(path, snapshot_every=every) as history:
        for n in range(users):
            history.create_user(username=f"user{n}", email=f"u{n}@example.com",
                                display_name=f"User {n}")
    return path


def test_verify_checks_snapshots_against_a_replay(tmp_path):
    path = log_with_snapshots(tmp_path / "a.db", users=5, every=2)
    report = verify(path)
    assert report.ok and report.snapshots == 2
    conn = raw(path)
    from esdesktop.domain import State
    from esdesktop.store import snapshots

    conn.execute("UPDATE snapshots SET data = ? WHERE revision = 2",
                 (snapshots.encode(State())[1],))
    conn.close()
    report = verify(path)
    assert report.first_bad_revision == 2 and "snapshot differs" in report.problems[0]


def test_verify_refuses_a_snapshot_whose_id_index_was_forged(tmp_path):
    """A load trusts the hash slots to the snapshot's checksum; a forger who writes a
    fresh checksum is caught by verify, which reads every snapshot thoroughly."""
    import lz4.block

    from esdesktop.store import snapshots

    path = log_with_snapshots(tmp_path / "a.db", users=4, every=3)
    conn = raw(path)
    blob, = conn.execute("SELECT data FROM snapshots WHERE revision = 3").fetchone()
    count, segments = snapshots.nul_segments(blob)
    segments[-1] = segments[-1][4:] + segments[-1][:4]  # the hash slots, rotated
    body = b"".join(len(z).to_bytes(4, "big") + z for z in map(lz4.block.compress, segments))
    forged = count.to_bytes(4, "big") + zlib.crc32(body).to_bytes(4, "big") + body
    conn.execute("UPDATE snapshots SET data = ? WHERE revision = 3", (forged,))
    conn.close()
    report = verify(path)
    assert report.first_bad_revision == 3
    assert "cannot be read" in report.problems[0] and "do not find" in report.problems[0]


def test_a_version_1_event_is_upcast_when_read(tmp_path):
    path = tmp_path / "old.db"
    shutil.copy(FIXTURE, path)
    with History.open(path) as history:
        users = {u.username: u for u in history.users.values()}
        assert users["alice"].display_name == "Alice Liddell"
        assert users["alice"].email == "alice@corp.example.com"
        assert users["bob"].active is True
        history.update_user(users["bob"].id, role="editor")
    stored = raw(path).execute("SELECT version FROM events ORDER BY seq").fetchall()
    assert stored == [(1,), (1,), (1,), (1,)]  # old rows never rewritten
    assert verify(path).ok


def test_store_refuses_writes_when_read_only(tmp_path):
    path = make_log(tmp_path / "a.db")
    store = SqliteStore.open(path, readonly=True)
    from esdesktop import ReadOnlyLogError

    with pytest.raises(ReadOnlyLogError):
        store.move(1)
    store.close()
