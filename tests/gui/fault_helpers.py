"""The reliability tests' tools for real faults, for the window tests that need them: child
processes (tests/reliability/child.py), a small real disk that fills up, and a user
without privileges (root ignores file permissions). Imported from tests/reliability so
that there is one copy of each."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

RELIABILITY = Path(__file__).resolve().parents[1] / "reliability"
if str(RELIABILITY) not in sys.path:
    sys.path.append(str(RELIABILITY))

from faults import ROOT, assert_sound, kill9, make_log, query, spawn  # noqa: E402
from test_full_disk_read_only import fill  # noqa: E402
from test_lock import hold, tell  # noqa: E402


def _os_fixtures():
    """tests/reliability/conftest.py, loaded under a name of its own (each test folder
    has a conftest module)."""
    spec = importlib.util.spec_from_file_location("reliability_os_fixtures",
                                                  RELIABILITY / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


_fixtures = _os_fixtures()
small_disk, shared_dir, unprivileged = (_fixtures.small_disk, _fixtures.shared_dir,
                                        _fixtures.unprivileged)

__all__ = ["ROOT", "assert_sound", "fill", "hold", "kill9", "make_log", "query", "shared_dir",
           "small_disk", "spawn", "tell", "unprivileged"]
