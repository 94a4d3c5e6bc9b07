"""The 'a window has this journal open' lock (one editing window per journal)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLockFile

INSTANCE_LOCK_FILE = ".window.lock"


def acquire_instance_lock(folder: Path) -> QLockFile | None:
    """Take the 'a window has this journal open' lock; None if another window has it.

    If no lock file can be made at all, an unlocked QLockFile is returned: a
    window that cannot even create a file will not overwrite anything either.

    QLockFile notices a lock left by a crashed process (its pid is gone) and takes
    it over, so a crash never locks the user out.
    """
    lock = QLockFile(str(folder / INSTANCE_LOCK_FILE))
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return lock
    lock.setStaleLockTime(0)  # never stale by age: only a dead owner frees it
    if lock.tryLock(0):
        return lock
    if lock.error() != QLockFile.LockError.LockFailedError:
        # The lock file cannot be made at all (a read-only folder, say). That says
        # nothing about another window; saving will report the real problem.
        return QLockFile(str(folder / INSTANCE_LOCK_FILE))
    return None
