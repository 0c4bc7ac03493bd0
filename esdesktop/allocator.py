"""Keep freed memory mapped for reuse, so that a large state read again soon after (a
slider jump loads a snapshot of up to 100,000 users) does not touch fresh pages.

By default glibc's malloc gives every block over 128 KB (a threshold that grows as such
blocks are freed) its own mapping and returns it to the system when freed, and returns
free memory at the top of its heap beyond 128 KB. A snapshot load asks for some 30 MB of
such blocks (the compressed row, its decompressed segments, the decoded text), and the
system hands each fresh page over with a page fault. On the 2-core benchmark machine,
decompressing the eleven segments of the largest snapshot took 9.9 ms in fresh pages
and 4.2 ms in reused ones, reading its row 6 to 12 ms against 2 to 3. The cost: the
process keeps up to :data:`KEPT` of freed memory instead of handing it back at once.

Only on Linux with glibc; elsewhere nothing changes. Called once, by the entry points
(the command line and the window), not by the library: it changes the whole process.
"""

from __future__ import annotations

import ctypes
import sys

M_TRIM_THRESHOLD = -1  # glibc's mallopt parameters
M_MMAP_THRESHOLD = -3
LARGEST_HEAP_BLOCK = 32 * 1024 * 1024  # glibc's cap on the mmap threshold (64-bit)
KEPT = 256 * 1024 * 1024  # free memory at the top of the heap kept for reuse


def keep_freed_memory() -> bool:
    """Ask glibc to serve blocks up to 32 MB from its heap and to keep up to
    :data:`KEPT` of free memory at its top. True if it agreed to both."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt  # the C library this process already uses
    except (OSError, AttributeError):  # no C library by that name, or not glibc's
        return False
    mallopt.argtypes, mallopt.restype = (ctypes.c_int, ctypes.c_int), ctypes.c_int
    return bool(mallopt(M_MMAP_THRESHOLD, LARGEST_HEAP_BLOCK)) and bool(
        mallopt(M_TRIM_THRESHOLD, KEPT))
