"""Beyond undo in the window: restore from history, deleted users, go to a time,
checkpoints, compare, find in history, and the slider's marks.

:class:`BeyondUndo` declares its actions and its "History" menu, adds the "Find in
history" dock and the marks, and hooks into the existing docks (the user's changes, the
history panel, the timeline slider) without their code knowing more than a few words."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QToolBar

from esdesktop import History
from esdesktop.gui.actions import ActionSpec, create_actions
from esdesktop.gui.checkpoints import AddCheckpointDialog, CheckpointBook
from esdesktop.gui.checkpoints_dialog import CheckpointsDialog
from esdesktop.gui.compare_dialog import CompareDialog
from esdesktop.gui.deleted_users import DeletedUsersDialog
from esdesktop.gui.goto_time_dialog import GoToTimeDialog
from esdesktop.gui.history_dialog import HistoryDialog
from esdesktop.gui.history_search import HistorySearch
from esdesktop.gui.menus import add_button
from esdesktop.gui.restore_actions import RestoreFromHistory
from esdesktop.gui.timeline_marks import TimelineMarks

SPECS = (
    ActionSpec("actionGoToTime", "&Go to time…",
               "Show the log as it was at a date and time: the last revision made by then.",
               "goto-time", ("Ctrl+T",)),
    ActionSpec("actionGoToCheckpoint", "Go to chec&kpoint…",
               "List the checkpoints: go to one, rename or remove it, or compare two.",
               None, ("Ctrl+Shift+K",)),
    ActionSpec("actionAddCheckpoint", "&Add checkpoint…",
               "Give the revision shown a name, to find it again.", "checkpoint", ("Ctrl+K",)),
    ActionSpec("actionCompare", "&Compare revisions…",
               "See what differs between two revisions (at first, the one shown and the newest).",
               "compare", ("Ctrl+Shift+C",)),
    ActionSpec("actionFindInHistory", "&Find in history…",
               "Search every revision of the log by text, user, field or date.", "search",
               ("Ctrl+Shift+F",)),
    ActionSpec("actionDeletedUsers", "&Deleted users…",
               "The users deleted on the way to the revision shown; bring one back."),
    ActionSpec("actionRestoreVersion", "&Restore this version",
               "Bring the user back to how it was at the change chosen in the user's changes.",
               "restore", ("Ctrl+Shift+R",)),
    ActionSpec("actionRestoreValue", "Restore this &value",
               "Bring back only the value of the change chosen in the user's changes."),
)
MENU = ("actionGoToTime", "actionGoToCheckpoint", "actionAddCheckpoint", None, "actionCompare",
        "actionFindInHistory", None, "actionDeletedUsers", "actionRestoreVersion",
        "actionRestoreValue")
TOOLBAR = ("actionGoToTime", "actionAddCheckpoint", "actionCompare")
READS = ("actionGoToTime", "actionGoToCheckpoint", "actionCompare", "actionFindInHistory",
         "actionDeletedUsers")
DIALOGS = {"time": GoToTimeDialog, "deleted": DeletedUsersDialog}
BOOK_DIALOGS = {"add": AddCheckpointDialog, "checkpoints": CheckpointsDialog,
                "compare": CompareDialog}


class BeyondUndo(QObject):
    """Everything of "beyond undo" on ``window`` (a MainWindow: its docks, pane, actions,
    dialogs service and status bar). The window calls :meth:`set_history`."""

    def __init__(self, window: QMainWindow):
        super().__init__(window)
        self.window = window
        self.history: History | None = None
        self.actions = create_actions(window, SPECS)
        window.actions.update(self.actions)
        self.book = CheckpointBook(self)
        self.search = HistorySearch()
        self.search_dock = self._search_dock()
        self.marks = TimelineMarks(window.docks.timeline.slider, self.book,
                                   window.docks.history.branch_map)
        self.restore = RestoreFromHistory(window.docks.user_history,
                                          self.actions["actionRestoreVersion"],
                                          self.actions["actionRestoreValue"])
        self.dialogs: dict[str, HistoryDialog] = {}
        self.compare_row = self._compare_row_action()
        self._build_menu()
        self._connect()

    def set_history(self, history: History | None) -> None:
        self.history = history
        for part in (self.book, self.search, self.marks, self.restore, *self.dialogs.values()):
            part.set_history(history)
        for action_id in READS:
            self.actions[action_id].setEnabled(history is not None)
        self.actions["actionAddCheckpoint"].setEnabled(history is not None and not history.readonly)
        self.compare_row.setEnabled(history is not None)

    def dialog(self, key: str) -> HistoryDialog:
        """The dialog ``key`` (made on first use), following the window's History."""
        if key not in self.dialogs:
            made = (BOOK_DIALOGS[key](self.window, self.book) if key in BOOK_DIALOGS
                    else DIALOGS[key](self.window))
            made.failed.connect(self.window.dialogs.error)
            self._wire(made)
            made.set_history(self.history)
            self.dialogs[key] = made
        return self.dialogs[key]

    def open(self, key: str) -> HistoryDialog:
        """Show dialog ``key`` (window-modal for the short questions) and bring it forward."""
        found = self.dialog(key)
        if key in ("time", "add"):
            found.open()
        else:
            found.show()
        found.raise_()
        found.activateWindow()
        return found

    def compare(self, first: int | str, second: int | str) -> CompareDialog:
        found = self.open("compare")
        found.compare(first, second)
        return found

    # -- building ----------------------------------------------------------------------------

    def _search_dock(self) -> QDockWidget:
        dock = QDockWidget("Find in history", self.window, objectName="historySearchDock")
        dock.setWidget(self.search)
        dock.setAccessibleName("Find in history")
        toggle = dock.toggleViewAction()
        toggle.setObjectName("actionShowHistorySearch")
        toggle.setText("Show &Find in history")
        toggle.setStatusTip("Show or hide the find in history panel.")
        toggle.setToolTip("Show or hide the find in history panel.")
        history_dock = self.window.docks.docks["history"]
        self.window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        self.window.tabifyDockWidget(history_dock, dock)
        history_dock.raise_()
        return dock

    def _build_menu(self) -> None:
        menu = QMenu("Hist&ory", self.window, objectName="menuHistory")
        for item in MENU:
            menu.addSeparator() if item is None else menu.addAction(self.actions[item])
        bar = self.window.menuBar()
        help_menu = self.window.findChild(QMenu, "menuHelp")
        bar.insertMenu(help_menu.menuAction(), menu)
        view = self.window.findChild(QMenu, "menuView")
        docks_end = next((a for a in view.actions() if a.isSeparator()), None)
        view.insertAction(docks_end, self.search_dock.toggleViewAction())
        toolbar = self.window.findChild(QToolBar, "mainToolBar")
        toolbar.addSeparator()
        for item in TOOLBAR:
            add_button(toolbar, self.actions[item])

    def _compare_row_action(self) -> QAction:
        """On the history panel's rows: compare the chosen row with the cursor."""
        action = QAction("Compare with the cursor…", self.window, objectName="compareRowWithCursor")
        action.setToolTip("What differs between the chosen revision and the one shown.")
        view = self.window.docks.history.view
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        view.addAction(action)
        action.triggered.connect(self._compare_row)
        return action

    def _connect(self) -> None:
        a = self.actions
        a["actionGoToTime"].triggered.connect(lambda: self.open("time"))
        a["actionGoToCheckpoint"].triggered.connect(lambda: self.open("checkpoints"))
        a["actionAddCheckpoint"].triggered.connect(lambda: self.open("add"))
        a["actionCompare"].triggered.connect(lambda: self.open("compare"))
        a["actionDeletedUsers"].triggered.connect(lambda: self.open("deleted"))
        a["actionFindInHistory"].triggered.connect(self._focus_search)
        self.book.changed.connect(self._show_notes)
        for part in (self.search, self.restore):
            part.failed.connect(self.window.dialogs.error)
        self.search.moved.connect(self.window.tell)
        self.search_dock.visibilityChanged.connect(
            lambda shown: shown and self.search.search_if_stale())
        self.restore.restored.connect(self._on_restored)

    def _wire(self, made: HistoryDialog) -> None:
        if isinstance(made, (GoToTimeDialog, CheckpointsDialog)):
            made.moved.connect(self.window.tell)
        if isinstance(made, CheckpointsDialog):
            made.compare_requested.connect(self.compare)
        if isinstance(made, AddCheckpointDialog):
            made.added.connect(self._on_added)
        if isinstance(made, DeletedUsersDialog):
            made.restored.connect(self._on_restored)

    # -- reactions ---------------------------------------------------------------------------

    def _focus_search(self) -> None:
        self.search_dock.show()
        self.search_dock.raise_()
        self.search.text.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.text.selectAll()

    def _compare_row(self) -> None:
        panel = self.window.docks.history
        index = panel.view.currentIndex()
        if self.history is not None and index.isValid():
            self.compare(panel.model.revision(index.row()).id, "cursor")

    def _show_notes(self) -> None:
        self.window.docks.history.model.set_notes(self.book.notes())

    def _on_added(self, checkpoint) -> None:
        self.window.tell(f"Checkpoint “{checkpoint.name}” names revision "
                         f"{self.history.position}.")

    def _on_restored(self, user_id: str, sentence: str) -> None:
        self.window.pane.select_user(user_id)
        self.window.tell(sentence)
