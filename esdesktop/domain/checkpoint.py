"""Checkpoints: names given to revisions ("Before the audit").

A checkpoint is a series of append-only records sharing one ``mark``: the first names a
revision, a later one renames it or removes it. The newest record of a mark is what the
checkpoint is now; the older ones stay as its history.
"""

from __future__ import annotations

from dataclasses import dataclass

from esdesktop.domain.user import check_display_name
from esdesktop.errors import ValidationError


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """One checkpoint record. ``id`` orders the records; ``mark`` names the checkpoint
    across renames; ``recorded_at`` is UTC ISO 8601 with a trailing Z."""

    id: int
    mark: int
    revision: int
    name: str
    removed: bool
    actor: str
    recorded_at: str


def check_checkpoint_name(name) -> str:
    """A checkpoint name follows the rules of a display name: text, 1 to 100 characters,
    no surrounding spaces, no control characters."""
    try:
        return check_display_name(name)
    except ValidationError as error:
        raise ValidationError("name", error.reason) from None
