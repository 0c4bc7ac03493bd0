"""Helpers for the "beyond undo" tests: a clock the test sets by hand, and log counts."""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from esdesktop.domain import revision


class Clock:
    """Stands in for :data:`esdesktop.domain.revision.clock`: every revision and checkpoint
    is recorded at ``now``, which the test moves (backwards too) with :meth:`set`."""

    def __init__(self):
        self.now = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def set(self, text: str) -> datetime:
        """``"10:05"`` (on 2026-11-26) or ``"2026-11-25 10:05"``, in UTC."""
        day = "2026-11-26 " if len(text) <= 5 else ""
        self.now = datetime.fromisoformat(day + text).replace(tzinfo=UTC)
        return self.now


@contextmanager
def local_zone(zone: str) -> Iterator[None]:
    """Run with the process's local time zone set to ``zone`` (a POSIX TZ string such as
    "UTC" or "XYZ-2", which need no zone database), then put the old one back."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = zone
    time.tzset()
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = old
        time.tzset()


@contextmanager
def controlled_clock(monkeypatch, zone: str = "UTC") -> Iterator[Clock]:
    """Record revisions at the times a test sets, with local time = ``zone``."""
    clock = Clock()
    monkeypatch.setattr(revision, "clock", clock)
    with local_zone(zone):
        yield clock


def add(history, name: str, **extra) -> str:
    fields = {"username": name, "email": f"{name}@example.com", "display_name": name.title()}
    return history.create_user(**{**fields, **extra})


def count_rows(path, table: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


def clock_fixture(monkeypatch) -> Iterator[Clock]:
    """For ``clock = pytest.fixture(clock_fixture)``: a controlled clock, local time UTC."""
    with controlled_clock(monkeypatch) as clock:
        yield clock
