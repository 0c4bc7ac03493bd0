"""The banner of a read-only window, and the timer that keeps it following the file.

A log is shown read-only when another program holds its write lock, when this user
cannot write the file, when it does not check out, or when asked. The banner says so and
why, and offers to try opening it for writing again. While the log shown is read-only, a
timer asks History every :data:`FOLLOW_MS` to take in what another program wrote
(:meth:`History.refresh`, cheap when nothing changed), so the table, timeline and history
panel show the writer's new revisions as they are saved. A window that can write holds
the lock: nobody else's window writes beside it, so it only looks for changes when it is
activated (and after a conflict).
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QWidget

from esdesktop import Error, History

FOLLOW_MS = 500
OPENED_READ_ONLY = "it was opened read-only"


class ReadOnlyBanner(QLabel):
    """``readOnlyBanner``: visible only while the log shown is read-only. ``reopen`` when
    the person asks to open it for writing; ``failed(sentence)`` when following stops."""

    reopen = Signal()
    failed = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent, objectName="readOnlyBanner", wordWrap=True)
        self._history: History | None = None
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                     | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Read-only")
        self.setToolTip("Open for writing tries again to open this log so that it can be "
                        "changed (once the other window has closed it, or the file can be "
                        "written).")
        self.linkActivated.connect(lambda *_: self.reopen.emit())
        self.timer = QTimer(self, interval=FOLLOW_MS)
        self.timer.timeout.connect(self.follow)
        self.hide()

    def set_history(self, history: History | None) -> None:
        """Show the banner, and follow the file, while ``history`` is read-only."""
        self._history = history
        read_only = history is not None and history.readonly
        if read_only:
            self.explain(OPENED_READ_ONLY)
            self.timer.start()
        else:
            self.timer.stop()
        self.setVisible(read_only)

    def explain(self, reason: str, writer: bool = False) -> None:
        """Say why the log is read-only: ``reason`` completes "team.db is shown read-only
        because …". ``writer``: another program is writing it, and this window follows."""
        history = self._history
        if history is None or not history.readonly:
            return
        follows = (" Its new revisions appear here as they are saved." if writer else "")
        self.setText(
            f"<b>Read-only:</b> {escape(history.path.name)} is shown read-only because "
            f"{escape(reason)}.{follows} You can look around, go back in time, export and "
            "back it up; nothing can be changed in this window. "
            "<a href=\"reopen\">Open for writing</a>")

    @property
    def following(self) -> bool:
        return self.timer.isActive()

    def follow(self) -> bool:
        """Take in what another program wrote since the last look. Returns whether
        anything changed. A failure is told once, and following stops."""
        history = self._history
        if history is None or not self.isVisible():
            return False  # nothing shown, or the window is closed (its log may be too)
        try:
            return history.refresh()
        except Error as error:
            self.timer.stop()
            self.failed.emit(f"This window stopped following {history.path.name}: {error}")
            return False
