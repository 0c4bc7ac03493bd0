"""The branches of a log, read on a connection of their own.

Finding where branches start and end means scanning the whole revision tree (about a
second for 1,000,000 revisions), so a window reads them on a worker thread while it goes
on working with its own History: :func:`read_branches` opens the file read-only, reads,
and closes it.
"""

from __future__ import annotations

from dataclasses import dataclass

from esdesktop.store import SqliteStore


@dataclass(frozen=True)
class Branches:
    """The branches of a log as its file had them: ``forks`` are the positions on the
    current timeline where more than one branch starts (as ``History.branch_points``),
    ``tips`` the ids of every branch's end, oldest first (as ``History.branch_tips``), and
    ``tip`` the end of the current timeline they were read for. (Two queries and two lists
    of numbers: a worker thread that reads them hardly ever holds Python's lock.)"""

    tip: int
    forks: list[int]
    tips: list[int]


def read_branches(path) -> Branches:
    """The branches of the log at ``path``, read without writing anything."""
    store = SqliteStore.open(path, readonly=True)
    try:
        return Branches(store.position()[1], store.fork_depths(), store.leaves())
    finally:
        store.close()
