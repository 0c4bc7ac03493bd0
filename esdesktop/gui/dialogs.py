"""The window's one way to tell and ask the person at the keyboard.

Controllers call a :class:`Dialogs`; they never open a QMessageBox or QFileDialog
themselves. Tests substitute a subclass that answers from a script and records what was
said, so controller logic runs without a modal loop.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

TITLE = "esdesktop"


class Busy:
    """A progress window for long work: a busy bar and a sentence. It appears only if the
    work lasts more than a moment, and it keeps the window from taking other commands."""

    def __init__(self, parent: QWidget, text: str):
        self._dialog = QProgressDialog(text, "", 0, 0, parent)
        self._dialog.setWindowTitle(TITLE)
        self._dialog.setCancelButton(None)
        self._dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self._dialog.setMinimumDuration(300)
        self._dialog.setAccessibleName("Progress")
        self._dialog.setValue(0)

    @property
    def text(self) -> str:
        return "" if self._dialog is None else self._dialog.labelText()

    def set_text(self, text: str) -> None:
        if self._dialog is not None:
            self._dialog.setLabelText(text)

    def close(self, *_) -> None:
        if self._dialog is not None:
            self._dialog.reset()
            self._dialog.deleteLater()
            self._dialog = None


class Dialogs:
    """Messages, questions, file choosers and progress, parented to ``parent``."""

    def __init__(self, parent: QWidget):
        self.parent = parent

    def error(self, text: str, details: str | None = None) -> None:
        """Something went wrong: one sentence and a way forward."""
        self._message(QMessageBox.Icon.Warning, text, details)

    def inform(self, text: str, details: str | None = None) -> None:
        self._message(QMessageBox.Icon.Information, text, details)

    def about(self, title: str, html: str) -> None:
        QMessageBox.about(self.parent, title, html)

    def confirm(self, text: str, accept: str) -> bool:
        """Ask a yes/no question; ``accept`` names the action ("Open read-only")."""
        box = QMessageBox(QMessageBox.Icon.Question, TITLE, text, parent=self.parent)
        yes = box.addButton(accept, QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(yes)
        box.exec()
        return box.clickedButton() is yes

    def open_file(self, title: str, folder: str, filters: str) -> str | None:
        path, _ = QFileDialog.getOpenFileName(self.parent, title, folder, filters)
        return path or None

    def save_file(self, title: str, folder: str, filters: str) -> str | None:
        """Choose a file to write. Overwriting is not confirmed here: callers refuse or
        ask themselves, because a log must never be overwritten."""
        path, _ = QFileDialog.getSaveFileName(
            self.parent, title, folder, filters,
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        return path or None

    def busy(self, text: str) -> Busy:
        return Busy(self.parent, text)

    def _message(self, icon: QMessageBox.Icon, text: str, details: str | None) -> None:
        box = QMessageBox(icon, TITLE, text, parent=self.parent)
        box.setTextFormat(Qt.TextFormat.PlainText)
        if details:
            box.setDetailedText(details)
        box.exec()
