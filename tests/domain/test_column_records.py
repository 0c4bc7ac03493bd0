"""ColumnRecords: a state's records read from columns, a user's dict made when asked for.
It must behave as the plain dict it stands for, under any mix of reads and changes."""

from __future__ import annotations

import random
from array import array
from bisect import bisect_left
from itertools import accumulate

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from esdesktop.domain import (
    FIELDS,
    CodedColumn,
    ColumnRecords,
    State,
    TextColumn,
    apply,
    column_of,
    column_records,
    id_slots,
    revert,
)
from esdesktop.domain.column_records import SPRAWL


def listed(count: int) -> tuple[list[str], list[list]]:
    ids = [f"id{n}" for n in range(count)]
    return ids, [[f"user{n}" for n in range(count)], [f"u{n}@example.com" for n in range(count)],
                 [f"User {n}" for n in range(count)], ["viewer"] * count,
                 [n % 2 == 0 for n in range(count)]]


def a_user(username: str) -> dict:
    return {"username": username, "email": f"{username}@example.com", "display_name": username,
            "role": "editor", "active": True}


def as_dict(ids: list[str], columns: list[list]) -> dict[str, dict]:
    return {uid: dict(zip(FIELDS, values, strict=True))
            for uid, *values in zip(ids, *columns, strict=True)}


OPERATIONS = st.lists(st.tuples(
    st.sampled_from(["get", "change", "rename", "delete", "add", "add back", "column",
                     "username order", "compact"]),
    st.integers(0, 12)), max_size=60)


def text_column(values: list[str]) -> TextColumn:
    starts = array("I", accumulate((len(value) + 1 for value in values), initial=0))
    return TextColumn("\0".join(values), starts)


def coded(values: list) -> CodedColumn:
    distinct = sorted(set(values))
    return CodedColumn(bytes(map(distinct.index, values)), distinct)


def id_order(ids: list[str]) -> array:
    return array("I", sorted(range(len(ids)), key=ids.__getitem__))


@settings(max_examples=400, deadline=None)
@given(count=st.integers(0, 8), operations=OPERATIONS, whole_text=st.booleans(),
       index=st.sampled_from(["slots", "by id", None]), by_username=st.booleans())
def test_it_behaves_as_the_dict_it_stands_for(count, operations, whole_text, index,
                                               by_username):
    """``index``: users found through hash slots, by bisecting the rows in id order, or
    indexed at once; the answers must not depend on it. ``by_username``: the rows are
    said to be in username order (they are), so the username order is made without a
    sort."""
    ids, columns = listed(count)
    plain = as_dict(ids, columns)
    if not whole_text:  # every column as the snapshot reader keeps it
        columns[:3] = map(text_column, columns[:3])
        columns[3:] = coded(columns[3]), coded(columns[4])
    lazy = ColumnRecords(ids, columns, id_order(ids) if index == "by id" else None,
                         by_username, slots=id_slots(ids) if index == "slots" else None)
    removed: dict[str, dict] = {}
    for name, n in operations:
        uid = f"id{n}"
        if name == "get":
            assert lazy.get(uid) == plain.get(uid)
            assert (uid in lazy) == (uid in plain)
        elif name == "change" and uid in plain:
            lazy[uid]["display_name"] = plain[uid]["display_name"] = f"Changed {n}"
        elif name == "rename" and uid in plain:  # to the front, or between listed users
            lazy[uid]["username"] = plain[uid]["username"] = f"{'a' if n % 2 else 'user'}{n}x"
        elif name == "delete" and uid in plain:
            removed[uid] = lazy.pop(uid)
            assert removed[uid] == plain.pop(uid)
        elif name == "add" and uid not in plain:
            lazy[uid] = a_user(f"new{n}")
            plain[uid] = dict(lazy[uid])
        elif name == "add back" and uid in removed:
            lazy[uid] = removed.pop(uid)
            plain[uid] = dict(lazy[uid])
        elif name == "column":
            order = list(lazy)
            for field in FIELDS:
                assert lazy.column(field) == [plain[u][field] for u in order]
        elif name == "compact":  # as soon as one user's dict is made
            lazy = lazy.compacted(sprawl=10**6)
        elif name == "username order":
            known = lazy.username_order()
            if by_username:
                assert known.ids == sorted(plain, key=lambda u: plain[u]["username"])
                assert known.usernames() == {u: f["username"] for u, f in plain.items()}
            else:
                assert known is None
        assert len(lazy) == len(plain)
        assert sorted(lazy) == sorted(plain)
        assert dict(lazy.items()) == plain


def test_with_the_rows_in_id_order_a_user_is_found_without_an_index_of_all():
    ids, columns = ["c", "a", "b"], [["x", "y", "z"]] * 5
    records = ColumnRecords(ids, columns, array("I", [1, 2, 0]))
    assert records.get("b")["username"] == "z" and "d" not in records and 7 not in records
    assert list(records._rows) == ["b"]  # only the user looked up was found, and kept
    assert records["c"]["username"] == "x" and list(records) == ids
    records.check()


def test_a_created_user_is_searched_for_once(monkeypatch):
    """A create asks whether the user is there, adds it, and asks again: the search found
    nothing the first time, and the answer is kept."""
    searches = []

    def counted(sequence, user_id, **kwargs):
        searches.append(user_id)
        return bisect_left(sequence, user_id, **kwargs)

    monkeypatch.setattr(column_records, "bisect_left", counted)
    ids, columns = listed(3)
    state = State(ColumnRecords(ids, columns, id_order(ids)))
    apply(state, "user.created", {"user_id": "new", **a_user("newcomer")})
    assert searches == ["new"] and state.records["new"]["username"] == "newcomer"
    assert len(state.records) == 4 and list(state.records)[-1] == "new"


@pytest.mark.parametrize("by_id, problem", [
    ([0, 2, 1], "does not sort"),
    ([1, 1, 2], "does not sort"),
])
def test_a_wrong_id_order_never_finds_a_wrong_user_and_check_refuses_it(by_id, problem):
    ids, columns = ["c", "a", "b"], [["x", "y", "z"]] * 5
    records = ColumnRecords(ids, columns, array("I", by_id))
    for row, user_id in enumerate(ids):  # found at its own row, or not found at all
        assert records.get(user_id) in (None, dict.fromkeys(FIELDS, "xyz"[row]))
    with pytest.raises(ValueError, match=problem):
        records.check()


def test_an_id_listed_twice_is_refused_by_check():
    records = ColumnRecords(["a", "a"], [["x", "y"]] * 5, array("I", [0, 1]))
    with pytest.raises(ValueError, match="listed twice"):
        records.check()


def test_check_refuses_rows_said_to_be_in_username_order_that_are_not():
    ids, columns = listed(3)
    ColumnRecords(ids, columns, by_username=True).check()
    columns[0] = ["user0", "user2", "user1"]
    with pytest.raises(ValueError, match="not in username order"):
        ColumnRecords(ids, columns, by_username=True).check()
    ColumnRecords(ids, columns).check()  # not said to be: nothing to prove


def test_the_username_order_does_not_change_with_the_records_after_it():
    ids, columns = listed(4)
    records = ColumnRecords(ids, columns, by_username=True)
    records["id2"]["username"] = "a2"
    known = records.username_order()
    records["id0"]["username"] = "zz0"
    del records["id1"]
    records["new"] = a_user("b")
    assert known.ids == ["id2", "id0", "id1", "id3"]
    assert known.usernames() == {"id2": "a2", "id0": "user0", "id1": "user1", "id3": "user3"}
    known.ids.pop()  # the caller's own list: the dict of usernames is made apart from it
    assert len(known.usernames()) == 4


def test_its_dicts_are_made_once_and_changed_in_place():
    ids, columns = listed(3)
    records = ColumnRecords(ids, columns)
    first = records["id1"]
    first["email"] = "changed@example.com"
    assert records["id1"] is first and records.get("id1")["email"] == "changed@example.com"
    assert columns[1][1] == "u1@example.com"  # the columns themselves are never changed
    assert records.column("email") == ["u0@example.com", "changed@example.com", "u2@example.com"]


def test_iteration_lists_the_columns_order_then_users_added_since():
    ids, columns = listed(4)
    records = ColumnRecords(ids, columns)
    records["new"] = records.pop("id1")
    del records["id3"]
    records["id3"] = a_user("back")  # added back: keeps its listed place
    assert list(records) == ["id0", "id2", "id3", "new"]
    assert records.column("username") == ["user0", "user2", "back", "user1"]


@pytest.mark.parametrize("ids, columns, problem", [
    (["a", "b"], [["x", "y"]] * 4, "5 columns"),
    (["a", "b"], [["x", "y"]] * 4 + [["x"]], "5 columns"),
    (["a", "a"], [["x", "y"]] * 5, "listed twice"),
])
def test_columns_that_do_not_fit_are_refused(ids, columns, problem):
    with pytest.raises(ValueError, match=problem):
        ColumnRecords(ids, columns)


def test_rows_in_id_order_that_do_not_fit_are_refused():
    with pytest.raises(ValueError, match="2 rows in id order expected"):
        ColumnRecords(["a", "b"], [["x", "y"]] * 5, array("I", [0]))


def test_a_row_in_id_order_that_is_not_there_raises_value_error_where_it_is_met():
    records = ColumnRecords(["a", "b", "c"], [["x", "y", "z"]] * 5, array("I", [0, 1, 7]))
    assert records["a"]["username"] == "x"  # the search never met the bad number
    with pytest.raises(ValueError, match="not there"):
        records.get("c")
    with pytest.raises(ValueError, match="not there"):
        records.check()


def test_a_state_over_columns_replays_and_compares_as_a_state_over_dicts():
    rng = random.Random(7)
    ids, columns = listed(50)
    lazy, plain = State(ColumnRecords(ids, columns)), State(as_dict(ids, columns))
    events = []
    for n in range(300):
        uid = f"id{rng.randrange(50)}"
        if uid not in plain.records:
            continue
        old = plain.records[uid]["display_name"]
        events.append(("user.changed", {"user_id": uid, "changes": {
            "display_name": [old, f"Name {n}"]}}))
        apply(plain, *events[-1])
        apply(lazy, *events[-1])
    assert lazy == plain and plain == lazy
    assert lazy.owner_of("USER7") == "id7"
    assert column_of(lazy.records, "display_name") == column_of(
        {uid: plain.records[uid] for uid in lazy.records}, "display_name")
    for event in reversed(events):
        revert(lazy, *event)
    assert lazy == State(as_dict(ids, columns))


@pytest.mark.parametrize("values", [[], [""], ["a"], ["", ""], ["Ünïcödé ß", "", "emoji 😀", "x"]])
def test_a_text_column_reads_one_value_or_all(values):
    column = text_column(values)
    assert len(column) == len(values)
    assert [column[row] for row in range(len(values))] == values
    assert list(column) == values and column.values() is column.values()
    assert [column[row] for row in range(len(values))] == values  # after the split too


@pytest.mark.parametrize("text, starts", [
    ("a\0b", [0, 2]), ("a\0b", [1, 2, 4]), ("a\0b", [0, 2, 5]), ("", []),
])
def test_a_text_column_refuses_starts_that_do_not_fit(text, starts):
    with pytest.raises(ValueError, match="do not fit"):
        TextColumn(text, array("I", starts))


def test_a_text_column_with_more_starts_than_values_is_refused_when_split():
    """Counting the NULs at once would cost a load as much as decoding the text."""
    column = TextColumn("ab", array("I", [0, 2, 3]))
    with pytest.raises(ValueError, match="do not fit"):
        column.values()
    records = ColumnRecords(["a", "b"], [["x", "y"], column, column, ["r", "r"], [1, 1]])
    with pytest.raises(ValueError, match="do not fit"):
        records.check()


def test_a_coded_column_looks_up_each_value_or_all():
    column = CodedColumn(bytes([1, 0, 2, 1]), ["admin", "editor", "viewer"])
    assert len(column) == 4 and column[2] == "viewer" and column[-1] == "editor"
    assert list(column) == ["editor", "admin", "viewer", "editor"]
    flags = CodedColumn(bytes([0, 1]), [False, True])
    assert list(flags) == [False, True] and flags[1] is True
    assert list(CodedColumn(b"", [])) == []


@pytest.mark.parametrize("codes, values", [(bytes([0, 2]), ["a", "b"]), (bytes([1]), [])])
def test_a_coded_column_refuses_a_byte_that_indexes_no_value(codes, values):
    with pytest.raises(ValueError, match="not among the values"):
        CodedColumn(codes, values)


def test_a_copy_changes_apart_and_makes_no_dicts_in_the_original():
    ids, columns = listed(4)
    original = State(ColumnRecords(ids, columns))
    original.records["id0"]["role"] = "admin"
    del original.records["id1"]
    twin = original.copy()
    assert isinstance(twin.records, ColumnRecords)
    assert list(original.records._made) == ["id0"]  # copying made no other user's dict
    assert twin == original
    twin.records["id0"]["role"] = "editor"
    twin.records["id2"]["email"] = "twin@example.com"
    del twin.records["id3"]
    twin.records["id1"] = a_user("back")
    assert original.records["id0"]["role"] == "admin" and "id1" not in original.records
    assert original.records["id2"]["email"] == "u2@example.com" and "id3" in original.records
    assert list(twin.records) == ["id0", "id1", "id2"]


def test_compacted_records_hold_the_same_users_over_fresh_columns():
    assert SPRAWL == 8  # (the counts below)
    ids, columns = listed(16)
    records = ColumnRecords(ids, columns)
    assert records.compacted() is records  # nothing made yet
    records["id1"]["email"] = "changed@example.com"
    del records["id2"]
    records["new"] = a_user("newcomer")
    assert records.compacted() is records  # 2 made of 16 listed: not more than one in 8
    assert records["id4"]["username"] == "user4"  # a third made
    fresh = records.compacted()
    assert fresh is not records and fresh._made == {}  # (white-box: no dict carried over)
    assert dict(fresh.items()) == dict(records.items()) and list(fresh) == list(records)
    fresh["id3"]["role"] = "admin"
    assert records["id3"]["role"] == "viewer"  # apart from the records it came from
