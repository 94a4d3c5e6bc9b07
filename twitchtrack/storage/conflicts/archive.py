"""The ``conflicts/`` folder: merged copies are put away there, then pruned by age."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Final

from twitchtrack.domain.models import now_utc
from twitchtrack.storage.crypto.envelope import is_encrypted
from twitchtrack.storage.crypto.session import encode, key_of
from twitchtrack.storage.durable import (
    DIR_MODE,
    FILE_MODE,
    atomic_write_bytes,
    os_reason,
    read_file,
)
from twitchtrack.storage.errors import SaveError

ARCHIVE_DIR: Final = "conflicts"
KEEP_DAYS: Final = 30

_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_O_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_STAMP = "%Y%m%dT%H%M%SZ"
# An archived copy: "<UTC time it was put away>[-<n>]-<its name as found>".
_ARCHIVED = re.compile(r"(?P<stamp>\d{8}T\d{6}Z)(?:-(?P<seq>\d+))?-(?P<name>.+)")


def _ensure_dir(folder: Path) -> None:
    try:
        folder.mkdir(mode=DIR_MODE)
    except FileExistsError:
        if folder.is_symlink() or not folder.is_dir():
            raise SaveError(f"{folder} exists but is not a folder") from None
        return
    except OSError as err:
        raise SaveError(f"cannot create the folder {folder}: {os_reason(err)}") from err
    os.chmod(folder, DIR_MODE)  # mkdir's mode is masked by the umask


def _sync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY | _O_DIRECTORY | _O_CLOEXEC)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def archive(
    copy_path: Path,
    data_dir: Path,
    *,
    now: Callable[[], datetime] = now_utc,
) -> Path:
    """Move a merged copy into ``data_dir/conflicts/`` (folder 0700, file 0600).

    The name gets the time it was put away in front, which ``prune_archive``
    goes by. An existing file is never replaced. Returns the new path.
    """
    copy_path = Path(copy_path)
    st = os.lstat(copy_path)
    if not stat.S_ISREG(st.st_mode):
        raise SaveError(f"{copy_path} is not a regular file; it was left alone")
    folder = Path(data_dir) / ARCHIVE_DIR
    _ensure_dir(folder)
    stamp = now().astimezone(UTC).strftime(_STAMP)
    target = folder / f"{stamp}-{copy_path.name}"
    seq = 1
    while os.path.lexists(target):
        seq += 1
        target = folder / f"{stamp}-{seq}-{copy_path.name}"
    try:
        # A hard link cannot replace anything, unlike a rename.
        os.link(copy_path, target, follow_symlinks=False)
    except OSError as err:
        if err.errno == errno.EXDEV:
            read = read_file(copy_path)
            if read is None:
                gone = f"{copy_path} went away before it was put away"
                raise SaveError(gone) from None
            atomic_write_bytes(target, read[0])
        elif err.errno in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP):
            # A file system without hard links (FAT, some network shares).
            os.rename(copy_path, target)
        else:
            raise SaveError(
                f"cannot move {copy_path} to {folder}: {os_reason(err)}"
            ) from err
    os.chmod(target, FILE_MODE)
    _seal_if_plain(target, Path(data_dir))
    with contextlib.suppress(FileNotFoundError):
        os.unlink(copy_path)
    _sync_dir(folder)
    _sync_dir(copy_path.parent)
    return target


def _seal_if_plain(target: Path, data_dir: Path) -> None:
    """In an encrypted folder, a plain copy (from a computer that had not turned
    encryption on yet) is kept sealed: no readable copy stays in the folder."""
    if key_of(data_dir) is None:
        return
    read = read_file(target)
    if read is not None and not is_encrypted(read[0]):
        atomic_write_bytes(target, encode(data_dir, read[0]))


def prune_archive(
    data_dir: Path,
    *,
    keep_days: int = KEEP_DAYS,
    now: Callable[[], datetime] = now_utc,
) -> list[Path]:
    """Remove copies put away more than ``keep_days`` ago; returns what went.

    Only our own files (named by ``archive``, plain files) are ever removed.
    """
    folder = Path(data_dir) / ARCHIVE_DIR
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    cutoff = now().astimezone(UTC) - timedelta(days=keep_days)
    removed = []
    for entry in entries:
        match = _ARCHIVED.fullmatch(entry.name)
        if match is None or not entry.is_file(follow_symlinks=False):
            continue
        try:
            put_away = datetime.strptime(match["stamp"], _STAMP).replace(tzinfo=UTC)
        except ValueError:
            continue
        if put_away < cutoff:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed
