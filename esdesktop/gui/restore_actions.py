"""Restore from history: "Restore this version" and "Restore this value" on the rows of
the selected user's changes. A restore is a new edit at the cursor, undoable."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction

from esdesktop import Error, History
from esdesktop.domain import DELETED
from esdesktop.gui.user_history import ChangeRow, UserHistoryView


def restore_point(row: ChangeRow) -> int:
    """The revision a row's version is read from: a deletion row stands for the last
    version before it."""
    return row.revision.parent if row.kind == DELETED else row.revision.id


def restore_message(history: History, name: str, restored: bool) -> str:
    if not restored:
        return f"{name} already is as it was then: nothing to restore."
    return f"{history.cursor_revision.label}. Undo takes it back."


class RestoreFromHistory(QObject):
    """Drives the two actions from the current row of the user's changes (and offers them
    on that view's context menu). ``restored(user id, sentence)`` after a restore."""

    failed = Signal(str)
    restored = Signal(str, str)

    def __init__(self, changes: UserHistoryView, version: QAction, value: QAction):
        super().__init__(changes)
        self.changes, self.version, self.value = changes, version, value
        self.history: History | None = None
        table = changes.view
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        table.addActions([version, value])
        table.selectionModel().currentChanged.connect(self.sync)
        changes.model.modelReset.connect(self.sync)
        version.triggered.connect(self.restore_version)
        value.triggered.connect(self.restore_value)
        self.sync()

    def set_history(self, history: History | None) -> None:
        self.history = history
        self.sync()

    def current(self) -> ChangeRow | None:
        index = self.changes.view.currentIndex()
        return self.changes.model.change_row(index.row()) if index.isValid() else None

    def sync(self, *_) -> None:
        row = self.current()
        writable = self.history is not None and not self.history.readonly
        self.version.setEnabled(writable and row is not None and self.changes.user_id is not None)
        self.value.setEnabled(self.version.isEnabled() and row.field is not None)

    def restore_version(self) -> None:
        row, user = self.current(), self.changes.user_id
        if self.version.isEnabled():
            self._restore(user, lambda: self.history.restore_user(user, at=restore_point(row)))

    def restore_value(self) -> None:
        row, user = self.current(), self.changes.user_id
        if self.value.isEnabled():
            self._restore(user, lambda: self.history.restore_value(
                user, row.field, at=row.revision.id))

    def _restore(self, user_id: str, call) -> None:
        name = self._name(user_id)
        try:
            restored = call()
        except Error as error:
            self.failed.emit(f"Could not restore {name}: {error}")
            return
        self.restored.emit(user_id, restore_message(self.history, name, restored))

    def _name(self, user_id: str) -> str:
        user = self.history.users.get(user_id)
        if user is not None:
            return user.username
        entries = self.history.user_history(user_id)
        return getattr(entries[-1].event, "username", "the user") if entries else "the user"
