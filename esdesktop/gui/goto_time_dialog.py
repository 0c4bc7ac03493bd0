"""Go to time: a local date and time in, the last revision made at or before it out."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDateTime, Qt, Signal
from PySide6.QtWidgets import QDateTimeEdit, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from esdesktop import Error
from esdesktop.gui.history_dialog import HistoryDialog
from esdesktop.gui.revision_text import label_of, when

FORMAT = "yyyy-MM-dd HH:mm"


def end_of_minute(moment: QDateTime) -> datetime:
    """The last instant of the minute shown, as a naive local datetime (what
    History.revision_at takes as local time). The field shows minutes, as the history
    does, so "10:42" takes in every revision made during 10:42."""
    local = moment.toLocalTime()
    date, time = local.date(), local.time()
    return datetime(date.year(), date.month(), date.day(), time.hour(), time.minute(), 59, 999999)


class GoToTimeDialog(HistoryDialog):
    """Asks for a local date and time and shows, as it is typed, which revision of the
    current timeline that is (the last made at or before it). Go moves the cursor there;
    ``moved`` carries a sentence for the status bar."""

    moved = Signal(str)

    def __init__(self, parent: QWidget):
        super().__init__(parent, "goToTimeDialog", "Go to time")
        self.time = QDateTimeEdit(self, objectName="goToTimeEdit", calendarPopup=True)
        self.time.setDisplayFormat(FORMAT)
        self.time.setAccessibleName("Date and time")
        self.time.setToolTip("A local date and time. The window will show the log as it was "
                             "then: the last revision made up to the end of that minute.")
        self.preview = QLabel(self, objectName="goToTimePreview", wordWrap=True)
        self.preview.setTextFormat(Qt.TextFormat.PlainText)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Go")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.time.dateTimeChanged.connect(self._show_target)
        caption = QLabel("&Date and time (local):", self)
        caption.setBuddy(self.time)
        layout = QVBoxLayout(self)
        for widget in (caption, self.time, self.preview, self.buttons):
            layout.addWidget(widget)
        self.resize(440, self.sizeHint().height())

    def reload(self) -> None:
        history = self.history
        if history is not None:
            self.time.setDateTime(QDateTime.fromSecsSinceEpoch(
                int(history.cursor_revision.time.timestamp())))
            self._show_target()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.time.setFocus()

    def target(self) -> int | None:
        """The revision the chosen time names (None, and a sentence shown, if refused)."""
        try:
            return self.history.revision_at(end_of_minute(self.time.dateTime()))
        except Error as error:
            self.preview.setText(str(error))
            return None

    def accept(self) -> None:
        target = self.target()
        if target is None:
            return
        if self.attempt("go to that time", self.history.goto, target):
            super().accept()
            history = self.history
            self.moved.emit(f"At revision {history.position} of {history.length - 1}, the last "
                            f"made by {self.time.dateTime().toString(FORMAT)}.")

    def _show_target(self) -> None:
        if self.history is None:
            return
        target = self.target()
        if target is None:
            return
        revision = self.history.revision(target)
        if revision.depth == 0:
            self.preview.setText("Nothing had been recorded by then: the empty log.")
            return
        self.preview.setText(f"Revision {revision.depth} of {self.history.length - 1}: "
                             f"“{label_of(revision)}”, made {when(revision)}.")
