"""The planted model of the demo: true daily factor values and the twitch rate."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
from numpy.typing import NDArray

from twitchtrack.domain.models import DAY_FACTORS

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


def daily_truth(
    rng: np.random.Generator, start: date, n: int
) -> tuple[dict[str, NDArray[Any]], NDArray[np.int64]]:
    """The true check-in values of ``n`` days from ``start`` and each day's episode
    count, drawn from the planted model (values act whether or not they are logged).
    """
    weekday = (start.weekday() + np.arange(n)) % 7
    workday = weekday < 5

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

    truth: dict[str, NDArray[Any]] = {
        "caffeine_mg": caffeine,
        "sleep_h": sleep,
        "sleep_quality": sleep_quality,
        "water_ml": water,
        "stress": stress,
        "exercise_min": exercise,
        "alcohol_units": alcohol,
        "magnesium_mg": magnesium,
    }
    return truth, counts
