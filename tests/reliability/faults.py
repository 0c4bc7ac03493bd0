"""Tools shared by the reliability tests: real child processes, file fingerprints, and a
replay that shares nothing with the app's navigation (no snapshots, no state_at), to
compare the app's state with."""

from __future__ import annotations

import hashlib
import json
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from esdesktop import History
from esdesktop.domain import State, apply, upcast
from esdesktop.history.verify import verify

ROOT = Path(__file__).parents[2]
CHILD = Path(__file__).with_name("child.py")


def spawn(*args, prefix: tuple = ()) -> subprocess.Popen:
    """Start ``child.py ARGS`` (as another user when ``prefix`` says so)."""
    return subprocess.Popen([*prefix, sys.executable, str(CHILD), *map(str, args)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, bufsize=1, cwd=ROOT)


def run_child(*args, prefix: tuple = (), timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([*prefix, sys.executable, str(CHILD), *map(str, args)],
                          capture_output=True, text=True, timeout=timeout, cwd=ROOT)


def esdesktop(*args) -> subprocess.CompletedProcess:
    """Run the command line as a person would: ``python main.py ARGS``."""
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)],
                          capture_output=True, text=True, timeout=60, cwd=ROOT)


def child_json(*args, prefix: tuple = ()) -> dict:
    result = run_child(*args, prefix=prefix)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def kill9(proc: subprocess.Popen) -> list[list[str]]:
    """SIGKILL the child; return every line it printed, split into words."""
    proc.send_signal(signal.SIGKILL)
    out, err = _output(proc, timeout=30)
    assert proc.returncode == -signal.SIGKILL, err
    return [line.split() for line in out.splitlines()]


def finish(proc: subprocess.Popen, timeout: float = 60, words: int = 4) -> list[list[str]]:
    """Wait for the child to end by itself; return its lines, split into at most
    ``words`` words (the last one holds the rest of the line)."""
    out, err = _output(proc, timeout)
    assert proc.returncode == 0, err
    return [line.split(maxsplit=words - 1) for line in out.splitlines()]


def _output(proc: subprocess.Popen, timeout: float) -> tuple[str, str]:
    """What the child printed, once it has ended. Read through the pipes' file objects:
    an earlier ``readline()`` may have read lines ahead into them, which
    ``communicate()`` (reading the pipes' descriptors underneath) would miss; the kill -9
    test once lost a writer's "intent" line that way and saw an edit nobody announced.
    The children here print far less than a pipe holds, so waiting first cannot block."""
    proc.wait(timeout=timeout)
    return proc.stdout.read(), proc.stderr.read()


def make_log(path, users: int = 3, **options) -> Path:
    with History.create(path, **options) as history:
        if users:
            with history.batch(f"Add {users} users"):
                for n in range(users):
                    history.create_user(username=f"user{n}", email=f"u{n}@example.com",
                                        display_name=f"User {n}")
    return Path(path)


def fingerprint(path: Path) -> tuple[str, list[str]]:
    """The file's SHA-256 and the names beside it (to catch sidecars left behind)."""
    siblings = sorted(p.name for p in path.parent.iterdir())
    return hashlib.sha256(path.read_bytes()).hexdigest(), siblings


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def query(path, sql: str, *params) -> list[tuple]:
    """Read the log with plain sqlite3, as another tool would."""
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def naive_state(path) -> dict[str, dict]:
    """The users at the file's cursor, replayed from the root along parent links."""
    conn = sqlite3.connect(path)
    try:
        cursor = _file_position(conn)[0]
        path_ids = []
        while cursor:
            path_ids.append(cursor)
            cursor = conn.execute("SELECT parent FROM revisions WHERE id = ?",
                                  (cursor,)).fetchone()[0]
        state = State()
        for rid in reversed(path_ids):
            for kind, version, data in conn.execute(
                    "SELECT type, version, data FROM events WHERE revision = ? ORDER BY seq",
                    (rid,)):
                apply(state, kind, upcast(kind, version, json.loads(data)))
        return state.records
    finally:
        conn.close()


def app_state(path) -> dict[str, dict]:
    with History.open(path, readonly=True) as history:
        return {uid: dict(history.users.fields(uid)) for uid in history.users}


def assert_sound(path) -> None:
    """SQLite's integrity check, verify (chain, timeline, snapshots) and the app's state
    equal to a naive replay."""
    assert query(path, "PRAGMA integrity_check") == [("ok",)]
    report = verify(path)
    assert report.ok, report.problems
    assert app_state(path) == naive_state(path)


def revision_count(path) -> int:
    return query(path, "SELECT count(*) FROM revisions")[0][0]


def position(path) -> tuple[int, int]:
    """(cursor, tip) as the file stores them, read without the app."""
    conn = sqlite3.connect(path)
    try:
        return _file_position(conn)
    finally:
        conn.close()


def _file_position(conn: sqlite3.Connection) -> tuple[int, int]:
    if conn.execute("PRAGMA user_version").fetchone()[0] == 1:  # revision ids in meta
        rows = dict(conn.execute("SELECT key, value FROM meta WHERE key IN ('cursor', 'tip')"))
        return int(rows["cursor"]), int(rows["tip"])
    # format 2: the tip ends the timeline, the cursor is so many steps behind it
    behind = int(conn.execute("SELECT value FROM meta WHERE key = 'cursor_behind_tip'").fetchone()[0])
    depth, tip = conn.execute("SELECT max(depth), revision FROM timeline").fetchone()
    cursor = conn.execute("SELECT revision FROM timeline WHERE depth = ?",
                          (depth - behind,)).fetchone()[0]
    return cursor, tip
