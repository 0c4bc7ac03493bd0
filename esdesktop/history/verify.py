"""``verify``: does a log check out? The file, the hash chain, the timeline, and every
snapshot against a replay of the events."""

from __future__ import annotations

from dataclasses import dataclass, field

from esdesktop.errors import DamagedLogError, Error
from esdesktop.history.navigation import state_at
from esdesktop.store import SqliteStore, snapshots
from esdesktop.store.integrity import (
    check_chain,
    check_sqlite,
    check_timeline,
    check_timeline_seqs,
)


@dataclass
class Report:
    """What verify found. ``ok`` when there are no problems."""

    path: str
    problems: list[str] = field(default_factory=list)
    first_bad_revision: int | None = None
    revisions: int = 0
    snapshots: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    def add(self, revision: int | None, sentence: str) -> None:
        where = f"revision {revision}: " if revision is not None else ""
        self.problems.append(where + sentence)
        if revision is not None and (self.first_bad_revision is None
                                     or revision < self.first_bad_revision):
            self.first_bad_revision = revision


def verify(path) -> Report:
    """Check the log at ``path`` read-only. A file that cannot be opened at all raises."""
    store = SqliteStore.open(path, readonly=True)
    report = Report(str(path))
    try:
        for problem in store.warnings:
            if not problem.startswith("revision "):  # chain findings: check_chain repeats them
                report.add(None, f"schema: {problem}")
        for check in (check_sqlite, check_chain, check_timeline):
            for revision, sentence in check(store):
                report.add(revision, sentence)
        if report.ok:  # the events in order: the timeline's seqs can be checked against them
            for revision, sentence in check_timeline_seqs(store):
                report.add(revision, sentence)
        if report.ok:
            _check_snapshots(store, report)
        report.revisions = store.revision_count()
    finally:
        store.close()
    return report


def _check_snapshots(store, report: Report) -> None:
    base = None
    for revision_id, fmt, blob in sorted(store.snapshots()):
        report.snapshots += 1
        if fmt not in snapshots.DECODERS:
            continue  # a cache in a format this version does not read: ignored, not wrong
        target = store.revision(revision_id)
        try:
            state = state_at(store, target, base=base, use_snapshots=False).state
            cached = snapshots.decode(blob, fmt, thorough=True)
        except DamagedLogError as error:
            report.add(error.revision, str(error))
            return
        except (Error, ValueError) as error:
            report.add(revision_id, f"the snapshot cannot be read ({error})")
            return
        if cached != state:
            report.add(revision_id, "the snapshot differs from a replay of the events")
            return
        base = (target, state)
