"""Go to a time: History.revision_at, in revision order, with time only looked up."""

from datetime import UTC, datetime, timedelta, timezone

import pytest
from clock_control import add, clock_fixture, local_zone

from esdesktop import History, ValidationError

clock = pytest.fixture(clock_fixture)


@pytest.fixture
def history(tmp_path, clock):
    clock.set("08:00")  # the log itself (its empty root) is made before any revision
    with History.create(tmp_path / "log.db") as opened:
        yield opened


def utc(text):
    day = "2026-11-26 " if len(text) <= 5 else ""
    return datetime.fromisoformat(day + text).replace(tzinfo=UTC)


def record_at(history, clock, *times):
    """One edit per time (a new user each); returns their revision ids."""
    ids = []
    for text in times:
        clock.set(text)
        add(history, f"user{history.cursor:03d}")
        ids.append(history.cursor)
    return ids


def test_before_between_at_and_after(history, clock):
    first, second, third = record_at(history, clock, "10:00", "10:05", "10:10")
    assert history.revision_at(utc("09:59")) == 0
    assert history.revision_at(utc("10:00")) == first
    assert history.revision_at(utc("10:07")) == second
    assert history.revision_at(utc("10:05")) == second
    assert history.revision_at(utc("10:10")) == third
    assert history.revision_at(utc("2027-01-01 00:00")) == third


def test_it_does_not_move_the_cursor(history, clock):
    first, _ = record_at(history, clock, "10:00", "10:05")
    assert history.revision_at(utc("10:01")) == first
    assert history.cursor == history.tip != first


def test_a_naive_time_is_local_time(history, clock):
    first, second = record_at(history, clock, "10:00", "10:05")
    with local_zone("XYZ-2"):  # local time is UTC+2
        assert history.revision_at(datetime(2026, 11, 26, 12, 3)) == first
        assert history.revision_at(datetime(2026, 11, 26, 12, 5)) == second
        assert history.revision_at(datetime(2026, 11, 26, 10, 5)) == 0


def test_a_clock_that_went_backwards_counts_as_the_latest_time_before_it(history, clock):
    # The clock is set back an hour after the second revision, then catches up.
    r1, r2, r3, r4, r5 = record_at(history, clock, "10:00", "10:10", "09:10", "09:20", "10:30")
    assert history.revision_at(utc("09:15")) == 0  # r3 is stamped 09:10 but follows r1, r2
    assert history.revision_at(utc("10:05")) == r1
    assert history.revision_at(utc("10:10")) == r4  # r3, r4 count as made at 10:10
    assert history.revision_at(utc("10:29")) == r4
    assert history.revision_at(utc("10:30")) == r5


def test_the_answer_never_moves_backwards_as_the_time_moves_forwards(history, clock):
    record_at(history, clock, "10:00", "10:20", "09:50", "10:10", "10:40", "10:40", "10:35")
    depths = [history.revision(history.revision_at(utc("09:30") + timedelta(minutes=m))).depth
              for m in range(0, 90)]
    assert depths == sorted(depths)
    assert depths[0] == 0 and depths[-1] == history.position


def test_only_the_current_timeline_counts(history, clock):
    first, _ = record_at(history, clock, "10:00", "10:05")
    history.undo()
    [branch] = record_at(history, clock, "10:20")
    assert history.revision_at(utc("10:07")) == first  # the 10:05 revision is off the line
    assert history.revision_at(utc("10:30")) == branch


def test_an_empty_log_gives_the_root(history):
    assert history.revision_at(utc("2030-01-01 00:00")) == 0


def test_a_time_out_of_range_is_refused(history):
    with pytest.raises(ValidationError, match="out of range"):
        history.revision_at(datetime.max.replace(tzinfo=timezone(timedelta(hours=-1))))
