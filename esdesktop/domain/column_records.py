"""Users by id, read from columns and made into dicts one user at a time, when asked for.

A state loaded from a snapshot at a slider jump holds up to 100,000 users, of which the
window shows a few dozen and the events after the snapshot touch a few thousand: making a
dict for every user took 44 ms of a 100 ms load on the benchmark log. :class:`ColumnRecords`
keeps the snapshot's columns as they were read and makes a user's dict the first time it
is asked for; that dict is the user's record from then on, changed in place like any
other. Whole columns (for the users table's sort keys and search, and for the next
snapshot) are read straight off the lists, patched with the users made or removed since.

Finding a user's row takes an index of the listed users (a dict of 97,000 ids costs about
10 ms). A caller that knows which users it is about to look up (a seek, which reads the
events after the snapshot before it loads it) names them, and only they are indexed; the
first lookup of any other user indexes them all. So the answers never depend on the hint.

Order of iteration: the users listed in the columns, in their order, then the users added
since, in the order they were added (a listed user removed and added back keeps its
listed place, where a dict would move it to the end: no reader relies on either).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, MutableMapping, Sequence
from itertools import chain, compress

from esdesktop.domain.user import FIELDS

SPRAWL = 8  # see ColumnRecords.compacted


class ColumnRecords(MutableMapping):
    """``Mapping[user id, dict of FIELDS]`` over columns: ``ids`` and one sequence (a list,
    or a :class:`TextColumn`) per field of :data:`FIELDS`, in that order, each as long as
    ``ids``. The columns are kept, not copied, and never changed. Raises ValueError when
    they do not fit together.

    ``expect``: the users about to be looked up, the only ones indexed for now (see the
    module's docstring). Without it every user is indexed at once, and an id listed twice
    raises ValueError here; with it, that ValueError comes from the first lookup of a user
    not expected."""

    __slots__ = ("_ids", "_rows", "_expected", "_columns", "_made", "_added_ids", "_gone",
                 "_kept", "_count")

    def __init__(self, ids: list[str], columns: list[Sequence],
                 expect: set[str] | None = None):
        if len(columns) != len(FIELDS) or any(len(column) != len(ids) for column in columns):
            raise ValueError(f"{len(FIELDS)} columns of {len(ids)} values expected")
        self._ids, self._columns = ids, columns
        self._rows: dict[str, int] = {}  # user id -> its row, for the ids in _expected
        self._expected: frozenset[str] | None = None  # None: _rows indexes every user
        if expect is None:
            self._index_all()
        else:
            self._index_only(frozenset(expect))
        self._made: dict[str, dict] = {}  # users asked for or added since: their records
        self._added_ids: dict[str, None] = {}  # those of them not listed, in order added
        self._gone: set[str] = set()  # listed users removed since (and not added back)
        self._kept: list[bool] | None = None  # per listed row: not gone (made when asked)
        self._count = len(ids)

    def copy(self) -> "ColumnRecords":
        """Records that change apart from these: the columns and the index are shared (they
        never change), the dicts made so far copied."""
        twin = ColumnRecords.__new__(ColumnRecords)
        twin._ids, twin._rows, twin._columns = self._ids, self._rows, self._columns
        twin._expected = self._expected
        twin._made = {user_id: dict(fields) for user_id, fields in self._made.items()}
        twin._added_ids = dict(self._added_ids)
        twin._gone, twin._kept, twin._count = set(self._gone), self._kept, self._count
        return twin

    def _index_all(self) -> None:
        rows = dict(zip(self._ids, range(len(self._ids)), strict=True))
        if len(rows) != len(self._ids):
            raise ValueError("a user id is listed twice")
        self._rows, self._expected = rows, None

    def _index_only(self, expected: frozenset[str]) -> None:
        """Index the listed users among ``expected``: one pass of set lookups in C."""
        ids = self._ids
        listed = list(map(expected.__contains__, ids))
        self._rows = dict(zip(compress(ids, listed), compress(range(len(ids)), listed), strict=True))
        self._expected = expected

    def _row(self, user_id) -> int | None:
        """The user's row in the columns; None when it is not listed."""
        row = self._rows.get(user_id)
        if row is None and self._expected is not None and user_id not in self._expected:
            self._index_all()
            row = self._rows.get(user_id)
        return row

    def compacted(self, sprawl: int = SPRAWL) -> "ColumnRecords":
        """These records over fresh columns, no dict made, when more than one user in
        ``sprawl`` has had its dict made; else these records themselves. A walk across
        many events (a slider drag) makes dicts by the thousand, and every whole column
        then patches them in one by one: with some 30,000 made, reading the columns took
        about 40 ms of each users-table rebuild (profiled), against 13 ms for a whole
        rebuild without them. The dicts made so far do not carry over: call it only where
        nothing holds one (the end of a cursor move, or a still moment)."""
        if len(self._made) * sprawl <= len(self._ids):
            return self
        return ColumnRecords(list(self), [self.column(field) for field in FIELDS])

    def _make(self, user_id: str, row: int) -> dict:
        username, email, display_name, role, active = self._columns
        fields = self._made[user_id] = {
            "username": username[row], "email": email[row], "display_name": display_name[row],
            "role": role[row], "active": active[row]}
        return fields

    def get(self, user_id, default=None):
        fields = self._made.get(user_id)
        if fields is not None:
            return fields
        row = self._row(user_id)
        if row is None or user_id in self._gone:
            return default
        return self._make(user_id, row)

    def __getitem__(self, user_id: str) -> dict:
        fields = self.get(user_id)
        if fields is None:
            raise KeyError(user_id)
        return fields

    def __contains__(self, user_id) -> bool:
        return user_id in self._made or (self._row(user_id) is not None
                                         and user_id not in self._gone)

    def __setitem__(self, user_id: str, fields: dict) -> None:
        if user_id not in self:
            self._count += 1
        self._made[user_id] = fields
        if self._row(user_id) is None:
            self._added_ids[user_id] = None
        if user_id in self._gone:
            self._gone.discard(user_id)
            self._kept = None

    def __delitem__(self, user_id: str) -> None:
        if user_id not in self:
            raise KeyError(user_id)
        self._made.pop(user_id, None)
        self._added_ids.pop(user_id, None)
        if user_id in self._rows:
            self._gone.add(user_id)
            self._kept = None
        self._count -= 1

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[str]:
        listed = compress(self._ids, self._kept_rows()) if self._gone else self._ids
        return chain(listed, self._added())

    def _kept_rows(self) -> list[bool]:
        """For each listed row, whether its user is still there: made once, kept until a
        listed user goes or comes back (iteration and every column read it)."""
        if self._kept is None:
            kept, rows = [True] * len(self._ids), self._rows
            for user_id in self._gone:
                kept[rows[user_id]] = False
            self._kept = kept
        return self._kept

    def _added(self) -> list[str]:
        """The users added since (not listed), kept as they come and go: finding them among
        the dicts made took 2 ms a call in a slider drag, three calls a move."""
        return list(self._added_ids)

    def column(self, field: str) -> list:
        """Every user's ``field``, in the order of iteration, without making their dicts."""
        values = list(self._columns[FIELDS.index(field)])
        rows = self._rows
        for user_id, fields in self._made.items():
            row = rows.get(user_id)
            if row is not None:
                values[row] = fields[field]
        if self._gone:
            values = list(compress(values, self._kept_rows()))
        made = self._made
        values += [made[user_id][field] for user_id in self._added()]
        return values


class TextColumn(Sequence):
    """A column of text kept as one string, the values joined by NUL, with where each
    value starts (``starts``: one more than there are values, the last being the text's
    length plus one; ``[0]`` and no text for no values). One value is sliced out when
    asked for; the whole column is split (once) when wanted whole. At 97,000 users,
    splitting a column makes its strings in about 9 ms; a user's dict needs only its own."""

    __slots__ = ("_text", "_starts", "_values")

    def __init__(self, text: str, starts: array):
        empty = len(starts) == 1 and starts[0] == 0 and not text  # no values at all
        if not empty and (len(starts) < 2 or starts[0] != 0 or starts[-1] != len(text) + 1
                          or text.count("\0") != len(starts) - 2):
            raise ValueError("the text and its starts do not fit together")
        self._text, self._starts = text, starts
        self._values: list[str] | None = [] if len(starts) == 1 else None

    def __len__(self) -> int:
        return len(self._starts) - 1

    def __getitem__(self, row: int) -> str:
        if self._values is not None:
            return self._values[row]
        starts = self._starts
        return self._text[starts[row]:starts[row + 1] - 1]

    def __iter__(self) -> Iterator[str]:
        return iter(self.values())

    def values(self) -> list[str]:
        """Every value, split out once and kept."""
        if self._values is None:
            self._values = self._text.split("\0")
        return self._values
