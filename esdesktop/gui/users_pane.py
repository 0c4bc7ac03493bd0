"""The left of the centre: the search field, the users table, and the empty state."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from esdesktop import History
from esdesktop.gui.empty_state import EmptyState
from esdesktop.gui.resources import icon
from esdesktop.gui.steady import SteadyText
from esdesktop.gui.users_model import UsersModel
from esdesktop.gui.users_table import UsersTable

SEARCH_DELAY_MS = 150  # typing settles before a large table is filtered


class UsersPane(QWidget):
    """Search, table and empty state. ``user_selected(user_id)`` when the person picks a
    row. The pane remembers the chosen user across undo, redo and jumps, and selects its
    row again whenever the row comes back."""

    user_selected = Signal(object)

    def __init__(self, actions: dict[str, QAction], parent: QWidget | None = None):
        super().__init__(parent)
        self.model = UsersModel(self)
        self._history: History | None = None
        self._selected: str | None = None
        self._removing = False
        # Before the table connects: a row going away must not choose its neighbour.
        self.model.rowsAboutToBeRemoved.connect(lambda *_: setattr(self, "_removing", True))
        self.model.modelAboutToBeReset.connect(lambda: setattr(self, "_removing", True))
        self.search = self._make_search()
        self.table = self._make_table()
        self.count = SteadyText("usersCount")  # changes at many steps: no relayout
        self.empty = EmptyState(actions)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)
        self._timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._filter)
        self._lay_out()
        self._follow_model()

    def set_history(self, history: History | None) -> None:
        self._history = history
        self._selected = None
        self.model.set_history(history)

    @property
    def selected_user(self) -> str | None:
        return self._selected

    def select_user(self, user_id: str | None) -> None:
        """Select ``user_id``'s row (if it is shown) and make it the chosen user."""
        self._selected = user_id
        self._reselect()
        self.user_selected.emit(user_id)

    # -- building --------------------------------------------------------------------------

    def _make_search(self) -> QLineEdit:
        field = QLineEdit(objectName="searchField")
        field.setPlaceholderText("Search username, email or display name")
        field.setClearButtonEnabled(True)
        field.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        field.setAccessibleName("Search users")
        field.setToolTip("Show only the users whose username, email or display name "
                         "contains this text (Ctrl+F). Escape clears it.")
        field.textChanged.connect(lambda _: self._timer.start())
        return field

    def _make_table(self) -> UsersTable:
        table = UsersTable()
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setSortingEnabled(True)
        table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((130, 190, 155, 60)):
            header.resizeSection(column, width)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
        table.setAccessibleName("Users")
        table.setToolTip("The users at the cursor. Click a column title to sort; "
                         "select a row to edit it.")
        table.selectionModel().currentRowChanged.connect(self._on_current_row)
        return table

    def _lay_out(self) -> None:
        label = QLabel("&Search:")
        label.setBuddy(self.search)
        top = QHBoxLayout()
        top.addWidget(label)
        top.addWidget(self.search, 1)
        top.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)

    def _follow_model(self) -> None:
        self.model.modelReset.connect(self._refresh)
        self.model.rowsInserted.connect(self._refresh)
        self.model.rowsRemoved.connect(self._refresh)
        self.model.layoutChanged.connect(self._refresh)

    # -- keeping it right ------------------------------------------------------------------

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape and self.search.hasFocus() and self.search.text():
            self.search.clear()
        else:
            super().keyPressEvent(event)

    def _filter(self) -> None:
        self.model.set_search(self.search.text())

    def _on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid() or self._removing:
            return  # the row went away (undo, filter): the chosen user stays chosen
        user_id = self.model.user_id(current.row())
        if user_id != self._selected:
            self._selected = user_id
            self.user_selected.emit(user_id)

    def _refresh(self, *_) -> None:
        self._removing = False
        self._reselect()
        self._show_count()

    def _reselect(self) -> None:
        row = None if self._selected is None else self.model.row_of(self._selected)
        selection = self.table.selectionModel()
        if row is None:
            return
        index = self.model.index(row, 0)
        if selection.currentIndex().row() != row or not selection.isRowSelected(row):
            flags = (QItemSelectionModel.SelectionFlag.ClearAndSelect
                     | QItemSelectionModel.SelectionFlag.Rows)
            selection.setCurrentIndex(index, flags)
        self.table.scrollTo(index)

    def _show_count(self) -> None:
        total, shown = self.model.total, self.model.rowCount()
        if self.search.text().strip() and shown == 0:
            self.count.setText("No users match")
        elif shown < total:
            self.count.setText(f"{shown:,} of {total:,} users")
        else:
            self.count.setText(f"{total:,} users" if total != 1 else "1 user")
        if self._history is None:
            self.empty.show_for("closed")
        else:
            self.empty.show_for("behind" if self._history.can_redo else "empty")
        self.stack.setCurrentWidget(self.table if total else self.empty)
