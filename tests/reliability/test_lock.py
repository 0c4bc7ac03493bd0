"""Scenario 4: the window's lock (esdesktop/gui/lock.py, a QLockFile) between real
processes. A second instance is told which process on which host holds the log and can
open it read-only, following the writer's new revisions; a lock left by a killed process
is taken over; a lock from another host is only broken on request. No pytest-qt: the lock
needs no event loop."""

from __future__ import annotations

import os
import time

import pytest
from faults import child_json, kill9, make_log, spawn

from esdesktop import History

pytest.importorskip("PySide6.QtCore")
from PySide6.QtCore import QSysInfo  # noqa: E402

from esdesktop.gui.lock import LogLock  # noqa: E402


def hold(path):
    proc = spawn("hold-lock", path)
    words = proc.stdout.readline().split()
    assert words[0] == "locked", words
    assert proc.stdout.readline().startswith("open")
    return proc, int(words[1])


def tell(proc, line: str) -> list[str]:
    proc.stdin.write(line + "\n")
    proc.stdin.flush()
    return proc.stdout.readline().split()


def test_a_second_instance_is_told_who_holds_the_log_and_follows_it_read_only(tmp_path):
    path = make_log(tmp_path / "team.db")
    holder, pid = hold(path)
    try:
        second = LogLock(path)
        assert not second.acquire() and not second.held
        who = second.holder()
        assert (who.pid, who.hostname, who.here) == (pid, QSysInfo.machineHostName(), True)
        assert f"process {pid} on this computer" in second.refusal()
        assert "read-only" in second.refusal()
        with History.open(path, readonly=True) as reader:
            changes = []
            reader.subscribe(changes.append)
            written = int(tell(holder, "edit bob")[1])
            assert wait_for(reader.refresh)
            assert reader.cursor == written and changes[-1].reached == written
            assert "bob" in {user.username for user in reader.users.values()}
        assert tell(holder, "quit") == ["released"]
        holder.wait(timeout=30)
        assert not second.path.exists()
        assert second.acquire() and second.holder().pid == os.getpid()
        second.release()
    finally:
        holder.kill()
        holder.wait(timeout=30)


def wait_for(condition, seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


def test_a_lock_left_by_a_killed_process_is_taken_over(tmp_path):
    path = make_log(tmp_path / "team.db")
    holder, pid = hold(path)
    tell(holder, "edit carol")
    kill9(holder)
    lock = LogLock(path)
    assert lock.path.exists() and lock.holder().pid == pid  # left behind by the dead
    assert lock.acquire()
    assert lock.holder().pid == os.getpid()
    with History.open(path) as history:  # and the log it was writing opens for writing
        assert "carol" in {user.username for user in history.users.values()}
    lock.release()
    assert not lock.path.exists()


def test_a_lock_from_another_host_is_never_taken_silently(tmp_path):
    path = make_log(tmp_path / "team.db")
    lock = LogLock(path)
    lock.path.write_text("4242\nesdesktop\nfar-away-host\n")  # as QLockFile writes it
    assert not lock.acquire()
    assert lock.holder().describe() == "esdesktop, process 4242 on far-away-host"
    assert "far-away-host" in lock.refusal()
    assert lock.take_over()  # only when a person confirms that host is done with it
    assert lock.holder().pid == os.getpid()
    lock.release()


def test_a_log_in_a_folder_that_cannot_be_written_cannot_be_locked(shared_dir, unprivileged):
    path = unprivileged.give(make_log(shared_dir / "team.db"))
    shared_dir.chmod(0o555)
    result = spawn("hold-lock", path, prefix=unprivileged.prefix)
    out, err = result.communicate(timeout=60)
    assert out.startswith("refused ") and "cannot be locked" in out and "read-only" in out, err
    assert child_json("permissions", path, "read", prefix=unprivileged.prefix)["users"] == 3
