"""Conflict copies a sync tool leaves beside the journal: found, merged by id, put away.

When two computers change the journal between syncs, Syncthing, Dropbox and
Nextcloud keep one version as ``journal.json`` and write the other beside it under
a tool-specific name (``names``). Each copy is read with the normal parser (one
that does not read cleanly is reported and left alone, never merged in part),
merged by record id with the one merge rule (``merging``), and, once the merged
journal is saved, moved into ``conflicts/`` in the data folder and kept there for
``KEEP_DAYS`` days (``archive``).

Every write of a ``JournalStore`` merges waiting copies under its lock (``folder``:
``SyncFolder``, which also keeps the journal last received from another computer
as the base for merging field by field). ``plan_merge`` says what merging would do
without writing (``twitchtrack check``); ``resolve`` merges now.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from twitchtrack.domain.models import Journal
from twitchtrack.storage.conflicts.archive import (
    ARCHIVE_DIR,
    KEEP_DAYS,
    archive,
    prune_archive,
)
from twitchtrack.storage.conflicts.folder import (
    BACKUP_REASON,
    MergeStep,
    SyncFolder,
)
from twitchtrack.storage.conflicts.merging import (
    CopyResult,
    MergePlan,
    merge_copy,
    plan_loaded,
    plan_merge,
)
from twitchtrack.storage.conflicts.names import (
    ConflictCopy,
    LoadedCopy,
    conflict_copy,
    find_conflict_copies,
    load_copy,
)

__all__ = [
    "ARCHIVE_DIR",
    "BACKUP_REASON",
    "KEEP_DAYS",
    "ConflictCopy",
    "ConflictMerger",
    "CopyResult",
    "LoadedCopy",
    "MergePlan",
    "MergeStep",
    "SyncFolder",
    "archive",
    "conflict_copy",
    "find_conflict_copies",
    "load_copy",
    "merge_copy",
    "plan_loaded",
    "plan_merge",
    "prune_archive",
    "resolve",
]


class ConflictMerger(Protocol):
    """What ``resolve`` needs of a store (``JournalStore`` is one)."""

    def merge_conflicts(
        self, *, bases: Iterable[Journal] = (), keep_days: int = KEEP_DAYS
    ) -> MergePlan: ...


def resolve(
    store: ConflictMerger,
    *,
    bases: Iterable[Journal] = (),
    keep_days: int = KEEP_DAYS,
) -> MergePlan:
    """Merge every readable conflict copy into the journal now, save, put them away.

    What each save and update of the store does anyway; for when nothing else is
    to be written (tests, a sync tool's hook). The merge runs inside the store's
    lock against the file as it is then (after a ``before-conflict-merge`` backup
    when it changes anything). Copies are moved only after the save succeeded;
    ones that cannot be read are left where they are. ``bases`` are journals both
    computers had, besides the one the store kept. Store errors (locked,
    read-only, damaged journal) propagate with nothing changed.
    """
    return store.merge_conflicts(bases=bases, keep_days=keep_days)
