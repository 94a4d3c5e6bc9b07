"""Red-flag rules over patterns: persistence and spread across body areas.

The rules, precisely (``today`` is the user's local date):

``persistent``
    A run of twitch days with no gap of more than 7 days between one twitch day
    and the next, reaching over more than two weeks (its first and last days at
    least 15 days apart, counted inclusively) with twitches on at least 5 days;
    the run must end in the last 60 days. Intermittent twitching counts: every
    other day for six weeks is one run. Its start is stable while the run goes
    on, so a dismissal holds until twitching returns after a break.
``widespread``
    Either twitches in at least 4 distinct places within 14 days, a place being
    a :attr:`Region.limb_key` (head, neck, trunk, left/right arm, left/right leg:
    both eyelids are one place, both calves are two), with the latest such window
    ending in the last 60 days and at least 7 days after the first twitch ever
    logged (a first day of trying the map is not a pattern); or a place never
    logged before appearing in each of 3 weeks in a row (weeks counted from the
    first episode; the first week does not count), the last of them in the last
    60 days. The cited GP advice says "more than one place"; the app waits for 4
    on purpose, because an eyelid and a calf at once are very common.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import Final

from twitchtrack.domain.guidance.data import RuleData
from twitchtrack.domain.guidance.items import (
    BRING_REPORT,
    Evidence,
    GuidanceItem,
    digest,
)
from twitchtrack.domain.guidance.sources import ARTICLES, NHS_TWITCHING
from twitchtrack.domain.regions import REGIONS
from twitchtrack.domain.text import format_day, format_span, join_words

PERSISTENT_WINDOW_DAYS: Final = 15  # first to last twitch day: over two weeks
PERSISTENT_MIN_DAYS: Final = 5
PERSISTENT_MAX_GAP_DAYS: Final = 7  # a week without twitches ends a run
WIDESPREAD_WINDOW_DAYS: Final = 14
WIDESPREAD_MIN_PLACES: Final = 4
WIDESPREAD_MIN_HISTORY_DAYS: Final = 7
SPREAD_WEEKS_IN_A_ROW: Final = 3

_PLACE_NAMES: Final[Mapping[str, str]] = {
    "head": "head",
    "neck": "neck",
    "trunk": "trunk",
    "arm/left": "left arm",
    "arm/right": "right arm",
    "arm/middle": "arms",
    "leg/left": "left leg",
    "leg/right": "right leg",
    "leg/middle": "legs",
}


def _place_name(key: str) -> str:
    return _PLACE_NAMES.get(key, key.replace("/", " "))


# Area plus side of every region, looked up once instead of per episode.
_LIMB_KEYS: Final = {r.id: r.limb_key for r in REGIONS}


def _latest_stretch(
    ends: Sequence[date],
    span: timedelta,
    qualifies: Callable[[date], bool],
    horizon: date,
) -> tuple[date, date] | None:
    """The last run of overlapping qualifying windows (end - span .. end, one per
    day of ``ends``, ascending), if it reaches ``horizon``; else None.

    Equal to merging every qualifying window and taking the last stretch, but it
    walks back from the newest day and stops where that stretch stops, so a
    long journal costs no more than its recent weeks.
    """
    start = end = None
    for day in reversed(ends):
        if start is not None and day < start:
            break  # no earlier window reaches the stretch
        if end is None and day < horizon:
            return None  # the newest qualifying window would end too early
        if qualifies(day):
            if end is None:
                end = day
            start = day - span
    return None if start is None or end is None else (start, end)


def _runs_backwards(
    days: Sequence[date], max_gap: int
) -> Iterable[tuple[date, date, int]]:
    """(first, last, day count) of each run of ``days`` (ascending) whose
    neighbours are at most ``max_gap`` days apart, newest run first."""
    hi = len(days)
    while hi > 0:
        lo = hi - 1
        while lo > 0 and (days[lo] - days[lo - 1]).days <= max_gap:
            lo -= 1
        yield days[lo], days[hi - 1], hi - lo
        hi = lo


def persistent_flag(data: RuleData) -> GuidanceItem | None:
    found = None
    for start, end, logged in _runs_backwards(
        data.twitch_days, PERSISTENT_MAX_GAP_DAYS
    ):
        if end < data.horizon:
            break
        length = (end - start).days + 1
        if length >= PERSISTENT_WINDOW_DAYS and logged >= PERSISTENT_MIN_DAYS:
            found = (start, end, logged, length)
            break
    if found is None:
        return None
    start, end, logged, length = found
    today = data.today
    detail = (
        f"From {format_day(start, today)} to {format_day(end, today)} you logged "
        f"twitches on {logged} of {length} days, with no twitch-free week between."
    )
    return GuidanceItem(
        id="persistent",
        kind="red_flag",
        title="Twitching on and off for over two weeks",
        detail=detail,
        action=(
            "Twitching that carries on for weeks, even on and off, is worth "
            "mentioning to a doctor, even when nothing else has changed. "
            + BRING_REPORT
        ),
        first_seen=start,
        source=f"{ARTICLES}; {NHS_TWITCHING}",
        fingerprint=digest("persistent", start),
        evidence={
            "start": start.isoformat(),
            "end": end.isoformat(),
            "days_in_span": length,
            "days_with_twitches": logged,
        },
        rule=(
            "Twitching that keeps coming back over more than two weeks, without a "
            "twitch-free week."
        ),
        threshold=(
            f"twitches on {PERSISTENT_MIN_DAYS} or more days spread over "
            f"{PERSISTENT_WINDOW_DAYS} days or longer, no gap over "
            f"{PERSISTENT_MAX_GAP_DAYS} days"
        ),
        why=(
            "GP advice names twitching that lasts more than two weeks. A single "
            "twitch-free week ends the run on purpose: twitches that come and go "
            "with a busy fortnight are very common and settle on their own."
        ),
    )


def _places_by_day(data: RuleData) -> dict[str, list[date]]:
    out: dict[str, set[date]] = defaultdict(set)
    for e, day in zip(data.episodes, data.local_days, strict=True):
        out[_LIMB_KEYS[e.region]].add(day)
    return {k: sorted(v) for k, v in out.items()}


def _places_between(by_place: Mapping[str, list[date]], a: date, b: date) -> list[str]:
    found = []
    for key, days in by_place.items():
        i = bisect.bisect_left(days, a)
        if i < len(days) and days[i] <= b:
            found.append(key)
    return sorted(found)


def _place_order(keys: Iterable[str]) -> list[str]:
    order = list(_PLACE_NAMES)
    return sorted(keys, key=lambda k: (order.index(k) if k in order else 99, k))


def widespread_flag(data: RuleData) -> GuidanceItem | None:
    by_place = _places_by_day(data)
    span = timedelta(days=WIDESPREAD_WINDOW_DAYS - 1)
    today = data.today
    sentences: list[str] = []
    facts: list[object] = []
    evidence: Evidence = {}
    first_seen: list[date] = []

    history = timedelta(days=WIDESPREAD_MIN_HISTORY_DAYS)
    stretch = (
        _latest_stretch(
            data.twitch_days,
            span,
            lambda end: (
                end - data.twitch_days[0] >= history
                and len(_places_between(by_place, end - span, end))
                >= WIDESPREAD_MIN_PLACES
            ),
            data.horizon,
        )
        if data.twitch_days
        else None
    )
    if stretch is not None:
        start, end = stretch
        latest = _place_order(_places_between(by_place, end - span, end))
        union = _place_order(_places_between(by_place, start, end))
        first_day = min(
            days[bisect.bisect_left(days, start)]
            for key, days in by_place.items()
            if key in union
        )
        shown_from = data.twitch_days[bisect.bisect_left(data.twitch_days, end - span)]
        when = format_span(shown_from, end, today)
        sentences.append(
            f"{when[:1].upper()}{when[1:]} you logged twitches in "
            f"{len(latest)} body areas: "
            f"{join_words([_place_name(k) for k in latest], limit=len(latest))}."
        )
        facts += ["window", start, *union]
        evidence["places_in_14_days"] = [_place_name(k) for k in latest]
        first_seen.append(max(first_day, start))

    spread = _spreading(data, by_place)
    if spread:
        named = [f"{_place_name(k)} from {format_day(d, today)}" for k, d in spread]
        sentences.append(
            f"New body areas were added in {len(spread)} weeks in a row: "
            f"{join_words(named)}."
        )
        facts += ["spread", *(f"{k}@{d}" for k, d in spread)]
        evidence["new_areas"] = named
        first_seen.append(spread[0][1])

    if not sentences:
        return None
    return GuidanceItem(
        id="widespread",
        kind="red_flag",
        title="Twitches in several body areas",
        detail=" ".join(sentences),
        action=(
            "Twitches that show up in many parts of the body, or keep reaching new "
            f"ones, are worth showing a doctor. {BRING_REPORT}"
        ),
        first_seen=min(first_seen),
        source=f"{ARTICLES}; {NHS_TWITCHING}",
        fingerprint=digest("widespread", *facts),
        evidence=evidence,
        rule=(
            "Twitches in several body areas within two weeks, or a new body area "
            "in each of several weeks in a row."
        ),
        threshold=(
            f"{WIDESPREAD_MIN_PLACES} or more body areas within "
            f"{WIDESPREAD_WINDOW_DAYS} days, once the journal is "
            f"{WIDESPREAD_MIN_HISTORY_DAYS} days old; or a new area in each of "
            f"{SPREAD_WEEKS_IN_A_ROW} weeks in a row"
        ),
        why=(
            "GP advice mentions twitching in more than one place. This note waits "
            f"for {WIDESPREAD_MIN_PLACES} areas and a week of history on purpose: "
            "an eyelid and a calf twitching in the same fortnight is very common, "
            "and a first day of trying the map is not a pattern."
        ),
    )


def _spreading(
    data: RuleData, by_place: Mapping[str, list[date]]
) -> list[tuple[str, date]]:
    """The latest run of weeks in a row that each added a never-seen place."""
    if not data.twitch_days:
        return []
    origin = data.twitch_days[0]
    firsts = sorted((days[0], key) for key, days in by_place.items())
    week_of: dict[int, tuple[str, date]] = {}
    for day, key in firsts:
        week = (day - origin).days // 7
        if week >= 1:
            week_of.setdefault(week, (key, day))
    best: list[int] = []
    run: list[int] = []
    for week in sorted(week_of):
        run = [*run, week] if run and week == run[-1] + 1 else [week]
        if len(run) >= SPREAD_WEEKS_IN_A_ROW:
            best = run
    if not best or week_of[best[-1]][1] < data.horizon:
        return []
    return [week_of[w] for w in best]
