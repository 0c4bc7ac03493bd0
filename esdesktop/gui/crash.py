"""What happens to an error nobody expected: it goes to the log file, and the person is
told in a sentence where that file is. The app keeps running."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path

from esdesktop.logfile import setup_logging

log = logging.getLogger("esdesktop.gui")


def unexpected_message(error: BaseException, path: Path) -> str:
    return (f"Something went wrong that esdesktop did not expect ({type(error).__name__}: "
            f"{error}). Your saved changes are safe in the log, and you can carry on. "
            f"The details were written to {path}; please attach that file if you report it.")


def report_unexpected(error: BaseException, tell: Callable[[str], None] | None = None) -> Path:
    """Write ``error`` with its traceback to the log file; tell the person where it is."""
    path = setup_logging()
    log.error("unexpected error", exc_info=(type(error), error, error.__traceback__))
    if tell is not None:
        tell(unexpected_message(error, path))
    return path


class ExceptHook:
    """``sys.excepthook`` for the window: an uncaught exception (in a slot, a timer, a
    callback) is logged and shown in a dialog instead of a traceback on the console."""

    def __init__(self, tell: Callable[[str], None]):
        self._tell = tell
        self._busy = False

    def __call__(self, kind, error, traceback) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, traceback)
            return
        error.__traceback__ = traceback
        if self._busy:  # an error while showing the last one: log it, show nothing more
            report_unexpected(error)
            return
        self._busy = True
        try:
            report_unexpected(error, self._tell)
        finally:
            self._busy = False
