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


def check_chain(store) -> list[Problem]:
    """Recompute every revision's hash from its parent's and its events' stored bytes."""
    rows = store.conn.execute(
        "SELECT r.id, r.parent, r.depth, r.path_events, r.label, r.actor, r.recorded_at, r.hash, "
        "e.user_id, e.type, e.version, e.data FROM revisions r "
        "LEFT JOIN events e ON e.revision = r.id ORDER BY r.id, e.seq"
    )
    known: dict[int, tuple[bytes, int, int]] = {}  # id -> (hash, depth, path_events)
    file_id = store.file_id
    for rid, group in groupby(rows, key=lambda row: row[0]):
        group = list(group)
        head = group[0]
        events = [row[8:] for row in group if row[9] is not None]
        problem = _check_revision(known, file_id, head, events)
        if problem:
            return [(rid, problem)]
        known[rid] = (head[7], head[2], head[3])
    orphans = store.conn.execute(
        "SELECT min(e.revision) FROM events e LEFT JOIN revisions r ON r.id = e.revision "
        "WHERE r.id IS NULL"
    ).fetchone()[0]
    return [] if orphans is None else [(orphans, "events belong to a revision that is missing")]


def _check_revision(known, file_id, head, events) -> str | None:
    rid, parent, depth, path_events, label, actor, recorded_at, digest = head[:8]
    if rid == 0:
        return None if digest == chain.root_hash(file_id) else "the root's hash does not match"
    if parent not in known:
        return f"its parent {parent} is missing"
    parent_hash, parent_depth, parent_events = known[parent]
    if depth != parent_depth + 1 or path_events != parent_events + len(events):
        return "its depth or event count does not follow from its parent"
    header = (rid, parent, depth, path_events, label, actor, recorded_at)
    if chain.revision_hash(parent_hash, header, events) != digest:
        return "its hash does not match its contents: it was changed after it was written"
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
