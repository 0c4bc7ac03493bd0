"""The SQLite log: the one place that speaks SQL.

Interface (what History relies on; a PostgreSQL store would offer the same):

* ``create(path)`` / ``open(path, readonly=False)`` / ``close()`` / ``backup(dest)``
* reads: ``position()``, ``revision(id)``, ``timeline_length()``, ``timeline_revision(depth)``,
  ``timeline_slice(start, stop)``, ``consume_events_between(ancestor, descendant, consume)``,
  ``common_ancestor(a, b)``, ``nearest_snapshot(revision)``, ``snapshot_below(revision)``,
  ``snapshot_data(revision)``, ``newest_leaf(revision)``,
  ``user_events(user_id)``, ``data_version()``
* writes, each one transaction: ``append(...)``, ``move(cursor, tip)``,
  ``put_snapshot_aside(...)``
"""

from __future__ import annotations

import functools
import getpass
import inspect
import os
import shutil
import sqlite3
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from itertools import chain as chain_rows
from itertools import repeat
from pathlib import Path
from typing import TypeVar
from urllib.parse import quote

import sqlite_utils

from esdesktop.domain.revision import Revision, utc_now
from esdesktop.errors import (
    ConflictError,
    DamagedLogError,
    LogError,
    LogExistsError,
    LogInUseError,
    NotFoundError,
    ReadOnlyLogError,
    StorageFullError,
)
from esdesktop.store import chain, migration, seqs
from esdesktop.store import history_queries as queries
from esdesktop.store.backup import backup as copy_log
from esdesktop.store.header import check_header, hold, release, sidecars
from esdesktop.store.integrity import first_bad_revision
from esdesktop.store.schema import (
    APPLICATION_ID,
    CURSOR_KEY,
    INDEXES,
    SCHEMA_VERSION,
    TABLES,
    TRIGGERS,
    expected_objects,
)

T = TypeVar("T")
APP_VERSION = "0.1.0"
FULL_BELOW = 1 << 20  # free bytes under which an I/O error is taken for a full disk
REVISION_COLUMNS = "id, parent, depth, label, actor, recorded_at, hash, path_events"
ON_LINE = "EXISTS (SELECT 1 FROM timeline t WHERE t.depth = r.depth AND t.revision = r.id)"
ON_LINE_WALK = f"""WITH RECURSIVE up(id, depth, parent, on_line) AS (
    SELECT r.id, r.depth, r.parent, {ON_LINE} FROM revisions r WHERE r.id = :start
    UNION ALL
    SELECT r.id, r.depth, r.parent, {ON_LINE} FROM revisions r JOIN up ON r.id = up.parent
    WHERE NOT up.on_line
)"""
ON_LINE_UP = ON_LINE_WALK + " SELECT id, depth FROM up"
# A revision's children: the next id, if its parent is that revision, and the forks, the
# children whose parent is not the id before theirs (the index revisions_fork lists those)
NEXT_CHILD = "SELECT n.id FROM revisions n WHERE n.id = {of} + 1 AND n.parent = {of}"
FORK_CHILDREN = "SELECT {select} FROM revisions c WHERE c.parent = {of} AND c.parent <> c.id - 1"
# The same walk with each revision's path_events, from the start up
ON_LINE_UP_EVENTS = ON_LINE_WALK + """ SELECT up.id, up.depth, r.path_events
    FROM up JOIN revisions r ON r.id = up.id ORDER BY up.depth DESC"""
# The deepest snapshot on the path root -> :start: among the revisions walked up to the
# current timeline, or else the deepest one on the timeline at or above the revision where
# the walk met it. Ids grow along any path (a parent's is smaller), so on the timeline that
# is the snapshot with the largest id up to that revision's that is on the timeline: read
# down the snapshots' key from there, it is mostly the first one met. (Scanning every
# snapshot row, each with megabytes of overflow behind it, took 1.5 to 4 ms a seek.)
NEAREST_SNAPSHOT = ON_LINE_WALK + """ SELECT revision FROM (
    SELECT up.id AS revision, up.depth AS depth FROM up JOIN snapshots s ON s.revision = up.id
    UNION ALL
    SELECT * FROM (
        SELECT s.revision, r.depth FROM snapshots s CROSS JOIN revisions r
        WHERE s.revision <= (SELECT id FROM up WHERE on_line) AND r.id = s.revision
        AND EXISTS (SELECT 1 FROM timeline t WHERE t.depth = r.depth AND t.revision = r.id)
        ORDER BY s.revision DESC LIMIT 1)
) ORDER BY depth DESC LIMIT 1"""
# The shallowest snapshot on the current timeline below :depth, if the revision :id at that
# depth is on the timeline too (then it descends from :id): by the same rule, the snapshot
# with the smallest id above :id that is on the timeline.
SNAPSHOT_BELOW = """SELECT s.revision FROM snapshots s CROSS JOIN revisions r
    WHERE EXISTS (SELECT 1 FROM timeline WHERE depth = :depth AND revision = :id)
    AND s.revision > :id AND r.id = s.revision
    AND EXISTS (SELECT 1 FROM timeline t WHERE t.depth = r.depth AND t.revision = r.id)
    ORDER BY s.revision LIMIT 1"""
# The columns a replay reads: the user id is inside the data, and every column left out
# saves the replay a Python object per event. The data comes as bytes, which the JSON
# parser takes as they are, rather than as text decoded first: 2% off a replay of
# 300,000 events (805 against 822 ms, medians of six taking turns).
REPLAY_COLUMNS = "e.revision, e.type, e.version, CAST(e.data AS BLOB)"
# The events with seq in (?, ?] of revisions on the timeline, read down the events
# table's key with two key lookups a row to check the timeline (CROSS JOIN keeps that
# order): 5% faster over a full replay than reading the timeline and then each revision's
# events through the index (measured on the benchmark log). Events are written with
# their revision, so along one path seq grows with depth: this is the path's order.
TIMELINE_EVENTS = f"""SELECT {REPLAY_COLUMNS}
    FROM events e CROSS JOIN revisions r CROSS JOIN timeline t
    WHERE e.seq > ? AND e.seq <= ? AND r.id = e.revision
    AND t.depth = r.depth AND t.revision = r.id ORDER BY e.seq"""
# The events with seq in (?, ?], for a run of consecutive revisions off the timeline.
SEQ_EVENTS = f"SELECT {REPLAY_COLUMNS} FROM events e WHERE e.seq > ? AND e.seq <= ? ORDER BY e.seq"
# (the tip, the cursor's steps behind it as stored, the cursor, the id the next revision
# takes, the newest event's seq): what a write checks first, in one statement (each
# statement after an fsync costs ~10 µs of an edit's budget). The tip is the timeline's
# last row.
POSITION = f"""SELECT t.revision, m.value, c.revision, (SELECT max(id) + 1 FROM revisions),
    (SELECT coalesce(max(seq), 0) FROM events)
    FROM (SELECT depth, revision FROM timeline ORDER BY depth DESC LIMIT 1) t
    LEFT JOIN meta m ON m.key = '{CURSOR_KEY}'
    LEFT JOIN timeline c ON c.depth = t.depth - m.value"""
# The cursor as that many steps behind the tip, worked out from the two revisions' depths.
WRITE_POSITION = f"""UPDATE meta SET value = (SELECT tip.depth - cursor.depth
    FROM revisions tip, revisions cursor WHERE tip.id = :tip AND cursor.id = :cursor)
    WHERE key = '{CURSOR_KEY}'"""
# (An INSERT ... SELECT guarded by the same check, one statement less, measured slower: 13.6
# against 12.4 µs for this read and a plain insert, as SQLite copies a SELECT that reads
# the table it inserts into through a temporary table first.)
INSERT_REVISION = (f"INSERT INTO revisions ({REVISION_COLUMNS}) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
INSERT_EVENT = ("INSERT INTO events (user_id, type, version, data, revision) "
                "VALUES (?, ?, ?, ?, ?)")
# (user_id, type, version, data) as stored
EventRecord = tuple[str, str, int, str]


def default_actor() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name on this system: still record something honest
        return "unknown"


def translating(cls):
    """Make every public method of the store raise esdesktop errors only: an sqlite3 error
    (a page found corrupt halfway through a file, say) becomes the error a person can act
    on, also when it surfaces while the caller iterates over rows the method returned."""
    for name, member in list(vars(cls).items()):
        if not name.startswith("_") and inspect.isfunction(member):
            setattr(cls, name, _translated(member))
    return cls


def _translated(method):
    @functools.wraps(method)
    def call(self, *args, **kwargs):
        try:
            result = method(self, *args, **kwargs)
        except sqlite3.Error as error:
            raise translate(self.path, error) from None
        return _translated_rows(self.path, result) if isinstance(result, Iterator) else result

    return call


def _translated_rows(path: Path, rows: Iterator) -> Iterator:
    try:
        yield from rows
    except sqlite3.Error as error:
        raise translate(path, error) from None


@translating
class SqliteStore:
    """An esdesktop log in one SQLite file."""

    _held: tuple[int, int] | None = None  # the file, as noted by header.hold()
    _next_revision = 0  # the id the next revision takes, read by each write's check
    _newest_seq = 0  # the newest event's seq, read with it
    _aside: sqlite3.Connection | None = None  # put_snapshot_aside's own connection

    def __init__(self, path: Path, conn: sqlite3.Connection, readonly: bool):
        self.path = path
        self.conn = conn
        self.db = sqlite_utils.Database(conn, execute_plugins=False)
        self.readonly = readonly
        self.warnings: list[str] = []
        self.upgraded_copy: Path | None = None  # where an older file format was kept
        self.format = migration.file_format(conn)
        self._position = self._read_position()
        self._synchronous = conn.execute("PRAGMA synchronous").fetchone()[0]

    # -- opening and closing -------------------------------------------------------------

    @classmethod
    def create(cls, path, actor: str | None = None, durable: bool = True) -> "SqliteStore":
        """Create a new, empty log at ``path``. Refuses a path that exists."""
        path = Path(path)
        if path.exists():
            raise LogExistsError(path, f"{path} already exists. Open it, or pick a new name.")
        temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.new")
        try:
            _initialise(temporary, actor or default_actor())
            os.link(temporary, path)  # fails if path appeared meanwhile: never overwrites
        except FileExistsError:
            raise LogExistsError(path, f"{path} already exists.") from None
        except OSError as error:
            raise _os_error(path, error) from None
        finally:
            temporary.unlink(missing_ok=True)
        return cls.open(path, durable=durable)

    @classmethod
    def open(cls, path, readonly: bool = False, durable: bool = True) -> "SqliteStore":
        """Open an existing log. A missing, foreign, too new or damaged file is refused
        (read-only opens of a damaged file succeed, with ``warnings``). ``durable=False``
        turns fsync off: only for building throwaway logs (benchmarks), never for users."""
        path = Path(path)
        check_header(path)
        if not readonly and not _writable(path):
            raise ReadOnlyLogError(path, f"{path} cannot be written (read-only file or "
                                   "folder). It can be opened read-only.")
        problems, bad = _inspect(path)
        if problems and not readonly:
            raise _altered(path, problems, bad)
        if problems:  # a damaged file is only read: never let even a checkpoint write into it
            conn = _connect(path, _reader_mode(path))
        else:
            conn = _connect(path, "rw" if _writable(path) else _reader_mode(path))
        try:
            if readonly:
                conn.execute("PRAGMA query_only=ON")
            if not durable:
                conn.execute("PRAGMA synchronous=OFF")
            upgraded_copy = None if readonly else migration.upgrade(conn, path)
            store = cls(path, conn, readonly)
            store.upgraded_copy = upgraded_copy
            store.warnings.extend(problems)
            store._check_position()
            store._held = hold(path)
            return store
        except sqlite3.Error as error:
            conn.close()
            raise translate(path, error) from None
        except BaseException:
            conn.close()
            raise

    def close(self) -> None:
        """Close the file; a clean close leaves no -wal file behind."""
        if self._aside is not None:  # first, so that the last close removes the -wal file
            self._aside.close()
            self._aside = None
        if self.conn is not None:
            self.conn.close()
            self.conn = None
            if self._held is not None:
                release(self._held)

    def backup(self, dest) -> Path:
        """Copy the log to the new file ``dest`` with SQLite's backup API: complete and
        consistent even while writers are at work and the -wal file holds data."""
        return copy_log(self.conn, dest)

    # -- transactions ----------------------------------------------------------------------

    @contextmanager
    def transaction(self, *, durable: bool = True) -> Iterator[None]:
        """One write transaction (``BEGIN IMMEDIATE``). Refuses if another writer moved the
        log since this store last read it. ``durable=False`` skips the fsync: the change
        survives a crash of the app but not a power cut (used for cursor moves)."""
        if self.readonly:
            raise ReadOnlyLogError(self.path, f"{self.path} is open read-only.")
        try:
            if not durable:
                self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                if self._read_position() != self._position:  # also reads _next_revision
                    raise self._conflict()
                yield
                self.conn.execute("COMMIT")
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise
        except sqlite3.Error as error:
            raise translate(self.path, error) from None
        finally:
            if not durable:
                self.conn.execute(f"PRAGMA synchronous={self._synchronous}")

    # -- reads -----------------------------------------------------------------------------

    @property
    def file_id(self) -> str:
        return self._meta("file_id")

    def position(self) -> tuple[int, int]:
        """(cursor, tip) as this store last read or wrote them."""
        return self._position

    def refresh(self) -> tuple[int, int]:
        """Re-read (cursor, tip) from the file, taking what another writer did."""
        self._position = self._read_position()
        return self._position

    def data_version(self) -> int:
        """Changes whenever another connection commits to the file."""
        return self.conn.execute("PRAGMA data_version").fetchone()[0]

    def revision(self, revision_id: int) -> Revision:
        row = self.conn.execute(
            f"SELECT {REVISION_COLUMNS} FROM revisions WHERE id = ?", (revision_id,)
        ).fetchone()
        if row is None:
            raise NotFoundError(f"there is no revision {revision_id} in {self.path.name}")
        return Revision(*row)

    def revision_count(self) -> int:
        return self.conn.execute("SELECT max(id) + 1 FROM revisions").fetchone()[0]

    def timeline_length(self) -> int:
        """Revisions on the current timeline, the empty root included."""
        return self.conn.execute("SELECT max(depth) + 1 FROM timeline").fetchone()[0]

    def timeline_revision(self, depth: int) -> int:
        row = self.conn.execute("SELECT revision FROM timeline WHERE depth = ?", (depth,)).fetchone()
        if row is None:
            raise NotFoundError(f"position {depth} is not on the timeline")
        return row[0]

    def timeline_slice(self, start: int = 0, stop: int | None = None) -> list[Revision]:
        """Revisions at depths ``start <= depth < stop`` of the current timeline."""
        stop = self.timeline_length() if stop is None else stop
        rows = self.conn.execute(
            f"SELECT {', '.join('r.' + c.strip() for c in REVISION_COLUMNS.split(','))} "
            "FROM timeline t JOIN revisions r ON r.id = t.revision "
            "WHERE t.depth >= ? AND t.depth < ? ORDER BY t.depth",
            (start, stop),
        )
        return [Revision(*row) for row in rows]

    def consume_events_between(self, ancestor: int, descendant: int,
                               consume: Callable[[Iterator[tuple]], T]) -> T:
        """``consume(rows)``: the events of the revisions after ``ancestor`` up to and
        including ``descendant`` (which must descend from it), oldest first, as (revision,
        type, version, data). Streamed, not a list: a full replay need not hold a million
        rows at once. The part of the path on the current timeline is read as a range of
        the events table's key; only the part off it (a branch) is walked revision by
        revision.

        The rows come straight off SQLite's cursors, and a SQLite error raised while
        ``consume`` reads them becomes an esdesktop error here, as in every method. Handing
        them out instead, each through a generator translating errors, cost 6% of a full
        replay of the benchmark log (2.72 against 2.57 s, medians of four alternating runs)."""
        return consume(self._events_between(ancestor, descendant))

    def _events_between(self, ancestor: int, descendant: int) -> Iterator[tuple]:
        floor = self.conn.execute("SELECT depth FROM revisions WHERE id = ?", (ancestor,)).fetchone()[0]
        path = self._up_to_timeline(descendant)  # descendant ... the fork, on the timeline
        fork, fork_depth = path[-1]
        parts = []
        if fork_depth > floor:  # the ancestor and the fork are both on the timeline
            bounds = (self._timeline_last_seq(floor, ancestor),
                      self._timeline_last_seq(fork_depth, fork))
            parts.append(self.conn.execute(TIMELINE_EVENTS, bounds))
            floor = fork_depth
        for first, last in seqs.runs(rid for rid, depth in path if depth > floor):
            bounds = (self._last_seq(first - 1), self._last_seq(last))
            parts.append(self.conn.execute(SEQ_EVENTS, bounds))
        return chain_rows(*parts)

    def _last_seq(self, revision_id: int) -> int:
        return seqs.last_seq(self.conn, revision_id)

    def _timeline_last_seq(self, depth: int, revision_id: int | None = None) -> int:
        """``_last_seq`` of the revision on the timeline at ``depth`` (``revision_id``, if
        the caller knows it): kept in its row."""
        if self.format == 1:  # (read only, as it is: no such column, so a bisection)
            return self._last_seq(self.timeline_revision(depth) if revision_id is None
                                  else revision_id)
        return self.conn.execute("SELECT last_seq FROM timeline WHERE depth = ?",
                                 (depth,)).fetchone()[0]

    def common_ancestor(self, a: int, b: int) -> int:
        """The deepest revision that both ``a`` and ``b`` descend from (or are)."""
        up_a, up_b = self._up_to_timeline(a), self._up_to_timeline(b)
        seen = {rid for rid, _ in up_a}
        for rid, _ in up_b:
            if rid in seen:
                return rid
        return min(up_a[-1], up_b[-1], key=lambda row: row[1])[0]

    def on_timeline(self, revision_id: int) -> bool:
        return len(self._up_to_timeline(revision_id)) == 1

    def _up_to_timeline(self, revision_id: int) -> list[tuple[int, int]]:
        """(id, depth) from the revision up to the first one on the current timeline."""
        rows = self.conn.execute(ON_LINE_UP, {"start": revision_id}).fetchall()
        if not rows:
            raise NotFoundError(f"there is no revision {revision_id} in {self.path.name}")
        return rows

    def nearest_snapshot(self, revision_id: int) -> tuple[Revision, str, int] | None:
        """The snapshot closest to ``revision_id`` on the path root -> it, if any:
        (its revision, format, users). Its data (megabytes) is read by :meth:`snapshot_data`
        only when it is used."""
        found = self.conn.execute(NEAREST_SNAPSHOT, {"start": revision_id}).fetchone()
        return None if found is None else self._snapshot(found[0])

    def _snapshot(self, revision_id: int) -> tuple[Revision, str, int]:
        row = self.conn.execute(
            "SELECT format, users FROM snapshots WHERE revision = ?", (revision_id,)
        ).fetchone()
        return self.revision(revision_id), *row

    def snapshot_below(self, revision: Revision) -> tuple[Revision, str, int] | None:
        """The snapshot closest below ``revision`` on the current timeline, if ``revision``
        is on it (a state reached from there by reverting the events in between), as
        :meth:`nearest_snapshot` answers."""
        where = {"id": revision.id, "depth": revision.depth}
        found = self.conn.execute(SNAPSHOT_BELOW, where).fetchone()
        return None if found is None else self._snapshot(found[0])

    def snapshot_data(self, revision_id: int) -> bytes:
        return self.conn.execute(
            "SELECT data FROM snapshots WHERE revision = ?", (revision_id,)
        ).fetchone()[0]

    def snapshots(self) -> list[tuple[int, str, bytes]]:
        return self.conn.execute("SELECT revision, format, data FROM snapshots").fetchall()

    def newest_leaf(self, revision_id: int) -> int:
        """The leaf reached from ``revision_id`` by always taking the newest child (a fork's
        id is above the next id, so the newest fork if there is one)."""
        return self.conn.execute(
            "WITH RECURSIVE down(id) AS (SELECT :r UNION ALL "
            f"SELECT coalesce(({FORK_CHILDREN.format(select='max(c.id)', of='down.id')}), "
            f"({NEXT_CHILD.format(of='down.id')})) FROM down "
            "WHERE down.id IS NOT NULL) SELECT id FROM down WHERE id IS NOT NULL",
            {"r": revision_id},
        ).fetchall()[-1][0]

    def children(self, revision_id: int) -> list[int]:
        rows = self.conn.execute(
            f"{NEXT_CHILD.format(of=':r')} UNION ALL "
            f"{FORK_CHILDREN.format(select='c.id', of=':r')} ORDER BY 1", {"r": revision_id})
        return [row[0] for row in rows]

    def leaves(self) -> list[int]:
        """Every branch's end, oldest first."""
        rows = self.conn.execute(
            f"SELECT id FROM revisions r WHERE NOT EXISTS ({NEXT_CHILD.format(of='r.id')}) "
            f"AND NOT EXISTS ({FORK_CHILDREN.format(select='1', of='r.id')}) ORDER BY id")
        return [row[0] for row in rows]

    def user_events(self, user_id: str) -> list[tuple[Revision, str, int, str]]:
        """The user's events on the current timeline, oldest first."""
        rows = self.conn.execute(
            f"SELECT {', '.join('r.' + c.strip() for c in REVISION_COLUMNS.split(','))}, "
            "e.type, e.version, e.data FROM events e "
            "JOIN revisions r ON r.id = e.revision "
            "JOIN timeline t ON t.depth = r.depth AND t.revision = r.id "
            "WHERE e.user_id = ? ORDER BY e.seq",
            (user_id,),
        )
        return [(Revision(*row[:8]), row[8], row[9], row[10]) for row in rows]

    # -- writes ----------------------------------------------------------------------------

    def append(
        self,
        label: str,
        actor: str,
        records: Sequence[EventRecord],
        parent: Revision | None = None,
    ) -> Revision:
        """Record one revision as a child of the cursor, make it cursor and tip, in one
        transaction. ``parent``: the cursor's revision, if the caller holds it (one read
        less). A snapshot of the state it reaches is a cache: :meth:`put_snapshot_aside`."""
        cursor, tip = self._position
        with self.transaction():
            if parent is None or parent.id != cursor:
                parent = self.revision(cursor)
            revision = self._insert_revision(parent, label, actor, records)
            if cursor != tip:  # behind the tip: the old future leaves the timeline
                self.conn.execute("DELETE FROM timeline WHERE depth >= ?", (revision.depth,))
                self.conn.execute(f"UPDATE meta SET value = '0' WHERE key = '{CURSOR_KEY}'")
            # At the tip the cursor stays 0 steps behind it: the new timeline row moves both
            self.conn.execute("INSERT INTO timeline VALUES (?, ?, ?)", (
                revision.depth, revision.id, self._newest_seq + len(records)))
        self._position = (revision.id, revision.id)
        return revision

    def move(self, cursor: int, tip: int | None = None) -> None:
        """Move the cursor (and the tip, making its branch current); not an edit."""
        tip = self._position[1] if tip is None else tip
        with self.transaction(durable=False):
            if tip != self._position[1]:
                self._rewrite_timeline(tip)
            self._write_position(cursor, tip)
        self._position = (cursor, tip)

    def put_snapshot_aside(self, revision_id: int, fmt: str, users: int, data: bytes) -> None:
        """Store the state at a revision (a cache), through sqlite-utils, on a connection
        of its own, for one worker thread at a time (a snapshot built in the background):
        in a transaction of its own that is not fsynced (a crash may lose it, and nothing
        is lost with it), writing the snapshots table only, taking no part in the conflict
        check (the cursor and tip are not its business) and waiting out the busy timeout
        while an edit holds the write lock."""
        if self.readonly:
            raise ReadOnlyLogError(self.path, f"{self.path} is open read-only.")
        conn = self._aside_connection()
        conn.execute("BEGIN IMMEDIATE")
        try:
            sqlite_utils.Database(conn, execute_plugins=False)["snapshots"].insert(
                {"revision": revision_id, "format": fmt, "users": users, "data": data},
                replace=True)
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    def _aside_connection(self) -> sqlite3.Connection:
        """The connection :meth:`put_snapshot_aside` writes on, opened when first needed;
        not fsynced, as a cache need not be (off altogether when this store is not)."""
        if self._aside is None:
            conn = _connect(self.path, "rw")
            conn.execute(f"PRAGMA synchronous={min(self._synchronous, 1)}")
            self._aside = conn
        return self._aside

    # -- beyond undo: checkpoints, time, deleted users, find (SQL in history_queries) ------

    def add_checkpoint(self, mark: int | None, revision: int, name: str, removed: bool,
                       actor: str) -> tuple:
        """Append one checkpoint record in its own durable transaction; ``mark`` None
        starts a new checkpoint. Returns the record as a row."""
        with self.transaction():
            return queries.insert_checkpoint(self.conn, mark, revision, name, removed, actor,
                                             utc_now())

    def checkpoint_records(self, mark: int | None = None) -> list[tuple]:
        return queries.checkpoint_records(self.conn, mark)

    def current_checkpoints(self) -> list[tuple]:
        return queries.current_checkpoints(self.conn)

    def first_depth_after(self, moment: str) -> int | None:
        return queries.first_depth_after(self.conn, moment)

    def deletions(self, depth: int) -> list[tuple]:
        return queries.deletions(self.conn, self._timeline_last_seq(depth))

    def fork_depths(self) -> list[int]:
        return queries.fork_depths(self.conn)

    def find_revisions(self, filters: queries.Filters, limit: int, offset: int) -> list[tuple]:
        rows = queries.find_revisions(self.conn, filters, limit, offset)
        return [(Revision(*row[:8]), bool(row[8])) for row in rows]

    def count_revisions(self, filters: queries.Filters) -> int:
        return queries.count_revisions(self.conn, filters)

    # -- internals -------------------------------------------------------------------------

    def _insert_revision(self, parent: Revision, label, actor, records) -> Revision:
        rid = self._next_revision
        header = (rid, parent.id, parent.depth + 1, parent.path_events + len(records),
                  label, actor, utc_now())
        digest = chain.revision_hash(parent.hash, header, records)
        revision = Revision(rid, parent.id, header[2], label, actor, header[6], digest, header[3])
        # An edit's own rows go in with prepared statements, not through sqlite-utils: one
        # row through its insert_all took 35-50 µs against 3-6 µs (in memory, measured), on
        # an edit budget of 2x a raw commit that runs between 1.6x and 1.9x; and for a
        # 100,000-user import it took 2.8x the time of executemany.
        self.conn.execute(INSERT_REVISION, (
            rid, parent.id, revision.depth, label, actor, revision.recorded_at, digest,
            revision.path_events))
        if len(records) == 1:  # an edit: a plain execute is a few µs cheaper
            self.conn.execute(INSERT_EVENT, (*records[0], rid))
        else:  # each row with the revision appended, without a Python call a row
            self.conn.executemany(INSERT_EVENT, map(tuple.__add__, records, repeat((rid,))))
        return revision

    def _rewrite_timeline(self, tip: int) -> None:
        # tip ... the fork, the first one on the timeline
        path = self.conn.execute(ON_LINE_UP_EVENTS, {"start": tip}).fetchall()
        self.conn.execute("DELETE FROM timeline WHERE depth > ?", (path[-1][1],))
        self.conn.executemany(
            "INSERT INTO timeline (depth, revision, last_seq) VALUES (?, ?, ?)",
            reversed(self._rows_with_last_seqs(path[:-1])))

    def _rows_with_last_seqs(self, path: list[tuple[int, int, int]]) -> list[tuple]:
        """(depth, id, last_seq) for (id, depth, path_events) from a revision up. A
        revision whose child on the path has the next id ends its events where the child's
        begin (the child's path_events less its own are the child's events); any other is
        found by bisection, once a run of consecutive ids."""
        rows, below = [], None  # below: (id, path_events, last_seq) of the child
        for rid, depth, events in path:
            if below is not None and below[0] == rid + 1:
                last = below[2] - (below[1] - events)
            else:
                last = self._last_seq(rid)
            rows.append((depth, rid, last))
            below = (rid, events, last)
        return rows

    def _meta(self, key: str) -> str:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        if row is None:
            raise DamagedLogError(self.path, f"{self.path} has no {key} record: the log is damaged.")
        return row[0]

    def _conflict(self) -> ConflictError:
        return ConflictError(self.path, "Another program changed this log since it was read. "
                             "Reopen it to see the latest history; nothing was written.")

    def _read_position(self) -> tuple[int, int]:
        """(cursor, tip) from the file; notes the id the next revision takes."""
        if self.format == 1:  # only ever read: a writable open upgrades the file first
            cursor, tip, self._next_revision = migration.read_position_1(self.conn, self.path)
            return cursor, tip
        tip, behind, cursor, self._next_revision, self._newest_seq = self.conn.execute(
            POSITION).fetchone()
        if behind is None:
            raise DamagedLogError(self.path, f"{self.path} has no cursor record: the log is "
                                  "damaged.")
        if not (behind.isascii() and behind.isdigit()):  # what SQLite reads as a number
            raise DamagedLogError(self.path, f"{self.path} has an unreadable cursor.")
        if cursor is None:
            raise DamagedLogError(self.path, f"{self.path}: the cursor points nowhere.")
        return cursor, tip

    def _write_position(self, cursor: int, tip: int) -> None:
        self.conn.execute(WRITE_POSITION, {"cursor": cursor, "tip": tip})

    def _check_position(self) -> None:
        cursor, tip = self._position
        for name, rid in (("cursor", cursor), ("tip", tip)):
            row = self.conn.execute("SELECT depth FROM revisions WHERE id = ?", (rid,)).fetchone()
            if row is None or self.conn.execute(
                "SELECT 1 FROM timeline WHERE depth = ? AND revision = ?", (row[0], rid)
            ).fetchone() is None:
                raise DamagedLogError(self.path, f"{self.path}: the {name} points nowhere.")
            if self.format > 1 and self._timeline_last_seq(row[0]) != self._last_seq(rid):
                raise DamagedLogError(self.path, f"{self.path}: the timeline's row for the "
                                      f"{name} points at the wrong events.")


def _initialise(path: Path, actor: str) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        _configure(conn)
        conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        file_id = uuid.uuid4().hex
        conn.execute("BEGIN IMMEDIATE")
        for sql in (*TABLES.values(), *INDEXES.values(), *TRIGGERS.values()):
            conn.execute(sql)
        conn.executemany(
            "INSERT INTO meta (key, value) VALUES (?, ?)",
            [("file_id", file_id), (CURSOR_KEY, "0"),
             ("min_writer_version", APP_VERSION), ("created_by", f"esdesktop {APP_VERSION}")],
        )
        conn.execute(
            f"INSERT INTO revisions ({REVISION_COLUMNS}) VALUES (0, NULL, 0, 'empty', ?, ?, ?, 0)",
            (actor, utc_now(), chain.root_hash(file_id)),
        )
        conn.execute("INSERT INTO timeline (depth, revision, last_seq) VALUES (0, 0, 0)")
        conn.execute("COMMIT")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def _connect(path: Path, mode: str) -> sqlite3.Connection:
    try:
        conn = sqlite3.connect(
            f"file:{quote(str(path.resolve()))}?mode={mode}",
            uri=True,
            isolation_level=None,
            check_same_thread=False,
        )
        _configure(conn)
        return conn
    except sqlite3.Error as error:
        raise translate(path, error) from None


def _writable(path: Path) -> bool:
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _reader_mode(path: Path) -> str:
    """How to open a log only to read it, writing nothing beside it. With a -wal file
    beside it, SQLite must read through it (a writer may be at work). Without one, nothing
    waits to be checkpointed and the file is read as immutable: no -wal or -shm file is
    created, which a read-only folder would refuse and which, owned by this user, could
    later keep the file's owner from writing."""
    return "ro" if sidecars(path)[0].exists() else "ro&immutable=1"


def _configure(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA busy_timeout=3000")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA synchronous=FULL")


def _inspect(path: Path) -> tuple[list[str], int | None]:
    """What is wrong with the schema and with the newest revisions' hashes (see
    :func:`first_bad_revision`), and the first bad revision if one is known. Read without
    writing anything: where no -wal file exists the file is read as immutable, so that
    even a file SQLite finds corrupt is left with nothing created beside it."""
    conn = _connect(path, _reader_mode(path))
    try:
        problems = _schema_problems(conn)
        bad = first_bad_revision(conn, whole=bool(problems))
    except sqlite3.Error as error:
        raise translate(path, error) from None
    finally:
        conn.close()
    if bad is None:
        return problems, None
    return [*problems, f"revision {bad[0]}: {bad[1]}"], bad[0]


def _altered(path: Path, problems: list[str], bad: int | None) -> DamagedLogError:
    first = ("" if bad is None or len(problems) == 1
             else f"; revision {bad} is the first that does not check out")
    return DamagedLogError(path, f"{path} was altered by another tool: {problems[0]}{first}. "
                           "It can be opened read-only.", bad)


def _schema_problems(conn: sqlite3.Connection) -> list[str]:
    found = {
        (kind, name): sql
        for kind, name, sql in conn.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
        )
    }
    expected, problems = expected_objects(migration.file_format(conn)), []
    for key, sql in expected.items():
        if key not in found:
            problems.append(f"the {key[0]} {key[1]} is missing")
        elif found[key] != sql:
            problems.append(f"the {key[0]} {key[1]} was changed")
    problems += [f"an unexpected {kind} {name} was added" for kind, name in found
                 if (kind, name) not in expected]
    return problems


def translate(path: Path, error: sqlite3.Error) -> LogError:
    """An sqlite3 error as the esdesktop error a person can act on."""
    text = str(error).lower()
    if "full" in text:
        return StorageFullError(path, f"The disk holding {path} is full; nothing was written. "
                                "Free some space and try again.")
    if "readonly" in text or "read-only" in text:
        return ReadOnlyLogError(path, f"{path} cannot be written (read-only file or folder); "
                                "nothing was written.")
    if "locked" in text or "busy" in text:
        return LogInUseError(path, f"{path} is busy in another program; try again.")
    if "unable to open" in text:
        return ReadOnlyLogError(path, f"{path} cannot be opened: check that its folder "
                                "can be read and written.")
    if "disk i/o error" in text:
        return _io_error(path)
    if isinstance(error, sqlite3.IntegrityError):
        return DamagedLogError(path, f"{path} refused a write: {error}.")
    return DamagedLogError(path, f"{path} is damaged ({error}). Restore a backup or open "
                           "it read-only.")


def _io_error(path: Path) -> LogError:
    """SQLite reports a disk I/O error when, among others, it cannot grow its -wal or -shm
    file on a full disk: say which, rather than call the log damaged."""
    try:
        full = shutil.disk_usage(path.parent).free < FULL_BELOW
    except OSError:
        full = False
    if full:
        return StorageFullError(path, f"The disk holding {path} is full; nothing was written. "
                                "Free some space and try again.")
    return LogError(path, f"{path} could not be read or written (disk I/O error); nothing was "
                    "written. Check the disk, then try again.")


def _os_error(path: Path, error: OSError) -> LogError:
    if error.errno == 28:
        return StorageFullError(path, f"The disk is full; {path} was not created.")
    return ReadOnlyLogError(path, f"{path} cannot be created: {error.strerror}.")
