"""The one merge rule: records by id, newest ``updated_at`` wins, field by field
against a common base when both sides edited a record."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping
from typing import Final, TypeVar, get_args, get_origin

from twitchtrack.domain.models import Journal, Record

R = TypeVar("R", bound=Record)


def _record_lists() -> tuple[str, ...]:
    """Names of the Journal fields that are lists of records, in field order."""
    out: list[str] = []
    for name, info in Journal.model_fields.items():
        args = get_args(info.annotation)
        if (
            get_origin(info.annotation) is list
            and args
            and isinstance(args[0], type)
            and issubclass(args[0], Record)
        ):
            out.append(name)
    return tuple(out)


# Read off the Journal model, so a new record list is merged, counted and saved
# everywhere without another list of names to keep in step.
RECORD_LISTS: Final[tuple[str, ...]] = _record_lists()

# Fields that say which version a record is, not what it holds.
_VERSION_FIELDS: Final = frozenset({"id", "created_at", "updated_at", "deleted_at"})
# Stamped just after both parents, a field-by-field merge beats each in any later
# merge (and the store can tell it from both).
_AFTER: Final = dt.timedelta(microseconds=1)


def newer(a: R, b: R) -> R:
    """The record that wins a merge: newer ``updated_at``; on a tie the tombstone,
    then a fixed order so every process picks the same one."""
    if a.updated_at != b.updated_at:
        return a if a.updated_at > b.updated_at else b
    if a.deleted != b.deleted:
        return a if a.deleted else b
    return a if a.model_dump_json() >= b.model_dump_json() else b


def wins(a: Record, b: Record) -> bool:
    """True when ``a`` strictly beats ``b`` under the rule of :func:`newer`.

    The same order as ``newer``, but equal versions (or one object twice) are no
    win, so a caller can ask "is theirs new to me?" without a copy counting.
    """
    if a is b:
        return False
    if a.updated_at != b.updated_at:
        return a.updated_at > b.updated_at
    if a.deleted != b.deleted:
        return a.deleted
    if a == b:
        return False
    # Same stamp, different content: the fixed order every process uses.
    return a.model_dump_json() > b.model_dump_json()


def merge_record(base: R | None, mine: R, theirs: R) -> R:
    """Two versions of one record, reconciled.

    The newer version wins whole, except when ``base`` (the version both came
    from) shows that each side edited it since: then each side keeps the fields
    only it changed, a field both changed takes the newer side's value, and the
    result is stamped just after both. Deletions and versions older than ``base``
    (a stale copy of the file) always go by the newest-wins rule.
    """
    if mine is theirs:
        return mine
    if (
        base is None
        or type(mine) is not type(theirs)
        or mine.deleted
        or theirs.deleted
        or base.deleted
        or mine.updated_at <= base.updated_at
        or theirs.updated_at <= base.updated_at
    ):
        return newer(mine, theirs)
    winner = newer(mine, theirs)
    data = winner.model_dump()
    for name in type(winner).model_fields:
        if name in _VERSION_FIELDS:
            continue
        ours, others, before = (getattr(r, name) for r in (mine, theirs, base))
        if ours == others:
            continue
        if ours == before:
            data[name] = theirs.model_dump(include={name})[name]
        elif others == before:
            data[name] = mine.model_dump(include={name})[name]
    data["updated_at"] = max(mine.updated_at, theirs.updated_at) + _AFTER
    return type(winner).model_validate(data)


def merge_records(
    mine: Iterable[R], theirs: Iterable[R], bases: Mapping[uuid.UUID, Record]
) -> list[R]:
    """One record list merged by id (``bases``: id -> the version both came from)."""
    out: dict[uuid.UUID, R] = {}
    for rec in mine:
        have = out.get(rec.id)
        out[rec.id] = rec if have is None else newer(have, rec)
    for rec in theirs:
        have = out.get(rec.id)
        if have is None:
            out[rec.id] = rec
        else:
            base = bases.get(rec.id)
            same_kind = base if isinstance(base, type(rec)) else None
            out[rec.id] = merge_record(same_kind, have, rec)
    return list(out.values())


def merge(mine: Journal, theirs: Journal, base: Journal | None = None) -> Journal:
    """Merge two journals by record id; the newest ``updated_at`` wins.

    With ``base``, the journal ``mine`` was edited from, a record that both sides
    edited since is merged field by field instead (``merge_record``), so a window
    and the command line changing different fields of one day's check-in at the
    same moment both keep their change. Settings come from ``mine`` (the process
    that is saving owns its preferences).
    """
    bases: dict[uuid.UUID, Record] = {}
    if base is not None:
        for name in RECORD_LISTS:
            bases.update((r.id, r) for r in getattr(base, name))
    return mine.model_copy(
        update={
            name: merge_records(getattr(mine, name), getattr(theirs, name), bases)
            for name in RECORD_LISTS
        }
    )


def merge_stats(base: Journal, incoming: Journal) -> tuple[int, int, int]:
    """How an import would land: (new records, updated records, unchanged records)."""
    have: dict[uuid.UUID, Record] = {
        r.id: r for name in RECORD_LISTS for r in getattr(base, name)
    }
    new = updated = same = 0
    for rec in (r for name in RECORD_LISTS for r in getattr(incoming, name)):
        old = have.get(rec.id)
        if old is None:
            new += 1
        elif newer(old, rec) is rec and rec != old:
            updated += 1
        else:
            same += 1
    return new, updated, same
