"""Commands: read the state, validate, and return the events to record.

A command never changes the state itself; the caller applies the events it returns.
An invalid command raises :class:`~esdesktop.errors.ValidationError` and returns nothing.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from esdesktop.domain.events import Event, UserChanged, UserCreated, UserDeleted
from esdesktop.domain.state import State
from esdesktop.domain.user import CHECKS, FIELD_TITLES, FIELDS, check_field
from esdesktop.errors import NotFoundError, ValidationError

_FIELD_SET = frozenset(FIELDS)


@dataclass(frozen=True)
class Decision:
    """What a command decided: the events to record and a label for the revision."""

    events: tuple[Event, ...]
    label: str


def new_user_id() -> str:
    return uuid.uuid4().hex


def new_user_ids(count: int) -> list[str]:
    """``count`` ids like :func:`new_user_id` (random UUID4s as hex), from one read of the
    system's random source: a bulk import makes 100,000 of them."""
    raw = bytearray(os.urandom(16 * count))
    raw[6::16] = bytes(b & 0x0F | 0x40 for b in raw[6::16])  # version 4
    raw[8::16] = bytes(b & 0x3F | 0x80 for b in raw[8::16])  # RFC 4122 variant
    text = raw.hex()
    return [text[start:start + 32] for start in range(0, len(text), 32)]


def create_user(state: State, fields: dict, user_id: str | None = None) -> Decision:
    checked = _new_user_fields(fields)
    user_id = user_id or new_user_id()
    if user_id in state.records:
        raise ValidationError("id", f"a user with id {user_id} already exists")
    _require_free_username(state, checked["username"], user_id)
    event = UserCreated(user_id=user_id, **checked)
    return Decision((event,), f"Create user {checked['username']}")


def create_users(state: State, rows: Sequence[tuple[int, dict]], label: str = "") -> Decision:
    """Many new users as one decision (a CSV import). ``rows`` are (line, fields), the
    fields as :func:`create_user` takes them. Every row is checked before any event is
    made; usernames must be free among the live users and within ``rows``, ignoring case.
    A bad row raises ValidationError naming its line."""
    checked, lines = [], {}  # lines: casefolded username -> the line that claimed it
    for line, fields in rows:
        try:
            values = _new_user_fields(fields)
            key = values["username"].casefold()
            if key in lines:
                raise ValidationError("username", f"{values['username']!r} is already taken "
                                      f"by line {lines[key]}")
            _require_free_username(state, values["username"], "")
        except ValidationError as error:
            raise ValidationError(error.field, error.reason, line=line) from None
        lines[key] = line
        checked.append(values)
    events = map(UserCreated.from_checked, new_user_ids(len(checked)), checked)
    return Decision(tuple(events), label or f"Create {len(checked)} users")


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


def _new_user_fields(fields: dict) -> dict:
    """The fields of a new user, defaults filled in and each checked (emails normalised)."""
    values = {"role": "viewer", "active": True, **fields}
    if values.keys() != _FIELD_SET:
        _refuse_unknown(values)
        for field in FIELDS:
            if field not in values:
                raise ValidationError(field, "is required")
    return {field: CHECKS[field](values[field]) for field in FIELDS}


def _refuse_unknown(values: dict) -> None:
    for field in values:
        if field not in FIELDS:
            raise ValidationError(field, "is not a user field")


def _require_free_username(state: State, username: str, user_id: str) -> None:
    owner = state.owner_of(username)
    if owner is not None and owner != user_id:
        raise ValidationError("username", f"{username!r} is already taken")
