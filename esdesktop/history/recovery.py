"""Reading the past for restores: a user's fields at a revision, and the users deleted on
the way to the cursor."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from esdesktop import domain
from esdesktop.domain import Revision, State, User
from esdesktop.history.navigation import state_at


@dataclass(frozen=True)
class DeletedUser:
    """A user deleted on the current timeline before (or at) the cursor and not back since.
    ``user`` is its last state; ``restore_at`` is the revision just before the deletion,
    the one to pass to :meth:`History.restore_user`."""

    user: User
    deleted_in: Revision
    restore_at: int


def past_fields(store, user_id: str, at: int) -> tuple[dict | None, datetime]:
    """The user's fields at revision ``at`` (None if it did not exist then) and when that
    revision was recorded. Reads the past without moving the cursor."""
    revision = store.revision(at)
    fields = state_at(store, revision).state.records.get(user_id)
    return (dict(fields) if fields is not None else None), revision.time


def deleted_users(store, state: State, depth: int) -> list[DeletedUser]:
    """Users deleted on the current timeline up to ``depth`` that ``state`` (the state at
    that depth) does not hold, newest deletion first."""
    last: dict[str, tuple[int, int, str]] = {}
    for revision, user_id, version, data in store.deletions(depth):
        last[user_id] = (revision, version, data)
    found = []
    for user_id, (revision_id, version, data) in last.items():
        if user_id not in state.records:
            event = domain.decode(domain.DELETED, version, data)
            revision = store.revision(revision_id)
            fields = {f: getattr(event, f) for f in domain.FIELDS}
            found.append(DeletedUser(User(id=user_id, **fields), revision, revision.parent))
    return sorted(found, key=lambda deleted: deleted.deleted_in.id, reverse=True)
