"""Where the time goes in the two engine figures that miss their budget on the benchmark
log: a seek (load the nearest snapshot, then replay the events after it) and the full
replay (per event: read the row, parse its JSON, apply it).

    python -m benchmarks.breakdown [LOG]

Each stage is timed on its own with the code the app runs, medians of a few runs, so the
stages add up to about the whole. Beside the snapshot's stages stands the floor no
decoder written in Python can go under: ``marshal.loads`` (CPython's own C loader, unsafe
for a file from elsewhere, so not an option for the app) building the same lists of
strings from bytes already in memory.
"""

from __future__ import annotations

import marshal
import sys
from array import array
from collections import deque

from pydantic_core import from_json

from benchmarks.build_log import OUT, Spec
from benchmarks.measure import median, ms, timed
from esdesktop.allocator import keep_freed_memory
from esdesktop.domain import Revision
from esdesktop.domain.replay import fold
from esdesktop.history.collector import collector_paused
from esdesktop.history.navigation import state_at
from esdesktop.store import SqliteStore, snapshots

RUNS = 5
NAMED = 2_500  # users named by the events a seek replays after a snapshot: at most half
# the spacing of snapshots (5,000 events), if every event named another user


def timeline_end(store: SqliteStore) -> Revision:
    """The newest revision of the current timeline (the largest state), wherever the
    cursor was left."""
    return store.revision(store.timeline_revision(store.timeline_length() - 1))


def snapshot_stages(store: SqliteStore) -> list[tuple[str, float]]:
    """The stages of loading the snapshot nearest the timeline's end."""
    revision, fmt, users = store.nearest_snapshot(timeline_end(store).id)
    if fmt != snapshots.FORMAT:
        raise SystemExit(f"the snapshot is in {fmt}, not {snapshots.FORMAT}: rebuild the log")
    blob = store.snapshot_data(revision.id)
    count, segments = snapshots.nul_segments(blob)
    *texts, slots = segments
    columns = snapshots.nul_columns(count, texts)
    read = _median(lambda: store.snapshot_data(revision.id))
    unzip = _median(lambda: snapshots.nul_segments(blob))
    split = _median(lambda: (snapshots.nul_columns(count, texts), snapshots.read_numbers(slots)))
    named = columns[0][::len(columns[0]) // NAMED or 1]  # users a seek's events might name
    found = _median(lambda: _find(
        snapshots.state_of(columns, slots=snapshots.read_numbers(slots)), named))
    by_id = array("I", sorted(range(count), key=columns[0].__getitem__))  # format 5's index
    bisected = _median(lambda: _find(snapshots.state_of(columns, by_id), named))
    indexed = _median(lambda: snapshots.state_of(columns))
    strings = marshal.dumps([list(column) for column in columns])
    floor = _median(lambda: marshal.loads(strings))
    size = sum(map(len, segments))
    return [
        (f"read the snapshot row ({len(blob) / 1e6:.1f} MB, {users:,} users)", read),
        (f"check its CRC-32, LZ4-decompress its eleven segments ({size / 1e6:.1f} MB)", unzip),
        ("make the strings: ids split on NUL, usernames, emails and display names "
         "kept whole with their starts; read the ids' hash slots", split),
        (f"build the state and find {len(named):,} users in it, as many as a seek's events "
         "may name (through the hash slots; their dicts are made when asked for)", found),
        ("or, with the rows in id order instead (columns-nul-lz4-5), find them by "
         "bisection", bisected),
        ("or, without either (columns-nul-lz4-4), build it with an index of every user",
         indexed),
        ("floor, for comparison: marshal.loads of every value as a string (C, no parsing)",
         floor),
    ]


def _find(state, user_ids: list[str]) -> None:
    contains = state.records.__contains__
    deque(map(contains, user_ids), maxlen=0)


def replay_stages(store: SqliteStore) -> tuple[int, list[tuple[str, float]]]:
    """Seconds per event of a full replay's three parts, and the events it replays."""
    target = timeline_end(store)
    events = target.path_events

    def read_only():
        store.consume_events_between(0, target.id, deque(maxlen=0).extend)

    def read_and_parse():
        store.consume_events_between(0, target.id, lambda rows: deque(
            (from_json(row[3], cache_strings="keys") for row in rows), maxlen=0))

    read = _median(read_only, runs=3)
    parse = _median(read_and_parse, runs=3) - read
    whole = _median(lambda: state_at(store, target, use_snapshots=False), runs=3)
    return events, [("read the rows (SQLite, the replay's query)", read / events),
                    ("parse each event's JSON", parse / events),
                    ("apply each event to the state (checks included)",
                     (whole - read - parse) / events),
                    ("the whole replay", whole / events)]


def gap_per_event(store: SqliteStore) -> float:
    """Seconds per event of replaying the events after a snapshot (the tail of a seek)."""
    cursor = timeline_end(store)
    snapshot, fmt, _ = store.nearest_snapshot(cursor.id)
    state = snapshots.decode(store.snapshot_data(snapshot.id), fmt)
    span = max(1, cursor.path_events - snapshot.path_events)
    samples = []
    with collector_paused():
        for _ in range(RUNS):  # each run on a copy of its own, made outside the timing
            copy = state.copy()  # (subtracting a separately timed copy came out negative)
            samples.append(timed(lambda copy=copy: store.consume_events_between(
                snapshot.id, cursor.id, lambda rows: fold(copy, rows))))
    return median(samples) / span


def _median(action, runs: int = RUNS) -> float:
    """Median seconds, with the cyclic collector paused as the app pauses it while it
    builds a state."""
    with collector_paused():
        return median([timed(action) for _ in range(runs)])


def render(path) -> str:
    store = SqliteStore.open(path, readonly=True)
    try:
        stages = snapshot_stages(store)
        per_event = gap_per_event(store)
        events, replay = replay_stages(store)
    finally:
        store.close()
    load = sum(seconds for what, seconds in stages if not what.startswith(("floor", "or,")))
    lines = ["| stage | time |", "| --- | --- |"]
    lines += [f"| {what} | {ms(seconds)} |" for what, seconds in stages]
    lines += [f"| loading the snapshot, all stages | {ms(load)} |",
              f"| then each event after the snapshot | {per_event * 1e6:.2f} µs |",
              "", f"Full replay of {events:,} events, per event:", "",
              "| part | µs per event |", "| --- | --- |"]
    lines += [f"| {what} | {seconds * 1e6:.2f} |" for what, seconds in replay]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    keep_freed_memory()  # as the app's entry point does (esdesktop.cli.main)
    print(render(argv[0] if argv else str(OUT / Spec().name)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
