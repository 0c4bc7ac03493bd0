"""The menu bar and the toolbar, laid out from action ids."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QAction, QActionEvent
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar, QToolButton

RECENT = "recent"  # where File > Open Recent goes
DOCKS = "docks"    # where View lists the docks to show or hide

MENUS = (
    ("&File", ("actionNewLog", "actionOpenLog", RECENT, None, "actionImportCsv",
               "actionLoadSample", "actionExport", "actionBackup", None, "actionVerify", None,
               "actionQuit")),
    ("&Edit", ("actionUndo", "actionRedo", None, "actionNewUser", "actionDeleteUser", None,
               "actionFind")),
    ("&View", (DOCKS, None, "actionFocusTable", "actionFocusTimeline", "actionFocusHistory",
               "actionFocusUserHistory")),
    ("&Help", ("actionAbout",)),
)
TOOLBAR = ("actionUndo", "actionRedo", None, "actionNewUser", "actionDeleteUser", None,
           "actionImportCsv", "actionExport", "actionVerify")


def build_menus(window: QMainWindow, actions: dict[str, QAction], recent: QMenu,
                docks: list[QAction]) -> None:
    """Fill the window's menu bar; ``recent`` and ``docks`` go where MENUS places them."""
    for title, items in MENUS:
        menu = window.menuBar().addMenu(title)
        menu.setObjectName(f"menu{title.replace('&', '')}")
        for item in items:
            if item is None:
                menu.addSeparator()
            elif item == RECENT:
                menu.addMenu(recent)
            elif item == DOCKS:
                menu.addActions(docks)
            else:
                menu.addAction(actions[item])


def build_toolbar(window: QMainWindow, actions: dict[str, QAction]) -> QToolBar:
    bar = window.addToolBar("Main toolbar")
    bar.setObjectName("mainToolBar")
    bar.setIconSize(QSize(20, 20))
    bar.setAccessibleName("Main toolbar")
    for item in TOOLBAR:
        if item is None:
            bar.addSeparator()
        else:
            add_button(bar, actions[item])
    return bar


def add_button(bar: QToolBar, action: QAction) -> "ActionButton":
    """A button on ``bar`` for ``action``, as ``bar.addAction`` would make it."""
    button = ActionButton(action, bar)
    button.setIconSize(bar.iconSize())
    button.setToolButtonStyle(bar.toolButtonStyle())
    bar.iconSizeChanged.connect(button.setIconSize)
    bar.toolButtonStyleChanged.connect(button.setToolButtonStyle)
    bar.addWidget(button)
    return button


class ActionButton(QToolButton):
    """A toolbar button showing ``action``. It follows the action's changes itself:
    QToolButton calls setDefaultAction again on each change, and in Qt 6.11 every call
    adds one more connection to the action's ``changed`` signal, so an action whose text
    changes with every step (Undo, Redo) made each step slower than the one before."""

    def __init__(self, action: QAction, parent=None):
        super().__init__(parent, objectName=f"{action.objectName()}Button")
        self.setAutoRaise(True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # as on a toolbar: the shortcuts serve
        self.setDefaultAction(action)

    def actionEvent(self, event: QActionEvent) -> None:
        action = event.action()
        if event.type() != QEvent.Type.ActionChanged or action is not self.defaultAction():
            super().actionEvent(event)
            return
        self.setText(action.iconText().replace("&", "&&"))
        if action.icon().cacheKey() != self.icon().cacheKey():
            self.setIcon(action.icon())  # (setIcon relayouts the toolbar even for the same)
        self.setToolTip(action.toolTip())
        self.setStatusTip(action.statusTip())
        self.setEnabled(action.isEnabled())
