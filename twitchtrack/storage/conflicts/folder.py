"""A store's side of a sync folder: copies merged into every write, then put away;
the journal last received from another computer kept as the base for merging.

The store calls ``merge`` with its lock held, just before it writes, so the copies
go into the same locked read-merge-write as everything else (a window's unsaved
edits, another program's change), then ``finish`` once the write succeeded.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Final

from twitchtrack.domain.models import Journal
from twitchtrack.storage.backups import (
    AUTO_BACKUP_INTERVAL,
    SYNCED_REASON,
    BackupFolder,
    scan_backups,
)
from twitchtrack.storage.conflicts.archive import KEEP_DAYS, archive, prune_archive
from twitchtrack.storage.conflicts.merging import MergePlan, plan_loaded
from twitchtrack.storage.conflicts.names import (
    ConflictCopy,
    LoadedCopy,
    find_conflict_copies,
    load_copy,
)
from twitchtrack.storage.durable import (
    FileSig,
    content_digest,
    file_sig,
    read_file,
)
from twitchtrack.storage.errors import SaveError, StorageError
from twitchtrack.storage.parse import read_journal_file

# The backup written (inside the store's lock) before a merge changes the journal.
BACKUP_REASON: Final = "before-conflict-merge"
# The archive is pruned at most this often by one store (and after each merge).
_PRUNE_EVERY: Final = timedelta(hours=1)


@dataclass(frozen=True)
class MergeStep:
    """The journal with the waiting copies merged in, not yet written."""

    journal: Journal
    plan: MergePlan | None = None  # None: no copies
    # Something to tell: a copy merged, or one newly found unreadable.
    news: bool = False

    @property
    def backup_reason(self) -> str | None:
        """The backup the write needs first: only when copies changed the journal."""
        return BACKUP_REASON if self.plan is not None and self.plan.changed else None


def _sig(path: Path) -> FileSig | None:
    try:
        return file_sig(os.lstat(path))
    except OSError:
        return None


class SyncFolder:
    """Conflict copies and the merge base of one journal (the store's helper)."""

    def __init__(
        self,
        journal_path: Path,
        backups: BackupFolder,
        *,
        device: str | None,
        now: Callable[[], datetime],
    ) -> None:
        self.journal_path = Path(journal_path)
        self.device = device
        self._backups = backups
        self._now = now
        # Copies already dealt with, as they were then: unreadable ones (with the
        # problem; a newer version's big file is not parsed on every save) and
        # merged ones that could not be put away. Looked at again once changed.
        self._settled: dict[Path, tuple[FileSig | None, str | None]] = {}
        # The newest journal received from another computer in this process, and
        # its text while not yet kept as a ``synced`` backup.
        self._base: Journal | None = None
        self._base_digest: bytes | None = None
        self._unkept: bytes | None = None
        self._kept: tuple[Path, FileSig, Journal] | None = None
        self._pruned: datetime | None = None

    # -- copies --------------------------------------------------------------

    def copies(self) -> list[ConflictCopy]:
        """The conflict copies beside the journal, oldest first."""
        return find_conflict_copies(self.journal_path)

    def _is_settled(self, copy: ConflictCopy) -> bool:
        known = self._settled.get(copy.path)
        return known is not None and known[0] == _sig(copy.path)

    def waiting(self) -> bool:
        """Whether a copy waits to be merged (ones dealt with already do not)."""
        return any(not self._is_settled(c) for c in self.copies())

    def _load(self, copy: ConflictCopy) -> LoadedCopy | None:
        """A copy read, or known unreadable as it is; None: merged already."""
        if self._is_settled(copy):
            problem = self._settled[copy.path][1]
            return None if problem is None else LoadedCopy(copy, None, problem)
        loaded = load_copy(copy)
        if loaded.problem is not None:
            self._settled[copy.path] = (_sig(copy.path), loaded.problem)
        return loaded

    def merge(self, journal: Journal, bases: Iterable[Journal] = ()) -> MergeStep:
        """``journal`` with every readable copy merged in (the store's lock held)."""
        copies = self.copies()
        present = {c.path for c in copies}
        self._settled = {p: v for p, v in self._settled.items() if p in present}
        news = any(not self._is_settled(c) for c in copies)
        loaded = [item for c in copies if (item := self._load(c)) is not None]
        if not loaded:
            return MergeStep(journal)
        plan = plan_loaded(journal, loaded, (*bases, *self.bases()))
        return MergeStep(plan.journal, plan, news)

    def finish(self, step: MergeStep, *, keep_days: int = KEEP_DAYS) -> MergePlan:
        """After the write: put merged copies away, keep the base, prune the archive.

        A copy that cannot be moved stays and merges again, to no effect, later.
        """
        self.keep_received()
        plan = step.plan
        if plan is None:
            self._prune(keep_days, force=False)
            return MergePlan(step.journal)
        data_dir = self.journal_path.parent
        results = []
        for r in plan.results:
            if r.problem is None:
                try:
                    r = replace(
                        r, archived_to=archive(r.copy.path, data_dir, now=self._now)
                    )
                except (OSError, SaveError) as err:
                    r = replace(r, archive_problem=str(err))
                    # Merged: no need to merge it on every save until it changes.
                    self._settled[r.copy.path] = (_sig(r.copy.path), None)
            results.append(r)
        self._prune(keep_days, force=True)
        return replace(plan, journal=step.journal, results=tuple(results))

    def _prune(self, keep_days: int, *, force: bool) -> None:
        now = self._now()
        if force or self._pruned is None or now - self._pruned >= _PRUNE_EVERY:
            self._pruned = now
            prune_archive(self.journal_path.parent, keep_days=keep_days, now=self._now)

    # -- the merge base --------------------------------------------------------

    def sign(self, journal: Journal) -> Journal:
        """``journal`` naming this computer as the file's writer (a shallow copy)."""
        if journal.written_by == self.device:
            return journal
        return journal.model_copy(update={"written_by": self.device})

    def received(self, raw: bytes, digest: bytes, journal: Journal) -> None:
        """Note a journal read from disk: if another computer wrote it, and it is
        not one side of a conflict, it is a version both computers had."""
        writer = journal.written_by
        if self.device is None or writer is None or writer == self.device:
            return
        if digest == self._base_digest:
            return
        if self.copies():
            # Beside a conflict copy the journal is one side of the conflict,
            # not a version both computers had.
            return
        self._base, self._base_digest, self._unkept = journal, digest, raw

    def keep_received(self) -> None:
        """Write the journal last received as a ``synced`` backup (lock held).

        One made less than the automatic-backup interval before is replaced, so a
        busy pair of computers leaves about as many as automatic backups do.
        """
        raw, self._unkept = self._unkept, None
        if raw is None:
            return
        try:
            found = scan_backups(self._backups.folder)
            synced = [b for b in found if b.reason == SYNCED_REASON]
            if synced and _digest_of(synced[0].path) == content_digest(raw):
                return
            self._backups.write(raw, SYNCED_REASON)
            now = self._now()
            for b in synced:
                if now - b.created < AUTO_BACKUP_INTERVAL:
                    with contextlib.suppress(FileNotFoundError):
                        b.path.unlink()
        except (StorageError, OSError) as err:
            # A missing base only makes a later merge coarser; the save matters.
            self._backups.last_error = str(err)

    def bases(self) -> list[Journal]:
        """Journals both computers had: the newest received here and the newest
        ``synced`` backup (another program on this computer may have kept one)."""
        out = [self._base] if self._base is not None else []
        kept = self._newest_kept()
        if kept is not None and kept is not self._base:
            out.append(kept)
        return out

    def _newest_kept(self) -> Journal | None:
        try:
            found = next(
                (
                    b
                    for b in scan_backups(self._backups.folder)
                    if b.reason == SYNCED_REASON
                ),
                None,
            )
        except StorageError:
            return None
        sig = _sig(found.path) if found is not None else None
        if found is None or sig is None:
            return None
        if self._kept is not None and self._kept[:2] == (found.path, sig):
            return self._kept[2]
        try:
            parsed = read_journal_file(found.path)
        except StorageError:
            return None
        if parsed.read_only_reason is not None:
            return None
        self._kept = (found.path, sig, parsed.journal)
        return parsed.journal


def _digest_of(path: Path) -> bytes | None:
    try:
        read = read_file(path)
    except StorageError:
        return None
    return None if read is None else content_digest(read[0])
