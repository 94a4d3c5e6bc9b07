"""A journal turned into the count model's input: one ``DayInput`` per local day."""

from __future__ import annotations

from collections import Counter
from datetime import date

from twitchtrack.domain.analysis.tracking import MODEL_FACTORS, DayInput
from twitchtrack.domain.models import DayLog, Journal
from twitchtrack.domain.times import plausible_days


def _latest_logs(journal: Journal) -> dict[date, DayLog]:
    """The live check-in of each date; the last edited one when there are several."""
    logs: dict[date, DayLog] = {}
    for log in journal.days:
        if log.deleted:
            continue
        seen = logs.get(log.date)
        if seen is None or log.updated_at > seen.updated_at:
            logs[log.date] = log
    return logs


def day_inputs(journal: Journal, *, today: date) -> tuple[DayInput, ...]:
    """One ``DayInput`` per local day with a live episode or a live check-in, by date.

    Only days that could have been logged by ``today`` (``plausible_days``): an
    outlier an older version let in (a year 9999 time) would stretch the model's
    day-by-day calendar over thousands of years.

    The count is the day's live episodes; the tracking answer and the factor
    values come from that day's check-in (none said when there is no check-in).
    Which days then enter the model is the tracked-day rule's business
    (``tracking.tracked_days``), not this function's.
    """
    counts = Counter(e.local_day for e in journal.live_episodes())
    logs = _latest_logs(journal)
    out = []
    for day in sorted(plausible_days(set(counts) | set(logs), today)):
        found = logs.get(day)
        out.append(
            DayInput(
                day,
                counts.get(day, 0),
                found.tracking if found else None,
                {f: getattr(found, f) for f in MODEL_FACTORS} if found else {},
            )
        )
    return tuple(out)
