"""The hash chain: each revision's hash covers its parent's hash, its own header and the
stored bytes of its events, so any edit made behind the app's back changes a hash."""

from __future__ import annotations

import hashlib

SEP = b"\x1f"


def root_hash(file_id: str) -> str:
    return hashlib.sha256(b"esdesktop log " + file_id.encode()).hexdigest()


def revision_hash(parent_hash: str, header: tuple, events) -> str:
    """``header`` is (id, parent, depth, path_events, label, actor, recorded_at);
    ``events`` yields (user_id, type, version, data) as stored. Text is hashed as its
    UTF-8 bytes, so a check may read it back as the bytes stored (which need not be
    UTF-8 in a file changed behind the app's back) and get the same hash."""
    digest = hashlib.sha256(parent_hash.encode())
    digest.update(SEP.join(map(_bytes, header)))
    for user_id, kind, version, data in events:
        digest.update(b"\n")
        digest.update(SEP.join((_bytes(user_id), _bytes(kind), str(version).encode(),
                                _bytes(data))))
    return digest.hexdigest()


def _bytes(part) -> bytes:
    return part if isinstance(part, bytes) else str(part).encode()
