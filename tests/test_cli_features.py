"""The command line's "beyond undo" verbs, run as real subprocesses on real files:
``esdesktop diff`` and ``esdesktop export --as-of``."""

import csv
import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from esdesktop import History
from esdesktop.domain import revision

ROOT = Path(__file__).parents[1]


def esdesktop(*args, zone="UTC"):
    env = {**os.environ, "TZ": zone}
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)],
                          capture_output=True, text=True, timeout=120, env=env)


@pytest.fixture
def log(tmp_path, monkeypatch):
    """Revisions at 14:00, 14:05 and 14:10 UTC on 2026-11-26: alice created, bob created,
    alice's email changed; the checkpoint "Before the change" names revision 2."""
    times = iter(datetime(2026, 11, 26, 14, minute, tzinfo=UTC) for minute in (0, 0, 5, 10, 10))
    monkeypatch.setattr(revision, "clock", lambda: next(times))
    path = tmp_path / "team.db"
    with History.create(path) as history:
        alice = history.create_user(username="alice", email="alice@example.com", display_name="Alice")
        history.create_user(username="bob", email="bob@example.com", display_name="Bob")
        history.checkpoint("Before the change")
        history.update_user(alice, email="alice@corp.example.com")
    return path


def test_diff_as_text(log):
    result = esdesktop("diff", log, 1, 3)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "From revision 1 (Create user alice, 2026-11-26 14:00:00)"
    assert lines[1] == "  to revision 3 (Change email of alice, 2026-11-26 14:10:00):"
    assert lines[2].startswith("+ bob [") and "email='bob@example.com'" in lines[2]
    assert lines[3].startswith("~ alice [")
    assert lines[4] == "    email: 'alice@example.com' -> 'alice@corp.example.com'"
    assert lines[5] == "1 added, 0 removed, 1 changed."


def test_diff_as_json_by_checkpoint_and_tip(log):
    result = esdesktop("diff", log, "before the change", "tip", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["a"], data["b"], data["added"], data["removed"]) == (2, 3, [], [])
    assert data["changed"][0]["fields"] == {"email": ["alice@example.com", "alice@corp.example.com"]}


def test_diff_of_a_revision_with_itself(log):
    result = esdesktop("diff", log, "cursor", 3)
    assert result.returncode == 0 and result.stdout.splitlines()[-1] == "No differences."


def test_diff_names_a_bad_revision_in_one_line(log):
    for bad in ("99", "nowhere"):
        result = esdesktop("diff", log, 1, bad)
        assert result.returncode == 1 and len(result.stderr.splitlines()) == 1
        assert "Traceback" not in result.stderr
    assert "no revision 99" in esdesktop("diff", log, 1, 99).stderr


def read(path):
    return {row["username"]: row for row in csv.DictReader(path.open(encoding="utf-8"))}


def test_export_as_of_a_local_time(log, tmp_path):
    out = tmp_path / "out.csv"
    # Local time is UTC+2 in this run: 16:07 local is 14:07 UTC, after bob, before the change.
    result = esdesktop("export", log, out, "--as-of", "2026-11-26 16:07", zone="XYZ-2")
    assert result.returncode == 0, result.stderr
    assert "The last revision at or before 2026-11-26 16:07:00 is revision 2" in result.stdout
    assert {name: row["email"] for name, row in read(out).items()} == {
        "alice": "alice@example.com", "bob": "bob@example.com"}


def test_export_as_of_before_anything_was_recorded(log, tmp_path):
    out = tmp_path / "out.csv"
    result = esdesktop("export", log, out, "--as-of", "2026-11-26 13:59")
    assert result.returncode == 0 and "exporting the empty revision 0" in result.stdout
    assert read(out) == {}


def test_export_as_of_refuses_a_bad_time_and_both_options(log, tmp_path):
    out = tmp_path / "out.csv"
    result = esdesktop("export", log, out, "--as-of", "yesterday")
    assert result.returncode == 2 and "write it like \"2026-11-26 14:05\"" in result.stderr
    result = esdesktop("export", log, out, "--as-of", "2026-11-26 14:05", "--at", "1")
    assert result.returncode == 2 and "not allowed with" in result.stderr
    assert not out.exists()
