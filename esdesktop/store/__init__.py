"""The log file: the only package that imports sqlite3 or sqlite_utils."""

from esdesktop.store import snapshots
from esdesktop.store.sqlite_store import APP_VERSION, SqliteStore, default_actor

__all__ = ["APP_VERSION", "SqliteStore", "default_actor", "snapshots"]
