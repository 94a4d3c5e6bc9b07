"""Guidance rules and content: each rule fires on its pattern and not on a near miss."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from twitchtrack.domain import guidance
from twitchtrack.domain.guidance import (
    ARTICLE_RE,
    SELF_CHECK,
    GuidanceContent,
    GuidanceContentError,
    GuidanceItem,
    SelfCheck,
    dismiss,
    evaluate,
    format_day,
    parse_content,
    parse_section,
    restore,
    rules_topic,
    self_check_flags,
    source_parts,
    source_problem,
)
from twitchtrack.domain.models import SYMPTOM_FLAGS, DayLog, Episode, Journal
from twitchtrack.domain.regions import GROUPS, REGIONS

ROOT = Path(__file__).resolve().parents[2]
CONTENT_DIR = ROOT / "resources" / "guidance"
SOURCES_DIR = ROOT.parent / "shared" / "sources"
SHINGLES = Path(__file__).with_name("guidance_source_shingles.txt")
TZ = timezone(timedelta(hours=1))
TODAY = date(2026, 3, 31)


# --------------------------------------------------------------------------- helpers


def ep(day: date, where: str = "calf_left", hour: int = 12, **flags: bool) -> Episode:
    return Episode(
        at=datetime(day.year, day.month, day.day, hour, tzinfo=TZ),
        region=where,
        **flags,
    )


def days_back(first: int, last: int = 0) -> Iterator[date]:
    """TODAY - first .. TODAY - last, oldest first."""
    for back in range(first, last - 1, -1):
        yield TODAY - timedelta(days=back)


def journal(episodes: Iterable[Episode] = (), days: Iterable[DayLog] = ()) -> Journal:
    return Journal(episodes=list(episodes), days=list(days))


def ids(items: Iterable[GuidanceItem]) -> set[str]:
    return {i.id for i in items}


def flags_of(j: Journal, today: date = TODAY) -> dict[str, GuidanceItem]:
    return {i.id: i for i in evaluate(j, today).red_flags}


def tips_of(j: Journal, today: date = TODAY) -> dict[str, GuidanceItem]:
    return {i.id: i for i in evaluate(j, today).tips}


def load_content() -> GuidanceContent:
    return parse_content(
        {p.name: p.read_text("utf-8") for p in CONTENT_DIR.glob("*.json")}
    )


# --------------------------------------------------------------------------- persistent


def test_thirty_days_of_calf_twitches_is_persistent() -> None:
    j = journal(ep(d) for d in days_back(29))
    item = flags_of(j)["persistent"]
    assert item.detail == "From 2 Mar to 31 Mar you logged twitches on 30 of 30 days."
    assert item.first_seen == date(2026, 3, 2)
    assert item.kind == "red_flag"


def test_seven_days_of_calf_twitches_is_not_persistent() -> None:
    assert "persistent" not in flags_of(journal(ep(d) for d in days_back(6)))


def test_two_weeks_exactly_is_not_persistent_but_fifteen_days_is() -> None:
    assert "persistent" not in flags_of(journal(ep(d) for d in days_back(13)))
    assert "persistent" in flags_of(journal(ep(d) for d in days_back(14)))


def test_nine_of_fifteen_days_is_persistent_eight_is_not() -> None:
    nine = [0, 2, 4, 6, 8, 10, 12, 13, 14]  # day offsets inside a 15-day window
    eight = [0, 2, 4, 6, 8, 10, 12, 14]
    start = TODAY - timedelta(days=20)
    with_nine = journal(ep(start + timedelta(days=k)) for k in nine)
    with_eight = journal(ep(start + timedelta(days=k)) for k in eight)
    assert "persistent" in flags_of(with_nine)
    assert "persistent" not in flags_of(with_eight)


def test_every_other_day_for_six_weeks_is_not_persistent() -> None:
    j = journal(ep(d) for d in days_back(42) if d.toordinal() % 2 == 0)
    assert "persistent" not in flags_of(j)


def test_a_stretch_that_ended_over_sixty_days_ago_is_not_persistent() -> None:
    old = journal(ep(d) for d in days_back(120, 61))
    assert "persistent" not in flags_of(old)
    recent = journal(ep(d) for d in days_back(120, 59))
    assert "persistent" in flags_of(recent)


# --------------------------------------------------------------------------- widespread


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


# --------------------------------------------------------------------------- symptoms


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
    "flag", ["weakness", "numbness", "speech_swallowing", "wasting"]
)
def test_each_symptom_flag_raises_its_red_flag(flag: str) -> None:
    j = journal([ep(TODAY - timedelta(days=3), "thumb_right", **{flag: True})])
    item = flags_of(j)[flag]
    assert "28 Mar" in item.detail
    assert "the right thumb" in item.detail


@pytest.mark.parametrize(
    "flag", ["weakness", "numbness", "speech_swallowing", "wasting"]
)
def test_deleted_or_unflagged_episodes_raise_nothing(flag: str) -> None:
    flagged = ep(TODAY, **{flag: True}).tombstoned()
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


# --------------------------------------------------------------------------- medication


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


def test_medicine_listed_from_the_first_check_in_is_not_new() -> None:
    j = journal(
        [ep(d) for d in days_back(13)],
        check_ins(40, meds_from=TODAY - timedelta(days=40)),
    )
    assert "medication" not in flags_of(j)


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


# --------------------------------------------------------------------------- tips


def logs(field: str, values: Iterable[float], end_back: int = 0) -> list[DayLog]:
    values = list(values)
    first = end_back + len(values) - 1
    return [
        DayLog.for_day(d, **{field: v})
        for d, v in zip(days_back(first, end_back), values, strict=True)
    ]


def test_caffeine_above_400_on_average() -> None:
    item = tips_of(journal(days=logs("caffeine_mg", [450] * 10)))["caffeine_high"]
    assert item.kind == "tip"
    assert item.detail.startswith(
        "In the last 30 days you logged caffeine on 10 days: 450 mg a day on average, "
        "and over 400 mg on 10 days."
    )
    assert "Trends view" in item.detail


def test_caffeine_over_400_on_a_third_of_days() -> None:
    often = [500, 500, 500, 500, 250, 250, 250, 250, 250, 250]  # avg 350, 4 of 10 over
    assert "caffeine_high" in tips_of(journal(days=logs("caffeine_mg", often)))
    rarely = [500, 500, 300, 300, 300, 300, 300, 300, 300, 300]  # 2 of 10 over
    assert "caffeine_high" not in tips_of(journal(days=logs("caffeine_mg", rarely)))
    third = [450, 450, 450, 300, 300, 300, 300, 300, 300]  # exactly 3 of 9
    assert "caffeine_high" in tips_of(journal(days=logs("caffeine_mg", third)))
    under = [450, 450, 450, 300, 300, 300, 300, 300, 300, 300]  # 3 of 10
    assert "caffeine_high" not in tips_of(journal(days=logs("caffeine_mg", under)))


def test_tips_need_five_logged_days_in_the_last_thirty() -> None:
    assert tips_of(journal(days=logs("caffeine_mg", [900] * 4))) == {}
    old = logs("caffeine_mg", [900] * 10, end_back=30)
    assert tips_of(journal(days=old)) == {}


@pytest.mark.parametrize(
    ("field", "tip", "hit", "miss", "numbers"),
    [
        ("sleep_h", "sleep_short", 6.5, 7.0, "6.5 hours on average"),
        ("water_ml", "hydration_low", 1400, 1500, "1,400 ml a day on average"),
        ("stress", "stress_high", 7, 6, "7.0 out of 10 on average"),
    ],
)
def test_each_tip_fires_past_its_threshold_only(
    field: str, tip: str, hit: float, miss: float, numbers: str
) -> None:
    item = tips_of(journal(days=logs(field, [hit] * 8)))[tip]
    assert numbers in item.detail
    assert "on 8 days" in item.detail or "for 8 nights" in item.detail
    assert "Trends view" in item.detail
    assert tip not in tips_of(journal(days=logs(field, [miss] * 8)))


# --------------------------------------------------------------------------- dismissing


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


# --------------------------------------------------------------------------- report


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


def test_future_episodes_are_ignored() -> None:
    assert flags_of(journal([ep(TODAY + timedelta(days=2), "tongue")])) == {}


def test_format_day_adds_the_year_only_when_needed() -> None:
    assert format_day(date(2026, 1, 9), TODAY) == "9 Jan"
    assert format_day(date(2025, 12, 30), TODAY) == "30 Dec 2025"


# --------------------------------------------------------------------------- self-check


def check(day: date, **answers: bool) -> SelfCheck:
    return SelfCheck(date=day, **answers)


def test_self_check_yes_becomes_a_red_flag_and_no_does_not() -> None:
    items = self_check_flags([check(TODAY, weakness=True, falls=False)], TODAY)
    assert [i.id for i in items] == ["self_check_weakness"]
    assert items[0].detail.startswith("In your self-check of 31 Mar you answered yes")
    assert self_check_flags([check(TODAY, weakness=False)], TODAY) == []


def test_old_self_check_raises_nothing() -> None:
    assert (
        self_check_flags([check(TODAY - timedelta(days=29), falls=True)], TODAY) == []
    )


def test_repeated_yes_keeps_its_fingerprint_and_a_new_yes_changes_it() -> None:
    week = timedelta(days=7)
    first = self_check_flags([check(TODAY - week, dexterity=True)], TODAY - week)[0]
    again = self_check_flags(
        [check(TODAY - week, dexterity=True), check(TODAY, dexterity=True)], TODAY
    )[0]
    assert again.fingerprint == first.fingerprint
    assert "since 24 Mar" in again.detail
    renewed = self_check_flags(
        [
            check(TODAY - 2 * week, dexterity=True),
            check(TODAY - week, dexterity=False),
            check(TODAY, dexterity=True),
        ],
        TODAY,
    )[0]
    assert renewed.fingerprint != first.fingerprint


def test_evaluate_includes_self_check_flags() -> None:
    report = evaluate(Journal(), TODAY, self_checks=[check(TODAY, wasting=True)])
    assert ids(report.red_flags) == {"self_check_wasting"}


def test_self_check_questions_cover_the_issue() -> None:
    assert [q.id for q in SELF_CHECK] == [
        "weakness",
        "wasting",
        "speech_swallowing",
        "falls",
        "dexterity",
    ]


# --------------------------------------------------------------------------- content


def test_every_region_has_an_area_note_and_every_flag_a_doctor_note() -> None:
    content = load_content()
    for r in REGIONS:
        topic = content.for_region(r.id)
        assert topic is not None, r.id
        assert r.group in topic.groups
    assert {t.section for t in content.topics} >= {
        "about",
        "contributors",
        "areas",
        "lifestyle",
        "doctor",
        "see_doctor",
        "flags",
    }
    for flag in SYMPTOM_FLAGS:
        assert content.for_flag(flag) is not None
    assert content.for_region("not_a_region") is None


def test_search_matches_all_words() -> None:
    content = load_content()
    assert [t.id for t in content.search("EMG")] == ["doctor_nerve_tests"]
    assert "steps_caffeine" in {t.id for t in content.search("coffee 400")}
    assert content.search("zebra") == []
    assert len(content.search("  ")) == len(content.topics)


def test_bad_content_gives_a_clear_message() -> None:
    with pytest.raises(GuidanceContentError, match=r"^broken\.json: "):
        parse_section("{not json", "broken.json")
    good = (CONTENT_DIR / "doctor.json").read_text("utf-8")
    with pytest.raises(GuidanceContentError, match=r"unknown source 'Dr Google'"):
        parse_section(
            good.replace("NHS: Overactive thyroid", "Dr Google"), "doctor.json"
        )
    files = {p.name: p.read_text("utf-8") for p in CONTENT_DIR.glob("*.json")}
    with pytest.raises(GuidanceContentError, match="appears twice"):
        parse_content({**files, "copy.json": files["doctor.json"]})
    del files["body_areas.json"]
    with pytest.raises(GuidanceContentError, match="needs exactly one note"):
        parse_content(files)


def test_source_field_rules() -> None:
    assert source_problem("") == "no source given"
    assert source_problem("000_e5c325fa16eb5c4a.txt; FDA: caffeine 400 mg/day") is None
    assert source_problem("wikipedia") == "unknown source 'wikipedia'"


# --------------------------------------------------------------------------- wording

CAUSAL = re.compile(
    r"\b(caus(e|es|ed|ing)|trigger(s|ed|ing)?|because|due to|leads? to|led to|"
    r"results? in|resulted in)\b",
    re.IGNORECASE,
)
DIAGNOSTIC = re.compile(
    r"\byou (have|probably have|may have|might have|suffer from|are suffering)\b|"
    r"\bthis (is|means|could be|may be|might be) (als|mnd|ms|a sign)\b|"
    r"\b(als|mnd|amyotrophic|motor neurone disease|multiple sclerosis|neuropathy|"
    r"benign fasciculation syndrome|bfs)\b|"
    r"(?<!not a )\bdiagnos(is|ed|e)\b",
    re.IGNORECASE,
)


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower().replace("\u2019", "").replace("'", ""))


def shingle_hashes(text: str, n: int = 8) -> set[str]:
    w = words(text)
    return {
        hashlib.blake2b(" ".join(w[i : i + n]).encode(), digest_size=8).hexdigest()
        for i in range(len(w) - n + 1)
    }


def source_shingles() -> set[str]:
    """8-word shingles of the source articles (hashed copy kept for fresh checkouts)."""
    stored = set(SHINGLES.read_text("ascii").split())
    if SOURCES_DIR.is_dir():
        live: set[str] = set()
        for path in sorted(SOURCES_DIR.glob("*.txt")):
            live |= shingle_hashes(path.read_text("utf-8"))
        assert live == stored, "refresh guidance_source_shingles.txt from the sources"
    assert len(stored) > 3000
    return stored


def everything_journal() -> Journal:
    """A journal that raises every rule and every tip at once."""
    eps = [ep(d, "calf_left") for d in days_back(40)]
    eps += [
        ep(TODAY - timedelta(days=2), "eyelid_lower_left", weakness=True),
        ep(TODAY - timedelta(days=3), "forearm_front_right", numbness=True),
        ep(TODAY - timedelta(days=4), "tongue", speech_swallowing=True),
        ep(TODAY - timedelta(days=5), "calf_right", wasting=True),
        ep(TODAY - timedelta(days=6), "upper_back_left"),
    ]
    eps += [
        ep(TODAY - timedelta(days=20 - k), hour=h) for k in range(7) for h in (7, 9, 21)
    ]
    days = [
        DayLog.for_day(
            d,
            caffeine_mg=600,
            sleep_h=5.5,
            water_ml=900,
            stress=8,
            medications=["Prednisolone"] if d >= TODAY - timedelta(days=25) else [],
        )
        for d in days_back(60)
    ]
    return journal(eps, days)


def all_texts() -> list[tuple[str, str, str]]:
    """(where, text, source) for every guidance text and rule message."""
    out: list[tuple[str, str, str]] = []
    topics = [*load_content().topics, rules_topic()]
    for t in topics:
        out += [(f"topic {t.id}", text, t.source) for text in t.texts()]
    report = evaluate(everything_journal(), TODAY)
    checks = [
        check(
            TODAY - timedelta(days=7), **dict.fromkeys([q.id for q in SELF_CHECK], True)
        )
    ]
    checks.append(check(TODAY, **dict.fromkeys([q.id for q in SELF_CHECK], True)))
    items = [*report.red_flags, *report.tips, *self_check_flags(checks, TODAY)]
    for item in items:
        out += [(f"item {item.id}", text, item.source) for text in item.texts()]
    for q in SELF_CHECK:
        out.append((f"question {q.id}", q.text, q.source))
    return out


def test_everything_journal_raises_every_rule() -> None:
    report = evaluate(everything_journal(), TODAY)
    assert ids(report.red_flags) == {
        "persistent",
        "widespread",
        "weakness",
        "numbness",
        "speech_swallowing",
        "wasting",
        "tongue",
        "medication",
    }
    assert ids(report.tips) == {
        "caffeine_high",
        "sleep_short",
        "hydration_low",
        "stress_high",
    }


def test_every_text_has_a_real_source() -> None:
    articles = (
        {p.name for p in SOURCES_DIR.glob("*.txt")} if SOURCES_DIR.is_dir() else set()
    )
    for where, _text, source in all_texts():
        assert source_problem(source) is None, where
        for part in source_parts(source):
            if ARTICLE_RE.match(part) and articles:
                assert part in articles, (where, part)


def test_no_text_uses_causal_or_diagnostic_wording() -> None:
    for where, text, _source in all_texts():
        assert not CAUSAL.search(text), (where, text)
        assert not DIAGNOSTIC.search(text), (where, text)


def test_wording_checks_catch_bad_sentences() -> None:
    assert CAUSAL.search("Caffeine triggers your twitches")
    assert CAUSAL.search("twitching due to stress")
    assert DIAGNOSTIC.search("You have benign fasciculation syndrome")
    assert DIAGNOSTIC.search("this is ALS")
    assert not DIAGNOSTIC.search("They are not medical advice and not a diagnosis.")


def test_no_text_shares_eight_words_in_a_row_with_the_articles() -> None:
    shingles = source_shingles()
    for where, text, _source in all_texts():
        shared = shingle_hashes(text) & shingles
        assert not shared, (where, text)


def test_shingle_check_catches_a_copied_sentence() -> None:
    copied = (
        "Most skin twitches are benign and resolve without intervention within days"
    )
    assert shingle_hashes(copied) & source_shingles()


# --------------------------------------------------------------------------- robustness

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


@pytest.mark.parametrize("group", sorted(GROUPS))
def test_each_group_note_is_short_and_calm(group: str) -> None:
    topic = load_content().for_group(group)
    assert topic is not None
    assert all(len(p) < 420 for p in topic.body)


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
    got = guidance._latest_stretch(ends, span, qualifies.__contains__, horizon)
    assert got == expected
