"""Issue 17 edges: emergency lines, pain, face spread, first days, JSON fields."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from tests.domain.guidance.guidance_data import (
    TODAY,
    check,
    days_back,
    ep,
    flags_of,
    journal,
    load_content,
)
from twitchtrack.domain.guidance import self_check_flags

EMERGENCY = "call the emergency number"
URGENT_CARDS = {
    "weakness": {"weakness": True},
    "numbness": {"numbness": True},
    "speech_swallowing": {"speech_swallowing": True},
    "coordination": {"coordination": True},
    "eyelid_closing": {"eyelid_closing": True},
}


@pytest.mark.parametrize("flag", sorted(URGENT_CARDS))
def test_sudden_onset_cards_carry_the_emergency_line(flag: str) -> None:
    j = journal([ep(TODAY, "thumb_right", **URGENT_CARDS[flag])])
    item = flags_of(j)[flag]
    assert EMERGENCY in item.urgent
    assert "suddenly" in item.urgent
    assert item.urgent in item.texts()
    assert EMERGENCY not in item.action  # the calm GP note stays calm
    assert "NHS: Stroke" in item.source
    assert item.to_dict()["urgent"] == item.urgent


def test_face_cards_carry_the_emergency_line() -> None:
    tongue = flags_of(journal([ep(TODAY, "tongue")]))["tongue"]
    assert EMERGENCY in tongue.urgent
    spread = flags_of(
        journal([ep(TODAY - timedelta(days=3), "eyelid_upper_left"), ep(TODAY, "chin")])
    )["face_spread"]
    assert EMERGENCY in spread.urgent


def test_self_check_weakness_and_speech_carry_the_emergency_line() -> None:
    items = self_check_flags(
        [check(TODAY, weakness=True, speech_swallowing=True, falls=True)], TODAY
    )
    by_id = {i.id: i for i in items}
    assert EMERGENCY in by_id["self_check_weakness"].urgent
    assert EMERGENCY in by_id["self_check_speech_swallowing"].urgent
    assert by_id["self_check_falls"].urgent == ""


def test_calm_cards_have_no_emergency_line() -> None:
    j = journal([ep(TODAY, wasting=True), ep(TODAY, stiffness=True)])
    flags = flags_of(j)
    assert flags["wasting"].urgent == ""
    assert flags["stiffness"].urgent == ""
    assert flags["wasting"].to_dict()["urgent"] is None


@pytest.mark.parametrize(
    "topic_id",
    [
        "flag_weakness",
        "flag_numbness",
        "flag_speech_swallowing",
        "flag_coordination",
        "flag_eyelid_closing",
        "area_face",
    ],
)
def test_topic_notes_where_sudden_onset_matters_have_the_line(topic_id: str) -> None:
    topic = load_content().topic(topic_id)
    assert EMERGENCY in topic.urgent
    assert "NHS: Stroke" in topic.source


def test_pain_on_three_days_in_two_weeks_fires_two_days_do_not() -> None:
    three = [ep(TODAY - timedelta(days=k), pain=True) for k in (12, 6, 1)]
    item = flags_of(journal(three))["pain"]
    assert (
        item.detail
        == "You ticked pain with twitches on 3 days between 19 Mar and 30 Mar."
    )
    assert "3 or more days within 14 days" in item.threshold
    assert "pain" not in flags_of(journal(three[1:]))
    spread_out = [ep(TODAY - timedelta(days=k), pain=True) for k in (30, 15, 1)]
    assert "pain" not in flags_of(journal(spread_out))


def test_eyelid_then_face_fires_but_face_alone_or_same_day_does_not() -> None:
    eyelid = ep(TODAY - timedelta(days=5), "eyelid_lower_right")
    cheek = ep(TODAY - timedelta(days=2), "cheek_right")
    item = flags_of(journal([eyelid, cheek]))["face_spread"]
    assert item.detail == (
        "After eyelid twitches, you logged twitches in the right cheek from 29 Mar."
    )
    assert "face_spread" not in flags_of(journal([cheek]))
    same_day = ep(TODAY - timedelta(days=2), "eyelid_lower_right")
    assert "face_spread" not in flags_of(journal([same_day, cheek]))
    too_late = ep(TODAY - timedelta(days=40), "eyelid_lower_right")
    assert "face_spread" not in flags_of(journal([too_late, cheek]))
    tongue = ep(TODAY, "tongue")  # the tongue has its own rule
    assert "face_spread" not in flags_of(journal([eyelid, tongue]))


def test_first_day_taps_in_four_places_are_not_widespread() -> None:
    places = ["eyelid_lower_left", "calf_left", "calf_right", "forearm_front_right"]
    first_day = journal(ep(TODAY, p) for p in places)
    assert "widespread" not in flags_of(first_day)
    week_old = journal(
        [ep(TODAY - timedelta(days=7), "calf_left"), *(ep(TODAY, p) for p in places)]
    )
    item = flags_of(week_old)["widespread"]
    assert item.detail.startswith("Between 24 Mar and 31 Mar")
    assert "more than one place" in item.why
    six_days = journal(
        [ep(TODAY - timedelta(days=6), "calf_left"), *(ep(TODAY, p) for p in places)]
    )
    assert "widespread" not in flags_of(six_days)


def test_every_red_flag_carries_rule_source_and_threshold_in_json() -> None:
    j = journal(
        [
            *(ep(d) for d in days_back(20)),
            ep(TODAY, "tongue", weakness=True, pain=True),
            ep(TODAY - timedelta(days=1), pain=True),
            ep(TODAY - timedelta(days=2), pain=True),
        ]
    )
    items = list(flags_of(j).values())
    assert {i.id for i in items} >= {"persistent", "tongue", "weakness", "pain"}
    for item in items:
        data = json.loads(json.dumps(item.to_dict()))
        for key in ("rule", "source", "threshold"):
            assert isinstance(data[key], str), (item.id, key)
            assert data[key], (item.id, key)


def test_self_check_items_carry_rule_and_threshold() -> None:
    item = self_check_flags([check(TODAY, dexterity=True)], TODAY)[0]
    assert item.to_dict()["rule"]
    assert "skipped" in str(item.to_dict()["threshold"])


def test_every_symptom_flag_has_a_rule() -> None:
    from twitchtrack.domain.guidance.data import ONE_TICK_FLAGS
    from twitchtrack.domain.guidance.symptoms import SYMPTOM_RULES
    from twitchtrack.domain.models import SYMPTOM_FLAGS

    assert tuple(SYMPTOM_RULES) == ONE_TICK_FLAGS
    assert set(SYMPTOM_FLAGS) == {*ONE_TICK_FLAGS, "pain"}
