"""Checks behind ``verify``: SQLite's own integrity check, the hash chain, the tree's
bookkeeping and the timeline. Each returns a list of problems (empty when all is well)
as (revision or None, sentence)."""

from __future__ import annotations

import sqlite3
from itertools import groupby
from operator import itemgetter

from esdesktop.store import chain, seqs

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
    follow from its parent's stored row and its own events' stored bytes, or whose events
    are out of the order :mod:`esdesktop.store.seqs` relies on."""
    heads = conn.execute(  # the stored bytes of the text hashed (see chain.revision_hash)
        "SELECT id, parent, depth, path_events, CAST(label AS BLOB), CAST(actor AS BLOB), "
        "CAST(recorded_at AS BLOB), hash FROM revisions WHERE id >= ? ORDER BY id", (since,))
    rows = conn.execute(
        "SELECT revision, CAST(user_id AS BLOB), CAST(type AS BLOB), version, "
        "CAST(data AS BLOB) FROM events WHERE seq > ? ORDER BY seq",
        (seqs.last_seq(conn, since - 1),))
    groups = groupby(rows, key=itemgetter(0))  # each revision's events, in seq order
    known = _parents_before(conn, since)  # id -> (hash, depth, path_events)
    file_id = _file_id(conn) if since == 0 else ""
    owner, events = next(groups, (None, ()))
    for head in heads:
        if owner is not None and owner < head[0]:
            return [_stray(conn, owner, head[0])]
        mine = [row[1:] for row in events] if owner == head[0] else []
        if owner == head[0]:
            owner, events = next(groups, (None, ()))
        problem = _check_revision(known, file_id, head, mine)
        if problem:
            return [problem]
        known[head[0]] = (head[7], head[2], head[3])
    return [] if owner is None else [_stray(conn, owner, owner)]


def _stray(conn: sqlite3.Connection, owner: int, where: int) -> Problem:
    """Events of revision ``owner`` met where revision ``where``'s belong: their revision
    is missing, or they were moved or added behind the app's back."""
    if conn.execute("SELECT 1 FROM revisions WHERE id = ?", (owner,)).fetchone() is None:
        return owner, "events belong to a revision that is missing"
    return where, (f"an event of revision {owner} stands among its events: events were "
                   "moved or added behind the app's back")


def _recent_start(conn: sqlite3.Connection) -> int:
    """The oldest of the newest revisions that hold at most RECENT_EVENTS events between
    them: the one after the revision that wrote the last event before them."""
    total = conn.execute("SELECT max(seq) FROM events").fetchone()[0] or 0
    if total <= RECENT_EVENTS:
        return 0
    row = conn.execute("SELECT revision FROM events WHERE seq <= ? ORDER BY seq DESC LIMIT 1",
                       (total - RECENT_EVENTS,)).fetchone()
    return row[0] + 1


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


def check_timeline_seqs(store) -> list[Problem]:
    """Each timeline row's last_seq against the events, read once in seq order: along the
    timeline revision ids grow, and along seq so do the events' revisions (so this check
    means something once :func:`check_chain` found them in order)."""
    if store.format == 1:
        return []  # no such column
    conn = store.conn
    events = conn.execute("SELECT seq, revision FROM events ORDER BY seq")
    last, pending = 0, next(events, None)
    for depth, rid, stored in conn.execute("SELECT depth, revision, last_seq FROM timeline "
                                           "ORDER BY depth"):
        while pending is not None and pending[1] <= rid:
            last, pending = pending[0], next(events, None)
        if stored != last:
            return [(rid, f"the current timeline's last event at position {depth} is wrong")]
    return []
