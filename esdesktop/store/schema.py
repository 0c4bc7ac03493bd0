"""The log file's schema: tables, indexes and the triggers that keep history append-only.

``user_version`` is the schema version; ``application_id`` marks the file as ours.

Format 2 keeps where the cursor is as how many steps it stands behind the tip (the last
row of ``timeline``), in the ``meta`` row ``cursor_behind_tip``: an edit at the tip then
writes no ``meta`` row at all. Format 1 kept the cursor's and the tip's revision ids in
``meta`` rows of their own, rewritten by every edit, and an index of events by revision,
where format 2 keeps beside each timeline row the seq of the last event written up to its
revision (see :mod:`esdesktop.store.seqs` and :mod:`esdesktop.store.migration`).
"""

from __future__ import annotations

APPLICATION_ID = 0x45534454  # "ESDT"
SCHEMA_VERSION = 2
CURSOR_KEY = "cursor_behind_tip"

TABLES = {
    "meta": """CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
)""",
    "revisions": """CREATE TABLE revisions (
    id INTEGER PRIMARY KEY,
    parent INTEGER REFERENCES revisions(id),
    depth INTEGER NOT NULL,
    path_events INTEGER NOT NULL,
    label TEXT NOT NULL,
    actor TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    hash TEXT NOT NULL,
    CHECK ((id = 0 AND parent IS NULL AND depth = 0) OR (parent < id AND depth > 0))
)""",
    "events": """CREATE TABLE events (
    seq INTEGER PRIMARY KEY,
    revision INTEGER NOT NULL REFERENCES revisions(id),
    user_id TEXT NOT NULL,
    type TEXT NOT NULL,
    version INTEGER NOT NULL,
    data TEXT NOT NULL
)""",
    "timeline": """CREATE TABLE timeline (
    depth INTEGER PRIMARY KEY,
    revision INTEGER NOT NULL REFERENCES revisions(id),
    last_seq INTEGER NOT NULL
)""",
    "checkpoints": """CREATE TABLE checkpoints (
    id INTEGER PRIMARY KEY,
    mark INTEGER NOT NULL,
    revision INTEGER NOT NULL REFERENCES revisions(id),
    name TEXT NOT NULL,
    removed INTEGER NOT NULL DEFAULT 0,
    actor TEXT NOT NULL,
    recorded_at TEXT NOT NULL
)""",
    "snapshots": """CREATE TABLE snapshots (
    revision INTEGER PRIMARY KEY REFERENCES revisions(id),
    format TEXT NOT NULL,
    users INTEGER NOT NULL,
    data BLOB NOT NULL
)""",
}

INDEXES = {
    # a revision's children are the next id (when its parent is the one before) and the
    # ones this lists: only a revision whose parent is not the id before it is written here,
    # so an edit at the newest revision adds nothing to it
    "revisions_fork": "CREATE INDEX revisions_fork ON revisions(parent) WHERE parent <> id - 1",
    "events_user": "CREATE INDEX events_user ON events(user_id)",
    "checkpoints_mark": "CREATE INDEX checkpoints_mark ON checkpoints(mark)",
}


def _append_only(table: str, key: str) -> dict[str, str]:
    refuse = f"BEGIN SELECT RAISE(ABORT, '{table} are append-only'); END"
    return {
        f"{table}_no_update": f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} {refuse}",
        f"{table}_no_delete": f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} {refuse}",
        f"{table}_no_replace": (
            f"CREATE TRIGGER {table}_no_replace BEFORE INSERT ON {table} "
            f"WHEN EXISTS (SELECT 1 FROM {table} WHERE {key} = NEW.{key}) {refuse}"
        ),
    }


TRIGGERS = {
    **_append_only("revisions", "id"),
    **_append_only("events", "seq"),
    **_append_only("checkpoints", "id"),
}


# Format 1 indexed every revision by parent and every event by revision, and its timeline
# had no last_seq; format 2 finds a revision's events along seq instead
# (:mod:`esdesktop.store.seqs`) and indexes only the forks: two pages less for an edit
FORMAT_1_INDEXES = {
    "revisions_parent": "CREATE INDEX revisions_parent ON revisions(parent)",
    "events_revision": "CREATE INDEX events_revision ON events(revision)",
    "events_user": INDEXES["events_user"],
    "checkpoints_mark": INDEXES["checkpoints_mark"],
}
FORMAT_1_TIMELINE = """CREATE TABLE timeline (
    depth INTEGER PRIMARY KEY,
    revision INTEGER NOT NULL REFERENCES revisions(id)
)"""


def expected_objects(file_format: int = SCHEMA_VERSION) -> dict[tuple[str, str], str]:
    """(type, name) -> CREATE statement, exactly as sqlite_master stores it, in a file of
    that format."""
    tables, indexes = TABLES, INDEXES
    if file_format == 1:
        tables = {**TABLES, "timeline": FORMAT_1_TIMELINE}
        indexes = FORMAT_1_INDEXES
    objects = {("table", name): sql for name, sql in tables.items()}
    objects.update({("index", name): sql for name, sql in indexes.items()})
    objects.update({("trigger", name): sql for name, sql in TRIGGERS.items()})
    return objects
