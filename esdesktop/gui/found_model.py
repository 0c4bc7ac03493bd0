"""The results of a find in history, read from History a page at a time."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from esdesktop import History
from esdesktop.gui.revision_table import Index, RevisionTable
from esdesktop.gui.revision_text import details, label_of, when
from esdesktop.history.search import Found, Query

PAGE = 100
OFF_BRANCH_COLOUR = QColor("#78909c")


class FoundModel(RevisionTable):
    """One row per matching revision, oldest first, over every branch. Only the pages a
    view shows are read (``History.find`` with LIMIT/OFFSET); the count comes first."""

    COLUMNS = ("Position", "Revision", "When")
    WIDEST = ("0000000 (other branch)", "", "00 Mmm 0000 00:00")

    def __init__(self, parent=None):
        super().__init__(parent)
        self._history: History | None = None
        self._query: Query | None = None
        self._count = 0
        self._pages: dict[int, list[Found]] = {}

    @property
    def count(self) -> int:
        return self._count

    @property
    def loaded_pages(self) -> list[int]:
        return sorted(self._pages)

    def search(self, history: History | None, query: Query | None) -> None:
        """Show the revisions of ``history`` matching ``query`` (None: nothing). Raises
        the esdesktop error of a refused query, showing nothing."""
        self.beginResetModel()
        self._history, self._query, self._pages, self._count = history, None, {}, 0
        try:
            if history is not None and query is not None:
                self._count = history.count_found(query)
                self._query = query
        finally:
            self.endResetModel()

    def found(self, row: int) -> Found:
        page = self._pages.get(row // PAGE)
        if page is None:
            page = self._pages[row // PAGE] = self._history.find(
                self._query, limit=PAGE, offset=(row // PAGE) * PAGE)
        return page[row % PAGE]

    def row_count(self) -> int:
        return self._count

    def data(self, index: Index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self._query is None:
            return None
        found = self.found(index.row())
        revision = found.revision
        if role == Qt.ItemDataRole.DisplayRole:
            where = str(revision.depth) if found.on_timeline else f"{revision.depth} (other branch)"
            return (where, label_of(revision), when(revision))[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            branch = "" if found.on_timeline else "\nOn another branch: going there switches to it."
            return details(revision) + branch
        if role == Qt.ItemDataRole.ForegroundRole and not found.on_timeline:
            return OFF_BRANCH_COLOUR
        return None
