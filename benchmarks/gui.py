"""The window's figures, through the real ``esdesktop.gui.MainWindow`` on Qt's offscreen
platform: open with the table filled, undo/redo with the table updated, slider jumps.

Each measurement ends only when Qt has processed the events the step caused (the model's
signals, the view's repaint, the slider's coalescing timer), so "table updated" is true.
"""

from __future__ import annotations

import os
import random
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent  # noqa: E402
from PySide6.QtWidgets import QApplication, QSlider, QTableView  # noqa: E402

from benchmarks.engine import OPEN_BUDGET, SEEK_P95_BUDGET, STEP_P95_BUDGET, Sizes  # noqa: E402
from benchmarks.measure import Row, median, ms, percentile, spread, timed  # noqa: E402
from esdesktop import History  # noqa: E402
from esdesktop.allocator import keep_freed_memory  # noqa: E402
from esdesktop.gui import MainWindow  # noqa: E402
from esdesktop.gui.app import application as app_application  # noqa: E402
from esdesktop.gui.settings import Settings  # noqa: E402


def application() -> QApplication:
    """The application as the app makes it: its style sheet changes how the views paint."""
    return app_application()


def open_window(log: Path) -> tuple[MainWindow, float]:
    """Open the log, show the window, wait until the table holds every user."""
    application()
    started = time.perf_counter()
    history = History.open(log)
    window = MainWindow(history, settings=Settings.at(log.with_name("bench-settings.ini")))
    window.show()
    QApplication.processEvents()
    table = window.findChild(QTableView, "usersTable")
    if table.model().rowCount() != len(history.users):
        raise RuntimeError("the users table is not filled after the window was shown")
    return window, time.perf_counter() - started


def close_window(window: MainWindow) -> None:
    history = window.history
    window.close()
    window.deleteLater()
    QApplication.processEvents()
    # processEvents() leaves deferred deletes alone: without this the closed window (its
    # models, timers and background reads) lives on into the next measurement.
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    if history is not None:
        history.close()


def open_window_once(log) -> float:
    window, took = open_window(Path(log))
    close_window(window)
    return took


def _step(window: MainWindow, action_id: str) -> float:
    started = time.perf_counter()
    window.actions[action_id].trigger()
    QApplication.processEvents()
    return time.perf_counter() - started


def _jump(window: MainWindow, slider: QSlider, position: int) -> float:
    started = time.perf_counter()
    slider.setValue(position)
    while window.history.position != position:
        QApplication.processEvents()
    QApplication.processEvents()
    return time.perf_counter() - started


def _jumps(window: MainWindow, positions: list[int]) -> tuple[list[float], list[float]]:
    """Slider jumps, each beside the engine's own seek to the same position on a second,
    read-only History that follows the same path (it has no window to update). The two
    take turns going first, so neither warms the file's pages for the other."""
    slider = window.findChild(QSlider, "timelineSlider")
    engine = History.open(window.history.path, readonly=True)
    jumps, seeks = [], []
    try:
        engine.seek(window.history.position)
        for number, position in enumerate(positions):
            if number % 2:
                jumps.append(_jump(window, slider, position))
            seeks.append(timed(lambda position=position: engine.seek(position)))
            if not number % 2:
                jumps.append(_jump(window, slider, position))
    finally:
        engine.close()
    return jumps, seeks


def _drag(window: MainWindow, start: int, step: int, count: int) -> list[float]:
    """A slow drag: the slider moved ``count`` times by ``step`` positions from ``start``,
    each move timed until the table is updated."""
    slider = window.findChild(QSlider, "timelineSlider")
    _jump(window, slider, start)
    return [_jump(window, slider, start + step * n) for n in range(1, count + 1)]


def window_rows(log: Path, sizes: Sizes, rng: random.Random) -> list[Row]:
    opens = []
    for _ in range(max(1, sizes.opens - 1)):
        window, took = open_window(log)
        opens.append(took)
        close_window(window)
    window, took = open_window(log)
    opens.append(took)
    try:
        undos = [_step(window, "actionUndo") for _ in range(sizes.steps)]
        redos = [_step(window, "actionRedo") for _ in range(sizes.steps)]
        length = window.history.length
        jumps, seeks = _jumps(window, [rng.randrange(length) for _ in range(sizes.seeks)])
        step = max(1, length // 1000)  # a pixel of a slider 1,000 pixels long
        drags = _drag(window, rng.randrange(length - step * sizes.seeks), step, sizes.seeks)
    finally:
        close_window(window)
    figure = median(opens)
    return [
        Row("open the log and show the window, table filled", f"{ms(figure)} (median of "
            f"{len(opens)})", f"< {OPEN_BUDGET:g} s", "", figure < OPEN_BUDGET),
        *(Row(f"{name} one step, table updated ({len(samples)} steps)", spread(samples),
              f"p95 < {ms(STEP_P95_BUDGET)}", "", percentile(samples, 0.95) < STEP_P95_BUDGET)
          for name, samples in (("undo", undos), ("redo", redos))),
        Row(f"slider jump to a random position, table updated ({len(jumps)} jumps)",
            spread(jumps), f"p95 < {ms(SEEK_P95_BUDGET)}",
            f"engine seek alone: {spread(seeks)}; the window's own share: p50 "
            f"{ms(median([j - s for j, s in zip(jumps, seeks, strict=True)]))}",
            percentile(jumps, 0.95) < SEEK_P95_BUDGET),
        Row(f"slider dragged slowly: {len(drags)} moves of {step:,} revisions (a thousandth "
            "of the timeline), table updated", spread(drags),
            "no budget in the design; the last position wins"),
    ]


def main(argv: list[str]) -> int:
    """``python -m benchmarks.gui LOG [--smoke]``: the rows as JSON, from a fresh process
    (as a person opening the app gets it, not after the engine's measurements)."""
    import json
    import sys
    from dataclasses import asdict

    from benchmarks.engine import SMOKE

    keep_freed_memory()  # as the app's entry point does (esdesktop.cli.main)
    sizes = SMOKE if "--smoke" in argv else Sizes()
    rows = window_rows(Path(argv[0]), sizes, random.Random(2))
    print(json.dumps([asdict(row) for row in rows]))
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:]))
