"""Scenario 6: bad files beyond those in tests/store/test_log_file.py: one byte flipped in
the header or in a table page, and events this version does not know. Each is refused
with a clear message (an esdesktop error naming the file), or opened read-only with a
warning; the file stays byte-identical and nothing is left beside it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from faults import fingerprint, make_log, query

from esdesktop import DamagedLogError, Error, History, LogTooNewError, NotALogError
from esdesktop.history.verify import verify
from esdesktop.store import SqliteStore, chain

PAGE = 4096


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> bytes:
    path = make_log(tmp_path_factory.mktemp("good") / "good.db", users=50)
    return path.read_bytes()


def offsets(data: bytes, roots: dict[str, int]) -> dict[str, tuple[int, type[Error]]]:
    """Where to flip a byte, and the error a read-write open must raise."""
    return {
        "header: magic": (3, NotALogError),
        "header: page size": (16, DamagedLogError),
        "header: page count": (31, DamagedLogError),
        "header: application id": (71, NotALogError),
        "header: file format": (63, DamagedLogError),
        "header: file format, high byte": (60, LogTooNewError),
        "schema page": (100, DamagedLogError),
        "schema text": (data.index(b"CREATE TABLE events") + 15, DamagedLogError),
        "meta table page": ((roots["meta"] - 1) * PAGE, DamagedLogError),
        "revisions table page": ((roots["revisions"] - 1) * PAGE + 3, DamagedLogError),
        "events table page": ((roots["events"] - 1) * PAGE, DamagedLogError),
        "an event's bytes": (data.index(b"User 7") + 5, DamagedLogError),
    }


def roots_of(path) -> dict[str, int]:
    return dict(query(path, "SELECT name, rootpage FROM sqlite_master"))


def flipped(tmp_path, data: bytes, offset: int) -> Path:
    path = tmp_path / "flipped.db"
    changed = bytearray(data)
    changed[offset] ^= changed[offset] if offset == 63 else 0x5A  # format 63: cleared to 0
    path.write_bytes(bytes(changed))
    return path


KINDS = ["header: magic", "header: page size", "header: page count", "header: application id",
         "header: file format", "header: file format, high byte", "schema page", "schema text",
         "meta table page", "revisions table page", "events table page", "an event's bytes"]


@pytest.mark.parametrize("kind", KINDS)
def test_a_flipped_byte_is_refused_or_opened_read_only(tmp_path, good, kind):
    reference = tmp_path / "reference.db"
    reference.write_bytes(good)
    offset, error = offsets(good, roots_of(reference))[kind]
    reference.unlink()
    path = flipped(tmp_path, good, offset)
    assert_refused_or_read_only(path, error)


def assert_refused_or_read_only(path: Path, error: type[Error]) -> None:
    before = fingerprint(path)
    with pytest.raises(error) as caught:
        History.open(path)
    assert str(path) in str(caught.value)
    try:
        with History.open(path, readonly=True) as history:
            assert history.warnings  # opened only with a warning
    except Error as refused:
        assert str(path) in str(refused)
    assert fingerprint(path) == before


def test_a_flipped_byte_in_an_index_is_found_by_verify(tmp_path, good):
    """A page the app does not read when opening (an index) cannot be checked on open
    without reading the whole file; verify's integrity check finds it, and the app's
    reads through it fail with an esdesktop error, never a raw one."""
    reference = tmp_path / "reference.db"
    reference.write_bytes(good)
    offset = (roots_of(reference)["events_user"] - 1) * PAGE
    reference.unlink()
    path = flipped(tmp_path, good, offset)
    before = fingerprint(path)
    report = verify(path)
    assert not report.ok and any("SQLite" in problem for problem in report.problems)
    try:
        with History.open(path, readonly=True) as history:
            for uid in history.users:
                history.user_history(uid)
    except Error as refused:
        assert str(path) in str(refused)
    assert fingerprint(path) == before


def append_event(path, kind: str, version: int, data: str) -> None:
    """Append a revision holding one event, with a correct hash, as a newer esdesktop
    writing the same file format would."""
    conn = sqlite3.connect(path, isolation_level=None)
    rid, parent_hash, depth, events = conn.execute(
        "SELECT id, hash, depth, path_events FROM revisions ORDER BY id DESC LIMIT 1").fetchone()
    header = (rid + 1, rid, depth + 1, events + 1, "From the future", "tester",
              "2030-01-01T00:00:00.000000Z")
    record = ("u0", kind, version, data)
    conn.execute("INSERT INTO revisions VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                 (*header, chain.revision_hash(parent_hash, header, [record])))
    conn.execute("INSERT INTO events (revision, user_id, type, version, data) "
                 "VALUES (?, ?, ?, ?, ?)", (rid + 1, *record))
    conn.execute("INSERT INTO timeline VALUES (?, ?, (SELECT max(seq) FROM events))",
                 (depth + 1, rid + 1))
    # (the cursor stays 0 steps behind the tip, which the new timeline row moved)
    conn.close()


UNKNOWN = {
    "unknown type": ("user.renamed", 1, '{"user_id":"u0","old":"a","new":"b"}', "user.renamed"),
    "newer version": ("user.changed", 7, '{"user_id":"u0","changes":{}}', "version 7"),
}


@pytest.mark.parametrize("kind", UNKNOWN)
def test_an_event_this_version_does_not_know_is_named_and_nothing_is_written(tmp_path, kind):
    event_type, version, data, named = UNKNOWN[kind]
    path = make_log(tmp_path / "future.db")
    append_event(path, event_type, version, data)
    before = fingerprint(path)
    for readonly in (False, True):
        with pytest.raises(DamagedLogError) as caught:
            History.open(path, readonly=readonly)
        assert named in str(caught.value) and caught.value.revision == 2
    assert fingerprint(path) == before


def test_a_damaged_page_met_halfway_through_a_replay_is_an_esdesktop_error(tmp_path):
    """A replay reads the events straight off SQLite's cursor (no Python step a row): an
    error SQLite raises only when the read reaches a damaged page, after many rows, still
    reaches the caller as an esdesktop error naming the file."""
    path = make_log(tmp_path / "log.db", users=2000, snapshot_every=0)
    data = bytearray(path.read_bytes())
    page = data.index(b"User 1500") // PAGE  # a leaf of the events table, far into it
    data[page * PAGE] = 0x00  # its b-tree page type: no longer a valid page
    path.write_bytes(bytes(data))
    store = SqliteStore.open(path, readonly=True)
    seen = []
    try:
        with pytest.raises(DamagedLogError) as caught:
            store.consume_events_between(0, store.position()[0], seen.extend)
    finally:
        store.close()
    assert len(seen) > 1000 and str(path) in str(caught.value)
