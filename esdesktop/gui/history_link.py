"""A widget's link to a History: one subscription, and History calls that fail politely."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject

from esdesktop import Change, Error, History


class HistoryLink:
    """Holds the History a widget shows and its subscription to it.

    ``set`` drops the previous subscription before taking the new one, and the
    subscription is dropped when the owner is destroyed, so History never calls into a
    deleted widget. ``attempt`` runs a History call and turns an esdesktop error into a
    sentence on the owner's ``failed`` signal.
    """

    def __init__(self, owner: QObject, on_change: Callable[[Change], None]):
        self._owner = owner
        self._on_change = on_change
        self._unsubscribe: Callable[[], None] | None = None
        self.history: History | None = None
        self._length: tuple[int, int] | None = None  # (tip, length of the timeline to it)
        owner.destroyed.connect(self._drop)

    def set(self, history: History | None) -> None:
        self._drop()
        self.history = history
        self._length = None
        if history is not None:
            self._unsubscribe = history.subscribe(self._on_change)

    def length(self) -> int:
        """``history.length`` (a query), read again only when the tip is another: the
        timeline is the path to the tip, so a tip's id fixes its length for good."""
        tip = self.history.tip
        if self._length is None or self._length[0] != tip:
            self._length = (tip, self.history.length)
        return self._length[1]

    def attempt(self, what: str, call: Callable, *args) -> bool:
        """Run ``call(*args)``; on an esdesktop error emit "Could not <what>: <reason>"."""
        try:
            call(*args)
        except Error as error:
            self._owner.failed.emit(f"Could not {what}: {error}")
            return False
        return True

    def _drop(self, *_) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
