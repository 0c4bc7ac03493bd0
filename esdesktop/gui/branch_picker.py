"""The branch picker: every branch of the log by its tip, newest first."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import QComboBox, QWidget

from esdesktop.domain import Revision
from esdesktop.gui.revision_table import Index
from esdesktop.gui.revision_text import details, label_of, when

BRANCH_TIP = "Every branch of the history, by its latest revision. Choose one to go to it."


class BranchList(QAbstractListModel):
    """The tips as rows, newest first. A log may have thousands of branches: a row's
    revision is read (through ``read``) and its text made only when the row is shown.
    ``UserRole`` gives the tip's revision id."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._tips: list[int] = []
        self._current: int | None = None
        self._read: Callable[[int], Revision] | None = None
        self._revisions: dict[int, Revision] = {}

    def show(self, tips: list[int], current: Revision | None,
             read: Callable[[int], Revision] | None) -> None:
        """Rows for ``tips`` (ids); ``current`` is the current branch's tip."""
        self.beginResetModel()
        self._tips = sorted(tips, reverse=True)
        self._current = None if current is None else current.id
        self._read = read
        self._revisions = {} if current is None else {current.id: current}
        self.endResetModel()

    def row_of(self, tip: int | None) -> int:
        return self._tips.index(tip) if tip in self._tips else -1

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._tips)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        tip_id = self._tips[index.row()]
        if role == Qt.ItemDataRole.UserRole:
            return tip_id
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        tip = self._revision(tip_id)
        if role == Qt.ItemDataRole.ToolTipRole:
            return details(tip)
        if tip.id == self._current:
            return f"This branch, up to revision {tip.depth} ({when(tip)})"
        return f"Branch up to revision {tip.depth}: {label_of(tip)} ({when(tip)})"

    def _revision(self, tip: int) -> Revision:
        if tip not in self._revisions:
            self._revisions[tip] = self._read(tip)
        return self._revisions[tip]


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

    def show_branches(self, tips: list[int] | None, current: Revision | None,
                      read: Callable[[int], Revision] | None = None) -> None:
        """``tips``: ids, or None when not known yet (the current branch is shown alone);
        ``read`` reads the revision of a tip when its row is shown."""
        shown = tips if tips is not None else [current.id] if current is not None else []
        self.branch_list.show(shown, current, read)
        self.setCurrentIndex(self.branch_list.row_of(None if current is None else current.id))
        self.setEnabled(tips is not None and len(tips) > 1)
        shown_tip = self.currentData(Qt.ItemDataRole.ToolTipRole)
        self.setToolTip(f"{BRANCH_TIP}\n\nShown: {shown_tip}" if shown_tip else BRANCH_TIP)

    def _on_activated(self, index: int) -> None:
        self.chosen.emit(self.itemData(index))
