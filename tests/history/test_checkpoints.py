"""Checkpoints: stored in the log, append-only, surviving a reopen."""

import shutil
import sqlite3
from pathlib import Path

import pytest
from clock_control import add, count_rows

from esdesktop import History, NotFoundError, ReadOnlyLogError, ValidationError
from esdesktop.history.verify import verify

V1_LOG = Path(__file__).parents[1] / "fixtures" / "v1_log.db"


@pytest.fixture
def path(tmp_path):
    return tmp_path / "log.db"


@pytest.fixture
def history(path):
    with History.create(path) as opened:
        yield opened


def rows(path):
    conn = sqlite3.connect(path)
    try:
        return conn.execute(
            "SELECT id, mark, revision, name, removed FROM checkpoints ORDER BY id").fetchall()
    finally:
        conn.close()


def test_a_checkpoint_names_the_cursor_and_survives_a_reopen(path, history):
    alice = add(history, "alice")
    history.update_user(alice, role="admin")
    history.undo()
    named = history.checkpoint("Before the audit")
    assert (named.revision, named.name, named.removed) == (history.cursor, "Before the audit", False)
    history.close()

    with History.open(path) as reopened:
        [again] = reopened.checkpoints()
        assert again == named and again.revision == 1
        assert again.actor == reopened.actor and again.recorded_at.endswith("Z")


def test_renaming_and_removing_add_records_and_keep_the_old_name(path, history):
    add(history, "alice")
    first = history.checkpoint("Before the audit")
    renamed = history.rename_checkpoint(first.mark, "Audit baseline")
    assert [c.name for c in history.checkpoints()] == ["Audit baseline"]
    history.remove_checkpoint(renamed.mark)

    assert history.checkpoints() == []
    assert [(c.name, c.removed) for c in history.checkpoint_records(first.mark)] == [
        ("Before the audit", False), ("Audit baseline", False), ("Audit baseline", True)]
    assert rows(path) == [(1, 1, 1, "Before the audit", 0), (2, 1, 1, "Audit baseline", 0),
                          (3, 1, 1, "Audit baseline", 1)]


def test_the_file_refuses_to_change_or_delete_a_checkpoint(path, history):
    history.checkpoint("Start")
    conn = sqlite3.connect(path)
    try:
        for sql in ("UPDATE checkpoints SET name = 'forged'", "DELETE FROM checkpoints",
                    "INSERT OR REPLACE INTO checkpoints VALUES (1, 1, 0, 'x', 0, 'me', 'now')"):
            with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                conn.execute(sql)
    finally:
        conn.close()
    assert rows(path) == [(1, 1, 0, "Start", 0)]


def test_checkpoints_are_listed_by_revision_across_branches(history):
    alice = add(history, "alice")
    history.checkpoint("Alice exists")
    history.update_user(alice, role="editor")
    editor = history.checkpoint("Editor")
    history.undo()
    history.update_user(alice, role="admin")
    admin = history.checkpoint("Admin")
    assert [c.name for c in history.checkpoints()] == ["Alice exists", "Editor", "Admin"]
    assert not history.on_timeline(editor.revision) and history.on_timeline(admin.revision)


def test_bad_and_duplicate_names_are_refused_and_write_nothing(path, history):
    first = history.checkpoint("Start")
    for bad in ("", "   ", " padded", "x" * 101, "line\nbreak", 7):
        with pytest.raises(ValidationError, match="^name: "):
            history.checkpoint(bad)
    with pytest.raises(ValidationError, match="already exists"):
        history.checkpoint("START")
    other = history.checkpoint("Other")
    with pytest.raises(ValidationError, match="already exists"):
        history.rename_checkpoint(other.mark, "start")
    assert history.rename_checkpoint(first.mark, "Start") == first  # same name: nothing to do
    assert count_rows(path, "checkpoints") == 2


def test_a_removed_name_can_be_used_again(history):
    first = history.checkpoint("Start")
    history.remove_checkpoint(first.mark)
    again = history.checkpoint("Start")
    assert again.mark != first.mark and [c.mark for c in history.checkpoints()] == [again.mark]


def test_unknown_and_removed_checkpoints_are_not_found(history):
    first = history.checkpoint("Start")
    history.remove_checkpoint(first.mark)
    with pytest.raises(NotFoundError):
        history.rename_checkpoint(first.mark, "Back")
    with pytest.raises(NotFoundError):
        history.remove_checkpoint(42)


def test_a_read_only_log_refuses_a_checkpoint(path, history):
    history.close()
    with History.open(path, readonly=True) as readonly, pytest.raises(ReadOnlyLogError):
        readonly.checkpoint("Start")
    assert count_rows(path, "checkpoints") == 0


def test_checkpoints_leave_the_chain_intact_and_work_on_a_version_1_log(tmp_path):
    copy = tmp_path / "v1.db"
    shutil.copy(V1_LOG, copy)
    with History.open(copy) as history:
        history.checkpoint("Imported from version 1")
    report = verify(copy)
    assert report.ok, report.problems
    with History.open(copy) as history:
        assert [c.name for c in history.checkpoints()] == ["Imported from version 1"]
