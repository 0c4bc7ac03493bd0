"""Bringing a log written in an older file format up to this app's (``SCHEMA_VERSION``).

A writable open upgrades the file; a read-only open reads it as it is and writes nothing.
Before an upgrade the log is copied beside itself (``users.db`` to
``users.format-1-backup.db``) with SQLite's backup API, so the file as the older app knew
it stays at hand. The upgrade itself is one transaction: a crash inside it leaves the file
as it was, and the next open upgrades it again.

Format 1 to 2: the ``meta`` rows ``cursor`` and ``tip`` (revision ids, both rewritten by
every edit) become the one row ``cursor_behind_tip``; the tip is the timeline's last row,
which format 1 already required. The index ``events_revision`` is dropped: format 2 finds
a revision's events along ``seq`` (:mod:`esdesktop.store.seqs`), and keeps beside each
timeline row the seq of the last event written up to its revision (``last_seq``), so the
timeline is made again with that column. The index of revisions by parent becomes an
index of the forks alone (``revisions_fork``). No history table changes.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from esdesktop.errors import DamagedLogError, LogError
from esdesktop.store.backup import backup
from esdesktop.store.schema import CURSOR_KEY, INDEXES, SCHEMA_VERSION, TABLES

POSITION_1 = ("SELECT (SELECT value FROM meta WHERE key = 'cursor'), "
              "(SELECT value FROM meta WHERE key = 'tip'), (SELECT max(id) + 1 FROM revisions)")
TIMELINE_END = "SELECT depth, revision FROM timeline ORDER BY depth DESC LIMIT 1"


def file_format(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def read_position_1(conn: sqlite3.Connection, path: Path) -> tuple[int, int, int]:
    """(cursor, tip, the id the next revision takes) of a format-1 log."""
    cursor, tip, next_id = conn.execute(POSITION_1).fetchone()
    for key, value in (("cursor", cursor), ("tip", tip)):
        if value is None:
            raise DamagedLogError(path, f"{path} has no {key} record: the log is damaged.")
    try:
        return int(cursor), int(tip), next_id
    except ValueError:
        raise DamagedLogError(path, f"{path} has an unreadable cursor.") from None


def upgrade(conn: sqlite3.Connection, path: Path) -> Path | None:
    """Bring the log behind ``conn`` (open for writing, no transaction open) to
    ``SCHEMA_VERSION``. Returns where the log was copied first, or None if it was current."""
    old = file_format(conn)
    if old == SCHEMA_VERSION:
        return None
    saved = _keep_a_copy(conn, path, old)
    conn.execute("BEGIN IMMEDIATE")
    try:
        if file_format(conn) == 1:  # (another program may have upgraded it meanwhile)
            _format_1_to_2(conn, path)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return saved


def _keep_a_copy(conn: sqlite3.Connection, path: Path, old: int) -> Path:
    try:
        return backup(conn, backup_path(path, old))
    except LogError as error:
        raise type(error)(path, f"{path} is in file format {old}; before this app writes to "
                          "it, it keeps a copy of it as it is, and that copy failed: "
                          f"{error} It can be opened read-only.") from None


def backup_path(path: Path, old: int) -> Path:
    """A name beside ``path`` that no file has yet."""
    candidate, n = path.with_name(f"{path.stem}.format-{old}-backup{path.suffix}"), 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.stem}.format-{old}-backup-{n}{path.suffix}")
    return candidate


def _format_1_to_2(conn: sqlite3.Connection, path: Path) -> None:
    cursor, tip, _ = read_position_1(conn, path)
    end_depth, end = conn.execute(TIMELINE_END).fetchone()
    if tip != end:
        raise DamagedLogError(path, f"{path}: the tip is not the end of the current timeline.")
    row = conn.execute(
        "SELECT t.depth FROM revisions r JOIN timeline t ON t.depth = r.depth "
        "AND t.revision = r.id WHERE r.id = ?", (cursor,)).fetchone()
    if row is None:
        raise DamagedLogError(path, f"{path}: the cursor points nowhere.")
    _timeline_with_last_seqs(conn)
    conn.execute("DROP INDEX events_revision")  # see esdesktop.store.seqs
    conn.execute("DROP INDEX revisions_parent")
    conn.execute(INDEXES["revisions_fork"])
    conn.execute("DELETE FROM meta WHERE key IN ('cursor', 'tip')")
    conn.execute("INSERT INTO meta (key, value) VALUES (?, ?)", (CURSOR_KEY, str(end_depth - row[0])))
    conn.execute("PRAGMA user_version = 2")


def _timeline_with_last_seqs(conn: sqlite3.Connection) -> None:
    """The timeline made again with format 2's column: each row's last_seq, found through
    format 1's index of events by revision (read down from its end, a few pages a row)."""
    conn.execute("CREATE TEMP TABLE timeline_1 AS SELECT depth, revision FROM timeline")
    conn.execute("DROP TABLE timeline")
    conn.execute(TABLES["timeline"])
    conn.execute(
        "INSERT INTO timeline (depth, revision, last_seq) SELECT t.depth, t.revision, "
        "coalesce((SELECT seq FROM events WHERE revision <= t.revision "
        "ORDER BY revision DESC, seq DESC LIMIT 1), 0) FROM temp.timeline_1 t ORDER BY t.depth")
    conn.execute("DROP TABLE temp.timeline_1")
