"""Marks on the timeline slider's track: checkpoints (flags above) and branch points
(diamonds below); hovering or focusing a position tells that revision's label and time."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, QRect, Qt
from PySide6.QtGui import QColor, QHelpEvent, QPainter, QPolygonF
from PySide6.QtWidgets import QSlider, QStyle, QStyleOptionSlider, QToolTip, QWidget

from esdesktop import Change, History
from esdesktop.gui.checkpoints import CheckpointBook
from esdesktop.gui.history_link import HistoryLink
from esdesktop.gui.revision_text import full_time, label_of

CHECKPOINT_COLOUR = QColor("#2e7d32")
FORK_COLOUR = QColor("#1565c0")  # the style sheet's accent, as in the history panel
SIZE = 5


class TimelineMarks(QWidget):
    """Drawn over ``slider`` (letting every mouse event through to it). It also answers
    the slider's tooltips: the revision under the mouse, or at the handle when the
    slider has the focus and moves."""

    def __init__(self, slider: QSlider, book: CheckpointBook):
        super().__init__(slider, objectName="timelineMarks")
        self.slider, self.book = slider, book
        self.checkpoints: dict[int, list[str]] = {}
        self.forks: list[int] = []
        self._link = HistoryLink(self, self._on_change)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._tips = SliderTips(self)
        slider.installEventFilter(self._tips)
        slider.valueChanged.connect(self._tips.on_value)
        book.changed.connect(self._read_checkpoints)
        slider.setMinimumHeight(max(slider.minimumHeight(), 6 * SIZE + 4))  # room for the marks
        self.resize(slider.size())

    def set_history(self, history: History | None) -> None:
        self._link.set(history)
        self.reload()

    @property
    def history(self) -> History | None:
        return self._link.history

    def reload(self) -> None:
        """Read the checkpoints and branch points of the current timeline again."""
        history = self.history
        self.forks = [] if history is None else history.branch_points()
        self._read_checkpoints()

    def _read_checkpoints(self) -> None:
        self.checkpoints = {position: [c.name for c in found]
                            for position, found in self.book.on_timeline().items()}
        self.update()

    def x_of(self, position: int) -> int:
        """Where ``position`` is on the track, in the slider's coordinates."""
        groove, handle = self._geometry()
        span = groove.width() - handle.width()
        offset = QStyle.sliderPositionFromValue(self.slider.minimum(), self.slider.maximum(),
                                                position, span, self.slider.invertedAppearance())
        return groove.left() + handle.width() // 2 + offset

    def position_at(self, x: int) -> int:
        groove, handle = self._geometry()
        span = groove.width() - handle.width()
        return QStyle.sliderValueFromPosition(self.slider.minimum(), self.slider.maximum(),
                                              x - groove.left() - handle.width() // 2, span,
                                              self.slider.invertedAppearance())

    def paintEvent(self, event) -> None:
        if self.history is None:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        groove, _ = self._geometry()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(FORK_COLOUR)
        for position in self.forks:
            painter.drawPolygon(_diamond(self.x_of(position), groove.bottom() + SIZE))
        painter.setBrush(CHECKPOINT_COLOUR)
        for position in self.checkpoints:
            painter.drawPolygon(_pin(self.x_of(position), groove.top() - 1))

    def _on_change(self, change: Change) -> None:
        self.resize(self.slider.size())
        if not change.timeline:
            return
        history = self.history
        made = history.cursor_revision
        if made.parent != change.left or made.id != history.tip:
            self.reload()  # another branch, or another program's edits: read them all
            return
        # An edit at change.left (the timeline now ends with it): the old timeline beyond
        # change.left is gone, and it forks there if it had a child already.
        fork = [made.depth - 1] if len(history.children(change.left)) > 1 else []
        self.forks = [p for p in self.forks if p < made.depth - 1] + fork
        self._read_checkpoints()

    def _geometry(self) -> tuple[QRect, QRect]:
        option = QStyleOptionSlider()
        self.slider.initStyleOption(option)
        style, control = self.slider.style(), QStyle.ComplexControl.CC_Slider
        groove = style.subControlRect(control, option, QStyle.SubControl.SC_SliderGroove, self.slider)
        handle = style.subControlRect(control, option, QStyle.SubControl.SC_SliderHandle, self.slider)
        return groove, handle


class SliderTips(QObject):
    """The slider's tooltips: what is at a position of the track."""

    def __init__(self, marks: TimelineMarks):
        super().__init__(marks)
        self.marks = marks

    def text(self, position: int) -> str:
        history = self.marks.history
        revision = history.revision_at_position(position)
        lines = [f"Revision {position} of {history.length - 1}: {label_of(revision)}",
                 full_time(revision)]
        names = self.marks.checkpoints.get(position)
        if names:
            lines.append(f"Checkpoint: {', '.join(names)}")
        if position in self.marks.forks:
            lines.append("Branches start here.")
        return "\n".join(lines)

    def on_value(self, value: int) -> None:
        slider = self.marks.slider
        if slider.hasFocus() and not slider.isSliderDown() and self.marks.history is not None:
            point = QPoint(self.marks.x_of(value), slider.height())
            QToolTip.showText(slider.mapToGlobal(point), self.text(value), slider)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.marks.resize(self.marks.slider.size())
        elif event.type() == QEvent.Type.FocusIn:
            self.on_value(self.marks.slider.value())
        elif event.type() == QEvent.Type.ToolTip and self.marks.history is not None:
            help_event: QHelpEvent = event
            position = self.marks.position_at(help_event.pos().x())
            tip = f"{self.text(position)}\n\n{self.marks.slider.toolTip()}"
            QToolTip.showText(help_event.globalPos(), tip, self.marks.slider)
            return True
        return False


def _diamond(x: int, y: int) -> QPolygonF:
    return QPolygonF([QPointF(x, y - SIZE), QPointF(x + SIZE, y), QPointF(x, y + SIZE),
                      QPointF(x - SIZE, y)])


def _pin(x: int, y: int) -> QPolygonF:
    return QPolygonF([QPointF(x, y), QPointF(x - SIZE, y - 2 * SIZE), QPointF(x + SIZE, y - 2 * SIZE)])
