"""The benchmark at smoke size, so that it cannot rot. It asserts that the suite runs and
prints its table, never how fast anything was: CI machines are too noisy for that."""

import importlib.util
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[1]
ROWS = ("open the log", "undo one step", "redo one step", "seek to a random position",
        "one durable edit", "CSV import", "full replay", "peak RSS",
        "open the log and show the window", "undo one step, table updated",
        "slider jump to a random position, table updated")


def test_smoke_benchmark_prints_the_table(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--smoke", "--out", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    out = result.stdout
    assert "| what | figure | budget | baseline, same run | pass |" in out
    for row in ROWS:
        assert f"| {row}" in out, row
    assert "20,000 events over 2,000 users" in out
    assert "LZ4-decompress its eleven segments" in out and "| the whole replay |" in out
    if importlib.util.find_spec("eventsourcing"):
        assert "| rebuild all 300 users" in out and "| bulk append" in out
    else:
        assert "eventsourcing comparison was skipped" in out
    assert (tmp_path / "latest.md").read_text() == out.rstrip("\n") + "\n"


def test_smoke_log_passes_verify(tmp_path):
    from benchmarks import build_log
    from esdesktop.history.verify import verify

    spec = build_log.Spec(events=3_000, users=300, snapshot_every=500)
    path, info = build_log.ensure(spec, tmp_path)
    assert info["events"] == 3_000 and info["branches"] > 1
    assert info["users_created_on_timeline"] == 300
    report = verify(path)
    assert report.ok, report.problems
    assert report.snapshots >= 5
