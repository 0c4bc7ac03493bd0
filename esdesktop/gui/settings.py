"""UI preferences kept in QSettings: geometry, dock layout, recent files. Data lives in the
log, never here."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

ORGANISATION = "esdesktop"
APPLICATION = "esdesktop"
MAX_RECENT = 8


class _Bytes:
    """A QByteArray setting stored under ``key``; reads None when it was never saved."""

    def __init__(self, key: str, doc: str):
        self.key = key
        self.__doc__ = doc

    def __get__(self, settings: "Settings", owner=None) -> QByteArray | None:
        value = settings._store.value(self.key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def __set__(self, settings: "Settings", value: QByteArray) -> None:
        settings._store.setValue(self.key, value)


class Settings:
    """Typed access to the window's QSettings. Pass a QSettings (tests give one on a file
    in a temporary folder); the default is the user's esdesktop settings."""

    def __init__(self, store: QSettings | None = None):
        self._store = store if store is not None else QSettings(ORGANISATION, APPLICATION)

    @classmethod
    def at(cls, path) -> "Settings":
        """Settings kept in an INI file at ``path`` (for tests and screenshots)."""
        return cls(QSettings(str(path), QSettings.Format.IniFormat))

    # -- window layout -------------------------------------------------------------------

    geometry = _Bytes("window/geometry", "The window's place and size (saveGeometry).")
    window_state = _Bytes("window/state", "Docks and toolbars (QMainWindow.saveState).")
    splitter_state = _Bytes("window/splitter", "Table and editor widths.")
    table_header = _Bytes("table/header", "Column widths and the sort column of the table.")

    # -- files ---------------------------------------------------------------------------

    @property
    def recent_files(self) -> list[str]:
        value = self._store.value("files/recent", [])
        if isinstance(value, str):  # QSettings gives a lone string for a one-item list
            value = [value]
        return [str(item) for item in value or []]

    def add_recent(self, path) -> None:
        """Put ``path`` first in the recent files, once, keeping at most MAX_RECENT."""
        path = str(Path(path).resolve())
        recent = [path, *(p for p in self.recent_files if p != path)]
        self._store.setValue("files/recent", recent[:MAX_RECENT])

    def remove_recent(self, path) -> None:
        self._store.setValue("files/recent", [p for p in self.recent_files if p != str(path)])

    def clear_recent(self) -> None:
        self._store.setValue("files/recent", [])

    @property
    def last_folder(self) -> str:
        """The folder the last file dialog was in (the home folder at first)."""
        return str(self._store.value("files/folder", str(Path.home())))

    @last_folder.setter
    def last_folder(self, value) -> None:
        self._store.setValue("files/folder", str(value))

    def sync(self) -> None:
        self._store.sync()
