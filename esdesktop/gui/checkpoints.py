"""Checkpoints in the window: the book every view of them reads, and "Add checkpoint"."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from esdesktop import Error, History, ValidationError
from esdesktop.domain import Checkpoint
from esdesktop.gui.history_dialog import HistoryDialog, sentence
from esdesktop.gui.revision_text import label_of, when


class CheckpointBook(QObject):
    """The window's one way to add, rename and remove checkpoints. ``changed`` tells the
    slider's marks, the history panel and the dialogs to read them again."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.history: History | None = None

    def set_history(self, history: History | None) -> None:
        self.history = history
        self.changed.emit()

    def current(self) -> list[Checkpoint]:
        return [] if self.history is None else self.history.checkpoints()

    def on_timeline(self) -> dict[int, list[Checkpoint]]:
        """The checkpoints of the current timeline, by position."""
        found: dict[int, list[Checkpoint]] = {}
        for checkpoint in self.current():
            if self.history.on_timeline(checkpoint.revision):
                position = self.history.revision(checkpoint.revision).depth
                found.setdefault(position, []).append(checkpoint)
        return found

    def notes(self) -> dict[int, str]:
        """Revision id -> the names of its checkpoints, for the history panel."""
        names: dict[int, list[str]] = {}
        for checkpoint in self.current():
            names.setdefault(checkpoint.revision, []).append(checkpoint.name)
        return {revision: ", ".join(found) for revision, found in names.items()}

    def add(self, name: str) -> Checkpoint:
        return self._changing(self.history.checkpoint, name)

    def rename(self, mark: int, name: str) -> Checkpoint:
        return self._changing(self.history.rename_checkpoint, mark, name)

    def remove(self, mark: int) -> Checkpoint:
        return self._changing(self.history.remove_checkpoint, mark)

    def _changing(self, call, *args) -> Checkpoint:
        done = call(*args)
        self.changed.emit()
        return done


class AddCheckpointDialog(HistoryDialog):
    """Names the revision at the cursor. A refused name is explained under the field and
    the dialog stays open; ``added`` carries the new checkpoint."""

    added = Signal(object)

    def __init__(self, parent: QWidget, book: CheckpointBook):
        super().__init__(parent, "addCheckpointDialog", "Add checkpoint")
        self.book = book
        self.target = QLabel(self, objectName="checkpointTarget", wordWrap=True)
        self.target.setTextFormat(Qt.TextFormat.PlainText)
        self.name = QLineEdit(self, objectName="checkpointName", placeholderText="Before the audit")
        self.name.setAccessibleName("Checkpoint name")
        self.name.setToolTip("A name to find this revision by, e.g. “Before the audit”.")
        self.error = QLabel(self, objectName="checkpointError", wordWrap=True)
        self.error.setProperty("role", "error")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Add checkpoint")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.name.textChanged.connect(lambda: self.error.hide())
        caption = QLabel("&Name:", self)
        caption.setBuddy(self.name)
        layout = QVBoxLayout(self)
        for widget in (self.target, caption, self.name, self.error, self.buttons):
            layout.addWidget(widget)
        self.resize(420, self.sizeHint().height())

    def reload(self) -> None:
        history = self.history
        if history is None:
            return
        revision = history.cursor_revision
        self.target.setText(f"The revision shown: {history.position} of {history.length - 1}, "
                            f"“{label_of(revision)}” ({when(revision)}).")

    def showEvent(self, event) -> None:
        self.name.clear()
        self.error.hide()
        super().showEvent(event)
        self.name.setFocus()

    def accept(self) -> None:
        try:
            checkpoint = self.book.add(self.name.text())
        except ValidationError as error:
            self.error.setText(sentence(error.reason))
            self.error.show()
            return
        except Error as error:
            self.failed.emit(f"Could not add the checkpoint: {error}")
            super().reject()
            return
        super().accept()
        self.added.emit(checkpoint)
