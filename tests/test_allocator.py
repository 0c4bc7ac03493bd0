"""esdesktop.allocator: freed memory stays mapped for reuse, in a real fresh process."""

from __future__ import annotations

import json
import platform
import subprocess
import sys

import pytest

from esdesktop.allocator import keep_freed_memory

CHILD = """
import json, sys
if sys.argv[1] == "tuned":
    from esdesktop.allocator import keep_freed_memory
    assert keep_freed_memory()

def rss_kb():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))

block = bytearray(16 * 1024 * 1024)  # every page touched (zero-filled)
held = rss_kb()
del block
print(json.dumps({"held": held, "after": rss_kb()}))
"""

linux_glibc = pytest.mark.skipif(
    not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc",
    reason="glibc's malloc is what it tunes")


def _freed_kb(mode: str) -> int:
    """How much a fresh process's RSS fell when it freed a 16 MB block."""
    out = subprocess.run([sys.executable, "-c", CHILD, mode], capture_output=True, text=True,
                         check=True).stdout
    sizes = json.loads(out)
    return sizes["held"] - sizes["after"]


@linux_glibc
def test_a_freed_block_stays_mapped_when_tuned():
    assert _freed_kb("default") > 12 * 1024  # glibc gives the block back at once
    assert _freed_kb("tuned") < 1024  # kept for the next one


def test_it_changes_nothing_off_linux(monkeypatch):
    monkeypatch.setattr(sys, "platform", "win32")
    assert keep_freed_memory() is False
