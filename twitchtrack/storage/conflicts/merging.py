"""Merging conflict copies into the journal with the one merge rule, and saying so.

A record both computers changed since a version they shared is merged field by
field (``domain.merge.merge_record``); a record both created on their own (one
day's check-in: its id comes from the date) is merged field by field as from an
empty record; otherwise the newest ``updated_at`` wins, tombstones included.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Final

from twitchtrack.domain.merge import (
    RECORD_LISTS,
    VERSION_FIELDS,
    merge,
    merge_record,
    newer,
)
from twitchtrack.domain.models import Journal, Record
from twitchtrack.storage.conflicts.names import ConflictCopy, LoadedCopy, load_copy

_EPOCH: Final = datetime(1, 1, 1, tzinfo=UTC)


# A required field's value in an empty base: equal to nothing either side has.
_UNSET: Final = object()


def _empty_like(rec: Record) -> Record:
    """The record as if freshly made with nothing filled in: the base for a record
    both computers created on their own (such as one day's check-in)."""
    model = type(rec)
    values: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if name in VERSION_FIELDS:
            continue
        values[name] = (
            _UNSET
            if info.is_required()
            else info.get_default(call_default_factory=True)
        )
    return model.model_construct(
        id=rec.id, created_at=_EPOCH, updated_at=_EPOCH, deleted_at=None, **values
    )


def _common_version(
    mine: Record, theirs: Record, candidates: Sequence[Record]
) -> Record | None:
    """The version both sides of a record came from, if it can be known.

    Two different ``created_at`` mean each computer created the record on its
    own: nothing was shared, so the base is an empty record. Otherwise the newest
    candidate no newer than either side is taken; with none, the merge rule falls
    back to newest-wins.
    """
    if mine.created_at != theirs.created_at:
        return _empty_like(mine)
    limit = min(mine.updated_at, theirs.updated_at)
    best: Record | None = None
    for v in candidates:
        if (
            type(v) is type(mine)
            and v.created_at == mine.created_at
            and v.updated_at <= limit
            and (best is None or v.updated_at > best.updated_at)
        ):
            best = v
    return best


def _versions(bases: Iterable[Journal]) -> dict[uuid.UUID, list[Record]]:
    out: dict[uuid.UUID, list[Record]] = {}
    for journal in bases:
        for name in RECORD_LISTS:
            for rec in getattr(journal, name):
                out.setdefault(rec.id, []).append(rec)
    return out


def _content(rec: Record) -> dict[str, Any]:
    return rec.model_dump(exclude=set(VERSION_FIELDS))


def _adds_anything(base: Record, mine: Record, theirs: Record) -> bool:
    """Whether merging field by field gives more than the newer side already has.

    A copy merged before (the journal holds the merged version, stamped after
    both) would otherwise be merged again into a new version each time, so a
    copy that could not be put away would change the journal on every look.
    """
    fields = merge_record(base, mine, theirs)
    return fields.deleted != newer(mine, theirs).deleted or _content(
        fields
    ) != _content(newer(mine, theirs))


def merge_copy(
    mine: Journal, theirs: Journal, bases: Iterable[Journal] = ()
) -> Journal:
    """``theirs`` (a conflict copy) merged into ``mine`` by record id.

    ``bases`` are journals both computers had before they diverged (for the app:
    the last journal this computer received through the sync folder). A record
    both sides changed since such a version is merged field by field; a record
    both created on their own is merged field by field as from an empty record;
    otherwise the newest ``updated_at`` wins and tombstones go by that rule.
    Settings stay ``mine``'s.
    """
    known = _versions(bases)
    chosen: dict[str, Any] = {name: [] for name in RECORD_LISTS}
    for name in RECORD_LISTS:
        have = {r.id: r for r in getattr(mine, name)}
        for rec in getattr(theirs, name):
            own = have.get(rec.id)
            if own is None or own is rec or own == rec:
                continue
            base = _common_version(own, rec, known.get(rec.id, ()))
            if base is not None and _adds_anything(base, own, rec):
                chosen[name].append(base)
    if not any(chosen.values()):
        return merge(mine, theirs)
    return merge(mine, theirs, Journal.model_construct(**chosen))


@dataclass(frozen=True)
class CopyResult:
    """What merging one copy did (or would do) to the journal.

    ``added`` counts records new to the journal, ``updated`` records it had that
    the copy changed (restores included), ``deleted`` records the copy deleted.
    ``problem`` says why the copy cannot be merged; it is then left alone.
    """

    copy: ConflictCopy
    problem: str | None = None
    added: int = 0
    updated: int = 0
    deleted: int = 0
    archived_to: Path | None = None
    archive_problem: str | None = None

    @property
    def entries(self) -> int:
        """How many entries the merge added or changed."""
        return self.added + self.updated + self.deleted


def _count(before: Journal, after: Journal) -> tuple[int, int, int, bool]:
    """(added, updated, deleted, anything changed) from ``before`` to ``after``."""
    added = updated = deleted = 0
    changed = False
    for name in RECORD_LISTS:
        old = {r.id: r for r in getattr(before, name)}
        for rec in getattr(after, name):
            was = old.get(rec.id)
            if was is rec or (was is not None and was == rec):
                continue
            changed = True
            if was is None:
                added += not rec.deleted
            elif rec.deleted and not was.deleted:
                deleted += 1
            else:
                updated += 1
    return added, updated, deleted, changed


@dataclass(frozen=True)
class MergePlan:
    """The journal with every readable copy merged in, and what each copy did."""

    journal: Journal
    results: tuple[CopyResult, ...] = ()
    changed: bool = False

    @property
    def merged(self) -> tuple[CopyResult, ...]:
        """The copies that were (or would be) merged."""
        return tuple(r for r in self.results if r.problem is None)

    @property
    def bad(self) -> tuple[CopyResult, ...]:
        """The copies that cannot be merged and are left where they are."""
        return tuple(r for r in self.results if r.problem is not None)

    @property
    def entries(self) -> int:
        """How many entries merging added or changed, over all copies."""
        return sum(r.entries for r in self.merged)

    def notice(self, today: date | None = None) -> str | None:
        """A calm sentence for the window, or None when there were no copies."""
        if not self.results:
            return None
        today = today or date.today()
        parts: list[str] = []
        merged = self.merged
        if merged:
            made = _dates([r.copy for r in merged], today)
            copies = (
                f"another computer's copy{made}"
                if len(merged) == 1
                else f"{len(merged)} copies from other computers{made}"
            )
            if self.entries:
                parts.append(f"Merged {_entries(self.entries)} from {copies}.")
            else:
                parts.append(f"Everything in {copies} was already in your journal.")
        for r in self.bad:
            parts.append(
                f"A copy{_dates([r.copy], today)} ({r.copy.path.name}) could not "
                f"be read and was left where it is: {r.problem}."
            )
        return " ".join(parts)

    def report_lines(self) -> list[str]:
        """One line per copy for ``twitchtrack check`` (what merging would do)."""
        lines = []
        for r in self.results:
            made = r.copy.made_on.isoformat() if r.copy.made_on else "unknown date"
            head = f"Conflict copy {r.copy.path.name} ({r.copy.tool}, {made}): "
            if r.problem is not None:
                lines.append(head + f"cannot be merged, left alone: {r.problem}")
            elif r.entries:
                what = ", ".join(
                    f"{n} {word}"
                    for n, word in (
                        (r.added, "new"),
                        (r.updated, "changed"),
                        (r.deleted, "deleted"),
                    )
                    if n
                )
                lines.append(head + f"merging would bring in {what}")
            else:
                lines.append(head + "nothing new; merging would only put it away")
        return lines


def _entries(n: int) -> str:
    return f"{n} {'entry' if n == 1 else 'entries'}"


def _dates(copies: Sequence[ConflictCopy], today: date) -> str:
    days = sorted({c.made_on for c in copies if c.made_on is not None})
    if not days:
        return ""
    shown = [
        f"{d.day} {d:%b}" if d.year == today.year else f"{d.day} {d:%b %Y}"
        for d in days
    ]
    if len(shown) == 1:
        return f" made on {shown[0]}"
    return f" made on {', '.join(shown[:-1])} and {shown[-1]}"


def plan_loaded(
    journal: Journal, loaded: Sequence[LoadedCopy], bases: Sequence[Journal]
) -> MergePlan:
    results = []
    current = journal
    changed = False
    for item in loaded:
        if item.journal is None:
            results.append(CopyResult(item.copy, item.problem))
            continue
        after = merge_copy(current, item.journal, bases)
        added, updated, deleted, moved = _count(current, after)
        changed = changed or moved
        results.append(CopyResult(item.copy, None, added, updated, deleted))
        current = after if moved else current
    return MergePlan(current, tuple(results), changed)


def plan_merge(
    journal: Journal,
    copies: Iterable[ConflictCopy],
    *,
    bases: Iterable[Journal] = (),
) -> MergePlan:
    """What merging ``copies`` into ``journal`` gives; nothing is written."""
    return plan_loaded(journal, [load_copy(c) for c in copies], tuple(bases))
