"""Guidance: red-flag rules and tips over the user's journal, plus the topic library.

Everything here is pure: the rules read a :class:`Journal` and return
:class:`GuidanceItem` values; the topic library is parsed from JSON texts that the
caller has read (``resources/guidance/*.json``), so this module never opens files.

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

Tips use the last 30 days and need a value logged on at least 5 of them:
``caffeine_high`` (average above 400 mg, or above 400 mg on a third of logged
days), ``sleep_short`` (average under 7 h), ``hydration_low`` (average water
under 1,500 ml) and ``stress_high`` (average at least 7 of 10).

Never nagging: a dismissal stores ``id -> fingerprint``. The fingerprint encodes
the material facts (the flagged episode ids, a stretch's start and places, the
medicines and dates). Tips store a severity level (``level:N``) and stay hidden
until the level rises above the dismissed one, so an average wobbling around a
bucket edge does not bring a tip back.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Final, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from twitchtrack.domain.models import (
    SYMPTOM_FLAGS,
    DayLog,
    Episode,
    Journal,
    SelfCheck,
    describe_validation_error,
    now_local,
)
from twitchtrack.domain.regions import GROUPS, REGIONS, region

# --------------------------------------------------------------------------- sources

ARTICLE_RE: Final = re.compile(r"^\d{3}_[0-9a-f]{16}\.txt$")

# Public guidance relied on for facts the two source articles do not give.
NAMED_SOURCES: Final[Mapping[str, str]] = {
    "NHS: Twitching eyes and muscles": (
        "See a GP if a twitch lasts more than 2 weeks, is in more than one place or "
        "the area feels weak; do not stop a prescribed medicine without advice."
    ),
    "NHS: Motor neurone disease": (
        "Early signs include a weak grip, tripping, slurred speech and muscles "
        "becoming thinner."
    ),
    "NICE NG127: Suspected neurological conditions": (
        "Fasciculations with muscle wasting and weakness warrant referral."
    ),
    "NHS: Overactive thyroid": "Twitching or trembling is among the listed signs.",
    "NHS: Vitamins and minerals": "Food sources of magnesium, potassium, calcium.",
    "FDA: caffeine 400 mg/day": (
        "Up to 400 mg of caffeine a day is not generally linked with harm in "
        "healthy adults."
    ),
    "NHS Eatwell Guide: 6 to 8 glasses of fluid a day": "Daily fluid guidance.",
    "twitchtrack: about this app": "The project's own statement about itself.",
}

_ARTICLES: Final = "000_e5c325fa16eb5c4a.txt; 002_38df8cf60c9976c4.txt"


def source_parts(source: str) -> list[str]:
    """The individual sources named in a ``source`` field ('a; b' -> ['a', 'b'])."""
    return [p.strip() for p in source.split(";") if p.strip()]


def source_problem(source: str) -> str | None:
    """Why a ``source`` field is not acceptable, or None when every part is known."""
    parts = source_parts(source)
    if not parts:
        return "no source given"
    for part in parts:
        if not ARTICLE_RE.match(part) and part not in NAMED_SOURCES:
            return f"unknown source {part!r}"
    return None


# --------------------------------------------------------------------------- items

ItemKind = Literal["red_flag", "tip"]
Evidence = dict[str, str | int | float | list[str]]


@dataclass(frozen=True, slots=True)
class GuidanceItem:
    """One red flag or tip, worded for the user, with what in their data raised it."""

    id: str
    kind: ItemKind
    title: str
    detail: str
    action: str
    first_seen: date | None
    source: str
    fingerprint: str
    evidence: Evidence = field(default_factory=dict, hash=False)

    def texts(self) -> tuple[str, str, str]:
        """The three user-facing sentences (title, detail, action)."""
        return (self.title, self.detail, self.action)

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict; red flags carry ``first_seen``, tips do not."""
        out: dict[str, object] = {
            "id": self.id,
            "title": self.title,
            "detail": self.detail,
        }
        if self.kind == "red_flag":
            out["first_seen"] = self.first_seen.isoformat() if self.first_seen else None
        out["source"] = self.source
        out["action"] = self.action
        out["fingerprint"] = self.fingerprint
        out["evidence"] = dict(self.evidence)
        return out


@dataclass(frozen=True, slots=True)
class GuidanceReport:
    """What :func:`evaluate` found: active red flags and tips, and dismissed items."""

    red_flags: list[GuidanceItem]
    tips: list[GuidanceItem]
    hidden: list[GuidanceItem] = field(default_factory=list)
    today: date | None = None

    @property
    def items(self) -> list[GuidanceItem]:
        """Active red flags, then active tips."""
        return [*self.red_flags, *self.tips]

    def to_dict(self) -> dict[str, list[dict[str, object]]]:
        """``{"red_flags": [...], "tips": [...]}`` as the CLI prints it."""
        return {
            "red_flags": [i.to_dict() for i in self.red_flags],
            "tips": [i.to_dict() for i in self.tips],
        }

    def to_json(self, indent: int | None = 2) -> str:
        """:meth:`to_dict` as JSON text."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)


# --------------------------------------------------------------------------- numbers

PERSISTENT_WINDOW_DAYS: Final = 15
PERSISTENT_MIN_DAYS: Final = 9  # 60% of 15
WIDESPREAD_WINDOW_DAYS: Final = 14
WIDESPREAD_MIN_PLACES: Final = 4
SPREAD_WEEKS_IN_A_ROW: Final = 3
PATTERN_LOOKBACK_DAYS: Final = 60
MEDICATION_LEAD_DAYS: Final = 14
ONSET_GAP_DAYS: Final = 14
RISE_BASELINE_DAYS: Final = 28
RISE_MIN_EXTRA: Final = 5
TIP_WINDOW_DAYS: Final = 30
TIP_MIN_DAYS: Final = 5
CAFFEINE_LIMIT_MG: Final = 400.0
SLEEP_MIN_H: Final = 7.0
WATER_MIN_ML: Final = 1_500.0
STRESS_HIGH: Final = 7.0
LISTED_MAX: Final = 4  # dates or places named in a sentence before "and N more"

_BRING_REPORT: Final = "Bring this journal's report."

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

MONTHS: Final = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)


def format_day(day: date, today: date | None = None) -> str:
    """'3 Nov', with the year added when it is not the year of ``today``."""
    text = f"{day.day} {MONTHS[day.month - 1]}"
    if today is not None and day.year != today.year:
        text += f" {day.year}"
    return text


def join_words(
    words: Sequence[str], more_noun: str = "more", limit: int = LISTED_MAX
) -> str:
    """'a', 'a and b', 'a, b and c'; lists longer than ``limit`` end 'and N more'."""
    shown = list(words[:limit])
    extra = len(words) - len(shown)
    if extra > 0:
        shown.append(f"{extra} {more_noun}")
    if len(shown) <= 1:
        return "".join(shown)
    return ", ".join(shown[:-1]) + " and " + shown[-1]


def _days_text(days: Sequence[date], today: date) -> str:
    return join_words([format_day(d, today) for d in days], "more days")


def _place_name(key: str) -> str:
    return _PLACE_NAMES.get(key, key.replace("/", " "))


def _region_phrase(region_id: str) -> str:
    label = region(region_id).label
    return "the " + label[:1].lower() + label[1:]


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _digest(*parts: object) -> str:
    """A short stable hash of the material facts behind an item."""
    text = "\x1f".join(str(p) for p in parts)
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


def _fmt(value: float, decimals: int = 0) -> str:
    return f"{value:,.{decimals}f}"


# --------------------------------------------------------------------------- rules


# The symptom flags the red-flag rules read (pain alone is not one of them).
_RULE_FLAGS: Final = ("speech_swallowing", "weakness", "wasting", "numbness")
# Area plus side of every region, looked up once instead of per episode.
_LIMB_KEYS: Final = {r.id: r.limb_key for r in REGIONS}


@dataclass(frozen=True, slots=True)
class _Data:
    """The journal reduced to what the rules read, up to and including ``today``.

    Built in one pass over the episodes: at ten years the rules run on a worker
    thread after every change, and each pass they saved was GIL time the
    window's thread had to wait for.
    """

    today: date
    episodes: list[Episode]
    days: list[DayLog]
    counts: dict[date, int]
    twitch_days: list[date]
    local_days: list[date]  # each episode's local day, in step with ``episodes``
    flagged: list[Episode]  # the episodes with any of ``_RULE_FLAGS`` ticked

    @classmethod
    def of(cls, journal: Journal, today: date) -> _Data:
        episodes: list[Episode] = []
        local_days: list[date] = []
        flagged: list[Episode] = []
        counts: dict[date, int] = defaultdict(int)
        for e in journal.live_episodes():
            day = e.local_day
            if day > today:
                continue
            episodes.append(e)
            local_days.append(day)
            counts[day] += 1
            if e.speech_swallowing or e.weakness or e.wasting or e.numbness:
                flagged.append(e)
        days = [d for d in journal.live_days() if d.date <= today]
        return cls(
            today, episodes, days, dict(counts), sorted(counts), local_days, flagged
        )

    def count_between(self, first: date, last: date) -> int:
        """Episodes dated first..last inclusive."""
        total = 0
        d = first
        while d <= last:
            total += self.counts.get(d, 0)
            d += timedelta(days=1)
        return total

    def twitch_days_between(self, first: date, last: date) -> int:
        lo = bisect.bisect_left(self.twitch_days, first)
        hi = bisect.bisect_right(self.twitch_days, last)
        return hi - lo

    @property
    def horizon(self) -> date:
        """First day of the recent period the pattern rules look at."""
        return self.today - timedelta(days=PATTERN_LOOKBACK_DAYS - 1)


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


def _persistent(data: _Data) -> GuidanceItem | None:
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
            f"even when nothing else has changed. {_BRING_REPORT}"
        ),
        first_seen=start,
        source=f"{_ARTICLES}; NHS: Twitching eyes and muscles",
        fingerprint=_digest("persistent", start),
        evidence={
            "start": start.isoformat(),
            "end": end.isoformat(),
            "days_in_span": length,
            "days_with_twitches": logged,
        },
    )


def _places_by_day(data: _Data) -> dict[str, list[date]]:
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


def _widespread(data: _Data) -> GuidanceItem | None:
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
            f"ones, are worth showing a doctor. {_BRING_REPORT}"
        ),
        first_seen=min(first_seen),
        source=f"{_ARTICLES}; NHS: Twitching eyes and muscles",
        fingerprint=_digest("widespread", *facts),
        evidence=evidence,
    )


def _spreading(
    data: _Data, by_place: Mapping[str, list[date]]
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
        f"Weakness alongside twitching is worth showing a doctor soon. {_BRING_REPORT}",
        _ARTICLES,
    ),
    "wasting": (
        "A thinner-looking muscle logged",
        "noted a muscle looking thinner",
        "A muscle that looks thinner than the same muscle on the other side is worth "
        f"showing a doctor soon. {_BRING_REPORT}",
        "NHS: Motor neurone disease; NICE NG127: Suspected neurological conditions",
    ),
    "numbness": (
        "Numbness logged with twitches",
        "ticked numbness or tingling",
        "Numbness or tingling together with twitching is worth a doctor's check, "
        f"especially if it spreads. {_BRING_REPORT}",
        _ARTICLES,
    ),
}


def _symptom(data: _Data, flag: str) -> GuidanceItem | None:
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
        fingerprint=_digest(flag, *sorted(str(e.id) for e in hits)),
        evidence={
            "dates": [d.isoformat() for d in days],
            "regions": sorted({e.region for e in hits}),
            "episodes": len(hits),
        },
    )


def _tongue(data: _Data) -> GuidanceItem | None:
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
            f"({_plural(len(hits), 'episode')})."
        ),
        action=(
            "Tongue twitching is less common than twitching elsewhere. Mention it to "
            "a doctor, who can look at the tongue while it rests."
        ),
        first_seen=days[0],
        source="000_e5c325fa16eb5c4a.txt",
        fingerprint=_digest("tongue", *sorted(str(e.id) for e in hits)),
        evidence={"dates": [d.isoformat() for d in days], "episodes": len(hits)},
    )


@dataclass(frozen=True, slots=True)
class _Change:
    """A date twitching began or rose, with the numbers behind it."""

    day: date
    kind: Literal["began", "rose"]
    week_count: int = 0
    baseline_per_week: float = 0.0


def _change_on(data: _Data, day: date, journal_start: date) -> _Change | None:
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


def _new_medicines(data: _Data) -> list[tuple[str, date]]:
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


def _medication(data: _Data) -> GuidanceItem | None:
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
        lead = "the same day" if gap == 0 else f"{_plural(gap, 'day')} later"
        when = format_day(change.day, today)
        if change.kind == "began":
            what = f"Twitches were logged from {when}, {lead}."
        else:
            what = (
                f"From {when}, {lead}, you logged "
                f"{_plural(change.week_count, 'twitch', 'twitches')} in 7 days, "
                f"against about {_fmt(change.baseline_per_week)} a week in the 4 "
                "weeks before."
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
        fingerprint=_digest("medication", *facts),
        evidence={"medicines": names},
    )


# --------------------------------------------------------------------------- tips

_TRENDS = "The Trends view shows how your {what} and twitches go together."


def _recent_values(data: _Data, name: str) -> list[float]:
    first = data.today - timedelta(days=TIP_WINDOW_DAYS - 1)
    values: list[float] = []
    for log in data.days:
        value = getattr(log, name)
        if log.date >= first and value is not None:
            values.append(float(value))
    return values


def _level(excess: float, step: float) -> str:
    """Severity bucket of how far past the threshold an average is (1 = just past)."""
    return f"level:{1 + int(max(excess, 0.0) // step)}"


def _tip(
    tip_id: str,
    title: str,
    detail: str,
    action: str,
    source: str,
    fingerprint: str,
    evidence: Evidence,
) -> GuidanceItem:
    return GuidanceItem(
        id=tip_id,
        kind="tip",
        title=title,
        detail=detail,
        action=action,
        first_seen=None,
        source=source,
        fingerprint=fingerprint,
        evidence=evidence,
    )


def _caffeine_tip(data: _Data) -> GuidanceItem | None:
    values = _recent_values(data, "caffeine_mg")
    if len(values) < TIP_MIN_DAYS:
        return None
    avg = sum(values) / len(values)
    over = sum(v > CAFFEINE_LIMIT_MG for v in values)
    if not (avg > CAFFEINE_LIMIT_MG or over * 3 >= len(values)):
        return None
    return _tip(
        "caffeine_high",
        "Caffeine above 400 mg a day",
        (
            f"In the last {TIP_WINDOW_DAYS} days you logged caffeine on {len(values)} "
            f"days: {_fmt(avg)} mg a day on average, and over "
            f"{_fmt(CAFFEINE_LIMIT_MG)} mg on {_plural(over, 'day')}. "
            + _TRENDS.format(what="caffeine")
        ),
        (
            "About 400 mg a day is the amount usually given as an upper limit for "
            "healthy adults. If you want to cut down, go gradually over a week or two."
        ),
        "002_38df8cf60c9976c4.txt; FDA: caffeine 400 mg/day",
        _level(avg - CAFFEINE_LIMIT_MG, 100.0),
        {"days_logged": len(values), "average_mg": round(avg), "days_over": over},
    )


def _sleep_tip(data: _Data) -> GuidanceItem | None:
    values = _recent_values(data, "sleep_h")
    if len(values) < TIP_MIN_DAYS:
        return None
    avg = sum(values) / len(values)
    if avg >= SLEEP_MIN_H:
        return None
    short = sum(v < SLEEP_MIN_H for v in values)
    return _tip(
        "sleep_short",
        "Nights shorter than 7 hours",
        (
            f"In the last {TIP_WINDOW_DAYS} days you logged sleep for {len(values)} "
            f"nights: {_fmt(avg, 1)} hours on average, and under 7 hours on "
            f"{_plural(short, 'night')}. " + _TRENDS.format(what="sleep")
        ),
        (
            "Most adults do best with 7 to 9 hours. Steady bed and wake-up times are "
            "a good place to start."
        ),
        _ARTICLES,
        _level(SLEEP_MIN_H - avg, 0.5),
        {"days_logged": len(values), "average_h": round(avg, 1), "short_nights": short},
    )


def _hydration_tip(data: _Data) -> GuidanceItem | None:
    values = _recent_values(data, "water_ml")
    if len(values) < TIP_MIN_DAYS:
        return None
    avg = sum(values) / len(values)
    if avg >= WATER_MIN_ML:
        return None
    low = sum(v < WATER_MIN_ML for v in values)
    return _tip(
        "hydration_low",
        "Fluids on the low side",
        (
            f"In the last {TIP_WINDOW_DAYS} days you logged water on {len(values)} "
            f"days: {_fmt(avg)} ml a day on average, and under {_fmt(WATER_MIN_ML)} "
            f"ml on {_plural(low, 'day')}. " + _TRENDS.format(what="fluid intake")
        ),
        (
            "Around 1.5 to 2 litres a day suits most adults, with more in hot "
            "weather or on exercise days. Sipping through the day is easier than "
            "catching up in the evening."
        ),
        f"{_ARTICLES}; NHS Eatwell Guide: 6 to 8 glasses of fluid a day",
        _level(WATER_MIN_ML - avg, 250.0),
        {"days_logged": len(values), "average_ml": round(avg), "days_under": low},
    )


def _stress_tip(data: _Data) -> GuidanceItem | None:
    values = _recent_values(data, "stress")
    if len(values) < TIP_MIN_DAYS:
        return None
    avg = sum(values) / len(values)
    if avg < STRESS_HIGH:
        return None
    high = sum(v >= STRESS_HIGH for v in values)
    return _tip(
        "stress_high",
        "Stress has been running high",
        (
            f"In the last {TIP_WINDOW_DAYS} days you logged stress on {len(values)} "
            f"days: {_fmt(avg, 1)} out of 10 on average, and 7 or more on "
            f"{_plural(high, 'day')}. " + _TRENDS.format(what="stress")
        ),
        (
            "A few minutes a day of slow breathing, a walk or meditation can help "
            "settle the nervous system. If stress feels hard to manage, a doctor can "
            "help too."
        ),
        _ARTICLES,
        _level(avg - STRESS_HIGH, 1.0),
        {"days_logged": len(values), "average": round(avg, 1), "high_days": high},
    )


# --------------------------------------------------------------------------- self-check


@dataclass(frozen=True, slots=True)
class SelfCheckQuestion:
    """One weekly self-check question and what a 'yes' means."""

    id: str
    text: str
    title: str
    action: str
    source: str


SELF_CHECK: Final[tuple[SelfCheckQuestion, ...]] = (
    SelfCheckQuestion(
        "weakness",
        "In the past week, has any muscle felt weaker than usual, for example when "
        "lifting, gripping or climbing stairs?",
        "Self-check: a muscle felt weaker",
        f"New weakness is worth showing a doctor soon. {_BRING_REPORT}",
        _ARTICLES,
    ),
    SelfCheckQuestion(
        "wasting",
        "Does any muscle look thinner or smaller than the same muscle on the other "
        "side?",
        "Self-check: a muscle looked thinner",
        f"A muscle that looks thinner is worth showing a doctor soon. {_BRING_REPORT}",
        "NHS: Motor neurone disease; NICE NG127: Suspected neurological conditions",
    ),
    SelfCheckQuestion(
        "speech_swallowing",
        "Have you had new trouble speaking clearly, or swallowing food or drink?",
        "Self-check: trouble speaking or swallowing",
        "Please see a doctor soon about changes in speech or swallowing. If "
        "breathing becomes hard, get urgent help.",
        "002_38df8cf60c9976c4.txt",
    ),
    SelfCheckQuestion(
        "falls",
        "Have you tripped or fallen more than usual, or felt a foot catch on the "
        "ground?",
        "Self-check: tripping or falls",
        f"More trips or falls are worth raising with a doctor soon. {_BRING_REPORT}",
        "NHS: Motor neurone disease",
    ),
    SelfCheckQuestion(
        "dexterity",
        "Have fine hand tasks, such as buttons, keys, writing or opening jars, become "
        "harder?",
        "Self-check: hand tasks got harder",
        "Losing ease with fine hand tasks is worth raising with a doctor soon. "
        + _BRING_REPORT,
        "NHS: Motor neurone disease",
    ),
)

SELF_CHECK_IDS: Final = tuple(q.id for q in SELF_CHECK)
SELF_CHECK_MAX_AGE_DAYS: Final = 28  # an older self-check no longer raises a flag


def self_check_flags(
    checks: Iterable[SelfCheck], today: date | None = None
) -> list[GuidanceItem]:
    """Red flags from the latest self-check (if it is at most 28 days old).

    ``first_seen`` is the first check of the current unbroken run of 'yes' answers
    to that question, and the fingerprint encodes it: answering yes again every week
    does not bring a dismissed item back, but a 'no' followed by a new 'yes' does.
    """
    today = today or now_local().date()
    history = sorted(
        (c for c in checks if not c.deleted and c.date <= today), key=lambda c: c.date
    )
    if not history:
        return []
    latest = history[-1]
    if (today - latest.date).days > SELF_CHECK_MAX_AGE_DAYS:
        return []
    items: list[GuidanceItem] = []
    for question in SELF_CHECK:
        if getattr(latest, question.id) is not True:
            continue
        run_start = latest.date
        for check in reversed(history[:-1]):
            answer = getattr(check, question.id)
            if answer is True:
                run_start = check.date
            elif answer is False:
                break
        since = (
            ""
            if run_start == latest.date
            else " Your self-checks have said yes to this since "
            f"{format_day(run_start, today)}."
        )
        items.append(
            GuidanceItem(
                id=f"self_check_{question.id}",
                kind="red_flag",
                title=question.title,
                detail=(
                    f"In your self-check of {format_day(latest.date, today)} you "
                    f"answered yes to: “{question.text}”{since}"
                ),
                action=question.action,
                first_seen=run_start,
                source=question.source,
                fingerprint=_digest("self_check", question.id, run_start),
                evidence={"date": latest.date.isoformat()},
            )
        )
    return items


# --------------------------------------------------------------------------- evaluate

_FLAG_ORDER: Final = (
    "speech_swallowing",
    "weakness",
    "wasting",
    "numbness",
    "tongue",
    "widespread",
    "persistent",
    "medication",
)


def is_dismissed(item: GuidanceItem, dismissed: Mapping[str, str]) -> bool:
    """True when the stored fingerprint still covers the item's current data."""
    stored = dismissed.get(item.id)
    if stored is None:
        return False
    if stored == item.fingerprint:
        return True
    # Tips: hidden until the severity level rises above the dismissed level.
    if stored.startswith("level:") and item.fingerprint.startswith("level:"):
        try:
            return int(item.fingerprint[6:]) <= int(stored[6:])
        except ValueError:
            return False
    return False


def evaluate(
    journal: Journal,
    today: date | None = None,
    dismissed: Mapping[str, str] | None = None,
    *,
    self_checks: Iterable[SelfCheck] | None = None,
) -> GuidanceReport:
    """Run every rule over ``journal`` as of ``today``.

    ``dismissed`` defaults to ``journal.settings.dismissed_guidance``; dismissed
    items whose data have not changed materially go to ``hidden``.
    ``self_checks`` defaults to the journal's stored weekly self-checks.
    """
    if self_checks is None:
        self_checks = journal.self_checks
    today = today or now_local().date()
    if dismissed is None:
        dismissed = journal.settings.dismissed_guidance
    data = _Data.of(journal, today)

    found: dict[str, GuidanceItem] = {}
    for flag in ("speech_swallowing", "weakness", "wasting", "numbness"):
        item = _symptom(data, flag)
        if item:
            found[flag] = item
    for rule in (_tongue, _widespread, _persistent, _medication):
        item = rule(data)
        if item:
            found[item.id] = item
    flags = [found[k] for k in _FLAG_ORDER if k in found]
    flags += self_check_flags(self_checks, today)
    tips = [
        t
        for t in (
            _caffeine_tip(data),
            _sleep_tip(data),
            _hydration_tip(data),
            _stress_tip(data),
        )
        if t is not None
    ]
    hidden = [i for i in (*flags, *tips) if is_dismissed(i, dismissed)]
    return GuidanceReport(
        red_flags=[i for i in flags if i not in hidden],
        tips=[i for i in tips if i not in hidden],
        hidden=hidden,
        today=today,
    )


def dismiss(journal: Journal, item: GuidanceItem) -> Journal:
    """A journal whose settings remember ``item`` as dismissed at its fingerprint."""
    stored = {**journal.settings.dismissed_guidance, item.id: item.fingerprint}
    settings = journal.settings.model_copy(update={"dismissed_guidance": stored})
    return journal.model_copy(update={"settings": settings})


def restore(journal: Journal, item_id: str | None = None) -> Journal:
    """A journal with one dismissal (or, with no id, every dismissal) forgotten."""
    stored = (
        {}
        if item_id is None
        else {
            k: v for k, v in journal.settings.dismissed_guidance.items() if k != item_id
        }
    )
    settings = journal.settings.model_copy(update={"dismissed_guidance": stored})
    return journal.model_copy(update={"settings": settings})


# --------------------------------------------------------------------------- topics


class GuidanceContentError(ValueError):
    """A guidance content file is malformed; the message names the file and field."""


class Topic(BaseModel):
    """One guidance note: short paragraphs, optional bullets, and where it came from."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: str = Field(min_length=1, max_length=80)
    body: tuple[str, ...] = Field(min_length=1)
    bullets: tuple[str, ...] = ()
    source: str
    groups: tuple[str, ...] = ()
    flag: str | None = None
    keywords: tuple[str, ...] = ()
    section: str = ""

    @field_validator("source")
    @classmethod
    def _known_source(cls, value: str) -> str:
        problem = source_problem(value)
        if problem:
            raise ValueError(problem)
        return value

    @field_validator("groups")
    @classmethod
    def _known_groups(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [g for g in value if g not in GROUPS]
        if unknown:
            raise ValueError(f"unknown body-area group {unknown[0]!r}")
        return value

    @field_validator("flag")
    @classmethod
    def _known_flag(cls, value: str | None) -> str | None:
        if value is not None and value not in SYMPTOM_FLAGS:
            raise ValueError(f"unknown symptom flag {value!r}")
        return value

    def texts(self) -> tuple[str, ...]:
        """Every user-facing sentence block of the topic."""
        return (self.title, *self.body, *self.bullets)

    def matches(self, query: str) -> bool:
        """True when every word of ``query`` appears in the topic (case-insensitive)."""
        hay = " ".join((*self.texts(), *self.keywords)).casefold()
        return all(word in hay for word in query.casefold().split())


class Section(BaseModel):
    """A group of topics as stored in one content file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    section: str = Field(pattern=r"^[a-z][a-z_]*$")
    title: str = Field(min_length=1)
    order: int = 0
    topics: tuple[Topic, ...] = Field(min_length=1)


@dataclass(frozen=True, slots=True)
class GuidanceContent:
    """The whole topic library, with look-ups by id, body area and symptom flag."""

    sections: tuple[Section, ...]

    @property
    def topics(self) -> tuple[Topic, ...]:
        """All topics in reading order."""
        return tuple(t for s in self.sections for t in s.topics)

    def topic(self, topic_id: str) -> Topic:
        """The topic with this id; KeyError if there is none."""
        for t in self.topics:
            if t.id == topic_id:
                return t
        raise KeyError(topic_id)

    def for_group(self, group: str) -> Topic | None:
        """The body-area note that covers a region group."""
        return next((t for t in self.topics if group in t.groups), None)

    def for_region(self, region_id: str) -> Topic | None:
        """The body-area note for a region id (None for an unknown id)."""
        try:
            return self.for_group(region(region_id).group)
        except KeyError:
            return None

    def for_flag(self, flag: str) -> Topic | None:
        """The doctor note for a symptom flag."""
        return next((t for t in self.topics if t.flag == flag), None)

    def search(self, query: str) -> list[Topic]:
        """Topics matching every word of ``query``; all topics for a blank query."""
        return [t for t in self.topics if t.matches(query)]


def parse_section(text: str, name: str = "<guidance>") -> Section:
    """One content file's JSON text -> :class:`Section` (clear error on bad input)."""
    try:
        section = Section.model_validate_json(text)
    except ValidationError as err:
        raise GuidanceContentError(
            f"{name}: {describe_validation_error(err)}"
        ) from None
    topics = tuple(
        t.model_copy(update={"section": section.section}) for t in section.topics
    )
    return section.model_copy(update={"topics": topics})


def build_content(sections: Iterable[Section]) -> GuidanceContent:
    """Check the sections fit together (unique ids, every group and flag covered)."""
    ordered = tuple(sorted(sections, key=lambda s: (s.order, s.section)))
    seen: set[str] = set()
    for s in ordered:
        for t in s.topics:
            if t.id in seen:
                raise GuidanceContentError(f"topic id {t.id!r} appears twice")
            seen.add(t.id)
    content = GuidanceContent(ordered)
    for group in GROUPS:
        covering = [t.id for t in content.topics if group in t.groups]
        if len(covering) != 1:
            raise GuidanceContentError(
                f"body-area group {group!r} needs exactly one note, found {covering}"
            )
    for flag in SYMPTOM_FLAGS:
        if content.for_flag(flag) is None:
            raise GuidanceContentError(f"symptom flag {flag!r} has no note")
    return content


def parse_content(files: Mapping[str, str]) -> GuidanceContent:
    """File name -> JSON text of every content file, as one checked library."""
    return build_content(parse_section(text, name) for name, text in files.items())


def rules_topic() -> Topic:
    """'How the checks read your journal', written from the rule constants."""
    return Topic(
        id="how_checks_work",
        title="How the checks read your journal",
        section="about",
        body=(
            "The checks only look for patterns in what you logged that public health "
            "guidance says are worth showing a doctor. They cannot tell what is "
            "behind a pattern.",
            "A dismissed note stays hidden until the data behind it change, for "
            "example a new day with a ticked symptom or a new body area.",
        ),
        bullets=(
            "Ticked symptoms: any twitch logged with weakness, numbness, trouble "
            "speaking or swallowing, or a thinner-looking muscle, and any twitch "
            "logged in the tongue.",
            f"Twitching on most days: a stretch of {PERSISTENT_WINDOW_DAYS} days, "
            f"starting and ending with a twitch, with twitches on at least "
            f"{PERSISTENT_MIN_DAYS} of them, ending in the last "
            f"{PATTERN_LOOKBACK_DAYS} days.",
            f"Several body areas: twitches in {WIDESPREAD_MIN_PLACES} or more of "
            "these places within "
            f"{WIDESPREAD_WINDOW_DAYS} days: head, neck, trunk (chest, belly and "
            "back), left arm, right arm, left leg, right leg; or a new place in each "
            f"of {SPREAD_WEEKS_IN_A_ROW} weeks in a row.",
            f"A new medicine: one first listed in a check-in up to "
            f"{MEDICATION_LEAD_DAYS} days before twitching began, or before a week "
            f"with at least twice the usual number of twitches and "
            f"{RISE_MIN_EXTRA} or more extra.",
            f"Tips: your averages over the last {TIP_WINDOW_DAYS} days, once a value "
            f"is logged on at least {TIP_MIN_DAYS} days: caffeine above 400 mg, sleep "
            "under 7 hours, water under 1,500 ml, stress of 7 or more out of 10.",
        ),
        source="twitchtrack: about this app; NHS: Twitching eyes and muscles",
        keywords=("rules", "checks", "red flags", "dismiss", "how it works"),
    )
