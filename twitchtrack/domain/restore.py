"""Restoring a backup: the new versions that make the journal look exactly like it.

Restore makes the journal look exactly like the backup, and makes that state
*win* every later merge. Each record whose content differs from the backup's gets
the backup's content under a fresh ``updated_at``; each live record the backup
does not have becomes a fresh tombstone. Simply writing the old file back
(``JournalStore.restore``) would not do while anything else holds the journal:
the journal on disk, a window or a sync copy all hold *newer* versions, and the
next merge would bring them straight back. A deleted record the backup knows but
the journal never had is left out, since nothing visible would change.

The window applies a plan as one undo step (``ui.model.commands.ReplaceRecords``);
``twitchtrack restore`` applies it with :func:`apply_changes` inside one locked
update of the store.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from twitchtrack.domain.merge import RECORD_LISTS
from twitchtrack.domain.models import Journal, Record, now_utc
from twitchtrack.domain.text import plural

_TICK = timedelta(microseconds=1)

# Each record list's changes as (version before the step or None, version after).
Change = tuple[Record | None, Record]
Changes = dict[str, list[Change]]


@dataclass(frozen=True, slots=True)
class RestoreSummary:
    """How a restore landed: live counts afterwards and what had to change."""

    episodes: int
    days: int
    changed: int  # records given the backup's version
    removed: int  # live records the backup did not have, now deleted

    def __str__(self) -> str:
        text = f"Restored {plural(self.episodes, 'episode')}, "
        text += f"{plural(self.days, 'day')}"
        if not self.changed and not self.removed:
            return text + " (the journal already matched this backup)"
        return text


def fresh(content: Record, over: Record | None) -> Record:
    """``content`` as a new version stamped now, and strictly after ``over``."""
    stamp: datetime = now_utc()
    if over is not None and stamp <= over.updated_at:
        stamp = over.updated_at + _TICK
    return content.model_copy(update={"updated_at": stamp})


def same_content(a: Record, b: Record) -> bool:
    """True when two versions differ at most in their ``updated_at`` stamp (and the
    computer that made them)."""
    if a == b:
        return True
    stamps = {"updated_at", "device"}
    return a.model_dump(exclude=stamps) == b.model_dump(exclude=stamps)


def plan_restore(current: Journal, backup: Journal) -> tuple[Changes, RestoreSummary]:
    """The new versions that make ``current`` equal to ``backup`` (see module doc)."""
    changes: Changes = {}
    changed = removed = 0
    for name in RECORD_LISTS:
        mine: dict[uuid.UUID, Record] = {r.id: r for r in getattr(current, name)}
        theirs: dict[uuid.UUID, Record] = {r.id: r for r in getattr(backup, name)}
        out: list[Change] = []
        for rid, rec in theirs.items():
            have = mine.get(rid)
            if rec.deleted and (have is None or have.deleted):
                continue  # deleted on both sides: nothing the person could see
            if have is not None and same_content(have, rec):
                continue
            out.append((have, fresh(rec, have)))
            changed += 1
        for rid, have in mine.items():
            if rid not in theirs and not have.deleted:
                out.append((have, fresh(have.tombstoned(), have)))
                removed += 1
        if out:
            changes[name] = out
    summary = RestoreSummary(
        episodes=sum(1 for e in backup.episodes if not e.deleted),
        days=sum(1 for d in backup.days if not d.deleted),
        changed=changed,
        removed=removed,
    )
    return changes, summary


def apply_changes(journal: Journal, changes: Changes) -> Journal:
    """``journal`` with each planned version in place (by id)."""
    update: dict[str, list[Record]] = {}
    for name, items in changes.items():
        by_id: dict[uuid.UUID, Record] = {r.id: r for r in getattr(journal, name)}
        by_id.update((after.id, after) for _, after in items)
        update[name] = list(by_id.values())
    return journal.model_copy(update=update)
