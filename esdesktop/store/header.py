"""Check a file's SQLite header before SQLite touches it, so a file that is not ours,
too new, empty or cut short is refused without anything written beside it."""

from __future__ import annotations

import os
import threading
from collections import Counter
from pathlib import Path

from esdesktop.errors import DamagedLogError, LogTooNewError, MissingLogError, NotALogError
from esdesktop.store.schema import APPLICATION_ID, SCHEMA_VERSION

MAGIC = b"SQLite format 3\x00"

# Logs this process has open through SQLite, by (device, inode). Closing any file handle
# on a database drops every POSIX lock this process holds on it, and with them the locks
# that tell other processes a connection is still using the -wal file (so they would
# checkpoint and delete it under this process's feet). Such a log is not read again here.
_held: Counter = Counter()
_held_lock = threading.Lock()


def hold(path: Path) -> tuple[int, int]:
    """Note that this process opened ``path`` through SQLite; pass the result to
    :func:`release` when the connection is closed."""
    status = path.stat()
    key = (status.st_dev, status.st_ino)
    with _held_lock:
        _held[key] += 1
    return key


def release(key: tuple[int, int]) -> None:
    with _held_lock:
        _held[key] -= 1
        if _held[key] <= 0:
            del _held[key]


def _held_here(path: Path) -> bool:
    status = path.stat()
    with _held_lock:
        return (status.st_dev, status.st_ino) in _held


def check_header(path: Path) -> None:
    """Raise the matching error unless ``path`` looks like a log this app can open."""
    if not path.exists():
        raise MissingLogError(path, f"{path} does not exist. Use New to start a log there.")
    if path.is_dir():
        raise NotALogError(path, f"{path} is a folder, not an esdesktop log.")
    size = path.stat().st_size
    if size == 0:
        raise NotALogError(path, f"{path} is empty: it is not an esdesktop log.")
    if _held_here(path):
        return  # checked when first opened; reading it now would drop SQLite's locks
    with open(path, "rb") as file:
        header = file.read(100)
    if len(header) < 100 or not header.startswith(MAGIC):
        raise NotALogError(path, f"{path} is not an esdesktop log (not an SQLite database).")
    if _int(header, 68) != APPLICATION_ID:
        raise NotALogError(
            path, f"{path} is an SQLite database of another application, not an esdesktop log."
        )
    if _int(header, 60) > SCHEMA_VERSION:
        raise LogTooNewError(
            path,
            f"{path} was written by a newer esdesktop (file format {_int(header, 60)}; "
            f"this app reads up to {SCHEMA_VERSION}). Update esdesktop to open it.",
        )
    if _int(header, 60) < 1:  # every log has format 1 or later: its header is damaged
        raise DamagedLogError(
            path, f"{path} has no file format number in its header: the log is damaged. "
            "Restore a backup."
        )
    _check_size(path, header, size)


def _check_size(path: Path, header: bytes, size: int) -> None:
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages, change, valid_for = _int(header, 28), _int(header, 24), _int(header, 92)
    short = change == valid_for and size < pages * page_size
    if short or size % page_size:
        raise DamagedLogError(
            path, f"{path} is cut short ({size} bytes): the log is damaged. Restore a backup."
        )


def _int(header: bytes, offset: int) -> int:
    return int.from_bytes(header[offset : offset + 4], "big")


def sidecars(path: Path) -> list[Path]:
    """The -wal and -shm files SQLite keeps beside a database."""
    return [Path(os.fspath(path) + suffix) for suffix in ("-wal", "-shm")]
