"""History: the object that scripts, the CLI and the window all drive."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from itertools import chain
from pathlib import Path

from esdesktop import domain
from esdesktop.domain import Decision, Revision, User, UsersView, restore
from esdesktop.domain.checkpoint import Checkpoint
from esdesktop.domain.commands import NewUsers
from esdesktop.errors import ReadOnlyLogError
from esdesktop.history import checkpoints, compare, recovery, search
from esdesktop.history.compare import Diff
from esdesktop.history.navigation import state_at
from esdesktop.history.search import Found, Query
from esdesktop.history.snapshot_writer import SnapshotWriter
from esdesktop.store import SqliteStore, default_actor

# Events between snapshots along a path. Chosen on the benchmark log (1,000,000 events,
# 100,000 users; `python -m benchmarks.run`): a far seek loads the nearest snapshot (14 to
# 17 ms for 97,000 users) and then replays up to half this many events at about 6 µs each
# (`python -m benchmarks.breakdown`: a user's first event finds it and makes its dict).
# 10,000 gave a seek p95 of 64-66 ms, 5,000 gave 50 (150 random seeks at the same
# positions on two builds of the same log, alternating), and the slider jump's p95 went
# from 119-125 ms to about 90. The price is space: 200 snapshots instead of 99 (256 MB
# then; 598 MB now, 3.0 MB each on average in format columns-nul-lz4-6), a 1,025 MB log.
# Spacing them by the state's size instead (8,500 apart at an empty state, 3,825 at
# 100,000 users, for the same space) helped the engine's seeks (p95 35 against 40 ms)
# and not the window's jumps (52 against 49): not kept.
DEFAULT_SNAPSHOT_EVERY = 5_000
# History.tidy reads the state into fresh columns once more than one user in this many has
# a record made one by one (a move itself does at one in eight: ColumnRecords.compacted).
TIDY_SPRAWL = 32
log = logging.getLogger("esdesktop")


@dataclass(frozen=True)
class Change:
    """What a subscriber is told after every change: the revision the cursor left and the
    one it reached, and which users changed (None: any may have; reload everything).
    ``timeline`` is True when the current timeline itself changed (an edit, a branch
    switch), not just the cursor's place on it."""

    left: int
    reached: int
    users: frozenset[str] | None
    timeline: bool


@dataclass(frozen=True)
class UserHistoryEntry:
    """One event about a user, with the revision that recorded it."""

    revision: Revision
    event: domain.Event


class History:
    """A log replayed up to a cursor, with undo, redo, a timeline and branches.

    Use :meth:`create` for a new log and :meth:`open` for an existing one; both work as
    context managers. Every edit is one revision, appended in one transaction.
    """

    def __init__(self, store: SqliteStore, snapshot_every: int = DEFAULT_SNAPSHOT_EVERY,
                 actor: str | None = None):
        self._store = store
        self.snapshot_every = snapshot_every
        self.actor = actor or default_actor()
        self._subscribers: list[Callable[[Change], None]] = []
        self._pending: list[Decision] | None = None
        self._at = store.revision(store.position()[0])
        self._state = state_at(store, self._at).state
        self._seen = store.data_version()
        self._snapshots = SnapshotWriter(store)

    # -- opening -------------------------------------------------------------------------

    @classmethod
    def create(cls, path, **options) -> "History":
        """Start a new, empty log at ``path``; an existing file is an error."""
        store = SqliteStore.create(path, actor=options.get("actor"),
                                   durable=options.pop("durable", True))
        return cls._over(store, options)

    @classmethod
    def open(cls, path, readonly: bool = False, **options) -> "History":
        """Open an existing log; a missing path is an error, never a new file.
        ``durable=False`` skips fsync (for throwaway logs such as benchmarks only)."""
        store = SqliteStore.open(path, readonly=readonly, durable=options.pop("durable", True))
        return cls._over(store, options)

    @classmethod
    def _over(cls, store: SqliteStore, options: dict) -> "History":
        """A History over an open store; the store is closed if the log cannot be shown
        (an unknown event, a damaged page), so no connection or -wal file is left behind."""
        try:
            return cls(store, **options)
        except BaseException:
            store.close()
            raise

    def close(self) -> None:
        """Close the log, once a snapshot being built in the background is written."""
        self._snapshots.wait()
        self._store.close()

    def backup(self, dest) -> Path:
        """Copy the whole log (every branch, the cursor, snapshots) to the new file
        ``dest``; complete even while the log is open and its -wal file holds data."""
        return self._store.backup(dest)

    def __enter__(self) -> "History":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- what is shown -------------------------------------------------------------------

    @property
    def path(self) -> Path:
        return self._store.path

    @property
    def readonly(self) -> bool:
        return self._store.readonly

    @property
    def upgraded_copy(self) -> Path | None:
        """Where the log was copied before this open upgraded it from an older file
        format (None if it needed no upgrade)."""
        return self._store.upgraded_copy

    @property
    def warnings(self) -> list[str]:
        """Problems found on open (only a read-only open lets a damaged log through)."""
        return list(self._store.warnings)

    @property
    def users(self) -> Mapping[str, User]:
        """The users at the cursor."""
        return UsersView(self._state)

    @property
    def cursor(self) -> int:
        return self._at.id

    @property
    def cursor_revision(self) -> Revision:
        return self._at

    @property
    def tip(self) -> int:
        return self._store.position()[1]

    @property
    def position(self) -> int:
        """The cursor's index on :meth:`timeline` (0 is the empty root)."""
        return self._at.depth

    @property
    def length(self) -> int:
        """How many revisions the current timeline holds, the empty root included."""
        return self._store.timeline_length()

    @property
    def can_undo(self) -> bool:
        return self._at.depth > 0

    @property
    def can_redo(self) -> bool:
        return self._at.depth < self.length - 1

    @property
    def undo_label(self) -> str | None:
        return self._at.label if self.can_undo else None

    @property
    def redo_label(self) -> str | None:
        if not self.can_redo:
            return None
        return self._store.revision(self._store.timeline_revision(self._at.depth + 1)).label

    def timeline(self) -> list[Revision]:
        """The revisions root -> tip of the current branch."""
        return self._store.timeline_slice(0)

    def timeline_slice(self, start: int, stop: int) -> list[Revision]:
        return self._store.timeline_slice(start, stop)

    def revision(self, revision_id: int) -> Revision:
        return self._store.revision(revision_id)

    def revision_at_position(self, position: int) -> Revision:
        return self._store.revision(self._store.timeline_revision(position))

    def branch_tips(self) -> list[Revision]:
        """The end of every branch, oldest first (the current tip among them)."""
        return [self._store.revision(rid) for rid in self._store.leaves()]

    def children(self, revision_id: int) -> list[int]:
        return self._store.children(revision_id)

    def users_at(self, revision_id: int) -> Mapping[str, User]:
        """The users at any revision, without moving the cursor."""
        return UsersView(state_at(self._store, self._store.revision(revision_id)).state)

    def user_history(self, user_id: str) -> list[UserHistoryEntry]:
        """The user's events on the current timeline, oldest first."""
        return [UserHistoryEntry(rev, domain.decode(kind, version, data))
                for rev, kind, version, data in self._store.user_events(user_id)]

    # -- edits ---------------------------------------------------------------------------

    def create_user(self, **fields) -> str:
        """Add a user; returns its id."""
        decision = domain.create_user(self._state, fields)
        self._record(decision)
        return decision.user_ids()[0]

    def create_users(self, rows: list[tuple[int, dict]] | NewUsers, label: str) -> list[str]:
        """Add many users as one revision (a CSV import); ``rows`` are (line, fields), or
        the same column by column. A bad row raises ValidationError naming its line, and
        nothing is written. Returns the ids."""
        decision = domain.create_users(self._state, rows, label)
        self._record(decision)
        return decision.user_ids()

    def update_user(self, user_id: str, **changes) -> None:
        """Change some fields of a user; a change to the current value records nothing."""
        self._record(domain.update_user(self._state, user_id, changes))

    def delete_user(self, user_id: str) -> None:
        self._record(domain.delete_user(self._state, user_id))

    @contextmanager
    def batch(self, label: str) -> Iterator["History"]:
        """Many commands, one revision labelled ``label``. If the block raises, nothing
        is written and the state is as before."""
        if self._pending is not None:
            yield self
            return
        self._refuse_if_readonly()
        self._pending = pending = []
        try:
            yield self
        except BaseException:
            self._pending = None
            self._unapply(pending)
            raise
        self._pending = None
        if pending:
            self._commit(label, pending)

    # -- moving the cursor -----------------------------------------------------------------

    def undo(self) -> bool:
        """Move the cursor to its parent. False (and nothing done) at the root."""
        return self.can_undo and self._move(self._at.parent) is None

    def redo(self) -> bool:
        """Move the cursor one step towards the tip. False at the tip."""
        return self.can_redo and self.seek(self._at.depth + 1)

    def seek(self, position: int) -> bool:
        """Move the cursor to ``position`` on the current timeline."""
        self._move(self._store.timeline_revision(position))
        return True

    def goto(self, revision_id: int) -> None:
        """Move the cursor to any revision, making its branch the current one."""
        if self._store.on_timeline(revision_id):
            self._move(revision_id)
        else:
            self._refuse_if_readonly()
            self._move(revision_id, tip=self._store.newest_leaf(revision_id))

    def refresh(self) -> bool:
        """Take in what another connection wrote to the log (another window, a script, an
        import run in the background): move to the file's cursor and tip and notify
        subscribers. Returns whether anything changed. Cheap when nothing did."""
        seen, self._seen = self._seen, self._store.data_version()
        if seen == self._seen:
            return False
        before = self._store.position()
        if self._store.refresh() == before and before[0] == self._at.id:
            return False
        left, target = self._at, self._store.revision(self._store.position()[0])
        reached = state_at(self._store, target, base=(left, self._state),
                           viewers=bool(self._subscribers))
        self._state, self._at = reached.state, target
        self._notify(left.id, None if reached.users is None else frozenset(reached.users), True)
        return True

    def tidy(self) -> bool:
        """Read the state at the cursor into fresh columns if moving about has left many
        users' records made one by one in it (more than one in :data:`TIDY_SPRAWL`); True
        if it did. Up to about 60 ms at 100,000 users: for a moment when nothing else
        happens (the window calls it once the cursor has been still), so that the next
        moves do not have to. What it reads as is unchanged, so nobody is told."""
        state = self._state.compacted(TIDY_SPRAWL)
        if state is self._state:
            return False
        self._state = state
        return True

    # -- subscriptions ---------------------------------------------------------------------

    def subscribe(self, callback: Callable[[Change], None]) -> Callable[[], None]:
        """Call ``callback(change)`` after every change; returns a function that stops it."""
        self._subscribers.append(callback)
        return lambda: self._subscribers.remove(callback) if callback in self._subscribers else None

    # -- internals -------------------------------------------------------------------------

    def _record(self, decision: Decision) -> None:
        if not decision.user_ids():
            return
        if self._pending is not None:
            decision.apply_to(self._state)
            self._pending.append(decision)
            return
        self._refuse_if_readonly()
        decision.apply_to(self._state)
        self._commit(decision.label, [decision])

    def _commit(self, label: str, decisions: list[Decision]) -> None:
        records = list(chain.from_iterable(decision.stored() for decision in decisions))
        left = self._at
        try:
            revision = self._store.append(label, self.actor, records, parent=left)
        except BaseException:
            self._unapply(decisions)
            raise
        self._at = revision
        self._snapshot_if_due(left.path_events)
        users = frozenset(chain.from_iterable(decision.user_ids() for decision in decisions))
        self._notify(left.id, users, timeline=True)

    def _snapshot_if_due(self, before: int) -> None:
        """Store the state at the cursor, in the background (see
        :mod:`esdesktop.history.snapshot_writer`), when the edit just committed crossed a
        multiple of ``snapshot_every`` events."""
        every, after = self.snapshot_every, self._at.path_events
        if every and after // every != before // every:
            self._snapshots.start(self._at.id, self._state)

    def _unapply(self, decisions: list[Decision]) -> None:
        for decision in reversed(decisions):
            decision.revert_from(self._state)

    def _move(self, revision_id: int, tip: int | None = None) -> None:
        target = self._store.revision(revision_id)
        left = self._at
        if target.id == left.id and tip is None:
            return
        if not self.readonly:
            self._store.move(target.id, tip)
        reached = state_at(self._store, target, base=(left, self._state),
                           viewers=bool(self._subscribers))
        self._state, self._at = reached.state, target
        users = None if reached.users is None else frozenset(reached.users)
        self._notify(left.id, users, timeline=tip is not None)

    def _notify(self, left: int, users, timeline: bool) -> None:
        change = Change(left, self._at.id, users, timeline)
        for callback in list(self._subscribers):
            callback(change)

    def _refuse_if_readonly(self) -> None:
        if self.readonly:
            raise ReadOnlyLogError(self.path, f"{self.path.name} is open read-only; "
                                   "nothing can be changed in it.")

    # -- beyond undo: restore, time, checkpoints, compare --

    def restore_user(self, user_id: str, *, at: int) -> bool:
        """Bring a user back to how it was at revision ``at`` (a deleted one keeps its id),
        as a new edit at the cursor. False when it already is; a clashing username raises
        ValidationError and writes nothing."""
        return self._restore(restore.restore_user, user_id, at)

    def restore_value(self, user_id: str, field: str, *, at: int) -> bool:
        """Bring one field of a live user back to its value at revision ``at``."""
        return self._restore(restore.restore_value, user_id, at, field)

    def deleted_users(self) -> list[recovery.DeletedUser]:
        """Users deleted on the way to the cursor and not back, newest deletion first."""
        return recovery.deleted_users(self._store, self._state, self._at.depth)

    def revision_at(self, moment: datetime) -> int:
        """The last revision on the current timeline made at or before ``moment`` (naive:
        local time); see :mod:`esdesktop.history.search`. Does not move the cursor."""
        return search.revision_at(self._store, moment)

    def checkpoint(self, name: str) -> Checkpoint:
        """Name the revision at the cursor; stored in the log at once."""
        return checkpoints.add(self._store, self._at.id, name, self.actor)

    def checkpoints(self) -> list[Checkpoint]:
        """The current checkpoints (on every branch), by revision."""
        return checkpoints.current(self._store)

    def rename_checkpoint(self, mark: int, name: str) -> Checkpoint:
        return checkpoints.rename(self._store, mark, name, self.actor)

    def remove_checkpoint(self, mark: int) -> Checkpoint:
        return checkpoints.remove(self._store, mark, self.actor)

    def checkpoint_records(self, mark: int | None = None) -> list[Checkpoint]:
        """Every checkpoint record ever written, renames and removals included."""
        return checkpoints.records(self._store, mark)

    def on_timeline(self, revision_id: int) -> bool:
        return self._store.on_timeline(revision_id)

    def branch_points(self) -> list[int]:
        """Positions on the current timeline where more than one branch starts."""
        return self._store.fork_depths()

    def diff(self, a: int, b: int) -> Diff:
        """What differs from revision ``a`` to revision ``b``; the cursor does not move."""
        return compare.diff(self._store, a, b)

    def find(self, query: Query, limit: int = 100, offset: int = 0) -> list[Found]:
        """One page of the revisions matching ``query``, over the whole log."""
        return search.find(self._store, query, limit, offset)

    def count_found(self, query: Query) -> int:
        return search.count(self._store, query)

    def _restore(self, command, user_id: str, at: int, *args) -> bool:
        past, when = recovery.past_fields(self._store, user_id, at)
        decision = command(self._state, user_id, *args, past, when)
        self._record(decision)
        return bool(decision.user_ids())
