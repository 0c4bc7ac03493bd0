"""The same workload through esdesktop and through the ``eventsourcing`` package (the
optional ``bench`` extra) on its own SQLite store, in the same run.

One user is one aggregate there. Both stores are files in WAL mode at SQLite's default
``synchronous=FULL`` (eventsourcing sets WAL itself). The workload, in this order:

* bulk append: ``users`` new users in one transaction (esdesktop: ``History.batch``, which
  also validates every field; eventsourcing: ``app.save(*aggregates)``, no validation);
* one commit per edit: ``edits`` display-name changes, each durably committed on its own,
  esdesktop's and eventsourcing's taking turns (eventsourcing keeps the aggregates in
  memory, so it does not re-read them per edit);
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


class Theirs:
    """The workload through eventsourcing: one aggregate per user."""

    def __init__(self, path: Path):
        _remove(path)
        self.path = path
        self.app = Accounts(env={"PERSISTENCE_MODULE": "eventsourcing.sqlite",
                                 "SQLITE_DBNAME": str(path)})
        self.accounts: list = []

    def bulk(self, rows: list[dict]) -> float:
        return timed(lambda: (self.accounts.extend(Account(**row) for row in rows),
                              self.app.save(*self.accounts)))

    def edit(self, n: int, rng: random.Random) -> float:
        account = rng.choice(self.accounts)
        return timed(lambda: (account.rename(f"Edited {n}"), self.app.save(account)))

    def rebuild(self) -> float:
        ids = [account.id for account in self.accounts]
        took = timed(lambda: [self.app.repository.get(aggregate_id) for aggregate_id in ids])
        self.app.close()
        _remove(self.path)
        return took


class Ours:
    """The workload through esdesktop's History."""

    def __init__(self, path: Path):
        _remove(path)
        self.path = path
        self.history = History.create(path)
        self.ids: list[str] = []

    def bulk(self, rows: list[dict]) -> float:
        def append_all():
            with self.history.batch(f"Import {len(rows)} users"):
                self.ids.extend(self.history.create_user(**row) for row in rows)
        return timed(append_all)

    def edit(self, n: int, rng: random.Random) -> float:
        uid = rng.choice(self.ids)
        return timed(lambda: self.history.update_user(uid, display_name=f"Edited {n}"))

    def rebuild(self) -> float:
        self.history.close()
        store = SqliteStore.open(self.path, readonly=True)
        tip = store.revision(store.position()[0])
        took = timed(lambda: state_at(store, tip, use_snapshots=False))
        store.close()
        _remove(self.path)
        return took


def rows_vs_eventsourcing(users: int, edits: int, out: Path) -> list[Row]:
    """Three rows: bulk append, one commit per edit (p50), rebuild all users."""
    people = People(random.Random(21))
    rows = [people.new_user() for _ in range(users)]
    ours = Ours(out / f"vs-es-ours-{os.getpid()}.db")
    theirs = Theirs(out / f"vs-es-theirs-{os.getpid()}.db")
    bulk = ours.bulk(rows), theirs.bulk(rows)
    mine_rng, their_rng, edited = random.Random(5), random.Random(5), ([], [])
    for n in range(edits):  # alternating, so that both meet the same disk
        edited[0].append(ours.edit(n, mine_rng))
        edited[1].append(theirs.edit(n, their_rng))
    rebuilt = ours.rebuild(), theirs.rebuild()
    events = users + edits
    named = (
        (f"bulk append: {users:,} new users, one transaction", *bulk),
        (f"one commit per edit, p50 of {edits}, alternating", *map(median, edited)),
        (f"rebuild all {users:,} users from {events:,} events", *rebuilt),
    )
    return [Row(what, _seconds(mine), "esdesktop faster",
                f"eventsourcing {version('eventsourcing')}: {_seconds(other)}; "
                f"**{other / mine:.2f}x** esdesktop's time", mine < other)
            for what, mine, other in named]


def _seconds(value: float) -> str:
    return f"{value * 1000:.2f} ms" if value < 1 else f"{value:.2f} s"
