"""Backups of the journal: their names, when one is taken, thinning and listing."""

from __future__ import annotations

import contextlib
import os
import re
import stat
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from twitchtrack.storage.durable import (
    DIR_MODE,
    FILE_MODE,
    FileSig,
    atomic_write_bytes,
    content_digest,
    file_sig,
    os_reason,
    read_file,
)
from twitchtrack.storage.errors import JournalError, SaveError, StorageError
from twitchtrack.storage.parse import read_journal_file
from twitchtrack.storage.pieces import Data

# Backup policy. Automatic ("auto") backups are taken before a save replaces the
# file, at most once per interval and only when the content differs from the
# newest backup. Thinning keeps the newest backup of each of the 12 most recent
# UTC days, 10 most recent ISO weeks and 9 most recent months that have backups
# (the three rules are applied independently and their picks united). Backups
# with any other reason ("before-import", "before-restore", "before-migration",
# a manual one) are never thinned while younger than PROTECT_NAMED_BACKUPS; after
# that they are thinned like the rest.
AUTO_REASON = "auto"
# The journal as last received from another computer through a sync folder: the
# base for merging that computer's conflict copies (``storage.conflicts``). Thinned
# like automatic backups, except that the newest one always stays.
SYNCED_REASON = "synced"
AUTO_BACKUP_INTERVAL = timedelta(minutes=30)
KEEP_DAILY = 12
KEEP_WEEKLY = 10
KEEP_MONTHLY = 9
# Every backup of the last day stays: the most common rescue is undoing a mistake
# made an hour ago, which the one-per-day rule alone would have thinned away.
KEEP_ALL_WITHIN = timedelta(hours=24)
PROTECT_NAMED_BACKUPS = timedelta(days=30)

_REASON = re.compile(r"[a-z]+(?:-[a-z]+)*")
_BACKUP_NAME = re.compile(
    r"journal-(?P<stamp>\d{8}T\d{6}Z)-(?P<reason>[a-z]+(?:-[a-z]+)*)"
    r"(?:-(?P<seq>\d+))?\.json"
)
_STAMP = "%Y%m%dT%H%M%SZ"


@dataclass(frozen=True)
class BackupInfo:
    """One backup file. Counts are of live (not deleted) records.

    ``error`` is set when the backup cannot be restored (damaged, or from a newer
    version); the counts are then what could be read, or zero.
    """

    path: Path
    created: datetime
    reason: str
    episodes: int
    days: int
    size: int
    error: str | None = None


@dataclass(frozen=True)
class BackupName:
    """A file in the backups folder named as one of ours."""

    path: Path
    created: datetime
    reason: str
    seq: int


def stamp(moment: datetime) -> str:
    """The UTC time in a backup's name: ``20260302T090000Z``."""
    return moment.strftime(_STAMP)


def free_path(folder: Path, stem: str) -> Path:
    """``<stem>.json`` in ``folder``, or ``<stem>-2.json``... if that is taken."""
    target = folder / f"{stem}.json"
    seq = 1
    while os.path.lexists(target):
        seq += 1
        target = folder / f"{stem}-{seq}.json"
    return target


def check_reason(reason: str) -> None:
    """Refuse a reason that would not give one of our backup names."""
    if not _REASON.fullmatch(reason):
        raise ValueError(
            f"backup reason must be lower-case words joined by '-', not {reason!r}"
        )


def scan_backups(folder: Path) -> list[BackupName]:
    """Our backup files in ``folder``, newest first. Anything else is ignored.

    A ``backups`` that is a link holds none of ours: what it points to is outside
    the data folder, and thinning must never delete files there.
    """
    found: list[BackupName] = []
    if os.path.islink(folder):
        return found
    try:
        entries = list(os.scandir(folder))
    except FileNotFoundError:
        return found
    except OSError as err:
        raise StorageError(
            f"cannot list the backups in {folder}: {os_reason(err)}"
        ) from err
    for entry in entries:
        match = _BACKUP_NAME.fullmatch(entry.name)
        # Only plain files: a symlink in the folder is not ours to delete.
        if match is None or not entry.is_file(follow_symlinks=False):
            continue
        try:
            created = datetime.strptime(match["stamp"], _STAMP).replace(tzinfo=UTC)
        except ValueError:
            continue
        seq = int(match["seq"] or 1)
        found.append(BackupName(Path(entry.path), created, match["reason"], seq))
    found.sort(key=lambda b: (b.created, b.seq), reverse=True)
    return found


def _day(t: datetime) -> date:
    return t.date()


def _week(t: datetime) -> tuple[int, int]:
    iso = t.isocalendar()
    return iso.year, iso.week


def _month(t: datetime) -> tuple[int, int]:
    return t.year, t.month


_RULES: tuple[tuple[int, Callable[[datetime], object]], ...] = (
    (KEEP_DAILY, _day),
    (KEEP_WEEKLY, _week),
    (KEEP_MONTHLY, _month),
)


def backups_to_thin(backups: Sequence[BackupName], now: datetime) -> list[BackupName]:
    """The backups the retention policy drops (``backups`` newest first).

    A backup stamped in the future (a clock that ran ahead, here or on a computer
    that synced it) is never dropped, since its age cannot be told, and takes no
    day, week or month from the backups made since.
    """
    past = [b for b in backups if b.created <= now]
    keep: set[Path] = set()
    for limit, bucket in _RULES:
        seen: set[object] = set()
        for b in past:
            key = bucket(b.created)
            if key in seen:
                continue
            if len(seen) >= limit:
                break
            seen.add(key)
            keep.add(b.path)
    base = next((b.path for b in backups if b.reason == SYNCED_REASON), None)
    return [
        b
        for b in past
        if b.path not in keep
        and b.path != base
        and now - b.created >= KEEP_ALL_WITHIN
        and (
            b.reason in (AUTO_REASON, SYNCED_REASON)
            or now - b.created >= PROTECT_NAMED_BACKUPS
        )
    ]


class BackupFolder:
    """The backups folder of one journal; writes happen with the journal locked."""

    def __init__(self, folder: Path, now: Callable[[], datetime]) -> None:
        self.folder = folder
        self._now = now
        # An automatic backup that failed does not fail the save; it is kept here.
        self.last_error: str | None = None
        self._digests: dict[Path, tuple[FileSig, bytes]] = {}
        self._infos: dict[Path, tuple[FileSig, BackupInfo]] = {}

    def scan(self) -> list[BackupName]:
        """Our backup files, newest first."""
        return scan_backups(self.folder)

    def write(
        self, raw: Data, reason: str, source: tuple[Path, FileSig] | None = None
    ) -> Path:
        """Write one backup and thin the folder.

        ``source``: the journal file ``raw`` was read from and its signature then,
        when that file is about to be replaced (saves never write in place). It
        then becomes the backup itself, by a hard link: at fifty years that
        spares writing 50 MB a second time. A copy is written instead wherever a
        link cannot be trusted to hold ``raw`` (see ``_link``).
        """
        self._ensure_folder()
        target = free_path(self.folder, f"journal-{stamp(self._now())}-{reason}")
        if source is None or not _link(*source, target):
            atomic_write_bytes(target, raw)
        self._thin()
        return target

    def maybe_auto(
        self, raw: Data, digest: bytes, source: tuple[Path, FileSig] | None = None
    ) -> None:
        """An automatic backup of ``raw``, if the interval passed and it is new
        (``source`` as for ``write``)."""
        try:
            now = self._now()
            # The newest backup not stamped in the future: one from a clock that
            # ran ahead would otherwise look "under 30 minutes old" for years.
            newest = next((b for b in self.scan() if b.created <= now), None)
            if newest is not None:
                if now - newest.created < AUTO_BACKUP_INTERVAL:
                    return
                if self._digest(newest.path) == digest:
                    return
            self.write(raw, AUTO_REASON, source)
            self.last_error = None
        except (StorageError, OSError) as err:
            # The save itself matters more than its safety copy; report, go on.
            self.last_error = str(err)

    def infos(self) -> list[BackupInfo]:
        """Every backup, newest first, with its record counts."""
        infos = [self._info(b) for b in self.scan()]
        alive = {i.path for i in infos}
        self._infos = {p: v for p, v in self._infos.items() if p in alive}
        return infos

    def _ensure_folder(self) -> None:
        try:
            self.folder.mkdir(mode=DIR_MODE)
        except FileExistsError:
            if os.path.islink(self.folder) or not self.folder.is_dir():
                raise SaveError(
                    f"{self.folder} is a link or not a folder; backups are only "
                    "written inside the data folder, so none was made (make it a "
                    "plain folder again)"
                ) from None
            return
        except OSError as err:
            raise SaveError(
                f"cannot create the backups folder {self.folder}: {os_reason(err)}"
            ) from err
        os.chmod(self.folder, DIR_MODE)

    def _digest(self, path: Path) -> bytes | None:
        try:
            sig = file_sig(os.stat(path))
        except OSError:
            return None
        cached = self._digests.get(path)
        if cached is not None and cached[0] == sig:
            return cached[1]
        read = read_file(path)
        if read is None:
            return None
        digest = content_digest(read[0])
        self._digests = {path: (file_sig(read[1]), digest)}
        return digest

    def _thin(self) -> None:
        for b in backups_to_thin(self.scan(), self._now()):
            try:
                b.path.unlink()
            except FileNotFoundError:
                pass
            except OSError as err:
                self.last_error = (
                    f"could not remove old backup {b.path}: {os_reason(err)}"
                )

    def _info(self, b: BackupName) -> BackupInfo:
        try:
            st = os.lstat(b.path)
        except OSError as err:
            return BackupInfo(
                b.path,
                b.created,
                b.reason,
                0,
                0,
                0,
                f"cannot be read: {os_reason(err)}",
            )
        cached = self._infos.get(b.path)
        if cached is not None and cached[0] == file_sig(st):
            return cached[1]
        episodes = days = 0
        error: str | None = None
        try:
            parsed = read_journal_file(b.path)
        except JournalError as err:
            error = f"{err.where}: {err.what}"
        else:
            episodes = sum(1 for e in parsed.journal.episodes if not e.deleted)
            days = sum(1 for d in parsed.journal.days if not d.deleted)
            if parsed.read_only_reason is not None:
                version = parsed.schema_version
                error = f"written by a newer twitchtrack (journal schema {version})"
        info = BackupInfo(
            b.path, b.created, b.reason, episodes, days, st.st_size, error
        )
        self._infos[b.path] = (file_sig(st), info)
        return info


# The journal's names while a save runs: journal.json, this computer's last-written
# link (``last_written``) and the new backup. Another name would be someone else's,
# who might write through it in place, into the backup.
_MAX_LINKS = 3


def _link(journal: Path, sig: FileSig, target: Path) -> bool:
    """Make ``target`` a second name of the journal file, if it is still the very
    file that was read (same inode, size and time), private, and named nowhere
    else; made durable (file and folder flushed). False, leaving nothing, if not."""
    try:
        os.link(journal, target, follow_symlinks=False)
    except OSError:
        return False  # no hard links here (FAT, some network shares)
    try:
        st = os.lstat(target)
        if (
            file_sig(st) != sig
            or stat.S_IMODE(st.st_mode) != FILE_MODE
            or st.st_nlink > _MAX_LINKS
        ):
            raise OSError("not the file that was read")
        fd = os.open(target, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        if os.name == "posix":
            dfd = os.open(target.parent, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
            try:
                os.fsync(dfd)
            finally:
                os.close(dfd)
    except OSError:
        with contextlib.suppress(OSError):
            target.unlink()
        return False
    return True
