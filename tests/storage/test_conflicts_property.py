"""Two simulated computers edit one journal apart; merging their copies loses nothing.

From a shared journal, each side creates, edits, deletes and restores records in a
random interleaving (one clock for both, every written value new). Merging either
side's copy into the other must give the same records both ways and lose no
record and no field: a field only one side wrote keeps that side's last value, a
field both wrote takes the value of the side whose record is newer (one
``updated_at`` per record cannot order single fields), a field neither wrote
keeps the shared value, and deletions go by the newest-wins rule.

The same interleavings also run through the stores of two data folders (one per
computer): each receives the shared journal, saves its side, finds the other's
journal beside its own as a conflict copy, and merges it with the base it kept.
"""

from __future__ import annotations

import shutil
import tempfile
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from twitchtrack.domain.merge import VERSION_FIELDS
from twitchtrack.domain.models import DayLog, Episode, Journal, Record, day_id
from twitchtrack.storage.conflicts import ARCHIVE_DIR, merge_copy
from twitchtrack.storage.journal_store import JournalStore

T0 = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)
DATES = [date(2026, 11, 1) + timedelta(days=n) for n in range(5)]
SHARED_DATES = DATES[:2]
SHARED_EPISODES = 3
EPISODE_FIELDS = ("note", "duration_s", "tags", "at")
DAY_FIELDS = ("caffeine_mg", "sleep_h", "water_ml", "exercise_min", "note", "tags")
VERSION = VERSION_FIELDS
# Each computer's device id; the shared journal came from a third one.
DEVICES = {"A": "a" * 16, "B": "b" * 16}
SHARED_BY = "c" * 16


def _value(name: str, n: int, side: str) -> Any:
    """A value for field ``name`` that no other write uses (no A-B-A edits)."""
    if name in ("note",):
        return f"{side}{n}"
    if name == "tags":
        return [f"{side}{n}"]
    if name == "at":
        return T0 + timedelta(minutes=n)
    if name == "sleep_h":
        return n / 1000
    return float(n)


def _shared() -> Journal:
    eps = [
        Episode(
            id=uuid.UUID(int=n + 1),
            at=T0,
            region="calf_left",
            note=f"shared{n}",
            created_at=T0,
            updated_at=T0,
        )
        for n in range(SHARED_EPISODES)
    ]
    days = [
        DayLog.for_day(d, caffeine_mg=50.0, created_at=T0, updated_at=T0)
        for d in SHARED_DATES
    ]
    return Journal(episodes=eps, days=days)


@dataclass
class Side:
    name: str
    records: dict[uuid.UUID, Record]
    # id -> fields this side wrote since the shared journal
    wrote: dict[uuid.UUID, set[str]] = field(default_factory=dict)

    def journal(self) -> Journal:
        return Journal(
            episodes=[r for r in self.records.values() if isinstance(r, Episode)],
            days=[r for r in self.records.values() if isinstance(r, DayLog)],
        )


def _set(rec: Record, stamp: datetime, **changes: Any) -> Record:
    data = rec.model_dump()
    data.update(changes)
    data["updated_at"] = stamp
    return type(rec).model_validate(data)


def _on(side: Side, rec: Record, stamp: datetime, **changes: Any) -> Record:
    """A new version made on ``side``'s computer."""
    return _set(rec, stamp, device=DEVICES[side.name], **changes)


def _apply(side: Side, op: tuple[str, int, int], n: int) -> None:
    action, target, which = op
    at = T0 + timedelta(hours=1, seconds=n)
    ids = sorted(side.records)
    if action == "episode":
        rec: Record = Episode(
            id=uuid.uuid5(uuid.NAMESPACE_OID, f"{side.name}{n}"),
            at=at,
            region="calf_left",
            note=f"{side.name}{n}",
            created_at=at,
            updated_at=at,
            device=DEVICES[side.name],
        )
        side.records[rec.id] = rec
        side.wrote[rec.id] = {"at", "region", "note"}
        return
    if action == "day":
        day = DATES[target % len(DATES)]
        if day_id(day) not in side.records:
            name = DAY_FIELDS[which % len(DAY_FIELDS)]
            rec = DayLog.for_day(
                day,
                created_at=at,
                updated_at=at,
                device=DEVICES[side.name],
                **{name: _value(name, n, side.name)},
            )
            side.records[rec.id] = rec
            side.wrote[rec.id] = {"date", name}
            return
        action = "edit"
        target = ids.index(day_id(day))
    rec = side.records[ids[target % len(ids)]]
    if action == "edit" and not rec.deleted:
        names = EPISODE_FIELDS if isinstance(rec, Episode) else DAY_FIELDS
        name = names[which % len(names)]
        side.records[rec.id] = _on(side, rec, at, **{name: _value(name, n, side.name)})
        side.wrote.setdefault(rec.id, set()).add(name)
    elif action == "delete" and not rec.deleted:
        side.records[rec.id] = _on(side, rec, at, deleted_at=at)
    elif action == "restore" and rec.deleted:
        side.records[rec.id] = _on(side, rec, at, deleted_at=None)


OPS = st.lists(
    st.tuples(
        st.sampled_from("AB"),
        st.tuples(
            st.sampled_from(["episode", "day", "edit", "edit", "delete", "restore"]),
            st.integers(0, 20),
            st.integers(0, 20),
        ),
    ),
    max_size=40,
)


def _user_fields(rec: Record) -> list[str]:
    return [f for f in type(rec).model_fields if f not in VERSION]


def _check_record(
    rid: uuid.UUID, merged: Record, a: Side, b: Side, shared: dict[uuid.UUID, Record]
) -> None:
    mine, theirs = a.records.get(rid), b.records.get(rid)
    if mine is None or theirs is None:
        assert merged == (mine or theirs)
        return
    if mine == theirs:
        assert merged == mine
        return
    newer = mine if mine.updated_at > theirs.updated_at else theirs
    if mine.deleted or theirs.deleted:
        assert merged == newer  # deletions go by newest-wins
        return
    base = shared.get(rid)
    if base is not None and mine.updated_at == base.updated_at:
        assert merged == theirs
        return
    if base is not None and theirs.updated_at == base.updated_at:
        assert merged == mine
        return
    assert not merged.deleted
    wrote_a, wrote_b = a.wrote.get(rid, set()), b.wrote.get(rid, set())
    expected: dict[str, Any] = {}
    for name in _user_fields(merged):
        if name in wrote_a and name in wrote_b:
            expected[name] = getattr(newer, name)
        elif name in wrote_a:
            expected[name] = getattr(mine, name)
        elif name in wrote_b:
            expected[name] = getattr(theirs, name)
        elif base is not None:
            expected[name] = getattr(base, name)
        else:
            info = type(merged).model_fields[name]
            expected[name] = info.get_default(call_default_factory=True)
    assert {n: getattr(merged, n) for n in expected} == expected
    if expected == {n: getattr(newer, n) for n in expected}:
        assert merged == newer  # nothing to add: no new version
    else:
        assert merged.updated_at > newer.updated_at
        # A merged version names the computer of the version it grew from.
        assert merged.device == newer.device


def _records(journal: Journal) -> dict[uuid.UUID, Record]:
    return {r.id: r for r in (*journal.episodes, *journal.days)}


def test_merging_two_computers_copies_loses_no_record_and_no_field() -> None:
    seen: set[str] = set()

    @settings(
        max_examples=300,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(OPS)
    def check(ops: list[tuple[str, tuple[str, int, int]]]) -> None:
        seen.add(repr(ops))
        shared = _shared()
        base = _records(shared)
        sides = {s: Side(s, dict(base)) for s in "AB"}
        for n, (who, op) in enumerate(ops):
            _apply(sides[who], op, n)
        a, b = sides["A"], sides["B"]
        one_way = _records(merge_copy(a.journal(), b.journal(), [shared]))
        other_way = _records(merge_copy(b.journal(), a.journal(), [shared]))
        assert one_way == other_way
        assert set(one_way) == set(a.records) | set(b.records)
        for rid, merged in one_way.items():
            _check_record(rid, merged, a, b, base)
        # Without the shared version no record is lost either (whole records
        # then go by newest-wins), and both ways still agree.
        blind = _records(merge_copy(a.journal(), b.journal()))
        assert blind == _records(merge_copy(b.journal(), a.journal()))
        assert set(blind) == set(one_way)
        # Merging again changes nothing: a copy already merged is harmless.
        again = merge_copy(Journal(**_lists(one_way)), b.journal(), [shared])
        assert _records(again) == one_way

    check()
    assert len(seen) >= 100


def _lists(records: dict[uuid.UUID, Record]) -> dict[str, list[Record]]:
    return {
        "episodes": [r for r in records.values() if isinstance(r, Episode)],
        "days": [r for r in records.values() if isinstance(r, DayLog)],
    }


def _interleave(ops: list[tuple[str, tuple[str, int, int]]]) -> tuple[Side, Side]:
    base = _records(_shared())
    sides = {s: Side(s, dict(base)) for s in "AB"}
    for n, (who, op) in enumerate(ops):
        _apply(sides[who], op, n)
    return sides["A"], sides["B"]


def _computer(root: Path, name: str, side: Side) -> JournalStore:
    """A data folder that received the shared journal, then saved ``side``'s edits
    (read under the store's lock, so the shared one is kept as its base)."""
    folder = root / name
    JournalStore(folder, device=SHARED_BY).save(_shared())
    store = JournalStore(folder, device=DEVICES[name])
    store.load()
    store.update(lambda _: side.journal())
    return store


def test_through_the_stores_two_computers_copies_lose_nothing() -> None:
    seen: set[str] = set()

    @settings(
        max_examples=120,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(OPS, st.booleans())
    def check(ops: list[tuple[str, tuple[str, int, int]]], window: bool) -> None:
        seen.add(repr(ops))
        a, b = _interleave(ops)
        shared = _records(_shared())
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            laptop, desktop = _computer(root, "A", a), _computer(root, "B", b)
            # The sync tool: B's journal arrives beside A's as a conflict copy.
            copy = laptop.folder / "journal.sync-conflict-20261201-101500-BBBBBBB.json"
            shutil.copyfile(desktop.path, copy)
            if window:
                # The window's next save (of what it holds) merges it.
                laptop.save(a.journal(), base=a.journal())
            else:
                laptop.update(lambda j: j)  # a command line write
            merged = _records(JournalStore(laptop.folder).load())
            assert not copy.exists()
            assert len(list((laptop.folder / ARCHIVE_DIR).iterdir())) == 1
        assert set(merged) == set(a.records) | set(b.records)
        for rid, rec in merged.items():
            _check_record(rid, rec, a, b, shared)

    check()
    assert len(seen) >= 100
