"""Scenario 7: a full disk, a read-only file and a read-only folder. The edit is refused
with a clear message, nothing is half-written, the in-memory state is as before (so the
window can keep the edit in its form), and a retry once space or permission is back
writes it exactly once.

The full disk is real twice over: SQLite's own size limit on the open connection
(``PRAGMA max_page_count``, everywhere) and a 1 MB tmpfs filled to the last byte (where
the tests may mount one). Permissions are tested as a user without privileges, because
root ignores them (see conftest.py)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from faults import (
    assert_sound,
    child_json,
    digest,
    esdesktop,
    fingerprint,
    make_log,
    position,
    query,
    revision_count,
)

from esdesktop import History, StorageFullError

BATCH = 200


def add_batch(history: History, label: str = "Import") -> None:
    with history.batch(label):
        for n in range(BATCH):
            history.create_user(username=f"new{n}", email=f"new{n}@example.com",
                                display_name=f"New {n}")


def seen(history: History) -> tuple:
    return history.cursor, {uid: dict(history.users.fields(uid)) for uid in history.users}


def assert_refused_then_written_once(history: History, path) -> None:
    """Refused while full; as before; after ``free()`` the same action is written once."""
    before, count = seen(history), revision_count(path)
    with pytest.raises(StorageFullError) as caught:
        add_batch(history)
    assert "full" in str(caught.value) and "nothing was written" in str(caught.value)
    assert seen(history) == before and revision_count(path) == count
    assert query(path, "PRAGMA integrity_check") == [("ok",)]


def assert_written_once(history: History, path, count: int) -> None:
    add_batch(history)
    assert revision_count(path) == count + 1
    assert query(path, "SELECT count(*) FROM revisions WHERE label = 'Import'") == [(1,)]
    assert len(history.users) == 3 + BATCH and position(path)[0] == history.cursor


def test_a_full_log_refuses_the_edit_and_a_retry_writes_it_once(tmp_path):
    path = make_log(tmp_path / "full.db")
    with History.open(path) as history:
        conn = history._store.conn  # the test reaches in to set SQLite's size limit
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count={pages}")
        count = revision_count(path)
        assert_refused_then_written_once(history, path)
        conn.execute("PRAGMA max_page_count=1073741823")  # space freed
        assert_written_once(history, path, count)
    assert_sound(path)


def fill(folder) -> None:
    with open(folder / "filler", "wb", buffering=0) as filler:
        try:
            while True:
                filler.write(b"\0" * 4096)
        except OSError as error:
            assert error.errno == 28  # ENOSPC: the disk is full


def test_a_full_disk_refuses_the_edit_and_a_retry_writes_it_once(small_disk):
    path = make_log(small_disk / "team.db")
    with History.open(path) as history:
        count = revision_count(path)
        fill(small_disk)
        assert_refused_then_written_once(history, path)
        cursor = history.cursor
        with pytest.raises(StorageFullError):  # even moving the cursor needs the -wal
            history.undo()
        assert history.cursor == cursor
        (small_disk / "filler").unlink()
        assert_written_once(history, path, count)
    assert_sound(path)
    assert sorted(p.name for p in small_disk.iterdir()) == ["team.db"]


def test_import_and_backup_on_a_full_disk_write_nothing_and_say_so(small_disk, tmp_path):
    path = make_log(small_disk / "team.db")
    csv = tmp_path / "users.csv"
    csv.write_text("username,email,display_name\n" + "".join(
        f"bulk{n},bulk{n}@example.com,Bulk {n}\n" for n in range(2000)))
    # (no raw read of the log while it is open here: see test_one_process.py)
    with History.open(path) as history:  # opened while there is room for its -shm file
        fill(small_disk)
        result = esdesktop("import", path, csv)
        assert result.returncode == 1 and "full" in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
        with pytest.raises(StorageFullError):
            history.backup(small_disk / "copy.db")
        assert sorted(p.name for p in small_disk.iterdir()) == [
            "filler", "team.db", "team.db-shm", "team.db-wal"]  # no copy, no partial file
    (small_disk / "filler").unlink()
    assert revision_count(path) == 2
    assert_sound(path)


@pytest.fixture
def shared_log(shared_dir, unprivileged):
    return unprivileged.give(make_log(shared_dir / "team.db"))


def test_a_read_only_file_is_refused_for_writing_read_and_written_once_when_allowed(
        shared_log, unprivileged):
    shared_log.chmod(0o444)
    assert_refused_and_readable(shared_log, unprivileged.prefix)
    shared_log.chmod(0o644)
    assert_retry_writes_once(shared_log, unprivileged.prefix)


def test_a_read_only_folder_is_refused_for_writing_read_and_written_once_when_allowed(
        shared_log, unprivileged):
    shared_log.parent.chmod(0o555)
    assert_refused_and_readable(shared_log, unprivileged.prefix)
    shared_log.parent.chmod(0o755)
    assert_retry_writes_once(shared_log, unprivileged.prefix)


def assert_refused_and_readable(path, prefix: tuple) -> None:
    before = fingerprint(path)
    refused = child_json("permissions", path, "edit", prefix=prefix)
    assert refused["uid"] != 0 or os.geteuid() != 0
    assert refused["error"] == "ReadOnlyLogError", refused
    assert "cannot be written" in refused["message"] and "read-only" in refused["message"]
    read = child_json("permissions", path, "read", prefix=prefix)
    assert read.get("users") == 3 and not read["warnings"], read
    assert fingerprint(path) == before  # not a byte changed, no -wal or -shm left


def assert_retry_writes_once(path, prefix: tuple) -> None:
    count = revision_count(path)
    written = child_json("permissions", path, "edit", prefix=prefix)
    assert written.get("cursor") == count, written
    assert revision_count(path) == count + 1
    assert_sound(path)


def test_an_old_log_whose_copy_does_not_fit_is_not_upgraded_and_says_so(small_disk):
    """Opening a format-1 log to write copies it first; with no room for the copy, the
    open is refused with a sentence saying why, and the log is left as it was."""
    path = small_disk / "old.db"
    shutil.copy(Path(__file__).parents[1] / "fixtures" / "v1_log.db", path)
    before = digest(path)
    room = os.statvfs(small_disk).f_bavail * os.statvfs(small_disk).f_frsize
    (small_disk / "filler").write_bytes(b"\0" * (room - 40 * 1024))  # the -shm fits, no copy
    with pytest.raises(StorageFullError) as caught:
        History.open(path)
    message = str(caught.value)
    assert "file format 1" in message and "copy" in message and "read-only" in message
    assert digest(path) == before and query(path, "PRAGMA user_version") == [(1,)]
    assert not [p for p in small_disk.iterdir() if "backup" in p.name]
    (small_disk / "filler").unlink()
    with History.open(path) as history:
        assert history.upgraded_copy == small_disk / "old.format-1-backup.db"
    assert_sound(path)
