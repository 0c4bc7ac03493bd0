"""The history panel: every revision of the current branch, and the other branches."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from esdesktop import Change, History
from esdesktop.domain import Revision
from esdesktop.gui.history_link import HistoryLink
from esdesktop.gui.history_model import TimelineModel
from esdesktop.gui.revision_table import table_view
from esdesktop.gui.revision_text import details, label_of, when

BRANCH_TIP = "Every branch of the history, by its latest revision. Choose one to go to it."


class BranchPicker(QComboBox):
    """Every branch of the log by its tip, newest first; choosing one goes to its tip."""

    chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent, objectName="branchPicker")
        self.setAccessibleName("Branches")
        self.setToolTip(BRANCH_TIP)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(12)
        self.activated.connect(self._on_activated)

    def show_branches(self, tips: list[Revision], current: int) -> None:
        self.clear()
        for tip in sorted(tips, key=lambda revision: revision.id, reverse=True):
            text = (f"This branch, up to revision {tip.depth} ({when(tip)})" if tip.id == current
                    else f"Branch up to revision {tip.depth}: {label_of(tip)} ({when(tip)})")
            self.addItem(text, tip.id)
            self.setItemData(self.count() - 1, details(tip), Qt.ItemDataRole.ToolTipRole)
        self.setCurrentIndex(self.findData(current))
        self.setEnabled(len(tips) > 1)
        self.setToolTip(f"{BRANCH_TIP}\n\nShown: {self.currentData(Qt.ItemDataRole.ToolTipRole)}")

    def _on_activated(self, index: int) -> None:
        self.chosen.emit(self.itemData(index))


class HistoryPanel(QWidget):
    """A view (``historyView``) of the current branch, one row per revision, the empty
    root first and the newest last; the cursor's row is bold and marked, branch points
    say so. Clicking or activating a row seeks there; the branch picker switches
    branches. ``failed`` carries a sentence when a move is refused."""

    failed = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._link = HistoryLink(self, self._on_change)
        self.model = TimelineModel(self)
        self.view = self._make_view()
        self.branches = BranchPicker(self)
        self.branches.chosen.connect(self._go_to_branch)
        self._branches_due = QTimer(self, singleShot=True, interval=0)
        self._branches_due.timeout.connect(self._reload_branches)
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
        self._reload_branches()
        self._follow_cursor(center=True)

    def _make_view(self) -> QTableView:
        view = table_view(self, "historyView", self.model, stretch=1, tip=(
            "Click a revision, or select it and press Enter, to go there."))
        view.setAccessibleName("History of this branch")
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
            self._reload_branches()

    def _on_change(self, change: Change) -> None:
        self.model.on_change(change)
        if change.timeline:
            self._branches_due.start()
        self._follow_cursor()

    def _reload_branches(self) -> None:
        history = self._link.history
        if history is None:
            self.branches.clear()
            self.branches.setEnabled(False)
            return
        self.branches.show_branches(history.branch_tips(), history.tip)

    def _follow_cursor(self, center: bool = False) -> None:
        """Make the cursor's row current, and bring it to the middle of the view when it is
        out of sight (or ``center``)."""
        row = self.model.cursor_row
        if row is None:
            return
        index = self.model.index(row, 0)
        self.view.setCurrentIndex(index)
        in_sight = self.view.viewport().rect().contains(self.view.visualRect(index))
        if self.isVisible() and (center or not in_sight):
            self.view.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
