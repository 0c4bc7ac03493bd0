"""The docks around the centre: timeline (bottom), history and the user's changes (right).

The widgets inside come from timeline.py, history_panel.py and user_history.py; this
module only puts them in QDockWidgets and passes History and the selected user along.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QMainWindow, QWidget

from esdesktop import History
from esdesktop.gui.history_panel import HistoryPanel
from esdesktop.gui.timeline import TimelineWidget
from esdesktop.gui.user_history import UserHistoryView

Area = Qt.DockWidgetArea


class Docks(QWidget):
    """Creates the three docks on ``window`` and relays their ``failed`` sentences."""

    failed = Signal(str)

    def __init__(self, window: QMainWindow):
        super().__init__(window)
        self.hide()  # a holder, not a visible widget
        self.timeline = TimelineWidget()
        self.history = HistoryPanel()
        self.user_history = UserHistoryView()
        self.docks = {
            "timeline": self._dock(window, "timelineDock", "&Timeline", self.timeline,
                                   Area.BottomDockWidgetArea),
            "history": self._dock(window, "historyDock", "&History", self.history,
                                  Area.RightDockWidgetArea),
            "user_history": self._dock(window, "userHistoryDock", "User's &changes",
                                       self.user_history, Area.RightDockWidgetArea),
        }
        for widget in (self.timeline, self.history, self.user_history):
            widget.failed.connect(self.failed)

    def set_history(self, history: History | None) -> None:
        for widget in (self.timeline, self.history, self.user_history):
            widget.set_history(history)

    def set_user(self, user_id: str | None) -> None:
        self.user_history.set_user(user_id)

    def toggle_actions(self) -> list[QAction]:
        """View menu entries that show or hide each dock."""
        return [dock.toggleViewAction() for dock in self.docks.values()]

    def focus(self, name: str, target: QWidget) -> None:
        """Show dock ``name`` if hidden and put the keyboard focus on ``target`` in it."""
        dock = self.docks[name]
        dock.show()
        dock.raise_()
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _dock(self, window: QMainWindow, name: str, title: str, widget: QWidget,
              area: Area) -> QDockWidget:
        dock = QDockWidget(title.replace("&", ""), window, objectName=name)
        dock.setWidget(widget)
        dock.setAccessibleName(title.replace("&", ""))
        action = dock.toggleViewAction()
        action.setObjectName(f"actionShow{name[0].upper()}{name[1:-4]}")
        action.setText(f"Show {title}")
        action.setStatusTip(f"Show or hide the {title.replace('&', '').lower()} panel.")
        action.setToolTip(f"Show or hide the {title.replace('&', '').lower()} panel.")
        window.addDockWidget(area, dock)
        return dock
