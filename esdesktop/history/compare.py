"""Compare two revisions: which users were added, removed or changed between them."""

from __future__ import annotations

from dataclasses import dataclass

from esdesktop.domain import FIELDS, User
from esdesktop.history.navigation import state_at


@dataclass(frozen=True)
class UserChange:
    """A user present at both revisions whose fields differ: ``fields`` maps each differing
    field to (value at a, value at b)."""

    user_id: str
    username: str  # at b
    fields: dict[str, tuple]


@dataclass(frozen=True)
class Diff:
    """What differs from revision ``a`` to revision ``b``. Users are sorted by username."""

    a: int
    b: int
    added: list[User]
    removed: list[User]
    changed: list[UserChange]

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def as_json(self) -> dict:
        """Plain data for ``json.dumps``: users as dicts, changes as {field: [old, new]}."""
        return {
            "a": self.a, "b": self.b,
            "added": [user.model_dump() for user in self.added],
            "removed": [user.model_dump() for user in self.removed],
            "changed": [{"id": c.user_id, "username": c.username,
                         "fields": {f: list(pair) for f, pair in c.fields.items()}}
                        for c in self.changed],
        }


def diff(store, a: int, b: int) -> Diff:
    """Compare the states at revisions ``a`` and ``b`` (any two, on any branches) without
    moving the cursor. Walking from a to b tells which users were touched on the way, so
    only those are compared when the walk is the cheaper route."""
    start, end = store.revision(a), store.revision(b)
    before = state_at(store, start).state
    reached = state_at(store, end, base=(start, before.copy()))
    after = reached.state.records
    touched = reached.users if reached.users is not None else set(before.records) | set(after)
    old = before.records
    added = [_user(uid, after[uid]) for uid in touched if uid in after and uid not in old]
    removed = [_user(uid, old[uid]) for uid in touched if uid in old and uid not in after]
    changed = [_change(uid, old[uid], after[uid]) for uid in touched
               if uid in old and uid in after and old[uid] != after[uid]]
    return Diff(a, b, sorted(added, key=_by_name), sorted(removed, key=_by_name),
                sorted(changed, key=lambda change: (change.username, change.user_id)))


def _by_name(user: User) -> tuple[str, str]:
    return user.username, user.id


def _user(user_id: str, fields: dict) -> User:
    return User(id=user_id, **fields)


def _change(user_id: str, old: dict, new: dict) -> UserChange:
    fields = {f: (old[f], new[f]) for f in FIELDS if old[f] != new[f]}
    return UserChange(user_id, new["username"], fields)


def text_lines(diff: Diff) -> list[str]:
    """The diff as plain text: ``+`` added, ``-`` removed, ``~`` changed with one indented
    line per field, then a count."""
    lines = [f"+ {user.username} [{user.id}]: {_summary(user)}" for user in diff.added]
    lines += [f"- {user.username} [{user.id}]: {_summary(user)}" for user in diff.removed]
    for change in diff.changed:
        lines.append(f"~ {change.username} [{change.user_id}]")
        lines += [f"    {f}: {old!r} -> {new!r}" for f, (old, new) in change.fields.items()]
    if diff.empty:
        return ["No differences."]
    counts = f"{len(diff.added)} added, {len(diff.removed)} removed, {len(diff.changed)} changed."
    return [*lines, counts]


def _summary(user: User) -> str:
    return ", ".join(f"{f}={getattr(user, f)!r}" for f in FIELDS if f != "username")
