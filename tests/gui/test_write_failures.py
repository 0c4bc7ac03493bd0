"""Writes the log refuses, in the real window: a full disk (a real 1 MB filesystem filled
to the last byte) and another program that wrote first (a real second process). The
editor says why, keeps what was typed, nothing is half-written, and Apply once the cause
is gone writes exactly once. Read-only files and folders need a user without privileges:
test_unprivileged_window.py, run as one by the last test here."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from fault_helpers import (
    ROOT,
    assert_sound,
    fill,
    make_log,
    query,
    shared_dir,  # noqa: F401 (a fixture)
    small_disk,  # noqa: F401 (a fixture)
    spawn,
    tell,
    unprivileged,  # noqa: F401 (a fixture)
)
from test_file_commands import close_with_window as close
from test_second_window import open_in
from window_helpers import select, table_usernames

NEW_NAME = "Renamed while the disk was full"


def type_into(qtbot, edit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)


def labels(path, label: str) -> int:
    return query(path, "SELECT count(*) FROM revisions WHERE label = ?", label)[0][0]


def test_a_full_disk_keeps_the_edit_in_the_form_and_apply_writes_it_once(
        qtbot, make_window, small_disk, dialogs):  # noqa: F811
    path = make_log(small_disk / "team.db")
    window = make_window(None)
    history = open_in(qtbot, window, path)  # while there is room for its -wal and lock
    user = select(window, "user1")
    before = history.cursor, history.length, dict(history.users.fields(user))
    fill(small_disk)
    field = window.editor.fields["display_name"].edit
    type_into(qtbot, field, NEW_NAME)
    window.editor.apply_button.click()

    [message] = dialogs.kinds("error")
    assert message.startswith(f"The change was not saved: The disk holding {path} is full")
    assert message.endswith("What you typed is kept in the form: press Apply once that is fixed.")
    assert window.editor.status.text() == message and window.editor.status.property("problem")
    assert field.text() == NEW_NAME and window.editor.apply_button.isEnabled()
    assert (history.cursor, history.length, dict(history.users.fields(user))) == before
    assert window.pane.model.index(window.pane.model.row_of(user), 2).data() == "User 1"

    (small_disk / "filler").unlink()  # space is back
    window.editor.apply_button.click()
    assert len(dialogs.kinds("error")) == 1
    assert history.users[user].display_name == NEW_NAME
    assert history.length == before[1] + 1 and not window.editor.apply_button.isEnabled()
    assert not window.editor.status.property("problem")
    close(window)
    assert labels(path, "Change display name of user1") == 1
    assert_sound(path)


def test_another_program_writing_first_is_caught_up_with_and_the_edit_kept(
        qtbot, make_window, tmp_path, dialogs):
    path = make_log(tmp_path / "team.db")
    window = make_window(None)
    history = open_in(qtbot, window, path)  # holds the lock; a script does not ask for it
    other = spawn("editor", path)
    assert other.stdout.readline().split()[0] == "open"
    user = select(window, "user2")
    field = window.editor.fields["email"].edit
    type_into(qtbot, field, "second@example.com")
    written = int(tell(other, "edit dave")[1])  # the other program saves first
    window.editor.apply_button.click()

    [message] = dialogs.kinds("error")
    assert message.startswith("Another program saved changes to team.db while you were editing")
    assert window.editor.status.text() == message
    assert "dave" in table_usernames(window) and history.cursor == written
    assert field.text() == "second@example.com" and window.editor.apply_button.isEnabled()
    assert history.users[user].email == "u2@example.com"

    window.editor.apply_button.click()  # on top of the other program's revision
    assert len(dialogs.kinds("error")) == 1
    assert history.users[user].email == "second@example.com"
    assert history.cursor_revision.parent == written
    other.stdin.write("quit\n")
    other.stdin.flush()
    assert other.wait(timeout=30) == 0
    close(window)
    assert labels(path, "Change email of user2") == 1
    assert_sound(path)


def test_read_only_files_and_folders_in_the_window_as_a_user_without_privileges(
        unprivileged, shared_dir):  # noqa: F811
    """Runs test_unprivileged_window.py in a pytest of its own, as that user."""
    if os.geteuid() != 0:
        pytest.skip("these tests run as this user already (test_unprivileged_window.py)")
    env = dict(os.environ, HOME=str(shared_dir), PYTHONDONTWRITEBYTECODE="1",
               QT_QPA_PLATFORM="offscreen", XDG_RUNTIME_DIR=str(shared_dir))
    result = subprocess.run(
        [*unprivileged.prefix, sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         f"--basetemp={shared_dir / 'tmp'}", "tests/gui/test_unprivileged_window.py"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 passed in" in result.stdout and "skipped" not in result.stdout, result.stdout
