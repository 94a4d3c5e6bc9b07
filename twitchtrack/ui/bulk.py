"""Whole-journal changes (import, restore of a backup) as one undoable model step.

How the records are chosen:

* **Import** follows the journal merge rule (``models.merge``): an imported record
  is taken when the journal lacks it or the imported version is newer. Taken
  records keep their own stamps, so importing the same file again finds them all
  "already present".
* **Restore** makes the journal look exactly like the backup, and makes that
  state *win* every later merge. Each record whose content differs from the
  backup's gets the backup's content under a fresh ``updated_at``; each live
  record the backup does not have becomes a fresh tombstone. Simply writing the
  old file back (``JournalStore.restore``) would not do in a window: the journal
  on disk, another window or a sync copy all hold *newer* versions, and the next
  merge would bring them straight back. A deleted record the backup knows but the
  journal never had is left out, since nothing visible would change.

Undo writes each record's previous content back as yet another fresh version (a
record the step added is tombstoned), so undo also survives merges; redo writes
the step's content again the same way.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtGui import QUndoCommand

from twitchtrack.domain.models import Journal, Record, Settings, now_utc
from twitchtrack.storage.interchange import ImportSummary, apply_import

# state.py imports this module only inside its methods, so this is no cycle.
from twitchtrack.ui.state import RECORD_LISTS, JournalModel

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
        text = f"Restored {_plural(self.episodes, 'episode')}, "
        text += f"{_plural(self.days, 'day')}"
        if not self.changed and not self.removed:
            return text + " (the journal already matched this backup)"
        return text


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def _fresh(content: Record, over: Record | None) -> Record:
    """``content`` as a new version stamped now, and strictly after ``over``."""
    stamp: datetime = now_utc()
    if over is not None and stamp <= over.updated_at:
        stamp = over.updated_at + _TICK
    return content.model_copy(update={"updated_at": stamp})


def _same_content(a: Record, b: Record) -> bool:
    if a == b:
        return True
    return a.model_dump(exclude={"updated_at"}) == b.model_dump(exclude={"updated_at"})


def plan_import(current: Journal, incoming: Journal) -> tuple[Changes, ImportSummary]:
    """The records an import takes (merge rule) and the summary to show."""
    merged, summary = apply_import(current, incoming)
    changes: Changes = {}
    for name in RECORD_LISTS:
        mine: dict[uuid.UUID, Record] = {r.id: r for r in getattr(current, name)}
        taken: list[Change] = []
        for rec in getattr(merged, name):
            have = mine.get(rec.id)
            if have is not rec and have != rec:
                taken.append((have, rec))
        if taken:
            changes[name] = taken
    return changes, summary


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
            if have is not None and _same_content(have, rec):
                continue
            out.append((have, _fresh(rec, have)))
            changed += 1
        for rid, have in mine.items():
            if rid not in theirs and not have.deleted:
                out.append((have, _fresh(have.tombstoned(), have)))
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


def import_journal(model: JournalModel, incoming: Journal) -> ImportSummary | None:
    """See ``JournalModel.import_journal``."""
    if _refused(model):
        return None
    changes, summary = plan_import(model.journal, incoming)
    if changes:
        _backup_first(model, "before-import")
        model.undo_stack.push(ReplaceRecords(model, changes, _import_text(summary)))
    return summary


def restore_journal(
    model: JournalModel, backup: Journal, label: str
) -> RestoreSummary | None:
    """See ``JournalModel.restore_journal``."""
    if _refused(model):
        return None
    changes, summary = plan_restore(model.journal, backup)
    settings = (
        (model.settings, backup.settings) if backup.settings != model.settings else None
    )
    if changes or settings:
        _backup_first(model, "before-restore")
        model.undo_stack.push(
            ReplaceRecords(model, changes, f"Restore {label}", settings=settings)
        )
    return summary


def _refused(model: JournalModel) -> bool:
    reason = model.read_only_reason
    if reason is None:
        return False
    model.edit_refused.emit(reason)
    return True


def _backup_first(model: JournalModel, reason: str) -> None:
    """Copy the journal file aside before a bulk change; raises if that fails.

    Unsaved edits of this window are saved first so the copy is the journal as the
    person sees it. The copy is one file copy (a few ms for a year of entries).
    """
    model.flush()
    model.store.backup(reason)


def _import_text(summary: ImportSummary) -> str:
    parts = []
    if summary.episodes_new:
        parts.append(_plural(summary.episodes_new, "episode"))
    if summary.days_new:
        parts.append(_plural(summary.days_new, "day"))
    if summary.updated:
        parts.append(f"{summary.updated:,} updated")
    return "Import " + (", ".join(parts) or "records")


class ReplaceRecords(QUndoCommand):
    """Write many records (and optionally the settings) as one undo step."""

    def __init__(
        self,
        model: JournalModel,
        changes: Mapping[str, Sequence[Change]],
        text: str,
        *,
        settings: tuple[Settings, Settings] | None = None,
    ) -> None:
        super().__init__(text)
        self._model = model
        self._changes = {name: list(items) for name, items in changes.items()}
        self._settings = settings
        self._first = True

    def redo(self) -> None:
        if self._first:
            # The planned versions already carry the right stamps.
            self._first = False
            self._put({n: [after for _, after in c] for n, c in self._changes.items()})
        else:
            again: dict[str, list[Record]] = {}
            for name, items in self._changes.items():
                out: list[Record] = []
                for _, after in items:
                    current = self._current(name, after.id)
                    if current is None or not _same_content(current, after):
                        out.append(_fresh(after, current))
                again[name] = out
            self._put(again)
        if self._settings is not None:
            self._model._put_settings(self._settings[1])

    def undo(self) -> None:
        back: dict[str, list[Record]] = {}
        for name, items in self._changes.items():
            out: list[Record] = []
            for before, after in items:
                current = self._current(name, after.id)
                if before is None:
                    if current is not None and not current.deleted:
                        out.append(_fresh(current.tombstoned(), current))
                elif current is None or not _same_content(current, before):
                    out.append(_fresh(before, current))
            back[name] = out
        self._put(back)
        if self._settings is not None:
            self._model._put_settings(self._settings[0])

    def _current(self, name: str, rid: uuid.UUID) -> Record | None:
        return self._model._records[name].get(rid)

    def _put(self, records: Mapping[str, Sequence[Record]]) -> None:
        if not any(records.values()):
            return
        rest: dict[str, Any] = {
            n: list(r) for n, r in records.items() if n not in ("episodes", "days")
        }
        self._model._put(
            records.get("episodes", ()),  # type: ignore[arg-type]
            records.get("days", ()),  # type: ignore[arg-type]
            other=rest,
        )
