"""Widgets that change often and draw again only what a person would see change: a
label that relays out nothing unless its height changes, a scroll bar that repaints only
when its handle moves."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractSlider,
    QLabel,
    QScrollBar,
    QSizePolicy,
    QStyle,
    QStyleOptionSlider,
    QWidget,
)


class SteadyText(QWidget):
    """Holds a plain-text QLabel (``label``, named ``name``; word-wrapped if ``wrap``) and
    asks its own layout for room again only when the text needs another size.

    A QLabel in a layout asks for a new layout at every ``setText``, and that request
    climbs to the window: a dock's label that changed at each undo step relaid out the
    main window and repainted its docks each time, about a fifth of a step. Here the
    label has no layout above it; its request reaches this holder, which passes it on
    only when the text needs another height (wrapped: more or fewer lines at this width)
    or, unwrapped, another size ("99,999 users" after "100,000 users").
    """

    def __init__(self, name: str, wrap: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.label = QLabel(self, objectName=name, wordWrap=wrap)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setAutoFillBackground(True)  # opaque: its repaints stop at itself
        if wrap:
            policy = QSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            policy.setHeightForWidth(True)
            self.setSizePolicy(policy)
        self._wrap = wrap
        self._asked = self._needs()

    def text(self) -> str:
        return self.label.text()

    def setText(self, text: str) -> None:
        self.label.setText(text)
        if not self.isVisible():  # Qt posts a hidden widget's parent no LayoutRequest
            self._ask_again()

    def hasHeightForWidth(self) -> bool:
        return self._wrap

    def heightForWidth(self, width: int) -> int:
        return self.label.heightForWidth(width)

    def sizeHint(self) -> QSize:
        return self.label.sizeHint()

    def minimumSizeHint(self) -> QSize:
        if self._wrap:
            return QSize(0, self.label.fontMetrics().height())
        return self.label.minimumSizeHint()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:  # (posted by the label's setText)
            self._ask_again()
            return True
        return super().event(event)

    def _ask_again(self) -> None:
        """Ask the layout above for room again if the text needs another size."""
        needs = self._needs()
        if needs != self._asked:
            self._asked = needs
            self.updateGeometry()

    def resizeEvent(self, event) -> None:
        self.label.setGeometry(self.rect())
        self._asked = self._needs()
        super().resizeEvent(event)

    def _needs(self) -> QSize | int:
        return self.heightForWidth(self.width()) if self._wrap else self.sizeHint()


class SteadyScrollBar(QScrollBar):
    """A scroll bar that skips the repaint of a range or value change that leaves its
    handle where it was: among 100,000 rows or 1,000,000 revisions, a row more or less, or
    a scroll by one row, moves the handle by less than a pixel, and Fusion's scroll bar
    costs about half a millisecond to paint."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._drawn: tuple[QRect, bool] | None = None  # (handle, enabled) when last painted

    def sliderChange(self, change: QAbstractSlider.SliderChange) -> None:
        looks = self._looks()
        if change == QAbstractSlider.SliderChange.SliderOrientationChange or looks != self._drawn:
            self._drawn = looks
            super().sliderChange(change)

    def paintEvent(self, event) -> None:
        self._drawn = self._looks()
        super().paintEvent(event)

    def _looks(self) -> tuple[QRect, bool]:
        option = QStyleOptionSlider()
        self.initStyleOption(option)
        handle = self.style().subControlRect(QStyle.ComplexControl.CC_ScrollBar, option,
                                             QStyle.SubControl.SC_ScrollBarSlider, self)
        return handle, self.minimum() < self.maximum()
