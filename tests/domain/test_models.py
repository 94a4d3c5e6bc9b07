"""Journal models: bounds on every number, round trips, validation messages."""

from __future__ import annotations

import json
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
text = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)
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


def test_edited_moves_updated_at_forward_even_with_a_future_stamp() -> None:
    future = datetime.now(UTC) + timedelta(days=1)
    rec = _ep(updated_at=future)
    assert rec.edited(intensity=7).updated_at >= future
    assert rec.tombstoned().deleted


def test_self_check_questions_match_the_guidance_wording() -> None:
    from twitchtrack.domain.guidance import SELF_CHECK_IDS
    from twitchtrack.domain.models import SELF_CHECK_QUESTIONS, SelfCheck

    assert SELF_CHECK_IDS == SELF_CHECK_QUESTIONS
    check = SelfCheck(date=date(2026, 3, 1), weakness=True, falls=False)
    assert check.answered_yes() == ["weakness"]


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


def test_build_models_builds_every_record_model_and_what_they_hold() -> None:
    # Models are built on first use; a window builds them all at once, before its
    # threads start. A model left out of build_models would be built lazily on
    # whichever thread touched it first.
    from pydantic import BaseModel

    from twitchtrack.domain import experiment, models, sampling, timed

    models.build_models()
    modules = (models, experiment, sampling, timed)
    found = [
        value
        for module in modules
        for value in vars(module).values()
        if isinstance(value, type)
        and issubclass(value, BaseModel)
        and value.__module__ == module.__name__
    ]
    assert len(found) >= 10
    assert [m.__name__ for m in found if not m.__pydantic_complete__] == []
    # A builtin factory (``list``) costs its model's build a parse of the builtin's
    # text signature: every default factory is a plain function.
    builtin = [
        f"{m.__name__}.{name}"
        for m in found
        for name, info in m.model_fields.items()
        if isinstance(info.default_factory, type)
        and info.default_factory.__module__ == "builtins"
    ]
    assert builtin == []
