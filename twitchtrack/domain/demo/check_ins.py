"""Demo check-ins: which days and fields are logged, medicines, tags and notes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np
from numpy.typing import NDArray

from twitchtrack.domain.models import DAY_FACTORS, DayLog, day_id

_DAY_TAGS = ("travel", "screen-heavy", "hot day", "headache", "late night", "gym")

_DAY_NOTES = (
    "Quiet day.",
    "Long day at work.",
    "Felt fine overall.",
    "Busy — lots of calls.",
    "Walked to the market, nice weather.",
    "Dinner with friends, late night.",
    "Tired, but OK.",
    "Worked from home; many video calls.",
)

# Chance that a field is left empty on a day that has a check-in.
_MISSING = {
    "caffeine_mg": 0.05,
    "sleep_h": 0.08,
    "sleep_quality": 0.2,
    "water_ml": 0.1,
    "stress": 0.1,
    "exercise_min": 0.15,
    "alcohol_units": 0.25,
    "magnesium_mg": 0.3,
}

_INTEGER_FACTORS = frozenset({"sleep_quality", "stress"})


def demo_check_ins(
    rng: np.random.Generator,
    start: date,
    aware: Callable[[datetime], datetime],
    now: datetime | None,
    truth: dict[str, NDArray[Any]],
) -> list[DayLog]:
    """Check-ins on about 85% of the days of ``truth`` (true values by factor);
    ``aware`` gives a naive local time its zone. With ``now``, none is stamped
    after it."""
    n = next(iter(truth.values())).size
    logged = rng.random(n) < 0.85
    missing = {f: rng.random(n) < p for f, p in _MISSING.items()}
    values = {f: truth[f].tolist() for f in DAY_FACTORS}

    dates = [start + timedelta(days=i) for i in range(n)]
    # Cetirizine in the spring allergy season, the odd ibuprofen on headache days.
    spring = np.array([d.month in (4, 5, 6) for d in dates])
    cetirizine = rng.random(n) < np.where(spring, 0.7, 0.04)
    tag_draw = rng.random(n)
    tag_idx = rng.integers(0, len(_DAY_TAGS), n)
    ibuprofen = rng.random(n) < 0.5
    note_draw = rng.random(n)
    note_idx = rng.integers(0, len(_DAY_NOTES), n)
    # Check-ins are written in the evening, sometimes the next morning.
    evening = rng.random(n) < 0.7
    stamp_hour = np.where(
        evening, rng.uniform(21.0, 23.5, n), rng.uniform(31.0, 34.0, n)
    )
    edit = np.where(rng.random(n) < 0.1, rng.uniform(60.0, 7200.0, n), 0.0)

    out: list[DayLog] = []
    for i in np.flatnonzero(logged).tolist():
        day = dates[i]
        record: dict[str, Any] = {"id": day_id(day), "date": day}
        for f in DAY_FACTORS:
            if not missing[f][i]:
                v = values[f][i]
                record[f] = int(v) if f in _INTEGER_FACTORS else float(v)
        meds: list[str] = []
        if cetirizine[i]:
            meds.append("Cetirizine")
        tags: list[str] = []
        if tag_draw[i] < 0.15:
            tags.append(_DAY_TAGS[int(tag_idx[i])])
            if tags[0] == "headache" and ibuprofen[i]:
                meds.append("Ibuprofen")
        record["medications"] = meds
        record["tags"] = tags
        if note_draw[i] < 0.08:
            record["note"] = _DAY_NOTES[int(note_idx[i])]
        naive = datetime.combine(day, datetime.min.time()) + timedelta(
            hours=float(stamp_hour[i])
        )
        stamped = aware(naive)
        created = stamped.astimezone(UTC)
        updated = created + timedelta(seconds=round(float(edit[i]), 3))
        if now is not None:
            if datetime.combine(day, datetime.min.time(), now.tzinfo) > now:
                continue
            created, updated = min(created, now), min(updated, now)
        record["created_at"] = created
        record["updated_at"] = updated
        out.append(DayLog.model_validate(record))
    return out
