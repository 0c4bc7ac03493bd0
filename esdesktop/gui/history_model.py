"""A lazy table model over the current timeline: rows are read from History in pages."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from esdesktop import Change, History
from esdesktop.domain import Revision
from esdesktop.gui.revision_table import Index, RevisionTable
from esdesktop.gui.revision_text import details, label_of, when

# Rows read at a time. A slider jump shows rows no page holds, and reading one costs
# about 2 µs a row (0.52 ms for 256, 0.14 ms for 64): a page a little larger than a
# screenful of rows.
PAGE = 64
CACHED_PAGES = 256
CURSOR_MARK = "\u25b6 "  # a right-pointing triangle
FORK_COLOUR = QColor("#1565c0")  # the style sheet's accent
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class TimelineModel(RevisionTable):
    """One row per revision of the current timeline, the row number being its position.

    Only the rows a view asks for are read, a page at a time, so a timeline of hundreds
    of thousands of revisions costs a few pages. ``on_change`` turns a History change
    into an append, a reset (the branch changed) or two rows changed (the cursor moved).
    """

    COLUMNS = ("#", "Revision", "When")
    WIDEST = ("000000", "", "00 Mmm 00:00")

    def __init__(self, parent=None):
        super().__init__(parent)
        self._history: History | None = None
        self._length = 0
        self._cursor: int | None = None
        self._pages: dict[int, list[Revision]] = {}
        self._children: dict[int, int] = {}
        self._notes: dict[int, str] = {}  # revision id -> its checkpoints' names
        self._bold = QFont()
        self._bold.setBold(True)

    @property
    def cursor_row(self) -> int | None:
        return self._cursor

    @property
    def loaded_pages(self) -> list[int]:
        """The pages of :data:`PAGE` rows read and kept, oldest first."""
        return list(self._pages)

    def set_history(self, history: History | None) -> None:
        self.beginResetModel()
        self._history = history
        self._reload()
        self.endResetModel()

    def on_change(self, change: Change) -> None:
        if not change.timeline:
            self._move_cursor()
        elif self._is_append(change):
            self._append(change.left)
        else:
            self.set_history(self._history)

    def revision(self, row: int) -> Revision:
        """The revision at ``row`` (its position on the timeline)."""
        page = self._pages.get(row // PAGE)
        if page is None:
            page = self._load(row // PAGE)
        return page[row % PAGE]

    def set_notes(self, notes: dict[int, str]) -> None:
        """Names to show after some revisions' labels (their checkpoints), by revision id."""
        self._notes = notes
        if self._length:
            self.rows_changed(0, self._length - 1)

    def branch_count(self, revision: Revision) -> int:
        """How many branches leave ``revision`` (its children)."""
        if revision.id not in self._children:
            self._children[revision.id] = len(self._history.children(revision.id))
        return self._children[revision.id]

    # -- the model interface ---------------------------------------------------------------

    def row_count(self) -> int:
        return self._length

    def data(self, index: Index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self._history is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(index.row(), index.column())
        if role == Qt.ItemDataRole.FontRole and index.row() == self._cursor:
            return self._bold
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(index.row())
        if role == Qt.ItemDataRole.ForegroundRole and self._is_fork(index.row()):
            return FORK_COLOUR
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 0:
            return RIGHT
        return None

    def multiData(self, index: Index, roles) -> None:
        """The roles a delegate asks for to paint a cell, worked out together: the cell's
        revision is looked up once, not once a role (see ``RevisionTable.multiData``)."""
        cell = self._painted(index) if index.isValid() and self._history is not None else {}
        for role_data in roles:
            role = role_data.role()
            role_data.setData(cell[role] if role in cell else self.data(index, role))

    def _painted(self, index: Index) -> dict:
        row, column = index.row(), index.column()
        return {
            Qt.ItemDataRole.DisplayRole: self._text(row, column),
            Qt.ItemDataRole.FontRole: self._bold if row == self._cursor else None,
            Qt.ItemDataRole.ForegroundRole: FORK_COLOUR if self._is_fork(row) else None,
            Qt.ItemDataRole.TextAlignmentRole: RIGHT if column == 0 else None,
        }

    # -- internals -----------------------------------------------------------------------------

    def _text(self, row: int, column: int) -> str:
        revision = self.revision(row)
        if column == 0:
            return str(row)
        if column == 2:
            return when(revision)
        mark = CURSOR_MARK if row == self._cursor else ""
        branches = self.branch_count(revision)
        fork = f" \u2014 {branches} branches" if branches > 1 else ""
        note = f"  \u2691 {self._notes[revision.id]}" if revision.id in self._notes else ""
        return f"{mark}{label_of(revision)}{fork}{note}"

    def _is_fork(self, row: int) -> bool:
        return self.branch_count(self.revision(row)) > 1

    def _tooltip(self, row: int) -> str:
        revision = self.revision(row)
        notes = [details(revision)]
        if revision.id in self._notes:
            notes.append(f"Checkpoint: {self._notes[revision.id]}")
        if row == self._cursor:
            notes.append("The window shows this revision.")
        if self.branch_count(revision) > 1:
            notes.append(f"{self.branch_count(revision)} branches start here; "
                         "the Branch list switches between them.")
        return "\n".join(notes)

    def _reload(self) -> None:
        self._pages.clear()
        self._children.clear()
        history = self._history
        self._length = 0 if history is None else history.length
        self._cursor = None if history is None else history.position

    def _load(self, page: int) -> list[Revision]:
        if len(self._pages) >= CACHED_PAGES:
            del self._pages[next(iter(self._pages))]
        start = page * PAGE
        rows = self._history.timeline_slice(start, min(start + PAGE, self._length))
        self._pages[page] = rows
        return rows

    def _is_append(self, change: Change) -> bool:
        """An edit at the tip: one new revision, child of the old last row."""
        history = self._history
        return (self._length > 0 and self._cursor == self._length - 1
                and history.length == self._length + 1
                and history.cursor_revision.parent == change.left)

    def _append(self, left: int) -> None:
        self._pages.pop(self._length // PAGE, None)
        self._children.pop(left, None)
        old = self._cursor
        self.beginInsertRows(QModelIndex(), self._length, self._length)
        self._length += 1
        self._cursor = self._history.position
        self.endInsertRows()
        self._row_changed(old)

    def _move_cursor(self) -> None:
        old, self._cursor = self._cursor, self._history.position
        self._row_changed(old)
        self._row_changed(self._cursor)

    def _row_changed(self, row: int | None) -> None:
        if row is not None and 0 <= row < self._length:
            self.rows_changed(row, row)
