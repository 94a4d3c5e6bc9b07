"""The wording of rule sentences on short spans: a single day is "on 2 Dec"."""

from __future__ import annotations

from datetime import timedelta

from tests.domain.guidance.guidance_data import TODAY, ep, flags_of, journal


def test_four_places_on_one_day_says_on_that_day() -> None:
    places = ["eyelid_lower_left", "calf_left", "calf_right", "forearm_front_right"]
    # A journal with some history: on a very first day the rule stays quiet.
    earlier = ep(TODAY - timedelta(days=20), "calf_left")
    j = journal([earlier, *(ep(TODAY, place) for place in places)])
    item = flags_of(j)["widespread"]
    assert "Between" not in item.detail
    assert item.detail.startswith("On 31 Mar you logged twitches in 4 body areas")
