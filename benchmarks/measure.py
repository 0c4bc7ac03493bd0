"""Small helpers for timing: a stopwatch, percentiles, and one row of the table."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass


def timed(action: Callable[[], object]) -> float:
    """Seconds that ``action()`` took."""
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def percentile(samples: list[float], share: float) -> float:
    """Nearest-rank percentile: ``share`` 0.5 is the median, 0.95 the p95."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def median(samples: list[float]) -> float:
    return percentile(samples, 0.5)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms" if seconds < 0.1 else f"{seconds * 1000:.0f} ms"


def spread(samples: list[float]) -> str:
    """p50 and p95 of durations, in milliseconds."""
    return f"p50 {ms(percentile(samples, 0.5))}, p95 {ms(percentile(samples, 0.95))}"


@dataclass(frozen=True)
class Row:
    """One line of the table. ``passed`` is None where there is no budget to meet."""

    what: str
    figure: str
    budget: str
    baseline: str = ""
    passed: bool | None = None

    @property
    def verdict(self) -> str:
        return {True: "pass", False: "**FAIL**", None: "-"}[self.passed]
