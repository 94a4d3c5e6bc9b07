"""The journal's file lock: every write holds it; a sync tool's copy of another
computer's lock file never blocks it."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from twitchtrack.storage import flock
from twitchtrack.storage.durable import FILE_MODE, os_reason
from twitchtrack.storage.errors import JournalLockedError, SaveError


def unblock_lock_file(lock_path: Path) -> bool:
    """Make a lock file that a sync tool brought from another computer usable here.

    ``flock`` locks are held by processes on this computer only: the content,
    times and owner's mode bits of a lock file mean nothing to it. But a copy that
    arrived read-only cannot be opened for locking, and a link (which the lock
    does not follow) cannot be locked at all. A read-only file gets its mode set
    back to 0600 in place (the same file, so a lock on it still holds); a link,
    which no program here can have locked, is removed. Returns whether anything
    changed, so that locking is worth another try.
    """
    try:
        st = os.lstat(lock_path)
        if stat.S_ISLNK(st.st_mode):
            os.unlink(lock_path)
            return True
        if stat.S_ISREG(st.st_mode) and stat.S_IMODE(st.st_mode) != FILE_MODE:
            os.chmod(lock_path, FILE_MODE)
            return True
    except OSError as err:
        if err.errno in (errno.EPERM, errno.EACCES, errno.EROFS, errno.ENOENT):
            return False
        raise
    return False


class JournalLock:
    """An exclusive lock between the processes writing one journal."""

    def __init__(self, lock_path: Path, journal_path: Path, timeout: float) -> None:
        self.path = Path(lock_path)
        self._journal = journal_path
        self._lock = flock.FileLock(self.path, mode=FILE_MODE)

    @contextlib.contextmanager
    def held(self, wait: float) -> Iterator[None]:
        """Hold the lock for the block; :class:`JournalLockedError` after ``wait`` s."""
        self._acquire(wait)
        try:
            yield
        finally:
            self._lock.release()

    def _acquire(self, wait: float, *, again: bool = True) -> None:
        try:
            self._lock.acquire(timeout=wait)
        except flock.Timeout:
            raise JournalLockedError(
                f"{self._journal}: another twitchtrack process kept the journal "
                f"locked for more than {wait:g} s; nothing was saved, try again"
            ) from None
        except OSError as err:
            if again and unblock_lock_file(self.path):
                self._acquire(wait, again=False)
                return
            raise SaveError(
                f"cannot create the lock file {self.path}: {os_reason(err)}"
            ) from err
