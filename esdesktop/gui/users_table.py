"""The users table's view: a QTableView that repaints only what a change shows.

A QTableView answers every row inserted or removed by laying itself out again and
repainting everything in sight, wherever the row was: on the 100,000-user log nearly
every undo or redo of a create or a delete changed a row far below the rows shown, and
the repaint (about 125 cells) cost more than all the rest of the step. Here rows that come
and go below the last row in sight only set the scroll bar's range; a change at or above it
(the rows in sight shift) repaints as before. Its scroll bar repaints only when its
handle moves (see :class:`SteadyScrollBar`). Its frame is its own (see :class:`FocusFrame`).
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from esdesktop.gui.steady import SteadyScrollBar
from esdesktop.gui.view_frame import FocusFrame


class UsersTable(QTableView):
    """The users table (``usersTable``). Call :meth:`setModel` as usual."""

    def __init__(self, parent=None):
        super().__init__(parent, objectName="usersTable")
        self.setVerticalScrollBar(SteadyScrollBar(self))
        FocusFrame(self)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # one height
        # Whether the next layout may skip the repaint: None (nothing known), True (only
        # rows out of sight changed), False (something in sight did): False holds.
        self._quiet: bool | None = None

    def setModel(self, model: QAbstractItemModel) -> None:
        self._quiet = False
        super().setModel(model)
        model.rowsAboutToBeInserted.connect(lambda _parent, first, _last: self._rows_from(first))
        model.rowsAboutToBeRemoved.connect(lambda _parent, first, _last: self._rows_from(first))
        model.rowsAboutToBeMoved.connect(
            lambda _p, first, _l, _d, to: self._rows_from(min(first, to)))
        for signal in (model.modelAboutToBeReset, model.layoutAboutToBeChanged,
                       model.columnsAboutToBeInserted, model.columnsAboutToBeRemoved):
            signal.connect(self._in_sight)
        # After a reset Qt paints at once and lays out a moment later, which repaints it
        # all again (a second ~125 cells at every slider jump): lay out now, paint once.
        model.modelReset.connect(self.executeDelayedItemsLayout)

    def doItemsLayout(self) -> None:
        """Qt lays the rows out again after rows come or go; repaint only if that shows."""
        quiet, self._quiet = self._quiet, None
        if not quiet:
            super().doItemsLayout()
            return
        self._fit_scroll_bar()
        if not self.verticalHeader().updatesEnabled():  # (as QTableView does after a removal)
            self.verticalHeader().setUpdatesEnabled(True)

    def _fit_scroll_bar(self) -> None:
        """The scroll bar's range for the rows there are now, as QTableView's
        ``updateGeometries`` sets it when it scrolls a row at a time and rows are all one
        height (the rows that fit in sight are the last page).

        The scroll area answers a range change a moment later by laying its scroll bars
        out again, which repaints them and the table's frame (a millisecond or two). When
        the range stays open and the value inside it (rows came or went below sight),
        there is nothing for that to do, so the change is made without telling it."""
        if self.verticalScrollMode() != QAbstractItemView.ScrollMode.ScrollPerItem:
            self.updateGeometries()
            return
        bar, rows = self.verticalScrollBar(), self.model().rowCount()
        top = rows - min(rows, self.viewport().height() // self.verticalHeader().defaultSectionSize())
        was_blocked = bar.blockSignals(bar.maximum() > 0 and top > 0 and bar.value() <= top)
        bar.setRange(0, top)
        bar.blockSignals(was_blocked)

    def _rows_from(self, first: int) -> None:
        """Rows change from row ``first`` on: only rows in sight, or above, show it."""
        last_in_sight = self.rowAt(self.viewport().height() - 1)
        if last_in_sight < 0 or first <= last_in_sight:
            self._in_sight()
        elif self._quiet is None:
            self._quiet = True

    def _in_sight(self, *_) -> None:
        self._quiet = False
