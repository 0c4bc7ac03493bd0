"""Compare: what differs between two revisions, users added, removed and changed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from esdesktop import Error
from esdesktop.domain import User
from esdesktop.gui.checkpoints import CheckpointBook
from esdesktop.gui.history_dialog import HistoryDialog
from esdesktop.gui.revision_picker import RevisionPicker
from esdesktop.gui.revision_text import label_of, when
from esdesktop.gui.user_history import show_value
from esdesktop.history.compare import Diff

SHOWN_PER_GROUP = 500  # rows beyond this are counted, not listed
NONE = "\u2014"


def summary(user: User) -> str:
    return f"{user.email}, {user.display_name}, {user.role}" + ("" if user.active else ", inactive")


class CompareDialog(HistoryDialog):
    """Two revision pickers (From, To; by default the cursor and the tip) and what differs
    between them, grouped: added, removed, changed (each field old → new). It compares
    again whenever a choice or the log changes."""

    def __init__(self, parent: QWidget, book: CheckpointBook):
        super().__init__(parent, "compareDialog", "Compare revisions")
        self.book = book
        self.first = RevisionPicker(self, "compareFrom", "&From:")
        self.second = RevisionPicker(self, "compareTo", "&To:")
        self.summary = QLabel(self, objectName="compareSummary", wordWrap=True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.results = QTreeWidget(self, objectName="compareResults")
        self.results.setHeaderLabels(["User / field", "From", "To"])
        self.results.setAccessibleName("Differences")
        self.results.setToolTip("Users added, removed and changed between the two revisions.")
        self.result: Diff | None = None
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        for picker in (self.first, self.second):
            picker.changed.connect(self.refresh)
        book.changed.connect(self.reload)
        layout = QVBoxLayout(self)
        for widget in (self.first, self.second, self.summary):
            layout.addWidget(widget)
        layout.addWidget(self.results, 1)
        layout.addWidget(buttons)
        self.resize(760, 520)

    def compare(self, first: int | str, second: int | str) -> None:
        """Show the differences from ``first`` to ``second``: revision ids, or "cursor"
        and "tip" to follow those."""
        self.reload()
        self.first.blockSignals(True)
        self.first.choose(self.history, first)
        self.first.blockSignals(False)
        self.second.choose(self.history, second)

    def reload(self) -> None:
        history = self.history
        if history is None:
            return
        fresh = self.first.choice.count() == 0
        for picker in (self.first, self.second):
            picker.blockSignals(True)
            picker.fill(history, self.book.current())
        if fresh:
            self.second.choose(history, "tip")
        for picker in (self.first, self.second):
            picker.blockSignals(False)
        self.refresh()

    def refresh(self) -> None:
        history = self.history
        if history is None or not self.first.choice.count() or not self.second.choice.count():
            return
        a, b = self.first.revision(history), self.second.revision(history)
        try:
            self.result = history.diff(a, b)
        except Error as error:
            self.summary.setText(f"Could not compare: {error}")
            return
        self.summary.setText(self._summary(a, b))
        self._show(self.result)

    def _summary(self, a: int, b: int) -> str:
        history, found = self.history, self.result
        ends = " to ".join(f"revision {r.depth} “{label_of(r)}” ({when(r)})"
                           for r in (history.revision(a), history.revision(b)))
        if found.empty:
            return f"From {ends}: no differences."
        return (f"From {ends}: {len(found.added)} added, {len(found.removed)} removed, "
                f"{len(found.changed)} changed.")

    def _show(self, found: Diff) -> None:
        self.results.clear()
        self._group("Added", [(u.username, NONE, summary(u)) for u in found.added])
        self._group("Removed", [(u.username, summary(u), NONE) for u in found.removed])
        changed = self._group("Changed", [(c.username, "", "") for c in found.changed])
        for item, change in zip(_children(changed)[:SHOWN_PER_GROUP], found.changed, strict=False):
            for field, (old, new) in change.fields.items():
                item.addChild(QTreeWidgetItem([field.replace("_", " "), show_value(old),
                                               show_value(new)]))
        self.results.expandAll()
        for column in range(3):
            self.results.resizeColumnToContents(column)

    def _group(self, title: str, rows: list[tuple[str, str, str]]) -> QTreeWidgetItem | None:
        if not rows:
            return None
        group = QTreeWidgetItem([f"{title} ({len(rows)})", "", ""])
        for row in rows[:SHOWN_PER_GROUP]:
            group.addChild(QTreeWidgetItem(list(row)))
        if len(rows) > SHOWN_PER_GROUP:
            group.addChild(QTreeWidgetItem([f"… and {len(rows) - SHOWN_PER_GROUP} more", "", ""]))
        self.results.addTopLevelItem(group)
        return group


def _children(group: QTreeWidgetItem | None) -> list[QTreeWidgetItem]:
    return [] if group is None else [group.child(i) for i in range(group.childCount())]
