"""The red-flag rule over medicines: one first listed close to a change in twitching.

``medication``
    A medicine first listed in a check-in up to 14 days before twitching *began*
    or *rose*, that date being in the last 60 days. A medicine already on the
    journal's first check-in counts too when that check-in is itself in the last
    60 days (the app cannot tell a long-standing medicine from a new one, and
    the card says so). Began: a day with twitches after 14 or more days with
    none (or the first twitch ever). Rose: the 7 days from that date hold at
    least twice the weekly average of the 28 days before and at least 5 more
    episodes, that date itself has more than the daily average, and the journal
    reaches back at least 28 days.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final, Literal

from twitchtrack.domain.guidance.data import RuleData
from twitchtrack.domain.guidance.items import GuidanceItem, digest
from twitchtrack.domain.guidance.sources import NHS_TWITCHING
from twitchtrack.domain.text import format_day, format_number, plural

MEDICATION_LEAD_DAYS: Final = 14
ONSET_GAP_DAYS: Final = 14
RISE_BASELINE_DAYS: Final = 28
RISE_MIN_EXTRA: Final = 5


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


def _new_medicines(data: RuleData) -> list[tuple[str, date, bool]]:
    """(name as first written, first date, listed from the first check-in?).

    A medicine on the very first check-in may be long-standing or just started;
    it is kept when that check-in is recent, flagged so the card can say so.
    """
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
        (
            (name, day, day == opening)
            for name, day in first.values()
            if day > opening or opening >= data.horizon
        ),
        key=lambda x: x[1],
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
    for name, started, from_start in _new_medicines(data):
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
        listed = (
            f"You listed {name} in your first check-in, on "
            f"{format_day(started, today)}; if you started it around then, this "
            "note is for you."
            if from_start
            else f"You first listed {name} on {format_day(started, today)}."
        )
        sentences.append(f"{listed} {what}")
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
        source=f"000_e5c325fa16eb5c4a.txt; {NHS_TWITCHING}",
        fingerprint=digest("medication", *facts),
        evidence={"medicines": names},
        rule=(
            "A medicine first listed shortly before twitching began or clearly rose."
        ),
        threshold=(
            f"up to {MEDICATION_LEAD_DAYS} days before twitching began (after "
            f"{ONSET_GAP_DAYS} days without) or before a week with twice the usual "
            f"twitches and {RISE_MIN_EXTRA} or more extra"
        ),
    )
