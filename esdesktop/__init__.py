"""esdesktop: user records with a complete, navigable history in one SQLite file."""

from esdesktop.domain import User
from esdesktop.errors import (
    ConflictError,
    DamagedLogError,
    Error,
    LogExistsError,
    LogInUseError,
    LogTooNewError,
    MissingLogError,
    NotALogError,
    NotFoundError,
    ReadOnlyLogError,
    StorageFullError,
    ValidationError,
)
from esdesktop.history import Change, History

__version__ = "0.1.0"

__all__ = [
    "Change", "ConflictError", "DamagedLogError", "Error", "History", "LogExistsError",
    "LogInUseError", "LogTooNewError", "MissingLogError", "NotALogError", "NotFoundError",
    "ReadOnlyLogError", "StorageFullError", "User", "ValidationError", "__version__",
]
