"""The engine's figures, measured through :class:`esdesktop.History` on a working copy of
the built log, each beside its raw-SQLite baseline where there is one."""

from __future__ import annotations

import json
import random
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks import raw_sqlite
from benchmarks.measure import Row, median, ms, percentile, spread, timed
from benchmarks.people import users_csv
from esdesktop import History, domain
from esdesktop.history.navigation import state_at
from esdesktop.history.transfer import import_csv
from esdesktop.store import SqliteStore

ROOT = Path(__file__).resolve().parents[1]
OPEN_BUDGET = 1.0
STEP_P95_BUDGET = 0.005
SEEK_P95_BUDGET = 0.050
EDIT_RATIO_BUDGET = 2.0
IMPORT_BUDGET = 1.5
REPLAY_BUDGET = 300_000
RSS_BUDGET_MB = 300


@dataclass(frozen=True)
class Sizes:
    """How many samples each measurement takes."""

    opens: int = 5
    steps: int = 200
    seeks: int = 60
    edits: int = 60
    import_users: int = 100_000
    imports: int = 3
    replays: int = 3


SMOKE = Sizes(opens=2, steps=20, seeks=10, edits=10, import_users=2_000, imports=1, replays=1)


def open_row(log: Path, sizes: Sizes) -> Row:
    samples = [open_once(log) for _ in range(sizes.opens)]
    store = SqliteStore.open(log, readonly=True)
    try:
        cursor = store.revision(store.position()[0])
        found = store.nearest_snapshot(cursor.id)
    finally:
        store.close()
    low = found[0].depth if found else 0
    raw = median([raw_sqlite.read_span(log, found and found[0].id, low, cursor.depth)
                  for _ in range(sizes.opens)])
    figure = median(samples)
    return Row("open the log, state at the cursor", f"{ms(figure)} (median of {len(samples)})",
               f"< {OPEN_BUDGET:g} s", f"raw read of the same snapshot and events: {ms(raw)}",
               figure < OPEN_BUDGET)


def open_once(log) -> float:
    """Seconds to open the log and get the state at its cursor."""
    started = time.perf_counter()
    history = History.open(log)
    len(history.users)
    took = time.perf_counter() - started
    history.close()
    return took


def step_rows(history: History, sizes: Sizes) -> list[Row]:
    """Undo ``steps`` times from the cursor, then redo as many."""
    undos = [timed(history.undo) for _ in range(sizes.steps)]
    redos = [timed(history.redo) for _ in range(sizes.steps)]
    return [Row(f"{name} one step ({len(samples)} steps)", spread(samples),
                f"p95 < {ms(STEP_P95_BUDGET)}", "", percentile(samples, 0.95) < STEP_P95_BUDGET)
            for name, samples in (("undo", undos), ("redo", redos))]


def seek_row(history: History, sizes: Sizes, rng: random.Random) -> Row:
    length = history.length
    samples = []
    for position in (rng.randrange(length) for _ in range(sizes.seeks)):
        samples.append(timed(lambda position=position: history.seek(position)))
    history.seek(length - 1)
    return Row(f"seek to a random position ({len(samples)} seeks over {length:,} revisions)",
               spread(samples), f"p95 < {ms(SEEK_P95_BUDGET)}", "",
               percentile(samples, 0.95) < SEEK_P95_BUDGET)


def edit_row(history: History, sizes: Sizes, rng: random.Random, scratch: Path) -> Row:
    """Durable edits at the tip, each followed by a raw INSERT + COMMIT of as many bytes."""
    raw = raw_sqlite.RawTable(scratch)
    users = list(history.users)
    ours, theirs, sizes_seen = [], [], []
    try:
        for n in range(sizes.edits):
            uid = rng.choice(users)
            name = f"Edited {n}"
            ours.append(timed(lambda uid=uid, name=name: history.update_user(
                uid, display_name=name)))
            size = _stored_bytes(history, uid)
            sizes_seen.append(size)
            theirs.append(raw.insert_commit(random.randbytes(size)))
    finally:
        raw.close()
    ratio = median(ours) / median(theirs)
    return Row(f"one durable edit ({len(ours)} edits, about {median(sizes_seen)} bytes each)",
               f"{spread(ours)}; **{ratio:.2f}x** raw",
               f"p50 < {EDIT_RATIO_BUDGET:g}x raw",
               f"raw INSERT + COMMIT of as many bytes: {spread(theirs)}",
               ratio < EDIT_RATIO_BUDGET)


def _stored_bytes(history: History, user_id: str) -> int:
    """The bytes the last edit stored: its revision's text and its event's."""
    revision = history.cursor_revision
    event = history.user_history(user_id)[-1].event
    texts = (revision.label, revision.actor, revision.recorded_at, revision.hash,
             event.user_id, *map(str, domain.encode(event)))
    return sum(len(text.encode()) for text in texts) + 6 * 8  # and the integer columns


def import_row(sizes: Sizes, out: Path) -> Row:
    csv_path = out / f"users-{sizes.import_users}.csv"
    rows = users_csv(csv_path, sizes.import_users)
    ours = [_import_once(csv_path, out / f"import-{n}.db") for n in range(sizes.imports)]
    raw = raw_sqlite.RawTable(out / "raw-import.db")
    try:
        floor = raw.insert_all([json.dumps(row).encode() for row in rows])
    finally:
        raw.close()
    figure = median(ours)
    return Row(f"CSV import of {sizes.import_users:,} users (median of {len(ours)})",
               f"{figure:.2f} s", f"< {IMPORT_BUDGET:g} s",
               f"raw executemany of the same rows, one commit: {floor:.2f} s",
               figure < IMPORT_BUDGET)


def _import_once(csv_path: Path, log: Path) -> float:
    raw_sqlite._remove(log)
    try:
        with History.create(log) as history:
            return timed(lambda: import_csv(history, csv_path))
    finally:
        raw_sqlite._remove(log)


def replay_row(log: Path, sizes: Sizes) -> Row:
    store = SqliteStore.open(log, readonly=True)
    try:
        target = store.revision(store.position()[0])
        took = median([timed(lambda: state_at(store, target, use_snapshots=False))
                       for _ in range(sizes.replays)])
    finally:
        store.close()
    raw_took, raw_count = raw_sqlite.scan_events(log)
    rate = target.path_events / took
    return Row(f"full replay from the root, no snapshots ({target.path_events:,} events)",
               f"{rate:,.0f} events/s ({took:.2f} s)", f">= {REPLAY_BUDGET:,} events/s",
               f"raw scan of all {raw_count:,} event rows: {raw_count / raw_took:,.0f} rows/s",
               rate >= REPLAY_BUDGET)


def rss_row(log: Path, window: bool = False) -> Row:
    """Peak RSS of a fresh process that opens the log (and shows the window)."""
    command = [sys.executable, "-m", "benchmarks.rss_probe", str(log)]
    result = subprocess.run(command + (["--window"] if window else []), cwd=ROOT,
                            capture_output=True, text=True, timeout=600, check=True)
    probe = json.loads(result.stdout.strip().splitlines()[-1])
    what = "with the log open in the window" if window else "with the log open (History)"
    return Row(f"peak RSS {what}, fresh process", f"{probe['rss_mb']:.0f} MB",
               f"< {RSS_BUDGET_MB} MB",
               f"that process opened it in {ms(probe['open_seconds'])}, "
               f"Python baseline {probe['baseline_mb']:.0f} MB",
               probe["rss_mb"] < RSS_BUDGET_MB)
