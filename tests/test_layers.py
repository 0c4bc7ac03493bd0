"""The layers: imports go gui -> history -> store -> domain, and the core runs without Qt."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[1]


def test_import_contracts_hold():
    """import-linter checks the contracts written in pyproject.toml."""
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 2 kept, 0 broken" in result.stdout


def test_only_the_store_speaks_sqlite():
    for layer in ("domain", "history", "gui"):
        for path in (ROOT / "esdesktop" / layer).rglob("*.py"):
            text = path.read_text()
            assert "import sqlite3" not in text and "sqlite_utils" not in text, path


def test_core_tests_pass_with_qt_unimportable():
    env = {**os.environ, "PYTHONPATH": str(ROOT / "tests" / "no_qt")}
    probe = subprocess.run([sys.executable, "-c", "import PySide6"], env=env,
                           capture_output=True, text=True)
    assert probe.returncode != 0 and "blocked" in probe.stderr
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:pytest-qt", "-p", "no:cacheprovider",
         "tests/domain", "tests/store", "tests/history"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert " passed" in result.stdout and "failed" not in result.stdout
