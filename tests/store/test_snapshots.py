"""Snapshot formats: what is written reads back, damage is refused, older formats still read."""

import json
import random
import struct
import sys
import zlib
from array import array

import lz4.block
import pytest

from esdesktop.domain import FIELDS, State, id_slots
from esdesktop.store import snapshots


def a_state() -> State:
    return State({
        "a1": {"username": "alice", "email": "alice@example.com", "display_name": "Alice Ü",
               "role": "admin", "active": True},
        "b2": {"username": "bob", "email": "bob@example.org", "display_name": "Bob",
               "role": "viewer", "active": False},
    })


def round_trip(state: State | list[list]) -> State:
    fmt, blob = snapshots.encode(state)
    return snapshots.decode(blob, fmt, thorough=True)


def test_a_state_reads_back_field_for_field():
    state = a_state()
    assert snapshots.encode(state)[0] == snapshots.FORMAT
    back = round_trip(state)
    assert back == state
    assert all(tuple(fields) == FIELDS for fields in back.records.values())
    assert [type(fields["active"]) for fields in back.records.values()] == [bool, bool]


def test_the_empty_state_reads_back():
    assert snapshots.encode(State())[0] == snapshots.FORMAT
    assert round_trip(State()) == State()


def test_the_row_format_of_version_1_still_reads():
    state = a_state()
    rows = [[uid, *(fields[f] for f in FIELDS)] for uid, fields in state.records.items()]
    blob = zlib.compress(json.dumps(rows).encode())
    assert snapshots.decode(blob, "rows-json-zlib-1") == state


def test_the_json_columns_of_version_2_still_read():
    state = a_state()
    blob = snapshots.json_columns(snapshots.columns(state))
    assert snapshots.decode(blob, "columns-json-zlib-2") == state


TRICKY = ["plain", 'quote " and \\ backslash', "tab\tnew\nline\x1f\x7f", "Ünïcödé ß",
          "emoji 😀👩‍💻", "\u2028\u2029 separators", "</script>", "", "lone \ud800 surrogate"]


def tricky_state(texts: list[str]) -> State:
    return State({f"id{n}": {"username": text, "email": f"{n}@example.com", "display_name": text,
                             "role": text or "viewer", "active": bool(n % 2)}
                  for n, text in enumerate(texts)})


def test_any_text_without_nul_reads_back_exactly():
    state = tricky_state(TRICKY)
    assert snapshots.encode(state)[0] == snapshots.FORMAT
    assert round_trip(state) == state


@pytest.mark.parametrize("odd", [
    pytest.param(lambda s: s.records["id1"].update(email="nul \x00 inside"), id="nul in text"),
    pytest.param(lambda s: s.records["id1"].update(role="nul\x00role"), id="nul in a role"),
    pytest.param(lambda s: s.records["id1"].update(active=1), id="a flag that is not a bool"),
    pytest.param(lambda s: s.records["id1"].update(display_name=None), id="a value not text"),
    pytest.param(lambda s: [s.records[f"id{n}"].update(role=f"r{n}") for n in range(300)],
                 id="300 roles"),
])
def test_a_state_the_nul_format_cannot_say_is_written_as_json_columns(odd):
    state = tricky_state([f"user{n}" for n in range(300)])
    odd(state)
    fmt, blob = snapshots.encode(state)
    assert fmt == "columns-json-zlib-2"
    assert snapshots.decode(blob, fmt) == state


def test_json_columns_are_the_bytes_json_dumps_writes():
    state = tricky_state(TRICKY[:-1] + ["nul \x00 inside"])  # json.dumps refuses surrogates
    columns = snapshots.columns(state)
    rows = sorted(zip(*columns, strict=True), key=lambda row: f"{row[1].casefold()}\0{row[0]}")
    in_order = [list(column) for column in zip(*rows, strict=True)]  # in username order (below)
    expected = json.dumps(in_order, ensure_ascii=False, separators=(",", ":")).encode()
    assert snapshots.encode(state) == ("columns-json-zlib-2", zlib.compress(expected, 1))
    assert zlib.decompress(snapshots.json_columns(in_order)) == expected
    assert zlib.decompress(snapshots.json_columns([[]] * 6)) == b"[[],[],[],[],[],[]]"


def segments_of(blob: bytes) -> tuple[int, list[bytes]]:
    count, crc = struct.unpack_from(">II", blob)
    assert zlib.crc32(blob[8:]) == crc
    at, parts = 8, []
    while at < len(blob):
        size = struct.unpack_from(">I", blob, at)[0]
        parts.append(lz4.block.decompress(blob[at + 4:at + 4 + size]))
        at += 4 + size
    return count, parts


def pack(count: int, parts: list[bytes]) -> bytes:
    body = b"".join(struct.pack(">I", len(z)) + z for z in map(lz4.block.compress, parts))
    return struct.pack(">II", count, zlib.crc32(body)) + body


def little_endian(*columns: list[int]) -> list[bytes]:
    arrays = [array("I", column) for column in columns]
    if sys.byteorder == "big":
        for column in arrays:
            column.byteswap()
    return [column.tobytes() for column in arrays]


def test_the_nul_format_is_laid_out_as_documented():
    count, parts = segments_of(snapshots.encode(a_state())[1])
    assert count == 2
    # where each value starts, in characters, then the text's length plus one
    starts = little_endian([0, 6, 10], [0, 18, 34], [0, 8, 12])
    assert parts[:10] == [b"a1\0b2", b"alice\0bob", b"alice@example.com\0bob@example.org",
                          "Alice Ü\0Bob".encode(), *starts, b"admin\0viewer", b"\0\1",
                          b"\1\0"]
    assert len(parts[5]) == 12 and parts[5][4] == 18  # 4-byte little-endian numbers
    # hash slots: 4 for 2 users, each user's row plus one in the first free slot from the
    # CRC-32 of its id, going round
    slots = [0] * 4
    for row, user_id in enumerate((b"a1", b"b2"), 1):
        at = zlib.crc32(user_id) % 4
        while slots[at]:
            at = (at + 1) % 4
        slots[at] = row
    assert parts[10] == little_endian(slots)[0]


def _four_users() -> State:
    return State({uid: {"username": name, "email": f"{name}@example.com",
                        "display_name": name, "role": "viewer", "active": True}
                  for uid, name in (("c", "ann"), ("a", "bea"), ("d", "cy"), ("b", "dee"))})


def test_a_user_is_found_through_the_hash_slots():
    state = _four_users()
    count, parts = segments_of(snapshots.encode(state)[1])
    assert parts[0] == b"c\0a\0d\0b" and len(parts[10]) == 4 * 8  # 8 slots for 4 users
    back = snapshots.decode(pack(count, parts), thorough=True)
    assert back == state and back.records["d"]["username"] == "cy" and "e" not in back.records


def test_the_nul_format_of_version_5_still_reads():
    """Segment 11 lists the rows in the order of their ids: a lookup bisects them."""
    state = _four_users()
    count, parts = segments_of(snapshots.encode(state)[1])
    old = pack(count, [*parts[:10], *little_endian([1, 3, 0, 2])])
    back = snapshots.decode(old, "columns-nul-lz4-5", thorough=True)
    assert back == state and back.records["d"]["username"] == "cy" and "e" not in back.records
    assert back.records.username_order().ids == ["c", "a", "d", "b"]
    forged = pack(count, [*parts[:10], *little_endian([3, 0, 2, 1])])
    records = snapshots.decode(forged, "columns-nul-lz4-5").records
    for user_id in "abcd":  # found at its own row, or not at all
        assert records.get(user_id) in (None, state.records[user_id])
    with pytest.raises(ValueError, match="does not sort the ids"):
        snapshots.decode(forged, "columns-nul-lz4-5", thorough=True)


@pytest.mark.parametrize("slots, problem", [
    ([0, 0, 0, 0], "do not find each user"),  # nobody found
    ([2, 1, 0, 0], "do not find each user"),  # each in the other's slot
    ([1, 2, 7, 0], "not there|do not find"),  # a row that is not there
])
def test_hash_slots_that_do_not_find_each_user_are_refused_by_a_thorough_read(slots, problem):
    """A load trusts them to the checksum (a user may then go unfound, never another be
    found in its place); ``verify`` reads thoroughly."""
    count, parts = segments_of(snapshots.encode(a_state())[1])
    forged = pack(count, [*parts[:10], *little_endian(slots)])
    records = snapshots.decode(forged).records
    for user_id in ("a1", "b2"):
        try:
            assert records.get(user_id) in (None, a_state().records[user_id])
        except ValueError as error:  # a row that is not there, met on the way
            assert "not there" in str(error)
    with pytest.raises(ValueError, match=problem):
        snapshots.decode(forged, thorough=True)


def test_a_slot_naming_a_row_twice_is_refused_by_a_thorough_read():
    """Every user still found at its row, but a slot too many names one of them."""
    count, parts = segments_of(snapshots.encode(a_state())[1])
    slots = list(id_slots(["a1", "b2"]))
    slots[slots.index(0)] = 1
    forged = pack(count, [*parts[:10], *little_endian(slots)])
    assert snapshots.decode(forged) == a_state()
    with pytest.raises(ValueError, match="do not find each user"):
        snapshots.decode(forged, thorough=True)


def test_a_read_state_gives_its_username_order_and_a_thorough_read_proves_it():
    """The format promises its users in username order, so the users table takes that
    order as it stands; ``verify`` proves the promise."""
    assert round_trip(a_state()).records.username_order().ids == ["a1", "b2"]
    swapped = [b"b2\0a1", b"bob\0alice", b"bob@example.org\0alice@example.com",
               "Bob\0Alice Ü".encode(), *little_endian([0, 4, 10], [0, 16, 34], [0, 4, 12]),
               b"admin\0viewer", b"\1\0", b"\0\1", array("I", id_slots(["b2", "a1"])).tobytes()]
    forged = pack(2, swapped)
    assert snapshots.decode(forged) == a_state()  # a load trusts the order to the checksum
    with pytest.raises(ValueError, match="not in username order"):
        snapshots.decode(forged, thorough=True)


def test_the_nul_format_of_version_4_still_reads():
    """The same segments, less the rows in id order: its users are indexed at once."""
    count, parts = segments_of(snapshots.encode(a_state())[1])
    old = snapshots.decode(pack(count, parts[:10]), "columns-nul-lz4-4")
    assert old == a_state() and old.records.username_order() is None  # it promised none
    with pytest.raises(ValueError, match="unreadable columns-nul-lz4-4 snapshot"):
        snapshots.decode(pack(count, parts), "columns-nul-lz4-4")


def test_the_nul_format_of_version_3_still_reads():
    """The same segments, less the usernames' starts."""
    state = a_state()
    parts = [b"a1\0b2", b"alice\0bob", b"alice@example.com\0bob@example.org",
             "Alice Ü\0Bob".encode(), *little_endian([0, 18, 34], [0, 8, 12]),
             b"admin\0viewer", b"\0\1", b"\1\0"]
    assert snapshots.decode(pack(2, parts), "columns-nul-lz4-3") == state
    with pytest.raises(ValueError, match="unreadable columns-nul-lz4-3 snapshot"):
        snapshots.decode(pack(2, parts[:-1]), "columns-nul-lz4-3")


def _with_compressed(blob: bytes, segment: int, packed: bytes) -> bytes:
    """``blob`` with one segment's compressed bytes replaced, under a checksum that fits."""
    at, parts = 8, []
    while at < len(blob):
        size = struct.unpack_from(">I", blob, at)[0]
        parts.append(blob[at + 4:at + 4 + size])
        at += 4 + size
    parts[segment] = packed
    body = b"".join(struct.pack(">I", len(part)) + part for part in parts)
    return blob[:4] + struct.pack(">I", zlib.crc32(body)) + body


@pytest.mark.parametrize("segment", [0, 3])
def test_a_segment_lz4_cannot_read_is_refused_under_a_fitting_checksum(segment):
    """The ids (segment 0) are decompressed on a worker thread: its error comes back."""
    blob = _with_compressed(snapshots.encode(a_state())[1], segment, b"\x10\x00\x00\x00\xff")
    with pytest.raises(ValueError, match=f"unreadable {snapshots.FORMAT} snapshot"):
        snapshots.decode(blob)


@pytest.mark.parametrize("damage", [
    pytest.param(lambda blob: blob[:-3], id="cut short"),
    pytest.param(lambda blob: blob + b"\0", id="a byte left over"),
    pytest.param(lambda blob: blob[:2], id="no header"),
    pytest.param(lambda blob: pack(3, segments_of(blob)[1]), id="a count that does not fit"),
    pytest.param(lambda blob: pack(0, segments_of(blob)[1]), id="no users, yet values"),
    pytest.param(lambda blob: pack(2, segments_of(blob)[1][:9]), id="a segment missing"),
    pytest.param(lambda blob: pack(2, [*segments_of(blob)[1][:8], b"\0\7",
                                       *segments_of(blob)[1][9:]]), id="a role out of range"),
    pytest.param(lambda blob: pack(2, [*segments_of(blob)[1][:9], b"\2\0",
                                       *segments_of(blob)[1][10:]]), id="a flag not 0 or 1"),
    pytest.param(lambda blob: pack(2, [*segments_of(blob)[1][:10], *little_endian([0, 1])]),
                 id="too few hash slots"),
    pytest.param(lambda blob: pack(2, [*segments_of(blob)[1][:10], *little_endian([1, 2, 1])]),
                 id="hash slots not a power of two"),
    pytest.param(lambda blob: pack(2, [*segments_of(blob)[1][:10], *little_endian([1, 2, 1, 2])]),
                 id="hash slots with none empty"),
    pytest.param(lambda blob: pack(2, [*segments_of(blob)[1][:4], b"\0" * 12,
                                       *segments_of(blob)[1][5:]]), id="starts that do not fit"),
    pytest.param(lambda blob: pack(2, [*segments_of(blob)[1][:4], *little_endian([0, 6, 11]),
                                       *segments_of(blob)[1][5:]]),
                 id="username starts past the text"),
    pytest.param(lambda blob: pack(2, [b"a1\0\xff", *segments_of(blob)[1][1:]]), id="not UTF-8"),
    pytest.param(lambda blob: blob[:14] + bytes([blob[14] ^ 0xFF]) + blob[15:],
                 id="a compressed byte flipped"),
    pytest.param(lambda blob: blob[:-1] + bytes([blob[-1] ^ 0x01]), id="the last bit flipped"),
    pytest.param(lambda blob: pack(2, [b"a1\0b3", *segments_of(blob)[1][1:]])[:8]
                 + blob[8:], id="a checksum from other bytes"),
])
def test_a_damaged_snapshot_is_refused(damage):
    blob = snapshots.encode(a_state())[1]
    with pytest.raises(ValueError, match=f"unreadable {snapshots.FORMAT} snapshot"):
        snapshots.decode(damage(blob))


def test_a_snapshot_lists_its_users_in_username_order():
    """Casefolded, then by id: the users table's first order, which it then sorts fast."""
    names = ["mia", "Zoe", "adam", "Émile", "bea", "adam"]
    state = State({f"id{9 - n}": {"username": name, "email": f"{n}@example.com",
                                  "display_name": name, "role": "viewer", "active": True}
                   for n, name in enumerate(names)})
    back = round_trip(state)
    assert back == state
    assert [(f["username"], uid) for uid, f in back.records.items()] == [
        ("adam", "id4"), ("adam", "id7"), ("bea", "id5"), ("mia", "id9"), ("Zoe", "id8"),
        ("Émile", "id6")]
    one = State({"x": {"username": "solo", "email": "s@example.com", "display_name": "S",
                       "role": "admin", "active": False}})
    assert round_trip(one) == one


def test_columns_are_a_copy_the_state_can_change_under():
    state = a_state()
    columns = snapshots.columns(state)
    state.records["a1"]["display_name"] = "Changed"
    del state.records["b2"]
    assert round_trip(columns) == a_state()


@pytest.mark.parametrize("chunk", [1, 2, 3, 7, 8192])
@pytest.mark.parametrize("users", [2, 3, 25, 100])
def test_username_order_is_the_same_whatever_the_chunk(monkeypatch, chunk, users):
    """The encoder sorts and merges the users CHUNK at a time (an odd count of runs, runs
    of one, names shared by several ids): the order must be exactly the table's."""
    rng = random.Random(users * 31 + chunk)
    names = [rng.choice(["ann", "Bob", "bob", "Cy", "ünal", "zed"]) + str(rng.randrange(4))
             for _ in range(users)]
    state = State({f"id{rng.randrange(10**9):09}": {
        "username": name, "email": f"{n}@example.com", "display_name": f"N{n}",
        "role": rng.choice(["viewer", "editor", "admin"]), "active": rng.random() < 0.5}
        for n, name in enumerate(names)})
    monkeypatch.setattr(snapshots, "CHUNK", chunk)
    back = round_trip(state)
    assert back == state
    expected = sorted(state.records, key=lambda uid: (
        state.records[uid]["username"].casefold(), uid))
    assert list(back.records) == expected
