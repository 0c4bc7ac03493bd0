"""Go to checkpoint: every checkpoint, to go to, rename, remove, or compare two."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from esdesktop import Error, ValidationError
from esdesktop.domain import Checkpoint
from esdesktop.gui.checkpoints import CheckpointBook
from esdesktop.gui.history_dialog import HistoryDialog, sentence
from esdesktop.gui.revision_text import details, label_of, when

MARK = Qt.ItemDataRole.UserRole


class CheckpointsDialog(HistoryDialog):
    """Lists the checkpoints by revision. Enter or "Go to" moves the cursor to the chosen
    one (switching branch if need be); two chosen can be compared (``compare_requested``
    carries their revision ids); rename and remove add records, the old names stay in the log."""

    compare_requested = Signal(int, int)
    moved = Signal(str)

    def __init__(self, parent: QWidget, book: CheckpointBook):
        super().__init__(parent, "checkpointsDialog", "Checkpoints")
        self.book = book
        self.list = self._make_list()
        self.rename_field = QLineEdit(self, objectName="checkpointRename")
        self.rename_field.setAccessibleName("New name")
        self.rename_field.setToolTip("Type a new name for the chosen checkpoint, then Rename.")
        self.error = QLabel(self, objectName="checkpointsError", wordWrap=True)
        self.error.setProperty("role", "error")
        self.buttons = {key: self._button(key, text, tip) for key, text, tip in (
            ("go", "&Go to", "Move the cursor to the chosen checkpoint's revision."),
            ("rename", "&Rename", "Give the chosen checkpoint the name typed beside."),
            ("remove", "Re&move", "Remove the chosen checkpoint (its records stay in the log)."),
            ("compare", "&Compare", "Compare the two chosen checkpoints."),
            ("close", "Close", "Close this window."))}
        book.changed.connect(self.reload)
        self.list.itemSelectionChanged.connect(self._on_selection)
        self._lay_out()
        self.resize(620, 360)

    def reload(self) -> None:
        kept = set(self.chosen())
        self.list.clear()
        self.error.hide()
        history = self.history
        if history is None:
            return
        for checkpoint in self.book.current():
            revision = history.revision(checkpoint.revision)
            here = history.on_timeline(revision.id)
            item = QTreeWidgetItem([checkpoint.name,
                                    str(revision.depth) if here else f"{revision.depth} (other branch)",
                                    label_of(revision), when(revision)])
            item.setData(0, MARK, checkpoint.mark)
            item.setToolTip(0, self._tooltip(checkpoint, details(revision)))
            self.list.addTopLevelItem(item)
            item.setSelected(checkpoint.mark in kept)
        for column in range(self.list.columnCount()):
            self.list.resizeColumnToContents(column)
        self._on_selection()

    def chosen(self) -> list[int]:
        """The marks of the chosen checkpoints, top to bottom."""
        return [item.data(0, MARK) for item in self.list.selectedItems()]

    def _tooltip(self, checkpoint: Checkpoint, revision_text: str) -> str:
        earlier = [r.name for r in self.history.checkpoint_records(checkpoint.mark)
                   if r.name != checkpoint.name]
        names = f"\nEarlier names: {', '.join(dict.fromkeys(earlier))}" if earlier else ""
        return f"Checkpoint “{checkpoint.name}” names:\n{revision_text}{names}"

    def _make_list(self) -> QTreeWidget:
        view = QTreeWidget(self, objectName="checkpointsList")
        view.setHeaderLabels(["Checkpoint", "Position", "Revision", "When"])
        view.setRootIsDecorated(False)
        view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        view.setAccessibleName("Checkpoints")
        view.setToolTip("Enter goes to the chosen checkpoint; choose two (Ctrl+click) to compare.")
        view.itemActivated.connect(lambda *_: self._go())
        return view

    def _button(self, key: str, text: str, tip: str) -> QPushButton:
        button = QPushButton(text, self, objectName=f"checkpoint{key.title()}Button")
        button.setToolTip(tip)
        button.setAutoDefault(False)
        button.clicked.connect(getattr(self, f"_{key}") if key != "close" else self.close)
        return button

    def _lay_out(self) -> None:
        rename = QHBoxLayout()
        caption = QLabel("&New name:", self)
        caption.setBuddy(self.rename_field)
        rename.addWidget(caption)
        rename.addWidget(self.rename_field, 1)
        rename.addWidget(self.buttons["rename"])
        row = QHBoxLayout()
        for key in ("go", "compare", "remove"):
            row.addWidget(self.buttons[key])
        row.addStretch(1)
        row.addWidget(self.buttons["close"])
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addLayout(rename)
        layout.addWidget(self.error)
        layout.addLayout(row)

    def _on_selection(self) -> None:
        chosen = self.chosen()
        writable = self.history is not None and not self.history.readonly
        self.buttons["go"].setEnabled(len(chosen) == 1)
        self.buttons["compare"].setEnabled(len(chosen) == 2)
        for key in ("rename", "remove"):
            self.buttons[key].setEnabled(len(chosen) == 1 and writable)
        items = self.list.selectedItems()
        if len(items) == 1:
            self.rename_field.setText(items[0].text(0))

    def _checkpoint(self, mark: int) -> Checkpoint:
        return next(c for c in self.book.current() if c.mark == mark)

    def _go(self) -> None:
        if len(self.chosen()) == 1:
            checkpoint = self._checkpoint(self.chosen()[0])
            if self.attempt("go to the checkpoint", self.history.goto, checkpoint.revision):
                self.moved.emit(f"At checkpoint “{checkpoint.name}”.")

    def _compare(self) -> None:
        first, second = (self._checkpoint(mark).revision for mark in self.chosen())
        self.compare_requested.emit(first, second)

    def _rename(self) -> None:
        self._change(self.book.rename, self.chosen()[0], self.rename_field.text())

    def _remove(self) -> None:
        self._change(self.book.remove, self.chosen()[0])

    def _change(self, call, *args) -> None:
        try:
            call(*args)
        except ValidationError as error:
            self.error.setText(sentence(error.reason))
            self.error.show()
        except Error as error:
            self.failed.emit(f"Could not change the checkpoint: {error}")
