"""The users table: a thin model over ``History.users``, sorted and filtered in place.

Rows are the ids of the users that match the search, kept sorted by the sort column. A
History change notice turns into precise signals: ``dataChanged`` for a user edited in
place, ``beginMoveRows`` when an edit changes its place in the order, ``beginInsertRows``
and ``beginRemoveRows`` for users that appear or go. Only a notice that names no users (a
jump far away), or very many, resets the model.

The model sorts and filters itself rather than through a QSortFilterProxyModel: a proxy
would call ``data()`` once per comparison, which is far too slow for 100,000 users.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Mapping

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from esdesktop import Change, History
from esdesktop.domain import ROLES
from esdesktop.gui.history_link import HistoryLink

COLUMNS = ("username", "email", "display_name", "role", "active")
TITLES = ("Username", "Email", "Display name", "Role", "Active")
USER_ID_ROLE = Qt.ItemDataRole.UserRole + 1
RESET_ABOVE = 1000  # a notice naming more users than this resets the model
INACTIVE = QBrush(QColor("#78909c"))
ROLE_RANK = {role: rank for rank, role in enumerate(ROLES)}

Index = QModelIndex | QPersistentModelIndex


class _Descending:
    """Wraps a sort key so that ``<`` runs the other way."""

    __slots__ = ("key",)

    def __init__(self, key):
        self.key = key

    def __lt__(self, other: "_Descending") -> bool:
        return other.key < self.key

    def __eq__(self, other) -> bool:
        return self.key == other.key


def sort_key(fields: Callable[[str], Mapping], column: str, ascending: bool):
    """A key function for user ids: the column's value, then the username, then the id
    (so that every key is distinct). Written for speed: it runs once per user."""
    if column == "role":
        def primary(record):
            return ROLE_RANK.get(record["role"], len(ROLE_RANK))
    elif column == "active":
        def primary(record):
            return record["active"]
    else:
        def primary(record):
            return record[column].casefold()

    def key(user_id: str):
        record = fields(user_id)
        return (primary(record), record["username"].casefold(), user_id)

    return key if ascending else (lambda user_id: _Descending(key(user_id)))


def search_match(fields: Callable[[str], Mapping], text: str) -> Callable[[str], bool]:
    """Whether a user's username, email or display name contains ``text`` (casefolded)."""
    def match(user_id: str) -> bool:
        record = fields(user_id)
        return (text in record["username"].casefold() or text in record["email"].casefold()
                or text in record["display_name"].casefold())

    return match


class UsersModel(QAbstractTableModel):
    """Users at the cursor of a History, as rows: username, email, display name, role,
    active. ``USER_ID_ROLE`` gives a row's user id."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._link = HistoryLink(self, self._on_change)
        self._rows: list[str] = []
        self._keys: dict[str, object] = {}
        self._column = 0
        self._order = Qt.SortOrder.AscendingOrder
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
        return self._rows[row]

    def row_of(self, user_id: str) -> int | None:
        """The row showing ``user_id``, or None when it is hidden or absent."""
        key = self._keys.get(user_id)
        return None if key is None else bisect_left(self._rows, key, key=self._keys.__getitem__)

    @property
    def total(self) -> int:
        """How many users the log has at the cursor, shown or not."""
        return 0 if self._history is None else len(self._history.users)

    # -- the Qt model ----------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self._history is None:
            return None
        user_id = self._rows[index.row()]
        if role == USER_ID_ROLE:
            return user_id
        fields = self._history.users.fields(user_id)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            value = fields[COLUMNS[index.column()]]
            return ("yes" if value else "no") if isinstance(value, bool) else value
        if role == Qt.ItemDataRole.ForegroundRole and not fields["active"]:
            return INACTIVE
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(TITLES):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return TITLES[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"Sort by {TITLES[section].lower()} (click again to reverse)"
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        self._column, self._order = column, order
        if self._history is None:
            return
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        ids = [self._rows[index.row()] for index in before]
        self._rows, self._keys = self._sorted(self._rows)
        after = [self.index(self.row_of(uid), index.column()) for uid, index in zip(ids, before, strict=True)]
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()

    # -- following History ---------------------------------------------------------------

    def _on_change(self, change: Change) -> None:
        if change.users is None or len(change.users) > RESET_ABOVE:
            self._reload()
            return
        for user_id in change.users:
            self._update(user_id)

    def _reload(self) -> None:
        self.beginResetModel()
        users = {} if self._history is None else self._history.users
        shown = filter(search_match(users.fields, self._search), users) if self._search else users
        self._rows, self._keys = self._sorted(shown) if users else ([], {})
        self.endResetModel()

    def _update(self, user_id: str) -> None:
        row = self.row_of(user_id)
        key = self._key_function()(user_id) if self._shown(user_id) else None
        if row is None and key is not None:
            self._insert(user_id, key)
        elif row is not None and key is None:
            self._remove(row)
        elif row is not None:
            self._replace(row, key)

    def _insert(self, user_id: str, key) -> None:
        row = bisect_left(self._rows, key, key=self._keys.__getitem__)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.insert(row, user_id)
        self._keys[user_id] = key
        self.endInsertRows()

    def _remove(self, row: int) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._keys[self._rows.pop(row)]
        self.endRemoveRows()

    def _replace(self, row: int, key) -> None:
        """A shown user changed: repaint its row, moving it first if its place changed."""
        rows, keys, user_id = self._rows, self._keys, self._rows[row]
        if row > 0 and key < keys[rows[row - 1]]:  # it goes up
            new = destination = bisect_left(rows, key, 0, row, key=keys.__getitem__)
        elif row < len(rows) - 1 and keys[rows[row + 1]] < key:  # it goes down
            destination = bisect_left(rows, key, row + 1, len(rows), key=keys.__getitem__)
            new = destination - 1
        else:
            new = destination = row
        if new != row:
            self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), destination)
            rows.insert(new, rows.pop(row))
        keys[user_id] = key
        if new != row:
            self.endMoveRows()
        self.dataChanged.emit(self.index(new, 0), self.index(new, len(COLUMNS) - 1))

    def _shown(self, user_id: str) -> bool:
        users = self._history.users
        return user_id in users and (not self._search
                                     or search_match(users.fields, self._search)(user_id))

    def _sorted(self, user_ids) -> tuple[list[str], dict[str, object]]:
        """The ids in order, and each one's key. Sorted on plain keys (fast), then wrapped
        when descending, so that later bisects see the same order."""
        key = sort_key(self._history.users.fields, COLUMNS[self._column], ascending=True)
        keys = {uid: key(uid) for uid in user_ids}
        descending = self._order == Qt.SortOrder.DescendingOrder
        rows = sorted(keys, key=keys.__getitem__, reverse=descending)
        if descending:
            keys = {uid: _Descending(value) for uid, value in keys.items()}
        return rows, keys

    def _key_function(self) -> Callable[[str], object]:
        return sort_key(self._history.users.fields, COLUMNS[self._column],
                        self._order == Qt.SortOrder.AscendingOrder)
