"""Checks behind ``verify``: SQLite's own integrity check, the hash chain, the tree's
bookkeeping and the timeline. Each returns a list of problems (empty when all is well)
as (revision or None, sentence)."""

from __future__ import annotations

import sqlite3
from itertools import groupby

from esdesktop.store import chain

Problem = tuple[int | None, str]


def check_sqlite(store) -> list[Problem]:
    try:
        rows = store.conn.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError as error:
        return [(None, f"SQLite reports the file damaged: {error}")]
    return [] if rows == [("ok",)] else [(None, f"SQLite integrity: {row[0]}") for row in rows[:5]]


# Opening a log re-hashes its newest revisions, newest first, as long as they hold no more
# than this many events between them (all of a small log; a newest revision larger than
# that is left to verify). That finds rows appended behind the app's back in a few ms.
RECENT_EVENTS = 2_000


def check_chain(store) -> list[Problem]:
    """Recompute every revision's hash from its parent's and its events' stored bytes."""
    return chain_problems(store.conn)


def first_bad_revision(conn: sqlite3.Connection, whole: bool = False) -> Problem | None:
    """What opening a log checks: the hash chain over its newest revisions (see
    :data:`RECENT_EVENTS`), or all of it when ``whole``. None when they check out or
    cannot be read (a damaged schema or file is reported by the other checks)."""
    try:
        found = chain_problems(conn, 0 if whole else _recent_start(conn))
    except sqlite3.DatabaseError:
        return None
    return found[0] if found else None


def chain_problems(conn: sqlite3.Connection, since: int = 0) -> list[Problem]:
    """The first revision from ``since`` on whose hash, depth or event count does not
    follow from its parent's stored row and its own events' stored bytes."""
    rows = conn.execute(  # the stored bytes of the text hashed (see chain.revision_hash)
        "SELECT r.id, r.parent, r.depth, r.path_events, CAST(r.label AS BLOB), "
        "CAST(r.actor AS BLOB), CAST(r.recorded_at AS BLOB), r.hash, CAST(e.user_id AS BLOB), "
        "CAST(e.type AS BLOB), e.version, CAST(e.data AS BLOB) FROM revisions r "
        "LEFT JOIN events e ON e.revision = r.id WHERE r.id >= ? ORDER BY r.id, e.seq", (since,)
    )
    known = _parents_before(conn, since)  # id -> (hash, depth, path_events)
    file_id = _file_id(conn) if since == 0 else ""
    for rid, group in groupby(rows, key=lambda row: row[0]):
        group = list(group)
        head = group[0]
        events = [row[8:] for row in group if row[9] is not None]
        problem = _check_revision(known, file_id, head, events)
        if problem:
            return [problem]
        known[rid] = (head[7], head[2], head[3])
    orphans = conn.execute(
        "SELECT min(e.revision) FROM events e LEFT JOIN revisions r ON r.id = e.revision "
        "WHERE r.id IS NULL AND e.revision >= ?", (since,)
    ).fetchone()[0]
    return [] if orphans is None else [(orphans, "events belong to a revision that is missing")]


def _recent_start(conn: sqlite3.Connection) -> int:
    """The oldest of the newest revisions that hold at most RECENT_EVENTS events."""
    rows = conn.execute(
        "SELECT r.id, (SELECT count(*) FROM events e WHERE e.revision = r.id) "
        "FROM revisions r ORDER BY r.id DESC LIMIT ?", (RECENT_EVENTS + 1,))
    since, total = None, 0
    for rid, count in rows:
        total += count
        if total > RECENT_EVENTS:
            break
        since = rid
    else:
        return 0
    return rid + 1 if since is None else since


def _parents_before(conn: sqlite3.Connection, since: int) -> dict[int, tuple[str, int, int]]:
    rows = conn.execute(
        "SELECT id, hash, depth, path_events FROM revisions WHERE id < ? "
        "AND id IN (SELECT parent FROM revisions WHERE id >= ?)", (since, since))
    return {rid: (digest, depth, events) for rid, digest, depth, events in rows}


def _file_id(conn: sqlite3.Connection) -> str:
    row = conn.execute("SELECT value FROM meta WHERE key = 'file_id'").fetchone()
    return "" if row is None else row[0]


def _check_revision(known, file_id, head, events) -> Problem | None:
    rid, parent, depth, path_events, label, actor, recorded_at, digest = head[:8]
    if rid == 0:
        return None if digest == chain.root_hash(file_id) else (0, "the root's hash does not match")
    if parent not in known:  # deleted: name the missing revision, not its child
        return parent, f"it is missing, yet revision {rid} follows it"
    parent_hash, parent_depth, parent_events = known[parent]
    if depth != parent_depth + 1 or path_events != parent_events + len(events):
        return rid, "its depth or event count does not follow from its parent"
    header = (rid, parent, depth, path_events, label, actor, recorded_at)
    if chain.revision_hash(parent_hash, header, events) != digest:
        return rid, "its hash does not match its contents: it was changed after it was written"
    return None


def check_timeline(store) -> list[Problem]:
    rows = store.conn.execute(
        "SELECT t.depth, t.revision, r.parent, r.depth FROM timeline t "
        "LEFT JOIN revisions r ON r.id = t.revision ORDER BY t.depth"
    )
    previous = None
    for depth, rid, parent, rdepth in rows:
        if rdepth != depth or (depth > 0 and parent != previous) or (depth == 0 and rid != 0):
            return [(rid, f"the current timeline is broken at position {depth}")]
        previous = rid
    cursor, tip = store.refresh()
    if store.conn.execute("SELECT max(depth) FROM timeline").fetchone()[0] != store.revision(tip).depth:
        return [(tip, "the tip is not the end of the current timeline")]
    return []
