"""The main window: the users table and editor in the centre, the timeline below, the
history and the selected user's changes at the side. It translates between Qt and one
History; file commands live in ``file_commands.py``, actions in ``actions.py``."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QMainWindow, QSplitter, QVBoxLayout, QWidget

from esdesktop import Change, Error, History
from esdesktop.gui import workers
from esdesktop.gui.actions import create_actions, show_undo_redo, show_writable
from esdesktop.gui.beyond_undo import BeyondUndo
from esdesktop.gui.collector import collect_on_gui_thread
from esdesktop.gui.dialogs import Dialogs
from esdesktop.gui.docks import Docks
from esdesktop.gui.file_commands import FileCommands
from esdesktop.gui.menus import build_menus, build_toolbar
from esdesktop.gui.read_only import ReadOnlyBanner
from esdesktop.gui.resources import icon
from esdesktop.gui.settings import Settings
from esdesktop.gui.timeline import BehindTipBanner
from esdesktop.gui.user_editor import UserEditor
from esdesktop.gui.users_pane import UsersPane

STATUS_MS = 8000
TIDY_WHEN_STILL_MS = 300  # History.tidy once the cursor has been still this long


class MainWindow(QMainWindow):
    """The esdesktop window on ``history`` (None: no log open yet). The window closes a
    History that it replaces (File > Open, New); its caller closes the last one."""

    def __init__(self, history: History | None, settings: Settings | None = None,
                 dialogs: Dialogs | None = None):
        super().__init__()
        self._collector = collect_on_gui_thread()  # before any of the window's workers start
        self._tidy = QTimer(self, singleShot=True, interval=TIDY_WHEN_STILL_MS)
        self._tidy.timeout.connect(self._tidy_history)
        self.settings = settings or Settings()
        self.dialogs = dialogs or Dialogs(self)
        self.history: History | None = None
        self._unsubscribe: Callable[[], None] | None = None
        self.setWindowIcon(icon("app"))
        self.actions = create_actions(self)
        self._build_centre()
        self.docks = Docks(self)
        self.files = FileCommands(self)
        build_menus(self, self.actions, self.files.recent_menu, self.docks.toggle_actions())
        build_toolbar(self, self.actions)
        self.beyond = BeyondUndo(self)  # restore, go to time, checkpoints, compare, find
        self._connect_actions()
        self._connect_widgets()
        self._restore_layout()  # first: the table's saved sort order is then sorted once
        self.set_history(history)

    # -- the log shown ---------------------------------------------------------------------

    def set_history(self, history: History | None) -> None:
        """Show ``history``; every part of the window follows it from now on."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        self.history = history
        if history is not None:
            self._unsubscribe = history.subscribe(self._on_change)
        for part in (self.pane, self.editor, self.docks, self.banner, self.read_only,
                     self.beyond):
            part.set_history(history)
        self.docks.set_user(None)
        self._show_state()

    def replace_history(self, history: History) -> None:
        """Show ``history`` instead of the current one, which is closed."""
        old = self.history
        self.set_history(history)
        if old is not None and old is not history:
            old.close()

    def pick_up_changes(self) -> None:
        """Take in what another connection wrote to the file (an import, another window)."""
        if self.history is not None:
            self.attempt(self.history.refresh)

    def attempt(self, call: Callable, *args) -> bool:
        """Run a History call; an esdesktop error becomes a dialog. Returns success."""
        try:
            call(*args)
        except Error as error:
            self.dialogs.error(str(error))
            return False
        return True

    def tell(self, text: str) -> None:
        self.statusBar().showMessage(text, STATUS_MS)

    # -- building --------------------------------------------------------------------------

    def _build_centre(self) -> None:
        self.pane = UsersPane(self.actions)
        self.editor = UserEditor()
        self.banner = BehindTipBanner()
        self.read_only = ReadOnlyBanner()
        self.splitter = QSplitter(Qt.Orientation.Horizontal, objectName="centreSplitter")
        self.splitter.addWidget(self.pane)
        self.splitter.addWidget(self.editor)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        centre = QWidget(objectName="centre")
        layout = QVBoxLayout(centre)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addWidget(self.read_only)
        layout.addWidget(self.banner)
        layout.addWidget(self.splitter, 1)
        self.setCentralWidget(centre)
        self.resize(1280, 800)

    def _connect_actions(self) -> None:
        a = self.actions
        a["actionUndo"].triggered.connect(lambda: self._move(self.history.undo))
        a["actionRedo"].triggered.connect(lambda: self._move(self.history.redo))
        a["actionNewUser"].triggered.connect(self.editor.start_new)
        a["actionDeleteUser"].triggered.connect(self._delete_user)
        a["actionFind"].triggered.connect(self._find)
        a["actionFocusTable"].triggered.connect(
            lambda: self.pane.table.setFocus(Qt.FocusReason.ShortcutFocusReason))
        a["actionFocusTimeline"].triggered.connect(
            lambda: self.docks.focus("timeline", self.docks.timeline.slider))
        a["actionFocusHistory"].triggered.connect(
            lambda: self.docks.focus("history", self.docks.history.view))
        a["actionFocusUserHistory"].triggered.connect(
            lambda: self.docks.focus("user_history", self.docks.user_history.view))
        a["actionQuit"].triggered.connect(self.close)

    def _connect_widgets(self) -> None:
        self.pane.user_selected.connect(self._on_user_selected)
        self.editor.applied.connect(self._on_applied)
        for source in (self.editor, self.docks, self.banner, self.read_only):
            source.failed.connect(self.dialogs.error)

    # -- following History -----------------------------------------------------------------

    def _on_change(self, change: Change) -> None:
        self._collector.hold_off()  # a slider drag: no collection between its positions
        self._tidy.start()  # (restarted at every change: it runs once things are still)
        show_undo_redo(self.actions, self.history)  # (what the log allows stays as it was)
        self._show_delete()

    def _tidy_history(self) -> None:
        if self.history is not None:
            self.history.tidy()

    def _show_state(self) -> None:
        history = self.history
        show_undo_redo(self.actions, history)
        show_writable(self.actions, history is not None and not history.readonly)
        for action_id in ("actionExport", "actionBackup", "actionVerify"):
            self.actions[action_id].setEnabled(history is not None)
        self._show_delete()
        self._show_title()

    def _show_delete(self) -> None:
        history, user_id = self.history, self.pane.selected_user
        possible = (history is not None and not history.readonly
                    and user_id is not None and user_id in history.users)
        self.actions["actionDeleteUser"].setEnabled(possible)

    def _show_title(self) -> None:
        if self.history is None:
            self.setWindowTitle("esdesktop")
            self.setWindowFilePath("")
            return
        path = self.history.path
        mode = " (read-only)" if self.history.readonly else ""
        self.setWindowTitle(f"{path.name}{mode} — esdesktop")
        self.setWindowFilePath(str(path))

    # -- edit commands ---------------------------------------------------------------------

    def _move(self, step: Callable[[], bool]) -> None:
        if self.history is not None:
            self.attempt(step)

    def _delete_user(self) -> None:
        user_id = self.pane.selected_user
        if self.history is None or user_id not in self.history.users:
            self.tell("Select a user in the table first.")
            return
        name = self.history.users[user_id].username
        if self.attempt(self.history.delete_user, user_id):
            self.tell(f"Deleted {name}. Undo brings the user back.")

    def _find(self) -> None:
        self.pane.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.pane.search.selectAll()

    def _on_user_selected(self, user_id: str | None) -> None:
        self.editor.set_user(user_id)
        self.docks.set_user(user_id)
        self._show_delete()

    def _on_applied(self, user_id: str) -> None:
        self.pane.select_user(user_id)
        self.tell(f"Saved: {self.history.cursor_revision.label}.")

    # -- layout that persists --------------------------------------------------------------

    def _restore_layout(self) -> None:
        settings = self.settings
        if settings.geometry is not None:
            self.restoreGeometry(settings.geometry)
        if settings.window_state is not None:
            self.restoreState(settings.window_state)
        else:
            self._first_layout()
        if settings.splitter_state is not None:
            self.splitter.restoreState(settings.splitter_state)
        if settings.table_header is not None:
            self.pane.table.horizontalHeader().restoreState(settings.table_header)

    def _first_layout(self) -> None:
        """Docks as big as they need, the rest for the table (until the person moves them)."""
        docks = self.docks.docks
        self.resizeDocks([docks["timeline"]], [docks["timeline"].sizeHint().height()],
                         Qt.Orientation.Vertical)
        self.resizeDocks([docks["history"]], [330], Qt.Orientation.Horizontal)
        self.splitter.setSizes([680, 280])

    def save_layout(self) -> None:
        settings = self.settings
        settings.geometry = self.saveGeometry()
        settings.window_state = self.saveState()
        settings.splitter_state = self.splitter.saveState()
        settings.table_header = self.pane.table.horizontalHeader().saveState()
        settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if workers.running():
            self.tell("Wait for the work in progress to finish, then close.")
            event.ignore()
            return
        self.save_layout()
        self.files.close()  # gives up the log's write lock
        event.accept()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if (event.type() == QEvent.Type.ActivationChange and self.isActiveWindow()
                and not workers.running()):
            self.pick_up_changes()
