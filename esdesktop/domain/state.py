"""The users state and the fold over events: apply and revert.

State is kept as plain dicts because replay is the hottest loop in the program; events
were validated when written. ``apply`` and ``revert`` check each event against the state
(a change's old value must be the current value), so an event applied twice or out of
order fails loudly instead of producing a plausible wrong state.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from operator import itemgetter
from types import MappingProxyType

from esdesktop.domain.column_records import SPRAWL, ColumnRecords, UsernameOrder
from esdesktop.domain.events import CHANGED, CREATED, DELETED
from esdesktop.domain.user import FIELDS, User
from esdesktop.errors import Error


class ReplayError(Error):
    """An event does not fit the state it is applied to or reverted from."""


class State:
    """Users by id, each a dict of :data:`FIELDS`, plus a lazy username index. ``records``
    is a dict, or for a state read from a snapshot a :class:`ColumnRecords`, which makes
    each user's dict when it is first asked for."""

    __slots__ = ("records", "_names")

    def __init__(self, records: dict[str, dict] | ColumnRecords | None = None):
        self.records: dict[str, dict] | ColumnRecords = records if records is not None else {}
        self._names: dict[str, str] | None = None

    def copy(self) -> "State":
        if isinstance(self.records, ColumnRecords):
            return State(self.records.copy())
        return State({uid: dict(fields) for uid, fields in self.records.items()})

    def compacted(self, sprawl: int = SPRAWL) -> "State":
        """This state over fresh columns if more than one user in ``sprawl`` has its dict
        made in it (see :meth:`ColumnRecords.compacted`); else this state itself."""
        if isinstance(self.records, ColumnRecords):
            records = self.records.compacted(sprawl)
            if records is not self.records:
                return State(records)
        return self

    def fill(self, records: ColumnRecords) -> None:
        """Make this empty state hold ``records`` (a bulk import into an empty log)."""
        if self.records:
            raise ValueError("only an empty state can be filled")
        self.records, self._names = records, None

    def owner_of(self, username: str) -> str | None:
        """The id of the live user with this username (ignoring case), if any."""
        if self._names is None:
            names = map(str.casefold, column_of(self.records, "username"))
            self._names = dict(zip(names, self.records, strict=True))
        return self._names.get(username.casefold())

    def add(self, user_id: str, fields: dict) -> None:
        self.records[user_id] = fields
        if self._names is not None:
            self._names[fields["username"].casefold()] = user_id

    def remove(self, user_id: str) -> None:
        fields = self.records.pop(user_id)
        if self._names is not None:
            self._names.pop(fields["username"].casefold(), None)

    def set_field(self, user_id: str, field: str, value) -> None:
        fields = self.records[user_id]
        if field == "username" and self._names is not None:
            self._names.pop(fields["username"].casefold(), None)
            self._names[value.casefold()] = user_id
        fields[field] = value

    def __eq__(self, other) -> bool:
        return isinstance(other, State) and self.records == other.records

    def __repr__(self) -> str:
        return f"State({len(self.records)} users)"


class UsersView(Mapping):
    """Read-only ``Mapping[user id, User]`` over a state."""

    __slots__ = ("_records",)

    def __init__(self, state: State):
        self._records = state.records

    def __getitem__(self, user_id: str) -> User:
        return User.model_construct(id=user_id, **self._records[user_id])

    def __iter__(self) -> Iterator[str]:
        return iter(self._records)

    def __len__(self) -> int:
        return len(self._records)

    def __contains__(self, user_id) -> bool:
        return user_id in self._records

    def fields(self, user_id: str) -> Mapping[str, object]:
        """The user's fields, read-only, without building a :class:`User`: for hot loops
        such as sorting or filtering a large table."""
        return MappingProxyType(self._records[user_id])

    def column(self, field: str) -> Iterator:
        """Every user's ``field``, in the order of iteration (zip it with the ids): sorts
        and filters 100,000 users without a Python call per user."""
        return iter(column_of(self._records, field))

    def username_order(self) -> UsernameOrder | None:
        """Every user in username order, made without a sort, when the state was read
        from a snapshot that lists its users so (see :meth:`ColumnRecords.username_order`);
        else None."""
        records = self._records
        return records.username_order() if isinstance(records, ColumnRecords) else None


def column_of(records: dict[str, dict] | ColumnRecords, field: str) -> list:
    """Every user's ``field`` as a new list, in the order ``records`` iterates."""
    if isinstance(records, ColumnRecords):
        return records.column(field)
    return list(map(itemgetter(field), records.values()))


def apply(state: State, kind: str, data: dict) -> None:
    """Evolve ``state`` by one event (in place)."""
    uid = data["user_id"]
    if kind == CHANGED:  # the commonest event, tested first and kept free of calls
        fields = state.records.get(uid)
        if fields is None:
            _existing(state, kind, uid)
        for field, (old, new) in data["changes"].items():
            if fields[field] != old:
                _expect(False, kind, uid, f"{field} is not {old!r}")
            if field == "username":
                state.set_field(uid, field, new)
            else:
                fields[field] = new
    elif kind == CREATED:
        _expect(uid not in state.records, kind, uid, "the user already exists")
        state.add(uid, {f: data[f] for f in FIELDS})
    elif kind == DELETED:
        _expect(_existing(state, kind, uid) == _last_state(data), kind, uid, "state differs")
        state.remove(uid)
    else:
        raise ReplayError(f"cannot apply unknown event type {kind!r}")


def revert(state: State, kind: str, data: dict) -> None:
    """Undo one event on ``state`` (in place): the exact inverse of :func:`apply`."""
    uid = data["user_id"]
    if kind == CREATED:
        _existing(state, kind, uid)
        state.remove(uid)
    elif kind == CHANGED:
        fields = _existing(state, kind, uid)
        for field, (old, new) in data["changes"].items():
            if fields[field] != new:
                _expect(False, kind, uid, f"{field} is not {new!r}")
            state.set_field(uid, field, old)
    elif kind == DELETED:
        _expect(uid not in state.records, kind, uid, "the user exists")
        state.add(uid, _last_state(data))
    else:
        raise ReplayError(f"cannot revert unknown event type {kind!r}")


def _last_state(data: dict) -> dict:
    return {f: data[f] for f in FIELDS}


def _existing(state: State, kind: str, uid: str) -> dict:
    fields = state.records.get(uid)
    _expect(fields is not None, kind, uid, "no such user")
    return fields


def _expect(condition: bool, kind: str, uid: str, what: str) -> None:
    if not condition:
        raise ReplayError(f"{kind} for user {uid} does not fit the state: {what}")
