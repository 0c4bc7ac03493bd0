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
