"""Where unexpected errors are written: a rotating log file in the app-data folder."""

from __future__ import annotations

import logging
import os
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path


def data_dir() -> Path:
    """The per-user data folder (the same place Qt's AppDataLocation names on each platform)."""
    override = os.environ.get("ESDESKTOP_DATA_DIR")
    if override:
        return Path(override)
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA", Path.home() / "AppData" / "Roaming"))
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share"))
    return base / "esdesktop"


def log_path() -> Path:
    return data_dir() / "esdesktop.log"


def setup_logging() -> Path:
    """Send warnings and errors to the rotating log file (once)."""
    path = log_path()
    logger = logging.getLogger("esdesktop")
    if not any(isinstance(h, RotatingFileHandler) for h in logger.handlers):
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
    return path
