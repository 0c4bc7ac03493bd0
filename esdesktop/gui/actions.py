"""Every command of the window, declared once: id, text, icon, shortcut, tip.

Menus and the toolbar are built from these ids (see ``menus.py``); the README's table
"Actions and shortcuts" lists the same actions, and a test keeps the two in step.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from esdesktop import History
from esdesktop.gui.resources import icon

Std = QKeySequence.StandardKey


@dataclass(frozen=True)
class ActionSpec:
    """One command. ``keys``: a standard key (the platform's bindings) and/or portable
    key strings; a string after a standard key is used only where the platform has none."""

    id: str
    text: str
    tip: str
    icon: str | None = None
    keys: tuple = ()


ACTIONS = (
    ActionSpec("actionNewLog", "&New log…", "Create a new, empty log file and open it.",
               "new-file", (Std.New,)),
    ActionSpec("actionOpenLog", "&Open log…", "Open an existing log file.",
               "open-file", (Std.Open,)),
    ActionSpec("actionImportCsv", "&Import CSV…",
               "Add the users of a CSV file to the log, as one revision.", "import", ("Ctrl+I",)),
    ActionSpec("actionLoadSample", "Load the &sample users",
               "Import the 200 fictional sample users that come with esdesktop, as one revision."),
    ActionSpec("actionExport", "&Export users…",
               "Write the users shown (at the cursor) to a CSV or JSON file.", "export", ("Ctrl+E",)),
    ActionSpec("actionBackup", "&Back up…",
               "Copy the whole log (every branch, the cursor, the checkpoints) to a new file, "
               "even while it is open."),
    ActionSpec("actionVerify", "&Verify log",
               "Check the file, its hash chain and its snapshots.", "verify"),
    ActionSpec("actionQuit", "&Quit", "Close esdesktop. Everything is already saved.",
               None, (Std.Quit, "Ctrl+Q")),
    ActionSpec("actionUndo", "&Undo", "Move the cursor back one revision.", "undo", (Std.Undo,)),
    ActionSpec("actionRedo", "&Redo", "Move the cursor forward one revision.", "redo", (Std.Redo,)),
    ActionSpec("actionNewUser", "New &user", "Add a user: fill in the editor, then Apply.",
               "user-add", ("Ctrl+Shift+N",)),
    ActionSpec("actionDeleteUser", "&Delete user",
               "Delete the selected user (undo brings it back).", "user-delete", (Std.Delete,)),
    ActionSpec("actionFind", "&Find users", "Put the cursor in the search field.",
               "search", (Std.Find,)),
    ActionSpec("actionFocusTable", "Go to the users t&able", "Move the keyboard focus to the table.",
               None, ("Ctrl+1",)),
    ActionSpec("actionFocusTimeline", "Go to the t&imeline",
               "Move the keyboard focus to the timeline slider.", None, ("Ctrl+2",)),
    ActionSpec("actionFocusHistory", "Go to the hi&story",
               "Move the keyboard focus to the list of revisions.", "history", ("Ctrl+3",)),
    ActionSpec("actionFocusUserHistory", "Go to the user's cha&nges",
               "Move the keyboard focus to the selected user's changes.", None, ("Ctrl+4",)),
    ActionSpec("actionAbout", "&About esdesktop",
               "The version of esdesktop and the file that is open.", "app"),
)

WRITES = ("actionImportCsv", "actionLoadSample", "actionNewUser", "actionDeleteUser")


def shortcuts_for(spec: ActionSpec) -> list[QKeySequence]:
    found: list[QKeySequence] = []
    for key in spec.keys:
        if isinstance(key, str):
            if not found:
                found.append(QKeySequence(key))
        else:
            found.extend(QKeySequence.keyBindings(key))
    return found


def create_actions(parent: QWidget, specs: tuple[ActionSpec, ...] = ACTIONS) -> dict[str, QAction]:
    """One QAction per spec, parented to ``parent`` (so its shortcuts work window-wide)."""
    actions = {}
    for spec in specs:
        action = QAction(spec.text, parent, objectName=spec.id)
        action.setIconText(_plain(spec.text))  # toolbar buttons: steady while Undo's text moves
        action.setStatusTip(spec.tip)
        action.setShortcuts(shortcuts_for(spec))
        action.setToolTip(_tooltip(action, spec.tip))
        if spec.icon:
            action.setIcon(icon(spec.icon))
        parent.addAction(action)
        actions[spec.id] = action
    return actions


def show_undo_redo(actions: dict[str, QAction], history: History | None) -> None:
    """Enable Undo and Redo only when possible; name what they would do."""
    _name_move(actions["actionUndo"], "Undo", history and history.undo_label,
               "Nothing to undo: the cursor is at the empty log.")
    _name_move(actions["actionRedo"], "Redo", history and history.redo_label,
               "Nothing to redo: the cursor is at the newest revision of this branch.")


def show_writable(actions: dict[str, QAction], writable: bool) -> None:
    for action_id in WRITES:
        actions[action_id].setEnabled(writable)


def _name_move(action: QAction, verb: str, label: str | None, none: str) -> None:
    action.setEnabled(label is not None)
    action.setText(f"&{verb} {label.replace('&', '&&')}" if label else f"&{verb}")
    action.setStatusTip(none if label is None else f"{verb} “{label}”.")
    action.setToolTip(_tooltip(action, none) if label is None
                      else _with_key(action, f"{verb} “{label}”"))


def _tooltip(action: QAction, tip: str) -> str:
    """The action's name and shortcut on the first line, what it does on the second."""
    return f"{_with_key(action, _plain(action.text()))}\n{tip}"


def _plain(text: str) -> str:
    """A menu text without its mnemonic and ellipsis: "&Open log…" -> "Open log"."""
    return text.replace("&", "").rstrip("…")


def _with_key(action: QAction, text: str) -> str:
    key = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    return f"{text} ({key})" if key else text
