"""The branch picker: every branch of the log by its tip, newest first."""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import QComboBox, QWidget

from esdesktop.domain import Revision
from esdesktop.gui.revision_table import Index
from esdesktop.gui.revision_text import details, label_of, when

BRANCH_TIP = "Every branch of the history, by its latest revision. Choose one to go to it."


class BranchList(QAbstractListModel):
    """The tips as rows, newest first; a row's text is made only when it is shown (a log
    may have thousands of branches). ``UserRole`` gives the tip's revision id."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._tips: list[Revision] = []
        self._current: int | None = None

    def show(self, tips: list[Revision], current: int | None) -> None:
        self.beginResetModel()
        self._tips = sorted(tips, key=lambda revision: revision.id, reverse=True)
        self._current = current
        self.endResetModel()

    def row_of(self, tip: int | None) -> int:
        return next((row for row, found in enumerate(self._tips) if found.id == tip), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._tips)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        tip = self._tips[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            if tip.id == self._current:
                return f"This branch, up to revision {tip.depth} ({when(tip)})"
            return f"Branch up to revision {tip.depth}: {label_of(tip)} ({when(tip)})"
        if role == Qt.ItemDataRole.ToolTipRole:
            return details(tip)
        if role == Qt.ItemDataRole.UserRole:
            return tip.id
        return None


class BranchPicker(QComboBox):
    """Every branch of the log by its tip, newest first; choosing one goes to its tip.
    Until the branches are known it shows the current one only, disabled."""

    chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent, objectName="branchPicker")
        self.setAccessibleName("Branches")
        self.setToolTip(BRANCH_TIP)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(12)
        self.branch_list = BranchList(self)
        self.setModel(self.branch_list)
        self.activated.connect(self._on_activated)

    def show_branches(self, tips: list[Revision] | None, current: Revision | None) -> None:
        """``tips`` None: not known yet (the current branch is shown alone)."""
        shown = tips if tips is not None else [current] if current is not None else []
        self.branch_list.show(shown, None if current is None else current.id)
        self.setCurrentIndex(self.branch_list.row_of(None if current is None else current.id))
        self.setEnabled(tips is not None and len(tips) > 1)
        shown_tip = self.currentData(Qt.ItemDataRole.ToolTipRole)
        self.setToolTip(f"{BRANCH_TIP}\n\nShown: {shown_tip}" if shown_tip else BRANCH_TIP)

    def _on_activated(self, index: int) -> None:
        self.chosen.emit(self.itemData(index))
