"""Open a log in this fresh process and print, as one JSON line, its peak RSS (MB), the
RSS before opening (imports only), and how long the open took.

    python -m benchmarks.rss_probe LOG [--window]

With ``--window`` it opens the real MainWindow (offscreen) and waits until it is shown.
"""

from __future__ import annotations

import json
import sys

from esdesktop.allocator import keep_freed_memory


def _status_mb(key: str) -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(key):
                return int(line.split()[1]) / 1024
    return 0.0


def rss_now_mb() -> float:
    return _status_mb("VmRSS:")


def peak_mb() -> float:
    """This process's own high-water mark. (Not getrusage's ru_maxrss: Linux carries that
    across exec, so a child started by a big parent would report the parent's peak.)"""
    return _status_mb("VmHWM:")


def main(argv: list[str]) -> int:
    path, window = argv[0], "--window" in argv
    keep_freed_memory()  # as the app's entry point does (esdesktop.cli.main)
    if window:
        from benchmarks.gui import open_window_once

        import_and_open = open_window_once
    else:  # the imports count in the baseline, not in the open
        from benchmarks.engine import open_once as import_and_open
    baseline = rss_now_mb()
    took = import_and_open(path)
    print(json.dumps({"rss_mb": peak_mb(), "baseline_mb": baseline, "open_seconds": took}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
