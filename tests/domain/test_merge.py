"""The merge rule: by id, newest wins, tombstones, field by field against a base."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from twitchtrack.domain.merge import (
    RECORD_LISTS,
    merge,
    merge_record,
    merge_records,
    merge_stats,
    newer,
    wins,
)
from twitchtrack.domain.models import DayLog, Episode, Journal, Record, SelfCheck

T0 = datetime(2026, 3, 1, 9, 30, tzinfo=timezone(timedelta(hours=1)))


def _ep(**kw: object) -> Episode:
    return Episode.model_validate({"at": T0, "region": "calf_left", **kw})


def test_merge_keeps_both_sides_and_newest_edit_wins() -> None:
    shared = _ep(created_at=T0, updated_at=T0)
    mine = Journal(episodes=[shared, _ep()])
    edited = shared.model_copy(
        update={"intensity": 9, "updated_at": T0 + timedelta(minutes=1)}
    )
    theirs = Journal(episodes=[edited, _ep()])
    merged = merge(mine, theirs)
    assert len(merged.episodes) == 3
    assert {e.id: e for e in merged.episodes}[shared.id].intensity == 9
    # merging is symmetric in records
    assert {e.id: e for e in merge(theirs, mine).episodes} == {
        e.id: e for e in merged.episodes
    }


def test_tombstone_wins_over_older_edit_and_on_ties() -> None:
    rec = _ep(created_at=T0, updated_at=T0)
    edit = rec.model_copy(update={"note": "x", "updated_at": T0 + timedelta(seconds=1)})
    gone = rec.model_copy(
        update={
            "deleted_at": T0 + timedelta(seconds=2),
            "updated_at": T0 + timedelta(seconds=2),
        }
    )
    assert merge(Journal(episodes=[edit]), Journal(episodes=[gone])).episodes[0].deleted
    tie = rec.model_copy(update={"deleted_at": T0, "updated_at": T0})
    assert merge(Journal(episodes=[rec]), Journal(episodes=[tie])).episodes[0].deleted
    assert merge(Journal(episodes=[tie]), Journal(episodes=[rec])).episodes[0].deleted


def test_merge_stats_counts_new_updated_and_same() -> None:
    a, b = _ep(updated_at=T0), _ep(updated_at=T0)
    base = Journal(episodes=[a, b])
    newer_b = b.model_copy(
        update={"intensity": 8, "updated_at": T0 + timedelta(hours=1)}
    )
    incoming = Journal(episodes=[a, newer_b, _ep(id=uuid.uuid4())])
    assert merge_stats(base, incoming) == (1, 1, 1)


def test_self_checks_merge_like_other_records() -> None:
    a = SelfCheck(date=date(2026, 3, 1), updated_at=T0)
    b = a.model_copy(update={"weakness": True, "updated_at": T0 + timedelta(hours=1)})
    merged = merge(Journal(self_checks=[a]), Journal(self_checks=[b]))
    assert merged.self_checks == [b]
    assert merge_stats(Journal(self_checks=[a]), Journal(self_checks=[b])) == (0, 1, 0)


# --------------------------------------------------------------- three-way merge


def _day(**values: object) -> DayLog:
    return DayLog.for_day(date(2026, 3, 1), created_at=T0, updated_at=T0, **values)


def _at(rec: DayLog, seconds: int, **changes: object) -> DayLog:
    return rec.model_copy(
        update={**changes, "updated_at": T0 + timedelta(seconds=seconds)}
    )


def test_edits_of_different_fields_since_a_shared_version_both_survive() -> None:
    base = _day(caffeine_mg=100.0, tags=["work"])
    window = _at(base, 5, caffeine_mg=250.0)  # the window's edit
    command_line = _at(base, 3, sleep_h=6.5, tags=["work", "travel"])
    merged = merge_record(base, window, command_line)
    assert merged.caffeine_mg == 250.0
    assert merged.sleep_h == 6.5
    assert merged.tags == ["work", "travel"]
    # Stamped after both, so it wins against either later on.
    assert merged.updated_at > window.updated_at
    assert merge_record(None, merged, window) is merged
    assert merge_record(None, command_line, merged) is merged
    # The same from the other side.
    assert merge_record(base, command_line, window) == merged


def test_a_field_both_sides_changed_takes_the_newer_value() -> None:
    base = _day(caffeine_mg=100.0, water_ml=1000.0)
    older = _at(base, 2, caffeine_mg=150.0)
    newer = _at(base, 9, caffeine_mg=300.0, water_ml=1500.0)
    merged = merge_record(base, older, newer)
    assert merged.caffeine_mg == 300.0
    assert merged.water_ml == 1500.0


def test_without_a_shared_edit_the_newest_version_wins_whole() -> None:
    base = _day(caffeine_mg=100.0)
    only_theirs = _at(base, 4, sleep_h=7.0)
    assert merge_record(base, base, only_theirs) is only_theirs
    assert merge_record(None, _at(base, 1, water_ml=2.0), only_theirs) is only_theirs
    # A stale copy (older than the version we edited from) never brings old
    # values back, even for fields we did not touch.
    stale = base.model_copy(
        update={"caffeine_mg": 5.0, "updated_at": T0 - timedelta(days=1)}
    )
    mine = _at(base, 6, sleep_h=8.0)
    assert merge_record(base, mine, stale) is mine


def test_a_deletion_is_never_merged_field_by_field() -> None:
    base = _day(caffeine_mg=100.0)
    gone = _at(base, 3, deleted_at=T0 + timedelta(seconds=3))
    edit = _at(base, 5, sleep_h=6.0)
    assert merge_record(base, edit, gone) is edit  # newer edit wins, as before
    late_delete = _at(base, 9, deleted_at=T0 + timedelta(seconds=9))
    assert merge_record(base, edit, late_delete) is late_delete


def test_merge_with_a_base_reconciles_only_records_both_sides_edited() -> None:
    day = _day(caffeine_mg=100.0)
    episode = _ep(created_at=T0, updated_at=T0)
    base = Journal(episodes=[episode], days=[day])
    mine = Journal(episodes=[episode], days=[_at(day, 5, caffeine_mg=250.0)])
    theirs = Journal(
        episodes=[
            episode.model_copy(
                update={"intensity": 8, "updated_at": T0 + timedelta(seconds=1)}
            )
        ],
        days=[_at(day, 3, sleep_h=6.5)],
    )
    merged = merge(mine, theirs, base)
    assert merged.days[0].caffeine_mg == 250.0
    assert merged.days[0].sleep_h == 6.5
    assert merged.episodes[0].intensity == 8
    # Without the base it is the old rule: the newer check-in wins whole.
    assert merge(mine, theirs).days[0].sleep_h is None


_FIELD_VALUES = {
    "caffeine_mg": st.sampled_from([0.0, 95.0, 400.0]),
    "sleep_h": st.sampled_from([5.0, 7.5]),
    "water_ml": st.sampled_from([500.0, 2000.0]),
    "stress": st.integers(0, 10),
    "tags": st.sampled_from([[], ["a"], ["a", "b"]]),
    "note": st.sampled_from(["", "tired", "fine"]),
}


@settings(max_examples=200, deadline=None)
@given(
    data=st.data(),
    fields=st.lists(st.sampled_from(sorted(_FIELD_VALUES)), min_size=2, unique=True),
)
def test_disjoint_edits_always_combine(data: st.DataObject, fields: list[str]) -> None:
    split = data.draw(st.integers(1, len(fields) - 1))
    base = _day()
    mine_changes = {f: data.draw(_FIELD_VALUES[f]) for f in fields[:split]}
    their_changes = {f: data.draw(_FIELD_VALUES[f]) for f in fields[split:]}
    mine = _at(base, data.draw(st.integers(1, 100)), **mine_changes)
    theirs = _at(base, data.draw(st.integers(1, 100)), **their_changes)
    merged = merge_record(base, mine, theirs)
    for name, value in {**mine_changes, **their_changes}.items():
        assert getattr(merged, name) == value
    assert merged == merge_record(base, theirs, mine)


# --------------------------------------------------------------- one rule, two forms


def test_record_lists_are_every_journal_list_of_records_in_field_order() -> None:
    assert RECORD_LISTS == (
        "episodes",
        "days",
        "self_checks",
        "intakes",
        "sleeps",
        "samples",
        "experiments",
    )
    for name in RECORD_LISTS:
        assert getattr(Journal(), name) == []


def test_wins_never_counts_a_record_against_itself_or_an_equal_copy() -> None:
    rec = _ep(created_at=T0, updated_at=T0)
    assert not wins(rec, rec)
    assert not wins(rec, rec.model_copy())
    assert newer(rec, rec.model_copy()) is rec  # a tie keeps the first


def test_wins_follows_the_stamp_then_the_tombstone_then_a_fixed_order() -> None:
    rec = _ep(created_at=T0, updated_at=T0)
    later = rec.model_copy(update={"note": "a", "updated_at": T0 + timedelta(1)})
    tie = rec.model_copy(update={"deleted_at": T0})
    other = rec.model_copy(update={"intensity": 9})
    assert wins(later, rec)
    assert not wins(rec, later)
    assert wins(tie, rec)
    assert not wins(rec, tie)
    assert wins(other, rec) != wins(rec, other)


@settings(max_examples=200, deadline=None)
@given(
    seconds=st.lists(st.integers(0, 2), min_size=2, max_size=2),
    deleted=st.lists(st.booleans(), min_size=2, max_size=2),
    intensity=st.lists(st.integers(1, 3), min_size=2, max_size=2),
)
def test_wins_is_exactly_newer_picking_a_different_version(
    seconds: list[int], deleted: list[bool], intensity: list[int]
) -> None:
    rec = _ep(created_at=T0, updated_at=T0)
    a, b = (
        rec.model_copy(
            update={
                "updated_at": T0 + timedelta(seconds=s),
                "deleted_at": T0 if gone else None,
                "intensity": level,
            }
        )
        for s, gone, level in zip(seconds, deleted, intensity, strict=True)
    )
    assert wins(a, b) == (newer(b, a) is a and a != b)
    assert not (wins(a, b) and wins(b, a))


def test_merge_records_takes_the_newest_of_duplicates_on_either_side() -> None:
    rec = _ep(created_at=T0, updated_at=T0)
    edit = rec.model_copy(update={"intensity": 8, "updated_at": T0 + timedelta(1)})
    extra = _ep()
    bases: dict[uuid.UUID, Record] = {}
    merged = merge_records([edit, rec], [rec, extra], bases)
    assert merged == [edit, extra]
    assert merge_records([rec], [edit], bases) == [edit]
