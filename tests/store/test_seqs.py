"""Finding a revision's events along seq (esdesktop.store.seqs), checked against plain
SQL on a real log with branches, batches and a long history."""

import random
import sqlite3

from esdesktop import History
from esdesktop.history.verify import verify
from esdesktop.store import seqs
from esdesktop.store.integrity import check_timeline_seqs


def branched_log(path, steps=400, seed=3):
    rng = random.Random(seed)
    with History.create(path, snapshot_every=0) as history:
        for n in range(steps):
            roll = rng.random()
            if roll < 0.1 and history.can_undo:
                for _ in range(rng.randint(1, 4)):
                    history.undo()
            elif roll < 0.15:
                with history.batch(f"Import {n}"):
                    for k in range(rng.randint(2, 5)):
                        history.create_user(username=f"b{n}x{k}", email=f"b{n}x{k}@example.com",
                                            display_name=f"B {n} {k}")
            else:
                history.create_user(username=f"user{n}", email=f"u{n}@example.com",
                                    display_name=f"U {n}")
    return path


def test_last_seq_is_the_last_event_of_the_revisions_up_to_an_id(tmp_path):
    conn = sqlite3.connect(branched_log(tmp_path / "log.db"))
    newest = conn.execute("SELECT max(id) FROM revisions").fetchone()[0]
    assert conn.execute("SELECT count(DISTINCT revision) FROM events").fetchone()[0] == newest
    for rid in range(-1, newest + 2):
        expected = conn.execute("SELECT coalesce(max(seq), 0) FROM events WHERE revision <= ?",
                                (rid,)).fetchone()[0]
        assert seqs.last_seq(conn, rid) == expected, rid
    conn.close()


def test_last_seq_of_a_log_without_events_is_zero(tmp_path):
    History.create(tmp_path / "empty.db").close()
    conn = sqlite3.connect(tmp_path / "empty.db")
    assert seqs.last_seq(conn, 0) == seqs.last_seq(conn, 5) == 0
    conn.close()


def test_runs_of_consecutive_ids():
    assert list(seqs.runs([9, 3, 5, 4, 11, 12])) == [(3, 5), (9, 9), (11, 12)]
    assert list(seqs.runs([])) == []


def test_every_revision_replays_as_a_naive_replay_of_its_path(tmp_path):
    """States reached through branches (runs of ids off the timeline) match a replay of
    each revision's own events, found by the revision column."""
    path = branched_log(tmp_path / "log.db", steps=150, seed=8)
    conn = sqlite3.connect(path)
    leaves = [row[0] for row in conn.execute(
        "SELECT id FROM revisions r WHERE NOT EXISTS "
        "(SELECT 1 FROM revisions c WHERE c.parent = r.id)")]
    assert len(leaves) > 3
    with History.open(path) as history:
        for leaf in leaves:
            history.goto(leaf)
            shown = {uid: history.users[uid].username for uid in history.users}
            assert shown == naive_usernames(conn, leaf), leaf
            assert not check_timeline_seqs(history._store), leaf  # the new timeline's rows
    conn.close()
    assert verify(path).ok


def test_verify_names_a_timeline_row_with_a_wrong_last_seq(tmp_path):
    path = branched_log(tmp_path / "log.db", steps=30, seed=4)
    conn = sqlite3.connect(path, isolation_level=None)
    depth, rid = conn.execute("SELECT depth, revision FROM timeline WHERE depth = 2").fetchone()
    conn.execute("UPDATE timeline SET last_seq = last_seq - 1 WHERE depth = 2")
    conn.close()
    report = verify(path)
    assert report.first_bad_revision == rid
    assert f"last event at position {depth} is wrong" in report.problems[0]


def naive_usernames(conn, rid) -> dict[str, str]:
    path = []
    while rid:
        path.append(rid)
        rid = conn.execute("SELECT parent FROM revisions WHERE id = ?", (rid,)).fetchone()[0]
    users = {}
    for revision in reversed(path):
        for uid, kind in conn.execute(
                "SELECT user_id, type FROM events WHERE revision = ? ORDER BY seq", (revision,)):
            assert kind == "user.created"
            users[uid] = conn.execute(
                "SELECT json_extract(data, '$.username') FROM events WHERE revision = ? "
                "AND user_id = ?", (revision, uid)).fetchone()[0]
    return users
