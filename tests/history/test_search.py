"""Find in history: by user, field, text and date range, over every branch, paged."""

from datetime import UTC, datetime

import pytest
from clock_control import add, clock_fixture

from esdesktop import History, ValidationError
from esdesktop.history.search import Query

clock = pytest.fixture(clock_fixture)


@pytest.fixture
def log(tmp_path, clock):
    """alice and bob made at 10:00 and 10:05; alice's email changed at 11:00 (then undone
    and replaced by a role change at 11:30, on a new branch); bob renamed at 12:00."""
    with History.create(tmp_path / "log.db") as history:
        clock.set("10:00")
        alice = add(history, "alice")
        clock.set("10:05")
        bob = add(history, "bob", display_name="Bob 100%_sure")
        clock.set("11:00")
        history.update_user(alice, email="alice@corp.example.com")
        history.undo()
        clock.set("11:30")
        history.update_user(alice, role="admin")
        clock.set("12:00")
        history.update_user(bob, username="robert")
        yield history, {"alice": alice, "bob": bob}


def labels(history, query, **page):
    return [found.revision.label for found in history.find(query, **page)]


def test_by_user_over_every_branch(log):
    history, ids = log
    assert labels(history, Query(user=ids["alice"])) == [
        "Create user alice", "Change email of alice", "Change role of alice"]
    found = history.find(Query(user=ids["alice"]))
    assert [f.on_timeline for f in found] == [True, False, True]
    assert labels(history, Query(user=ids["alice"], timeline_only=True)) == [
        "Create user alice", "Change role of alice"]


def test_by_field_counts_changes_only(log):
    history, ids = log
    assert labels(history, Query(field="email")) == ["Change email of alice"]
    assert labels(history, Query(field="username")) == ["Change username of bob"]
    assert labels(history, Query(field="email", user=ids["bob"])) == []


def test_by_text_in_labels_and_values_ignoring_case(log):
    history, ids = log
    assert labels(history, Query(text="CORP.example")) == ["Change email of alice"]
    assert labels(history, Query(text="robert")) == ["Change username of bob"]
    assert labels(history, Query(text="create user")) == ["Create user alice", "Create user bob"]
    assert labels(history, Query(text="admin", user=ids["bob"])) == []


def test_text_matches_values_not_keys_or_ids(log):
    history, ids = log
    assert labels(history, Query(text="display_name")) == []
    assert labels(history, Query(text=ids["alice"][:12])) == []


def test_wildcards_in_the_text_are_literal(log):
    history, _ = log
    assert labels(history, Query(text="100%_sure")) == ["Create user bob"]
    assert labels(history, Query(text="1%0")) == []
    assert labels(history, Query(text="b_b")) == []


def test_by_date_range_inclusive_and_in_local_time(log):
    history, _ = log
    since, until = datetime(2026, 11, 26, 10, 5, tzinfo=UTC), datetime(2026, 11, 26, 11, 30, tzinfo=UTC)
    assert labels(history, Query(since=since, until=until)) == [
        "Create user bob", "Change email of alice", "Change role of alice"]
    assert labels(history, Query(since=datetime(2026, 11, 26, 11, 45))) == ["Change username of bob"]
    assert labels(history, Query(text="alice", until=datetime(2026, 11, 26, 10, 30))) == [
        "Create user alice"]


def test_pages_and_counts(log):
    history, _ = log
    everything = Query()
    assert history.count_found(everything) == 5
    pages = [labels(history, everything, limit=2, offset=offset) for offset in (0, 2, 4, 6)]
    assert [len(page) for page in pages] == [2, 2, 1, 0]
    assert sum(pages, []) == labels(history, everything)
    assert history.count_found(Query(text="alice")) == 3


def test_bad_queries_are_refused(log):
    history, _ = log
    with pytest.raises(ValidationError, match="field: must be one of"):
        history.find(Query(field="password"))
    with pytest.raises(ValidationError, match="date range is empty"):
        history.find(Query(since=datetime(2026, 11, 27), until=datetime(2026, 11, 26)))
    with pytest.raises(ValidationError, match="must not be negative"):
        history.find(Query(), offset=-1)


def test_branch_points_are_positions_on_the_current_timeline(log):
    history, _ = log
    assert history.branch_points() == [2]
    history.goto(3)  # the other branch leaves the same point
    assert history.branch_points() == [2] and history.position == 3
    history.seek(1)
    history.update_user(log[1]["alice"], role="editor")  # a new branch leaves position 1
    assert history.branch_points() == [1]  # position 2 of the old timeline is off it now
