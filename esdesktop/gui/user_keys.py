"""Sort keys and search flags for the users table, made column-wise for every user at
once (C loops over the state's columns: no Python call per user), and the same for one
user when a change notice names it. See ``users_model.py``."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from itertools import repeat
from operator import contains

from esdesktop.domain import ROLES, UsersView

COLUMNS = ("username", "email", "display_name", "role", "active")
SEARCHED = ("username", "email", "display_name")
SEP = "\0"


class _Ranks(dict):
    """A role's place in ROLES, as text; an unknown role sorts last."""

    def __missing__(self, role) -> str:
        return str(len(ROLES))


# For each column: its value -> the text its key starts with (a C function: it is mapped
# over every user on a rebuild).
PRIMARY: dict[str, Callable[[object], str]] = {
    "username": str.casefold,
    "email": str.casefold,
    "display_name": str.casefold,
    "role": _Ranks({role: str(rank) for rank, role in enumerate(ROLES)}).__getitem__,
    "active": {False: "0", True: "1"}.__getitem__,
}


def sort_keys(users: UsersView, column: str) -> list[str]:
    """Every user's sort key by ``column``, in the order ``users`` iterates: for the
    username column the username itself; otherwise the column's value, then the
    username. Usernames are unique among live users, so keys are too; and a username is
    lowercase by rule (``USERNAME_RE``), so it sorts as its casefolded self without 100,000
    casefolded copies."""
    if column == "username":
        return list(users.column("username"))
    names = users.column("username")
    primary = map(PRIMARY[column], users.column(column))
    return list(map(SEP.join, zip(primary, names, strict=True)))


def sort_key(fields: Mapping, column: str) -> str:
    """One user's key, as :func:`sort_keys` makes it."""
    if column == "username":
        return fields["username"]
    return SEP.join((PRIMARY[column](fields[column]), fields["username"]))


def search_flags(users: UsersView, text: str) -> Iterable[bool]:
    """Whether each user's username, email or display name contains ``text``
    (casefolded), in the order ``users`` iterates."""
    columns = (users.column(field) for field in SEARCHED)
    haystacks = map(str.casefold, map(SEP.join, zip(*columns, strict=True)))
    return map(contains, haystacks, repeat(text))


def matches(fields: Mapping, text: str) -> bool:
    """:func:`search_flags` for one user."""
    return text in SEP.join(fields[f] for f in SEARCHED).casefold()
