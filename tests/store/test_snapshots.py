"""Snapshot formats: what is written reads back, and older formats still read."""

import json
import zlib

from esdesktop.domain import FIELDS, State
from esdesktop.store import snapshots


def a_state() -> State:
    return State({
        "a1": {"username": "alice", "email": "alice@example.com", "display_name": "Alice Ü",
               "role": "admin", "active": True},
        "b2": {"username": "bob", "email": "bob@example.org", "display_name": "Bob",
               "role": "viewer", "active": False},
    })


def test_a_state_reads_back_field_for_field():
    state = a_state()
    back = snapshots.decode(snapshots.encode(state))
    assert back == state
    assert all(tuple(fields) == FIELDS for fields in back.records.values())


def test_the_empty_state_reads_back():
    assert snapshots.decode(snapshots.encode(State())) == State()


def test_the_row_format_of_version_1_still_reads():
    state = a_state()
    rows = [[uid, *(fields[f] for f in FIELDS)] for uid, fields in state.records.items()]
    blob = zlib.compress(json.dumps(rows).encode())
    assert snapshots.decode(blob, "rows-json-zlib-1") == state


TRICKY = ["plain", 'quote " and \\ backslash', "tab\tnew\nline\x00\x1f\x7f", "Ünïcödé ß",
          "emoji 😀👩‍💻", "\u2028\u2029 separators", "</script>", ""]


def test_encode_writes_the_bytes_json_dumps_writes():
    records = {f"id{n}": {"username": text, "email": f"{n}@example.com", "display_name": text,
                          "role": "viewer", "active": bool(n % 2)}
               for n, text in enumerate(TRICKY)}
    state = State(records)
    columns = snapshots.columns(state)
    rows = sorted(zip(*columns, strict=True), key=lambda row: f"{row[1].casefold()}\0{row[0]}")
    in_order = [list(column) for column in zip(*rows, strict=True)]  # in username order (below)
    expected = json.dumps(in_order, ensure_ascii=False, separators=(",", ":")).encode()
    assert zlib.decompress(snapshots.encode(state)) == expected
    assert zlib.decompress(snapshots.encode(columns)) == expected
    assert zlib.decompress(snapshots.encode(State())) == b"[[],[],[],[],[],[]]"


def test_a_snapshot_lists_its_users_in_username_order():
    """Casefolded, then by id: the users table's first order, which it then sorts fast."""
    names = ["mia", "Zoe", "adam", "Émile", "bea", "adam"]
    state = State({f"id{9 - n}": {"username": name, "email": f"{n}@example.com",
                                  "display_name": name, "role": "viewer", "active": True}
                   for n, name in enumerate(names)})
    back = snapshots.decode(snapshots.encode(state))
    assert back == state
    assert [(f["username"], uid) for uid, f in back.records.items()] == [
        ("adam", "id4"), ("adam", "id7"), ("bea", "id5"), ("mia", "id9"), ("Zoe", "id8"),
        ("Émile", "id6")]
    one = State({"x": {"username": "solo", "email": "s@example.com", "display_name": "S",
                       "role": "admin", "active": False}})
    assert snapshots.decode(snapshots.encode(one)) == one


def test_columns_are_a_copy_the_state_can_change_under():
    state = a_state()
    columns = snapshots.columns(state)
    state.records["a1"]["display_name"] = "Changed"
    del state.records["b2"]
    assert snapshots.decode(snapshots.encode(columns)) == a_state()
