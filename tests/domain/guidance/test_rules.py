"""Red-flag rules: each fires on its pattern and not on a near miss."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.domain.guidance.guidance_data import (
    TODAY,
    days_back,
    ep,
    flags_of,
    journal,
)
from twitchtrack.domain.guidance import (
    rules,
)
from twitchtrack.domain.models import DayLog


def test_thirty_days_of_calf_twitches_is_persistent() -> None:
    j = journal(ep(d) for d in days_back(29))
    item = flags_of(j)["persistent"]
    assert item.detail == (
        "From 2 Mar to 31 Mar you logged twitches on 30 of 30 days, with no "
        "twitch-free week between."
    )
    assert item.first_seen == date(2026, 3, 2)
    assert item.kind == "red_flag"


def test_seven_days_of_calf_twitches_is_not_persistent() -> None:
    assert "persistent" not in flags_of(journal(ep(d) for d in days_back(6)))


def test_two_weeks_exactly_is_not_persistent_but_fifteen_days_is() -> None:
    assert "persistent" not in flags_of(journal(ep(d) for d in days_back(13)))
    assert "persistent" in flags_of(journal(ep(d) for d in days_back(14)))


def test_five_days_over_fifteen_is_persistent_four_is_not() -> None:
    five = [0, 4, 7, 11, 14]  # day offsets: over 15 days, gaps of at most 4
    four = [0, 5, 10, 14]
    start = TODAY - timedelta(days=20)
    with_five = journal(ep(start + timedelta(days=k)) for k in five)
    with_four = journal(ep(start + timedelta(days=k)) for k in four)
    assert "persistent" in flags_of(with_five)
    assert "persistent" not in flags_of(with_four)


def test_every_other_day_for_six_weeks_is_persistent() -> None:
    j = journal(ep(d) for d in days_back(42) if d.toordinal() % 2 == 0)
    item = flags_of(j)["persistent"]
    assert item.first_seen is not None
    assert (TODAY - item.first_seen).days >= 41


def test_a_twitch_free_week_splits_the_stretch() -> None:
    # Two 10-day spells with 7 free days between: neither is over two weeks.
    first = list(days_back(30, 21))
    second = list(days_back(13, 4))
    assert "persistent" not in flags_of(journal(ep(d) for d in first + second))
    # Six free days between keep it one stretch.
    closer = list(days_back(14, 5))
    assert "persistent" in flags_of(journal(ep(d) for d in first + closer))


def test_an_earlier_stretch_still_counts_after_a_lone_twitch() -> None:
    j = journal([*(ep(d) for d in days_back(45, 20)), ep(TODAY)])
    item = flags_of(j)["persistent"]
    assert item.first_seen == TODAY - timedelta(days=45)


def test_a_stretch_that_ended_over_sixty_days_ago_is_not_persistent() -> None:
    old = journal(ep(d) for d in days_back(120, 61))
    assert "persistent" not in flags_of(old)
    recent = journal(ep(d) for d in days_back(120, 59))
    assert "persistent" in flags_of(recent)


def test_left_eyelid_only_is_not_widespread() -> None:
    j = journal(ep(d, "eyelid_lower_left") for d in days_back(40))
    assert "widespread" not in flags_of(j)


def test_both_eyes_and_cheeks_are_one_place() -> None:
    places = ["eyelid_lower_left", "eyelid_upper_right", "cheek_left", "tongue"]
    j = journal(ep(d, places[i % 4]) for i, d in enumerate(days_back(13)))
    assert "widespread" not in flags_of(j)


def test_four_places_within_two_weeks_is_widespread() -> None:
    j = journal(
        [
            ep(TODAY - timedelta(days=13), "eyelid_lower_left"),
            ep(TODAY - timedelta(days=9), "calf_left"),
            ep(TODAY - timedelta(days=5), "calf_right"),
            ep(TODAY - timedelta(days=1), "forearm_front_right"),
        ]
    )
    item = flags_of(j)["widespread"]
    assert item.detail == (
        "Between 18 Mar and 30 Mar you logged twitches in 4 body areas: head, "
        "right arm, left leg and right leg."
    )
    assert item.first_seen == TODAY - timedelta(days=13)


def test_four_places_spread_over_three_weeks_is_not_widespread() -> None:
    j = journal(
        [
            ep(TODAY - timedelta(days=20), "eyelid_lower_left"),
            ep(TODAY - timedelta(days=13), "calf_left"),
            ep(TODAY - timedelta(days=6), "calf_right"),
            ep(TODAY, "forearm_front_right"),
        ]
    )
    assert "widespread" not in flags_of(j)


def test_new_places_three_weeks_in_a_row_is_widespread() -> None:
    start = TODAY - timedelta(days=30)
    j = journal(
        [
            ep(start, "calf_left"),  # week 0: the baseline week does not count
            ep(start + timedelta(days=8), "calf_right"),  # week 1
            ep(start + timedelta(days=16), "hand_back_left"),  # week 2
            ep(start + timedelta(days=24), "upper_back_right"),  # week 3
        ]
    )
    item = flags_of(j)["widespread"]
    assert "New body areas were added in 3 weeks in a row" in item.detail
    assert "right leg from 9 Mar" in item.detail
    assert "Between" not in item.detail  # never 4 places within 14 days


def test_new_places_in_alternate_weeks_is_not_widespread() -> None:
    start = TODAY - timedelta(days=50)
    j = journal(
        [
            ep(start, "calf_left"),
            ep(start + timedelta(days=8), "calf_right"),  # week 1
            ep(start + timedelta(days=22), "hand_back_left"),  # week 3
            ep(start + timedelta(days=36), "upper_back_right"),  # week 5
        ]
    )
    assert "widespread" not in flags_of(j)


def test_weakness_detail_names_dates_and_region() -> None:
    j = journal(
        [
            ep(date(2026, 11, 3), weakness=True),
            ep(date(2026, 11, 9), weakness=True),
            ep(date(2026, 11, 5)),
        ]
    )
    item = flags_of(j, date(2026, 11, 20))["weakness"]
    assert item.title == "Weakness logged with twitches"
    assert item.detail == (
        "On 3 Nov and 9 Nov you ticked weakness with twitches in the left calf."
    )
    assert item.action.startswith("Weakness alongside twitching is worth showing")
    assert item.first_seen == date(2026, 11, 3)


@pytest.mark.parametrize(
    "flag",
    [
        "weakness",
        "numbness",
        "speech_swallowing",
        "wasting",
        "stiffness",
        "coordination",
        "eyelid_closing",
    ],
)
def test_each_symptom_flag_raises_its_red_flag(flag: str) -> None:
    j = journal([ep(TODAY - timedelta(days=3), "thumb_right", **{flag: True})])
    item = flags_of(j)[flag]
    assert "28 Mar" in item.detail
    assert "the right thumb" in item.detail


@pytest.mark.parametrize(
    "flag",
    [
        "weakness",
        "numbness",
        "speech_swallowing",
        "wasting",
        "stiffness",
        "coordination",
        "eyelid_closing",
    ],
)
def test_deleted_or_unflagged_episodes_raise_nothing(flag: str) -> None:
    flagged = ep(TODAY, "calf_left", **{flag: True}).tombstoned()
    j = journal([flagged, ep(TODAY, pain=True)])
    assert flags_of(j) == {}


def test_many_dates_are_shortened() -> None:
    j = journal(ep(d, numbness=True) for d in days_back(7, 1))
    detail = flags_of(j)["numbness"].detail
    assert detail.startswith("On 24 Mar, 25 Mar, 26 Mar, 27 Mar and 3 more days you")


def test_tongue_episode_is_a_red_flag_but_a_lip_is_not() -> None:
    tongue = journal([ep(TODAY - timedelta(days=2), "tongue"), ep(TODAY, "tongue")])
    item = flags_of(tongue)["tongue"]
    assert item.detail == (
        "You logged twitches in the tongue on 29 Mar and 31 Mar (2 episodes)."
    )
    assert "tongue" not in flags_of(journal([ep(TODAY, "lip_upper")]))


def check_ins(first: int, last: int = 0, meds_from: date | None = None) -> list[DayLog]:
    return [
        DayLog.for_day(
            d, medications=["Sertraline"] if meds_from and d >= meds_from else []
        )
        for d in days_back(first, last)
    ]


def test_new_medicine_before_twitching_began() -> None:
    started = TODAY - timedelta(days=20)
    j = journal(
        [ep(d) for d in days_back(13)],
        check_ins(40, meds_from=started),
    )
    item = flags_of(j)["medication"]
    assert item.detail == (
        "You first listed Sertraline on 11 Mar. Twitches were logged from 18 Mar, "
        "7 days later."
    )
    assert item.first_seen == started


def test_medicine_from_the_first_check_in_long_before_twitching_is_not_new() -> None:
    j = journal(
        [ep(d) for d in days_back(13)],
        check_ins(40, meds_from=TODAY - timedelta(days=40)),
    )
    assert "medication" not in flags_of(j)


def test_medicine_on_a_recent_first_check_in_can_be_recently_started() -> None:
    # Check-ins begin 20 days ago with the medicine; twitching began 7 days later.
    j = journal(
        [ep(d) for d in days_back(13)],
        check_ins(20, meds_from=TODAY - timedelta(days=20)),
    )
    item = flags_of(j)["medication"]
    assert item.detail.startswith(
        "You listed Sertraline in your first check-in, on 11 Mar; if you started "
        "it around then, this note is for you."
    )


def test_medicine_on_an_old_first_check_in_is_long_standing() -> None:
    # The first check-in is 90 days old: the medicine was there all along.
    days = check_ins(90, meds_from=TODAY - timedelta(days=90))
    assert "medication" not in flags_of(journal([ep(d) for d in days_back(13)], days))


def test_medicine_started_three_weeks_before_twitching_is_not_flagged() -> None:
    j = journal(
        [ep(d) for d in days_back(13)],
        check_ins(40, meds_from=TODAY - timedelta(days=35)),
    )
    assert "medication" not in flags_of(j)


def test_new_medicine_before_twitching_rose() -> None:
    base = [ep(d) for d in days_back(60)]  # one twitch a day: 7 a week
    surge_from = TODAY - timedelta(days=10)
    surge = [
        ep(surge_from + timedelta(days=k), hour=h)
        for k in range(7)
        for h in (8, 14, 20)
    ]
    j = journal([*base, *surge], check_ins(60, meds_from=TODAY - timedelta(days=15)))
    detail = flags_of(j)["medication"].detail
    assert detail == (
        "You first listed Sertraline on 16 Mar. From 21 Mar, 5 days later, you "
        "logged 28 twitches in 7 days, against about 7 a week in the 4 weeks before."
    )


def test_a_small_rise_after_a_new_medicine_is_not_flagged() -> None:
    base = [ep(d) for d in days_back(60)]
    bump = [ep(TODAY - timedelta(days=10 - k), hour=20) for k in range(4)]  # 7 -> 11
    j = journal([*base, *bump], check_ins(60, meds_from=TODAY - timedelta(days=15)))
    assert "medication" not in flags_of(j)


def test_future_episodes_are_ignored() -> None:
    assert flags_of(journal([ep(TODAY + timedelta(days=2), "tongue")])) == {}


def _all_stretches_reference(
    ends: list[date], span: timedelta, qualifies: set[date]
) -> list[tuple[date, date]]:
    """Every qualifying window merged, the plain way (what the rules used to do)."""
    stretches: list[tuple[date, date]] = []
    for start, end in sorted((e - span, e) for e in ends if e in qualifies):
        if stretches and start <= stretches[-1][1]:
            stretches[-1] = (stretches[-1][0], max(end, stretches[-1][1]))
        else:
            stretches.append((start, end))
    return stretches


@settings(max_examples=300, deadline=None)
@given(
    offsets=st.sets(st.integers(0, 120), max_size=60),
    chosen=st.sets(st.integers(0, 120)),
    span_days=st.integers(0, 20),
    horizon_at=st.integers(0, 130),
)
def test_the_latest_stretch_matches_merging_every_window(
    offsets: set[int], chosen: set[int], span_days: int, horizon_at: int
) -> None:
    origin = date(2026, 1, 1)
    ends = sorted(origin + timedelta(days=o) for o in offsets)
    qualifies = {origin + timedelta(days=o) for o in chosen}
    span = timedelta(days=span_days)
    horizon = origin + timedelta(days=horizon_at)
    stretches = _all_stretches_reference(ends, span, qualifies)
    expected = stretches[-1] if stretches and stretches[-1][1] >= horizon else None
    got = rules._latest_stretch(ends, span, qualifies.__contains__, horizon)
    assert got == expected
