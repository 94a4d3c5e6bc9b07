"""Journal models: bounds on every number, round trips, and the merge rule."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from twitchtrack.domain.models import (
    DAY_FACTORS,
    DayLog,
    Episode,
    Journal,
    day_id,
    describe_validation_error,
    merge,
    merge_record,
    merge_stats,
)
from twitchtrack.domain.regions import REGIONS

T0 = datetime(2026, 3, 1, 9, 30, tzinfo=timezone(timedelta(hours=1)))

aware = st.datetimes(
    min_value=datetime(2000, 1, 1),
    max_value=datetime(2090, 1, 1),
    timezones=st.sampled_from(
        [UTC, timezone(timedelta(hours=-7)), timezone(timedelta(hours=5, minutes=30))]
    ),
)
text = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
tags = st.lists(
    st.text("abcxyz-é ", min_size=1, max_size=10).map(str.strip).filter(bool),
    max_size=3,
)


@st.composite
def episodes(draw: st.DrawFn) -> Episode:
    at = draw(aware)
    return Episode(
        id=draw(st.uuids()),
        at=at,
        region=draw(st.sampled_from([r.id for r in REGIONS])),
        intensity=draw(st.integers(1, 10)),
        duration_s=draw(st.none() | st.floats(0, 86_400)),
        kind=draw(st.sampled_from(["twitch", "flutter", "cramp", "spasm"])),
        pattern=draw(st.none() | st.sampled_from(["single", "burst", "continuous"])),
        at_rest=draw(st.none() | st.booleans()),
        seen=draw(st.none() | st.booleans()),
        weakness=draw(st.booleans()),
        numbness=draw(st.booleans()),
        note=draw(text),
        tags=draw(tags),
        created_at=at,
        updated_at=at,
        deleted_at=draw(st.none() | st.just(at)),
    )


@st.composite
def day_logs(draw: st.DrawFn) -> DayLog:
    day = draw(st.dates(date(2000, 1, 1), date(2090, 1, 1)))
    return DayLog.for_day(
        day,
        caffeine_mg=draw(st.none() | st.floats(0, 5000)),
        sleep_h=draw(st.none() | st.floats(0, 24)),
        sleep_quality=draw(st.none() | st.integers(1, 5)),
        water_ml=draw(st.none() | st.floats(0, 20_000)),
        stress=draw(st.none() | st.integers(0, 10)),
        medications=draw(tags),
        note=draw(text),
    )


journals = st.builds(
    Journal,
    episodes=st.lists(episodes(), max_size=5),
    days=st.lists(day_logs(), max_size=5, unique_by=lambda d: d.date),
)


@given(journals)
@settings(max_examples=150)
def test_journal_json_round_trip_is_exact(journal: Journal) -> None:
    again = Journal.model_validate_json(journal.model_dump_json())
    assert again == journal


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("intensity", 0),
        ("intensity", 11),
        ("duration_s", -1),
        ("duration_s", 90_000),
        ("duration_s", float("nan")),
        ("duration_s", float("inf")),
    ],
)
def test_episode_rejects_out_of_range_numbers(field: str, value: float) -> None:
    with pytest.raises(ValidationError) as info:
        Episode(at=T0, region="calf_left", **{field: value})
    assert describe_validation_error(info.value).startswith(f"{field}: ")


@pytest.mark.parametrize(
    ("field", "bad"),
    [
        ("caffeine_mg", -5),
        ("caffeine_mg", 5001),
        ("sleep_h", 25),
        ("sleep_quality", 0),
        ("sleep_quality", 6),
        ("water_ml", 20_001),
        ("stress", 11),
        ("stress", -1),
        ("exercise_min", 1441),
        ("alcohol_units", 101),
        ("magnesium_mg", 5001),
        ("sleep_h", float("nan")),
    ],
)
def test_day_log_rejects_out_of_range_numbers(field: str, bad: float) -> None:
    assert field in DAY_FACTORS
    with pytest.raises(ValidationError):
        DayLog.for_day(date(2026, 3, 1), **{field: bad})


def test_unknown_region_and_naive_time_and_extra_field_are_refused() -> None:
    with pytest.raises(ValidationError, match="unknown body region"):
        Episode(at=T0, region="elbow_middle")
    with pytest.raises(ValidationError):
        Episode(at=datetime(2026, 3, 1, 9, 30), region="calf_left")
    with pytest.raises(ValidationError):
        Episode.model_validate(
            {"at": T0.isoformat(), "region": "calf_left", "colour": "red"}
        )


def test_not_logged_is_not_zero() -> None:
    log = DayLog.for_day(date(2026, 3, 1), caffeine_mg=0)
    assert log.caffeine_mg == 0
    assert log.sleep_h is None
    data = json.loads(log.model_dump_json())
    assert data["sleep_h"] is None
    assert data["caffeine_mg"] == 0


def test_day_id_is_stable_per_date() -> None:
    d = date(2026, 3, 1)
    assert DayLog.for_day(d).id == DayLog.for_day(d).id == day_id(d)
    assert day_id(d) != day_id(d + timedelta(days=1))


def test_local_day_uses_the_offset_at_logging_time() -> None:
    late = datetime(2026, 3, 1, 23, 30, tzinfo=timezone(timedelta(hours=-5)))
    assert Episode(at=late, region="calf_left").local_day == date(2026, 3, 1)


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


def test_edited_moves_updated_at_forward_even_with_a_future_stamp() -> None:
    future = datetime.now(UTC) + timedelta(days=1)
    rec = _ep(updated_at=future)
    assert rec.edited(intensity=7).updated_at >= future
    assert rec.tombstoned().deleted


def test_merge_stats_counts_new_updated_and_same() -> None:
    a, b = _ep(updated_at=T0), _ep(updated_at=T0)
    base = Journal(episodes=[a, b])
    newer_b = b.model_copy(
        update={"intensity": 8, "updated_at": T0 + timedelta(hours=1)}
    )
    incoming = Journal(episodes=[a, newer_b, _ep(id=uuid.uuid4())])
    assert merge_stats(base, incoming) == (1, 1, 1)


def test_self_check_questions_match_the_guidance_wording() -> None:
    from twitchtrack.domain.guidance import SELF_CHECK_IDS
    from twitchtrack.domain.models import SELF_CHECK_QUESTIONS, SelfCheck

    assert SELF_CHECK_IDS == SELF_CHECK_QUESTIONS
    check = SelfCheck(date=date(2026, 3, 1), weakness=True, falls=False)
    assert check.answered_yes() == ["weakness"]


def test_self_checks_merge_like_other_records() -> None:
    from twitchtrack.domain.models import SelfCheck

    a = SelfCheck(date=date(2026, 3, 1), updated_at=T0)
    b = a.model_copy(update={"weakness": True, "updated_at": T0 + timedelta(hours=1)})
    merged = merge(Journal(self_checks=[a]), Journal(self_checks=[b]))
    assert merged.self_checks == [b]
    assert merge_stats(Journal(self_checks=[a]), Journal(self_checks=[b])) == (0, 1, 0)


def test_validation_messages_never_echo_long_text() -> None:
    note = "private health note " * 600
    with pytest.raises(ValidationError) as info:
        Episode(at=T0, region="calf_left", note=note)
    message = describe_validation_error(info.value)
    assert message.startswith("note: ")
    assert "private health note" not in message
    assert len(message) < 120


def test_text_with_bytes_that_are_not_utf8_gets_a_plain_message() -> None:
    # How a shell argument in another encoding reaches Python (surrogateescape).
    note = b"caf\xe9 late".decode("utf-8", "surrogateescape")
    with pytest.raises(ValidationError) as info:
        Episode(at=T0, region="calf_left", note=note)
    message = describe_validation_error(info.value)
    assert message == "note: is not valid text: it holds bytes that are not UTF-8"


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


def test_live_episodes_run_in_time_order_across_utc_offsets() -> None:
    tokyo, new_york = timezone(timedelta(hours=9)), timezone(timedelta(hours=-5))
    # 08:00 in Tokyo is the night before in New York: the wall clocks mislead.
    early = _ep(at=datetime(2026, 3, 2, 8, 0, tzinfo=tokyo))  # 23:00 UTC on 1 Mar
    late = _ep(at=datetime(2026, 3, 1, 19, 0, tzinfo=new_york))  # 00:00 UTC on 2 Mar
    same = _ep(at=datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    twin = _ep(at=datetime(2026, 3, 2, 4, 0, tzinfo=new_york))  # the same instant
    gone = _ep(at=datetime(2026, 3, 1, tzinfo=UTC), deleted_at=T0)
    journal = Journal(episodes=[same, late, gone, twin, early])
    assert [e.id for e in journal.live_episodes()] == [
        early.id,
        late.id,
        same.id,  # equal instants keep the file's order
        twin.id,
    ]
