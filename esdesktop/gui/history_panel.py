"""The history panel: every revision of the current branch, and the other branches."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSize, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from esdesktop import Change, History
from esdesktop.domain import Revision
from esdesktop.gui.branch_map import BranchMap
from esdesktop.gui.branch_picker import BranchPicker
from esdesktop.gui.history_link import HistoryLink
from esdesktop.gui.history_model import TimelineModel
from esdesktop.gui.revision_table import table_view
from esdesktop.gui.view_frame import FocusFrame


class HistoryPanel(QWidget):
    """A view (``historyView``) of the current branch, one row per revision, the empty
    root first and the newest last; the cursor's row is bold and marked, branch points
    say so. Clicking or activating a row seeks there; the branch picker switches
    branches (``branch_map`` tells where they are; the slider's marks read it too).
    ``failed`` carries a sentence when a move is refused."""

    failed = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._link = HistoryLink(self, self._on_change)
        self.model = TimelineModel(self)
        self.view = self._make_view()
        self._current_tip: Revision | None = None
        self.branch_map = BranchMap(self)
        self.branch_map.changed.connect(self._show_branches)
        self.branches = BranchPicker(self)
        self.branches.chosen.connect(self._go_to_branch)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._branch_row())
        layout.addWidget(self.view)

    def sizeHint(self) -> QSize:
        return QSize(380, 480)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._follow_cursor(center=True)

    def set_history(self, history: History | None) -> None:
        """Show ``history`` (or nothing), following its changes."""
        self._link.set(history)
        self.model.set_history(history)
        self._current_tip = None  # (of the log shown before)
        self.branch_map.set_history(history)
        self._follow_cursor(center=True)

    def _make_view(self) -> QTableView:
        view = table_view(self, "historyView", self.model, stretch=1, tip=(
            "Click a revision, or select it and press Enter, to go there."))
        view.setAccessibleName("History of this branch")
        FocusFrame(view)
        view.clicked.connect(self._go_to_row)
        view.activated.connect(self._go_to_row)
        return view

    def _branch_row(self) -> QHBoxLayout:
        caption = QLabel("&Branch:", self)
        caption.setBuddy(self.branches)
        row = QHBoxLayout()
        row.addWidget(caption)
        row.addWidget(self.branches, 1)
        return row

    def _go_to_row(self, index: QModelIndex) -> None:
        history = self._link.history
        if history is not None and index.isValid():
            self._link.attempt(f"move to revision {index.row()}", history.seek, index.row())

    def _go_to_branch(self, tip: int) -> None:
        history = self._link.history
        if history is None or tip == history.tip:
            return
        if not self._link.attempt("switch to that branch", history.goto, tip):
            self._show_branches()

    def _on_change(self, change: Change) -> None:
        before = self.model.cursor_row
        step = before is not None and self._in_sight(before)
        self.model.on_change(change)
        after = self.model.cursor_row
        self._follow_cursor(step=step and after is not None and abs(after - before) == 1)

    def _show_branches(self) -> None:
        """The branches as the map knows them. The current tip's revision is read only
        when the tip moved (the map's news may arrive after the log was closed)."""
        history, tips = self._link.history, self.branch_map.known_tips()
        if history is None:
            self._current_tip = None
            self.branches.show_branches([], None)
            return
        if self._current_tip is None or self._current_tip.id != history.tip:
            self._current_tip = history.revision(history.tip)
        self.branches.show_branches(tips, self._current_tip, history.revision)

    def _follow_cursor(self, center: bool = False, step: bool = False) -> None:
        """Make the cursor's row current, and bring it to the middle of the view when it is
        out of sight (or ``center``). A ``step`` from a row in sight to the next one
        scrolls by a row instead, as the arrow keys do: the view then paints one new row,
        where centring painted them all (at every few steps of a held Ctrl+Z)."""
        row = self.model.cursor_row
        if row is None:
            return
        index = self.model.index(row, 0)
        self.view.setAutoScroll(False)  # scrolled below only when out of sight (arrow keys
        self.view.setCurrentIndex(index)  # still scroll: they move the current row themselves)
        self.view.setAutoScroll(True)
        if self.isVisible() and (center or not self._in_sight(row)):
            hint = QAbstractItemView.ScrollHint
            self.view.scrollTo(index, hint.EnsureVisible if step else hint.PositionAtCenter)

    def _in_sight(self, row: int) -> bool:
        return self.view.viewport().rect().contains(self.view.visualRect(self.model.index(row, 0)))
