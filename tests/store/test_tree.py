"""The revision tree read through the index of forks alone (revisions_fork): children,
leaves, the newest leaf and the fork depths, against plain Python over every revision's
parent, on a real log with branches made by undo, by goto and by edits on old branches."""

import random
import sqlite3

import pytest

from esdesktop import History
from esdesktop.store import SqliteStore


def tree_log(path, seed):
    rng = random.Random(seed)
    with History.create(path, snapshot_every=0) as history:
        for n in range(160):
            roll = rng.random()
            if roll < 0.12 and history.can_undo:
                for _ in range(rng.randint(1, 5)):
                    history.undo()
            elif roll < 0.2:  # back to some revision, perhaps on another branch: edit there
                history.goto(rng.randrange(history._store.revision_count()))
            history.create_user(username=f"user{n}", email=f"u{n}@example.com",
                                display_name=f"User {n}")
    return path


def parents(path) -> dict[int, int | None]:
    conn = sqlite3.connect(path)
    try:
        return dict(conn.execute("SELECT id, parent FROM revisions"))
    finally:
        conn.close()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_tree_reads_as_the_parents_say(tmp_path, seed):
    path = tree_log(tmp_path / "log.db", seed)
    parent_of = parents(path)
    children = {rid: sorted(c for c, p in parent_of.items() if p == rid) for rid in parent_of}
    assert any(len(kids) > 1 for kids in children.values())
    assert any(kids and kids[0] != rid + 1 for rid, kids in children.items())  # a lone fork
    store = SqliteStore.open(path, readonly=True)
    try:
        assert store.leaves() == sorted(rid for rid, kids in children.items() if not kids)
        for rid in parent_of:
            assert store.children(rid) == children[rid], rid
            leaf = rid
            while children[leaf]:
                leaf = children[leaf][-1]
            assert store.newest_leaf(rid) == leaf, rid
        on_line = {r.id: depth for depth, r in enumerate(store.timeline_slice())}
        assert store.fork_depths() == sorted(
            depth for rid, depth in on_line.items() if len(children[rid]) > 1)
    finally:
        store.close()
