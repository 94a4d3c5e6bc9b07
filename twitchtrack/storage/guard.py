"""What the store checks before it writes in a data folder, and the housekeeping it
does there once it holds the lock.

* A journal that is not ours to replace opens read-only with one sentence that
  says why: a ``journal.json`` that is a link (replacing it would cut the link,
  and writing through it would put files outside the data folder), one the person
  set read-only, one owned by another user; and, for root, a folder of another
  user (root's files there could not be read by their owner).
* Temp files that killed writers left (``.journal*.<hex>.tmp``) are removed by
  every command that takes the lock: only our own names, only in the data and
  backups folders, only plain files, and only stale ones.
* :func:`inside` tells whether a path a person named is in the data folder,
  which outputs (an export, say) must never overwrite.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import time
from collections.abc import Iterable
from pathlib import Path

from twitchtrack.storage.durable import DIR_MODE, list_names, os_reason, temp_in_use
from twitchtrack.storage.errors import SaveError

# With the lock held no locking writer is mid-write, and a live writer holds an
# flock on its temp file (``durable.temp_in_use``); where that cannot be told, a
# temp file must also be this old (a write takes a second or so) to be removed.
STALE_AFTER_S = 60.0


def _owner(uid: int) -> str:
    try:
        import pwd

        return f"{pwd.getpwuid(uid).pw_name} (uid {uid})"
    except (ImportError, KeyError):
        return f"uid {uid}"


def write_refusal(journal: Path) -> str | None:
    """Why the journal at ``journal`` must not be replaced, or None when it may."""
    try:
        st = os.lstat(journal)
    except FileNotFoundError:
        return _folder_refusal(journal.parent)
    except OSError:
        return None  # reading it says what is wrong
    euid = os.geteuid() if hasattr(os, "geteuid") else None
    if stat.S_ISLNK(st.st_mode):
        target = Path(os.path.realpath(journal))
        if not target.exists():
            return None  # reading it says the link leads nowhere
        return (
            f"{journal} is a link to {target}; twitchtrack reads it but does not "
            "write through links, so it is open read-only. To keep the journal "
            f"there, use that folder as the data folder (--data-dir {target.parent})"
        )
    if not stat.S_ISREG(st.st_mode):
        return None  # reading it says what it is
    if euid is not None and st.st_uid != euid:
        return (
            f"{journal} belongs to {_owner(st.st_uid)}, not to the user running "
            "twitchtrack, so it is open read-only and never replaced; run "
            "twitchtrack as its owner to change it"
        )
    if not st.st_mode & stat.S_IWUSR:
        return (
            f"{journal} is set read-only, so twitchtrack opens it read-only and "
            "never replaces it; make it writable again (chmod u+w) to change it"
        )
    return None


def _folder_refusal(folder: Path) -> str | None:
    """As root, a folder of another user is not ours to fill with root's files."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return None
    try:
        st = os.stat(folder)
    except OSError:
        return None
    if st.st_uid == 0:
        return None
    return (
        f"the data folder {folder} belongs to {_owner(st.st_uid)}; twitchtrack "
        "running as root does not write there (its files could not be read by "
        "their owner): run it as that user"
    )


def ensure_data_folder(folder: Path) -> None:
    """Create the data folder (0700) if missing; :class:`SaveError` if it cannot be
    made or something else is in its place."""
    try:
        folder.mkdir(mode=DIR_MODE, parents=True)
    except FileExistsError:
        if not folder.is_dir():
            raise SaveError(f"{folder} exists but is not a folder") from None
        return
    except OSError as err:
        raise SaveError(
            f"cannot create the data folder {folder}: {os_reason(err)}"
        ) from err
    # mkdir's mode is masked by the umask. An existing folder keeps the
    # permissions its owner chose (it may be a deliberately shared place).
    os.chmod(folder, DIR_MODE)


def has_temps(folders: Iterable[Path], pattern: re.Pattern[str]) -> bool:
    """Whether any of ``folders`` holds a name like our temp files (cheap: no lock)."""
    return any(
        pattern.fullmatch(p.name) for folder in folders for p in list_names(folder)
    )


def clean_stale_temps(
    folders: Iterable[Path], pattern: re.Pattern[str], *, now: float | None = None
) -> int:
    """Remove our stale temp files in ``folders``; how many. Call with the lock held."""
    moment = time.time() if now is None else now
    removed = 0
    for folder in folders:
        if os.path.islink(folder):
            continue  # never reach outside the data folder
        for path in list_names(folder):
            if not pattern.fullmatch(path.name):
                continue
            with contextlib.suppress(OSError):
                st = os.lstat(path)
                if not stat.S_ISREG(st.st_mode):
                    continue
                live = temp_in_use(path)
                if live or (live is None and moment - st.st_mtime < STALE_AFTER_S):
                    continue
                path.unlink()
                removed += 1
    return removed


def inside(folder: Path, path: Path, journal: Path) -> bool:
    """Whether ``path`` is in ``folder`` (links followed) or is the journal file
    itself under another name (a hard link)."""
    try:
        where = Path(os.path.realpath(path))
        home = Path(os.path.realpath(folder))
    except OSError:
        return False
    if where == home or where.is_relative_to(home):
        return True
    try:
        return os.path.samefile(path, journal)
    except OSError:
        return False
