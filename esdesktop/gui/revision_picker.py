"""Choose a revision to compare: the cursor, the tip, a checkpoint, or a position."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSpinBox, QWidget

from esdesktop import History
from esdesktop.domain import Checkpoint

POSITION = "position"
FOLLOWING = ("cursor", "tip")  # choices that follow the log as it changes


class RevisionPicker(QWidget):
    """A choice (``<name>Choice``) and, for "a position on this branch", a number
    (``<name>Position``). ``changed`` whenever the revision chosen may differ."""

    changed = Signal()

    def __init__(self, parent: QWidget, name: str, caption: str):
        super().__init__(parent, objectName=name)
        self.choice = QComboBox(self, objectName=f"{name}Choice")
        self.choice.setAccessibleName(caption.replace("&", ""))
        self.choice.setToolTip("The cursor, the tip, a checkpoint, or any position on this branch.")
        self.position = QSpinBox(self, objectName=f"{name}Position")
        self.position.setAccessibleName(f"{caption.replace('&', '')}: position")
        self.position.setToolTip("A position on the current branch (0 is the empty log).")
        label = QLabel(caption, self)
        label.setBuddy(self.choice)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label)
        layout.addWidget(self.choice, 1)
        layout.addWidget(self.position)
        self.choice.currentIndexChanged.connect(self._on_choice)
        self.position.valueChanged.connect(lambda: self.changed.emit())

    def fill(self, history: History, checkpoints: list[Checkpoint]) -> None:
        """Offer the choices for ``history``, keeping the revision chosen if possible."""
        kept = self.choice.currentData() if self.choice.count() else "cursor"
        kept = kept if kept in FOLLOWING else self.revision(history)
        self.choice.blockSignals(True)
        self.choice.clear()
        self.choice.addItem(f"The cursor (position {history.position})", "cursor")
        self.choice.addItem(f"The tip (position {history.length - 1})", "tip")
        for checkpoint in checkpoints:
            self.choice.addItem(f"Checkpoint “{checkpoint.name}”", checkpoint.revision)
        self.choice.addItem("A position on this branch", POSITION)
        self.position.setRange(0, history.length - 1)
        self.choice.blockSignals(False)
        self.choose(history, kept)

    def choose(self, history: History, wanted: int | str) -> None:
        """Show ``wanted``: "cursor" or "tip" (which follow the log), or a revision id,
        shown as its checkpoint, else as the cursor or tip, else as a position on this
        branch, else (on another branch) as itself."""
        quiet = (self.choice, self.position)
        for widget in quiet:
            widget.blockSignals(True)
        index = self._index_for(history, wanted)
        if index < 0 and history.on_timeline(wanted):
            self.position.setValue(history.revision(wanted).depth)
            index = self.choice.findData(POSITION)
        elif index < 0:
            self.choice.insertItem(self.choice.count() - 1,
                                   f"Revision {wanted} (another branch)", wanted)
            index = self.choice.findData(wanted)
        self.choice.setCurrentIndex(index)
        for widget in quiet:
            widget.blockSignals(False)
        self._on_choice()

    def _index_for(self, history: History, wanted: int | str) -> int:
        index = self.choice.findData(wanted)
        for key in FOLLOWING:
            if index < 0 and getattr(history, key) == wanted:
                index = self.choice.findData(key)
        return index

    def revision(self, history: History) -> int:
        data = self.choice.currentData()
        if data in ("cursor", "tip"):
            return getattr(history, data)
        if data == POSITION:
            return history.revision_at_position(self.position.value()).id
        return data

    def _on_choice(self) -> None:
        self.position.setVisible(self.choice.currentData() == POSITION)
        self.changed.emit()
