"""Copying a log with SQLite's online backup API.

A plain file copy of an open log misses whatever still sits in its ``-wal`` file, and a
copy taken while a writer commits can be torn. The backup API copies the database as one
consistent read, the ``-wal`` included. The copy is written beside its destination under
a temporary name and linked into place only when complete, so ``dest`` never holds half a
backup, and an existing file is never overwritten.
"""

from __future__ import annotations

import os
import sqlite3
import uuid
from pathlib import Path

from esdesktop.errors import LogError, LogExistsError, ReadOnlyLogError, StorageFullError


def backup(conn: sqlite3.Connection, dest) -> Path:
    """Copy the database behind ``conn`` to the new file ``dest``; returns ``dest``."""
    dest = Path(dest)
    if dest.exists():
        raise LogExistsError(dest, f"{dest} already exists. Pick a new name for the backup.")
    partial = dest.with_name(f".{dest.name}.{uuid.uuid4().hex[:8]}.partial")
    try:
        _copy(conn, partial)
        os.link(partial, dest)  # fails if dest appeared meanwhile: never overwrites
        _sync_folder(dest.parent)
    except FileExistsError:
        raise LogExistsError(dest, f"{dest} already exists. Pick a new name for the backup.") from None
    except sqlite3.Error as error:
        raise _failed(dest, str(error)) from None
    except OSError as error:
        raise _failed(dest, error.strerror or str(error), error.errno) from None
    finally:
        for leftover in (partial, *_sidecars(partial)):
            leftover.unlink(missing_ok=True)
    return dest


def _copy(conn: sqlite3.Connection, path: Path) -> None:
    target = sqlite3.connect(path, isolation_level=None)
    try:
        conn.backup(target)
        target.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        target.close()
    with open(path, "rb+") as file:
        os.fsync(file.fileno())


def _sync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # not every platform lets a folder be opened (Windows): best effort
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sidecars(path: Path) -> list[Path]:
    return [Path(f"{path}{suffix}") for suffix in ("-wal", "-shm", "-journal")]


def _failed(dest: Path, reason: str, errno: int | None = None) -> LogError:
    if errno == 28 or "full" in reason.lower():
        return StorageFullError(dest, f"The disk holding {dest} is full; no backup was "
                                "written. Free some space and try again.")
    return ReadOnlyLogError(dest, f"The backup {dest} cannot be written ({reason}); "
                            "no backup was written.")
