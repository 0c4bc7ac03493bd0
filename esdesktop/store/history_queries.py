"""SQL behind "beyond undo": checkpoints, going to a time, deleted users and find in
history. :class:`~esdesktop.store.sqlite_store.SqliteStore` wraps each in a method; the
functions here take its connection and return plain rows.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

CHECKPOINT_COLUMNS = "id, mark, revision, name, removed, actor, recorded_at"
REVISION_COLUMNS = "r.id, r.parent, r.depth, r.label, r.actor, r.recorded_at, r.hash, r.path_events"
ON_LINE = "EXISTS (SELECT 1 FROM timeline t WHERE t.depth = r.depth AND t.revision = r.id)"
LATEST = "c.id = (SELECT max(id) FROM checkpoints WHERE mark = c.mark)"


# -- checkpoints -------------------------------------------------------------------------


def insert_checkpoint(conn: sqlite3.Connection, mark: int | None, revision: int, name: str,
                      removed: bool, actor: str, recorded_at: str) -> tuple:
    """Add one checkpoint record (``mark`` None: a new checkpoint); returns it as a row.
    Call inside a write transaction."""
    if mark is None:
        mark = conn.execute("SELECT coalesce(max(mark), 0) + 1 FROM checkpoints").fetchone()[0]
    cursor = conn.execute(
        "INSERT INTO checkpoints (mark, revision, name, removed, actor, recorded_at) "
        "VALUES (?, ?, ?, ?, ?, ?)", (mark, revision, name, int(removed), actor, recorded_at))
    return (cursor.lastrowid, mark, revision, name, int(removed), actor, recorded_at)


def checkpoint_records(conn: sqlite3.Connection, mark: int | None = None) -> list[tuple]:
    """Every record (of one mark, or of all), oldest first."""
    where, params = ("WHERE mark = ?", (mark,)) if mark is not None else ("", ())
    return conn.execute(
        f"SELECT {CHECKPOINT_COLUMNS} FROM checkpoints {where} ORDER BY id", params).fetchall()


def current_checkpoints(conn: sqlite3.Connection) -> list[tuple]:
    """The newest record of every checkpoint not removed, by revision then mark."""
    return conn.execute(
        f"SELECT {CHECKPOINT_COLUMNS} FROM checkpoints c WHERE {LATEST} AND NOT c.removed "
        "ORDER BY c.revision, c.mark").fetchall()


# -- time ----------------------------------------------------------------------------------


def first_depth_after(conn: sqlite3.Connection, moment: str) -> int | None:
    """The smallest depth > 0 on the current timeline whose revision was recorded after
    ``moment`` (stored form), or None if none was."""
    return conn.execute(
        "SELECT min(t.depth) FROM timeline t JOIN revisions r ON r.id = t.revision "
        "WHERE t.depth > 0 AND r.recorded_at > ?", (moment,)).fetchone()[0]


def fork_depths(conn: sqlite3.Connection) -> list[int]:
    """Depths on the current timeline of the revisions that more than one branch leaves."""
    rows = conn.execute(
        # (a revision with two children has a fork among them, the children that are not
        # the next id: see revisions_fork)
        "SELECT t.depth FROM (SELECT DISTINCT parent FROM revisions WHERE parent <> id - 1) f "
        "JOIN revisions r ON r.id = f.parent "
        "JOIN timeline t ON t.depth = r.depth AND t.revision = r.id "
        "WHERE (SELECT count(*) FROM revisions c WHERE c.parent = f.parent "
        "AND c.parent <> c.id - 1) + EXISTS (SELECT 1 FROM revisions n "
        "WHERE n.id = f.parent + 1 AND n.parent = f.parent) > 1 ORDER BY t.depth")
    return [row[0] for row in rows]


# -- deleted users -------------------------------------------------------------------------


def deletions(conn: sqlite3.Connection, up_to_seq: int) -> list[tuple]:
    """``user.deleted`` events on the current timeline with seq up to ``up_to_seq`` (the
    last event at some depth of it), oldest first: (revision, user_id, version, data)."""
    return conn.execute(
        "SELECT e.revision, e.user_id, e.version, e.data FROM events e "
        "CROSS JOIN revisions r CROSS JOIN timeline t WHERE e.seq <= ? "
        "AND e.type = 'user.deleted' AND r.id = e.revision AND t.depth = r.depth "
        "AND t.revision = r.id ORDER BY e.seq", (up_to_seq,)).fetchall()


# -- find in history ---------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """What to look for. Every part given must hold. ``since``/``until`` are stored-form
    UTC times (inclusive); ``field`` matches changes of that field only."""

    user: str | None = None
    field: str | None = None
    text: str | None = None
    since: str | None = None
    until: str | None = None
    timeline_only: bool = False


def find_revisions(conn: sqlite3.Connection, filters: Filters, limit: int,
                   offset: int) -> list[tuple]:
    """Matching revisions, oldest first, one page: the revision's columns, then 1 if it is
    on the current timeline."""
    where, params = _where(filters)
    return conn.execute(
        f"SELECT {REVISION_COLUMNS}, {ON_LINE} FROM revisions r WHERE {where} "
        "ORDER BY r.id LIMIT :limit OFFSET :offset",
        {**params, "limit": limit, "offset": offset}).fetchall()


def count_revisions(conn: sqlite3.Connection, filters: Filters) -> int:
    where, params = _where(filters)
    return conn.execute(f"SELECT count(*) FROM revisions r WHERE {where}", params).fetchone()[0]


def _where(filters: Filters) -> tuple[str, dict]:
    where, params = ["r.depth > 0"], {}
    if filters.since is not None:
        where.append("r.recorded_at >= :since")
        params["since"] = filters.since
    if filters.until is not None:
        where.append("r.recorded_at <= :until")
        params["until"] = filters.until
    if filters.timeline_only:
        where.append(ON_LINE)
    events = _event_conditions(filters, params)
    if events:
        where.append(f"r.id IN (SELECT e.revision FROM events e WHERE {' AND '.join(events)})")
    if filters.text:
        where.append(_text_condition(filters.text, events, params))
    return " AND ".join(where), params


def _event_conditions(filters: Filters, params: dict) -> list[str]:
    conditions = []
    if filters.user is not None:
        conditions.append("e.user_id = :user")
        params["user"] = filters.user
    if filters.field is not None:
        conditions.append("e.type = 'user.changed' AND "
                          "json_type(e.data, '$.changes.' || :field) IS NOT NULL")
        params["field"] = filters.field
    return conditions


def _text_condition(text: str, events: list[str], params: dict) -> str:
    """The label contains ``text``, or a value of a matching event does (ignoring case for
    ASCII letters, as SQLite's LIKE does). A quick LIKE over the stored JSON picks the
    candidates; json_tree then looks at the values only, not at keys or user ids."""
    params["like"] = f"%{_escape(text)}%"
    params["json_like"] = f"%{_escape(json.dumps(text, ensure_ascii=False)[1:-1])}%"
    value = ("e.data LIKE :json_like ESCAPE '\\' AND EXISTS (SELECT 1 FROM json_tree(e.data) j "
             "WHERE j.type = 'text' AND j.key IS NOT 'user_id' AND j.atom LIKE :like ESCAPE '\\')")
    matching = " AND ".join([*events, value])
    return (f"(r.label LIKE :like ESCAPE '\\' OR "
            f"r.id IN (SELECT e.revision FROM events e WHERE {matching}))")


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
