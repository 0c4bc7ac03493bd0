"""Scenario 2: a crash inside one user action. The child process kills itself with SIGKILL
from a SQLite trace callback at a chosen statement of the transaction (or from a timer
thread while COMMIT writes and syncs): see child.py. The action, an import of 40 users
into a log of 2,000 that also writes a snapshot, is there whole or not at all. The snapshot,
a cache, is written after the action's commit, in the background on a connection of its
own: a crash there keeps the action."""

from __future__ import annotations

import shutil
import signal
from pathlib import Path

import pytest
from faults import (
    assert_sound,
    make_log,
    naive_state,
    position,
    query,
    revision_count,
    run_child,
)

USERS = 2000
BATCH = 40  # child.BATCH


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    return make_log(tmp_path_factory.mktemp("template") / "base.db", users=USERS, durable=False)


@pytest.fixture
def log(template, tmp_path) -> Path:
    path = tmp_path / "crash.db"
    shutil.copy(template, path)
    return path


def picture(path) -> tuple:
    """What a crash must either leave alone or extend by exactly one whole action."""
    snapshots = query(path, "SELECT count(*) FROM snapshots")[0][0]
    return revision_count(path), position(path), snapshots, naive_state(path)


def crash_at(log: Path, point: str) -> int:
    """Run the action, killed at ``point``; returns the -wal size it left behind."""
    result = run_child("crash", log, point)
    assert result.returncode == -signal.SIGKILL, (point, result.stdout, result.stderr)
    wal = Path(f"{log}-wal")
    return wal.stat().st_size if wal.exists() else 0


@pytest.mark.parametrize("point", ["revision-written", "events-written", "before-commit",
                                   "undo-before-commit"])
def test_a_crash_before_commit_leaves_nothing_of_the_action(log, point):
    before = picture(log)
    left_in_wal = crash_at(log, point)
    if point == "before-commit":
        assert left_in_wal > 0  # half the action had reached the disk, uncommitted
    assert picture(log) == before
    assert_sound(log)


def test_a_crash_right_after_commit_keeps_the_whole_action(log):
    count, (cursor, _), snapshots, users = picture(log)
    crash_at(log, "after-commit")  # subscribers are told while the snapshot is built
    assert_whole(log, count, cursor, snapshots, users, snapshot=None)


def test_a_crash_while_the_snapshot_is_written_keeps_the_action_without_it(log):
    count, (cursor, _), snapshots, users = picture(log)
    crash_at(log, "snapshot-written")
    assert_whole(log, count, cursor, snapshots, users, snapshot=False)


@pytest.mark.parametrize("delay", [0.0, 0.0003, 0.001, 0.003])
def test_a_crash_during_commit_is_all_or_nothing(log, delay):
    before = picture(log)
    crash_at(log, f"commit+{delay}")
    if picture(log) != before:  # the action whole; its snapshot may not have followed
        assert_whole(log, before[0], before[1][0], before[2], before[3], snapshot=None)
    assert_sound(log)


def assert_whole(log, count: int, cursor: int, snapshots: int, users: dict,
                 snapshot: bool | None = True) -> None:
    new_count, (new_cursor, tip), new_snapshots, new_users = picture(log)
    assert new_count == count + 1 and new_cursor == tip == count
    assert query(log, "SELECT parent FROM revisions WHERE id = ?", new_cursor) == [(cursor,)]
    assert query(log, "SELECT count(*) FROM events WHERE revision = ?", new_cursor) == [(BATCH,)]
    assert new_snapshots in ((snapshots, snapshots + 1) if snapshot is None
                             else (snapshots + snapshot,))
    added = {fields["username"] for uid, fields in new_users.items() if uid not in users}
    assert added == {f"crash{n}" for n in range(BATCH)}
    assert_sound(log)
