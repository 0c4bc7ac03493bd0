"""The errors esdesktop raises. Every one derives from :class:`Error`.

Each error carries a sentence a person can act on; callers at the edge (the CLI and
the window) show ``str(error)`` and never a traceback.
"""

from __future__ import annotations


class Error(Exception):
    """Root of every error esdesktop raises on purpose."""


class ValidationError(Error):
    """Bad input: names the field and the reason. Nothing was written."""

    def __init__(self, field: str, reason: str, *, line: int | None = None):
        self.field = field
        self.reason = reason
        self.line = line
        where = f"line {line}: " if line is not None else ""
        super().__init__(f"{where}{field}: {reason}")


class LogError(Error):
    """A problem with a log file. ``path`` names the file."""

    def __init__(self, path, message: str):
        self.path = str(path)
        super().__init__(message)


class MissingLogError(LogError):
    """The path does not exist (only "New" creates a log)."""


class LogExistsError(LogError):
    """"New" was asked for a path that already exists."""


class NotALogError(LogError):
    """The file is not an esdesktop log (random bytes, another app's database...)."""


class LogTooNewError(LogError):
    """The log was written by a newer esdesktop than this one."""


class DamagedLogError(LogError):
    """The log is truncated, corrupt or was edited by another tool.

    ``revision`` names the first revision that does not check out, when known.
    """

    def __init__(self, path, message: str, revision: int | None = None):
        self.revision = revision
        super().__init__(path, message)


class LogInUseError(LogError):
    """Another process holds the log open for writing."""


class ReadOnlyLogError(LogError):
    """A write was asked of a log opened read-only, or the file cannot be written."""


class StorageFullError(LogError):
    """The disk (or the file's size limit) is full. Nothing was written."""


class ConflictError(LogError):
    """Another writer changed the log since this view read it. Nothing was written."""


class NotFoundError(Error):
    """A user or revision id that does not exist."""
