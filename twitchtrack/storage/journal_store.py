"""The journal file on disk: validated loads, locked merged durable saves, backups.

This module coordinates; the parts live beside it: ``durable`` (atomic write, safe
reads), ``parse`` (validation), ``serialize`` (layout), ``backups`` (the copies).
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path

from twitchtrack.domain.merge import merge
from twitchtrack.domain.models import SCHEMA_VERSION, Journal, Record, Settings, now_utc
from twitchtrack.storage.backups import (
    BackupFolder,
    BackupInfo,
    check_reason,
    free_path,
    stamp,
)
from twitchtrack.storage.conflicts import KEEP_DAYS, MergePlan, MergeStep, SyncFolder
from twitchtrack.storage.crypto.envelope import is_encrypted
from twitchtrack.storage.crypto.session import encode
from twitchtrack.storage.durable import (
    DigestSoon,
    FileSig,
    atomic_write_bytes,
    content_digest,
    file_sig,
    temp_name_pattern,
)
from twitchtrack.storage.errors import JournalError, ReadOnlyJournalError, StorageError
from twitchtrack.storage.guard import (
    clean_stale_temps,
    ensure_data_folder,
    has_temps,
    inside,
    write_refusal,
)
from twitchtrack.storage.last_written import LastWritten
from twitchtrack.storage.lock import JournalLock
from twitchtrack.storage.parse import ParsedJournal, parse_journal, read_journal_file
from twitchtrack.storage.pieces import Data
from twitchtrack.storage.serialize import JournalText, by_list
from twitchtrack.storage.snapshot import Known, Snapshot, take_snapshot
from twitchtrack.storage.staged import StagedRead, stage
from twitchtrack.storage.trust import Layout, TrustNote
from twitchtrack.storage.validate import Results, validate_folder

JOURNAL_FILE = "journal.json"
BACKUP_DIR = "backups"
LOCK_FILE = ".journal.lock"

# Every temp file a save makes for one of our files (the journal, a backup, a
# damaged file kept aside): what a crashed save may leave behind.
_OUR_TEMP = temp_name_pattern(r"journal[^/]*")


class JournalStore:
    """Loads and saves one journal folder; safe across processes and threads.

    Every write happens under a file lock. A save re-reads the file first and,
    if another process changed it, merges the two journals by record id, so
    neither side's records are lost. Every write also merges the conflict copies a
    sync tool left beside the journal (``conflicts``; ``last_merge`` says what
    that did) and names ``device``, this computer, as the file's writer.
    """

    def __init__(
        self,
        folder: Path,
        *,
        lock_timeout: float = 5.0,
        clock: Callable[[], datetime] = now_utc,
        device: str | None = None,
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
        self._known: Known | None = None
        # A staged load not yet settled: the file as read, and the read.
        self._staged: tuple[Snapshot, StagedRead] | None = None
        self._seen_sig: FileSig | None = None
        self._mutex = threading.RLock()
        self._lock = JournalLock(self.lock_path, self.path, lock_timeout)
        self._text = JournalText()
        self.trust = TrustNote(self.path)  # what this program wrote last
        self._backups = BackupFolder(self.backups_dir, self._now)
        self.device = device
        self.sync = SyncFolder(self.path, self._backups, device=device, now=self._now)
        self._last = LastWritten(self.folder, device)
        # What the last write merged from conflict copies, when there was news
        # (a copy merged, or one newly found unreadable); else None.
        self.last_merge: MergePlan | None = None
        # An empty journal, not validated: a ``log`` need never build its model.
        self._plan = MergePlan(Journal.model_construct())

    @property
    def last_backup_error(self) -> str | None:
        """Why the last automatic backup failed (it does not fail the save)."""
        return self._backups.last_error

    # -- public API --------------------------------------------------------

    def load(self) -> Journal:
        """Read the journal; a missing file is an empty journal (nothing is created).

        Raises :class:`JournalError` for a file that is not a valid journal; that
        file is left exactly as it is. A newer schema opens read-only.
        """
        return self.load_staged(staged=False)[0]

    def load_staged(self, *, staged: bool = True) -> tuple[Journal, StagedRead | None]:
        """As :meth:`load`, but a big file this computer wrote last comes in two
        parts: its newest records, and the read of the rest (``staged``), which
        :meth:`settle` ends. Until then a save reads and merges the whole file."""
        with self._mutex:
            self._staged = None
            with contextlib.suppress(StorageError):
                ensure_data_folder(self.folder)
            self._clean_stale_temps()
            self._known = None
            self.read_only = False
            self.read_only_reason = None
            self.migrated_from = None
            snap = self._snapshot()
            if snap is None:
                self._refuse_if_not_ours()
                return Journal(), None
            if staged and not self.sync.waiting():
                spans = self.trust.spans(snap.plain, snap.digest)
                read = stage(snap.plain, self.path, spans, self.device)
                if read is not None:
                    self._staged = (snap, read)
                    self._refuse_if_not_ours()
                    return read.first, read
            parsed = self._parse(snap)
            self._adopt(snap, parsed)
            self.sync.received(snap.raw, snap.digest, parsed.journal)
            return parsed.journal, None

    def settle(self, read: StagedRead) -> Journal:
        """The whole journal of a staged ``read``, which the store then knows as
        the file's content (unless it has read or written the file since).
        Raises :class:`JournalError` if the rest is not valid; nothing is written."""
        journal = read.finish()
        with self._mutex:
            if self._staged is not None and self._staged[1] is read:
                snap, self._staged = self._staged[0], None
                self._adopt(snap, ParsedJournal(journal, SCHEMA_VERSION))
        return journal

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
                given = journal
                # Laid out while the digest is worked out, as if the file is unchanged.
                ahead = None
                if snap is not None and self._known is not None:
                    ahead = self._text.serialize(self.sync.sign(journal))
                if snap is not None:
                    if self._known is not None and snap.digest == self._known.digest:
                        version = self._known.version
                    else:
                        parsed = self._parse_current(snap)
                        version = parsed.schema_version
                        journal = merge(journal, parsed.journal, base)
                journal = self._with_dropped(journal, snap)
                step = self.sync.merge(journal)
                reason = step.backup_reason
                data = ahead if step.journal is given else None
                self._commit(
                    step.journal, snap, version, backup_reason=reason, data=data
                )
                self._finish(step)
                return step.journal

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
        return self._update(change, backup_reason)

    def append(self, make: Callable[[Settings], Sequence[Record]]) -> list[Record]:
        """Add the new records ``make`` builds from the journal's settings.

        A file that is byte for byte what this program last wrote (``trust``)
        keeps its records' text, not read again; any other goes through
        ``update``, read and validated in full, as does a record whose id exists.
        """
        with self._mutex, self._locked():
            snap = self._snapshot()
            trusted = None
            if snap is not None and not self.sync.waiting():
                trusted = self.trust.trusted(snap.plain, snap.digest, self.device)
            if snap is not None and trusted is not None:
                made = list(make(trusted.settings))
                data = self._text.append(snap.plain, trusted.lists, trusted.head, made)
                if data is not None:
                    # The head is kept as it was: trusted, it is signed by us.
                    head = Journal.model_construct(
                        written_by=self.device, settings=trusted.settings
                    )
                    self._commit(head, snap, SCHEMA_VERSION, data=data)
                    self._known = None  # no journal in memory is the file now
                    self._finish(MergeStep(head))
                    return made
        made = []

        def change(journal: Journal) -> Journal:
            made[:] = make(journal.settings)
            return journal.with_lists(by_list(made))

        self.update(change)
        return made

    def merge_conflicts(
        self, *, bases: Iterable[Journal] = (), keep_days: int = KEEP_DAYS
    ) -> MergePlan:
        """Merge the conflict copies now (what every write does); what that did.

        ``bases``: journals both computers had, besides the one kept here.
        """
        self._update(lambda j: j, None, tuple(bases), keep_days)
        return self._plan

    def _update(
        self,
        change: Callable[[Journal], Journal],
        backup_reason: str | None,
        bases: tuple[Journal, ...] = (),
        keep_days: int = KEEP_DAYS,
    ) -> Journal:
        if backup_reason is not None:
            check_reason(backup_reason)
        with self._mutex, self._locked():
            snap = self._snapshot()
            if snap is None:
                current, version = Journal(), SCHEMA_VERSION
            else:
                parsed = self._parse_current(snap)
                current, version = parsed.journal, parsed.schema_version
                self._remember_texts(snap, parsed)
            current = self._with_dropped(current, snap)
            # Copies first: the change (a check-in edited, say) sees their records.
            step = self.sync.merge(current, bases)
            changed = change(step.journal)
            reason = backup_reason or step.backup_reason
            self._commit(changed, snap, version, backup_reason=reason)
            self._finish(step, keep_days)
            return changed

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the journal (for rewriting the folder's files: encryption): the
        file lock keeps other processes out, and the store's mutex, which every
        save and load takes, this process's other threads (a window's writer)."""
        with self._mutex, self._locked():
            yield

    def owns(self, path: str | os.PathLike[str]) -> bool:
        """Whether ``path`` is in the data folder (or is the journal by another
        name): outputs such as exports must never be written there."""
        return inside(self.folder, Path(path), self.path)

    def changed_on_disk(self) -> bool:
        """True if the file differs by stat from what this store last read or wrote
        (a cheap hint for a file watcher; a save compares the content itself)."""
        try:
            current: FileSig | None = file_sig(os.stat(self.path))
        except FileNotFoundError:
            current = None
        except OSError:
            return True
        return current != self._seen_sig

    def backup(self, reason: str) -> Path | None:
        """Copy the current file into the backups folder (None: no file); a file
        that is not a valid journal raises :class:`JournalError`."""
        check_reason(reason)
        with self._mutex, self._locked():
            snap = self._snapshot()
            if snap is None:
                return None
            if self._known is None or snap.digest != self._known.digest:
                parse_journal(snap.plain, self.path)
            return self._backups.write(snap.data, reason)

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
                        parse_journal(snap.plain, self.path)
                except JournalError:
                    self.set_aside = self._keep_aside(snap.raw)
                else:
                    self._backups.write(snap.data, "before-restore")
            text = self._text.serialize(self.sync.sign(parsed.journal))
            data = encode(self.folder, text)
            atomic_write_bytes(self.path, data, also_link=self._last.path)
            self._after_write(content_digest(data), data)
            return parsed.journal

    def validate_all(self) -> tuple[Journal, Results]:
        """Check the journal and every backup (for ``twitchtrack check``).

        Returns the journal (empty if missing or invalid) and, for the journal
        file if present and then each backup newest first, its error or None.
        Sets ``read_only``/``read_only_reason`` as a load would; nothing else of
        the store changes.
        """
        journal, reason, results = validate_folder(self.path, self._backups)
        if results and results[0] == (self.path, None):
            self.read_only, self.read_only_reason = reason is not None, reason
        return journal, results

    # -- internals ---------------------------------------------------------

    def _now(self) -> datetime:
        now = self._clock()
        if now.tzinfo is None:
            now = now.replace(tzinfo=UTC)
        return now.astimezone(UTC)

    @contextlib.contextmanager
    def _locked(self, timeout: float | None = None) -> Iterator[None]:
        # Before the lock file is made: as root in someone's folder, not even that.
        refusal = write_refusal(self.path)
        if refusal is not None:
            raise ReadOnlyJournalError(refusal)
        ensure_data_folder(self.folder)
        with self._lock.held(self.lock_timeout if timeout is None else timeout):
            # Every command that takes the lock tidies what killed writers left.
            clean_stale_temps((self.folder, self.backups_dir), _OUR_TEMP)
            yield

    def _clean_stale_temps(self) -> None:
        """Remove temp files a crashed save left, if no save is running now."""
        if has_temps((self.folder, self.backups_dir), _OUR_TEMP):
            # Taking the lock cleans (see _locked); only if nobody holds it now.
            with contextlib.suppress(StorageError), self._locked(timeout=0):
                pass

    def _snapshot(self) -> Snapshot | None:
        snap = take_snapshot(self.path, self._known)
        self._seen_sig = None if snap is None else snap.sig
        return snap

    def _adopt(self, snap: Snapshot, parsed: ParsedJournal) -> None:
        self._remember_texts(snap, parsed)
        self._known = Known.of(snap.data, snap.digest, parsed.schema_version)
        reason = parsed.read_only_reason or write_refusal(self.path)
        self.read_only, self.read_only_reason = reason is not None, reason
        older = parsed.schema_version < SCHEMA_VERSION
        self.migrated_from = parsed.schema_version if older else None

    def _parse(self, snap: Snapshot) -> ParsedJournal:
        spans = self.trust.spans(snap.plain, snap.digest)  # a file we wrote: sliced
        return parse_journal(snap.plain, self.path, spans)

    def _parse_current(self, snap: Snapshot) -> ParsedJournal:
        """Parse the file found on disk before a write; refuse a newer one."""
        parsed = self._parse(snap)
        if parsed.read_only_reason is not None:
            self._adopt(snap, parsed)
            raise ReadOnlyJournalError(parsed.read_only_reason)
        self.sync.received(snap.raw, snap.digest, parsed.journal)
        return parsed

    def _refuse_if_not_ours(self) -> None:
        self.read_only_reason = reason = write_refusal(self.path)
        self.read_only = reason is not None

    def _with_dropped(self, journal: Journal, snap: Snapshot | None) -> Journal:
        """``journal`` with what this computer last wrote merged back in, if a
        sync tool has replaced the file since (``last_written``)."""
        dropped = self._last.dropped(snap.sig[0] if snap is not None else None)
        return journal if dropped is None else merge(journal, dropped)

    def _finish(self, step: MergeStep, keep_days: int = KEEP_DAYS) -> None:
        """After a write (lock held): put merged copies away, keep the sync base."""
        self._plan = self.sync.finish(step, keep_days=keep_days)
        self.last_merge = self._plan if step.news else None

    def _remember_texts(self, snap: Snapshot, parsed: ParsedJournal) -> None:
        """Offer a freshly read file's text for reuse by the next save."""
        if parsed.schema_version == SCHEMA_VERSION and not parsed.read_only_reason:
            spans = self.trust.spans(snap.plain, snap.digest)  # ours: no scan needed
            self._text.remember(snap.plain, parsed.journal, spans)
        else:
            self._text.forget()

    def _commit(
        self,
        journal: Journal,
        snap: Snapshot | None,
        disk_version: int,
        *,
        backup_reason: str | None = None,
        data: Data | None = None,
    ) -> None:
        """Back up as needed and write ``journal`` (or ``data``); the lock is held."""
        data = self._text.serialize(self.sync.sign(journal)) if data is None else data
        plain, data = data, encode(self.folder, data)  # sealed if encrypted
        digest = DigestSoon(data)  # while the file is written
        if snap is not None:
            if backup_reason is not None:
                self._backups.write(snap.data, backup_reason)
            elif disk_version < SCHEMA_VERSION:
                self._backups.write(snap.data, "before-migration")
            same_seal = is_encrypted(data) == is_encrypted(snap.data)
            if same_seal and snap.holds(plain):
                self._after_write(snap.digest, snap.data)
                return
            if backup_reason is None:
                # The file on disk is replaced below: it can become the backup.
                source = (self.path, snap.sig)
                self._backups.maybe_auto(snap.data, snap.digest, source)
        atomic_write_bytes(self.path, data, also_link=self._last.path)
        self._after_write(digest.result(), data)

    def _after_write(self, digest: bytes, data: Data) -> None:
        self._known = Known.of(data, digest, SCHEMA_VERSION)
        self._staged = None  # the file is ours now, not the one being read
        self.trust.write(Layout(digest, self._text.size, self._text.spans))
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
