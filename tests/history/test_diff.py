"""Compare two revisions: History.diff on a branch point, identical revisions, branches."""

import json

import pytest
from clock_control import add, count_rows

from esdesktop import History, NotFoundError
from esdesktop.history.compare import text_lines


@pytest.fixture(params=[0, 2], ids=["no-snapshots", "snapshots"])
def history(tmp_path, request):
    with History.create(tmp_path / "log.db", snapshot_every=request.param) as opened:
        yield opened


@pytest.fixture
def tree(history):
    """A branch point P holding alice and bob; branch one changes alice's email and
    deletes bob; branch two adds carol and makes alice an admin."""
    with history.batch("Add alice and bob"):
        alice, bob = add(history, "alice"), add(history, "bob")
    point = history.cursor
    history.update_user(alice, email="alice@corp.example.com")
    history.delete_user(bob)
    one = history.cursor
    history.goto(point)
    carol = add(history, "carol")
    history.update_user(alice, role="admin")
    two = history.cursor
    return {"alice": alice, "bob": bob, "carol": carol, "point": point, "one": one, "two": two}


def names(users):
    return [user.username for user in users]


def test_from_a_branch_point_to_each_branch(history, tree):
    one = history.diff(tree["point"], tree["one"])
    assert names(one.added) == [] and names(one.removed) == ["bob"]
    [alice] = one.changed
    assert (alice.user_id, alice.username) == (tree["alice"], "alice")
    assert alice.fields == {"email": ("alice@example.com", "alice@corp.example.com")}

    two = history.diff(tree["point"], tree["two"])
    assert names(two.added) == ["carol"] and two.removed == []
    assert two.changed[0].fields == {"role": ("viewer", "admin")}


def test_across_branches(history, tree):
    found = history.diff(tree["one"], tree["two"])
    assert names(found.added) == ["bob", "carol"] and found.removed == []
    assert found.changed[0].fields == {
        "email": ("alice@corp.example.com", "alice@example.com"), "role": ("viewer", "admin")}
    back = history.diff(tree["two"], tree["one"])
    assert names(back.removed) == ["bob", "carol"]
    assert back.changed[0].fields["role"] == ("admin", "viewer")


def test_identical_revisions_and_identical_states_differ_in_nothing(history, tree):
    assert history.diff(tree["point"], tree["point"]).empty
    history.update_user(tree["alice"], role="viewer")  # back to what it was at the point
    history.update_user(tree["alice"], role="admin")
    history.update_user(tree["alice"], role="viewer")
    history.delete_user(tree["carol"])
    assert history.diff(tree["point"], history.cursor).empty
    assert text_lines(history.diff(tree["point"], history.cursor)) == ["No differences."]


def test_from_the_empty_root_everything_is_added(history, tree):
    found = history.diff(0, tree["two"])
    assert names(found.added) == ["alice", "bob", "carol"]
    assert found.removed == [] and found.changed == []


def test_it_neither_moves_the_cursor_nor_writes(history, tree):
    cursor, tip = history.cursor, history.tip
    before = count_rows(history.path, "revisions"), count_rows(history.path, "timeline")
    history.diff(tree["one"], tree["point"])
    assert (history.cursor, history.tip) == (cursor, tip)
    assert (count_rows(history.path, "revisions"), count_rows(history.path, "timeline")) == before


def test_json_and_text_forms(history, tree):
    found = history.diff(tree["one"], tree["two"])
    data = json.loads(json.dumps(found.as_json()))
    assert (data["a"], data["b"]) == (tree["one"], tree["two"])
    assert [u["username"] for u in data["added"]] == ["bob", "carol"]
    assert data["changed"][0]["fields"]["role"] == ["viewer", "admin"]
    lines = text_lines(found)
    assert lines[0].startswith(f"+ bob [{tree['bob']}]: email='bob@example.com'")
    assert lines[2] == f"~ alice [{tree['alice']}]"
    assert "    role: 'viewer' -> 'admin'" in lines
    assert lines[-1] == "2 added, 0 removed, 1 changed."


def test_an_unknown_revision_is_not_found(history, tree):
    with pytest.raises(NotFoundError, match="no revision 99"):
        history.diff(tree["point"], 99)
