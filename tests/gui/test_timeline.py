"""The timeline slider and the behind-the-tip banner, driven as a user would."""

from __future__ import annotations

import pytest
from history_logs import alice_id, build_log, shown
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSlider

from esdesktop.gui.timeline import PAGE_STEP, BehindTipBanner, TimelineWidget

EDITS = 60
LAST = EDITS + 1  # the root and Alice's creation come first


@pytest.fixture
def history(tmp_path):
    with build_log(tmp_path / "team.db", EDITS) as history:
        yield history


@pytest.fixture
def timeline(qtbot, history):
    return shown(qtbot, TimelineWidget(), history, width=600, height=80)


def notices(history) -> list:
    seen = []
    history.subscribe(seen.append)
    return seen


def test_the_slider_spans_the_branch_and_the_label_names_the_revision(timeline, history):
    slider = timeline.findChild(QSlider, "timelineSlider")
    assert (slider.minimum(), slider.maximum(), slider.value()) == (0, LAST, LAST)
    assert timeline.label_text.startswith(
        f"Revision {LAST} of {LAST} · Change display name of alice · ")


def test_set_value_seeks_and_updates_the_label(qtbot, timeline, history):
    timeline.slider.setValue(12)
    qtbot.waitUntil(lambda: history.position == 12)
    assert history.users[alice_id(history)].display_name == "Alice 12"
    assert timeline.label_text.startswith("Revision 12 of 61 · Change display name of alice · ")


@pytest.mark.parametrize(("key", "start", "expected"), [
    (Qt.Key.Key_Left, 30, 29),
    (Qt.Key.Key_Right, 30, 31),
    (Qt.Key.Key_PageUp, 30, 30 + PAGE_STEP),
    (Qt.Key.Key_PageDown, 30, 30 - PAGE_STEP),
    (Qt.Key.Key_Home, 30, 0),
    (Qt.Key.Key_End, 30, LAST),
])
def test_keys_move_the_cursor(qtbot, timeline, history, key, start, expected):
    history.seek(start)
    qtbot.keyClick(timeline.slider, key)
    qtbot.waitUntil(lambda: history.position == expected)
    assert timeline.label_text.startswith(f"Revision {expected} of {LAST} · ")


def test_the_root_reads_as_the_empty_log(qtbot, timeline, history):
    qtbot.keyClick(timeline.slider, Qt.Key.Key_Home)
    qtbot.waitUntil(lambda: history.position == 0)
    assert timeline.label_text.startswith(f"Revision 0 of {LAST} · Empty log · ")
    assert history.users == {}


def test_a_burst_of_values_seeks_once_to_the_last_one(qtbot, timeline, history):
    seen = notices(history)
    for value in range(50):  # one event-loop turn: nothing runs between these
        timeline.slider.setValue((value * 7) % LAST)
    timeline.slider.setValue(17)
    assert seen == [] and timeline.requested == 17  # the seek waits for the event loop
    qtbot.waitUntil(lambda: history.position == 17)
    qtbot.wait(20)
    assert len(seen) == 1
    assert timeline.label_text.startswith(f"Revision 17 of {LAST} · ")


def test_moves_made_elsewhere_move_the_slider_without_seeking_again(qtbot, timeline, history):
    seen = notices(history)
    history.undo()
    history.undo()
    assert timeline.requested is None  # the slider followed; it did not ask to seek
    qtbot.wait(20)
    assert len(seen) == 2
    assert timeline.slider.value() == LAST - 2
    assert timeline.label_text.startswith(f"Revision {LAST - 2} of {LAST} · ")


def test_an_edit_extends_the_slider(qtbot, timeline, history):
    history.update_user(alice_id(history), email="alice@corp.example")
    assert timeline.slider.maximum() == LAST + 1
    assert timeline.slider.value() == LAST + 1
    assert f"of {LAST + 1} · Change email of alice" in timeline.label_text


def test_without_a_log_the_slider_is_disabled(qtbot, timeline, history):
    timeline.set_history(None)
    assert not timeline.slider.isEnabled()
    history.undo()  # no longer followed
    assert timeline.label_text == "No log is open."


@pytest.fixture
def banner(qtbot, history):
    widget = BehindTipBanner()
    qtbot.addWidget(widget)
    widget.set_history(history)
    return widget  # not shown: it shows itself behind the tip


def test_the_banner_shows_only_behind_the_tip(banner, history):
    assert banner.isHidden()
    history.seek(12)
    assert not banner.isHidden()
    text = banner.text()
    assert "looking at the past" in text
    assert "An edit here starts a new branch" in text
    history.seek(3)
    assert banner.text() == text  # the timeline says where: no new layout at every step
    history.seek(LAST)
    assert banner.isHidden()


def test_the_banner_link_returns_to_the_tip_from_the_keyboard(qtbot, banner, history):
    history.seek(5)
    banner.show()
    qtbot.waitExposed(banner)
    banner.setFocus()
    qtbot.keyClick(banner, Qt.Key.Key_Tab)  # focus the "Go to latest" link
    qtbot.keyClick(banner, Qt.Key.Key_Return)
    assert history.position == LAST
    assert banner.isHidden()


def test_the_banner_hides_after_an_edit_in_the_past(banner, history):
    history.seek(5)
    history.update_user(alice_id(history), email="alice@corp.example")
    assert banner.isHidden()
    assert history.length == 7
