"""The users table: a thin model over ``History.users``, sorted and filtered in place.

Rows are the users that match the search, in the order of their sort keys. A History
change notice turns into precise signals: ``dataChanged`` for a user edited in place,
``beginMoveRows`` when an edit changes its place in the order, ``beginInsertRows`` and
``beginRemoveRows`` for users that appear or go. Only a notice that names no users (a
jump far away), or very many, rebuilds the rows and resets the model.

A rebuild must stay cheap at 100,000 users (a slider drag makes one at every position),
so it makes no Python call per user, and as few new objects as it can. The rows are user
ids, ordered by their sort keys (made in ``user_keys.py``): for the username column the
usernames themselves, which are unique among live users; for another column the value
then the username, made column-wise with ``map`` and ``zip``. One ``sorted`` of row
numbers, keyed by the keys list's own ``__getitem__``, orders them. By username with no
search, a state read from a snapshot gives its username order without any sort
(``UsersView.username_order``): a slider jump's rebuild then takes a few ms where the
sort took 20 to 40 at 90,000 users. The order is kept ascending; a descending table
shows it from the end, so reversing the order costs nothing. Finding a user's row is a
bisection over the ids, keyed by a dict of user id -> key, which is made only when an
update needs it or once the cursor is still; until then a row is found by the key the
state gives the user now (see ``row_of``). The model sorts and filters itself rather
than through a QSortFilterProxyModel, which would call ``data()`` once per comparison.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Mapping
from itertools import compress

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QBrush, QColor

from esdesktop import Change, History
from esdesktop.gui.history_link import HistoryLink
from esdesktop.gui.user_keys import COLUMNS, matches, search_flags, sort_key, sort_keys

TITLES = ("Username", "Email", "Display name", "Role", "Active")
USER_ID_ROLE = Qt.ItemDataRole.UserRole + 1
ANSWERED = frozenset((Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                      Qt.ItemDataRole.ForegroundRole, USER_ID_ROLE))
# A notice naming more users than this rebuilds the rows. Updating a row in place took 77 µs
# (its bisections, the move in the order, the signals; a slider drag on the benchmark log,
# 18,000 of them profiled), a rebuild about 15 ms: they cross near 200.
RESET_ABOVE = 200
INDEX_WHEN_STILL_MS = 300  # see UsersModel._keys
INACTIVE = QBrush(QColor("#78909c"))

Index = QModelIndex | QPersistentModelIndex


def _answer(fields: Mapping, user_id: str, column: int, role: int):
    """A cell's value for one of the ANSWERED roles."""
    if role == USER_ID_ROLE:
        return user_id
    if role == Qt.ItemDataRole.ForegroundRole:
        return None if fields["active"] else INACTIVE
    value = fields[COLUMNS[column]]
    return ("yes" if value else "no") if isinstance(value, bool) else value


class UsersModel(QAbstractTableModel):
    """Users at the cursor of a History, as rows: username, email, display name, role,
    active. ``USER_ID_ROLE`` gives a row's user id."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._link = HistoryLink(self, self._on_change)
        self._order: list[str] = []  # the shown users' ids, ascending by their keys
        self._index: dict[str, str] = {}  # user id -> its key (read as _keys)
        self._unindexed: Callable[[], dict[str, str]] | None = None  # makes _index
        self._indexer = QTimer(self, singleShot=True, interval=INDEX_WHEN_STILL_MS)
        self._indexer.timeout.connect(self._make_index)
        self._column = 0
        self._ascending = True
        self._search = ""

    # -- what the window calls -----------------------------------------------------------

    @property
    def _history(self) -> History | None:
        return self._link.history

    def set_history(self, history: History | None) -> None:
        self._link.set(history)
        self._reload()

    def set_search(self, text: str) -> None:
        """Show only users whose username, email or display name contains ``text``."""
        text = text.strip().casefold()
        if text != self._search:
            self._search = text
            self._reload()

    def user_id(self, row: int) -> str:
        return self._order[self._place(row)]

    def row_of(self, user_id: str) -> int | None:
        """The row showing ``user_id``, or None when it is hidden or absent. Until the
        index of keys is made (see ``_keys``), the user's key is worked out from the state,
        which has not changed since the rows were made, and searched for without it: the
        window finds its selected user again after every jump, and the index took about
        15 ms at 100,000 users (jumps with a user selected: p50 45.9 ms against 30.2)."""
        if self._unindexed is None:
            key = self._index.get(user_id)
            return None if key is None else self._place(self._locate(user_id, key))
        key = self._key_now(user_id)
        if key is None:
            return None
        users, column = self._history.users, COLUMNS[self._column]
        at = bisect_left(self._order, key, key=lambda uid: sort_key(users.fields(uid), column))
        return self._place(self._found_from(user_id, at))

    @property
    def total(self) -> int:
        """How many users the log has at the cursor, shown or not."""
        return 0 if self._history is None else len(self._history.users)

    # -- the Qt model ----------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._order)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        # A view asks for about eight roles per cell it paints: the others return at once.
        if role not in ANSWERED or not index.isValid() or self._history is None:
            return None
        user_id = self.user_id(index.row())
        return _answer(self._history.users.fields(user_id), user_id, index.column(), role)

    def multiData(self, index: Index, roles) -> None:
        """The seven roles a delegate asks of each cell it paints, in one call from Qt.
        Every role is set, None included (Qt hands the same span from cell to cell)."""
        user_id = None
        if index.isValid() and self._history is not None:
            user_id = self.user_id(index.row())
            fields, column = self._history.users.fields(user_id), index.column()
        for role_data in roles:
            role = role_data.role()
            role_data.setData(_answer(fields, user_id, column, role)
                              if user_id is not None and role in ANSWERED else None)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(TITLES):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return TITLES[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"Sort by {TITLES[section].lower()} (click again to reverse)"
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        ascending = order == Qt.SortOrder.AscendingOrder
        if not 0 <= column < len(COLUMNS) or (column, ascending) == (self._column, self._ascending):
            return
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        ids = [self.user_id(index.row()) for index in before]
        if column != self._column and self._history is not None:
            self._column = column
            self._rebuild()
        self._column, self._ascending = column, ascending
        after = [self.index(self.row_of(uid), index.column()) for uid, index in zip(ids, before, strict=True)]
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()

    # -- following History ---------------------------------------------------------------

    def _on_change(self, change: Change) -> None:
        if change.users is None or len(change.users) > RESET_ABOVE:
            self._reload(index_later=True)
            return
        for user_id in change.users:
            self._update(user_id)

    @property
    def _keys(self) -> dict[str, str]:
        """User id -> its key in ``_order``. After a cursor move it is made when first
        needed, or once the cursor has been still for a moment: making it costs about a
        third of a rebuild, which a slider drag (a rebuild at every position and, with no
        user selected, no use for it) no longer pays at each position."""
        self._make_index()
        return self._index

    def _make_index(self) -> None:
        if self._unindexed is not None:
            make, self._unindexed = self._unindexed, None
            self._index = make()

    def _reload(self, index_later: bool = False) -> None:
        """Rebuild the rows. ``index_later``: a cursor move, perhaps one of many (a slider
        drag), so ``_keys`` is left until needed or still (see there)."""
        self.beginResetModel()
        self._rebuild()
        if not index_later:
            self._make_index()
        self.endResetModel()

    def _rebuild(self) -> None:
        """Every user shown, in order: C loops only (see the module's docstring)."""
        users = None if self._history is None else self._history.users
        if not users:
            self._order, self._index, self._unindexed = [], {}, None
            return
        known = None if self._column or self._search else users.username_order()
        if known is not None:
            self._order, self._unindexed = known.ids, known.usernames
        else:
            self._order, self._unindexed = self._sorted(users)
        self._indexer.start()

    def _sorted(self, users) -> tuple[list[str], Callable[[], dict[str, str]]]:
        """The ids of the users shown, sorted by their keys, and what makes their index."""
        keys, ids = sort_keys(users, COLUMNS[self._column]), list(users)
        if self._search:
            flags = list(search_flags(users, self._search))
            keys, ids = list(compress(keys, flags)), list(compress(ids, flags))
        rows = sorted(range(len(keys)), key=keys.__getitem__)
        return list(map(ids.__getitem__, rows)), lambda: dict(zip(ids, keys, strict=True))

    def _bisect(self, key: str) -> int:
        """Where ``key`` goes in ``_order``: before any user with the same key or a later
        one."""
        return bisect_left(self._order, key, key=self._keys.__getitem__)

    def _locate(self, user_id: str, key: str) -> int:
        """``user_id``'s index in ``_order``, its key being ``key``. Keys are unique (the
        username is part of each); should a log hold two live users of one username, the
        few equal keys are stepped over, and should the order not be the keys' (a
        snapshot whose order was forged under a valid checksum), the user is searched for
        from the start."""
        return self._found_from(user_id, self._bisect(key))

    def _found_from(self, user_id: str, index: int) -> int:
        """``user_id``'s index in ``_order``, looked for from ``index`` on, then from the
        start (see :meth:`_locate`)."""
        try:
            return self._order.index(user_id, index)
        except ValueError:
            return self._order.index(user_id)

    def _place(self, index: int) -> int:
        """A row <-> its index in ``_order`` (both ways: the mapping is its own inverse)."""
        return index if self._ascending else len(self._order) - 1 - index

    def _update(self, user_id: str) -> None:
        old, new = self._keys.get(user_id), self._key_now(user_id)
        if old is None and new is not None:
            self._insert(user_id, new)
        elif old is not None and new is None:
            self._remove(user_id, old)
        elif old is not None:
            self._replace(user_id, old, new)

    def _key_now(self, user_id: str) -> str | None:
        """The user's key as the state is now; None when it is not shown."""
        users = self._history.users
        if user_id not in users:
            return None
        fields = users.fields(user_id)
        if self._search and not matches(fields, self._search):
            return None
        return sort_key(fields, COLUMNS[self._column])

    def _insert(self, user_id: str, key: str) -> None:
        index = self._bisect(key)
        row = index if self._ascending else len(self._order) - index
        self.beginInsertRows(QModelIndex(), row, row)
        self._order.insert(index, user_id)
        self._keys[user_id] = key
        self.endInsertRows()

    def _remove(self, user_id: str, key: str) -> None:
        index = self._locate(user_id, key)
        row = self._place(index)
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._order[index]
        del self._keys[user_id]
        self.endRemoveRows()

    def _replace(self, user_id: str, old: str, new: str) -> None:
        """A shown user changed: repaint its row, moving it first if its place changed."""
        order = self._order
        index = self._locate(user_id, old)
        target = self._bisect(new)
        if target > index:
            target -= 1  # its place once it has left the old one
        row, new_row = self._place(index), self._place(target)
        if row != new_row:
            self.beginMoveRows(QModelIndex(), row, row, QModelIndex(),
                               new_row + 1 if new_row > row else new_row)
        del order[index]
        order.insert(target, user_id)
        self._keys[user_id] = new
        if row != new_row:
            self.endMoveRows()
        self.dataChanged.emit(self.index(new_row, 0), self.index(new_row, len(COLUMNS) - 1))
