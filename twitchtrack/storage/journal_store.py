"""The journal file on disk: validated loads, locked merged durable saves, backups.

This module coordinates; the parts live beside it: ``durable`` (the atomic write
and safe reads), ``parse`` (validation and errors), ``serialize`` (the file
layout), ``backups`` (naming, thinning, listing).
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import filelock
import platformdirs

from twitchtrack.domain.merge import merge
from twitchtrack.domain.models import SCHEMA_VERSION, Journal, now_utc
from twitchtrack.storage.backups import (
    BackupFolder,
    BackupInfo,
    check_reason,
    free_path,
    stamp,
)
from twitchtrack.storage.durable import (
    DIR_MODE,
    FILE_MODE,
    FileSig,
    atomic_write_bytes,
    content_digest,
    file_sig,
    list_names,
    os_reason,
    read_file,
    temp_name_pattern,
)
from twitchtrack.storage.errors import (
    JournalError,
    JournalLockedError,
    ReadOnlyJournalError,
    SaveError,
    StorageError,
)
from twitchtrack.storage.parse import ParsedJournal, parse_journal, read_journal_file
from twitchtrack.storage.serialize import JournalText

JOURNAL_FILE = "journal.json"
BACKUP_DIR = "backups"
LOCK_FILE = ".journal.lock"
DATA_DIR_ENV = "TWITCHTRACK_DATA_DIR"

# Every temp file a save makes for one of our files (the journal, a backup, a
# damaged file kept aside): what a crashed save may leave behind.
_OUR_TEMP = temp_name_pattern(r"journal[^/]*")


def default_data_dir(environ: Mapping[str, str] | None = None) -> Path:
    """Where the journal lives: ``$TWITCHTRACK_DATA_DIR`` or the platform data dir."""
    env = os.environ if environ is None else environ
    override = env.get(DATA_DIR_ENV, "").strip()
    if override:
        return Path(override).expanduser().absolute()
    return Path(platformdirs.user_data_dir("twitchtrack", appauthor=False))


@dataclass(frozen=True)
class _Snapshot:
    raw: bytes
    digest: bytes
    sig: FileSig


@dataclass(frozen=True)
class _Known:
    """What this store last loaded or wrote: it decides if the disk changed."""

    digest: bytes
    version: int


class JournalStore:
    """Loads and saves one journal folder; safe across processes and threads.

    Every write happens under a file lock. A save re-reads the file first and,
    if another process changed it, merges the two journals by record id, so
    neither side's records are lost.
    """

    def __init__(
        self,
        folder: Path,
        *,
        lock_timeout: float = 5.0,
        clock: Callable[[], datetime] = now_utc,
    ) -> None:
        self.folder = Path(folder)
        self.path = self.folder / JOURNAL_FILE
        self.backups_dir = self.folder / BACKUP_DIR
        self.lock_path = self.folder / LOCK_FILE
        self.lock_timeout = lock_timeout
        self.read_only = False
        self.read_only_reason: str | None = None
        # Set after loading an older schema; the first save backs the old file up.
        self.migrated_from: int | None = None
        # Where restore() put a damaged journal file it replaced.
        self.set_aside: Path | None = None
        self._clock = clock
        self._known: _Known | None = None
        self._seen_sig: FileSig | None = None
        self._mutex = threading.RLock()
        self._lock = filelock.FileLock(
            self.lock_path, timeout=lock_timeout, mode=FILE_MODE
        )
        self._text = JournalText()
        self._backups = BackupFolder(self.backups_dir, self._now)

    @property
    def last_backup_error(self) -> str | None:
        """Why the last automatic backup failed (it does not fail the save)."""
        return self._backups.last_error

    @last_backup_error.setter
    def last_backup_error(self, value: str | None) -> None:
        self._backups.last_error = value

    # -- public API --------------------------------------------------------

    def load(self) -> Journal:
        """Read the journal; a missing file is an empty journal (nothing is created).

        Raises :class:`JournalError` for a file that is not a valid journal; that
        file is left exactly as it is. A newer schema opens read-only.
        """
        with self._mutex:
            with contextlib.suppress(StorageError):
                self._ensure_folder()
            self._clean_stale_temps()
            self._known = None
            self.read_only = False
            self.read_only_reason = None
            self.migrated_from = None
            snap = self._snapshot()
            if snap is None:
                return Journal()
            parsed = parse_journal(snap.raw, self.path)
            self._adopt(snap, parsed)
            return parsed.journal

    def save(self, journal: Journal, base: Journal | None = None) -> Journal:
        """Write ``journal``, merged with any change another process made meanwhile.

        ``base`` is the journal ``journal`` was edited from (what this process last
        read or wrote): a record both processes edited since is then merged field
        by field (``merge_record``) instead of the newer one winning whole.

        Returns the journal as now on disk. Raises :class:`ReadOnlyJournalError`
        for a newer-schema journal, :class:`JournalError` if the file on disk has
        become invalid (nothing is written), :class:`JournalLockedError` and
        :class:`SaveError`.
        """
        with self._mutex:
            if self.read_only:
                raise ReadOnlyJournalError(
                    self.read_only_reason or f"{self.path} is read-only"
                )
            with self._locked():
                snap = self._snapshot()
                version = SCHEMA_VERSION
                if snap is not None:
                    if self._known is not None and snap.digest == self._known.digest:
                        version = self._known.version
                    else:
                        parsed = self._parse_current(snap)
                        version = parsed.schema_version
                        journal = merge(journal, parsed.journal, base)
                self._commit(journal, snap, version)
                return journal

    def update(
        self,
        change: Callable[[Journal], Journal],
        *,
        backup_reason: str | None = None,
    ) -> Journal:
        """Under the lock: load fresh from disk, apply ``change``, save, return.

        With ``backup_reason`` (e.g. ``"before-import"``) the current file is
        backed up first, inside the same lock, and a failed backup aborts.
        """
        if backup_reason is not None:
            check_reason(backup_reason)
        with self._mutex, self._locked():
            snap = self._snapshot()
            if snap is None:
                current, version = Journal(), SCHEMA_VERSION
            else:
                parsed = self._parse_current(snap)
                current, version = parsed.journal, parsed.schema_version
                self._remember_texts(snap.raw, parsed)
            changed = change(current)
            self._commit(changed, snap, version, backup_reason=backup_reason)
            return changed

    def changed_on_disk(self) -> bool:
        """True if the file differs (by stat) from what this store last read or wrote.

        A cheap hint for a file watcher; saving compares the content itself.
        """
        try:
            current: FileSig | None = file_sig(os.stat(self.path))
        except FileNotFoundError:
            current = None
        except OSError:
            return True
        return current != self._seen_sig

    def backup(self, reason: str) -> Path | None:
        """Copy the current file into the backups folder; None if there is no file.

        Raises :class:`JournalError` if the current file is not valid: only good
        journals are backed up.
        """
        check_reason(reason)
        with self._mutex, self._locked():
            snap = self._snapshot()
            if snap is None:
                return None
            if self._known is None or snap.digest != self._known.digest:
                parse_journal(snap.raw, self.path)
            return self._backups.write(snap.raw, reason)

    def list_backups(self) -> list[BackupInfo]:
        """Every backup, newest first, with its record counts."""
        with self._mutex:
            return self._backups.infos()

    def newest_good_backup(self) -> BackupInfo | None:
        """The newest backup that can be restored, if any."""
        return next((b for b in self.list_backups() if b.error is None), None)

    def load_backup(self, path: Path) -> Journal:
        """Validate and read a backup (for a preview); the store is not changed."""
        return read_journal_file(path).journal

    def restore(self, path: Path) -> Journal:
        """Make a backup's content the current journal.

        The current file is first backed up (reason ``before-restore``) or, if it
        is damaged, kept aside as ``journal-damaged-<time>.json`` in the folder.
        """
        with self._mutex, self._locked():
            parsed = read_journal_file(path)
            if parsed.read_only_reason is not None:
                raise ReadOnlyJournalError(
                    f"{path}: this backup was written by a newer version of "
                    "twitchtrack and cannot be restored by this one"
                )
            snap = self._snapshot()
            if snap is not None:
                try:
                    if self._known is None or snap.digest != self._known.digest:
                        parse_journal(snap.raw, self.path)
                except JournalError:
                    self.set_aside = self._keep_aside(snap.raw)
                else:
                    self._backups.write(snap.raw, "before-restore")
            data = self._text.serialize(parsed.journal)
            atomic_write_bytes(self.path, data)
            self._after_write(content_digest(data))
            return parsed.journal

    def validate_all(self) -> tuple[Journal, list[tuple[Path, StorageError | None]]]:
        """Check the journal and every backup (for ``twitchtrack check``).

        Returns the journal (empty if missing or invalid) and, for the journal
        file if present and then each backup newest first, its error or None.
        Sets ``read_only``/``read_only_reason`` as a load would; nothing else of
        the store changes.
        """
        journal = Journal()
        results: list[tuple[Path, StorageError | None]] = []
        try:
            read = read_file(self.path)
            if read is not None:
                parsed = parse_journal(read[0], self.path)
                journal = parsed.journal
                self.read_only = parsed.read_only_reason is not None
                self.read_only_reason = parsed.read_only_reason
                results.append((self.path, None))
        except JournalError as err:
            results.append((self.path, err))
        for b in self._backups.scan():
            try:
                read_journal_file(b.path)
            except JournalError as err:
                results.append((b.path, err))
            else:
                results.append((b.path, None))
        return journal, results

    # -- internals ---------------------------------------------------------

    def _now(self) -> datetime:
        now = self._clock()
        if now.tzinfo is None:
            now = now.replace(tzinfo=UTC)
        return now.astimezone(UTC)

    def _ensure_folder(self) -> None:
        try:
            self.folder.mkdir(mode=DIR_MODE, parents=True)
        except FileExistsError:
            if not self.folder.is_dir():
                raise SaveError(f"{self.folder} exists but is not a folder") from None
            return
        except OSError as err:
            raise SaveError(
                f"cannot create the data folder {self.folder}: {os_reason(err)}"
            ) from err
        # mkdir's mode is masked by the umask. An existing folder keeps the
        # permissions its owner chose (it may be a deliberately shared place).
        os.chmod(self.folder, DIR_MODE)

    @contextlib.contextmanager
    def _locked(self, timeout: float | None = None) -> Iterator[None]:
        self._ensure_folder()
        wait = self.lock_timeout if timeout is None else timeout
        try:
            self._lock.acquire(timeout=wait)
        except filelock.Timeout:
            raise JournalLockedError(
                f"{self.path}: another twitchtrack process kept the journal locked "
                f"for more than {wait:g} s; nothing was saved, try again"
            ) from None
        except OSError as err:
            raise SaveError(
                f"cannot create the lock file {self.lock_path}: {os_reason(err)}"
            ) from err
        try:
            yield
        finally:
            self._lock.release()

    def _clean_stale_temps(self) -> None:
        """Remove temp files a crashed save left, if no save is running now."""
        stale = [
            p
            for folder in (self.folder, self.backups_dir)
            for p in list_names(folder)
            if _OUR_TEMP.fullmatch(p.name)
        ]
        if not stale:
            return
        try:
            # Only while nobody holds the lock: a live save owns its temp file.
            with self._locked(timeout=0):
                for p in stale:
                    with contextlib.suppress(OSError):
                        if p.is_file() and not p.is_symlink():
                            p.unlink()
        except StorageError:
            return

    def _snapshot(self) -> _Snapshot | None:
        read = read_file(self.path)
        if read is None:
            self._seen_sig = None
            return None
        raw, st = read
        snap = _Snapshot(raw, content_digest(raw), file_sig(st))
        self._seen_sig = snap.sig
        return snap

    def _adopt(self, snap: _Snapshot, parsed: ParsedJournal) -> None:
        self._remember_texts(snap.raw, parsed)
        self._known = _Known(snap.digest, parsed.schema_version)
        self.read_only = parsed.read_only_reason is not None
        self.read_only_reason = parsed.read_only_reason
        older = parsed.schema_version < SCHEMA_VERSION
        self.migrated_from = parsed.schema_version if older else None

    def _parse_current(self, snap: _Snapshot) -> ParsedJournal:
        """Parse the file found on disk before a write; refuse a newer one."""
        parsed = parse_journal(snap.raw, self.path)
        if parsed.read_only_reason is not None:
            self._adopt(snap, parsed)
            raise ReadOnlyJournalError(parsed.read_only_reason)
        return parsed

    def _remember_texts(self, raw: bytes, parsed: ParsedJournal) -> None:
        """Offer a freshly read file's text for reuse by the next save."""
        if parsed.schema_version == SCHEMA_VERSION and not parsed.read_only_reason:
            self._text.remember(raw, parsed.journal)
        else:
            self._text.forget()

    def _commit(
        self,
        journal: Journal,
        snap: _Snapshot | None,
        disk_version: int,
        *,
        backup_reason: str | None = None,
    ) -> None:
        """Back up as needed and write ``journal``; the lock is held."""
        data = self._text.serialize(journal)
        digest = content_digest(data)
        if snap is not None:
            if backup_reason is not None:
                self._backups.write(snap.raw, backup_reason)
            elif disk_version < SCHEMA_VERSION:
                self._backups.write(snap.raw, "before-migration")
            if digest == snap.digest:
                self._after_write(digest)
                return
            if backup_reason is None:
                self._backups.maybe_auto(snap.raw, snap.digest)
        atomic_write_bytes(self.path, data)
        self._after_write(digest)

    def _after_write(self, digest: bytes) -> None:
        self._known = _Known(digest, SCHEMA_VERSION)
        try:
            self._seen_sig = file_sig(os.stat(self.path))
        except OSError:
            self._seen_sig = None
        self.read_only = False
        self.read_only_reason = None
        self.migrated_from = None

    def _keep_aside(self, raw: bytes) -> Path:
        target = free_path(self.folder, f"journal-damaged-{stamp(self._now())}")
        atomic_write_bytes(target, raw)
        return target
