"""Measure the constants the navigation's cost model uses, on a built log.

    python -m benchmarks.costs [LOG]

Prints, as medians: decoding a snapshot per user in each format, replaying an event, and
their ratio, which is what ``SNAPSHOT_COST_PER_USER`` in esdesktop/history/navigation.py
should be (loading a snapshot costs that many event replays per user it holds).
"""

from __future__ import annotations

import json
import sys
import zlib

from benchmarks.build_log import OUT, Spec
from benchmarks.measure import median, timed
from esdesktop.domain import FIELDS
from esdesktop.history.collector import collector_paused
from esdesktop.history.navigation import state_at
from esdesktop.store import SqliteStore, snapshots


def old_rows_blob(state) -> bytes:
    rows = [[uid, *(fields[f] for f in FIELDS)] for uid, fields in state.records.items()]
    return zlib.compress(json.dumps(rows, separators=(",", ":")).encode(), 1)


def measure(path) -> dict:
    store = SqliteStore.open(path, readonly=True)
    try:
        found = store.nearest_snapshot(store.position()[0])
        revision, fmt, users = found
        blob = store.snapshot_data(revision.id)
        state = snapshots.decode(blob, fmt)
        formats = {snapshots.FORMAT: snapshots.encode(state)[1],
                   snapshots.JSON_FORMAT: snapshots.json_columns(snapshots.columns(state)),
                   "rows-json-zlib-1": old_rows_blob(state)}
        with collector_paused():  # as the app builds a state
            per_user = {name: median([timed(lambda b=b, n=name: snapshots.decode(b, n))
                                      for _ in range(5)]) / users
                        for name, b in formats.items()}
        span = max(1, revision.path_events)
        per_event = median([timed(lambda: state_at(store, revision, use_snapshots=False))
                            for _ in range(3)]) / span
    finally:
        store.close()
    return {"users": users, "events replayed": span,
            **{f"decode µs/user {name}": round(t * 1e6, 3) for name, t in per_user.items()},
            "replay µs/event": round(per_event * 1e6, 3),
            "SNAPSHOT_COST_PER_USER": round(per_user[snapshots.FORMAT] / per_event, 3)}


def main(argv: list[str]) -> int:
    path = argv[0] if argv else str(OUT / Spec().name)
    print(json.dumps(measure(path), indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
