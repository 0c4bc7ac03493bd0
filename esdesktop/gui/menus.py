"""The menu bar and the toolbar, laid out from action ids."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar

RECENT = "recent"  # where File > Open Recent goes
DOCKS = "docks"    # where View lists the docks to show or hide

MENUS = (
    ("&File", ("actionNewLog", "actionOpenLog", RECENT, None, "actionImportCsv",
               "actionLoadSample", "actionExport", None, "actionVerify", None, "actionQuit")),
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
            bar.addAction(actions[item])
    return bar
