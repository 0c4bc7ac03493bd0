"""A second window on a log that is open: the window takes the log's write lock before it
opens it for writing. A real process holding the lock is named, and the log can be opened
read-only instead; a read-only window says so, cannot edit, and follows the writer's new
revisions live; a lock left by a process killed with SIGKILL is taken over without asking;
the lock is given up when the window shows another log or closes."""

from __future__ import annotations

import os
import sys

from fault_helpers import hold, kill9, make_log, tell
from test_file_commands import close_with_window as close
from test_file_commands import finish
from window_helpers import select, table_usernames

from esdesktop.gui import app
from esdesktop.gui.actions import WRITES
from esdesktop.gui.lock import LogLock
from esdesktop.gui.read_only import FOLLOW_MS


def open_in(qtbot, window, path):
    """Open ``path`` as File > Open does and wait until the window shows it (when opening
    for writing fails and read-only is accepted, a second job opens it)."""
    finish(qtbot, window.files.open_path(path))
    if window.files.last_job.is_running:
        finish(qtbot, window.files.last_job)
    return window.history


def lock_holder(path) -> int | None:
    holder = LogLock(path).holder()
    return None if holder is None else holder.pid


def test_a_log_held_by_another_process_is_named_and_followed_read_only(
        qtbot, make_window, tmp_path, dialogs):
    path = make_log(tmp_path / "team.db")
    holder, pid = hold(path)
    try:
        window = make_window(None)
        dialogs.answers.append(False)  # "Open read-only?" No: nothing is opened
        assert window.files.open_path(path) is None and window.history is None
        dialogs.answers.append(True)
        history = open_in(qtbot, window, path)
        first, second = dialogs.kinds("confirm")
        assert first == second
        assert first.startswith("team.db is open for writing in ")
        assert f"process {pid} on this computer" in first and "read-only" in first
        assert dialogs.kinds("error") == []
        assert_read_only(window, f"process {pid} on this computer")

        assert tell(holder, "edit dave")[0] == "ack"  # the writer saves a revision...
        qtbot.waitUntil(lambda: "dave" in table_usernames(window), timeout=10 * FOLLOW_MS)
        assert_shows_tip(window, "Create user dave")  # ...and every view shows it
        assert tell(holder, "quit") == ["released"]
        holder.wait(timeout=30)

        window.read_only.linkActivated.emit("reopen")  # Open for writing, now it is free
        finish(qtbot, window.files.last_job)
        assert not window.history.readonly and window.history is not history
        assert not window.read_only.isVisible() and not window.read_only.following
        assert lock_holder(path) == os.getpid()
        assert "(read-only)" not in window.windowTitle()
        assert not window.editor.fields["email"].edit.isReadOnly()
        close(window)
        assert lock_holder(path) is None
    finally:
        holder.kill()
        holder.wait(timeout=30)


def assert_read_only(window, who: str) -> None:
    """Title, banner, actions and editor all say the log cannot be changed here."""
    assert window.history.readonly
    assert window.windowTitle() == "team.db (read-only) — esdesktop"
    banner = window.read_only
    assert banner.isVisible() and banner.following
    assert "Read-only:" in banner.text() and who in banner.text()
    assert "new revisions appear here" in banner.text()
    assert not any(window.actions[a].isEnabled() for a in WRITES)
    assert window.actions["actionExport"].isEnabled()
    select(window, "user1")
    assert not window.editor.apply_button.isEnabled()
    assert all(field.edit.isReadOnly() for field in window.editor.fields.values())
    assert window.editor.status.text() == "This log is open read-only: nothing can be changed."


def assert_shows_tip(window, label: str) -> None:
    history, slider = window.history, window.docks.timeline.slider
    assert history.cursor_revision.label == label
    assert slider.maximum() == slider.value() == history.length - 1 == 2
    assert label in window.docks.timeline.label_text
    panel = window.docks.history.model
    assert panel.rowCount() == history.length
    last = [str(panel.index(panel.rowCount() - 1, column).data())
            for column in range(panel.columnCount())]
    assert any(cell.endswith(label) for cell in last)


def test_a_lock_left_by_a_killed_process_is_taken_over_without_asking(
        qtbot, make_window, tmp_path, dialogs):
    path = make_log(tmp_path / "team.db")
    holder, pid = hold(path)
    assert tell(holder, "edit carol")[0] == "ack"
    kill9(holder)
    assert lock_holder(path) == pid  # the dead process's lock is still there
    window = make_window(None)
    history = open_in(qtbot, window, path)
    assert dialogs.said == []  # not asked, not warned
    assert not history.readonly and not window.read_only.isVisible()
    assert lock_holder(path) == os.getpid()
    assert "carol" in table_usernames(window)
    close(window)


def test_the_lock_follows_the_log_shown_and_goes_when_the_window_closes(
        qtbot, make_window, tmp_path, dialogs, monkeypatch):
    first, second = make_log(tmp_path / "first.db"), tmp_path / "second.db"
    window = make_window(None)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # launch() installs its own
    finish(qtbot, app.launch(str(first), window).files.last_job)  # app start
    assert lock_holder(first) == os.getpid()
    dialogs.answers.append(str(second))
    window.actions["actionNewLog"].trigger()  # File > New
    assert window.history.path == second
    assert lock_holder(second) == os.getpid() and lock_holder(first) is None
    window.files.recent_menu.aboutToShow.emit()
    recent = next(a for a in window.files.recent_menu.actions() if a.text().endswith("first.db"))
    recent.trigger()  # File > Open Recent
    finish(qtbot, window.files.last_job)
    assert lock_holder(first) == os.getpid() and lock_holder(second) is None
    dialogs.answers.append(str(first))
    window.actions["actionOpenLog"].trigger()  # File > Open, the log shown: its own lock
    finish(qtbot, window.files.last_job)
    assert not window.history.readonly and dialogs.kinds("confirm") == []
    assert lock_holder(first) == os.getpid()
    close(window)
    assert lock_holder(first) is None and lock_holder(second) is None
