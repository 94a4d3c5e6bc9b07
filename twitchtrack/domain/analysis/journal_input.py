"""A journal turned into the count model's input: one ``DayInput`` per local day."""

from __future__ import annotations

from collections import Counter
from datetime import date, tzinfo

from twitchtrack.domain.analysis.tracking import MODEL_FACTORS, DayInput
from twitchtrack.domain.day_values import effective_days, latest_logs
from twitchtrack.domain.models import Journal
from twitchtrack.domain.times import plausible_days

# The check-in's own reading, kept for callers of the older name.
_latest_logs = latest_logs


def day_inputs(
    journal: Journal, *, today: date, zone: tzinfo | None = None
) -> tuple[DayInput, ...]:
    """One ``DayInput`` per local day with a live episode, a live check-in, or a
    live intake or sleep period, by date.

    Only days that could have been logged by ``today`` (``plausible_days``): an
    outlier an older version let in (a year 9999 time) would stretch the model's
    day-by-day calendar over thousands of years.

    The count is the day's live episodes; the tracking answer comes from that
    day's check-in (none said when there is no check-in). Factor values are the
    check-in's, except that sleep, caffeine, water, alcohol and magnesium are the
    effective day values (``day_values``): typed, else derived from the day's
    intakes and sleep periods (``zone``: as ``day_values.local_day``). A day with
    neither a check-in nor a derived value has no factor values at all. Which
    days then enter the model is the tracked-day rule's business
    (``tracking.tracked_days``), not this function's.
    """
    counts = Counter(e.local_day for e in journal.live_episodes())
    logs = latest_logs(journal)
    effective = effective_days(journal, zone, logs=logs)
    out = []
    for day in sorted(plausible_days(set(counts) | set(effective), today)):
        found = logs.get(day)
        factors: dict[str, float | None] = (
            {f: getattr(found, f) for f in MODEL_FACTORS} if found else {}
        )
        values = effective.get(day)
        if values is not None:
            if found is None:
                # Only what the timed records say; nothing else was logged.
                factors = {f: getattr(values, f) for f in values.derived}
            else:
                factors.update(
                    (f, v) for f, v in values.values().items() if f in MODEL_FACTORS
                )
        out.append(
            DayInput(
                day, counts.get(day, 0), found.tracking if found else None, factors
            )
        )
    return tuple(out)
