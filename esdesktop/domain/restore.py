"""Restore commands: bring a user, or one of its fields, back to how it was at a past
revision. A restore is an ordinary edit recorded at the cursor: a live user gets a
``UserChanged``, a deleted one comes back with its old id through a ``UserCreated``.

Like every command these validate against the state at the cursor and return a
:class:`~esdesktop.domain.commands.Decision`; an empty one means there is nothing to do.
"""

from __future__ import annotations

from datetime import datetime

from esdesktop.domain import revision as clock_source
from esdesktop.domain.commands import Decision, create_user, update_user
from esdesktop.domain.state import State
from esdesktop.domain.user import FIELD_TITLES, FIELDS
from esdesktop.errors import NotFoundError, ValidationError


def restore_user(state: State, user_id: str, past: dict | None, when: datetime) -> Decision:
    """Bring the user back to ``past`` (its fields at the revision made at ``when``; None
    if it did not exist then). Deleted users come back with their id."""
    fields = _existed(past, user_id, when)
    _refuse_clash(state, user_id, fields["username"], when)
    if user_id in state.records:
        decided = update_user(state, user_id, fields)
    else:
        decided = create_user(state, fields, user_id=user_id)
    return _labelled(decided, f"Restore {fields['username']} as of {as_of(when)}")


def restore_value(state: State, user_id: str, field: str, past: dict | None,
                  when: datetime) -> Decision:
    """Bring one field of a live user back to its value in ``past``."""
    if field not in FIELDS:
        raise ValidationError(field, "is not a user field")
    fields = _existed(past, user_id, when)
    current = state.records.get(user_id)
    if current is None:
        raise ValidationError("user", f"{fields['username']} is deleted now: restore the whole "
                              "user first, then its values")
    if field == "username":
        _refuse_clash(state, user_id, fields["username"], when)
    decided = update_user(state, user_id, {field: fields[field]})
    label = f"Restore {FIELD_TITLES[field]} of {current['username']} as of {as_of(when)}"
    return _labelled(decided, label)


def as_of(when: datetime) -> str:
    """How a label names a past moment, in local time: "10:42" when it was the same day
    as now (the time the restore itself is recorded), else "2026-11-25 10:42"."""
    local, today = when.astimezone(), clock_source.clock().astimezone().date()
    return local.strftime("%H:%M" if local.date() == today else "%Y-%m-%d %H:%M")


def _existed(past: dict | None, user_id: str, when: datetime) -> dict:
    if past is None:
        raise NotFoundError(f"user {user_id} did not exist as of {as_of(when)}: "
                            "there is nothing to restore from that revision")
    return past


def _refuse_clash(state: State, user_id: str, username: str, when: datetime) -> None:
    owner = state.owner_of(username)
    if owner is not None and owner != user_id:
        raise ValidationError(
            "username", f"cannot restore {username} as of {as_of(when)}: the username "
            f"{username!r} now belongs to another user. Rename that user first.")


def _labelled(decision: Decision, label: str) -> Decision:
    return Decision(decision.events, label if decision.events else "")
