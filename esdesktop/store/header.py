"""Check a file's SQLite header before SQLite touches it, so a file that is not ours,
too new, empty or cut short is refused without anything written beside it."""

from __future__ import annotations

import os
from pathlib import Path

from esdesktop.errors import DamagedLogError, LogTooNewError, MissingLogError, NotALogError
from esdesktop.store.schema import APPLICATION_ID, SCHEMA_VERSION

MAGIC = b"SQLite format 3\x00"


def check_header(path: Path) -> None:
    """Raise the matching error unless ``path`` looks like a log this app can open."""
    if not path.exists():
        raise MissingLogError(path, f"{path} does not exist. Use New to start a log there.")
    if path.is_dir():
        raise NotALogError(path, f"{path} is a folder, not an esdesktop log.")
    size = path.stat().st_size
    if size == 0:
        raise NotALogError(path, f"{path} is empty: it is not an esdesktop log.")
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
