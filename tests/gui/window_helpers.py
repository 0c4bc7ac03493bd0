"""Helpers for the window tests: a scripted dialog service, sample people, table reads."""

from __future__ import annotations

from PySide6.QtCore import Qt

from esdesktop import History
from esdesktop.gui.dialogs import Dialogs

PEOPLE = (
    ("alice", "alice@example.com", "Alice Martin", "admin"),
    ("bob", "bob@example.com", "Bob Stone", "editor"),
    ("carol", "carol@example.org", "Carol Diaz", "viewer"),
)


class ScriptedDialogs(Dialogs):
    """Records every message; answers questions and file choosers from ``answers``."""

    def __init__(self):
        super().__init__(None)
        self.said: list[tuple[str, str]] = []
        self.answers: list = []

    def error(self, text, details=None):
        self.said.append(("error", text if details is None else f"{text}\n{details}"))

    def inform(self, text, details=None):
        self.said.append(("inform", text))

    def about(self, title, html):
        self.said.append(("about", html))

    def confirm(self, text, accept):
        self.said.append(("confirm", text))
        return self.answers.pop(0)

    def open_file(self, title, folder, filters):
        return self.answers.pop(0)

    def save_file(self, title, folder, filters):
        return self.answers.pop(0)

    def kinds(self, kind: str) -> list[str]:
        return [text for said_kind, text in self.said if said_kind == kind]


def add_people(history: History) -> dict[str, str]:
    """Three users, one revision each; returns username -> id."""
    return {name: history.create_user(username=name, email=email, display_name=display,
                                      role=role, active=True)
            for name, email, display, role in PEOPLE}


def select(window, username: str) -> str:
    """Click the row of ``username`` in the users table; returns its id."""
    model, table = window.pane.model, window.pane.table
    user_id = next(uid for uid, user in window.history.users.items() if user.username == username)
    table.setFocus()
    table.selectRow(model.row_of(user_id))
    return user_id


def table_usernames(window) -> list[str]:
    model = window.pane.model
    return [model.index(row, 0).data(Qt.ItemDataRole.DisplayRole) for row in range(model.rowCount())]
