"""Raw sqlite3 baselines: the same bytes as esdesktop writes or reads, with nothing in
between, in the same run, on the same disk and with the same PRAGMAs (WAL,
synchronous=FULL). They show how much of each figure is SQLite's own floor."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from esdesktop.store.seqs import last_seq

PRAGMAS = ("PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON",
           "PRAGMA busy_timeout=3000")


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


class RawTable:
    """One plain table in its own file: ``rows(id INTEGER PRIMARY KEY, data BLOB)``."""

    def __init__(self, path: Path):
        _remove(path)
        self.path = path
        self.conn = sqlite3.connect(path, isolation_level=None)
        for pragma in PRAGMAS:
            self.conn.execute(pragma)
        self.conn.execute("CREATE TABLE rows (id INTEGER PRIMARY KEY, data BLOB NOT NULL)")

    def insert_commit(self, data: bytes) -> float:
        """Seconds for one INSERT of ``data`` in its own BEGIN IMMEDIATE ... COMMIT."""
        started = time.perf_counter()
        self.conn.execute("BEGIN IMMEDIATE")
        self.conn.execute("INSERT INTO rows (data) VALUES (?)", (data,))
        self.conn.execute("COMMIT")
        return time.perf_counter() - started

    def insert_all(self, rows: list[bytes]) -> float:
        """Seconds for inserting every row in one transaction."""
        started = time.perf_counter()
        self.conn.execute("BEGIN IMMEDIATE")
        self.conn.executemany("INSERT INTO rows (data) VALUES (?)", ((row,) for row in rows))
        self.conn.execute("COMMIT")
        return time.perf_counter() - started

    def close(self) -> None:
        self.conn.close()
        _remove(self.path)


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def scan_events(path: Path) -> tuple[float, int]:
    """Seconds to read every stored event in order, and how many there were."""
    started = time.perf_counter()
    conn = _read_only(path)
    count = 0
    for _ in conn.execute("SELECT revision, user_id, type, version, data FROM events "
                          "ORDER BY seq"):
        count += 1
    conn.close()
    return time.perf_counter() - started, count


def read_span(path: Path, snapshot: int | None, low: int, high: int) -> float:
    """Seconds to connect and read a snapshot's blob and the events of the timeline's
    revisions at depths ``low < depth <= high``: the bytes an open has to read."""
    started = time.perf_counter()
    conn = _read_only(path)
    if snapshot is not None:
        conn.execute("SELECT data FROM snapshots WHERE revision = ?", (snapshot,)).fetchone()
    first, last = (conn.execute("SELECT revision FROM timeline WHERE depth = ?",
                                (depth,)).fetchone()[0] for depth in (low, high))
    conn.execute(  # the events between two revisions on the timeline lie between their seqs
        "SELECT e.revision, e.user_id, e.type, e.version, e.data FROM events e "
        "WHERE e.seq > ? AND e.seq <= ?", (last_seq(conn, first), last_seq(conn, last)),
    ).fetchall()
    conn.close()
    return time.perf_counter() - started
