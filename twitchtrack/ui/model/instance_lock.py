"""The 'a window has this journal open' lock (one editing window per journal)."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from twitchtrack.storage import flock
from twitchtrack.storage.durable import FILE_MODE, make_private_folders

INSTANCE_LOCK_FILE = ".window.lock"


class WindowLock:
    """A held (or, when no lock file could be made, a pretend) window lock."""

    def __init__(self, lock: flock.FileLock | None) -> None:
        self._lock = lock

    def isLocked(self) -> bool:
        """True while this lock is held."""
        return self._lock is not None and self._lock.is_locked

    def unlock(self) -> None:
        """Let another window open the journal (the file itself stays, empty)."""
        if self._lock is not None:
            self._lock.release()
            self._lock = None


def acquire_instance_lock(folder: Path) -> WindowLock | None:
    """Take the 'a window has this journal open' lock; None if another window has it.

    An ``flock`` on ``.window.lock``: the system drops it when the process ends, so
    a crash never locks the person out, and a copy of the file that a sync tool
    brought from another computer means nothing here. The file is 0600 and empty:
    no host name, machine or boot id is needed to tell a stale lock.

    If no lock file can be made at all, an unheld lock is returned: a window that
    cannot even create a file will not overwrite anything either.
    """
    with contextlib.suppress(OSError):
        make_private_folders(folder)
    path = folder / INSTANCE_LOCK_FILE
    if path.is_symlink():
        # The lock never follows a link, and no window here can hold one.
        with contextlib.suppress(OSError):
            path.unlink()
    lock = flock.FileLock(path, mode=FILE_MODE)
    try:
        lock.acquire(timeout=0)
    except flock.Timeout:
        return None
    except OSError:
        # A read-only folder, say. That says nothing about another window; saving
        # will report the real problem.
        return WindowLock(None)
    # A lock file left by an older version (a QLockFile naming this computer,
    # 0644) is made private and emptied; the lock is held, so nobody else uses it.
    with contextlib.suppress(OSError):
        os.chmod(path, FILE_MODE)
        os.truncate(path, 0)
    return WindowLock(lock)
