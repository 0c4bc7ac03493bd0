"""Snapshots built in the background, after the edit that makes one due has committed.

A snapshot is a cache, so an edit never waits for one (at 100,000 users it takes 0.2 to
0.3 s) and never fails for one: a snapshot that cannot be written (a full disk) costs the
next open some replay, not an edit the user made.
"""

from __future__ import annotations

import logging
import threading

from esdesktop.domain import State
from esdesktop.errors import LogError
from esdesktop.store import SqliteStore, snapshots

log = logging.getLogger("esdesktop")


class SnapshotWriter:
    """Writes snapshots of one store on a worker thread, one at a time."""

    def __init__(self, store: SqliteStore):
        self._store = store
        self._job: threading.Thread | None = None

    def start(self, revision_id: int, state: State) -> None:
        """Store ``state`` as the snapshot at ``revision_id``. Its columns are copied here
        (the state goes on changing); a worker thread encodes, compresses and writes them
        on a connection of its own, in a small transaction that is not fsynced. A build
        still running is waited for first."""
        self.wait()
        self._job = threading.Thread(target=self._write, name="esdesktop snapshot",
                                     args=(revision_id, snapshots.columns(state)))
        self._job.start()

    def wait(self) -> None:
        """Return once no build is running."""
        if self._job is not None:
            self._job.join()
            self._job = None

    def _write(self, revision_id: int, columns: list[list]) -> None:
        """On the worker thread: a failure is logged, never raised (nothing is lost)."""
        try:
            fmt, data = snapshots.encode(columns)
            self._store.put_snapshot_aside(revision_id, fmt, len(columns[0]), data)
        except LogError as error:
            log.warning("%s: no snapshot written at revision %s (%s)", self._store.path,
                        revision_id, error)
        except Exception:  # a bug: logged with its traceback, kept from the user
            log.warning("%s: no snapshot written at revision %s", self._store.path,
                        revision_id, exc_info=True)
