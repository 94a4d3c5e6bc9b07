"""The one merge rule: records by id, newest ``updated_at`` wins, field by field
against a common base when both sides edited a record."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping
from typing import Any, Final, TypeVar, cast, get_args, get_origin

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

# Fields that say which version a record is (and which computer made it), not what
# it holds: a field-by-field merge never compares them.
VERSION_FIELDS: Final = frozenset(
    {"id", "created_at", "updated_at", "deleted_at", "device"}
)
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
    loser = theirs if winner is mine else mine
    data = winner.model_dump()
    took = False
    for name in type(winner).model_fields:
        if name in VERSION_FIELDS:
            continue
        ours, others, before = (getattr(r, name) for r in (mine, theirs, base))
        if ours == others:
            continue
        # A field only the loser changed is taken from it (the winner's is as is).
        if (others if winner is theirs else ours) == before:
            data[name] = loser.model_dump(include={name})[name]
            took = True
    if not took:
        # The newer side already holds everything: it wins as it is, so a merge
        # that adds nothing makes no new version.
        return winner
    data["updated_at"] = max(mine.updated_at, theirs.updated_at) + _AFTER
    return type(winner).model_validate(data)


# A required field's value in an empty base: equal to nothing either side has.
_UNSET: Final = object()
_EPOCH: Final = dt.datetime(1, 1, 1, tzinfo=dt.UTC)


def created_apart(mine: R, theirs: R) -> R | None:
    """The base for one record both sides created on their own (one day's
    check-in, whose id comes from its date): an empty record, so each side keeps
    the fields it filled in. None when both come from one creation."""
    if type(mine) is not type(theirs) or mine.created_at == theirs.created_at:
        return None
    model = type(mine)
    values: dict[str, Any] = {
        name: _UNSET
        if info.is_required()
        else info.get_default(call_default_factory=True)
        for name, info in model.model_fields.items()
        if name not in VERSION_FIELDS
    }
    empty = model.model_construct(
        id=mine.id, created_at=_EPOCH, updated_at=_EPOCH, deleted_at=None, **values
    )
    return cast("R", empty)


def merge_records(
    mine: Iterable[R],
    theirs: Iterable[R],
    bases: Mapping[uuid.UUID, Record],
    *,
    apart: bool = False,
) -> list[R]:
    """One record list merged by id (``bases``: id -> the version both came from).

    With ``apart``, ``bases`` is all ``mine`` started from: a record missing there
    that both sides hold, with two creation times, was created by each on its own.
    """
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
            if same_kind is None and apart:
                same_kind = created_apart(have, rec)
            out[rec.id] = merge_record(same_kind, have, rec)
    return list(out.values())


def merge(mine: Journal, theirs: Journal, base: Journal | None = None) -> Journal:
    """Merge two journals by record id; the newest ``updated_at`` wins.

    With ``base``, the journal ``mine`` was edited from, a record that both sides
    edited since is merged field by field instead (``merge_record``), so a window
    and the command line changing different fields of one day's check-in at the
    same moment both keep their change. A record missing from ``base`` that both
    created on their own (one day's check-in: its id comes from the date) is merged
    field by field from an empty record. Settings come from ``mine`` (the process
    that is saving owns its preferences).
    """
    bases: dict[uuid.UUID, Record] = {}
    if base is not None:
        for name in RECORD_LISTS:
            bases.update((r.id, r) for r in getattr(base, name))
    apart = base is not None
    return mine.model_copy(
        update={
            name: merge_records(
                getattr(mine, name), getattr(theirs, name), bases, apart=apart
            )
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
