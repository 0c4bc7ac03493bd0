"""Snapshot encoding: a state as compact JSON rows, zlib-compressed.

A snapshot is a cache. It is never trusted over the events: ``verify`` compares each one
with a replay, and a snapshot in an unknown format is ignored.
"""

from __future__ import annotations

import json
import zlib

from pydantic_core import from_json

from esdesktop.domain import FIELDS, State

FORMAT = "rows-json-zlib-1"


def encode(state: State) -> bytes:
    rows = [[uid, *(fields[f] for f in FIELDS)] for uid, fields in state.records.items()]
    text = json.dumps(rows, ensure_ascii=False, separators=(",", ":"))
    return zlib.compress(text.encode(), 1)


def decode(blob: bytes) -> State:
    rows = from_json(zlib.decompress(blob))
    return State({row[0]: dict(zip(FIELDS, row[1:])) for row in rows})
