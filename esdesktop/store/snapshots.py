"""Snapshot encoding: a state as columns, each compressed on its own.

A snapshot is a cache. It is never trusted over the events: ``verify`` compares each one
with a replay, and a snapshot in an unknown format is ignored.

Format ``columns-nul-lz4-6`` (written): a header of two 4-byte big-endian numbers, the
count of users and the CRC-32 of everything after the header; then eleven segments, each a
4-byte big-endian length and an LZ4 block (high-compression mode, its size stored first,
as ``lz4.block`` writes it). The users are listed in username order (see
:func:`in_username_order`), one row each:

1-4.  the ids, usernames, emails and display names: UTF-8 text, the values joined by NUL;
5-7.  where each username, email and display name starts in its joined text, in
      characters, then that text's length plus one: 4-byte little-endian numbers;
8.    the distinct roles, joined by NUL;
9-10. each user's role as one byte indexing them, and each user's ``active`` (0 or 1);
11.   the ids' hash slots, 4-byte little-endian numbers: a power of two of them, at least
      twice as many as users, each 0 or a row plus one; a user's row sits in the first
      slot from the CRC-32 of its id's UTF-8 (masked to the slots) that holds it, going
      round (see :func:`~esdesktop.domain.id_slots.id_slots`).

Reading one makes only the ids into strings (split on NUL, in C, with no parsing); a user
is found through segment 11, so no index of every user is built (see
:class:`~esdesktop.domain.ColumnRecords`). The other text stays whole, and a user's own
values are sliced out when its dict is made (see :class:`~esdesktop.domain.TextColumn`),
or a whole column split when something wants it whole (the users table wants the
usernames). Roles and flags stay a byte a user (see :class:`~esdesktop.domain.CodedColumn`).
An LZ4 block carries no checksum of its own, hence the CRC: a damaged snapshot is
refused, never read as a plausible state.
On the benchmark log's largest snapshot (97,459 users, 9.6 MB of columns), LZ4
decompressed them in 2.5 to 8.7 ms against zlib's 28.6 ms, at 4.2 MB against zlib's 3.4
MB, and the CRC of the 4.2 MB takes about 1.3 ms. Still read: ``columns-nul-lz4-5``, whose
segment 11 lists the rows in the order of their ids instead (a user is found by bisecting
them); ``columns-nul-lz4-4``, without segment 11 (its users are indexed at once); and
``columns-nul-lz4-3``, which also lacks the usernames' starts (segments 5-6 for emails
and display names): its usernames are split at once.

NUL is refused in every field (the domain refuses control characters), so it cannot occur
in a value; a state that holds one anyway (or more than 256 roles, or a flag that is not a
bool) is written in format ``columns-json-zlib-2``: ``[ids, usernames, emails,
display_names, roles, actives]``, six parallel JSON arrays, still read, as is
``rows-json-zlib-1`` (one ``[id, *fields]`` array per user).
"""

from __future__ import annotations

import struct
import sys
import zlib
from array import array
from bisect import bisect_right
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from itertools import accumulate

import lz4.block
from pydantic_core import from_json, to_json

from esdesktop.domain import (
    FIELDS,
    CodedColumn,
    ColumnRecords,
    State,
    TextColumn,
    column_of,
    id_slots,
    username_keys,
)

FORMAT = "columns-nul-lz4-6"
ID_ORDER_FORMAT = "columns-nul-lz4-5"  # still read: the rows in id order, not hash slots
NO_ID_ORDER_FORMAT = "columns-nul-lz4-4"  # still read: the same, less the rows in id order
OLD_NUL_FORMAT = "columns-nul-lz4-3"  # still read: that, but usernames have no starts
JSON_FORMAT = "columns-json-zlib-2"
LEVEL = 1  # zlib, for JSON columns: level 1 packs a state to a third; higher levels gain little
# LZ4's high-compression level: 3 packed the largest benchmark snapshot to 4.24 MB in 113 ms
# (on the writer thread, which LZ4 lets go of Python's lock for), 6 to 4.16 MB in 188 ms,
# the fast mode to 5.5 MB in 10 ms; all decompress alike.
LZ4_LEVEL = 3
_HEADER = struct.Struct(">II")  # count of users, CRC-32 of the rest
_LENGTH = struct.Struct(">I")
_TEXTS = 4  # ids, usernames, emails, display names
_LISTED = {FORMAT: 1, ID_ORDER_FORMAT: 1, NO_ID_ORDER_FORMAT: 1, OLD_NUL_FORMAT: 2}  # split at once
_SEGMENTS = {FORMAT: 11, ID_ORDER_FORMAT: 11, NO_ID_ORDER_FORMAT: 10, OLD_NUL_FORMAT: 9}
_TEXT = "utf-8"
_SURROGATES = "surrogatepass"  # the domain refuses them; a snapshot still carries them
_FLAGS = [False, True]  # an ``active`` byte indexes these


def columns(state: State) -> list[list]:
    """What a snapshot of ``state`` holds, copied column by column (no Python call a user:
    some 20 ms at 100,000 users): safe to encode on another thread while the state goes on
    changing, as its values (text and booleans) never change themselves."""
    return [list(state.records), *(column_of(state.records, field) for field in FIELDS)]


def encode(state: State | list[list]) -> tuple[str, bytes]:
    """A snapshot of ``state``, or of its :func:`columns`, with the users in username
    order: (its format, its bytes). Meant for a worker thread: it works through the users
    :data:`CHUNK` at a time (see there), and LZ4 lets go of Python's lock while it
    compresses."""
    data = in_username_order(state if isinstance(state, list) else columns(state))
    segments = _segments(data)
    if segments is None:
        return JSON_FORMAT, json_columns(data)
    segments.append(_numbers(id_slots(data[0])))
    body = b"".join(_LENGTH.pack(len(packed)) + packed for packed in (
        lz4.block.compress(segment, mode="high_compression", compression=LZ4_LEVEL)
        for segment in segments))
    return FORMAT, _HEADER.pack(len(data[0]), zlib.crc32(body)) + body


# Users per call into C while a snapshot is encoded. Such a call holds Python's lock from
# start to end, so a call over a whole column (10-40 ms at 100,000 users) kept the thread
# that had just made the edit waiting that long: an import returned 180 ms after its
# snapshot was started. Between calls over a chunk the other thread gets its turn.
CHUNK = 8192


def _chunks(column: list) -> list[list]:
    return [column[start:start + CHUNK] for start in range(0, len(column), CHUNK)]


def _segments(data: list[list]) -> list[bytes] | None:
    """The first ten uncompressed segments of :data:`FORMAT`, or None when ``data``
    holds what that format cannot say."""
    *texts, roles, actives = data
    try:
        joined = ["\0".join(["\0".join(part) for part in _chunks(column)]) for column in texts]
    except TypeError:  # a value that is not text
        return None
    if any(text.count("\0") != max(len(column) - 1, 0)  # a NUL inside a value
           for text, column in zip(joined, texts, strict=True)):
        return None
    names = set()
    for part in _chunks(roles):
        names.update(part)
    if len(names) > 256 or not all(type(name) is str and "\0" not in name for name in names) \
            or not _flags(actives):
        return None
    names = sorted(names)
    index = {name: n for n, name in enumerate(names)}
    listed = _LISTED[FORMAT]
    if any(len(text) + 1 >= 1 << 32 for text in joined[listed:]):  # starts are 4 bytes
        return None
    return [*(text.encode(_TEXT, _SURROGATES) for text in joined),
            *(_starts(column) for column in texts[listed:]),
            "\0".join(names).encode(_TEXT, _SURROGATES),
            b"".join([bytes(map(index.__getitem__, part)) for part in _chunks(roles)]),
            b"".join([bytes(map(int, part)) for part in _chunks(actives)])]


def _starts(column: list[str]) -> bytes:
    """Where each value starts in the column joined by NUL (in characters), then the joined
    text's length plus one: 4-byte little-endian numbers."""
    return _numbers(accumulate(map((1).__add__, map(len, column)), initial=0))


def _numbers(values) -> bytes:
    """``values`` as 4-byte little-endian numbers."""
    numbers = array("I", values)
    if sys.byteorder == "big":
        numbers.byteswap()
    return numbers.tobytes()


def read_numbers(data: bytes) -> array:
    """4-byte little-endian numbers, as :func:`_numbers` writes them."""
    numbers = array("I")
    numbers.frombytes(data)
    if sys.byteorder == "big":
        numbers.byteswap()
    return numbers


def _flags(values: list) -> bool:
    return set(map(type, values)) <= {bool}


def json_columns(data: list[list]) -> bytes:
    """pydantic_core's ``to_json`` writes the same bytes as ``json.dumps(...,
    ensure_ascii=False, separators=(",", ":"))`` (a test compares them) in two thirds of
    the time."""
    parts = [to_json(column) for column in data]
    return zlib.compress(b"[" + b",".join(parts) + b"]", LEVEL)


def in_username_order(data: list[list]) -> list[list]:
    """The columns with the users in username order (casefolded, then by id), the users
    table's first order. A state read from the snapshot lists its users in that order, so
    after a jump the table sorts an almost sorted list: timsort's best case, several times
    faster than a random order at 98,000 users. Done here, on the snapshot writer's thread,
    :data:`CHUNK` users at a time: each chunk sorted, then the sorted runs merged in pairs."""
    if len(data[0]) < 2:
        return data
    keys = []
    for names, ids in zip(_chunks(data[1]), _chunks(data[0]), strict=True):
        keys += username_keys(names, ids)
    order = _sorted_rows(keys)
    return [_picked(column, order) for column in data]


def _sorted_rows(keys: list) -> list[int]:
    """The rows of ``keys`` (distinct) in the order of their keys: :data:`CHUNK` rows
    sorted at a time, then the sorted runs merged in pairs (one call sorting them all held
    the lock for 30 ms)."""
    count = len(keys)
    runs = [sorted(range(start, min(start + CHUNK, count)), key=keys.__getitem__)
            for start in range(0, count, CHUNK)]
    while len(runs) > 1:
        runs = [_merged(*runs[n:n + 2], key=keys.__getitem__) for n in range(0, len(runs), 2)]
    return runs[0] if runs else []


def _merged(first: list, second: list | None = None, *, key) -> list:
    """Two sorted lists of distinct keys as one, merged a chunk of ``first`` at a time with
    the part of ``second`` that falls among it."""
    if second is None:
        return first
    merged, low = [], 0
    for part in _chunks(first):
        high = bisect_right(second, key(part[-1]), low, key=key)
        merged += sorted(part + second[low:high], key=key)
        low = high
    merged += second[low:]
    return merged


def _picked(column: list, order: list[int]) -> list:
    picked = []
    for part in _chunks(order):
        picked += map(column.__getitem__, part)
    return picked


def decode(blob: bytes, fmt: str = FORMAT, thorough: bool = False) -> State:
    """The state a snapshot holds; ``fmt`` is its format as stored (see :data:`DECODERS`).
    ``thorough``: also prove what a load trusts to the checksum (that the rows in id order
    sort the ids, and that each text column holds a value for each of its starts: see
    :meth:`~esdesktop.domain.ColumnRecords.check`), as ``verify`` does.
    Raises ValueError when the snapshot cannot be read."""
    try:
        state = DECODERS[fmt](blob)
        if thorough and isinstance(state.records, ColumnRecords):
            state.records.check()
        return state
    except (zlib.error, lz4.block.LZ4BlockError, struct.error, KeyError, IndexError, TypeError,
            ValueError) as error:
        raise ValueError(f"unreadable {fmt} snapshot: {error}") from None


def _nul(blob: bytes, fmt: str = FORMAT) -> State:
    count, segments = nul_segments(blob, fmt)
    if fmt == FORMAT:
        slots = read_numbers(segments.pop())
        return state_of(nul_columns(count, segments, fmt), by_username=True, slots=slots)
    if fmt == ID_ORDER_FORMAT:
        by_id = read_numbers(segments.pop())
        return state_of(nul_columns(count, segments, fmt), by_id, by_username=True)
    return state_of(nul_columns(count, segments, fmt))  # no promise of username order


def _nul_5(blob: bytes) -> State:
    return _nul(blob, ID_ORDER_FORMAT)


def _nul_4(blob: bytes) -> State:
    return _nul(blob, NO_ID_ORDER_FORMAT)


def _old_nul(blob: bytes) -> State:
    return _nul(blob, OLD_NUL_FORMAT)


def nul_columns(count: int, segments: list[bytes], fmt: str = FORMAT) -> list[Sequence]:
    """The six columns of ``count`` users from the segments of ``fmt`` (a
    ``columns-nul-lz4`` format): ids split into a list (the index wants every one), and in
    the older format usernames too; the other text columns kept whole with their starts
    (see :class:`TextColumn`), roles and flags as their bytes (see :class:`CodedColumn`)."""
    listed = _LISTED[fmt]
    texts = [segment.decode(_TEXT, _SURROGATES) for segment in segments[:_TEXTS]]
    starts = [read_numbers(segment) for segment in segments[_TEXTS:2 * _TEXTS - listed]]
    distinct, roles, actives = segments[2 * _TEXTS - listed:]
    if count == 0:
        if any(texts) or distinct or roles or actives or any(
                column != array("I", [0]) for column in starts):
            raise ValueError("no users, yet values")
        return [[] for _ in range(6)]
    split = [text.split("\0") for text in texts[:listed]]
    lazy = [TextColumn(*pair) for pair in zip(texts[listed:], starts, strict=True)]
    names = distinct.decode(_TEXT, _SURROGATES).split("\0")
    data = [*split, *lazy, CodedColumn(roles, names), CodedColumn(actives, _FLAGS)]
    if any(len(column) != count for column in data):
        raise ValueError(f"columns of unequal length, not {count} users each")
    return data


def nul_segments(blob: bytes, fmt: str = FORMAT) -> tuple[int, list[bytes]]:
    """The count of users and the decompressed segments of a ``columns-nul-lz4`` format;
    ValueError if the checksum does not match, or the blob is cut short or has bytes left
    over.

    The first segment (the ids, the largest) is decompressed on a worker thread while this
    one checks the CRC and decompresses the rest: both let go of Python's lock. On the 20
    largest snapshots of the benchmark log that took 4.2 to 4.3 ms against 5.4 to 6.2 one
    after the other (medians of 60 loads each way, taking turns, in two processes)."""
    view = memoryview(blob)
    count, crc = _HEADER.unpack_from(view)
    first, *others = _packed(view, fmt)
    ids = _worker().submit(lz4.block.decompress, first)
    if zlib.crc32(view[_HEADER.size:]) != crc:
        ids.cancel()
        raise ValueError("its checksum does not match: it was damaged")
    rest = [lz4.block.decompress(segment) for segment in others]
    return count, [ids.result(), *rest]


def _packed(view: memoryview, fmt: str) -> list[memoryview]:
    """The compressed segments; ValueError if the lengths do not fit the blob."""
    at, packed = _HEADER.size, []
    for _ in range(_SEGMENTS[fmt]):
        (size,), at = _LENGTH.unpack_from(view, at), at + _LENGTH.size
        if at + size > len(view):
            raise ValueError("cut short")
        packed.append(view[at:at + size])
        at += size
    if at != len(view):
        raise ValueError(f"{len(view) - at} bytes left over")
    return packed


_WORKER: list[ThreadPoolExecutor] = []  # one thread, started when first needed


def _worker() -> ThreadPoolExecutor:
    if not _WORKER:
        _WORKER.append(ThreadPoolExecutor(1, thread_name_prefix="snapshot-reader"))
    return _WORKER[0]


def _json(blob: bytes) -> State:
    return state_of(from_json(zlib.decompress(blob), cache_strings=False))


def state_of(data: list[list], by_id: array | None = None, by_username: bool = False, *,
             slots: array | None = None) -> State:
    """The state the six columns of a snapshot hold: the users' dicts are made one at a
    time, when first asked for (see :class:`~esdesktop.domain.ColumnRecords`). ``slots``
    or ``by_id``: the snapshot's index of ids, if it has one; ``by_username``: whether it
    promises its users in username order (formats 5 and 6 do)."""
    ids, *fields = data
    return State(ColumnRecords(ids, fields, by_id, by_username, slots=slots))


def _rows(blob: bytes) -> State:
    """The oldest format, a dict per user."""
    return State({row[0]: dict(zip(FIELDS, row[1:], strict=True))
                  for row in from_json(zlib.decompress(blob))})


DECODERS = {FORMAT: _nul, ID_ORDER_FORMAT: _nul_5, NO_ID_ORDER_FORMAT: _nul_4,
            OLD_NUL_FORMAT: _old_nul,
            JSON_FORMAT: _json, "rows-json-zlib-1": _rows}
