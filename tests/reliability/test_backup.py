"""Scenario 10: backups use SQLite's backup API, so a copy taken while another process
has the log open, its newest revisions still only in the -wal file, is complete; a plain
file copy is not. A clean close leaves no -wal behind."""

from __future__ import annotations

import shutil

import pytest
from faults import assert_sound, esdesktop, fingerprint, kill9, make_log, query, spawn

from esdesktop import History, LogExistsError


def revisions(path) -> list[tuple]:
    return query(path, "SELECT id, hash FROM revisions ORDER BY id")


@pytest.fixture
def busy_log(tmp_path):
    """A log held open by another process that has just written three revisions, all
    of them still in its -wal file."""
    path = make_log(tmp_path / "team.db")
    proc = spawn("editor", path)
    assert proc.stdout.readline().startswith("open")
    for name in ("dora", "eve", "fay"):
        proc.stdin.write(f"edit {name}\n")
        proc.stdin.flush()
        assert proc.stdout.readline().startswith("ack")
    yield path
    proc.stdin.write("quit\n")
    proc.stdin.flush()
    proc.wait(timeout=30)


def test_a_backup_while_the_wal_holds_data_is_complete_and_a_file_copy_is_not(busy_log, tmp_path):
    assert (tmp_path / "team.db-wal").stat().st_size > 0
    shutil.copyfile(busy_log, tmp_path / "plain-copy.db")  # the main file alone
    result = esdesktop("backup", busy_log, tmp_path / "backup.db")
    assert result.returncode == 0, result.stderr
    assert revisions(tmp_path / "backup.db") == revisions(busy_log)
    assert len(revisions(busy_log)) == 5
    assert len(revisions(tmp_path / "plain-copy.db")) < 5  # what the API is for
    assert_sound(tmp_path / "backup.db")
    assert not (tmp_path / "backup.db-wal").exists()
    assert not list(tmp_path.glob(".backup.db*"))  # no partial file left


def test_history_backup_copies_every_branch_and_the_cursor(tmp_path):
    path = make_log(tmp_path / "team.db")
    with History.open(path) as history:
        history.undo()
        history.create_user(username="branch", email="b@example.com", display_name="B")
        history.undo()
        history.backup(tmp_path / "copy.db")
        cursor = history.cursor
    with History.open(tmp_path / "copy.db", readonly=True) as copy:
        assert copy.cursor == cursor and len(copy.branch_tips()) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["copy.db", "team.db"]


def test_a_backup_never_overwrites_a_file(tmp_path):
    path = make_log(tmp_path / "team.db")
    existing = tmp_path / "precious.db"
    existing.write_text("keep me")
    with History.open(path, readonly=True) as history:
        with pytest.raises(LogExistsError):
            history.backup(existing)
    result = esdesktop("backup", path, existing)
    assert result.returncode == 1 and "already exists" in result.stderr
    assert existing.read_text() == "keep me"


def test_a_clean_close_leaves_no_wal_and_a_killed_writer_leaves_nothing_lost(tmp_path):
    path = make_log(tmp_path / "team.db")
    with History.open(path) as history:
        history.create_user(username="gus", email="g@example.com", display_name="Gus")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["team.db"]

    proc = spawn("editor", path)
    proc.stdout.readline()
    proc.stdin.write("edit hal\n")
    proc.stdin.flush()
    proc.stdout.readline()
    kill9(proc)
    assert (tmp_path / "team.db-wal").exists()  # what a crash leaves
    with History.open(path) as history:  # the next open recovers it ...
        assert "hal" in {user.username for user in history.users.values()}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["team.db"]  # ... and cleans up
    before = fingerprint(path)
    History.open(path, readonly=True).close()
    assert fingerprint(path) == before
    assert_sound(path)
