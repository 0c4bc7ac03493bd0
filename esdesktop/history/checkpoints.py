"""Checkpoints kept in the log: naming, renaming and removing are each a new record;
nothing is ever changed or deleted, so a checkpoint's old names stay in its history."""

from __future__ import annotations

from esdesktop.domain.checkpoint import Checkpoint, check_checkpoint_name
from esdesktop.errors import NotFoundError, ValidationError


def add(store, revision: int, name: str, actor: str) -> Checkpoint:
    """Name ``revision``; the name must not be one a current checkpoint already has."""
    name = _free_name(store, name, mark=None)
    store.revision(revision)  # a missing revision is a NotFoundError, not a bad row
    return _record(store.add_checkpoint(None, revision, name, False, actor))


def rename(store, mark: int, name: str, actor: str) -> Checkpoint:
    current = _current(store, mark)
    name = _free_name(store, name, mark)
    if name == current.name:
        return current
    return _record(store.add_checkpoint(mark, current.revision, name, False, actor))


def remove(store, mark: int, actor: str) -> Checkpoint:
    current = _current(store, mark)
    return _record(store.add_checkpoint(mark, current.revision, current.name, True, actor))


def current(store) -> list[Checkpoint]:
    """Every checkpoint as it is now (removed ones left out), by revision."""
    return [_record(row) for row in store.current_checkpoints()]


def records(store, mark: int | None = None) -> list[Checkpoint]:
    """Every record ever written (of one checkpoint, or of all), oldest first."""
    return [_record(row) for row in store.checkpoint_records(mark)]


def _current(store, mark: int) -> Checkpoint:
    for checkpoint in current(store):
        if checkpoint.mark == mark:
            return checkpoint
    raise NotFoundError(f"there is no checkpoint {mark} (it may have been removed)")


def _free_name(store, name, mark: int | None) -> str:
    name = check_checkpoint_name(name)
    for other in current(store):
        if other.mark != mark and other.name.casefold() == name.casefold():
            raise ValidationError("name", f"a checkpoint named {other.name!r} already exists "
                                  f"(at revision {other.revision}); pick another name")
    return name


def _record(row: tuple) -> Checkpoint:
    cid, mark, revision, name, removed, actor, recorded_at = row
    return Checkpoint(cid, mark, revision, name, bool(removed), actor, recorded_at)
