"""The File and Help menus: new, open, recent, import, export, back up, verify, about.

Everything slow runs as a :class:`~esdesktop.gui.workers.Job` on its own connection to
the file, with a progress window; the window's History is only touched on the GUI thread.
A log is opened for writing only once its write lock is taken (see ``window_lock.py``);
when it cannot be, the person is told why and offered to open it read-only.
"""

from __future__ import annotations

import platform
from collections.abc import Callable
from datetime import datetime
from html import escape
from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QMenu

from esdesktop import (
    DamagedLogError,
    Error,
    History,
    LogInUseError,
    MissingLogError,
    ReadOnlyLogError,
    __version__,
)
from esdesktop.gui.crash import report_unexpected
from esdesktop.gui.lock import LogLock
from esdesktop.gui.read_only import OPENED_READ_ONLY
from esdesktop.gui.resources import sample_users_csv
from esdesktop.gui.window_lock import WindowLock, why_read_only
from esdesktop.gui.workers import Job
from esdesktop.history.transfer import export_users, import_csv
from esdesktop.history.verify import verify
from esdesktop.logfile import log_path

LOGS = "esdesktop logs (*.db *.esdb);;All files (*)"
CSV = "CSV files (*.csv);;All files (*)"
EXPORTS = "CSV files (*.csv);;JSON files (*.json)"
READ_ONLY_BECAUSE = {  # an error opening for writing -> why the log is shown read-only
    ReadOnlyLogError: "this file or its folder cannot be written with your permissions",
    DamagedLogError: "it does not check out (File > Verify log says where)",
    LogInUseError: "another program is busy writing it",
}


class FileCommands:
    """The file commands of ``window`` (a MainWindow), wired to its actions."""

    def __init__(self, window):
        self.window = window
        self.dialogs = window.dialogs
        self.settings = window.settings
        self.recent_menu = QMenu("Open &Recent", window, objectName="menuRecent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self.last_job: Job | None = None
        self.lock = WindowLock()
        window.read_only.reopen.connect(self.reopen_for_writing)
        a = window.actions
        a["actionNewLog"].triggered.connect(self.new_log)
        a["actionOpenLog"].triggered.connect(self.open_log)
        a["actionImportCsv"].triggered.connect(self.import_csv)
        a["actionLoadSample"].triggered.connect(lambda: self.import_csv(str(sample_users_csv())))
        a["actionExport"].triggered.connect(self.export)
        a["actionBackup"].triggered.connect(self.backup)
        a["actionVerify"].triggered.connect(self.verify)
        a["actionAbout"].triggered.connect(self.about)

    # -- new and open ----------------------------------------------------------------------

    def new_log(self) -> None:
        path = self.dialogs.save_file("New log", self.settings.last_folder, LOGS)
        if not path:
            return
        self._create(Path(path) if Path(path).suffix else Path(path).with_suffix(".db"))

    def _create(self, path: Path) -> Job | None:
        try:
            history = History.create(path)
        except Error as error:
            self.dialogs.error(str(error))
            return None
        lock = self.lock.for_path(path)
        if not lock.acquire():  # someone took it between the two: look, do not write
            history.close()
            return self._locked_out(path, lock)
        self._opened(history, lock)
        return None

    def open_log(self) -> None:
        path = self.dialogs.open_file("Open log", self.settings.last_folder, LOGS)
        if path:
            self.open_path(path)

    def open_path(self, path, readonly: bool = False) -> Job | None:
        """Open the log at ``path`` off the GUI thread, then show it. Its write lock is
        taken first; a log locked by another program, damaged, or that this user cannot
        write can be opened read-only instead, if the person agrees (None if not)."""
        path = Path(path)
        if readonly:
            return self._open(path, None, OPENED_READ_ONLY)
        lock = self.lock.for_path(path)
        if not lock.acquire():
            return self._locked_out(path, lock)
        return self._open(path, lock)

    def reopen_for_writing(self) -> Job | None:
        """Try again to open the log shown read-only for writing."""
        history = self.window.history
        return None if history is None else self.open_path(history.path)

    def close(self) -> None:
        """The window closes: give up the log's lock."""
        self.lock.release()

    def _open(self, path: Path, lock: LogLock | None, reason: str = "",
              writer: bool = False) -> Job:
        readonly = lock is None
        return self._run(f"Opening {path.name}…", lambda report: History.open(path, readonly),
                         lambda history: self._opened(history, lock, reason, writer),
                         lambda error: self._open_failed(path, error, lock))

    def _locked_out(self, path: Path, lock: LogLock) -> Job | None:
        """Another program holds the log's lock, or it cannot be taken: say so, and offer
        to open the log read-only (following that program's new revisions)."""
        return self._offer_read_only(path, lock.refusal(), why_read_only(lock),
                                     lock.holder() is not None)

    def _offer_read_only(self, path: Path, question: str, reason: str,
                         writer: bool = False) -> Job | None:
        if self.dialogs.confirm(question, "Open read-only"):
            return self._open(path, None, reason, writer)
        return None

    def _opened(self, history: History, lock: LogLock | None = None, reason: str = "",
                writer: bool = False) -> None:
        self.window.replace_history(history)
        self.lock.keep(lock)
        if history.readonly:
            self.window.read_only.explain(reason or OPENED_READ_ONLY, writer)
        self.settings.add_recent(history.path)
        self.settings.last_folder = history.path.parent
        mode = " read-only" if history.readonly else ""
        self.window.tell(f"Opened {history.path}{mode}.{upgrade_note(history)}")
        for warning in history.warnings:
            self.dialogs.error(f"{history.path.name} does not check out: {warning}. "
                               "It is open read-only.")

    def _open_failed(self, path: Path, error: Error, lock: LogLock | None) -> None:
        self.lock.drop(lock)
        if isinstance(error, MissingLogError):
            self.settings.remove_recent(str(path))
            if self.dialogs.confirm(f"{error}\n\nCreate a new, empty log there?", "Create log"):
                self._create(path)
            return
        reason = next((why for kind, why in READ_ONLY_BECAUSE.items()
                       if isinstance(error, kind)), None)
        if lock is not None and reason is not None:
            self._offer_read_only(path, f"{error}\n\nYou can still open it read-only, to "
                                  "look and to export.", reason)
            return
        self.dialogs.error(f"{error}")

    def _fill_recent(self) -> None:
        menu = self.recent_menu
        menu.clear()
        recent = self.settings.recent_files
        for number, path in enumerate(recent, start=1):
            action = menu.addAction(f"&{number} {Path(path).name}")
            action.setToolTip(path)
            action.setStatusTip(path)
            action.triggered.connect(lambda _=False, p=path: self.open_path(p))
        if not recent:
            menu.addAction("No recent logs").setEnabled(False)
        menu.addSeparator()
        menu.addAction("&Clear the list", self.settings.clear_recent).setEnabled(bool(recent))

    # -- import, export, back up, verify ---------------------------------------------------

    def import_csv(self, csv_path: str | None = None) -> Job | None:
        """Add the users of a CSV file as one revision (asks for the file if not given)."""
        csv_path = csv_path or self.dialogs.open_file("Import users from CSV",
                                                      self.settings.last_folder, CSV)
        history = self.window.history
        if not csv_path or history is None:
            return None
        name, log = Path(csv_path).name, history.path

        def work(report):
            with History.open(log) as writer:
                return import_csv(writer, csv_path)

        return self._run(f"Importing {name}…", work, lambda count: self._imported(name, count),
                         lambda error: self.dialogs.error(
                             f"Nothing was imported from {name}: {error}"))

    def _imported(self, name: str, count: int) -> None:
        self.window.pick_up_changes()
        if count:
            self.window.tell(f"Imported {count} users from {name} as one revision: "
                             "undo removes them all.")
        else:
            self.dialogs.inform(f"{name} has no rows: nothing was imported.")

    def export(self) -> Job | None:
        history = self.window.history
        out = history and self.dialogs.save_file("Export users", self.settings.last_folder, EXPORTS)
        if not out:
            return None
        log, at, out = history.path, history.cursor, Path(out)
        out = out if out.suffix.lower() in (".csv", ".json") else out.with_suffix(".csv")

        def work(report):
            with History.open(log, readonly=True) as reader:
                return export_users(reader.users_at(at), out)

        return self._run(f"Exporting to {out.name}…", work,
                         lambda count: self.window.tell(f"Exported {count} users (as at "
                                                        f"revision {at}) to {out}."))

    def backup(self) -> Job | None:
        """Copy the whole log (every branch, the cursor, the checkpoints) to a new file,
        with SQLite's backup API on a connection of its own; never over an existing file."""
        history = self.window.history
        if history is None:
            return None
        log = history.path
        suggested = Path(self.settings.last_folder) / (
            f"{log.stem} backup {datetime.now():%Y-%m-%d %H%M}{log.suffix or '.db'}")
        dest = self.dialogs.save_file("Back up the log", str(suggested), LOGS)
        if not dest:
            return None
        dest = Path(dest) if Path(dest).suffix else Path(dest).with_suffix(".db")

        def work(report):
            with History.open(log, readonly=True) as reader:
                return reader.backup(dest)

        return self._run(f"Backing up {log.name}…", work, lambda copy: self.window.tell(
            f"Backed up {log.name} to {copy}: every branch, the cursor and the checkpoints."))

    def verify(self) -> Job | None:
        history = self.window.history
        if history is None:
            return None
        log = history.path
        return self._run(f"Verifying {log.name}…", lambda report: verify(log), self._verified)

    def _verified(self, report) -> None:
        name = Path(report.path).name
        if report.ok:
            self.dialogs.inform(f"{name} checks out: {report.revisions} revisions and "
                                f"{report.snapshots} snapshots verified.")
            return
        where = (f" The first revision that does not check out is {report.first_bad_revision}."
                 if report.first_bad_revision is not None else "")
        self.dialogs.error(f"{name} does not check out: {len(report.problems)} problems "
                           f"found.{where} Restore a backup, or export what you need from "
                           "a read-only window.", details="\n".join(report.problems))

    def about(self) -> None:
        history = self.window.history
        shown = ("No log is open." if history is None else
                 f"Open log: {escape(str(history.path))}"
                 + (" (read-only)" if history.readonly else ""))
        self.dialogs.about("About esdesktop", (
            f"<h3>esdesktop {__version__}</h3>"
            "<p>User records with a complete, branching, navigable history in one "
            "SQLite file.</p>"
            f"<p>{shown}</p><p>Error log: {escape(str(log_path()))}</p>"
            f"<p>Qt {qVersion()} · PySide6 {pyside_version} · "
            f"Python {platform.python_version()}</p>"))

    # -- running jobs --------------------------------------------------------------------------

    def _run(self, text: str, work, on_done: Callable,
             on_failed: Callable[[Error], None] | None = None) -> Job:
        busy = self.dialogs.busy(text)
        job = Job(work, self.window)
        # Lambdas, not busy's bound methods: Qt holds a bound method of a plain Python
        # object only weakly, so busy would be freed on return and never close its
        # progress window, which would show itself a moment later and stay (window-modal).
        job.progress.connect(lambda sentence: busy.set_text(sentence))
        for outcome in (job.done, job.failed, job.crashed):
            outcome.connect(lambda *_: busy.close())  # first, so that no message sits under it
        job.done.connect(on_done)
        job.failed.connect(on_failed or (lambda error: self.dialogs.error(str(error))))
        job.crashed.connect(lambda error: report_unexpected(error, self.dialogs.error))
        self.last_job = job
        return job.start()


def upgrade_note(history: History) -> str:
    """What the user is told when opening upgraded the log's file format ("" if not)."""
    if history.upgraded_copy is None:
        return ""
    return (f" It was upgraded to the current file format; the file as it was is kept as "
            f"{history.upgraded_copy.name}.")
