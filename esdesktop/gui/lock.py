"""The lock that keeps a second window from writing a log that another window has open.

A lock file (``team.db.lock``, written by ``QLockFile``) sits beside the log while a window
holds it for writing. It records which process, on which host, holds it, so a second
window can say so and offer to open the log read-only. A lock left behind by a process
that no longer runs on this computer is taken over. A lock is never taken from a live
process, however old it is; a lock from another host is only broken when a person asks
(:meth:`LogLock.take_over`), because this computer cannot tell whether that process runs.

    lock = LogLock(path)
    if lock.acquire():
        ...                    # open the log for writing; lock.release() when closed
    else:
        ask(lock.refusal())    # "team.db is open in esdesktop (process 4242 on this computer)..."
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QLockFile, QSysInfo


@dataclass(frozen=True)
class LockHolder:
    """Who holds a log's lock: a process id, the host it runs on and its program name."""

    pid: int
    hostname: str
    app: str

    @property
    def here(self) -> bool:
        """Whether the holder runs on this computer."""
        return not self.hostname or self.hostname == QSysInfo.machineHostName()

    def describe(self) -> str:
        where = "this computer" if self.here else self.hostname
        app = f"{self.app}, " if self.app else ""
        return f"{app}process {self.pid} on {where}"


class LogLock:
    """The write lock of one log file. Not re-entrant; one object per open window."""

    def __init__(self, log_path):
        self.log_path = Path(log_path)
        self.path = self.log_path.with_name(self.log_path.name + ".lock")
        self._lock = QLockFile(str(self.path))
        self._lock.setStaleLockTime(0)  # stale only when its process is gone, never by age
        self._error = QLockFile.LockError.NoError

    @property
    def held(self) -> bool:
        """Whether this object holds the lock now."""
        return self._lock.isLocked()

    def acquire(self) -> bool:
        """Take the lock without waiting. A lock left by a dead process on this computer
        is taken over. False when another live process holds it or the lock file cannot
        be written: :meth:`refusal` then says why."""
        if self.held:
            return True
        taken = self._lock.tryLock(0)
        self._error = self._lock.error()
        return taken

    def take_over(self) -> bool:
        """Break the lock and take it: only when a person has confirmed that its holder
        (typically on another host) no longer uses the log."""
        if self.held:
            return True
        self._lock.removeStaleLockFile()
        return self.acquire()

    def release(self) -> None:
        """Give the lock up (removes the lock file). Harmless when not held."""
        if self.held:
            self._lock.unlock()

    def holder(self) -> LockHolder | None:
        """Who holds the lock now (this process included), or None when nobody does."""
        info = self._lock.getLockInfo()
        if not isinstance(info, tuple) or len(info) != 3 or not info[0]:
            return None
        pid, hostname, app = info
        return LockHolder(int(pid), str(hostname), str(app))

    def refusal(self) -> str:
        """Why :meth:`acquire` failed, as a sentence that offers the way forward."""
        name = self.log_path.name
        if self._error == QLockFile.LockError.LockFailedError:
            holder = self.holder()
            who = holder.describe() if holder else "another program"
            return f"{name} is open for writing in {who}. You can open it read-only."
        if self._error == QLockFile.LockError.PermissionError:
            return (f"{name} cannot be locked: its folder {self.log_path.parent} cannot be "
                    "written. You can open it read-only.")
        return f"{name} cannot be locked for writing. You can open it read-only."

    def __enter__(self) -> "LogLock":
        return self

    def __exit__(self, *exc) -> None:
        self.release()
