"""The processes the reliability tests start, kill and race: ``python child.py ROLE ARGS``.

Every role prints one line per fact, flushed at once, so the parent knows exactly what was
acknowledged before it sent a signal:

    writer LOG SEED         random edits, undos and redos until killed
                            ("intent KIND CURSOR", then "ack KIND CURSOR HASH")
    crash LOG POINT         one user action that kills itself at POINT (see POINTS)
    upgrade LOG POINT       opens a format-1 log for writing, killed inside the upgrade
    racer LOG NAME COUNT    COUNT batches of two users, retrying after a conflict
    stale LOG               reads the log, waits for "go", then writes with a stale view
    hold-lock LOG           takes the window's lock, then works as an editor
    editor LOG              keeps the log open, adds a user on "edit NAME", closes on "quit"
    permissions LOG STEP    open or edit a log and report the outcome as JSON

The crash points stop the process for real inside the transaction: a SQLite trace callback
(called as each statement starts) or a timer thread sends SIGKILL to this very process.
No hook in the app itself is needed, and nothing is simulated: the process dies with the
transaction open, as when the app crashes. (A power cut, which also loses what the operating
system had not yet written, is beyond what a test can do here; ``synchronous=FULL`` is what
covers it.)
"""

from __future__ import annotations

import json
import os
import random
import re
import signal
import sys
import threading
import time

from esdesktop import ConflictError, Error, History


def say(*parts) -> None:
    """One line to the parent in one write(2), so a kill never leaves half a line."""
    os.write(1, (" ".join(map(str, parts)) + "\n").encode())


def die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


# -- writer: random edits until killed ----------------------------------------------------


def writer(log: str, seed: str) -> None:
    rng = random.Random(int(seed))
    with History.open(log, snapshot_every=4) as history:
        say("ready", history.cursor)
        for step in range(100_000):
            kind = _writer_step(history, rng, f"w{seed}n{step}")
            if kind:
                say("ack", kind, history.cursor, history.cursor_revision.hash)


def _writer_step(history: History, rng: random.Random, name: str) -> str | None:
    roll, users = rng.random(), list(history.users)
    if roll < 0.35 or not users:
        kind, act = "edit", lambda: history.create_user(
            username=name, email=f"{name}@example.com", display_name=name.upper())
    elif roll < 0.45:
        kind, act = "edit", lambda: _batch(history, name)
    elif roll < 0.75:
        kind, act = "edit", lambda: history.update_user(
            rng.choice(users), display_name=f"Renamed {name}")
    elif roll < 0.82:
        kind, act = "edit", lambda: history.delete_user(rng.choice(users))
    elif roll < 0.92 and history.can_undo:
        kind, act = "undo", history.undo
    elif history.can_redo:
        kind, act = "redo", history.redo
    else:
        return None
    say("intent", kind, history.cursor)
    act()
    return kind


def _batch(history: History, name: str) -> None:
    with history.batch(f"Add {name} and friends"):
        for n in range(3):
            history.create_user(username=f"{name}f{n}", email=f"{name}f{n}@example.com",
                                display_name=f"Friend {n}")


# -- crash: one user action, killed at a chosen point -------------------------------------

BATCH = 40  # users added by the action; with snapshot_every=BATCH it always takes a snapshot

# point -> statements that must start, in this order; the start of the last one kills the
# process. Everything before it in the transaction has run (and with a tiny page cache,
# much of it is already in the -wal). A point that is never reached lets the process
# live, and the test fails.
POINTS = {
    "revision-written": (r'INSERT INTO "?revisions', r'INSERT INTO "?events'),
    # (an edit at the tip moves cursor and tip by its timeline row alone: no meta row)
    "events-written": (r'INSERT INTO "?events', r"INSERT INTO timeline"),  # the tip not moved
    "before-commit": (r"INSERT INTO timeline", r"COMMIT"),
    # the snapshot is a cache written after the action's commit, in a transaction of its own
    # on a connection of its own (a worker thread's): these are that connection's statements
    "snapshot-written": (r'INSERT (OR REPLACE )?INTO "?snapshots', r"COMMIT"),
    "undo-before-commit": (r"UPDATE meta", r"COMMIT"),
}


def crash(log: str, point: str) -> None:
    history = History.open(log, snapshot_every=BATCH)
    conn = history._store.conn  # the test reaches in only to arm the fault
    conn.execute("PRAGMA cache_size=4")  # spill dirty pages into the -wal before COMMIT
    if point.startswith("commit+"):
        _kill_during_commit(conn, float(point.removeprefix("commit+")))
    elif point == "after-commit":
        history.subscribe(lambda change: die())
    elif point.startswith("snapshot"):
        _kill_at_statement(history._store._aside_connection(), POINTS[point])
    else:
        _kill_at_statement(conn, POINTS[point])
    say("armed", history.cursor)
    if point.startswith("undo"):
        history.undo()
    else:
        with history.batch(f"Import {BATCH} users"):
            for n in range(BATCH):
                history.create_user(username=f"crash{n}", email=f"crash{n}@example.com",
                                    display_name=f"Crash {n}")
    say("survived", history.cursor)


# The upgrade of a format-1 log (esdesktop.store.migration) is one transaction of its own,
# run while the log is opened for writing: these points fall inside it
UPGRADE_POINTS = {
    "meta-rewritten": (r"INSERT INTO meta", r"PRAGMA user_version"),
    "before-commit": (r"PRAGMA user_version", r"COMMIT"),
}


def upgrade(log: str, point: str) -> None:
    """Open a format-1 log for writing, dying at POINT inside its upgrade."""
    from esdesktop.store import migration

    real = migration._format_1_to_2

    def armed(conn, path):  # the test reaches in only to arm the fault
        _kill_at_statement(conn, UPGRADE_POINTS[point])
        return real(conn, path)

    migration._format_1_to_2 = armed
    say("armed")
    History.open(log).close()
    say("survived")


def _kill_at_statement(conn, patterns: tuple[str, ...]) -> None:
    waiting = list(patterns)

    def trace(sql: str) -> None:
        if re.match(waiting[0], sql):
            waiting.pop(0)
            if not waiting:
                die()

    conn.set_trace_callback(trace)


def _kill_during_commit(conn, delay: float) -> None:
    def trace(sql: str) -> None:
        if sql.startswith("COMMIT"):
            threading.Timer(delay, die).start()  # fires while SQLite writes and syncs

    conn.set_trace_callback(trace)


# -- racer and stale: two writers on one file ---------------------------------------------


def racer(log: str, name: str, count: str) -> None:
    conflicts = 0
    with History.open(log) as history:
        say("ready")
        sys.stdin.readline()  # "go": both racers start together
        for n in range(int(count)):
            while True:
                try:
                    _pair(history, f"{name}{n}")
                    break
                except ConflictError:
                    conflicts += 1
                    history.refresh()
            say("ack", history.cursor, history.cursor_revision.hash)
            time.sleep(random.uniform(0, 0.004))  # let the other writer in now and then
    say("conflicts", conflicts)


def _pair(history: History, name: str) -> None:
    with history.batch(f"Add {name}"):
        for part in ("a", "b"):
            history.create_user(username=f"{name}{part}", email=f"{name}{part}@example.com",
                                display_name=name)


def stale(log: str) -> None:
    with History.open(log) as history:
        say("read", history.cursor)
        sys.stdin.readline()  # the parent writes meanwhile
        for attempt in ("edit", "undo"):
            try:
                history.create_user(username="stale", email="stale@example.com",
                                    display_name="Stale") if attempt == "edit" else history.undo()
                say("wrote", attempt, history.cursor)
            except ConflictError as error:
                say("conflict", attempt, len(history.users), str(error))
        history.refresh()
        history.create_user(username="stale", email="stale@example.com", display_name="Stale")
        say("ack", history.cursor, history.cursor_revision.parent)


# -- hold-lock: the window's lock, held by a real process ---------------------------------


def hold_lock(log: str) -> None:
    from esdesktop.gui.lock import LogLock

    lock = LogLock(log)
    if not lock.acquire():
        say("refused", lock.refusal())
        return
    say("locked", os.getpid())
    editor(log)
    lock.release()
    say("released")


def editor(log: str) -> None:
    """Keep the log open and edit it when told: "edit NAME" adds a user, "quit" closes."""
    with History.open(log) as history:
        say("open", history.cursor)
        for line in sys.stdin:
            command, _, name = line.strip().partition(" ")
            if command == "quit":
                break
            history.create_user(username=name, email=f"{name}@example.com", display_name=name)
            say("ack", history.cursor)


# -- permissions: run as an unprivileged user ---------------------------------------------


def permissions(log: str, step: str) -> None:
    outcome: dict = {"step": step, "uid": os.getuid()}
    try:
        with History.open(log, readonly=step == "read") as history:
            outcome.update(users=len(history.users), warnings=history.warnings)
            if step == "edit":
                history.create_user(username="retry", email="retry@example.com",
                                    display_name="Retry")
                outcome["cursor"] = history.cursor
    except Error as error:
        outcome.update(error=type(error).__name__, message=str(error))
    say(json.dumps(outcome))


ROLES = {"writer": writer, "crash": crash, "upgrade": upgrade, "racer": racer, "stale": stale,
         "hold-lock": hold_lock, "editor": editor, "permissions": permissions}

if __name__ == "__main__":
    ROLES[sys.argv[1]](*sys.argv[2:])
