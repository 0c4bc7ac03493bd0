"""The one answer to "what is the state at revision n".

Opening, undo, redo, the slider, goto, export and verify all call :func:`state_at`. It
starts from whichever is cheaper: the state the caller already holds (reverting up to
the common ancestor, then applying down), the nearest snapshot on the path to the target
(then applying the events after it), the nearest snapshot below the target on the current
timeline (then reverting the events in between), or the empty root. With snapshots on
both sides, a jump replays at most half the events between two snapshots.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from esdesktop.domain import Revision, State, apply, revert
from esdesktop.domain.replay import UnfitEventError, fold
from esdesktop.errors import DamagedLogError
from esdesktop.history.collector import collector_paused
from esdesktop.store import snapshots

# The cost model counts in event replays (about 3.3 µs each on the 2-core benchmark machine,
# SQL read, JSON parse and apply together; `python -m benchmarks.costs` measures it).
#
# Loading a snapshot costs this many per user it holds: the whole path from the largest
# snapshot of the benchmark log (97,873 users; reading the row, LZ4, the strings, the
# state) takes about 15 ms, 0.15 µs a user. (Earlier formats cost 0.125 and 0.079; the
# constant was 0.1 until jumps in the window showed walks of 10,000 events chosen over it.)
SNAPSHOT_COST_PER_USER = 0.05
# Starting afresh tells subscribers "everything changed": the window's users table then
# takes the new state's order (3 to 6 ms at 90,000 users, the snapshot's username order as
# it stands), about 0.015 event replays a user. (0.04 while the table sorted all users.)
# Without subscribers (a script, the CLI) a fresh start costs nothing extra.
RESET_COST_PER_USER = 0.015
# An event walked from the shown state costs about two replays: its user's dict is made
# from the columns and the users it touches are noted, and a walk that made a dict for one
# user in eight then reads the state into fresh columns. Measured on the benchmark log from
# states of 60,000 to 98,000 users, engine alone: 6.1 to 7.0 µs an event for walks of 1,000
# to 5,000 events, 10 µs at 10,000 (100 ms, against 19 ms from a snapshot). Priced at one
# replay, walks of up to 14,000 events were chosen over a snapshot in the window: a jump
# that took 150 to 330 ms, where the snapshot's path takes 25. A/B in the window, three
# seeds of 120 jumps and a 60-move drag, fresh windows taking turns: the slowest jump 84,
# 71 and 50 ms with the old constants, 51, 48 and 53 with these; p95 and the drag alike.
WALK_COST_PER_EVENT = 2
# What starting afresh costs before any user: a new state, and the views told that all
# changed (tens of µs). It keeps a walk of a few events (an undo) the cheaper plan even
# for a state of a handful of users, so subscribers hear which users changed.
FRESH_START_COST = 10
log = logging.getLogger("esdesktop")


@dataclass
class Reached:
    """A state and how it was reached: ``users`` changed on the way, or None for all."""

    state: State
    users: set[str] | None


def state_at(store, target: Revision, base: tuple[Revision, State] | None = None,
             use_snapshots: bool = True, viewers: bool = True) -> Reached:
    """The state at ``target``. ``base`` (a revision and its state) is consumed: it may be
    changed in place and must not be used afterwards. ``viewers``: whether views of the
    base state must be rebuilt if the state is built afresh (it weighs the plans)."""
    with collector_paused():
        return _state_at(store, target, base, use_snapshots, viewers)


def _state_at(store, target: Revision, base, use_snapshots: bool, viewers: bool) -> Reached:
    plans = []  # (cost in event replays, plan); on a tie the earlier plan wins
    fresh = 0.0  # starting afresh also means every view of the old state must be rebuilt
    if base is not None:
        fresh = FRESH_START_COST + len(base[1].records) * (RESET_COST_PER_USER if viewers else 0)
        ancestor = _common_ancestor(store, base[0], target)
        walked = base[0].path_events + target.path_events - 2 * ancestor.path_events
        plans.append((walked * WALK_COST_PER_EVENT, ("base", ancestor)))
    # a snapshot costs at least a fresh start: when the base is cheaper, do not look one up
    if use_snapshots and (base is None or plans[0][0] > fresh):
        for found in (store.nearest_snapshot(target.id), store.snapshot_below(target)):
            if found is not None and found[1] in snapshots.DECODERS:
                between = abs(target.path_events - found[0].path_events)
                cost = fresh + found[2] * SNAPSHOT_COST_PER_USER + between
                plans.append((cost, ("snapshot", found)))
    plans.append((fresh + target.path_events, None))
    _, plan = min(plans, key=lambda item: item[0])
    if plan is None:
        return Reached(_apply_path(store, State(), 0, target.id), None)
    if plan[0] == "snapshot":
        state = _from_snapshot(store, *plan[1][:2], target)
        if state is None:  # a damaged cache: the events still tell the truth
            return _state_at(store, target, base, use_snapshots=False, viewers=viewers)
        return Reached(state, None)
    return _walk(store, base, plan[1], target)


def _from_snapshot(store, revision: Revision, fmt: str, target: Revision) -> State | None:
    """The state at ``target`` from the snapshot at ``revision``; None (logged) when the
    snapshot cannot be read."""
    below = revision.depth > target.depth  # then go back up to the target
    try:
        state = snapshots.decode(store.snapshot_data(revision.id), fmt)
    except ValueError as error:
        log.warning("%s: snapshot at revision %s ignored (%s)", store.path, revision.id, error)
        return None
    if below:
        rows = store.consume_events_between(target.id, revision.id, list)
        _fold(store, state, reversed(rows), revert, None)
    else:
        _apply_path(store, state, revision.id, target.id)
    return state


def _common_ancestor(store, a: Revision, b: Revision) -> Revision:
    """One step apart (undo, redo), the answer needs no walk through the tree."""
    if a.parent == b.id:
        return b
    if b.parent == a.id or a.id == b.id:
        return a
    return store.revision(store.common_ancestor(a.id, b.id))


def _walk(store, base, ancestor: Revision, target: Revision) -> Reached:
    start, state = base
    touched: set[str] = set()
    if start.id != ancestor.id:
        rows = store.consume_events_between(ancestor.id, start.id, list)
        _fold(store, state, reversed(rows), revert, touched)
    if target.id != ancestor.id:
        _apply_between(store, state, ancestor.id, target.id, touched)
    return Reached(state.compacted(), touched)


def _apply_path(store, state: State, start: int, target: int) -> State:
    if start != target:
        _apply_between(store, state, start, target, None)
    return state


def _apply_between(store, state: State, ancestor: int, descendant: int,
                   touched: set | None) -> None:
    """Apply the events after ``ancestor`` up to ``descendant`` as the store reads them."""
    store.consume_events_between(
        ancestor, descendant, lambda rows: _fold(store, state, rows, apply, touched))


def _fold(store, state: State, rows, step, touched: set | None) -> None:
    """Replay ``rows`` (see :func:`esdesktop.domain.replay.fold`); an event that does not
    replay means the log was edited behind the app's back: say which revision."""
    try:
        fold(state, rows, step, touched)
    except UnfitEventError as error:
        raise DamagedLogError(
            store.path, f"{store.path}: revision {error.revision} cannot be replayed "
            f"({error.reason}). Run verify; the log may have been edited by another tool.",
            error.revision,
        ) from None
