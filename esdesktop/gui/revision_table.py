"""What the history panel and the user's history share: a flat, read-only table model with
fixed column titles, and the view that shows one.

The view is a QTableView, not a QTreeView: a tree view lays out every row when its model
resets (two calls into Python per row: a timeline of 1,000,000 revisions took seconds),
while a table view with fixed row heights only asks for the rows in sight."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from esdesktop.gui.steady import SteadyScrollBar

Index = QModelIndex | QPersistentModelIndex


class RevisionTable(QAbstractTableModel):
    """A flat table whose subclasses set ``COLUMNS`` and answer ``row_count``."""

    COLUMNS: tuple[str, ...] = ()
    # The widest text each column is expected to hold: its width is set from this once,
    # because fitting a column to its contents would read rows a lazy model has not loaded.
    WIDEST: tuple[str, ...] = ()

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

    def multiData(self, index: Index, roles) -> None:
        """Every role a delegate asks of a cell (seven per cell painted) in one call from Qt,
        not seven: a call from C++ into Python costs more than the answer. Every role is
        set, None included: Qt hands the same span from cell to cell, so a role left alone
        would keep the last cell's value."""
        for role_data in roles:
            role_data.setData(self.data(index, role_data.role()))

    def rows_changed(self, first: int, last: int) -> None:
        """Tell views that rows ``first`` to ``last`` (inclusive) read differently now."""
        self.dataChanged.emit(self.index(first, 0), self.index(last, len(self.COLUMNS) - 1))


def table_view(parent: QWidget, name: str, model: RevisionTable, stretch: int,
               tip: str) -> QTableView:
    """A read-only, single-selection view of whole rows of ``model`` named ``name``:
    column ``stretch`` takes the spare width, the others are as wide as ``WIDEST`` says."""
    view = QTableView(parent, objectName=name)
    view.setModel(model)
    view.setShowGrid(False)
    view.setWordWrap(False)
    view.setTabKeyNavigation(False)  # Tab leaves the view; arrows move in it
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setToolTip(tip)
    view.setVerticalScrollBar(SteadyScrollBar(view))  # (a step scrolls by one row)
    rows = view.verticalHeader()
    rows.hide()
    rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    rows.setDefaultSectionSize(view.fontMetrics().height() + 6)
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    header.setStretchLastSection(False)
    metrics = view.fontMetrics()
    for column, (title, widest) in enumerate(zip(model.COLUMNS, model.WIDEST, strict=True)):
        if column == stretch:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        else:
            width = max(metrics.horizontalAdvance(text) for text in (title, widest))
            header.resizeSection(column, width + 2 * metrics.averageCharWidth())
    return view
