"""File menu: import, export, verify, new, open, recent; the slow ones on worker threads."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QProgressDialog
from window_helpers import table_usernames

from esdesktop import History
from esdesktop.gui.resources import sample_users_csv

CSV = "username,email,display_name,role,active\ndora,dora@example.com,Dora Lind,editor,true\n" \
      "erik,erik@example.net,Erik Berg,viewer,false\n"


def finish(qtbot, job):
    """Wait for a job started by a command, then for the events it posts."""
    assert job is not None
    with qtbot.waitSignal(job.finished, timeout=20_000):
        pass


def close_with_window(window):
    """Close the History the window opened, after the window (which would still paint it)."""
    history = window.history
    window.close()
    history.close()


def run(qtbot, window, command, *args):
    job = command(*args)
    if job is not None and job.is_running:
        finish(qtbot, job)
    return job


def test_import_a_csv_runs_in_a_worker_and_is_one_undoable_revision(qtbot, window, history,
                                                                    tmp_path, dialogs):
    path = tmp_path / "people.csv"
    path.write_text(CSV, encoding="utf-8")
    dialogs.answers.append(str(path))
    run(qtbot, window, window.files.import_csv)
    assert dialogs.said == []
    assert table_usernames(window) == ["alice", "bob", "carol", "dora", "erik"]
    assert history.cursor_revision.label == "Import 2 users from people.csv"
    assert "Imported 2 users" in window.statusBar().currentMessage()
    assert window.actions["actionUndo"].text().replace("&", "") == \
        "Undo Import 2 users from people.csv"
    window.actions["actionUndo"].trigger()
    assert table_usernames(window) == ["alice", "bob", "carol"]
    bob = next(uid for uid, u in history.users.items() if u.username == "bob")
    history.update_user(bob, email="robert@example.com")  # the window's History still writes


def test_a_bad_csv_names_its_line_and_writes_nothing(qtbot, window, history, tmp_path,
                                                    dialogs, log_path):
    path = tmp_path / "bad.csv"
    path.write_text(CSV + "fred,not-an-email,Fred,viewer,true\n", encoding="utf-8")
    length = history.length
    run(qtbot, window, window.files.import_csv, str(path))
    [error] = dialogs.kinds("error")
    assert error.startswith("Nothing was imported from bad.csv: line 4: email")
    assert history.length == length
    with sqlite3.connect(log_path) as conn:
        assert conn.execute("SELECT count(*) FROM revisions").fetchone()[0] == 4


def test_the_progress_window_goes_once_the_work_is_done(qtbot, make_window, log_path):
    """The progress window of a command run in a worker (here File > Open) must not stay,
    nor show up afterwards: it once outlived its work and, window-modal, froze the window
    (make_window parents the dialogs to the window, as the app does)."""
    window = make_window(None)
    finish(qtbot, window.files.open_path(log_path))
    qtbot.wait(3 * 300)  # well past the moment after which a progress window shows itself
    shown = [widget for widget in QApplication.allWidgets()
             if isinstance(widget, QProgressDialog) and widget.isVisible()]
    assert shown == [] and window.isEnabled()
    close_with_window(window)


def test_load_the_sample_users(qtbot, window, history):
    job = window.actions["actionLoadSample"].trigger() or window.files.last_job
    finish(qtbot, job)
    assert len(history.users) == 3 + sum(1 for _ in open(sample_users_csv(), encoding="utf-8")) - 1
    assert window.pane.count.text() == f"{len(history.users)} users"


@pytest.mark.parametrize("suffix", [".csv", ".json"])
def test_export_the_users_at_the_cursor(qtbot, window, history, tmp_path, dialogs, suffix):
    history.undo()  # carol is not there at the cursor
    out = tmp_path / f"out{suffix}"
    dialogs.answers.append(str(out))
    run(qtbot, window, window.files.export)
    text = out.read_text(encoding="utf-8")
    assert "bob@example.com" in text and "carol" not in text
    if suffix == ".json":
        assert [u["username"] for u in json.loads(text)] == ["alice", "bob"]
    assert "Exported 2 users" in window.statusBar().currentMessage()


def test_verify_a_good_log(qtbot, window, dialogs):
    run(qtbot, window, window.files.verify)
    [message] = dialogs.kinds("inform")
    assert message.startswith("team.db checks out: 4 revisions")


def test_verify_a_tampered_log_names_the_revision(qtbot, make_window, tmp_path, dialogs, log_path):
    with sqlite3.connect(log_path) as conn:
        conn.execute("DROP TRIGGER IF EXISTS events_no_update")
        triggers = [row[0] for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'events'")]
        for name in triggers:
            conn.execute(f"DROP TRIGGER {name}")
        conn.execute("UPDATE events SET data = replace(data, 'bob@example.com', "
                     "'eve@example.com') WHERE revision = 2")
    with History.open(log_path, readonly=True) as history:
        window = make_window(history)
        run(qtbot, window, window.files.verify)
        [error] = dialogs.kinds("error")
        assert "does not check out" in error and "revision 2" in error
        window.close()


def test_new_log_and_open_log(qtbot, window, history, tmp_path, dialogs, settings):
    fresh = tmp_path / "fresh"
    dialogs.answers.append(str(fresh))
    window.files.new_log()
    assert window.history.path.name == "fresh.db"
    assert window.windowTitle().startswith("fresh.db")
    assert table_usernames(window) == []
    dialogs.answers.append(str(tmp_path / "team.db"))
    window.files.open_log()
    finish(qtbot, window.files.last_job)
    assert table_usernames(window) == ["alice", "bob", "carol"]
    assert [p.rsplit("/", 1)[-1] for p in settings.recent_files] == ["team.db", "fresh.db"]
    dialogs.answers.append(str(tmp_path / "team.db"))
    window.files.new_log()  # an existing file is never overwritten
    assert "already exists" in dialogs.kinds("error")[-1]
    close_with_window(window)


def test_open_recent_lists_the_files(qtbot, window, settings, tmp_path):
    settings.add_recent(tmp_path / "team.db")
    menu = window.files.recent_menu
    menu.aboutToShow.emit()
    entries = [a.text() for a in menu.actions() if a.text()]
    assert entries[0] == "&1 team.db" and entries[-1] == "&Clear the list"


def test_a_missing_file_can_be_created_instead(qtbot, window, tmp_path, dialogs, settings):
    missing = tmp_path / "gone.db"
    settings.add_recent(missing)
    dialogs.answers.append(True)
    run(qtbot, window, window.files.open_path, missing)
    assert "does not exist" in dialogs.kinds("confirm")[0]
    assert window.history.path == missing and missing.exists()
    close_with_window(window)


def test_a_file_that_is_not_a_log_is_refused_and_left_alone(qtbot, window, tmp_path, dialogs):
    junk = tmp_path / "notes.db"
    junk.write_bytes(b"just some text, not a database\n" * 10)
    before = junk.read_bytes()
    old = window.history
    run(qtbot, window, window.files.open_path, junk)
    assert len(dialogs.kinds("error")) == 1
    assert window.history is old
    assert junk.read_bytes() == before


def test_opening_an_old_log_upgrades_it_and_says_where_its_copy_is(qtbot, window, tmp_path):
    old = tmp_path / "old.db"
    shutil.copy(Path(__file__).parents[1] / "fixtures" / "v1_log.db", old)
    run(qtbot, window, window.files.open_path, old)
    assert window.history.path == old and not window.history.readonly
    assert sorted(table_usernames(window)) == ["alice", "bob"]
    message = window.statusBar().currentMessage()
    assert "upgraded to the current file format" in message
    assert "old.format-1-backup.db" in message and (tmp_path / "old.format-1-backup.db").exists()
    close_with_window(window)
