"""Scenario 3: two writer processes on one file at once, past the window's lock. No
revision is lost or interleaved, the chain holds, and history stays one line: a writer
whose view is stale gets ConflictError and writes nothing, never a silent fork."""

from __future__ import annotations

from faults import assert_sound, finish, make_log, position, query, spawn

from esdesktop import History

EACH = 15


def test_two_racing_writers_lose_nothing_and_never_fork(tmp_path):
    path = make_log(tmp_path / "shared.db", users=0)
    racers = {name: spawn("racer", path, name, EACH) for name in ("left", "right")}
    for proc in racers.values():
        assert proc.stdout.readline().strip() == "ready"
    for proc in racers.values():
        proc.stdin.write("go\n")
        proc.stdin.flush()
    acks = {name: finish(proc) for name, proc in racers.items()}
    # both read the empty log before "go": whoever wrote second was stale at least once
    assert sum(int(lines[-1][1]) for lines in acks.values()) >= 1

    hashes = dict(query(path, "SELECT id, hash FROM revisions"))
    for lines in acks.values():
        acked = [words for words in lines if words[0] == "ack"]
        assert len(acked) == EACH
        assert all(hashes[int(rid)] == digest for _, rid, digest in acked)
    assert_one_line(path, 1 + 2 * EACH)
    assert_not_interleaved(path)
    assert_sound(path)


def assert_one_line(path, revisions: int) -> None:
    """Every revision is on the current timeline, each the child of the one before."""
    rows = query(path, "SELECT id, parent FROM revisions ORDER BY id")
    assert len(rows) == revisions
    assert all(parent == rid - 1 for rid, parent in rows[1:])
    assert position(path) == (revisions - 1, revisions - 1)
    assert query(path, "SELECT count(*) FROM timeline")[0][0] == revisions


def assert_not_interleaved(path) -> None:
    """Each revision's two events are adjacent and belong to the same writer's pair."""
    rows = query(path, "SELECT revision, seq, json_extract(data, '$.username') FROM events "
                       "ORDER BY seq")
    assert len(rows) == 2 * 2 * EACH
    for first, second in zip(rows[::2], rows[1::2], strict=True):
        assert first[0] == second[0] and second[1] == first[1] + 1
        assert first[2][:-1] == second[2][:-1]  # "left3a", "left3b"


def test_a_writer_with_a_stale_view_gets_a_conflict_and_writes_nothing(tmp_path):
    path = make_log(tmp_path / "shared.db")
    stale = spawn("stale", path)
    assert stale.stdout.readline().split() == ["read", "1"]
    with History.open(path) as other:  # this process writes while the child looks away
        other.create_user(username="fresh", email="fresh@example.com", display_name="Fresh")
        written = other.cursor
    before = revision_count_and_hashes(path)
    stale.stdin.write("go\n")
    stale.stdin.flush()
    lines = finish(stale)

    conflicts = [words for words in lines if words[0] == "conflict"]
    assert [words[1] for words in conflicts] == ["edit", "undo"]
    assert all(words[2] == "3" for words in conflicts)  # its users, as before the attempt
    assert all("Another program changed this log" in words[3] for words in conflicts)
    assert lines[-1][0] == "ack"
    new, parent = int(lines[-1][1]), int(lines[-1][2])
    assert parent == written  # after refresh() it writes on top of the other's revision
    assert revision_count_and_hashes(path)[:written + 1] == before
    assert_one_line(path, new + 1)
    assert_sound(path)


def revision_count_and_hashes(path) -> list[tuple]:
    return query(path, "SELECT id, hash FROM revisions ORDER BY id")
