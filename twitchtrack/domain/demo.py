"""Seeded synthetic journal with planted, documented associations for demos and tests.

The generator draws every value with ``numpy.random.default_rng(seed)``, so a given
``(days, seed, end, tz)`` always yields the same journal, ids and timestamps included.
Fifty years (18,250 days, about 100,000 episodes) take about 1.5-2 s.

What the data look like
-----------------------
* Episodes: about 5.5 a day on average. Roughly 40% on the eyelids (mostly one
  lower eyelid; which eye is chosen by the seed), a quarter on the calves, the rest
  on thighs, arms and a scattering of other places. Never the tongue.
* Time of day: a clear evening peak (around 20:45 local), a smaller afternoon hump,
  and some at any waking hour. Workdays (Mon-Fri) have more episodes than weekends.
* Intensity mostly 2-5; patterns mostly single, with bursts and, on the eyelids,
  continuous flutter; durations of seconds (single) to minutes (continuous).
* Symptom flags: a handful of ``pain`` (mostly calf cramps, ~1 a month) and a
  very rare ``numbness`` (~1 a year); never ``weakness``, ``wasting`` or
  ``speech_swallowing``, so the demo raises no red flags. The region mix and the
  rate do not drift over time.
* Check-ins on about 85% of days; on a logged day each field may still be missing
  (``None``, never 0). Zeros that do appear are real zeros (no alcohol, no
  exercise, no magnesium taken, the odd caffeine-free day). Cetirizine in the
  spring, the odd Ibuprofen on a "headache" day, a few tags and short notes.

Planted associations (expected episodes per day)
------------------------------------------------
The daily rate is ``BASELINE`` (1.5) plus ``WORKDAY_EFFECT`` (+0.8 Monday-Friday)
plus the effects below, times a gamma day-to-day wobble (mean 1, shape 40); the
count is Poisson. Factor values are drawn independently of each other, of the
weekday and of the previous day, and a day's *true* value acts even when it was
not logged. "Lag k" pairs the check-in of date D with the episodes dated D + k.

* ``caffeine_mg`` >= 300 mg: **+3.0** episodes on the same day (lag 0).
* ``sleep_h`` < 6 h: **+3.0** episodes on the day after the short night, which is
  **lag 0**: the check-in of date D holds the night that ended on the morning of D,
  so "the day after" that night is D itself. Nights are independent, so lags 1 and
  2 show nothing.
* ``water_ml`` < 1,500 ml: **+3.0** episodes on the same day (lag 0).
* ``stress`` (0-10): **+0.7** episodes per point on the same day (lag 0), linear
  around the typical level of 4 (sd about 2).
* ``exercise_min``, ``alcohol_units``, ``magnesium_mg``, ``sleep_quality``: **no
  effect** at any lag (independent noise). Medications, tags, notes and the
  episode fields carry no effect either.

About 39% of days reach 300 mg caffeine, 39% have a short night and 38% low
water, so both sides of every split have 50+ days in 180. Checked over 40 seeds
at 180 days: Spearman and high/low splits with Benjamini-Hochberg over
8 factors x 3 lags find each planted effect in about 9 runs of 10 (seed 7: all
four, and no noise factor); at 365 days, in every run.
``PLANTED`` lists these effects; ``demo_factor_effects()`` gives the short form.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from typing import Any

import numpy as np
from numpy.typing import NDArray

from twitchtrack.domain.models import (
    DAY_FACTORS,
    DayLog,
    Episode,
    Journal,
    day_id,
    now_local,
)

BASELINE = 1.5  # expected episodes on a neutral weekend day
WORKDAY_EFFECT = 0.8  # extra expected episodes Monday to Friday
STRESS_CENTRE = 4  # stress level at which the stress term is zero
_WOBBLE_SHAPE = 40.0  # gamma shape of the day-to-day rate multiplier (mean 1)


@dataclass(frozen=True, slots=True)
class PlantedEffect:
    """One planted association between a check-in factor and episode counts.

    ``effect`` is signed as "higher factor value minus lower": for a threshold
    factor the step in expected episodes per day between the two sides of
    ``threshold`` (values ``>= threshold`` count as high); for a linear factor
    (``threshold is None``) the change per unit of the factor.
    """

    factor: str
    lag: int
    effect: float
    threshold: float | None


PLANTED: tuple[PlantedEffect, ...] = (
    PlantedEffect("caffeine_mg", 0, 3.0, 300.0),
    PlantedEffect("sleep_h", 0, -3.0, 6.0),
    PlantedEffect("water_ml", 0, -3.0, 1500.0),
    PlantedEffect("stress", 0, 0.7, None),
)
_PLANT = {p.factor: p for p in PLANTED}


def demo_factor_effects() -> dict[str, tuple[int, float]]:
    """Planted ``(lag, effect)`` for every day factor; ``(0, 0.0)`` means no effect.

    The effect is signed as in ``PlantedEffect`` (positive: more twitches at higher
    values), e.g. ``sleep_h -> (0, -3.0)``: 3 more episodes on day D when the
    check-in of day D has a night below 6 h (the night that ended that morning).
    """
    out = dict.fromkeys(DAY_FACTORS, (0, 0.0))
    out.update({p.factor: (p.lag, p.effect) for p in PLANTED})
    return out


# Region weights: the favourite eye gets most eyelid episodes; "fav"/"other" are
# replaced by the seeded side.
_REGION_WEIGHTS: tuple[tuple[str, float], ...] = (
    ("eyelid_lower_fav", 0.26),
    ("eyelid_upper_fav", 0.08),
    ("eyelid_lower_other", 0.04),
    ("eyelid_upper_other", 0.02),
    ("calf_left", 0.12),
    ("calf_right", 0.11),
    ("thigh_front_left", 0.035),
    ("thigh_front_right", 0.035),
    ("thigh_back_left", 0.02),
    ("thigh_back_right", 0.02),
    ("upper_arm_front_left", 0.025),
    ("upper_arm_front_right", 0.025),
    ("forearm_front_left", 0.015),
    ("forearm_front_right", 0.02),
    ("upper_arm_back_right", 0.01),
    ("eyebrow_fav", 0.02),
    ("cheek_fav", 0.015),
    ("lip_lower", 0.01),
    ("thumb_right", 0.01),
    ("abdomen_upper", 0.015),
    ("upper_back_left", 0.01),
    ("shoulder_back_right", 0.01),
    ("foot_top_right", 0.01),
    ("sole_left", 0.01),
    ("shin_left", 0.01),
)

_KINDS = ("twitch", "flutter", "cramp", "spasm")
_PATTERNS: tuple[str | None, ...] = ("single", "burst", "continuous", None)

_EPISODE_NOTES = (
    "while reading",
    "at the desk",
    "watching TV",
    "after a long walk",
    "lying in bed",
    "after espresso at the café",
    "in a meeting, nobody noticed",
    "driving home",
    "could see it ripple under the skin",
    "comes and goes",
)
_EPISODE_TAGS = ("screen", "reading", "after run", "driving", "in bed")
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

_Floats = NDArray[np.float64]


def _rounded(values: _Floats, step: float) -> _Floats:
    """Values rounded to what a person would type (e.g. to 5 mg or 0.25 h)."""
    return np.round(values / step) * step


def _step(factor: str, values: _Floats) -> _Floats:
    """The planted threshold effect of ``factor``, signed high minus low."""
    plant = _PLANT[factor]
    assert plant.threshold is not None
    high = values >= plant.threshold
    # Only the "bad" side gets the extra episodes, so the rate never drops below
    # the baseline: high side for a positive effect, low side for a negative one.
    return np.where(high if plant.effect > 0 else ~high, abs(plant.effect), 0.0)


def _cached_offset(cache: dict[timedelta, timezone], offset: timedelta) -> timezone:
    zone = cache.get(offset)
    if zone is None:
        zone = cache[offset] = timezone(offset)
    return zone


def generate_demo(
    days: int = 180,
    seed: int = 7,
    *,
    end: date | None = None,
    tz: tzinfo | None = None,
) -> Journal:
    """A synthetic journal of ``days`` days ending on ``end`` (inclusive).

    ``end`` defaults to today and ``tz`` to the local zone's current offset; with
    both given the result depends only on the arguments. When ``end`` is left to
    default, nothing is stamped after the present moment.
    """
    if days < 1:
        raise ValueError("days must be at least 1")
    now: datetime | None = None
    if end is None:
        now = now_local()
        end = now.date()
    if tz is None:
        tz = now_local().tzinfo or UTC

    rng = np.random.default_rng(seed)
    n = days
    start = end - timedelta(days=n - 1)
    weekday = (start.weekday() + np.arange(n)) % 7
    workday = weekday < 5

    # True daily factor values (they act whether or not they are logged).
    caffeine = np.clip(_rounded(rng.normal(270.0, 120.0, n), 5.0), 0.0, 900.0)
    # The night that ended on the morning of each day. One value more is drawn
    # than used so the random stream (and thus every seed's demo) stays as it was.
    sleep = np.clip(_rounded(rng.normal(6.2, 1.1, n + 1), 0.25), 3.5, 10.0)[1:]
    water = np.clip(_rounded(rng.normal(1600.0, 450.0, n), 50.0), 300.0, 4500.0)
    stress = np.clip(np.round(rng.normal(4.0, 2.0, n)), 0, 10).astype(np.int64)
    # Noise factors, independent of everything above.
    sleep_quality = rng.integers(1, 6, n)
    exercise = np.where(
        rng.random(n) < 0.45,
        0.0,
        np.minimum(_rounded(rng.gamma(3.0, 15.0, n), 5.0), 300.0),
    )
    alcohol = np.where(
        rng.random(n) < 0.7,
        0.0,
        np.minimum(_rounded(rng.gamma(2.0, 1.0, n), 0.5), 12.0),
    )
    magnesium = np.where(
        rng.random(n) < 0.55, 0.0, rng.choice([200.0, 300.0, 400.0], n)
    )

    rate = (
        BASELINE
        + WORKDAY_EFFECT * workday
        + _step("caffeine_mg", caffeine)
        + _step("sleep_h", sleep)
        + _step("water_ml", water)
        + _PLANT["stress"].effect * (stress - STRESS_CENTRE)
    )
    rate = np.clip(rate, 0.3, None) * rng.gamma(_WOBBLE_SHAPE, 1.0 / _WOBBLE_SHAPE, n)
    counts = rng.poisson(rate)

    episodes = _episodes(rng, counts, start, tz, now)
    day_logs = _day_logs(
        rng,
        start,
        tz,
        now,
        {
            "caffeine_mg": caffeine,
            "sleep_h": sleep,
            "sleep_quality": sleep_quality,
            "water_ml": water,
            "stress": stress,
            "exercise_min": exercise,
            "alcohol_units": alcohol,
            "magnesium_mg": magnesium,
        },
    )
    return Journal(episodes=episodes, days=day_logs)


def _uuids(rng: np.random.Generator, count: int) -> list[uuid.UUID]:
    raw = rng.bytes(16 * count)
    return [
        uuid.UUID(bytes=raw[i : i + 16], version=4) for i in range(0, 16 * count, 16)
    ]


def _episodes(
    rng: np.random.Generator,
    counts: NDArray[np.int64],
    start: date,
    tz: tzinfo,
    now: datetime | None,
) -> list[Episode]:
    total = int(counts.sum())
    day_index = np.repeat(np.arange(counts.size), counts)

    # Time of day: evening peak, afternoon hump, and some at any waking hour.
    mix = rng.random(total)
    hours = np.where(
        mix < 0.55,
        rng.normal(20.75, 1.6, total),
        np.where(
            mix < 0.8, rng.normal(15.0, 2.5, total), rng.uniform(7.0, 23.5, total)
        ),
    )
    seconds = np.clip((hours * 3600.0).astype(np.int64), 6 * 3600, 86_399)
    order = np.lexsort((seconds, day_index))
    day_index, seconds = day_index[order], seconds[order]

    fav, other = ("left", "right") if rng.random() < 0.5 else ("right", "left")
    names = [
        name.replace("fav", fav).replace("other", other) for name, _ in _REGION_WEIGHTS
    ]
    weights = np.array([w for _, w in _REGION_WEIGHTS])
    region_idx = rng.choice(len(names), total, p=weights / weights.sum())
    is_eyelid = np.array([n.startswith("eyelid") for n in names])[region_idx]
    is_calf = np.array([n.startswith("calf") for n in names])[region_idx]

    u = rng.random(total)
    kind_idx = np.where(
        is_eyelid,
        np.where(u < 0.6, 1, 0),
        np.where(
            is_calf, np.select([u < 0.84, u < 0.9], [0, 2], 3), np.where(u < 0.9, 0, 3)
        ),
    )
    u = rng.random(total)
    pattern_idx = np.where(
        is_eyelid,
        np.select([u < 0.35, u < 0.7, u < 0.95], [0, 1, 2], 3),
        np.select([u < 0.75, u < 0.92, u < 0.95], [0, 1, 2], 3),
    )
    is_cramp = kind_idx == 2
    # Typical length per pattern (single, burst, continuous, unknown) in seconds.
    typical = np.array([3.0, 30.0, 300.0, 10.0])[pattern_idx]
    typical = np.where(is_cramp, 60.0, typical)
    duration = np.clip(np.round(typical * rng.lognormal(0.0, 0.6, total)), 1.0, 7200.0)
    duration_known = rng.random(total) >= np.where(pattern_idx == 3, 0.7, 0.12)

    intensity = rng.choice(
        np.arange(1, 9), total, p=[0.05, 0.21, 0.31, 0.24, 0.12, 0.04, 0.02, 0.01]
    )
    intensity = np.where(is_cramp, np.maximum(intensity, 5), intensity)
    pain = rng.random(total) < np.where(is_cramp, 0.3, 0.002)
    numbness = rng.random(total) < 0.0007
    at_rest = rng.choice([2, 1, 0], total, p=[0.4, 0.45, 0.15])  # 2 = not recorded
    seen = rng.choice([2, 1, 0], total, p=[0.6, 0.3, 0.1])
    note_idx = np.where(
        rng.random(total) < 0.04, rng.integers(0, len(_EPISODE_NOTES), total), -1
    )
    tag_idx = np.where(
        rng.random(total) < 0.03, rng.integers(0, len(_EPISODE_TAGS), total), -1
    )

    # Most are logged within a couple of minutes; some are written down hours later.
    delay = np.where(
        rng.random(total) < 0.8,
        rng.exponential(40.0, total),
        rng.uniform(600.0, 6 * 3600.0, total),
    )
    edit = np.where(rng.random(total) < 0.06, rng.uniform(60.0, 86_400.0, total), 0.0)
    ids = _uuids(rng, total)

    midnights = [
        datetime.combine(start, datetime.min.time()) + timedelta(days=i)
        for i in range(counts.size)
    ]
    zones: dict[timedelta, timezone] = {}
    fields: dict[str, list[Any]] = {
        "day": day_index.tolist(),
        "sec": seconds.tolist(),
        "region": region_idx.tolist(),
        "kind": kind_idx.tolist(),
        "pattern": pattern_idx.tolist(),
        "duration": duration.tolist(),
        "dknown": duration_known.tolist(),
        "intensity": intensity.tolist(),
        "pain": pain.tolist(),
        "numbness": numbness.tolist(),
        "at_rest": at_rest.tolist(),
        "seen": seen.tolist(),
        "note": note_idx.tolist(),
        "tag": tag_idx.tolist(),
        "delay": delay.tolist(),
        "edit": edit.tolist(),
    }
    tri = (False, True, None)  # codes drawn above: 0 = no, 1 = yes, 2 = not recorded
    out: list[Episode] = []
    for i in range(total):
        naive = midnights[fields["day"][i]] + timedelta(seconds=fields["sec"][i])
        offset = tz.utcoffset(naive) or timedelta(0)
        at = naive.replace(tzinfo=_cached_offset(zones, offset))
        if now is not None and at > now:
            continue
        created = at.astimezone(UTC) + timedelta(seconds=round(fields["delay"][i], 3))
        updated = created + timedelta(seconds=round(fields["edit"][i], 3))
        if now is not None:
            created, updated = min(created, now), min(updated, now)
        note_i, tag_i = fields["note"][i], fields["tag"][i]
        out.append(
            Episode.model_validate(
                {
                    "id": ids[i],
                    "created_at": created,
                    "updated_at": updated,
                    "at": at,
                    "region": names[fields["region"][i]],
                    "intensity": fields["intensity"][i],
                    "duration_s": fields["duration"][i]
                    if fields["dknown"][i]
                    else None,
                    "kind": _KINDS[fields["kind"][i]],
                    "pattern": _PATTERNS[fields["pattern"][i]],
                    "at_rest": tri[fields["at_rest"][i]],
                    "seen": tri[fields["seen"][i]],
                    "pain": fields["pain"][i],
                    "numbness": fields["numbness"][i],
                    "note": _EPISODE_NOTES[note_i] if note_i >= 0 else "",
                    "tags": [_EPISODE_TAGS[tag_i]] if tag_i >= 0 else [],
                }
            )
        )
    return out


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


def _day_logs(
    rng: np.random.Generator,
    start: date,
    tz: tzinfo,
    now: datetime | None,
    truth: dict[str, NDArray[Any]],
) -> list[DayLog]:
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

    zones: dict[timedelta, timezone] = {}
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
        stamped = naive.replace(
            tzinfo=_cached_offset(zones, tz.utcoffset(naive) or timedelta(0))
        )
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
