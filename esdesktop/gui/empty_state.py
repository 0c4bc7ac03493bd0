"""What the centre shows when there are no users: how to get some."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

BUTTONS = (
    ("&New user", "actionNewUser", "Type in one user's fields in the editor."),
    ("&Import a CSV file…", "actionImportCsv",
     "Columns: username, email, display_name, and optionally role and active."),
    ("&Load the 200 sample users", "actionLoadSample",
     "Fictional users from many countries, to try things out."),
)
MESSAGES = {
    "empty": ("This log has no users yet",
              "Add users in any of these ways. Every change is kept in the log and can be "
              "undone."),
    "behind": ("No users at this revision",
               "The log has later revisions: use Redo or move the timeline to see them. "
               "An edit made here starts a new branch."),
    "closed": ("No log is open",
               "Open a log with File > Open log (Ctrl+O), or start one with File > New log "
               "(Ctrl+N)."),
}


class EmptyState(QWidget):
    """A short explanation and one button per way to add users; each button triggers
    the window's own action, so it is the same command as in the menus."""

    def __init__(self, actions: dict[str, QAction], parent: QWidget | None = None):
        super().__init__(parent, objectName="emptyState")
        self.heading = QLabel(objectName="emptyHeading", wordWrap=True)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.heading.setFont(font)
        self.text = QLabel(objectName="emptyText", wordWrap=True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.addStretch(1)
        layout.addWidget(self.heading)
        layout.addWidget(self.text)
        self.buttons = [self._button(text, actions[action_id], tip, layout)
                        for text, action_id, tip in BUTTONS]
        layout.addStretch(2)
        self.show_for("empty")

    def show_for(self, mode: str) -> None:
        """``mode``: "empty" (a log with no users yet), "behind" (no users at this
        revision, later ones exist) or "closed" (no log is open)."""
        heading, text = MESSAGES[mode]
        self.heading.setText(heading)
        self.text.setText(text)

    def _button(self, text: str, action: QAction, tip: str, layout: QVBoxLayout) -> QPushButton:
        button = QPushButton(text, objectName=f"empty{action.objectName()[6:]}")
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        button.setToolTip(tip)
        button.clicked.connect(action.trigger)
        button.setEnabled(action.isEnabled())
        action.changed.connect(lambda: button.setEnabled(action.isEnabled()))
        layout.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
        return button
