"""Marks on the timeline slider's track: checkpoints (flags above) and branch points
(diamonds below); hovering or focusing a position tells that revision's label and time."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, QRect, Qt
from PySide6.QtGui import QColor, QHelpEvent, QPainter, QPixmap, QPolygonF
from PySide6.QtWidgets import QSlider, QStyle, QStyleOptionSlider, QToolTip, QWidget

from esdesktop import Change, History
from esdesktop.gui.branch_map import BranchMap
from esdesktop.gui.checkpoints import CheckpointBook
from esdesktop.gui.history_link import HistoryLink
from esdesktop.gui.revision_text import full_time, label_of

CHECKPOINT_COLOUR = QColor("#2e7d32")
FORK_COLOUR = QColor("#1565c0")  # the style sheet's accent, as in the history panel
SIZE = 5


class TimelineMarks(QWidget):
    """Drawn over ``slider`` (letting every mouse event through to it). It also answers
    the slider's tooltips: the revision under the mouse, or at the handle when the
    slider has the focus and moves.

    The slider repaints whenever its handle moves, and this overlay with it; the marks
    (thousands of branch points on a big log) are drawn once into a picture, drawn again
    only when they, the size or the slider's range change. Branch points come from
    ``branches``, which reads them off the GUI thread: until they arrive none are drawn."""

    def __init__(self, slider: QSlider, book: CheckpointBook, branches: BranchMap):
        super().__init__(slider, objectName="timelineMarks")
        self.slider, self.book, self.branches = slider, book, branches
        self.checkpoints: dict[int, list[str]] = {}
        self._picture: tuple[tuple, QPixmap] | None = None  # (what it shows, the picture)
        self._link = HistoryLink(self, self._on_change)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._tips = SliderTips(self)
        slider.installEventFilter(self._tips)
        slider.valueChanged.connect(self._tips.on_value)
        book.changed.connect(self._read_checkpoints)
        branches.changed.connect(self._redraw)
        slider.setMinimumHeight(max(slider.minimumHeight(), 6 * SIZE + 4))  # room for the marks
        self.resize(slider.size())

    def set_history(self, history: History | None) -> None:
        self._link.set(history)
        self._read_checkpoints()

    @property
    def history(self) -> History | None:
        return self._link.history

    @property
    def forks(self) -> list[int]:
        """The branch points of the current timeline (read now if not known yet)."""
        return self.branches.forks()

    def _read_checkpoints(self) -> None:
        self.checkpoints = {position: [c.name for c in found]
                            for position, found in self.book.on_timeline().items()}
        self._redraw()

    def _redraw(self) -> None:
        self._picture = None
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
        shows = (self.size(), self.devicePixelRatioF(), self.slider.minimum(),
                 self.slider.maximum())
        if self._picture is None or self._picture[0] != shows:
            self._picture = (shows, self._draw())
        QPainter(self).drawPixmap(0, 0, self._picture[1])

    def _draw(self) -> QPixmap:
        ratio = self.devicePixelRatioF()
        picture = QPixmap(self.size() * ratio)
        picture.setDevicePixelRatio(ratio)
        picture.fill(Qt.GlobalColor.transparent)
        painter = QPainter(picture)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        groove, _ = self._geometry()
        painter.setBrush(FORK_COLOUR)
        for x in self._xs(self.branches.known_forks() or ()):
            painter.drawPolygon(_diamond(x, groove.bottom() + SIZE))
        painter.setBrush(CHECKPOINT_COLOUR)
        for x in self._xs(self.checkpoints):
            painter.drawPolygon(_pin(x, groove.top() - 1))
        painter.end()
        return picture

    def _xs(self, positions) -> list[int]:
        """Where ``positions`` are on the track, each place once."""
        groove, handle = self._geometry()
        span, low, high = groove.width() - handle.width(), self.slider.minimum(), self.slider.maximum()
        left, inverted = groove.left() + handle.width() // 2, self.slider.invertedAppearance()
        return sorted({left + QStyle.sliderPositionFromValue(low, high, position, span, inverted)
                       for position in positions})

    def _on_change(self, change: Change) -> None:
        self.resize(self.slider.size())
        if change.timeline:
            self._read_checkpoints()  # (the branch points follow ``branches``)

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
        if position in (self.marks.branches.known_forks() or ()):
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
