"""Conflict copies a sync tool leaves beside the journal: found, merged by id, put away.

When two computers change the journal between syncs, Syncthing, Dropbox and
Nextcloud keep one version as ``journal.json`` and write the other beside it under
a tool-specific name (``names``). Each copy is read with the normal parser (one
that does not read cleanly is reported and left alone, never merged in part),
merged by record id with the one merge rule (``merging``), and, once the merged
journal is saved, moved into ``conflicts/`` in the data folder and kept there for
``KEEP_DAYS`` days (``archive``).

``plan_merge`` says what merging would do without writing (``twitchtrack check``);
``resolve`` does it through a store's locked ``update``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Final, Protocol

from twitchtrack.domain.models import Journal, now_utc
from twitchtrack.storage.conflicts.archive import (
    ARCHIVE_DIR,
    KEEP_DAYS,
    archive,
    prune_archive,
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
from twitchtrack.storage.errors import SaveError

__all__ = [
    "ARCHIVE_DIR",
    "BACKUP_REASON",
    "KEEP_DAYS",
    "ConflictCopy",
    "CopyResult",
    "JournalUpdater",
    "LoadedCopy",
    "MergePlan",
    "archive",
    "conflict_copy",
    "find_conflict_copies",
    "load_copy",
    "merge_copy",
    "plan_merge",
    "prune_archive",
    "resolve",
]

# The backup written (inside the store's lock) before a merge changes the journal.
BACKUP_REASON: Final = "before-conflict-merge"


class JournalUpdater(Protocol):
    """What ``resolve`` needs of a store: its path and a locked update."""

    @property
    def path(self) -> Path: ...

    def update(
        self,
        change: Callable[[Journal], Journal],
        *,
        backup_reason: str | None = None,
    ) -> Journal: ...


def resolve(
    store: JournalUpdater,
    *,
    bases: Iterable[Journal] = (),
    keep_days: int = KEEP_DAYS,
    now: Callable[[], datetime] = now_utc,
) -> MergePlan:
    """Merge every readable conflict copy into the journal, save, put them away.

    The merge runs inside the store's lock against the file as it is then (after
    a ``before-conflict-merge`` backup). Copies are moved only after the save
    succeeded; one that cannot be moved stays and merges again, to no effect,
    next time. Copies that cannot be read are left where they are. Store errors
    (locked, read-only, damaged journal) propagate with nothing changed.
    """
    data_dir = Path(store.path).parent
    copies = find_conflict_copies(store.path)
    base_list = tuple(bases)
    if not copies:
        prune_archive(data_dir, keep_days=keep_days, now=now)
        return MergePlan(Journal())
    loaded = [load_copy(c) for c in copies]
    plans: list[MergePlan] = []

    def change(current: Journal) -> Journal:
        plan = plan_loaded(current, loaded, base_list)
        plans.append(plan)
        return plan.journal

    if any(item.journal is not None for item in loaded):
        saved = store.update(change, backup_reason=BACKUP_REASON)
        plan = replace(plans[-1], journal=saved)
    else:
        plan = plan_loaded(Journal(), loaded, base_list)
    results = []
    for r in plan.results:
        if r.problem is None:
            try:
                r = replace(r, archived_to=archive(r.copy.path, data_dir, now=now))
            except (OSError, SaveError) as err:
                r = replace(r, archive_problem=str(err))
        results.append(r)
    prune_archive(data_dir, keep_days=keep_days, now=now)
    return replace(plan, results=tuple(results))
