"""Find in history: filters over every revision of the log (not just what is loaded),
by text, user, field and date range; activating a result goes there."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDateTime, QModelIndex, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from esdesktop import Change, Error, History
from esdesktop.domain import FIELDS
from esdesktop.gui.found_model import FoundModel
from esdesktop.gui.goto_time_dialog import FORMAT, end_of_minute
from esdesktop.gui.history_link import HistoryLink
from esdesktop.gui.revision_table import table_view
from esdesktop.history.search import Query

DELAY_MS = 250  # typing settles before the log is searched


class HistorySearch(QWidget):
    """The filters, a count and the matching revisions (oldest first; other branches
    greyed). ``moved`` carries a sentence after going to a result; ``failed`` one when
    a move is refused."""

    failed = Signal(str)
    moved = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent, objectName="historySearch")
        self._link = HistoryLink(self, self._on_change)
        self.model = FoundModel(self)
        self.text = self._line("historySearchText", "Text in labels or values",
                               "Words in a revision's label or in the values it wrote.")
        self.user = self._line("historySearchUser", "Any user",
                               "A username: only revisions that touched that user.")
        self.field = self._fields()
        self.dated = QCheckBox("Made bet&ween", self, objectName="historySearchDated")
        self.dated.setToolTip("Only revisions made in this range of local times (both ends "
                              "included, each to the minute).")
        self.dated.setAccessibleName("Made between")
        self.since = self._moment("historySearchSince", "From")
        self.until = self._moment("historySearchUntil", "To")
        self.branch_only = QCheckBox("S&kip other branches", self, objectName="historySearchBranchOnly")
        self.branch_only.setToolTip("Leave out the revisions of other branches.")
        self.branch_only.setAccessibleName("Skip other branches")
        self.count = QLabel(self, objectName="historySearchCount", wordWrap=True)
        self.results = table_view(self, "historySearchResults", self.model, stretch=1,
                                  tip="Enter or double-click goes to that revision.")
        self.results.setAccessibleName("Revisions found")
        self.results.activated.connect(self._go_to)
        self._stale = False  # the filters or the log changed while the results were hidden
        self._timer = QTimer(self, singleShot=True, interval=DELAY_MS)
        self._timer.timeout.connect(self._search_if_shown)
        self._connect_filters()
        self._lay_out()

    def set_history(self, history: History | None) -> None:
        self._link.set(history)
        self._timer.stop()
        self._stale = True
        self._search_if_shown()

    def search_if_stale(self) -> None:
        """Search now if something changed while the results were out of sight."""
        if self._stale:
            self._search_if_shown()

    def query(self) -> Query | None:
        """The filters as a query; None (and the count says why) for an unknown user."""
        user = None
        if self.user.text().strip():
            user = self._user_id(self.user.text().strip())
            if user is None:
                return None
        return Query(user=user, field=self.field.currentData(), text=self.text.text() or None,
                     since=self._start(self.since) if self.dated.isChecked() else None,
                     until=end_of_minute(self.until.dateTime()) if self.dated.isChecked() else None,
                     timeline_only=self.branch_only.isChecked())

    def search(self) -> None:
        """Run the filters over the whole log now."""
        self._stale = False
        history = self._link.history
        query = None if history is None else self.query()
        try:
            self.model.search(history, query)
        except Error as error:
            self.count.setText(str(error))
            return
        if query is not None:
            self.count.setText(self._count_text(self.model.count))

    # -- building ----------------------------------------------------------------------------

    def _line(self, name: str, placeholder: str, tip: str) -> QLineEdit:
        line = QLineEdit(self, objectName=name, placeholderText=placeholder, clearButtonEnabled=True)
        line.setToolTip(tip)
        line.setAccessibleName(placeholder)
        return line

    def _fields(self) -> QComboBox:
        combo = QComboBox(self, objectName="historySearchField")
        combo.addItem("Any field", None)
        for field in FIELDS:
            combo.addItem(f"Changes of {field.replace('_', ' ')}", field)
        combo.setToolTip("Only revisions that changed this field.")
        combo.setAccessibleName("Field")
        return combo

    def _moment(self, name: str, caption: str) -> QDateTimeEdit:
        edit = QDateTimeEdit(QDateTime.currentDateTime(), self, objectName=name, calendarPopup=True)
        edit.setDisplayFormat(FORMAT)
        edit.setEnabled(False)
        tip = f"{caption}: a local date and time."
        for widget in (edit, edit.findChild(QLineEdit)):
            widget.setAccessibleName(caption)
            widget.setToolTip(tip)
        self.dated.toggled.connect(edit.setEnabled)
        return edit

    def _connect_filters(self) -> None:
        for signal in (self.text.textChanged, self.user.textChanged,
                       self.field.currentIndexChanged, self.since.dateTimeChanged,
                       self.until.dateTimeChanged, self.dated.toggled,
                       self.branch_only.toggled):
            signal.connect(lambda *_: self._timer.start())

    def _lay_out(self) -> None:
        form = QFormLayout()
        form.addRow("Te&xt:", self.text)
        form.addRow("B&y user:", self.user)
        form.addRow("Chan&ged field:", self.field)
        dates = QHBoxLayout()
        dates.addWidget(self.since, 1)
        dates.addWidget(QLabel("and", self))
        dates.addWidget(self.until, 1)
        form.addRow(self.dated, dates)
        form.addRow(self.branch_only)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.count)
        layout.addWidget(self.results, 1)

    # -- following and acting ----------------------------------------------------------------

    def _on_change(self, change: Change) -> None:
        if change.timeline:
            self._timer.start()

    def _search_if_shown(self) -> None:
        """Search only what a person can see: a hidden or closed panel waits until shown
        (a search reads the whole log)."""
        if self.window().isVisible() and not self.visibleRegion().isEmpty():
            self.search()
        else:
            self._stale = True

    def _go_to(self, index: QModelIndex) -> None:
        history = self._link.history
        if history is None or not index.isValid():
            return
        revision = self.model.found(index.row()).revision
        if self._link.attempt(f"go to revision {revision.id}", history.goto, revision.id):
            self.moved.emit(f"At revision {history.position}: “{revision.label}”.")

    def _user_id(self, username: str) -> str | None:
        history, wanted = self._link.history, username.casefold()
        users = history.users
        for user_id in users:
            if users.fields(user_id)["username"].casefold() == wanted:
                return user_id
        for deleted in history.deleted_users():
            if deleted.user.username.casefold() == wanted:
                return deleted.user.id
        self.model.search(history, None)
        self.count.setText(f"No user named “{username}” at the revision shown, nor deleted "
                           "before it.")
        return None

    @staticmethod
    def _start(edit: QDateTimeEdit) -> datetime:
        return end_of_minute(edit.dateTime()).replace(second=0, microsecond=0)

    @staticmethod
    def _count_text(count: int) -> str:
        if count == 0:
            return "No revision matches."
        return f"{count} revision{'s' if count != 1 else ''} match, oldest first."
