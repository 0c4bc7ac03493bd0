"""The editor beside the table: one user's fields, checked as they are typed.

Each text field shows its problem right under it (from ``check_field``, the same rules the
commands apply); Apply stays disabled while any field is invalid or nothing changed.
Enter applies, Escape reverts. Applying calls History; an edit made behind the tip starts
a branch there, which the timeline and history docks show. When the log refuses the write
(a full disk, a file that cannot be written, another program that wrote first), the form
keeps what was typed and says why, so that Apply can be pressed again once that is fixed.
"""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from esdesktop import Change, ConflictError, Error, History, ValidationError
from esdesktop.domain import check_field
from esdesktop.gui.editor_fields import (
    TEXT_FIELDS,
    TextField,
    active_box,
    buddy,
    button,
    role_box,
    title_label,
)
from esdesktop.gui.history_link import HistoryLink
from esdesktop.gui.write_failures import mark_problem, not_saved, overtaken

NEW_USER = {"username": "", "email": "", "display_name": "", "role": "viewer", "active": True}


class UserEditor(QWidget):
    """Edits the selected user, or a new one. ``applied(user_id)`` after a successful
    write; ``failed(sentence)`` when History refuses for a reason no field explains."""

    applied = Signal(str)
    failed = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("userEditor")
        self._link = HistoryLink(self, self._on_change)
        self._user_id: str | None = None
        self._creating = False
        self._original = dict(NEW_USER)
        self._build()
        self._show_nothing()

    # -- what the window calls -----------------------------------------------------------

    @property
    def _history(self) -> History | None:
        return self._link.history

    def set_history(self, history: History | None) -> None:
        self._link.set(history)
        self.set_user(None)

    def set_user(self, user_id: str | None) -> None:
        """Show ``user_id`` (or nothing), dropping any unapplied typing."""
        self._user_id, self._creating = user_id, False
        self._load()

    def start_new(self) -> None:
        """Empty the form for a new user and put the cursor in its first field."""
        self._user_id, self._creating = None, True
        self._fill(NEW_USER, "New user: fill in the fields, then Apply (Enter).")
        self.fields["username"].edit.setFocus(Qt.FocusReason.ShortcutFocusReason)

    @property
    def user_id(self) -> str | None:
        return self._user_id

    @property
    def creating(self) -> bool:
        return self._creating

    def values(self) -> dict:
        """What the form holds now."""
        values = {name: field.edit.text() for name, field in self.fields.items()}
        values["role"] = self.role.currentData()
        values["active"] = self.active.isChecked()
        return values

    def apply(self) -> bool:
        """Write the form to the log. Returns whether something was written."""
        if not self.apply_button.isEnabled():
            return False
        try:
            user_id = self._write()
        except ValidationError as error:
            self._show_refusal(error)
            return False
        except ConflictError:
            self._catch_up()
            return False
        except Error as error:
            self._not_saved(not_saved(error))
            return False
        self._user_id, self._creating = user_id, False
        self._load()
        self.applied.emit(user_id)
        return True

    def revert(self) -> None:
        """Put back the values as they are in the log (or empty the new-user form)."""
        self._fill(self._original, self.status.text())

    # -- building --------------------------------------------------------------------------

    def _build(self) -> None:
        self.title = title_label()
        self.fields = {spec.name: TextField(spec, self) for spec in TEXT_FIELDS}
        self.role = role_box()
        self.active = active_box()
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for field in self.fields.values():
            form.addRow(field.label, field.column)
            field.edit.textEdited.connect(self._on_edited)
        form.addRow(buddy("&Role:", self.role), self.role)
        form.addRow("", self.active)
        self.role.currentIndexChanged.connect(self._on_edited)
        self.active.toggled.connect(self._on_edited)
        self.status = QLabel(objectName="editorStatus", wordWrap=True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(form)
        layout.addLayout(self._buttons())
        layout.addWidget(self.status)
        layout.addStretch(1)
        chain = [self.fields["display_name"].edit, self.role, self.active,
                 self.revert_button, self.apply_button]
        for before, after in pairwise(chain):
            self.setTabOrder(before, after)

    def _buttons(self) -> QHBoxLayout:
        self.apply_button = button("&Apply", "applyButton",
                                   "Save the changes to the log as one revision (Enter).")
        self.apply_button.clicked.connect(self.apply)
        self.revert_button = button("Rever&t", "revertButton",
                                    "Put back the values as they are in the log (Escape).")
        self.revert_button.clicked.connect(self.revert)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.revert_button)
        row.addWidget(self.apply_button)
        return row

    # -- keeping the form right ------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.apply()
        elif event.key() == Qt.Key.Key_Escape:
            self.revert()
        else:
            super().keyPressEvent(event)

    def _on_change(self, change: Change) -> None:
        if self._creating:
            self._update_buttons()
        elif self._user_id is not None and (change.users is None or self._user_id in change.users):
            self._load(keep_typing=True)  # (with no user, the empty form stays as it is)

    def _load(self, keep_typing: bool = False) -> None:
        """Show the user as the log has it now. ``keep_typing``: a field the person has
        changed but not applied keeps their text (nothing typed is lost to an undo)."""
        users = self._history.users if self._history is not None else {}
        if self._creating:
            return
        typed = self._typed() if keep_typing else {}
        if self._user_id is None:
            self._show_nothing()
        elif self._user_id not in users:
            self._show_absent()
        else:
            self._fill(users[self._user_id].model_dump(), "")
            if typed:
                self._put_back(typed)

    def _typed(self) -> dict:
        if not self.role.isEnabled():
            return {}
        return {key: value for key, value in self.values().items() if value != self._original[key]}

    def _put_back(self, typed: dict) -> None:
        for name, value in typed.items():
            if name in self.fields:
                self.fields[name].edit.setText(value)
        if "role" in typed:
            self.role.setCurrentIndex(self.role.findData(typed["role"]))
        if "active" in typed:
            self.active.setChecked(typed["active"])
        self._on_edited()
        self.status.setText("The log changed while you were typing; your unapplied changes "
                            "are kept. Apply to save them, Escape to drop them.")

    def _fill(self, values: dict, status: str) -> None:
        self._original = {key: values[key] for key in NEW_USER}
        for name, field in self.fields.items():
            field.set_value(values[name])
        self.role.blockSignals(True)
        self.role.setCurrentIndex(max(0, self.role.findData(values["role"])))
        self.role.blockSignals(False)
        self.active.blockSignals(True)
        self.active.setChecked(bool(values["active"]))
        self.active.blockSignals(False)
        self._set_enabled(True)
        self.title.setText("New user" if self._creating else f"Editing {values['username']}")
        self.status.setText(status)
        mark_problem(self.status, False)
        self._update_buttons()

    def _show_nothing(self) -> None:
        self._fill(NEW_USER, "Select a user in the table to edit it, "
                   "or add one with Edit > New user.")
        self.title.setText("No user selected")
        self._set_enabled(False)

    def _show_absent(self) -> None:
        self._fill(NEW_USER, "This user does not exist at the revision shown. Move the "
                   "timeline, or undo, to see it again.")
        self.title.setText("User not present here")
        self._set_enabled(False)

    def _set_enabled(self, enabled: bool) -> None:
        read_only = self._history is not None and self._history.readonly
        for field in self.fields.values():
            field.edit.setEnabled(enabled)
            field.edit.setReadOnly(read_only)  # still selectable, to copy from
        self.role.setEnabled(enabled)
        self.active.setEnabled(enabled)
        self.revert_button.setEnabled(enabled)
        self._update_buttons()

    def _on_edited(self, *_) -> None:
        """Check each field that differs from the log: a field nobody touched stays quiet."""
        values = self.values()
        for name, field in self.fields.items():
            if values[name] != self._original[name]:
                field.check(check_field, values[name])
            else:
                field.clear_error()
        self._update_buttons()

    def _valid(self, values: dict) -> bool:
        if any(field.error is not None for field in self.fields.values()):
            return False
        try:
            for name in self.fields:
                check_field(name, values[name])
        except ValidationError:
            return False
        return True

    def _update_buttons(self) -> None:
        writable = self._history is not None and not self._history.readonly
        editing = self.role.isEnabled()
        values = self.values()
        valid = self._valid(values)
        changed = self._creating or values != self._original
        self.apply_button.setEnabled(writable and editing and valid and changed)
        if self._history is not None and self._history.readonly and editing:
            self.status.setText("This log is open read-only: nothing can be changed.")

    def _write(self) -> str:
        values = self.values()
        if self._creating:
            return self._history.create_user(**values)
        changes = {key: value for key, value in values.items() if value != self._original[key]}
        self._history.update_user(self._user_id, **changes)
        return self._user_id

    def _not_saved(self, sentence: str) -> None:
        """Say why nothing was written, beside the form and in a message."""
        self.status.setText(sentence)
        mark_problem(self.status, True)
        self.failed.emit(sentence)

    def _catch_up(self) -> None:
        """Another program wrote to the log first: take in what it wrote (the form keeps
        what was typed, see ``_load``) so that Apply writes on top of it."""
        try:
            self._history.refresh()
        except Error as error:
            return self._not_saved(not_saved(error))
        self._not_saved(overtaken(self._history.path.name))

    def _show_refusal(self, error: ValidationError) -> None:
        field = self.fields.get(error.field)
        if field is None:
            self.failed.emit(f"The change was not saved: {error}")
            return
        field.show_error(error.reason)
        field.edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self._update_buttons()
