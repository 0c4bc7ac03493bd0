"""Users by id, read from columns and made into dicts one user at a time, when asked for.

A state loaded from a snapshot at a slider jump holds up to 100,000 users, of which the
window shows a few dozen and the events after the snapshot touch a few thousand: making a
dict for every user took 44 ms of a 100 ms load on the benchmark log. :class:`ColumnRecords`
keeps the snapshot's columns as they were read and makes a user's dict the first time it
is asked for; that dict is the user's record from then on, changed in place like any
other. Whole columns (for the users table's sort keys and search, and for the next
snapshot) are read straight off the lists, patched with the users made or removed since.

Finding a user's row: a snapshot lists its users in username order, the users table's first
order, and stores beside them an index of their ids: hash slots (see ``id_slots.py``),
where a lookup takes a hash and a probe or two (0.6 µs), or in an older format the rows
in id order, which a lookup bisects (2.6 µs, as the ids it compares lie all over memory).
Either way the answer is kept, found or not; a seek looks up the few thousand users its
events name and a shown state the few dozen in view. Without an index (older formats, a
compacted state) every user is indexed in a dict at once, which costs 10 to 15 ms at
97,000 users, most of it hashing ids that are never looked up.

Order of iteration: the users listed in the columns, in their order, then the users added
since, in the order they were added (a listed user removed and added back keeps its
listed place, where a dict would move it to the end: no reader relies on either).

Username order without a sort: records read from a snapshot list their users in username
order, and after a jump only the few thousand users the events since touched can be out
of place. :meth:`ColumnRecords.username_order` takes those out and weaves them back in by
bisection: the users table's first order at a slider jump, which sorting every user made
cost 20 to 40 ms at 90,000 users.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterator, MutableMapping, Sequence
from functools import partial
from itertools import chain, compress, islice
from operator import eq, itemgetter, lt

from esdesktop.domain.id_slots import searchable, slot_row
from esdesktop.domain.user import FIELDS, username_keys

SPRAWL = 8  # see ColumnRecords.compacted
# With more users made than this, username_order splits the listed usernames (once, about
# 5 ms at 97,000 users) rather than slicing each one out it compares (about 0.3 µs a
# look, some 20 looks for each user it puts in): at a jump a few thousand users are made,
# in a long drag ten thousand and more, where it took 26 to 30 ms a move without the split.
SPLIT_NAMES_ABOVE = 4_000
_NOT_THERE = "the id index names a row that is not there"


class ColumnRecords(MutableMapping):
    """``Mapping[user id, dict of FIELDS]`` over columns: ``ids`` and one sequence (a list,
    a :class:`TextColumn` or a :class:`CodedColumn`) per field of :data:`FIELDS`, in that
    order, each as long as ``ids``. The columns are kept, not copied, and never changed.

    The index of ids, to find a user's row: ``slots`` (see ``id_slots.py``), or ``by_id``,
    the rows in the order of their ids (bisected; see the module's docstring). Either is
    trusted, as a snapshot's checksum vouches for it: were it wrong, a listed user could
    go unfound, never a wrong one be found, and a row that is not there raises ValueError
    at the lookup that meets it (checking every number at once took 2.2 ms of a load).
    :meth:`check` proves it. Without either every user is indexed at once. Raises
    ValueError when the columns do not fit together, when the slots cannot be searched,
    or when an id is listed twice where every user is indexed.

    ``by_username``: the rows are in username order, as :func:`username_keys` sorts (a
    snapshot's promise, vouched for by its checksum and proved by :meth:`check`), so that
    :meth:`username_order` can answer without sorting."""

    __slots__ = ("_ids", "_by_id", "_slots", "_by_username", "_rows", "_unlisted", "_columns",
                 "_made", "_made_names", "_added_ids", "_gone", "_kept", "_count")

    def __init__(self, ids: list[str], columns: list[Sequence],
                 by_id: Sequence[int] | None = None, by_username: bool = False, *,
                 slots: array | None = None):
        if len(columns) != len(FIELDS) or any(len(column) != len(ids) for column in columns):
            raise ValueError(f"{len(FIELDS)} columns of {len(ids)} values expected")
        if by_id is not None and len(by_id) != len(ids):
            raise ValueError(f"{len(ids)} rows in id order expected")
        if slots is not None and not searchable(slots, len(ids)):
            raise ValueError(f"hash slots for {len(ids)} ids expected")
        self._ids, self._columns, self._by_id, self._slots = ids, columns, by_id, slots
        self._by_username = by_username
        # user id -> its row: every listed user's, or with an index of ids those looked up
        self._rows: dict[str, int] = {}
        self._unlisted: set[str] = set()  # ids looked up in the index and not found
        if by_id is None and slots is None:
            self._index_all()
        self._made: dict[str, dict] = {}  # users asked for or added since: their records
        # the username each dict made from its listed row was made with (the same object
        # while it is not renamed: username_order tells so without slicing the column)
        self._made_names: dict[str, str] = {}
        self._added_ids: dict[str, None] = {}  # those of them not listed, in order added
        self._gone: set[str] = set()  # listed users removed since (and not added back)
        self._kept: list[bool] | None = None  # per listed row: not gone (made when asked)
        self._count = len(ids)

    @classmethod
    def sorted_by_id(cls, ids: list[str], columns: list[Sequence]) -> "ColumnRecords | None":
        """Records over columns whose ids are strictly ascending, so that the rows are
        their own order by id (a bulk import's new ids); None when the ids are not."""
        if not _ascending(ids):
            return None
        return cls(ids, columns, array("I", range(len(ids))))

    def copy(self) -> "ColumnRecords":
        """Records that change apart from these: the columns and the id order are shared
        (they never change), the dicts made so far copied."""
        twin = ColumnRecords.__new__(ColumnRecords)
        twin._ids, twin._by_id, twin._columns = self._ids, self._by_id, self._columns
        twin._slots, twin._by_username = self._slots, self._by_username
        indexed = self._by_id is None and self._slots is None  # every row known, shared
        twin._rows = self._rows if indexed else dict(self._rows)
        twin._unlisted = set(self._unlisted)
        twin._made = {user_id: dict(fields) for user_id, fields in self._made.items()}
        twin._made_names = dict(self._made_names)
        twin._added_ids = dict(self._added_ids)
        twin._gone, twin._kept, twin._count = set(self._gone), self._kept, self._count
        return twin

    def _index_all(self) -> None:
        rows = dict(zip(self._ids, range(len(self._ids)), strict=True))
        if len(rows) != len(self._ids):
            raise ValueError("a user id is listed twice")
        self._rows = rows

    def check(self) -> None:
        """Raise ValueError unless the index of ids finds every listed user at its own row
        and names no other (then no id is listed twice), the rows are in username order
        if said to be, and every text column holds as many values as it has starts (see
        :class:`TextColumn`). Passes over every value (some 50 ms at 97,000 users), for
        ``verify``, not for every load."""
        for column in self._columns:
            if isinstance(column, TextColumn):
                column.values()
        if self._by_username and not _ascending(username_keys(self._columns[0], self._ids)):
            raise ValueError("the users are not in username order")
        if self._by_id is not None:
            try:
                ordered = list(map(self._ids.__getitem__, self._by_id))
            except IndexError:
                raise ValueError(_NOT_THERE) from None
            if not _ascending(ordered):
                raise ValueError("the id order does not sort the ids, or an id is listed twice")
        if self._slots is not None:
            self._check_slots()

    def _check_slots(self) -> None:
        """Every listed user found at its own row, and as many slots filled as users."""
        slots, ids = self._slots, self._ids
        try:
            found = all(map(eq, map(partial(slot_row, slots, ids), ids), range(len(ids))))
        except IndexError:
            raise ValueError(_NOT_THERE) from None
        if not found or len(slots) - slots.count(0) != len(ids):
            raise ValueError("the hash slots do not find each user at its row, or an id is "
                             "listed twice")

    def _row(self, user_id) -> int | None:
        """The user's row in the columns; None when it is not listed."""
        row = self._rows.get(user_id)
        if row is None and (self._slots is not None or self._by_id is not None) \
                and type(user_id) is str and user_id not in self._unlisted:
            row = self._found(user_id)
            if row is None:  # a user added since: a create asks twice or three times
                self._unlisted.add(user_id)
            else:
                self._rows[user_id] = row
        return row

    def _found(self, user_id: str) -> int | None:
        """``user_id``'s row, searched for in the index of ids."""
        ids = self._ids
        try:
            if self._slots is not None:
                return slot_row(self._slots, ids, user_id)
            by_id = self._by_id
            at = bisect_left(by_id, user_id, key=ids.__getitem__)
            return by_id[at] if at < len(by_id) and ids[by_id[at]] == user_id else None
        except IndexError:
            raise ValueError(_NOT_THERE) from None

    def compacted(self, sprawl: int = SPRAWL) -> "ColumnRecords":
        """These records over fresh columns, no dict made, when more than one user in
        ``sprawl`` has had its dict made; else these records themselves. A walk across
        many events (a slider drag) makes dicts by the thousand, and every whole column
        then patches them in one by one: with some 30,000 made, reading the columns took
        about 40 ms of each users-table rebuild (profiled), against 13 ms for a whole
        rebuild without them. The dicts made so far do not carry over: call it only where
        nothing holds one (the end of a cursor move, or a still moment).

        Records in username order stay so (the users table then sorts nothing: in a slow
        drag on the benchmark log, where most moves came after a compaction, the table's
        sort took 22 ms a move); others keep their order of iteration."""
        if len(self._made) * sprawl <= len(self._ids):
            return self
        known = self.username_order()
        if known is None:
            return ColumnRecords(list(self), [self.column(field) for field in FIELDS])
        made = self._made
        return ColumnRecords(known.ids, [
            known.column(listed, lambda user_id, f=field: made[user_id][f])
            for field, listed in zip(FIELDS, self._patched_all(), strict=True)],
            by_username=True)

    def username_order(self) -> "UsernameOrder | None":
        """Every user, in username order, made without a sort when the rows are in that
        order (``by_username``); else None. A listed user whose username changed since, or
        who is gone, is taken out of the listed order; the users added since and those
        renamed are sorted and put in by bisecting the listed usernames (a few µs each)."""
        if not self._by_username:
            return None
        names, rows = self._columns[0], self._rows
        if len(self._made) > SPLIT_NAMES_ABOVE and isinstance(names, TextColumn):
            names = names.values()
        out = [rows[user_id] for user_id in self._gone]  # listed rows taken out
        placed = []  # (username, id) of the users put back in
        made_names = self._made_names
        for user_id, fields in self._made.items():
            name = fields["username"]
            if name is made_names.get(user_id):  # as made from its row: not renamed
                continue
            row = rows.get(user_id)
            if row is None or name != names[row]:
                placed.append((name, user_id))
                if row is not None:
                    out.append(row)
        placed.sort()
        at, low = [], 0
        for name, _ in placed:
            low = bisect_left(names, name, low)
            at.append(low)
        return UsernameOrder(self._ids, names, out, at, placed)

    def _make(self, user_id: str, row: int) -> dict:
        username, email, display_name, role, active = self._columns
        name = self._made_names[user_id] = username[row]
        fields = self._made[user_id] = {
            "username": name, "email": email[row], "display_name": display_name[row],
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
        self._made_names.pop(user_id, None)  # not made from its row: compared in full
        if self._row(user_id) is None:
            self._added_ids[user_id] = None
        if user_id in self._gone:
            self._gone.discard(user_id)
            self._kept = None

    def __delitem__(self, user_id: str) -> None:
        if user_id not in self:
            raise KeyError(user_id)
        self._made.pop(user_id, None)
        self._made_names.pop(user_id, None)
        self._added_ids.pop(user_id, None)
        if self._row(user_id) is not None:
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
        values = self._patched(field)
        if self._gone:
            values = list(compress(values, self._kept_rows()))
        made = self._made
        values += [made[user_id][field] for user_id in self._added()]
        return values

    def _patched_all(self) -> list[list]:
        """:meth:`_patched` for every field, in one pass over the dicts made (five passes
        took 26 ms of a 110 ms compaction with 11,000 made)."""
        columns = [list(column) for column in self._columns]
        username, email, display_name, role, active = columns
        rows, values_of = self._rows, itemgetter(*FIELDS)
        for user_id, fields in self._made.items():
            row = rows.get(user_id)
            if row is not None:
                username[row], email[row], display_name[row], role[row], active[row] = \
                    values_of(fields)
        return columns

    def _patched(self, field: str) -> list:
        """Each listed row's ``field`` (gone users' too), as the dicts made since say."""
        values = list(self._columns[FIELDS.index(field)])
        rows = self._rows
        for user_id, fields in self._made.items():
            row = rows.get(user_id)
            if row is not None:
                values[row] = fields[field]
        return values


class UsernameOrder:
    """Users in username order (see :meth:`ColumnRecords.username_order`): ``ids``, a new
    list the caller may keep and change, and when asked for a dict of their usernames
    (which splits the listed usernames, if kept whole). Made of columns that never
    change, so it stays true to the records it was made from, however they change after.

    ``out``: listed rows taken out; ``placed``: (username, id) of the users put in, sorted,
    each before the listed row ``at`` gives it."""

    __slots__ = ("ids", "_listed", "_names", "_cuts", "_placed")

    def __init__(self, ids: list[str], names: Sequence[str], out: list[int], at: list[int],
                 placed: list[tuple[str, str]]):
        self._listed, self._names, self._placed = ids, names, placed
        # where the listed rows are cut: (row, 0, which placed user goes in before it) or
        # (row, 1, -1) for a row taken out; a user put in goes before a row taken out
        self._cuts = sorted([*((row, 0, n) for n, row in enumerate(at)),
                             *((row, 1, -1) for row in out)])
        self.ids = self._woven(ids, [user_id for _, user_id in placed])

    def column(self, listed: Sequence, placed: Callable[[str], object]) -> list:
        """A column in this order: ``listed`` holds the listed rows' values, ``placed``
        gives the value of each user put in, by id."""
        return self._woven(listed, [placed(user_id) for _, user_id in self._placed])

    def usernames(self) -> dict[str, str]:
        """User id -> username, for each user of ``ids`` as it was made."""
        names = self._names
        listed = names.values() if isinstance(names, TextColumn) else names
        return dict(zip(self._woven(self._listed, [user_id for _, user_id in self._placed]),
                        self._woven(listed, [name for name, _ in self._placed]), strict=True))

    def _woven(self, listed: Sequence, placed: list) -> list:
        """``listed`` cut where :attr:`_cuts` say: the slices between cuts copied in C."""
        woven, start = [], 0
        for row, taken_out, which in self._cuts:
            woven += listed[start:row]
            if taken_out:
                start = row + 1
            else:
                woven.append(placed[which])
                start = row
        woven += listed[start:]
        return woven


def _ascending(values: list) -> bool:
    """Whether each value is less than the next (so none is there twice): one C pass."""
    return all(map(lt, values, islice(values, 1, None)))


class TextColumn(Sequence):
    """A column of text kept as one string, the values joined by NUL, with where each
    value starts (``starts``: one more than there are values, the last being the text's
    length plus one; ``[0]`` and no text for no values). One value is sliced out when
    asked for; the whole column is split (once) when wanted whole. At 97,000 users,
    splitting a column makes its strings in about 9 ms; a user's dict needs only its own.

    The starts' ends are checked at once; that there are as many NULs as starts, only when
    the text is split (counting them took 3.6 ms of a 24 ms load of the three columns of
    the benchmark log's largest snapshot, whose checksum vouches for them):
    :meth:`ColumnRecords.check` splits every text column."""

    __slots__ = ("_text", "_starts", "_values")

    def __init__(self, text: str, starts: array):
        empty = len(starts) == 1 and starts[0] == 0 and not text  # no values at all
        if not empty and (len(starts) < 2 or starts[0] != 0 or starts[-1] != len(text) + 1):
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
        """Every value, split out once and kept; ValueError if the text holds more or fewer
        values than it has starts for."""
        if self._values is None:
            values = self._text.split("\0")
            if len(values) != len(self):
                raise ValueError("the text and its starts do not fit together")
            self._values = values
        return self._values


class CodedColumn(Sequence):
    """A column of few distinct values (roles, flags) kept as one byte a row, each an index
    into ``values``: a value is looked up when asked for, the whole column when wanted
    whole. Making the list of 97,000 roles and of as many flags took 3.7 ms of a load.
    ValueError at once if a byte indexes no value (one pass in C)."""

    __slots__ = ("_codes", "_values")

    def __init__(self, codes: bytes, values: list):
        if codes.translate(None, bytes(range(min(len(values), 256)))):
            raise ValueError("a coded value is not among the values")
        self._codes, self._values = codes, values

    def __len__(self) -> int:
        return len(self._codes)

    def __getitem__(self, row: int):
        return self._values[self._codes[row]]

    def __iter__(self) -> Iterator:
        return map(self._values.__getitem__, self._codes)
