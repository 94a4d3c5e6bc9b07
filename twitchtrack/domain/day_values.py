"""The effective values of each local day: what the person typed, else what the
day's intakes and sleep periods add up to.

The rule (docs/journal-format.md, "Effective day values"): a value typed in the
day's live check-in wins, even a typed 0; a value not typed (``None``) is derived
from the day's timed records when it has any, and stays ``None`` (not logged,
never zero) when it has none. Intakes count on the local day of ``at``; a sleep
period counts on the local day on which it ends (the night that ended on the
morning of that day), and the day's sleep is the union of the asleep intervals
of its periods, so a watch and a phone recording one night are not added up.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date, datetime, tzinfo
from typing import Final, NamedTuple

from twitchtrack.domain.models import DayLog, Journal
from twitchtrack.domain.timed import SleepPeriod

# The day values that can be derived, in the order they are shown.
DAY_VALUE_FIELDS: Final[tuple[str, ...]] = (
    "sleep_h",
    "caffeine_mg",
    "water_ml",
    "alcohol_units",
    "magnesium_mg",
)
# Intake kind -> the day value its amounts add up to (both in base units).
INTAKE_FIELDS: Final[Mapping[str, str]] = {
    "caffeine": "caffeine_mg",
    "water": "water_ml",
    "alcohol": "alcohol_units",
    "magnesium": "magnesium_mg",
}
# Stages that are sleep; "awake" and "in_bed" are not.
ASLEEP_STAGES: Final = frozenset({"asleep", "light", "core", "deep", "rem"})
# Derived hours are rounded: float noise ("7.999999999") is not information.
_DIGITS: Final = 6


class DayValues(NamedTuple):
    """One local day's effective values; ``derived`` names those that came from
    intakes or sleep periods rather than from the check-in."""

    day: date
    sleep_h: float | None = None
    caffeine_mg: float | None = None
    water_ml: float | None = None
    alcohol_units: float | None = None
    magnesium_mg: float | None = None
    derived: tuple[str, ...] = ()

    def values(self) -> dict[str, float | None]:
        """The five values by field name (``DAY_VALUE_FIELDS`` order)."""
        return {
            "sleep_h": self.sleep_h,
            "caffeine_mg": self.caffeine_mg,
            "water_ml": self.water_ml,
            "alcohol_units": self.alcohol_units,
            "magnesium_mg": self.magnesium_mg,
        }


def local_day(at: datetime, zone: tzinfo | None = None) -> date:
    """The calendar day of ``at``: in its own stored offset (the offset the person
    had when it was logged, as ``Episode.local_day``), or in ``zone`` when given."""
    return at.date() if zone is None else at.astimezone(zone).date()


def latest_logs(journal: Journal) -> dict[date, DayLog]:
    """The live check-in of each date; the last edited one when there are several."""
    logs: dict[date, DayLog] = {}
    for log in journal.days:
        if log.deleted:
            continue
        seen = logs.get(log.date)
        if seen is None or log.updated_at > seen.updated_at:
            logs[log.date] = log
    return logs


def _asleep_spans(period: SleepPeriod) -> list[tuple[float, float]]:
    """The asleep parts of one period as POSIX-time spans (clipped to the period).

    POSIX times: comparing aware datetimes of different offsets is slow, and
    records from two devices often carry different offsets.
    """
    start, end = period.start.timestamp(), period.end.timestamp()
    if not period.stages:
        return [(start, end)]
    spans = []
    for stage in period.stages:
        if stage.stage in ASLEEP_STAGES:
            low = max(stage.start.timestamp(), start)
            high = min(stage.end.timestamp(), end)
            if high > low:
                spans.append((low, high))
    return spans


def union_seconds(spans: Iterable[tuple[float, float]]) -> float:
    """How many seconds the union of ``spans`` (start, end) covers."""
    total = 0.0
    current_start = current_end = None
    for low, high in sorted(spans):
        if current_end is None or low > current_end:
            if current_end is not None and current_start is not None:
                total += current_end - current_start
            current_start, current_end = low, high
        elif high > current_end:
            current_end = high
    if current_end is not None and current_start is not None:
        total += current_end - current_start
    return total


def derived_values(
    journal: Journal, zone: tzinfo | None = None
) -> dict[date, dict[str, float]]:
    """What each day's live intakes and sleep periods add up to, by local day.

    A day appears only with the fields it has records for. A day whose sleep
    periods hold no asleep time at all (only ``awake`` or ``in_bed`` stages) gets
    no derived sleep: that says nothing about how long the person slept.
    """
    out: dict[date, dict[str, float]] = defaultdict(dict)
    fields = INTAKE_FIELDS
    # One pass with no helper calls: at ten years this loop is most of the cost.
    for intake in journal.intakes:
        if intake.deleted_at is None:
            at = intake.at
            values = out[at.date() if zone is None else at.astimezone(zone).date()]
            field = fields[intake.kind]
            values[field] = values.get(field, 0.0) + intake.amount
    nights: dict[date, list[tuple[float, float]]] = defaultdict(list)
    for period in journal.sleeps:
        if period.deleted_at is None:
            nights[local_day(period.end, zone)].extend(_asleep_spans(period))
    for day, spans in nights.items():
        seconds = union_seconds(spans)
        if seconds > 0:
            out[day]["sleep_h"] = round(seconds / 3600, _DIGITS)
    return out


def effective_days(
    journal: Journal,
    zone: tzinfo | None = None,
    *,
    logs: Mapping[date, DayLog] | None = None,
) -> dict[date, DayValues]:
    """The effective values of every day with a live check-in or a derived value,
    by date. ``logs`` (``latest_logs``) may be passed by a caller that has them."""
    logs = latest_logs(journal) if logs is None else logs
    derived = derived_values(journal, zone)
    out: dict[date, DayValues] = {}
    for day in sorted(set(logs) | set(derived)):
        log = logs.get(day)
        sums = derived.get(day)
        if log is None:
            assert sums is not None  # a day is here for its check-in or its sums
            values: list[float | None] = [sums.get(f) for f in DAY_VALUE_FIELDS]
            came_from = tuple(f for f in DAY_VALUE_FIELDS if f in sums)
        else:
            values = [
                log.sleep_h,
                log.caffeine_mg,
                log.water_ml,
                log.alcohol_units,
                log.magnesium_mg,
            ]
            came_from = ()
            if sums:
                names: list[str] = []
                for i, field in enumerate(DAY_VALUE_FIELDS):
                    if values[i] is None and field in sums:
                        values[i] = sums[field]
                        names.append(field)
                came_from = tuple(names)
        out[day] = DayValues(
            day, values[0], values[1], values[2], values[3], values[4], came_from
        )
    return out
