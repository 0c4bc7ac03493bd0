"""A log open for writing, and read again in the same process (verify from the window, a
second read-only view): closing any file handle on a database drops all of the
process's POSIX locks on it, after which another process closing its connection takes
itself for the last one and deletes the -wal file under the writer. The store therefore
never reads the raw header of a log this process already has open."""

from __future__ import annotations

import subprocess
import sys

from faults import assert_sound, make_log

from esdesktop import History
from esdesktop.history.verify import verify

PEEK = ("import sqlite3, sys; conn = sqlite3.connect(sys.argv[1]); "
        "conn.execute('SELECT count(*) FROM revisions').fetchall(); conn.close()")


def test_reading_an_open_log_again_in_the_same_process_keeps_its_wal_safe(tmp_path):
    path = make_log(tmp_path / "team.db")
    with History.open(path) as writer:
        writer.create_user(username="ivy", email="ivy@example.com", display_name="Ivy")
        assert verify(path).ok
        History.open(path, readonly=True).close()
        subprocess.run([sys.executable, "-c", PEEK, str(path)], check=True, timeout=60)
        assert (tmp_path / "team.db-wal").exists()  # still the writer's
        writer.create_user(username="jay", email="jay@example.com", display_name="Jay")
    with History.open(path, readonly=True) as reader:
        assert {"ivy", "jay"} <= {user.username for user in reader.users.values()}
    assert_sound(path)
