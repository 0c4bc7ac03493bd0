"""Run a screenshot script on a virtual screen: shared by the tools that take screenshots."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
INSIDE = "ESDESKTOP_SCREENSHOTS_INSIDE"


def run_on_virtual_screen(script: str, take: Callable[[Path], int]) -> int:
    """Outside Xvfb: run ``script`` again under ``xvfb-run``. Inside: ``take(folder)`` with a
    temporary folder for the log and the settings."""
    if os.environ.get(INSIDE) == "1":
        sys.path.insert(0, str(ROOT))
        with tempfile.TemporaryDirectory() as folder:
            return take(Path(folder))
    if shutil.which("xvfb-run") is None:
        print("screenshots: xvfb-run is needed (Debian: apt-get install xvfb)", file=sys.stderr)
        return 1
    env = dict(os.environ, **{INSIDE: "1"}, QT_QPA_PLATFORM="xcb")
    command = ["xvfb-run", "-a", "-s", "-screen 0 1600x1000x24", sys.executable, script]
    return subprocess.run(command, env=env, check=False).returncode
