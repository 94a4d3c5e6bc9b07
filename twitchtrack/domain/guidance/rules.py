"""Red-flag rules over the journal: symptoms, tongue, spread, persistence, medicines.

The rules, precisely (``today`` is the user's local date):

``persistent``
    A 15-day window (more than two weeks) that starts and ends on a day with
    twitches and has twitches on at least 9 of its 15 days (60%). Overlapping
    windows merge into one stretch; the latest stretch counts when it ends within
    the last 60 days. Its start is stable while the stretch goes on, so a
    dismissal holds until twitching returns after a break.
``widespread``
    Either twitches in at least 4 distinct places within 14 days, a place being
    a :attr:`Region.limb_key` (head, neck, trunk, left/right arm, left/right leg:
    both eyelids are one place, both calves are two), with the latest such window
    ending in the last 60 days; or a place never logged before appearing in each
    of 3 weeks in a row (weeks counted from the first episode; the first week
    does not count), the last of them in the last 60 days.
``weakness``, ``numbness``, ``speech_swallowing``, ``wasting``
    Any live episode with that symptom flag ticked, at any time.
``tongue``
    Any live episode logged on the tongue.
``medication``
    A medicine first listed in a check-in (with at least one earlier check-in
    that did not list it, so long-standing medicines entered on day one do not
    count) up to 14 days before twitching *began* or *rose*, that date being in
    the last 60 days. Began: a day with twitches after 14 or more days with none
    (or the first twitch ever). Rose: the 7 days from that date hold at least
    twice the weekly average of the 28 days before and at least 5 more
    episodes, that date itself has more than the daily average, and the journal
    reaches back at least 28 days.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final, Literal

from twitchtrack.domain.guidance.data import RuleData
from twitchtrack.domain.guidance.items import (
    BRING_REPORT,
    Evidence,
    GuidanceItem,
    digest,
)
from twitchtrack.domain.guidance.sources import ARTICLES
from twitchtrack.domain.regions import REGIONS, region
from twitchtrack.domain.text import (
    format_day,
    format_number,
    join_words,
    plural,
)

PERSISTENT_WINDOW_DAYS: Final = 15
PERSISTENT_MIN_DAYS: Final = 9  # 60% of 15
WIDESPREAD_WINDOW_DAYS: Final = 14
WIDESPREAD_MIN_PLACES: Final = 4
SPREAD_WEEKS_IN_A_ROW: Final = 3
MEDICATION_LEAD_DAYS: Final = 14
ONSET_GAP_DAYS: Final = 14
RISE_BASELINE_DAYS: Final = 28
RISE_MIN_EXTRA: Final = 5

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


def _days_text(days: Sequence[date], today: date) -> str:
    return join_words([format_day(d, today) for d in days], "more days")


def _place_name(key: str) -> str:
    return _PLACE_NAMES.get(key, key.replace("/", " "))


def _region_phrase(region_id: str) -> str:
    label = region(region_id).label
    return "the " + label[:1].lower() + label[1:]


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


def persistent_flag(data: RuleData) -> GuidanceItem | None:
    span = timedelta(days=PERSISTENT_WINDOW_DAYS - 1)

    def qualifies(end: date) -> bool:
        first = end - span
        i = bisect.bisect_left(data.twitch_days, first)
        starts_there = i < len(data.twitch_days) and data.twitch_days[i] == first
        return starts_there and (
            data.twitch_days_between(first, end) >= PERSISTENT_MIN_DAYS
        )

    stretch = _latest_stretch(data.twitch_days, span, qualifies, data.horizon)
    if stretch is None:
        return None
    start, end = stretch
    length = (end - start).days + 1
    logged = data.twitch_days_between(start, end)
    today = data.today
    detail = (
        f"From {format_day(start, today)} to {format_day(end, today)} you logged "
        f"twitches on {logged} of {length} days."
    )
    return GuidanceItem(
        id="persistent",
        kind="red_flag",
        title="Twitching on most days for over two weeks",
        detail=detail,
        action=(
            "Twitching that carries on for weeks is worth mentioning to a doctor, "
            f"even when nothing else has changed. {BRING_REPORT}"
        ),
        first_seen=start,
        source=f"{ARTICLES}; NHS: Twitching eyes and muscles",
        fingerprint=digest("persistent", start),
        evidence={
            "start": start.isoformat(),
            "end": end.isoformat(),
            "days_in_span": length,
            "days_with_twitches": logged,
        },
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

    stretch = _latest_stretch(
        data.twitch_days,
        span,
        lambda end: (
            len(_places_between(by_place, end - span, end)) >= WIDESPREAD_MIN_PLACES
        ),
        data.horizon,
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
        sentences.append(
            f"Between {format_day(shown_from, today)} and {format_day(end, today)} "
            f"you logged twitches in {len(latest)} body areas: "
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
        source=f"{ARTICLES}; NHS: Twitching eyes and muscles",
        fingerprint=digest("widespread", *facts),
        evidence=evidence,
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


_SYMPTOM_RULES: Final[Mapping[str, tuple[str, str, str, str]]] = {
    # flag -> (title, what you ticked, action, source)
    "speech_swallowing": (
        "Speech or swallowing trouble logged",
        "ticked trouble speaking or swallowing",
        "Please see a doctor soon about changes in speech or swallowing. If "
        "breathing becomes hard, or swallowing suddenly gets worse, get urgent help.",
        "002_38df8cf60c9976c4.txt",
    ),
    "weakness": (
        "Weakness logged with twitches",
        "ticked weakness",
        f"Weakness alongside twitching is worth showing a doctor soon. {BRING_REPORT}",
        ARTICLES,
    ),
    "wasting": (
        "A thinner-looking muscle logged",
        "noted a muscle looking thinner",
        "A muscle that looks thinner than the same muscle on the other side is worth "
        f"showing a doctor soon. {BRING_REPORT}",
        "NHS: Motor neurone disease; NICE NG127: Suspected neurological conditions",
    ),
    "numbness": (
        "Numbness logged with twitches",
        "ticked numbness or tingling",
        "Numbness or tingling together with twitching is worth a doctor's check, "
        f"especially if it spreads. {BRING_REPORT}",
        ARTICLES,
    ),
}


def symptom_flag(data: RuleData, flag: str) -> GuidanceItem | None:
    hits = [e for e in data.flagged if getattr(e, flag)]
    if not hits:
        return None
    title, ticked, action, source = _SYMPTOM_RULES[flag]
    days = sorted({e.local_day for e in hits})
    places = list(dict.fromkeys(_region_phrase(e.region) for e in hits))
    detail = (
        f"On {_days_text(days, data.today)} you {ticked} with twitches in "
        f"{join_words(places, 'other places')}."
    )
    return GuidanceItem(
        id=flag,
        kind="red_flag",
        title=title,
        detail=detail,
        action=action,
        first_seen=days[0],
        source=source,
        fingerprint=digest(flag, *sorted(str(e.id) for e in hits)),
        evidence={
            "dates": [d.isoformat() for d in days],
            "regions": sorted({e.region for e in hits}),
            "episodes": len(hits),
        },
    )


def tongue_flag(data: RuleData) -> GuidanceItem | None:
    hits = [e for e in data.episodes if e.region == "tongue"]
    if not hits:
        return None
    days = sorted({e.local_day for e in hits})
    return GuidanceItem(
        id="tongue",
        kind="red_flag",
        title="Twitches logged in the tongue",
        detail=(
            f"You logged twitches in the tongue on {_days_text(days, data.today)} "
            f"({plural(len(hits), 'episode')})."
        ),
        action=(
            "Tongue twitching is less common than twitching elsewhere. Mention it to "
            "a doctor, who can look at the tongue while it rests."
        ),
        first_seen=days[0],
        source="000_e5c325fa16eb5c4a.txt",
        fingerprint=digest("tongue", *sorted(str(e.id) for e in hits)),
        evidence={"dates": [d.isoformat() for d in days], "episodes": len(hits)},
    )


@dataclass(frozen=True, slots=True)
class _Change:
    """A date twitching began or rose, with the numbers behind it."""

    day: date
    kind: Literal["began", "rose"]
    week_count: int = 0
    baseline_per_week: float = 0.0


def _change_on(data: RuleData, day: date, journal_start: date) -> _Change | None:
    if data.counts.get(day, 0) > 0:
        gap_start = day - timedelta(days=ONSET_GAP_DAYS)
        if data.count_between(gap_start, day - timedelta(days=1)) == 0:
            return _Change(day, "began")
    if day - timedelta(days=RISE_BASELINE_DAYS) < journal_start:
        return None
    week = data.count_between(day, day + timedelta(days=6))
    before = data.count_between(
        day - timedelta(days=RISE_BASELINE_DAYS), day - timedelta(days=1)
    )
    per_week = before / (RISE_BASELINE_DAYS / 7)
    # The rise starts on a busier-than-usual day, not on a quiet day whose week
    # happens to reach into the busy days.
    busier = data.counts.get(day, 0) > per_week / 7
    if busier and week >= 2 * per_week and week >= per_week + RISE_MIN_EXTRA:
        return _Change(day, "rose", week, per_week)
    return None


def _new_medicines(data: RuleData) -> list[tuple[str, date]]:
    """(name as first written, first date) of medicines first listed after day one."""
    first: dict[str, tuple[str, date]] = {}
    for log in data.days:
        for name in log.medications:
            key = name.casefold()
            if key not in first:
                first[key] = (name, log.date)
    if not data.days:
        return []
    opening = data.days[0].date
    return sorted(
        (item for item in first.values() if item[1] > opening), key=lambda x: x[1]
    )


def medication_flag(data: RuleData) -> GuidanceItem | None:
    if not data.twitch_days:
        return None
    journal_start = min(
        data.twitch_days[0], data.days[0].date if data.days else date.max
    )
    today = data.today
    sentences: list[str] = []
    facts: list[str] = []
    names: list[str] = []
    first_seen: date | None = None
    for name, started in _new_medicines(data):
        change = None
        for offset in range(MEDICATION_LEAD_DAYS + 1):
            day = started + timedelta(days=offset)
            if day > today:
                break
            change = _change_on(data, day, journal_start)
            if change:
                break
        if change is None or change.day < data.horizon:
            continue
        gap = (change.day - started).days
        lead = "the same day" if gap == 0 else f"{plural(gap, 'day')} later"
        when = format_day(change.day, today)
        if change.kind == "began":
            what = f"Twitches were logged from {when}, {lead}."
        else:
            what = (
                f"From {when}, {lead}, you logged "
                f"{plural(change.week_count, 'twitch', 'twitches')} in 7 days, "
                f"against about {format_number(change.baseline_per_week)} a week in "
                "the 4 weeks before."
            )
        sentences.append(
            f"You first listed {name} on {format_day(started, today)}. {what}"
        )
        facts.append(f"{name.casefold()}@{started}")
        names.append(name)
        first_seen = min(first_seen or started, started)
    if not sentences:
        return None
    return GuidanceItem(
        id="medication",
        kind="red_flag",
        title="A new medicine close to a change in twitching",
        detail=" ".join(sentences),
        action=(
            "Some medicines list twitching among possible side effects. Ask the "
            "doctor or pharmacist who prescribed it, and please do not stop a "
            "prescribed medicine on your own."
        ),
        first_seen=first_seen,
        source="000_e5c325fa16eb5c4a.txt; NHS: Twitching eyes and muscles",
        fingerprint=digest("medication", *facts),
        evidence={"medicines": names},
    )
