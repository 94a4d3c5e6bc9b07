"""An exclusive lock on a file: ``flock`` on POSIX, the ``filelock`` package elsewhere.

``filelock`` is what the locks used before, and on POSIX all it did for them was
an ``flock``; but importing it takes longer than the rest of the storage layer
(about 20 ms, on every start of the window and every ``twitchtrack log``). So on
POSIX the lock is these few lines, and ``filelock`` is loaded only where it is
needed (Windows). Either way the system drops the lock when the process ends.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

_POLL_S = 0.02  # how often a waiting process tries again
_FLAGS = (
    os.O_RDWR
    | os.O_CREAT
    | getattr(os, "O_CLOEXEC", 0)
    # A link is never followed: a lock through it would lock nothing here.
    | getattr(os, "O_NOFOLLOW", 0)
)


class Timeout(Exception):  # the name filelock gave it
    """Another process held the lock for the whole wait."""


class FileLock:
    """An exclusive, re-entrant lock held on ``path`` by this process."""

    def __init__(self, path: Path, *, mode: int) -> None:
        self.path = Path(path)
        self._mode = mode
        self._fd: int | None = None
        self._depth = 0
        self._other: Any = None  # filelock's lock, where there is no flock

    @property
    def is_locked(self) -> bool:
        """True while this process holds the lock."""
        return self._depth > 0

    def acquire(self, timeout: float) -> None:
        """Take the lock, waiting up to ``timeout`` s; :class:`Timeout` after that,
        OSError when the lock file cannot be opened."""
        if self._depth:
            self._depth += 1
            return
        try:
            import fcntl
        except ImportError:
            self._acquire_other(timeout)
        else:
            self._fd = _flock(fcntl, self.path, self._mode, timeout)
        self._depth = 1

    def release(self) -> None:
        """Let go (of one level, when taken more than once)."""
        if not self._depth:
            return
        self._depth -= 1
        if self._depth:
            return
        if self._other is not None:
            self._other.release()
        elif self._fd is not None:
            fd, self._fd = self._fd, None
            os.close(fd)  # closing the last descriptor drops the flock

    def _acquire_other(self, timeout: float) -> None:
        import filelock

        if self._other is None:
            self._other = filelock.FileLock(self.path, mode=self._mode)
        try:
            self._other.acquire(timeout=timeout)
        except filelock.Timeout:
            raise Timeout(str(self.path)) from None


def _flock(fcntl: Any, path: Path, mode: int, timeout: float) -> int:
    """A descriptor of ``path`` holding an exclusive ``flock``."""
    deadline = time.monotonic() + max(timeout, 0.0)
    while True:
        fd = os.open(path, _FLAGS, mode)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            # Removed or replaced while we waited (a sync tool, a person): a lock
            # on a file no longer at ``path`` would exclude nobody.
            if os.path.samestat(os.fstat(fd), os.lstat(path)):
                return fd
            os.close(fd)
            busy = False
        except BlockingIOError:
            os.close(fd)
            busy = True
        except FileNotFoundError:
            os.close(fd)
            busy = False
        except BaseException:
            os.close(fd)
            raise
        if time.monotonic() >= deadline:
            raise Timeout(str(path))
        if busy:
            time.sleep(_POLL_S)
