"""The timeline: a slider over the current branch, and the banner shown behind the tip."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QSlider, QVBoxLayout, QWidget

from esdesktop import Change, History
from esdesktop.gui.history_link import HistoryLink
from esdesktop.gui.revision_text import details, label_of, when
from esdesktop.gui.steady import SteadyText

PAGE_STEP = 10
SLIDER_TIP = ("Drag to move through the history. Keys: Left and Right step one revision, "
              f"Page Up and Page Down {PAGE_STEP}, Home and End go to the start and the latest.")


class TimelineWidget(QWidget):
    """A slider (``timelineSlider``) over the current timeline and a label saying where
    the cursor is: "Revision 120 of 340 · Change email of alice · 10:42".

    Moving the slider seeks. Requests are coalesced: only the latest value asked for is
    sought, once the event loop is free, so scrubbing never queues stale positions.
    ``failed`` carries a sentence when a seek is refused.
    """

    failed = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._link = HistoryLink(self, self._on_change)
        self._requested: int | None = None
        self._syncing = False
        self._slider = self._make_slider()
        self._text = SteadyText("timelineLabel", wrap=True)  # changes at every step: no relayout
        self._label = self._text.label
        self._timer = QTimer(self, singleShot=True, interval=0)
        self._timer.timeout.connect(self._seek_requested)
        layout = QVBoxLayout(self)
        layout.addWidget(self._slider)
        layout.addWidget(self._text)
        layout.addStretch(1)
        self._sync()

    @property
    def slider(self) -> QSlider:
        return self._slider

    @property
    def label_text(self) -> str:
        return self._label.text()

    @property
    def requested(self) -> int | None:
        """The position asked for and not yet sought (None once it has been)."""
        return self._requested

    def set_history(self, history: History | None) -> None:
        """Show ``history`` (or nothing), following its changes."""
        self._link.set(history)
        self._requested = None
        self._timer.stop()
        self._sync()

    def _make_slider(self) -> QSlider:
        slider = QSlider(Qt.Orientation.Horizontal, objectName="timelineSlider")
        slider.setSingleStep(1)
        slider.setPageStep(PAGE_STEP)
        slider.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        slider.setAccessibleName("Timeline")
        slider.setToolTip(SLIDER_TIP)
        slider.setAutoFillBackground(True)  # opaque: moving the handle repaints no dock
        slider.valueChanged.connect(self._request)
        return slider

    def _request(self, value: int) -> None:
        if self._syncing:
            return
        self._requested = value
        self._timer.start()

    def _seek_requested(self) -> None:
        history, value = self._link.history, self._requested
        self._requested = None
        if history is None or value is None:
            return
        if not self._link.attempt(f"move to revision {value}", history.seek, value):
            self._sync()

    def _on_change(self, change: Change) -> None:
        self._requested = None  # the change is newer than any request still waiting
        self._timer.stop()
        self._sync()

    def _sync(self) -> None:
        history = self._link.history
        self._syncing = True
        try:
            self._show(history)
        finally:
            self._syncing = False

    def _show(self, history: History | None) -> None:
        self._slider.setEnabled(history is not None)
        if history is None:
            self._slider.setRange(0, 0)
            self._label.setText("No log is open.")
            self._label.setToolTip("")
            return
        revision, last = history.cursor_revision, self._link.length() - 1
        self._slider.setRange(0, last)
        self._slider.setValue(history.position)
        text = f"Revision {history.position} of {last} · {label_of(revision)} · {when(revision)}"
        self._label.setText(text)
        self._label.setToolTip(details(revision))
        self._slider.setAccessibleDescription(text)


class BehindTipBanner(QLabel):
    """A plain warning (``behindTipBanner``), visible only while the cursor is behind the
    tip, with a "Go to latest" link that moves the cursor to the tip."""

    failed = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent, objectName="behindTipBanner", wordWrap=True)
        self._link = HistoryLink(self, self._on_change)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                     | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Looking at the past")
        self.setToolTip("Go to latest returns to the newest revision of this branch.")
        self.linkActivated.connect(self.go_to_latest)
        self.hide()

    def set_history(self, history: History | None) -> None:
        self._link.set(history)
        self._sync()

    def go_to_latest(self, *_) -> None:
        """Move the cursor to the tip of the current branch."""
        history = self._link.history
        if history is not None:
            self._link.attempt("go to the latest revision", history.seek, self._link.length() - 1)

    def _on_change(self, change: Change) -> None:
        self._sync()

    def _sync(self) -> None:
        history = self._link.history
        behind = history is not None and history.position < self._link.length() - 1
        if behind and self.text() != self._message(history):
            self.setText(self._message(history))
        self.setVisible(behind)

    @staticmethod
    def _message(history: History) -> str:
        """The same at every step through the past (the timeline says which revision): a
        rich text that changed at each step cost each step a new layout of the window's
        centre, about as much as all the rest of the step."""
        consequence = ("This log is open read-only, so nothing can be changed here."
                       if history.readonly else
                       "An edit here starts a new branch; the later revisions stay in the "
                       "log and can be gone to again.")
        return f"<b>You are looking at the past.</b> {consequence} <a href=\"latest\">Go to latest</a>"
