"""Scenario 1: kill -9, at random moments, a process that appends edits one at a time and
prints each one it got acknowledged. After every kill: every acknowledged edit is in the
file, unchanged; at most the one action in flight was added beyond them; SQLite's
integrity check passes, verify passes, and the app's state equals a naive replay.

``ESDESKTOP_SOAK=500 pytest tests/reliability -m slow`` runs the long version."""

from __future__ import annotations

import os
import random
import time

import pytest
from faults import assert_sound, kill9, make_log, position, query, spawn

ROUNDS = 24
SOAK_ROUNDS = int(os.environ.get("ESDESKTOP_SOAK", "0"))


def test_kill9_at_random_moments_loses_no_acknowledged_edit(tmp_path):
    in_flight = run_rounds(tmp_path / "crash.db", ROUNDS, random.randrange(10**6))
    assert in_flight >= 1  # some kills landed inside an action, not only between them


@pytest.mark.slow
@pytest.mark.timeout(0)
@pytest.mark.skipif(not SOAK_ROUNDS, reason="a soak: set ESDESKTOP_SOAK=ROUNDS to run it")
def test_kill9_soak(tmp_path):
    seed = random.randrange(10**6)
    for start in range(0, SOAK_ROUNDS, ROUNDS):  # a fresh log now and then: checks stay quick
        run_rounds(tmp_path / f"soak{start}.db", min(ROUNDS, SOAK_ROUNDS - start), seed + start)


def run_rounds(path, rounds: int, seed: int) -> int:
    """Kill a writer ``rounds`` times; returns how many kills hit an action in flight."""
    make_log(path)
    rng = random.Random(seed)
    in_flight = 0
    for round_number in range(rounds):
        context = f"seed {seed}, round {round_number}"
        start = (position(path)[0], newest_revision(path))
        proc = spawn("writer", path, seed * 1000 + round_number)
        if not proc.stdout.readline().startswith("ready"):
            pytest.fail(f"{context}: the writer did not start: {proc.communicate()[1]}")
        time.sleep(rng.uniform(0.0, 0.25))
        in_flight += check_acknowledged(path, start, kill9(proc), context)
        assert_sound(path)
    return in_flight


def newest_revision(path) -> int:
    return query(path, "SELECT max(id) FROM revisions")[0][0]


def check_acknowledged(path, start: tuple[int, int], lines: list[list[str]],
                       context: str) -> bool:
    """Every acknowledged revision is there with the hash the writer was told; returns
    whether an action was in flight when the writer died."""
    hashes = dict(query(path, "SELECT id, hash FROM revisions"))
    (cursor, newest), pending = start, None
    for words in lines:
        if words[0] == "intent":
            pending = words[1]
        elif words[0] == "ack":
            cursor, digest = int(words[2]), words[3]
            assert hashes.get(cursor) == digest, f"{context}: revision {cursor} lost"
            newest = max(newest, cursor)
            pending = None
    tail = " | ".join(" ".join(words) for words in lines[-3:])
    check_in_flight(path, cursor, newest, pending, f"{context} (last lines: {tail})")
    return pending is not None


def check_in_flight(path, cursor: int, newest: int, pending: str | None, context: str) -> None:
    """The action in flight is in the file whole, or not at all; nothing else was added."""
    reached = position(path)[0]
    if reached == cursor:
        assert newest_revision(path) == newest, f"{context}: an unacknowledged revision"
        return
    assert pending is not None, (f"{context}: the cursor moved without an action, from {cursor} "
                                 f"to {reached} (newest acknowledged {newest})")
    parent = dict(query(path, "SELECT id, parent FROM revisions"))
    expected = {"edit": parent[reached] == cursor and reached == newest + 1,
                "undo": reached == parent[cursor],
                "redo": parent[reached] == cursor}
    assert expected[pending], f"{context}: {pending} from {cursor} reached {reached}"
