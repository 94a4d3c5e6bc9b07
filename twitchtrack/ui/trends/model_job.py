"""The count model for the Trends view: what runs on the worker, what the charts read.

No Qt and no statsmodels at import: ``fit_range`` (which loads statsmodels on
its first call) runs on the view's worker thread; the GUI thread only reads the
frozen results and slices the tracked-day arrays for the day-by-day chart.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

from twitchtrack.domain.analysis.count_results import (
    CountModelResult,
    FactorResult,
    Outcome,
)
from twitchtrack.domain.analysis.journal_input import day_inputs
from twitchtrack.domain.analysis.timing import TimingResult
from twitchtrack.domain.analysis.tracking import (
    DOSE_STEPS,
    MODEL_FACTORS,
    DayInput,
    TrackedDays,
    tracked_days,
)
from twitchtrack.domain.models import Journal

Floats = npt.NDArray[np.float64]


@dataclass(frozen=True, eq=False)
class ModelInput:
    """One journal as the count model reads it (made once per journal)."""

    days: tuple[DayInput, ...]
    tracked: TrackedDays | None  # None: nothing logged yet
    # "sampling": the count is the day's sampling answers (sampling mode is on),
    # analysed as their own outcome and worded so ("Your sampling answers ...").
    outcome: Outcome = "episodes"
    # Timed caffeine before twitches (case-crossover), when drinks have times.
    timing: TimingResult | None = None


def outcome_for(sampling_mode: bool) -> Outcome:
    """The outcome Trends analyses: sampling answers while sampling mode is on."""
    return "sampling" if sampling_mode else "episodes"


def model_input(
    journal: Journal, today: date | None = None, *, outcome: Outcome = "episodes"
) -> ModelInput:
    """The days and the tracked-day verdict of one journal (worker thread)."""
    day = today or date.today()
    if outcome == "sampling":
        from twitchtrack.domain.analysis.sampling_input import sample_inputs

        days = sample_inputs(journal, today=day)
    else:
        days = day_inputs(journal, today=day)
    timing = None
    if outcome == "episodes" and any(
        i.kind == "caffeine" and not i.deleted for i in journal.intakes
    ):
        from twitchtrack.domain.analysis.timing import fit_timing, tracked_dates

        timing = fit_timing(journal, tracked_dates(days))
    return ModelInput(days, tracked_days(days) if days else None, outcome, timing)


def fit_range(data: ModelInput, start: date, end: date) -> CountModelResult:
    """The count model for the days ``start..end`` (worker thread)."""
    from twitchtrack.domain.analysis.count_model import fit_count_model

    return fit_count_model(data.days, start=start, end=end, outcome=data.outcome)


# ------------------------------------------------------------ chart figures


def tracked_pairs(
    td: TrackedDays, factor: str, lag: int, start: date, end: date
) -> tuple[Floats, Floats]:
    """(factor on day D, twitches on D + lag) for tracked days D + lag in the range.

    The rows the model reads: the outcome day is in ``start..end`` and kept by
    the tracked-day rule; the factor was logged on day D.
    """
    n = len(td)
    first = td.start.toordinal()
    lo = max(start.toordinal() - first, lag)
    hi = min(end.toordinal() - first, n - 1)
    if hi < lo:
        return np.zeros(0), np.zeros(0)
    out_idx = np.arange(lo, hi + 1)
    x = td.factors[factor][out_idx - lag]
    keep = td.kept[out_idx] & ~np.isnan(x)
    return x[keep], td.counts[out_idx][keep]


@dataclass(frozen=True, slots=True)
class Side:
    """A rate per tracked day on one side of the cut-off, with its 95% interval."""

    x0: float
    x1: float
    rate: float
    low: float
    high: float
    days: int


def _lag_fit(r: FactorResult, lag: int) -> tuple[float, float, float] | None:
    for fit in r.lags:
        if fit.lag == lag:
            return fit.rate_ratio, fit.ci_low, fit.ci_high
    if r.lag == lag and r.rate_ratio is not None:
        assert r.ci_low is not None
        assert r.ci_high is not None
        return r.rate_ratio, r.ci_low, r.ci_high
    return None


def sides(r: FactorResult, lag: int, x: Floats, y: Floats) -> tuple[Side, Side] | None:
    """The other side's observed rate and the cut-off side's rate from the model.

    The other side is its days' mean count (95% interval from their spread);
    the side meeting the cut-off is that rate times the model's rate ratio at
    ``lag``, with the ratio's interval: the gap drawn is the model's, adjusted
    as the sentence says. None without a fit at that lag.
    """
    fit = _lag_fit(r, lag)
    if fit is None or r.cutoff_value is None or x.size == 0:
        return None
    cut = r.cutoff_value
    meets = x >= cut if r.cutoff_op == ">=" else x < cut
    other = y[~meets]
    if other.size < 2 or not meets.any():
        return None
    rate = float(other.mean())
    half = 1.96 * float(other.std(ddof=1)) / math.sqrt(other.size)
    lo_x, hi_x = float(x.min()), float(x.max())
    other_span = (cut, hi_x) if r.cutoff_op == "<" else (lo_x, cut)
    meet_span = (lo_x, cut) if r.cutoff_op == "<" else (cut, hi_x)
    rr, ci_lo, ci_hi = fit
    return (
        Side(*other_span, rate, max(0.0, rate - half), rate + half, int(other.size)),
        Side(*meet_span, rate * rr, rate * ci_lo, rate * ci_hi, int(meets.sum())),
    )


def dose_curve(
    r: FactorResult, x: Floats, y: Floats, points: int = 40
) -> tuple[Floats, Floats] | None:
    """The dose-response fit drawn through the days' average (None without one)."""
    dose = r.dose_response
    if dose is None or x.size < 2 or float(x.max()) <= float(x.min()):
        return None
    step = DOSE_STEPS[r.factor][0]
    xs = np.linspace(float(x.min()), float(x.max()), points)
    ref_x, ref_y = float(x.mean()), float(y.mean())
    return xs, ref_y * dose.rate_ratio ** ((xs - ref_x) / step)


def lag_days(r: FactorResult, lag: int) -> int | None:
    """Days behind the fit at ``lag`` (None when that lag was not fitted)."""
    return next((f.n for f in r.lags if f.lag == lag), None)


def factor_results(result: CountModelResult) -> Sequence[FactorResult]:
    """The factors in the order the forest plot draws them."""
    order = {f: i for i, f in enumerate(MODEL_FACTORS)}
    return sorted(result.factors, key=lambda f: order.get(f.factor, len(order)))
