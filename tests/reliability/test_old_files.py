"""Scenario 9: a log written by the first file format (tests/fixtures/v1_log.db, with
version-1 events) opens, upcasts and replays to the state a naive replay gives; reading
it changes no byte; a crash while a new version writes to it keeps its old rows as they
were. There is no migration: the guard below fails the day the file format changes
without one (and without its backup-first, crash-in-the-middle test)."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from faults import assert_sound, fingerprint, kill9, naive_state, query, spawn

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


def test_the_file_format_has_not_changed_without_a_migration():
    assert int.from_bytes(FIXTURE.read_bytes()[60:64], "big") == 1  # its user_version
    assert SCHEMA_VERSION == 1, (
        "a new file format needs a migration, and a test here that it backs the log up "
        "first and survives a crash in the middle")
