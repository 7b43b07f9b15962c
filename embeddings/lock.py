"""One writer at a time per index folder.

A writer holds an exclusive ``flock`` on a lock file in the folder for the whole build;
a second writer is refused at once rather than queued, with the holder's pid. The
kernel drops the lock when its holder exits, so a killed build never leaves the folder
locked. Readers never take the lock: writers never change a generation in place.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import IndexBusyError

LOCK_FILE = ".newsdesk-lock"


@contextmanager
def exclusive(folder: Path) -> Iterator[None]:
    """Hold the writer's lock on ``folder``, or raise IndexBusyError naming the holder.

    OSError from creating the lock file (a read-only folder) is left to the caller. The
    file is never deleted: a writer that deleted it could let the next two lock two
    different files.
    """
    fd = os.open(folder / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise IndexBusyError(
                f"another build of the index in {folder} is running{_holder(fd)}; "
                "try again when it finishes"
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        yield
    finally:
        os.close(fd)  # releases the lock


def _holder(fd: int) -> str:
    """The text ' (pid N)' from the lock file, or '' if the holder has not written it yet."""
    pid = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    return f" (pid {pid})" if pid.isdigit() else ""
