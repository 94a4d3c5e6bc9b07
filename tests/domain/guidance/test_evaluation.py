"""Evaluating a journal: dismissals that never nag, the JSON contract, and any
journal giving sourced, calm items."""

from __future__ import annotations

import json
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.domain.guidance.guidance_data import (
    CAUSAL,
    DIAGNOSTIC,
    TODAY,
    days_back,
    ep,
    flags_of,
    ids,
    journal,
    logs,
    tips_of,
)
from twitchtrack.domain.guidance import (
    dismiss,
    evaluate,
    restore,
    source_problem,
)
from twitchtrack.domain.models import DayLog, Journal
from twitchtrack.domain.regions import REGIONS


def test_dismissed_flag_stays_hidden_until_new_data() -> None:
    j = journal([ep(TODAY - timedelta(days=5), weakness=True)])
    item = flags_of(j)["weakness"]
    quiet = dismiss(j, item)
    assert quiet.settings.dismissed_guidance == {"weakness": item.fingerprint}
    assert j.settings.dismissed_guidance == {}  # the original is untouched
    report = evaluate(quiet, TODAY)
    assert report.red_flags == []
    assert ids(report.hidden) == {"weakness"}
    # The same data a day later: still hidden.
    assert evaluate(quiet, TODAY + timedelta(days=1)).red_flags == []
    # A new episode with weakness is a material change: the flag returns.
    more = quiet.with_records([ep(TODAY, "calf_right", weakness=True)])
    assert ids(evaluate(more, TODAY).red_flags) == {"weakness"}


def test_dismissed_persistent_flag_does_not_return_as_the_stretch_goes_on() -> None:
    j = journal(ep(d) for d in days_back(29, 1))
    quiet = dismiss(j, flags_of(j, TODAY - timedelta(days=1))["persistent"])
    later = quiet.with_records([ep(TODAY)])
    assert "persistent" not in flags_of(later)
    # A new stretch after a three-week break is new information.
    gap = TODAY + timedelta(days=21)
    fresh = later.with_records([ep(gap + timedelta(days=k)) for k in range(20)])
    assert "persistent" in flags_of(fresh, gap + timedelta(days=19))


def test_dismissed_tip_returns_only_when_it_gets_worse() -> None:
    j = journal(days=logs("caffeine_mg", [450] * 10))
    quiet = dismiss(j, tips_of(j)["caffeine_high"])
    wobble = quiet.with_records(days=logs("caffeine_mg", [480] * 10))
    assert "caffeine_high" not in tips_of(wobble)
    worse = quiet.with_records(days=logs("caffeine_mg", [650] * 10))
    assert "caffeine_high" in tips_of(worse)


def test_explicit_dismissed_mapping_and_restore() -> None:
    j = journal([ep(TODAY, "tongue")])
    item = flags_of(j)["tongue"]
    assert evaluate(j, TODAY, {"tongue": item.fingerprint}).red_flags == []
    assert evaluate(j, TODAY, {"tongue": "something else"}).red_flags == [item]
    back = restore(dismiss(j, item), "tongue")
    assert ids(evaluate(back, TODAY).red_flags) == {"tongue"}
    assert restore(dismiss(j, item)).settings.dismissed_guidance == {}


def test_dismissed_settings_survive_a_round_trip() -> None:
    j = journal([ep(TODAY, "tongue")])
    quiet = dismiss(j, flags_of(j)["tongue"])
    again = Journal.model_validate_json(quiet.model_dump_json())
    assert evaluate(again, TODAY).red_flags == []


def test_json_contract() -> None:
    j = journal(
        [ep(TODAY, "tongue"), ep(TODAY, weakness=True)],
        logs("sleep_h", [5.0] * 6),
    )
    data = json.loads(evaluate(j, TODAY).to_json())
    assert set(data) == {"red_flags", "tips"}
    for flag in data["red_flags"]:
        assert {"id", "title", "detail", "first_seen", "source"} <= set(flag)
        date.fromisoformat(flag["first_seen"])
    assert [t["id"] for t in data["tips"]] == ["sleep_short"]
    assert {"id", "title", "detail", "source"} <= set(data["tips"][0])


def test_empty_journal_has_nothing_to_say() -> None:
    report = evaluate(Journal(), TODAY)
    assert (report.red_flags, report.tips, report.hidden) == ([], [], [])


REGION_IDS = [r.id for r in REGIONS]


@st.composite
def random_journals(draw: st.DrawFn) -> Journal:
    n = draw(st.integers(0, 60))
    eps = [
        ep(
            TODAY - timedelta(days=draw(st.integers(-3, 120))),
            draw(st.sampled_from(REGION_IDS)),
            hour=draw(st.integers(0, 23)),
            **{f: draw(st.booleans()) for f in ("weakness", "numbness", "wasting")},
        )
        for _ in range(n)
    ]
    backs = draw(st.sets(st.integers(0, 90), max_size=40))
    days = [
        DayLog.for_day(
            TODAY - timedelta(days=b),
            caffeine_mg=draw(st.none() | st.floats(0, 1500)),
            sleep_h=draw(st.none() | st.floats(0, 14)),
            water_ml=draw(st.none() | st.floats(0, 5000)),
            stress=draw(st.none() | st.integers(0, 10)),
            medications=draw(st.lists(st.sampled_from(["A", "b", "B"]), max_size=2)),
        )
        for b in sorted(backs)
    ]
    return journal(eps, days)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_journals())
def test_any_journal_evaluates_to_sourced_calm_items(j: Journal) -> None:
    report = evaluate(j, TODAY)
    for item in report.items:
        assert source_problem(item.source) is None
        for text in item.texts():
            assert text
            assert not CAUSAL.search(text)
            assert not DIAGNOSTIC.search(text)
    json.loads(report.to_json())
    # Dismissing everything hides everything; nothing reappears on the same data.
    quiet = j
    for item in report.items:
        quiet = dismiss(quiet, item)
    assert evaluate(quiet, TODAY).items == []
