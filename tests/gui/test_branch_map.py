"""The branch map: branch points and tips read on a worker, kept by edits, read again
after a branch switch, and never taken from a read the log has overtaken."""

from __future__ import annotations

import os
import sys
import threading

import pytest
from history_logs import alice_id, build_log

from esdesktop.gui import workers
from esdesktop.gui.branch_map import READ_WHEN_STILL_MS, BranchMap
from esdesktop.history.branches import read_branches


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
    assert branch_map.known_tips() == [tip.id for tip in history.branch_tips()]


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
    old_tip = next(tip for tip in branch_map.known_tips() if tip != history.tip)
    history.goto(old_tip)
    assert branch_map.known_forks() is None
    arrived(qtbot, branch_map)
    assert_like_a_full_read(branch_map, history)


def test_a_read_the_log_overtook_is_not_used(qtbot, history):
    read, release = threading.Event(), threading.Event()

    def read_then_wait(path):
        found = read_branches(path)
        read.set()
        release.wait(5)
        return found

    branch_map = BranchMap(reader=read_then_wait)
    branch_map.set_history(history)
    shown = []
    branch_map.changed.connect(lambda: shown.append(branch_map.known_forks()))
    qtbot.waitUntil(read.is_set)  # read with the fork at 4, its news not delivered yet
    history.seek(1)
    history.update_user(alice_id(history), role="viewer")  # now the fork is at 1
    release.set()
    qtbot.waitUntil(lambda: branch_map.known_tips() is not None and not branch_map.reading)
    assert history.branch_points() == [1]
    assert [forks for forks in shown if forks is not None] == [[1]]
    assert_like_a_full_read(branch_map, history)
    branch_map.set_history(None)


def test_the_branch_points_can_be_read_at_once(branch_map, history):
    assert branch_map.known_forks() is None
    assert branch_map.forks() == history.branch_points() == [4]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="niceness per thread: Linux")
def test_quiet_work_yields_to_the_window_on_a_busy_machine(qtbot):
    def niceness(_report):
        return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    found = {}
    for quiet in (True, False):
        job = workers.Job(niceness, quiet=quiet)
        job.done.connect(lambda value, quiet=quiet: found.__setitem__(quiet, value))
        with qtbot.waitSignal(job.finished):
            job.start()
    main = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    assert found == {True: main + workers.QUIET_NICENESS, False: main}


def test_the_picker_reads_a_branch_only_when_its_row_is_shown(qtbot, history):
    from esdesktop.gui.branch_picker import BranchPicker

    read = []

    def reading(tip: int):
        read.append(tip)
        return history.revision(tip)

    picker = BranchPicker()
    qtbot.addWidget(picker)
    tips = [tip.id for tip in history.branch_tips()]
    current = history.revision(history.tip)
    picker.show_branches(tips, current, reading)
    assert picker.count() == 2 and picker.findData(tips[0]) == 1 and read == []
    assert picker.currentText().startswith("This branch, up to revision 5 (")
    assert picker.itemText(1).startswith("Branch up to revision 9: ") and read == [tips[0]]


def test_the_read_waits_until_the_cursor_is_still(qtbot, branch_map, history):
    assert READ_WHEN_STILL_MS > 200
    for step in range(12):  # a move every 50 ms: never still long enough
        history.seek(step % 4 + 1)
        qtbot.wait(50)
        assert not branch_map.reading and branch_map.known_tips() is None
    arrived(qtbot, branch_map)
    assert_like_a_full_read(branch_map, history)
