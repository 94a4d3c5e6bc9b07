"""Whole-journal changes (import, restore of a backup): which records change, and how.

How the records are chosen:

* **Import** follows the journal merge rule (``domain.merge``): an imported record
  is taken when the journal lacks it or the imported version is newer. Taken
  records keep their own stamps, so importing the same file again finds them all
  "already present".
* **Restore** (``domain.restore``, shared with ``twitchtrack restore``) makes the
  journal look exactly like the backup, and makes that state *win* every later
  merge. Each record whose content differs from the
  backup's gets the backup's content under a fresh ``updated_at``; each live
  record the backup does not have becomes a fresh tombstone. Simply writing the
  old file back (``JournalStore.restore``) would not do in a window: the journal
  on disk, another window or a sync copy all hold *newer* versions, and the next
  merge would bring them straight back. A deleted record the backup knows but the
  journal never had is left out, since nothing visible would change.

The model applies a plan as one undo step (``commands.ReplaceRecords``). Undo
writes each record's previous content back as yet another fresh version (a record
the step added is tombstoned), so undo also survives merges; redo writes the
step's content again the same way.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from twitchtrack.domain.merge import RECORD_LISTS
from twitchtrack.domain.models import Journal, Record
from twitchtrack.domain.restore import (
    Change,
    Changes,
    RestoreSummary,
    fresh,
    plan_restore,
    same_content,
)
from twitchtrack.domain.text import plural

if TYPE_CHECKING:  # the import code loads when an import runs, not at start-up
    from twitchtrack.storage.interchange import ImportSummary, ReadNotes

# The restore plan lives in domain.restore (the command line restores too); these
# names stay importable from here for the window.
__all__ = [
    "Change",
    "Changes",
    "RestoreSummary",
    "fresh",
    "import_text",
    "plan_import",
    "plan_restore",
    "same_content",
]


def plan_import(
    current: Journal, incoming: Journal, notes: ReadNotes | None = None
) -> tuple[Changes, ImportSummary]:
    """The records an import takes (merge rule) and the summary to show."""
    from twitchtrack.storage.interchange import apply_import

    merged, summary = apply_import(current, incoming, notes)
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


def import_text(summary: ImportSummary) -> str:
    """The undo step's name for an import ("Import 3 episodes, 1 day")."""
    parts = []
    if summary.episodes_new:
        parts.append(plural(summary.episodes_new, "episode"))
    if summary.days_new:
        parts.append(plural(summary.days_new, "day"))
    if summary.intakes_new:
        parts.append(plural(summary.intakes_new, "intake"))
    if summary.sleeps_new:
        parts.append(plural(summary.sleeps_new, "sleep period"))
    if summary.updated:
        parts.append(f"{summary.updated:,} updated")
    return "Import " + (", ".join(parts) or "records")
