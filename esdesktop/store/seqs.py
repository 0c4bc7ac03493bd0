"""Finding a revision's events without an index on ``events.revision``.

Every revision's events are written in its own transaction, after the revisions with
smaller ids (an id is the largest so far plus one), so along the events' key ``seq`` the
``revision`` column never falls. The events of revisions ``a..b`` (consecutive ids) are
therefore the seqs in ``(last_seq(a - 1), last_seq(b)]``. Each row of the timeline keeps
``last_seq`` of its revision (written with the row: an edit writes it in the row it adds
anyway); for a revision off the timeline ``last_seq`` is a bisection over the events' key,
about twenty key lookups in a million events (0.1 ms). File format 1 kept an index on
``revision`` instead, which cost every edit one more page to write and sync. ``verify``
checks the order and the timeline's last_seqs.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator

NEWEST = "SELECT seq, revision FROM events ORDER BY seq DESC LIMIT 1"
FIRST_AT_OR_AFTER = "SELECT seq, revision FROM events WHERE seq >= ? ORDER BY seq LIMIT 1"


def last_seq(conn: sqlite3.Connection, revision_id: int) -> int:
    """The seq of the last event written by a revision with an id up to ``revision_id``;
    0 when there is none."""
    newest = conn.execute(NEWEST).fetchone()
    if newest is None or newest[1] <= revision_id:  # (a read at the tip: one lookup)
        return 0 if newest is None else newest[0]
    low, high = 0, newest[0] - 1
    while low < high:  # the answer is in [low, high]; low = 0 stands for "none"
        middle = (low + high + 1) // 2
        seq, revision = conn.execute(FIRST_AT_OR_AFTER, (middle,)).fetchone()
        if revision <= revision_id:
            low = seq
        else:
            high = middle - 1
    return low


def runs(ids: Iterable[int]) -> Iterator[tuple[int, int]]:
    """(first, last) of each run of consecutive ids, in order: ``[3, 4, 5, 9]`` gives
    ``(3, 5), (9, 9)``."""
    first = last = None
    for rid in sorted(ids):
        if last is not None and rid == last + 1:
            last = rid
            continue
        if first is not None:
            yield first, last
        first = last = rid
    if first is not None:
        yield first, last
