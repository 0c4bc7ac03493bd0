"""Find in history, and go to a time. Both read the whole log through the store, not
just what a view has loaded.

Going to a time, exactly: the revisions of the current timeline are taken in their order
(root -> tip), never sorted by time. :func:`revision_at` walks them from the root and stops
before the first one recorded *after* the moment asked for; the revision before it is the
answer. So each revision stands for the latest time stamped on the way to it, and a
revision stamped earlier than one before it (the clock was set back) counts as made at
that earlier revision's later time. The answer never moves backwards as the moment moves
forwards. A moment before the first revision gives 0, the empty root; a moment after the
tip gives the tip.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from esdesktop.domain import FIELDS, Revision
from esdesktop.domain.revision import utc_text
from esdesktop.errors import ValidationError
from esdesktop.store.history_queries import Filters


@dataclass(frozen=True)
class Query:
    """What to find in history. Every part given must hold:

    * ``user``: a user id; revisions with an event about that user;
    * ``field``: a user field; revisions that changed it (creations and deletions set
      every field and do not count);
    * ``text``: in the revision's label, or in a value of one of its events (names, emails,
      old and new values), ignoring the case of ASCII letters; with ``user``/``field``, only
      the events those select are searched;
    * ``since`` / ``until``: recorded in that range, both ends included (naive datetimes
      are local time);
    * ``timeline_only``: only revisions on the current timeline (default: every branch).
    """

    user: str | None = None
    field: str | None = None
    text: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    timeline_only: bool = False

    def filters(self) -> Filters:
        """The query as the store takes it; refuses a bad field or an empty date range."""
        if self.field is not None and self.field not in FIELDS:
            raise ValidationError("field", f"must be one of {', '.join(FIELDS)}")
        if self.since and self.until and self.since.astimezone() > self.until.astimezone():
            raise ValidationError("until", "is before since: the date range is empty")
        return Filters(self.user or None, self.field, self.text or None,
                       _stored(self.since), _stored(self.until), self.timeline_only)


@dataclass(frozen=True)
class Found:
    """A revision that matched, and whether it is on the current timeline."""

    revision: Revision
    on_timeline: bool


def find(store, query: Query, limit: int = 100, offset: int = 0) -> list[Found]:
    """One page of matching revisions, oldest first."""
    if limit < 0 or offset < 0:
        raise ValidationError("page", "limit and offset must not be negative")
    return [Found(*row) for row in store.find_revisions(query.filters(), limit, offset)]


def count(store, query: Query) -> int:
    return store.count_revisions(query.filters())


def revision_at(store, moment: datetime) -> int:
    """The id of the last revision on the current timeline made at or before ``moment``
    (see the module's docstring for what "last" means when the clock went backwards)."""
    later = store.first_depth_after(_stored(moment))
    depth = store.timeline_length() - 1 if later is None else later - 1
    return store.timeline_revision(depth)


def _stored(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    try:
        return utc_text(moment)
    except (OverflowError, ValueError):
        raise ValidationError("time", f"{moment} is out of range") from None
