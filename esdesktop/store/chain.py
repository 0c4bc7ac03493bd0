"""The hash chain: each revision's hash covers its parent's hash, its own header and the
stored bytes of its events, so any edit made behind the app's back changes a hash."""

from __future__ import annotations

import hashlib

SEP = b"\x1f"


def root_hash(file_id: str) -> str:
    return hashlib.sha256(b"esdesktop log " + file_id.encode()).hexdigest()


def revision_hash(parent_hash: str, header: tuple, events) -> str:
    """``header`` is (id, parent, depth, path_events, label, actor, recorded_at);
    ``events`` yields (user_id, type, version, data) as stored."""
    digest = hashlib.sha256(parent_hash.encode())
    digest.update(SEP.join(str(part).encode() for part in header))
    for user_id, kind, version, data in events:
        digest.update(b"\n")
        digest.update(SEP.join((user_id.encode(), kind.encode(), str(version).encode(), data.encode())))
    return digest.hexdigest()
