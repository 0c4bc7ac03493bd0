"""Per-user history: the selected user's changes on the current branch, each a way there."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QTableView, QVBoxLayout, QWidget

from esdesktop import Change, History
from esdesktop.domain import CHANGED, CREATED, DELETED, Revision
from esdesktop.gui.history_link import HistoryLink
from esdesktop.gui.revision_table import Index, RevisionTable, table_view
from esdesktop.gui.revision_text import details, when

FUTURE_COLOUR = QColor("#78909c")


@dataclass(frozen=True)
class ChangeRow:
    revision: Revision
    text: str
    kind: str = CHANGED  # the event's type
    field: str | None = None  # the field a change row is about


def show_value(value) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value) if value != "" else "(empty)"


def rows_of(entry) -> list[ChangeRow]:
    """One row per field change, or one for a creation or a deletion."""
    event, revision = entry.event, entry.revision
    if event.type == CHANGED:
        return [ChangeRow(revision, f"{field.replace('_', ' ')}: {show_value(old)} \u2192 "
                                    f"{show_value(new)}", CHANGED, field)
                for field, (old, new) in event.changes.items()]
    if event.type == CREATED:
        return [ChangeRow(revision, f"created as {event.username} ({event.email}, {event.role})",
                          CREATED)]
    if event.type == DELETED:
        return [ChangeRow(revision, f"deleted ({event.username})", DELETED)]
    return [ChangeRow(revision, event.type)]


class UserChangesModel(RevisionTable):
    """The rows of one user's history. Rows after the cursor are greyed: going there
    moves forward in time."""

    COLUMNS = ("Change", "When", "Revision")
    WIDEST = ("", "00 Mmm 00:00", "000000")

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[ChangeRow] = []
        self._position = 0

    def show(self, rows: list[ChangeRow], position: int) -> None:
        self.beginResetModel()
        self._rows, self._position = rows, position
        self.endResetModel()

    def move_cursor(self, position: int) -> None:
        """Grey the rows after ``position``: only rows between the old position and the
        new one change (the rows are in timeline order)."""
        low, high = sorted((self._position, position))
        self._position = position
        changed = [row for row, found in enumerate(self._rows) if low < found.revision.depth <= high]
        if changed:
            self.rows_changed(changed[0], changed[-1])

    def revision(self, row: int) -> Revision:
        return self._rows[row].revision

    def change_row(self, row: int) -> ChangeRow:
        return self._rows[row]

    def row_count(self) -> int:
        return len(self._rows)

    def data(self, index: Index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        future = row.revision.depth > self._position
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.text, when(row.revision), str(row.revision.depth))[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            later = "\nAfter the revision shown: going there moves forward." if future else ""
            return f"{row.text}\n{details(row.revision)}{later}"
        if role == Qt.ItemDataRole.ForegroundRole and future:
            return FUTURE_COLOUR
        return None


class UserHistoryView(QWidget):
    """The changes of the user given to ``set_user``: "field: old → new", when, and the
    revision (its position on the timeline). Activating a row goes to that revision.
    ``failed`` carries a sentence when a move is refused."""

    failed = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._link = HistoryLink(self, self._on_change)
        self._user: str | None = None
        self._length = 0  # of the timeline the rows were read from
        self.model = UserChangesModel(self)
        self.caption = QLabel(self, objectName="userHistoryCaption", wordWrap=True)
        self.view = self._make_view()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.caption)
        layout.addWidget(self.view)
        self._reload()

    def set_history(self, history: History | None) -> None:
        self._link.set(history)
        self._user = None
        self._reload()

    @property
    def user_id(self) -> str | None:
        return self._user

    def set_user(self, user_id: str | None) -> None:
        """Show the changes of ``user_id``, or none."""
        self._user = user_id
        self._reload()

    def _make_view(self) -> QTableView:
        view = table_view(self, "userHistoryView", self.model, stretch=0, tip=(
            "Double-click a change, or select it and press Enter, to go there."))
        view.setAccessibleName("Changes to the selected user")
        view.activated.connect(self._go_to_row)
        return view

    def _go_to_row(self, index: QModelIndex) -> None:
        history = self._link.history
        if history is not None and index.isValid():
            revision = self.model.revision(index.row())
            self._link.attempt(f"go to revision {revision.depth}", history.goto, revision.id)

    def _on_change(self, change: Change) -> None:
        if change.timeline and not self._untouched_append(change):
            self._reload()
        else:
            self.model.move_cursor(self._link.history.position)
        self._length = self._link.length()

    def _untouched_append(self, change: Change) -> bool:
        """An edit at the tip that left this user alone: the rows still hold."""
        history = self._link.history
        return (change.users is not None and self._user not in change.users
                and self._link.length() == self._length + 1
                and history.cursor_revision.parent == change.left
                and history.revision(change.left).depth == self._length - 1)

    def _reload(self) -> None:
        history, user = self._link.history, self._user
        entries = [] if history is None or user is None else history.user_history(user)
        rows = [row for entry in entries for row in rows_of(entry)]
        self.model.show(rows, 0 if history is None else history.position)
        self._length = 0 if history is None else self._link.length()
        self.caption.setText(self._caption(entries))

    def _caption(self, entries) -> str:
        history = self._link.history
        if history is None or self._user is None:
            return "Select a user to see its changes."
        names = [e.event.username for e in entries if hasattr(e.event, "username")]
        user = history.users.get(self._user)
        name = user.username if user is not None else (names[-1] if names else "this user")
        if not entries:
            return f"No changes to {name} on this branch."
        return f"Changes to {name}, oldest first:"
