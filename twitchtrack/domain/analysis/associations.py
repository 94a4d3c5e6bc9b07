"""Every check-in factor against twitches at lags 0-2: the tests behind Trends."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Literal

import numpy as np

from twitchtrack.domain.analysis.results import (
    LAGS,
    MIN_PAIRED_DAYS,
    MIN_PER_SIDE,
    Association,
    Insights,
    Side,
    Status,
)
from twitchtrack.domain.analysis.series import (
    FACTORS,
    DailySeries,
    Outcome,
    check_outcome,
    daily_series,
)
from twitchtrack.domain.analysis.stats import (
    FloatArray,
    average_ranks,
    benjamini_hochberg,
    fisher_ci,
    is_constant,
    ranks_effective_days,
    ranks_rho,
    spearman_p,
    spearman_rho,
    welch_ci,
)
from twitchtrack.domain.analysis.wording import with_sentence
from twitchtrack.domain.models import Journal

ALPHA = 0.05

# Health cut-offs named in issue 5: 400 mg of caffeine a day (the usual adult limit,
# e.g. EFSA and the FDA), 7 h of sleep (the adult minimum recommended by the AASM),
# 1,500 ml of water as a low-intake line.  Other factors split at the median.
THRESHOLDS: dict[str, float] = {
    "caffeine_mg": 400.0,
    "sleep_h": 7.0,
    "water_ml": 1500.0,
}

# The side a sentence talks about: the one people usually worry about.
FOCUS: dict[str, Side] = {
    "caffeine_mg": "high",
    "sleep_h": "low",
    "sleep_quality": "low",
    "water_ml": "low",
    "stress": "high",
    "exercise_min": "high",
    "alcohol_units": "high",
    "magnesium_mg": "high",
}


@dataclass
class _Raw:
    """A test before multiple-testing correction and wording."""

    factor: str
    lag: int
    n: int
    threshold: float | None
    kind: Literal["health", "median"]
    rule: Literal[">=", ">"]
    high_n: int
    low_n: int
    days_needed: int = 0
    rho: float | None = None
    rho_ci: tuple[float, float] | None = None
    p: float | None = None
    high_mean: float | None = None
    low_mean: float | None = None
    diff: float | None = None
    diff_ci: tuple[float, float] | None = None
    reverse_rho: float | None = None
    n_effective: float | None = None


def _choose_threshold(
    factor: str, values: FloatArray
) -> tuple[float | None, Literal["health", "median"], Literal[">=", ">"]]:
    """Where to split a factor's logged values into high and low.

    The rule is in docs/statistics.md (high/low split).
    """
    n = values.size
    cut = THRESHOLDS.get(factor)
    if cut is not None:
        high = int(np.count_nonzero(values >= cut))
        if n == 0 or min(high, n - high) >= MIN_PER_SIDE:
            return cut, "health", ">="
    if n == 0:
        return None, "median", ">="
    median = float(np.median(values))
    at_or_above = int(np.count_nonzero(values >= median))
    above = int(np.count_nonzero(values > median))
    if min(above, n - above) > min(at_or_above, n - at_or_above):
        return median, "median", ">"
    return median, "median", ">="


def _test(
    factor: str,
    lag: int,
    x: FloatArray,
    y: FloatArray,
    split: tuple[float | None, Literal["health", "median"], Literal[">=", ">"]],
) -> _Raw:
    size = x.size
    threshold, kind, rule = split
    xs = x[: max(size - lag, 0)]
    ys = y[lag:]
    paired = ~np.isnan(xs)
    xv = xs[paired]
    yv = ys[paired]
    n = int(xv.size)
    if threshold is None:
        high = np.zeros(n, dtype=bool)
    else:
        high = xv >= threshold if rule == ">=" else xv > threshold
    high_n = int(np.count_nonzero(high))
    low_n = n - high_n
    raw = _Raw(factor, lag, n, threshold, kind, rule, high_n, low_n)
    needed = max(MIN_PAIRED_DAYS - n, MIN_PER_SIDE - high_n, MIN_PER_SIDE - low_n, 0)
    if needed:
        raw.days_needed = needed
        return raw
    yh = yv[high]
    yl = yv[~high]
    raw.high_mean = float(yh.mean())
    raw.low_mean = float(yl.mean())
    # Ranked once: for rho and for the effective days alike.
    ranks_x, ranks_y = average_ranks(xv), average_ranks(yv)
    n_eff = ranks_effective_days(ranks_x, ranks_y)
    raw.n_effective = n_eff
    diff, lo, hi = welch_ci(yh, yl, inflation=n / n_eff)
    raw.diff = diff
    raw.diff_ci = (lo, hi)
    rho = math.nan if is_constant(xv, yv) else ranks_rho(ranks_x, ranks_y)
    if not math.isnan(rho):
        raw.rho = rho
        raw.rho_ci = fisher_ci(rho, n_eff)
        raw.p = spearman_p(rho, n_eff)
    # Reverse direction: today's outcome against the factor some days later.
    back = max(lag, 1)
    xr = x[back:]
    yr = y[: max(size - back, 0)]
    rmask = ~np.isnan(xr)
    if np.count_nonzero(rmask) >= 3:
        reverse = spearman_rho(xr[rmask], yr[rmask])
        raw.reverse_rho = None if math.isnan(reverse) else reverse
    return raw


def analyze_series(series: DailySeries, *, outcome: str = "episodes") -> Insights:
    """Every factor x lag test on an already built series."""
    check_outcome(outcome)
    out: Outcome = "episodes" if outcome == "episodes" else "intensity"
    y = series.outcome(out)
    raws: list[_Raw] = []
    for factor in FACTORS:
        x = series.factors[factor]
        split = _choose_threshold(factor, x[~np.isnan(x)])
        raws.extend(_test(factor, lag, x, y, split) for lag in LAGS)
    tested = [r for r in raws if r.p is not None]
    adjusted = benjamini_hochberg([r.p for r in tested if r.p is not None])
    p_adj = {id(r): a for r, a in zip(tested, adjusted, strict=True)}
    return Insights(
        days_analyzed=len(series),
        associations=[_finish(r, p_adj.get(id(r)), out) for r in raws],
        outcome=out,
    )


def analyze(
    journal: Journal,
    start: date | None = None,
    end: date | None = None,
    *,
    outcome: str = "episodes",
) -> Insights:
    """Relate each check-in factor to twitches on the same day and two days after."""
    check_outcome(outcome)
    return analyze_series(daily_series(journal, start, end), outcome=outcome)


def _finish(raw: _Raw, p_adjusted: float | None, outcome: Outcome) -> Association:
    status: Status
    if raw.days_needed:
        status = "insufficient_data"
    elif p_adjusted is not None and p_adjusted < ALPHA:
        status = "association"
    else:
        status = "no_clear_association"
    unclear = (
        status == "association"
        and raw.rho is not None
        and raw.reverse_rho is not None
        and abs(raw.reverse_rho) > abs(raw.rho)
    )
    focus = FOCUS[raw.factor]
    assoc = Association(
        factor=raw.factor,
        lag=raw.lag,
        n=raw.n,
        rho=raw.rho,
        rho_ci=raw.rho_ci,
        threshold=raw.threshold,
        threshold_kind=raw.kind,
        high_n=raw.high_n,
        low_n=raw.low_n,
        high_mean=raw.high_mean,
        low_mean=raw.low_mean,
        difference=raw.diff,
        difference_ci=raw.diff_ci,
        p=raw.p,
        p_adjusted=p_adjusted,
        status=status,
        days_needed=raw.days_needed,
        direction_unclear=unclear,
        sentence="",
        high_rule=raw.rule,
        focus=focus,
        reverse_rho=raw.reverse_rho,
        outcome=outcome,
        n_effective=raw.n_effective,
    )
    return with_sentence(assoc)


def lagged_pairs(
    series: DailySeries, factor: str, lag: int, *, outcome: str = "episodes"
) -> tuple[FloatArray, FloatArray]:
    """The pairs behind an ``Association``: (factor on day D, outcome on D + lag).

    Only days D inside the series whose factor was logged and whose D + lag is
    inside the series, exactly as the tests in ``analyze_series`` pair them.
    """
    if factor not in FACTORS:
        raise ValueError(f"unknown factor {factor!r}")
    if lag not in LAGS:
        raise ValueError(f"lag must be one of {LAGS}, not {lag!r}")
    x = series.factors[factor]
    y = series.outcome(outcome)
    xs = x[: max(x.size - lag, 0)]
    ys = y[lag:]
    keep = ~np.isnan(xs)
    return xs[keep].copy(), ys[keep].copy()
