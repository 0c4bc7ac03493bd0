"""The "Deleted users" view: users deleted on the way to the revision shown, each with
its last state, and a way to bring one back with its id."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from esdesktop import Error
from esdesktop.gui.history_dialog import HistoryDialog
from esdesktop.gui.restore_actions import restore_message
from esdesktop.gui.revision_text import details, when
from esdesktop.gui.user_history import show_value

USER = Qt.ItemDataRole.UserRole
COLUMNS = ("Username", "Email", "Display name", "Role", "Active", "Deleted")


class DeletedUsersDialog(HistoryDialog):
    """Lists the deleted users, newest deletion first; Restore (or Enter) brings the chosen
    one back as it last was, as a new edit. ``restored(user id, sentence)`` after one."""

    restored = Signal(str, str)

    def __init__(self, parent: QWidget):
        super().__init__(parent, "deletedUsersDialog", "Deleted users")
        self.caption = QLabel(self, objectName="deletedUsersCaption", wordWrap=True)
        self.list = QTreeWidget(self, objectName="deletedUsersList")
        self.list.setHeaderLabels(COLUMNS)
        self.list.setRootIsDecorated(False)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setAccessibleName("Deleted users")
        self.list.setToolTip("Choose a user and press Restore (or Enter) to bring it back.")
        self.list.itemActivated.connect(lambda *_: self.restore())
        self.list.itemSelectionChanged.connect(self._sync)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.close)
        self.restore_button = QPushButton("&Restore", self, objectName="deletedUsersRestoreButton")
        self.restore_button.setToolTip("Bring the chosen user back, with its id, as it last was.")
        self.restore_button.clicked.connect(self.restore)
        self.buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        for widget in (self.caption, self.list, self.buttons):
            layout.addWidget(widget)
        self.resize(760, 360)

    def reload(self) -> None:
        self.list.clear()
        history = self.history
        found = [] if history is None else history.deleted_users()
        for deleted in found:
            user = deleted.user
            item = QTreeWidgetItem([user.username, user.email, user.display_name, user.role,
                                    show_value(user.active), when(deleted.deleted_in)])
            item.setData(0, USER, (user.id, deleted.restore_at))
            item.setToolTip(0, f"Deleted by:\n{details(deleted.deleted_in)}")
            self.list.addTopLevelItem(item)
        self.caption.setText(
            f"{len(found)} {'user was' if len(found) == 1 else 'users were'} deleted on the way to the revision shown and are not "
            "back. Restore brings one back, with its id, as it last was." if found else
            "No user was deleted on the way to the revision shown.")
        if found:
            self.list.setCurrentItem(self.list.topLevelItem(0))
        for column in range(len(COLUMNS)):
            self.list.resizeColumnToContents(column)
        self._sync()

    def restore(self) -> None:
        item = self.list.currentItem()
        if item is None or not self.restore_button.isEnabled():
            return
        (user_id, at), name = item.data(0, USER), item.text(0)
        try:
            restored = self.history.restore_user(user_id, at=at)
        except Error as error:
            self.failed.emit(f"Could not restore {name}: {error}")
            return
        self.restored.emit(user_id, restore_message(self.history, name, restored))

    def _sync(self) -> None:
        writable = self.history is not None and not self.history.readonly
        self.restore_button.setEnabled(writable and self.list.currentItem() is not None)
