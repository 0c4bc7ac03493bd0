"""Read-only files and folders in the real window, as a user without privileges. Root
ignores file permissions, so as root these tests skip here and test_write_failures.py
runs this file again as such a user (setpriv).

A log this user cannot write, or one in a folder where its lock cannot be made, is
offered read-only with the reason; once the permission is back, "Open for writing" opens
it for writing and an edit is written exactly once. A backup into a folder that cannot be
written is refused with a sentence and leaves nothing behind."""

from __future__ import annotations

import os

import pytest
from fault_helpers import assert_sound, make_log, query
from test_file_commands import close_with_window, finish
from test_second_window import lock_holder, open_in
from window_helpers import select

from esdesktop import History

pytestmark = pytest.mark.skipif(
    os.geteuid() == 0, reason="root ignores file permissions; test_write_failures.py runs "
    "these tests as a user without privileges")


def reopen_for_writing(qtbot, window) -> None:
    window.read_only.linkActivated.emit("reopen")  # the banner's "Open for writing"
    finish(qtbot, window.files.last_job)
    assert not window.history.readonly and not window.read_only.isVisible()
    assert lock_holder(window.history.path) == os.getpid()


def edit_once(qtbot, window) -> None:
    """Apply one edit in the editor; after the window closes, it is in the file once."""
    path, length = window.history.path, window.history.length
    select(window, "user0")
    field = window.editor.fields["display_name"].edit
    field.selectAll()
    qtbot.keyClicks(field, "Written once")
    window.editor.apply_button.click()
    assert window.history.length == length + 1
    close_with_window(window)
    assert query(path, "SELECT count(*) FROM revisions WHERE label = ?",
                 "Change display name of user0") == [(1,)]
    assert_sound(path)


def test_a_log_this_user_cannot_write_is_offered_read_only_then_opened_for_writing(
        qtbot, make_window, tmp_path, dialogs):
    path = make_log(tmp_path / "team.db")
    path.chmod(0o444)
    window = make_window(None)
    dialogs.answers.append(True)
    history = open_in(qtbot, window, path)
    [question] = dialogs.kinds("confirm")
    assert "cannot be written" in question and "open it read-only" in question
    assert history.readonly and window.windowTitle() == "team.db (read-only) — esdesktop"
    assert "cannot be written with your permissions" in window.read_only.text()
    assert not window.actions["actionNewUser"].isEnabled()
    assert lock_holder(path) is None  # a read-only window holds no lock
    path.chmod(0o644)
    reopen_for_writing(qtbot, window)
    edit_once(qtbot, window)


def test_a_log_in_a_folder_that_cannot_be_written_is_offered_read_only(
        qtbot, make_window, tmp_path, dialogs):
    folder = tmp_path / "logs"
    folder.mkdir()
    path = make_log(folder / "team.db")
    folder.chmod(0o555)
    try:
        window = make_window(None)
        dialogs.answers.append(True)
        history = open_in(qtbot, window, path)
        [question] = dialogs.kinds("confirm")
        assert question == (f"team.db cannot be locked: its folder {folder} cannot be "
                            "written. You can open it read-only.")
        assert history.readonly and "it cannot be locked for writing" in window.read_only.text()
        assert "new revisions appear here" not in window.read_only.text()
        assert sorted(p.name for p in folder.iterdir()) == ["team.db"]
    finally:
        folder.chmod(0o755)
    reopen_for_writing(qtbot, window)
    edit_once(qtbot, window)


def test_a_backup_into_a_folder_that_cannot_be_written_is_refused(
        qtbot, make_window, tmp_path, dialogs):
    path = make_log(tmp_path / "team.db")
    backups = tmp_path / "backups"
    backups.mkdir(mode=0o555)
    window = make_window(None)
    open_in(qtbot, window, path)
    dialogs.answers.append(str(backups / "copy.db"))
    window.actions["actionBackup"].trigger()
    finish(qtbot, window.files.last_job)
    [error] = dialogs.kinds("error")
    assert error.startswith(f"The backup {backups / 'copy.db'} cannot be written")
    assert list(backups.iterdir()) == []
    backups.chmod(0o755)
    dialogs.answers.append(str(backups / "copy"))
    window.actions["actionBackup"].trigger()
    finish(qtbot, window.files.last_job)
    assert window.statusBar().currentMessage().startswith(
        f"Backed up team.db to {backups / 'copy.db'}")
    close_with_window(window)
    with History.open(backups / "copy.db") as copy:
        assert len(copy.users) == 3
