"""The parts of the user editor: text fields with their inline problem, the role and\nactive controls, buttons and labels."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from esdesktop import ValidationError
from esdesktop.domain import ROLES


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    title: str
    tip: str
    placeholder: str


TEXT_FIELDS = (
    FieldSpec("username", "&Username:", "Username",
              "3 to 32 characters: lowercase letters, digits, '.', '_' or '-'. "
              "Unique among the users.", "e.g. alice.martin"),
    FieldSpec("email", "E&mail:", "Email", "The user's email address.", "e.g. alice@example.com"),
    FieldSpec("display_name", "&Display name:", "Display name",
              "The name people see, up to 100 characters.", "e.g. Alice Martin"),
)


def sentence(title: str, reason: str) -> str:
    """ "Email" + "is not a valid address" -> "Email is not a valid address." """
    joined = f"{title} {reason}" if reason.split(" ", 1)[0] in ("is", "must") else f"{title}: {reason}"
    return joined + "." if joined[-1].isalnum() else joined


class TextField:
    """A line edit with a label (its mnemonic focuses the edit) and an error line under
    it that is shown only while the value breaks a rule."""

    def __init__(self, spec: FieldSpec, parent: QWidget):
        self.spec = spec
        self.error: str | None = None
        self.edit = QLineEdit(parent, objectName=f"{spec.name}Field")
        self.edit.setAccessibleName(spec.title)
        self.edit.setToolTip(spec.tip)
        self.edit.setPlaceholderText(spec.placeholder)
        self.label = QLabel(spec.label, parent)
        self.label.setBuddy(self.edit)
        self.error_label = QLabel(parent, objectName="fieldError")
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.setWordWrap(True)
        self.error_label.setAccessibleName(f"{spec.title} problem")
        self.error_label.hide()
        self.column = QWidget(parent)
        layout = QVBoxLayout(self.column)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addWidget(self.edit)
        layout.addWidget(self.error_label)

    @property
    def message(self) -> str:
        """The problem as shown under the field ("" when there is none)."""
        return self.error_label.text() if self.error is not None else ""

    def set_value(self, value: str) -> None:
        self.edit.setText(value)
        self.edit.setCursorPosition(0)  # a value wider than the field shows its start
        self.clear_error()

    def check(self, check: Callable[[str, str], object], value: str) -> None:
        try:
            check(self.spec.name, value)
        except ValidationError as error:
            self.show_error(error.reason)
        else:
            self.clear_error()

    def show_error(self, reason: str) -> None:
        self.error = reason
        self.error_label.setText(sentence(self.spec.title, reason))
        self.error_label.show()
        self.edit.setAccessibleDescription(self.error_label.text())

    def clear_error(self) -> None:
        self.error = None
        self.error_label.hide()
        self.error_label.clear()
        self.edit.setAccessibleDescription("")


def title_label() -> QLabel:
    title = QLabel(objectName="editorTitle", wordWrap=True)
    title.setTextFormat(Qt.TextFormat.PlainText)
    font = title.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.15)
    title.setFont(font)
    return title


def role_box() -> QComboBox:
    combo = QComboBox(objectName="roleField")
    for role in ROLES:
        combo.addItem(role.capitalize(), role)
    combo.setAccessibleName("Role")
    combo.setToolTip("What the user may do: Viewer reads, Editor changes, Admin manages.")
    return combo


def active_box() -> QCheckBox:
    box = QCheckBox("A&ctive (can sign in)", objectName="activeField")
    box.setAccessibleName("Active")
    box.setToolTip("Whether the user can sign in. Clear it to suspend the account.")
    return box


def button(text: str, name: str, tip: str) -> QPushButton:
    made = QPushButton(text, objectName=name)
    made.setAccessibleName(text.replace("&", ""))
    made.setToolTip(tip)
    return made


def buddy(text: str, widget: QWidget) -> QLabel:
    """A label whose mnemonic puts the focus on ``widget``."""
    label = QLabel(text)
    label.setBuddy(widget)
    return label
