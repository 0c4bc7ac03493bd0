"""Commands: read the state, validate, and return the events to record.

A command never changes the state itself; the caller applies the events it returns.
An invalid command raises :class:`~esdesktop.errors.ValidationError` and returns nothing.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from esdesktop.domain.events import Event, UserChanged, UserCreated, UserDeleted
from esdesktop.domain.state import State
from esdesktop.domain.user import FIELD_TITLES, FIELDS, check_field
from esdesktop.errors import NotFoundError, ValidationError


@dataclass(frozen=True)
class Decision:
    """What a command decided: the events to record and a label for the revision."""

    events: tuple[Event, ...]
    label: str


def new_user_id() -> str:
    return uuid.uuid4().hex


def create_user(state: State, fields: dict, user_id: str | None = None) -> Decision:
    values = {"role": "viewer", "active": True, **fields}
    _refuse_unknown(values)
    for field in FIELDS:
        if field not in values:
            raise ValidationError(field, "is required")
    checked = {field: check_field(field, values[field]) for field in FIELDS}
    user_id = user_id or new_user_id()
    if user_id in state.records:
        raise ValidationError("id", f"a user with id {user_id} already exists")
    _require_free_username(state, checked["username"], user_id)
    event = UserCreated(user_id=user_id, **checked)
    return Decision((event,), f"Create user {checked['username']}")


def update_user(state: State, user_id: str, changes: dict) -> Decision:
    current = _existing(state, user_id)
    _refuse_unknown(changes)
    checked = {field: check_field(field, value) for field, value in changes.items()}
    diff = {f: (current[f], v) for f, v in checked.items() if current[f] != v}
    if not diff:
        return Decision((), "")
    if "username" in diff:
        _require_free_username(state, diff["username"][1], user_id)
    name = diff.get("username", (current["username"],))[0]
    titles = ", ".join(FIELD_TITLES[f] for f in diff)
    return Decision((UserChanged(user_id=user_id, changes=diff),), f"Change {titles} of {name}")


def delete_user(state: State, user_id: str) -> Decision:
    current = _existing(state, user_id)
    event = UserDeleted(user_id=user_id, **current)
    return Decision((event,), f"Delete user {current['username']}")


def _existing(state: State, user_id: str) -> dict:
    try:
        return state.records[user_id]
    except KeyError:
        raise NotFoundError(f"there is no user with id {user_id}") from None


def _refuse_unknown(values: dict) -> None:
    for field in values:
        if field not in FIELDS:
            raise ValidationError(field, "is not a user field")


def _require_free_username(state: State, username: str, user_id: str) -> None:
    owner = state.owner_of(username)
    if owner is not None and owner != user_id:
        raise ValidationError("username", f"{username!r} is already taken")
