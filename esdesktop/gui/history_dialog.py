"""A dialog that follows a History: the base of the "beyond undo" dialogs."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QWidget

from esdesktop import Change, History
from esdesktop.gui.history_link import HistoryLink


class HistoryDialog(QDialog):
    """Shows something of a History and reloads it after every change; ``failed`` carries
    a sentence when a History call is refused. Subclasses override :meth:`reload`."""

    failed = Signal(str)

    def __init__(self, parent: QWidget, name: str, title: str):
        super().__init__(parent, objectName=name)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.link = HistoryLink(self, self._on_change)

    @property
    def history(self) -> History | None:
        return self.link.history

    def set_history(self, history: History | None) -> None:
        self.link.set(history)
        self.reload()

    def attempt(self, what: str, call, *args) -> bool:
        return self.link.attempt(what, call, *args)

    def reload(self) -> None:
        """Read what the dialog shows from :attr:`history` again."""

    def _on_change(self, change: Change) -> None:
        if self.isVisible():
            self.reload()

    def showEvent(self, event) -> None:
        self.reload()
        super().showEvent(event)


def sentence(reason: str) -> str:
    """A validation reason ("already exists") as a sentence for an inline message."""
    return f"{reason[:1].upper()}{reason[1:]}."
