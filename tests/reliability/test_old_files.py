"""Scenario 9: a log written by the first file format (tests/fixtures/v1_log.db, with
version-1 events) opens, upcasts and replays to the state a naive replay gives; reading
it changes no byte; opening it to write upgrades it to the current format after copying it
beside itself, keeping cursor and history; a crash inside the upgrade leaves it as it was;
a crash while a new version writes to it keeps its old rows as they were."""

from __future__ import annotations

import shutil
import signal
import sqlite3
import time
from pathlib import Path

import pytest
from faults import assert_sound, fingerprint, kill9, naive_state, position, query, run_child, spawn

from esdesktop import History
from esdesktop.store.schema import SCHEMA_VERSION

FIXTURE = Path(__file__).parents[1] / "fixtures" / "v1_log.db"


@pytest.fixture
def old_log(tmp_path) -> Path:
    path = tmp_path / "old.db"
    shutil.copy(FIXTURE, path)
    return path


def test_the_old_log_replays_like_a_naive_replay_and_reading_changes_nothing(old_log):
    before = fingerprint(old_log)
    with History.open(old_log, readonly=True) as history:
        shown = {uid: dict(history.users.fields(uid)) for uid in history.users}
        assert {user.display_name for user in history.users.values()} == {"Alice Liddell", "Bob"}
    assert shown == naive_state(old_log)
    assert fingerprint(old_log) == before
    assert_sound(old_log)


def test_a_crash_while_writing_to_an_old_log_keeps_its_old_rows(old_log):
    old_rows = query(old_log, "SELECT seq, revision, type, version, data FROM events")
    proc = spawn("writer", old_log, 7)
    assert proc.stdout.readline().startswith("ready")
    time.sleep(0.15)
    kill9(proc)
    assert query(old_log, "SELECT seq, revision, type, version, data FROM events "
                          f"WHERE seq <= {len(old_rows)}") == old_rows
    assert_sound(old_log)


def file_format(path) -> int:
    return query(path, "PRAGMA user_version")[0][0]


def test_opening_an_old_log_to_write_keeps_a_copy_then_upgrades_it(old_log):
    before = naive_state(old_log)
    with History.open(old_log) as history:
        kept = history.upgraded_copy
        assert history.cursor == 3 and not history.can_redo
        history.update_user(next(iter(history.users)), display_name="After the upgrade")
    assert kept == old_log.with_name("old.format-1-backup.db")
    assert (file_format(kept), file_format(old_log)) == (1, SCHEMA_VERSION)
    assert naive_state(kept) == before and position(kept) == (3, 3)
    assert query(old_log, "SELECT key FROM meta WHERE key IN ('cursor', 'tip')") == []
    index = "SELECT name FROM sqlite_master WHERE name = 'events_revision'"
    assert (query(kept, index), query(old_log, index)) == ([("events_revision",)], [])
    assert position(old_log) == (4, 4)
    assert_sound(old_log)
    assert_sound(kept)
    with History.open(old_log) as again:  # already current: no second copy
        assert again.upgraded_copy is None


def test_an_old_log_upgrades_with_its_cursor_behind_the_tip(old_log):
    conn = sqlite3.connect(old_log)
    conn.execute("UPDATE meta SET value = '1' WHERE key = 'cursor'")  # undone twice
    conn.commit()
    conn.close()
    with History.open(old_log, readonly=True) as history:
        assert (history.cursor, history.position, history.length) == (1, 1, 4)
    with History.open(old_log) as history:
        assert (history.cursor, history.position, history.length) == (1, 1, 4)
        assert history.redo() and history.cursor == 2
    assert query(old_log, "SELECT value FROM meta WHERE key = 'cursor_behind_tip'") == [("1",)]
    assert position(old_log) == (2, 3)


def test_a_copy_made_by_an_earlier_upgrade_is_never_overwritten(old_log):
    taken = old_log.with_name("old.format-1-backup.db")
    taken.write_bytes(b"someone else's file")
    with History.open(old_log) as history:
        assert history.upgraded_copy == old_log.with_name("old.format-1-backup-2.db")
    assert taken.read_bytes() == b"someone else's file"


@pytest.mark.parametrize("point", ["meta-rewritten", "before-commit"])
def test_a_crash_inside_the_upgrade_leaves_the_old_log_as_it_was(old_log, point):
    before = naive_state(old_log)
    result = run_child("upgrade", old_log, point)
    assert result.returncode == -signal.SIGKILL, (result.stdout, result.stderr)
    assert result.stdout == "armed\n"
    assert file_format(old_log) == 1 and position(old_log) == (3, 3)
    assert naive_state(old_log) == before
    assert_sound(old_log)
    with History.open(old_log) as history:  # the next open upgrades it, copying it again
        assert history.upgraded_copy == old_log.with_name("old.format-1-backup-2.db")
    assert file_format(old_log) == SCHEMA_VERSION and naive_state(old_log) == before
    assert_sound(old_log)


def test_the_file_format_has_not_changed_without_a_migration():
    assert int.from_bytes(FIXTURE.read_bytes()[60:64], "big") == 1  # its user_version
    assert SCHEMA_VERSION == 2, (
        "a new file format needs a migration step, and a test here that it backs the log "
        "up first and survives a crash in the middle")
