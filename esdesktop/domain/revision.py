"""A revision: one user action, a node in the history tree."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime


@dataclass(frozen=True, slots=True)
class Revision:
    """One user action. ``id`` 0 is the empty root; ``depth`` is its index on any timeline
    through it; ``path_events`` counts the events on the path root -> here."""

    id: int
    parent: int | None
    depth: int
    label: str
    actor: str
    recorded_at: str  # UTC, ISO 8601 with a trailing Z
    hash: str
    path_events: int

    @property
    def time(self) -> datetime:
        """When it was recorded, as an aware UTC datetime."""
        return datetime.fromisoformat(self.recorded_at.replace("Z", "+00:00"))


def system_clock() -> datetime:
    return datetime.now(UTC)


# The time source for every ``recorded_at`` (revisions and checkpoints). Looked up at each
# call, so a test can replace it (``monkeypatch.setattr(revision, "clock", ...)``) to write
# revisions at chosen times, a clock that jumps backwards included.
clock = system_clock

def utc_now() -> str:
    return utc_text(clock())


def utc_text(moment: datetime) -> str:
    """``moment`` as stored in ``recorded_at``: UTC, ISO 8601, microseconds, trailing Z.
    A naive datetime is taken as local time. These strings sort as the times do."""
    utc = moment.astimezone(UTC).replace(tzinfo=None)
    return utc.isoformat(timespec="microseconds") + "Z"
