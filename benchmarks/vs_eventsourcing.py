"""The same workload through esdesktop and through the ``eventsourcing`` package (the
optional ``bench`` extra) on its own SQLite store, in the same run.

One user is one aggregate there. Both stores are files in WAL mode at SQLite's default
``synchronous=FULL`` (eventsourcing sets WAL itself). The workload, in this order:

* bulk append: ``users`` new users in one transaction (esdesktop: ``History.batch``, which
  also validates every field; eventsourcing: ``app.save(*aggregates)``, no validation);
* one commit per edit: ``edits`` display-name changes, each durably committed on its own
  (eventsourcing keeps the aggregates in memory, so it does not re-read them per edit);
* rebuilding all users from their events, no snapshots (esdesktop: a full replay;
  eventsourcing: ``repository.get`` for every aggregate, snapshotting off).
"""

from __future__ import annotations

import os
import random
from importlib.metadata import version
from pathlib import Path

from benchmarks.measure import Row, median, timed
from benchmarks.people import People
from benchmarks.raw_sqlite import _remove
from esdesktop import History
from esdesktop.history.navigation import state_at
from esdesktop.store import SqliteStore

try:
    import eventsourcing
    from eventsourcing.application import Application
    from eventsourcing.domain import Aggregate, event
except ImportError:  # the optional "bench" extra is not installed
    eventsourcing = None


def available() -> bool:
    return eventsourcing is not None


if eventsourcing is not None:

    class Account(Aggregate):
        """A user, as an eventsourcing aggregate."""

        @event("Created")
        def __init__(self, username, email, display_name, role, active):
            self.username, self.email, self.display_name = username, email, display_name
            self.role, self.active = role, active

        @event("DisplayNameChanged")
        def rename(self, display_name):
            self.display_name = display_name

    class Accounts(Application):
        is_snapshotting_enabled = False


def _theirs(rows: list[dict], edits: int, path: Path) -> tuple[float, list[float], float]:
    _remove(path)
    app = Accounts(env={"PERSISTENCE_MODULE": "eventsourcing.sqlite",
                        "SQLITE_DBNAME": str(path)})
    accounts: list = []
    bulk = timed(lambda: (accounts.extend(Account(**row) for row in rows),
                          app.save(*accounts)))
    rng, per_edit = random.Random(5), []
    for n in range(edits):
        account = rng.choice(accounts)
        per_edit.append(timed(lambda a=account, n=n: (a.rename(f"Edited {n}"), app.save(a))))
    ids = [account.id for account in accounts]
    rebuild = timed(lambda: [app.repository.get(aggregate_id) for aggregate_id in ids])
    app.close()
    _remove(path)
    return bulk, per_edit, rebuild


def _ours(rows: list[dict], edits: int, path: Path) -> tuple[float, list[float], float]:
    _remove(path)
    ids: list[str] = []
    with History.create(path) as history:
        def append_all():
            with history.batch(f"Import {len(rows)} users"):
                ids.extend(history.create_user(**row) for row in rows)
        bulk = timed(append_all)
        rng, per_edit = random.Random(5), []
        for n in range(edits):
            uid = rng.choice(ids)
            per_edit.append(timed(lambda u=uid, n=n: history.update_user(
                u, display_name=f"Edited {n}")))
    store = SqliteStore.open(path, readonly=True)
    tip = store.revision(store.position()[0])
    rebuild = timed(lambda: state_at(store, tip, use_snapshots=False))
    store.close()
    _remove(path)
    return bulk, per_edit, rebuild


def rows_vs_eventsourcing(users: int, edits: int, out: Path) -> list[Row]:
    """Three rows: bulk append, one commit per edit (p50), rebuild all users."""
    people = People(random.Random(21))
    rows = [people.new_user() for _ in range(users)]
    ours = _ours(rows, edits, out / f"vs-es-ours-{os.getpid()}.db")
    theirs = _theirs(rows, edits, out / f"vs-es-theirs-{os.getpid()}.db")
    events = users + edits
    named = (
        (f"bulk append: {users:,} new users, one transaction", ours[0], theirs[0]),
        (f"one commit per edit, p50 of {edits}", median(ours[1]), median(theirs[1])),
        (f"rebuild all {users:,} users from {events:,} events", ours[2], theirs[2]),
    )
    return [Row(what, _seconds(mine), "esdesktop faster",
                f"eventsourcing {version('eventsourcing')}: {_seconds(other)}; "
                f"**{other / mine:.2f}x** esdesktop's time", mine < other)
            for what, mine, other in named]


def _seconds(value: float) -> str:
    return f"{value * 1000:.2f} ms" if value < 1 else f"{value:.2f} s"
