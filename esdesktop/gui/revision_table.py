"""What the history panel and the user's history share: a flat, read-only table model with
fixed column titles, and the tree view that shows one."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeView, QWidget

Index = QModelIndex | QPersistentModelIndex


class RevisionTable(QAbstractTableModel):
    """A flat table whose subclasses set ``COLUMNS`` and answer ``row_count``."""

    COLUMNS: tuple[str, ...] = ()

    def row_count(self) -> int:
        raise NotImplementedError

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else self.row_count()

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.COLUMNS):
            return self.COLUMNS[section]
        return None

    def rows_changed(self, first: int, last: int) -> None:
        """Tell views that rows ``first`` to ``last`` (inclusive) read differently now."""
        self.dataChanged.emit(self.index(first, 0), self.index(last, len(self.COLUMNS) - 1))


def table_view(parent: QWidget, name: str, model: RevisionTable, stretch: int,
               tip: str) -> QTreeView:
    """A read-only, single-selection view of ``model`` named ``name``: column ``stretch``
    takes the spare width, the others fit the rows in sight."""
    view = QTreeView(parent, objectName=name)
    view.setModel(model)
    view.setRootIsDecorated(False)
    view.setUniformRowHeights(True)
    view.setAllColumnsShowFocus(True)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setToolTip(tip)
    header = view.header()
    header.setStretchLastSection(False)
    header.setResizeContentsPrecision(0)  # measure the visible rows only: models are lazy
    for column in range(len(model.COLUMNS)):
        mode = QHeaderView.ResizeMode.Stretch if column == stretch else \
            QHeaderView.ResizeMode.ResizeToContents
        header.setSectionResizeMode(column, mode)
    return view
