"""How a revision reads in the timeline, the history panel and a user's history."""

from __future__ import annotations

from datetime import datetime

from esdesktop.domain import Revision

EMPTY_LABEL = "Empty log"


def label_of(revision: Revision) -> str:
    """The revision's label; the root reads as the empty log it stands for."""
    return EMPTY_LABEL if revision.depth == 0 else revision.label


def when(revision: Revision, now: datetime | None = None) -> str:
    """Local time of the revision: "10:42" today, "3 Nov 10:42" this year, else with the year."""
    local = revision.time.astimezone()
    now = now or datetime.now().astimezone()
    if local.date() == now.date():
        return local.strftime("%H:%M")
    if local.year == now.year:
        return f"{local.day} {local.strftime('%b %H:%M')}"
    return f"{local.day} {local.strftime('%b %Y %H:%M')}"


def full_time(revision: Revision) -> str:
    """Local date and time to the second, for tooltips."""
    return revision.time.astimezone().strftime("%Y-%m-%d %H:%M:%S %Z")


def details(revision: Revision) -> str:
    """A tooltip: label, who, when, and the revision id."""
    return (f"{label_of(revision)}\nby {revision.actor}, {full_time(revision)}\n"
            f"revision id {revision.id}, position {revision.depth}")
