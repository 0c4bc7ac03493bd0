"""Fixtures for faults that need the operating system's help: an unprivileged user (root
ignores file permissions) and a small real filesystem that fills up."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

TEST_USER = "esdesktop-test"


@dataclass(frozen=True)
class Unprivileged:
    """How to run a child as a user without privileges, and that user's ids (None when
    the tests themselves run unprivileged)."""

    prefix: tuple
    owner: tuple[int, int] | None

    def give(self, path: Path) -> Path:
        """Hand ``path`` to the unprivileged user."""
        if self.owner is not None:
            os.chown(path, *self.owner)
        return path


@pytest.fixture(scope="session")
def unprivileged():
    """A user without privileges to run children as: the tests' own user when they are
    not root; as root, a user made with useradd (``nobody`` if useradd is not allowed),
    entered with setpriv or runuser."""
    if os.geteuid() != 0:
        yield Unprivileged((), None)
        return
    entry, created = _test_user()
    if entry is None:
        pytest.skip("running as root, and neither useradd nor a 'nobody' user is available")
    yield Unprivileged(_drop_to(entry), (entry.pw_uid, entry.pw_gid))
    if created:
        subprocess.run(["userdel", TEST_USER], capture_output=True)


def _test_user():
    """(the user to run as, whether this session created it)."""
    try:
        return pwd.getpwnam(TEST_USER), False
    except KeyError:
        pass
    useradd = ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin"]
    if shutil.which("useradd") and subprocess.run([*useradd, TEST_USER],
                                                  capture_output=True).returncode == 0:
        return pwd.getpwnam(TEST_USER), True
    try:
        return pwd.getpwnam("nobody"), False
    except KeyError:
        return None, False


def _drop_to(entry) -> tuple:
    if shutil.which("setpriv"):
        return ("setpriv", f"--reuid={entry.pw_uid}", f"--regid={entry.pw_gid}", "--clear-groups")
    if shutil.which("runuser"):
        return ("runuser", "-u", entry.pw_name, "--")
    pytest.skip("running as root, without setpriv or runuser to drop privileges")


@pytest.fixture
def shared_dir(unprivileged):
    """A folder the unprivileged user owns (the tests' own tmp_path is private to root)."""
    folder = unprivileged.give(Path(tempfile.mkdtemp(prefix="esdesktop-reliability-")))
    yield folder
    for path in (folder, *folder.rglob("*")):
        if path.is_dir():
            path.chmod(0o755)
    shutil.rmtree(folder)


@pytest.fixture
def small_disk(tmp_path):
    """A real 1 MB tmpfs, mounted for the test (root only; skipped where mounting fails)."""
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small tmpfs needs root; the size-limit test covers a full disk")
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount_point)],
                            capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {result.stderr.strip()}")
    yield mount_point
    subprocess.run(["umount", "-l", str(mount_point)], capture_output=True)
