"""The frame of the users table and of the history view, drawn by Qt's own frame rather
than by the style sheet.

Both views had their 1 px border, and the 2 px accent border that shows keyboard focus,
from the style sheet. A border given to a scroll area by a style sheet makes Qt paint
the view through the style sheet at each update: an undo or redo step took 3.9 to 4.4
ms (p50, 150 steps each way on the benchmark log) with those borders and 1.5 to 1.7 ms
without. A plain box frame in the palette's WindowText colour, one pixel wide or two
while the view has focus, draws the same lines and costs nothing a step.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QAbstractScrollArea, QFrame

LINE = QColor("#b0bec5")  # the style sheet's lines
ACCENT = QColor("#1565c0")  # and its accent, which marks focus


class FocusFrame(QObject):
    """Frames ``view`` in :data:`LINE`, 1 px wide, or in :data:`ACCENT`, 2 px wide, while
    it has keyboard focus."""

    def __init__(self, view: QAbstractScrollArea):
        super().__init__(view)
        view.setFrameShape(QFrame.Shape.Box)
        view.setFrameShadow(QFrame.Shadow.Plain)
        view.installEventFilter(self)
        self._draw(view, view.hasFocus())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.FocusIn, QEvent.Type.FocusOut):
            self._draw(watched, event.type() == QEvent.Type.FocusIn)
        return False

    @staticmethod
    def _draw(view: QAbstractScrollArea, focused: bool) -> None:
        palette = view.palette()
        palette.setColor(QPalette.ColorRole.WindowText, ACCENT if focused else LINE)
        view.setPalette(palette)
        view.setLineWidth(2 if focused else 1)
