"""What other programs wrote, as the window takes it in: records found on disk, the
version each one and the window's copy both come from, and the disk's losses.

The window merges another program's change to a record field by field against
the version both sides started from (``domain.merge.merge_record``). That
version moves on as the window takes changes in: once it has absorbed the
command line's edit of a check-in, that edit is what a later clash starts from,
so the command line changing the same field again is kept, not read as a clash
the window's newer stamp would win.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from twitchtrack.domain.merge import RECORD_LISTS, created_apart, merge_record, wins
from twitchtrack.domain.models import Episode, Journal, Record


@dataclass(frozen=True, slots=True)
class Foreign:
    """Records found on disk that the window should look at, per record list."""

    records: dict[str, list[Record]] = field(default_factory=dict)
    # For a found record the window also holds: the version both came from, so
    # where both edited it since, the two are merged field by field.
    bases: Mapping[uuid.UUID, Record] = field(default_factory=dict)
    # What merging a sync tool's conflict copies did in this save, to tell.
    notice: str | None = None
    # Which look at the disk found them (0: a save); the window says which it has
    # taken in, so a save knows what its snapshot already holds.
    generation: int = 0
    # The file lacks records (or versions) the window holds: a sync tool put an
    # older file in place. The window must write them back.
    rewrite: bool = False

    @property
    def episodes(self) -> list[Episode]:
        """The episodes among them."""
        return self.records.get("episodes", [])  # type: ignore[return-value]

    def __bool__(self) -> bool:
        return any(self.records.values())

    def __len__(self) -> int:
        return sum(len(v) for v in self.records.values())


def _base_for(base: Record | None, mine: Record, theirs: Record) -> Record | None:
    """The version to merge ``mine`` and ``theirs`` from: the known base, or for a
    record both sides created on their own (one day's check-in), an empty one."""
    if base is not None and type(base) is type(mine):
        return base
    return created_apart(mine, theirs)


def _by_id(records: Iterable[Record]) -> dict[uuid.UUID, Record]:
    return {r.id: r for r in records}


def merged_from_save(snapshot: Journal, disk: Journal) -> Foreign:
    """The disk records a save merged in that ``snapshot`` lacks (or that beat it);
    both started from the snapshot's versions."""
    found: dict[str, list[Record]] = {}
    bases: dict[uuid.UUID, Record] = {}
    for name in RECORD_LISTS:
        mine = _by_id(getattr(snapshot, name))
        out: list[Record] = []
        for rec in getattr(disk, name):
            have = mine.get(rec.id)
            if have is None or (have is not rec and wins(rec, have)):
                out.append(rec)
                if have is not None:
                    bases[rec.id] = have
        if out:
            found[name] = out
    return Foreign(found, bases)


@dataclass
class DiskLook:
    """What one look at the disk found (``look``)."""

    found: dict[str, list[Record]]
    bases: dict[uuid.UUID, Record]
    rewrite: bool


def look(
    snapshot: Journal, disk: Journal, base: Mapping[uuid.UUID, Record]
) -> DiskLook:
    """Compare the window's ``snapshot`` with ``disk``; ``base`` maps ids to the
    versions the window's copies come from.

    Found: records new to the window, versions that beat the window's, and
    versions changed since the base where the window changed the record too,
    however the stamps fall (those merge field by field). ``rewrite`` when the
    disk lacks a record the window holds, or has an older version of one.
    """
    found: dict[str, list[Record]] = {}
    bases: dict[uuid.UUID, Record] = {}
    rewrite = False
    for name in RECORD_LISTS:
        mine = _by_id(getattr(snapshot, name))
        theirs = getattr(disk, name)
        out: list[Record] = []
        on_disk = 0
        for rec in theirs:
            have = mine.get(rec.id)
            if have is None:
                out.append(rec)
                continue
            on_disk += 1
            if have is rec:
                continue
            same_stamp = rec.updated_at == have.updated_at
            if same_stamp and rec.deleted == have.deleted and rec == have:
                continue  # the same version, read twice: nearly every record
            before = base.get(rec.id)
            if wins(rec, have):
                out.append(rec)
            elif (
                not same_stamp
                and before is not None
                and rec.updated_at > before.updated_at
            ):
                out.append(rec)  # both edited it since: merged field by field
            else:
                rewrite = True  # the disk holds an older version than ours
                continue
            if before is not None:
                bases[rec.id] = before
        rewrite |= on_disk < len(mine)
        if out:
            found[name] = out
    return DiskLook(found, bases, rewrite)


def absorbable(
    found: Foreign, records: Mapping[str, Mapping[uuid.UUID, Record]]
) -> tuple[dict[str, list[Record]], bool]:
    """The versions to take from ``found`` into ``records``, and whether any of them
    is a field-by-field merge (new to the file too, so it must be saved).

    Disk records that beat ours are taken; our own newer edits stay (merge rule).
    Where both this window and another program edited a record since its base
    (``found.bases``), the two versions are merged field by field.
    """
    taken: dict[str, list[Record]] = {}
    merged_here = False
    for name, theirs in found.records.items():
        current = records.get(name)
        if current is None:
            continue
        out: list[Record] = []
        for rec in theirs:
            have = current.get(rec.id)
            if have is None:
                out.append(rec)
                continue
            base = _base_for(found.bases.get(rec.id), have, rec)
            kept = merge_record(base, have, rec)
            if kept is not have:
                out.append(kept)
                merged_here |= kept is not rec
        if out:
            taken[name] = out
    return taken, merged_here


@dataclass(frozen=True, slots=True)
class Unabsorbed:
    """A record a look found, with its base then, not yet known to be taken in."""

    name: str
    record: Record
    base: Record | None
    generation: int


def with_unabsorbed(
    snapshot: Journal, pending: Iterable[Unabsorbed], absorbed: int
) -> Journal:
    """``snapshot`` with the found records it cannot hold yet merged in.

    A snapshot taken before the window took in a look's records (generation
    above ``absorbed``) is merged with them the way the window will merge them,
    so a save of it neither drops them nor writes over them.
    """
    late = [p for p in pending if p.generation > absorbed]
    if not late:
        return snapshot
    update: dict[str, Any] = {}
    for name in {p.name for p in late}:
        current = _by_id(getattr(snapshot, name))
        for p in (p for p in late if p.name == name):
            have = current.get(p.record.id)
            if have is None:
                current[p.record.id] = p.record
                continue
            base = _base_for(p.base, have, p.record)
            current[p.record.id] = merge_record(base, have, p.record)
        update[name] = list(current.values())
    return snapshot.model_copy(update=update)


class BaseView(Mapping[uuid.UUID, Record]):
    """Id -> the version of a record the window's copy comes from: the journal as
    last saved, moved on (per record list) by what looks at the disk found since.
    The saved journal is indexed only when a look needs it."""

    def __init__(
        self, journal: Journal, advanced: Mapping[str, Mapping[uuid.UUID, Record]]
    ) -> None:
        self._journal = journal
        self._advanced = advanced
        self._index: dict[uuid.UUID, Record] | None = None

    def _all(self) -> dict[uuid.UUID, Record]:
        if self._index is None:
            self._index = {
                r.id: r for name in RECORD_LISTS for r in getattr(self._journal, name)
            }
        return self._index

    def __getitem__(self, key: uuid.UUID) -> Record:
        for moved in self._advanced.values():
            if key in moved:
                return moved[key]
        return self._all()[key]

    def __iter__(self) -> Iterator[uuid.UUID]:
        keys = set(self._all())
        for moved in self._advanced.values():
            keys.update(moved)
        return iter(keys)

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def journal(self) -> Journal:
        """The base as a journal, for the store's merge."""
        update: dict[str, Any] = {}
        for name, moved in self._advanced.items():
            if moved:
                records = {r.id: r for r in getattr(self._journal, name)}
                records.update(moved)
                update[name] = list(records.values())
        return self._journal.model_copy(update=update) if update else self._journal
