"""Pausing Python's cyclic garbage collector while a large state is built.

Opening a log, a far jump and an import each make one dict per user (100,000 of them on
the benchmark log), and they all live on, in no cycle. The cyclic collector would walk
the growing heap again and again, each time the count of live objects grows by a quarter,
finding nothing to free: 12% of decoding a 97,000-user snapshot and a third of an import
when first measured. Reference counting frees everything as usual while it is paused.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic collector off for the block, then back as it was (a caller that had
    paused it already keeps it paused)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def collect_if_due() -> int:
    """Collect the oldest generation whose allocation count has passed its threshold, as
    the collector would by itself; return it (-1: none was due). For a program that runs
    the collector from one thread of its choosing, with automatic collection off."""
    counts, thresholds = gc.get_count(), gc.get_threshold()
    due = [generation for generation in range(3) if counts[generation] > thresholds[generation]]
    if not due:
        return -1
    gc.collect(due[-1])
    return due[-1]
