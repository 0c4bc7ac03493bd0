"""The branch map: branch points and tips read on a worker, kept by edits, read again
after a branch switch, and never taken from a read the log has overtaken."""

from __future__ import annotations

import pytest
from history_logs import alice_id, build_log

from esdesktop.gui import workers
from esdesktop.gui.branch_map import BranchMap


@pytest.fixture
def history(tmp_path):
    with build_log(tmp_path / "team.db", 8) as history:
        history.seek(4)
        history.update_user(alice_id(history), email="alice@corp.example")  # a branch at 4
        yield history


@pytest.fixture
def branch_map(qtbot, history):
    made = BranchMap()
    made.set_history(history)
    yield made
    made.set_history(None)


def arrived(qtbot, branch_map: BranchMap) -> None:
    qtbot.waitUntil(lambda: branch_map.known_tips() is not None)


def assert_like_a_full_read(branch_map: BranchMap, history) -> None:
    assert branch_map.known_forks() == history.branch_points()
    assert [tip.id for tip in branch_map.known_tips()] == [t.id for t in history.branch_tips()]


def test_the_branches_arrive_from_a_worker_the_window_does_not_wait_for(qtbot, branch_map,
                                                                         history):
    assert branch_map.known_forks() is None and branch_map.known_tips() is None
    assert workers.running() == 0  # closing the window would not wait for this read
    arrived(qtbot, branch_map)
    assert_like_a_full_read(branch_map, history)
    assert branch_map.known_forks() == [4]


def test_edits_keep_the_branches_without_reading_them_again(qtbot, branch_map, history):
    arrived(qtbot, branch_map)
    alice = alice_id(history)
    steps = [lambda: history.update_user(alice, role="viewer"),    # at the tip
             lambda: history.seek(2),                               # a cursor move
             lambda: history.update_user(alice, role="admin"),      # a branch at 2
             lambda: history.seek(0),
             lambda: history.create_user(username="zed", email="z@example.com",
                                         display_name="Zed")]       # a branch at the root
    for step in steps:
        step()
        assert branch_map.known_tips() is not None  # kept, not dropped to be read again
        assert_like_a_full_read(branch_map, history)


def test_a_branch_switch_reads_them_again(qtbot, branch_map, history):
    arrived(qtbot, branch_map)
    old_tip = next(tip.id for tip in branch_map.known_tips() if tip.id != history.tip)
    history.goto(old_tip)
    assert branch_map.known_forks() is None
    arrived(qtbot, branch_map)
    assert_like_a_full_read(branch_map, history)


def test_a_read_the_log_overtook_is_not_used(qtbot, branch_map, history):
    shown = []
    branch_map.changed.connect(lambda: shown.append(branch_map.known_forks()))
    workers.wait_all()  # the first read is done (its news not delivered yet): fork at 4
    history.seek(1)
    history.update_user(alice_id(history), role="viewer")  # now the fork is at 1
    qtbot.waitUntil(lambda: not branch_map.reading)  # the news of both reads delivered
    assert history.branch_points() == [1]
    assert [forks for forks in shown if forks is not None] == [[1]]
    assert_like_a_full_read(branch_map, history)


def test_forks_and_tips_can_be_read_at_once(branch_map, history):
    assert branch_map.forks() == history.branch_points()
    assert [t.id for t in branch_map.tips()] == [t.id for t in history.branch_tips()]
