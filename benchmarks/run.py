"""The performance suite, one command: prints the whole table as markdown.

    python -m benchmarks.run            # 1,000,000 events / 100,000 users (built once, cached)
    python -m benchmarks.run --smoke    # 20,000 events / 2,000 users, seconds: for CI

Every figure stands beside its budget (DESIGN.md, "Performance budget") and, where there
is one, beside a raw-SQLite baseline of the same work measured in the same run. The table
is also written to ``OUT/latest.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

from benchmarks import breakdown, build_log, engine, report, vs_eventsourcing
from benchmarks.measure import Row
from esdesktop import History
from esdesktop.allocator import keep_freed_memory

NOTE_NOISE = ("Medians (and p95 where a budget asks for it). This machine's cores are shared "
              "with other work, so its other core may be busy: absolute times are noisy; "
              "the ratios to the raw-SQLite baselines of the same run hold better.")
NOTE_ALLOCATOR = ("Each measuring process first keeps freed memory for reuse, as the app's "
                  "entry point does (`esdesktop.allocator`, glibc only).")
NOTE_SMOKE = ("Smoke size: the budgets are for 1,000,000 events and 100,000 users, so the "
              "pass column means nothing at this size; this run only proves the suite works.")


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="a small log, a few samples")
    parser.add_argument("--events", type=int, help="events in the log (default 1,000,000)")
    parser.add_argument("--users", type=int, help="users in the log (default 100,000)")
    parser.add_argument("--out", type=Path, default=build_log.OUT,
                        help="where logs are cached and scratch files go")
    parser.add_argument("--no-window", action="store_true", help="skip the MainWindow figures")
    parser.add_argument("--no-eventsourcing", action="store_true",
                        help="skip the comparison with the eventsourcing package")
    return parser.parse_args(argv)


def spec_for(args: argparse.Namespace) -> build_log.Spec:
    events, users = (20_000, 2_000) if args.smoke else (1_000_000, 100_000)
    return build_log.Spec(events=args.events or events, users=args.users or users)


def progress(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def working_copy(log: Path, out: Path) -> Path:
    """A copy to measure on: edits and cursor moves never touch the cached log."""
    work = out / "work.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{work}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(log, work)
    # Flush the copy now: otherwise the first durable commits pay for writing back
    # hundreds of megabytes of it (one fsync can force out the file system's whole journal).
    os.sync()
    return work


def engine_rows(work: Path, sizes: engine.Sizes, out: Path) -> list[Row]:
    rng = random.Random(1)
    progress("measuring: open")
    rows = [engine.open_row(work, sizes)]
    with History.open(work) as history:
        progress("measuring: undo, redo, seek, edit")
        rows += engine.step_rows(history, sizes)
        rows.append(engine.seek_row(history, sizes, rng))
        rows.append(engine.edit_row(history, sizes, rng, out / "raw-edit.db"))
    progress("measuring: import, replay, memory")
    rows.append(engine.import_row(sizes, out))
    rows.append(engine.replay_row(work, sizes))
    rows.append(engine.rss_row(work))
    return rows


def window_rows(work: Path, smoke: bool) -> list[Row]:
    """Measured in a fresh process, as a person opening the app would meet it."""
    progress("measuring: the window (offscreen, in a fresh process)")
    command = [sys.executable, "-m", "benchmarks.gui", str(work)] + (["--smoke"] if smoke else [])
    result = subprocess.run(command, cwd=engine.ROOT, capture_output=True, text=True,
                            timeout=1800, check=True)
    rows = [Row(**row) for row in json.loads(result.stdout.strip().splitlines()[-1])]
    return rows + [engine.rss_row(work, window=True)]


def eventsourcing_rows(smoke: bool, out: Path) -> list[Row]:
    progress("measuring: the same workload through eventsourcing")
    users, edits = (300, 10) if smoke else (20_000, 300)
    return vs_eventsourcing.rows_vs_eventsourcing(users, edits, out)


def log_line(info: dict, spec: build_log.Spec, cached: bool) -> str:
    return (f"{info['events']:,} events over {info['users_created_on_timeline']:,} users "
            f"({info['live_users']:,} live at the tip), {info['revisions']:,} revisions, "
            f"{info['branches']} branches, {info['timeline_length']:,} revisions on the "
            f"current timeline; a snapshot every {spec.snapshot_every:,} events. Built by "
            f"`python -m benchmarks.build_log` in {info['build_seconds']} s"
            f"{' (cached from an earlier run)' if cached else ''}.")


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    keep_freed_memory()  # as the app's entry point does (esdesktop.cli.main)
    spec, sizes = spec_for(args), engine.SMOKE if args.smoke else engine.Sizes()
    cached = (args.out / spec.name).exists()
    log, info = build_log.ensure(spec, args.out, progress)
    work = working_copy(log, args.out)
    sections = [("Engine: History, no window", engine_rows(work, sizes, args.out))]
    notes = [NOTE_NOISE, NOTE_ALLOCATOR] + ([NOTE_SMOKE] if args.smoke else [])
    if args.no_window:
        notes.append("The window was not measured (--no-window).")
    else:
        sections.append(("The window: the real MainWindow, offscreen",
                         window_rows(work, args.smoke)))
    if args.no_eventsourcing or not vs_eventsourcing.available():
        notes.append("The eventsourcing comparison was skipped (--no-eventsourcing, or the "
                     "optional `bench` extra is not installed: pip install -e '.[bench]').")
    else:
        sections.append(("Against eventsourcing, the same workload on its own SQLite store "
                         "(ratio: its time over esdesktop's)",
                         eventsourcing_rows(args.smoke, args.out)))
    command = "python -m benchmarks.run" + (" --smoke" if args.smoke else "")
    text = report.render(f"`{command}`", log_line(info, spec, cached), sections, notes)
    progress("measuring: where the time goes in a seek and a replay")
    text += ("\n**Where the time goes in a seek and in a full replay** "
             "(`python -m benchmarks.breakdown`, same log)\n\n" + breakdown.render(work))
    (args.out / "latest.md").write_text(text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
