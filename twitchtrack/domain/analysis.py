"""Daily series and honest associations between check-in factors and twitches.

How the numbers are made (DESIGN.md "Statistics rules"):

* Unit of analysis: the user's local calendar day (``Episode.local_day``).
* Observed days: every day from the first to the last *logged* day (a day with a
  live episode or a live check-in), clipped to the requested range.  Inside that
  span a day without episodes is a real zero: the journal is for logging twitches
  when they happen, so a quiet day usually leaves no trace.  Days before the first
  or after the last record are not counted, because we cannot tell a quiet day
  from a day the app was not in use.  ``DailySeries.logged`` marks the days that
  do have a record, for charts that want to show gaps.
* Factors: the check-in value of that day; a factor that was not logged is NaN
  and the day is left out of that factor's tests (never counted as zero).
  When several live check-ins share a date the newest ``updated_at`` wins, as in
  ``Journal.day``.  Sleep logged on day D is the night that ended on the morning
  of D, so sleep at lag 0 reads "on days after you slept ...".
* Lag L pairs the factor on day D with the outcome on day D + L.
* Spearman's rho (average ranks for ties) with a two-sided p-value from the
  t-distribution, exactly like ``scipy.stats.spearmanr``, and a 95% interval by
  Fisher's z with the Fieller-Hartley-Pearson variance 1.06 / (n - 3), which
  covers better than 1 / (n - 3) for rank correlations.
* High/low split: at a health cut-off where one exists (``THRESHOLDS``), else at
  the median of the factor's logged values in the range.  When the cut-off leaves
  fewer than ``MIN_PER_SIDE`` logged days on a side (somebody who never drinks
  400 mg of caffeine) the median is used instead, so nobody is asked to log
  riskier days to get an answer.  For the median, "high" is ``>= median`` or
  ``> median``, whichever splits the logged days more evenly (for a factor that
  is zero on most days this gives "any" versus "none").
* ``difference`` is always high-side mean minus low-side mean (outcome per day)
  with a Welch 95% interval; sentences speak about the riskier side
  (``FOCUS``), so for sleep and water they flip the sign.
* Benjamini-Hochberg across all factor x lag tests that have enough data;
  "association" when the adjusted p is below ``ALPHA``.
* Reverse check: the outcome on day D against the factor on day D + max(L, 1).
  If that runs stronger than the tested direction for a reported association,
  the direction is unclear and the sentence says so.

* Persistence: twitching runs in spells and habits repeat, so neighbouring days
  are alike and n days hold less information than n independent ones.  Each
  test counts its days as ``n_effective`` (``effective_days``: Bartlett's
  correction as Pyper and Peterman give it, from the autocorrelations of both
  ranked series).  The p-value, the interval for rho and the Welch interval all
  use it.  On two unrelated slow drifts, counting days as independent calls
  almost half of them "linked" at p < 0.05; with the correction about 5-8 % are
  (tests/domain/test_analysis.py).

Limits worth knowing: the correction is approximate (it treats the paired days
as consecutive even where a check-in is missing), so slow ups and downs in both
series can still produce a link; a link in your data is not proof that one thing
brings on the other, and the sentences never claim it.

scipy is imported lazily (``scipy.special`` only, inside the functions) so that
importing this module stays cheap on the window's start-up path.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from twitchtrack.domain.models import DAY_FACTORS, DayLog, Journal
from twitchtrack.domain.regions import GROUPS, REGIONS

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
Outcome = Literal["episodes", "intensity"]
Status = Literal["association", "no_clear_association", "insufficient_data"]
Side = Literal["high", "low"]

FACTORS: tuple[str, ...] = DAY_FACTORS
LAGS: tuple[int, ...] = (0, 1, 2)
OUTCOMES: tuple[str, ...] = ("episodes", "intensity")
MIN_PAIRED_DAYS = 14
MIN_PER_SIDE = 5
ALPHA = 0.05
CONFIDENCE = 0.95
# Fieller, Hartley & Pearson (1957): var(atanh(rho_s)) ~= 1.06 / (n - 3).
FISHER_VARIANCE = 1.06
_Z975 = 1.959963984540054  # standard normal 97.5% quantile, no scipy needed

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

FACTOR_LABELS: dict[str, str] = {
    "caffeine_mg": "caffeine",
    "sleep_h": "sleep length",
    "sleep_quality": "sleep quality",
    "water_ml": "water",
    "stress": "stress",
    "exercise_min": "exercise",
    "alcohol_units": "alcohol",
    "magnesium_mg": "magnesium",
}

# Words that claim a cause; no sentence may contain them (whole words, any case).
CAUSAL_WORDS: tuple[str, ...] = (
    "cause",
    "causes",
    "caused",
    "causing",
    "causal",
    "trigger",
    "triggers",
    "triggered",
    "triggering",
    "because",
    "due to",
    "leads to",
    "led to",
    "makes",
    "results in",
    "responsible for",
)
_CAUSAL_RE = re.compile(
    r"\b(" + "|".join(re.escape(w) for w in CAUSAL_WORDS) + r")\b", re.IGNORECASE
)

_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_JSON_KEYS = (
    "factor",
    "lag",
    "n",
    "rho",
    "rho_ci",
    "threshold",
    "high_mean",
    "low_mean",
    "difference",
    "difference_ci",
    "p",
    "p_adjusted",
    "status",
    "direction_unclear",
    "sentence",
    "days_needed",
    "n_effective",
)


def causal_words_in(text: str) -> list[str]:
    """The causal words (see ``CAUSAL_WORDS``) that occur in ``text``."""
    return [m.group(0) for m in _CAUSAL_RE.finditer(text)]


# --------------------------------------------------------------------------- series


@dataclass(frozen=True, eq=False)
class DailySeries:
    """Outcome and factors over consecutive local days (see module docstring)."""

    days: npt.NDArray[np.datetime64]
    episodes: FloatArray
    intensity: FloatArray
    factors: dict[str, FloatArray]
    logged: BoolArray

    def __len__(self) -> int:
        return int(self.days.size)

    @property
    def first(self) -> date | None:
        """The first day of the series, if any."""
        return _to_date(self.days[0]) if self.days.size else None

    @property
    def last(self) -> date | None:
        """The last day of the series, if any."""
        return _to_date(self.days[-1]) if self.days.size else None

    def outcome(self, outcome: str) -> FloatArray:
        """The per-day outcome array by name ("episodes" or "intensity")."""
        _check_outcome(outcome)
        return self.episodes if outcome == "episodes" else self.intensity

    def between(
        self, start: date | None = None, end: date | None = None
    ) -> DailySeries:
        """The part of the series from ``start`` to ``end`` (both inclusive).

        Cheap (array slices), so a chart can change its range without rebuilding
        the series from the journal.
        """
        _check_range(start, end)
        if not self.days.size:
            return self
        base = self.days[0].astype(np.int64)
        lo = 0 if start is None else max(0, _epoch_day(start) - int(base))
        hi = (
            len(self)
            if end is None
            else min(len(self), _epoch_day(end) - int(base) + 1)
        )
        hi = max(hi, lo)
        return DailySeries(
            days=self.days[lo:hi],
            episodes=self.episodes[lo:hi],
            intensity=self.intensity[lo:hi],
            factors={k: v[lo:hi] for k, v in self.factors.items()},
            logged=self.logged[lo:hi],
        )


def empty_series() -> DailySeries:
    """A series with no days."""
    return DailySeries(
        days=np.empty(0, dtype="datetime64[D]"),
        episodes=np.empty(0),
        intensity=np.empty(0),
        factors={f: np.empty(0) for f in FACTORS},
        logged=np.empty(0, dtype=bool),
    )


def daily_series(
    journal: Journal, start: date | None = None, end: date | None = None
) -> DailySeries:
    """Per local day: episodes, summed intensity and each factor (NaN = not logged).

    The span is first to last logged day, clipped to ``start``/``end``.
    """
    _check_range(start, end)
    ep_days: list[int] = []
    ep_weights: list[int] = []
    for ep in journal.episodes:
        if ep.deleted_at is None:
            # datetime.toordinal() is the ordinal of its own (local) calendar day.
            ep_days.append(ep.at.toordinal())
            ep_weights.append(ep.intensity)
    # Newest check-in per date wins, the same rule as Journal.day().
    newest: dict[date, DayLog] = {}
    for log in journal.days:
        if log.deleted_at is not None:
            continue
        have = newest.get(log.date)
        if have is None or log.updated_at > have.updated_at:
            newest[log.date] = log
    logs = list(newest.values())
    log_days = [d.date.toordinal() for d in logs]

    if not ep_days and not log_days:
        return empty_series()
    ep_ord = np.asarray(ep_days, dtype=np.int64)
    log_ord = np.asarray(log_days, dtype=np.int64)
    first = min(ep_days + log_days)
    last = max(ep_days + log_days)
    lo = first if start is None else max(first, start.toordinal())
    hi = last if end is None else min(last, end.toordinal())
    if lo > hi:
        return empty_series()
    size = hi - lo + 1

    idx = ep_ord - lo
    keep = (idx >= 0) & (idx < size)
    weights = np.asarray(ep_weights, dtype=np.float64)[keep]
    episodes = np.bincount(idx[keep], minlength=size).astype(np.float64)
    intensity = np.bincount(idx[keep], weights=weights, minlength=size).astype(
        np.float64
    )

    factors = {f: np.full(size, np.nan) for f in FACTORS}
    logged = np.zeros(size, dtype=bool)
    logged[idx[keep]] = True
    lidx = log_ord - lo
    lkeep = (lidx >= 0) & (lidx < size)
    if lkeep.any():
        inside = [log for log, k in zip(logs, lkeep, strict=True) if k]
        # None becomes NaN when numpy builds a float array.
        table = np.array(
            [[getattr(d, f) for f in FACTORS] for d in inside], dtype=np.float64
        )
        rows = lidx[lkeep]
        for col, f in enumerate(FACTORS):
            factors[f][rows] = table[:, col]
        logged[rows] = True

    days = (np.arange(size, dtype=np.int64) + (lo - _EPOCH_ORDINAL)).astype(
        "datetime64[D]"
    )
    return DailySeries(
        days=days,
        episodes=episodes,
        intensity=intensity,
        factors=factors,
        logged=logged,
    )


# ----------------------------------------------------------------------- statistics


def _average_ranks(a: FloatArray) -> FloatArray:
    """Ranks 1..n with ties given their average rank (scipy's ``rankdata``)."""
    n = a.size
    order = np.argsort(a, kind="mergesort")
    ordered = a[order]
    starts_group = np.empty(n, dtype=bool)
    starts_group[:1] = True
    starts_group[1:] = ordered[1:] != ordered[:-1]
    begin = np.flatnonzero(starts_group)
    end = np.append(begin[1:], n)
    mean_rank = (begin + end + 1) / 2.0  # mean of 1-based positions begin+1..end
    ranks = np.empty(n, dtype=np.float64)
    ranks[order] = np.repeat(mean_rank, end - begin)
    return ranks


def _rho(x: FloatArray, y: FloatArray) -> float:
    """Spearman's rho without a p-value; NaN when either input is constant."""
    if _constant(x, y):
        return math.nan
    return _ranks_rho(_average_ranks(x), _average_ranks(y))


def _constant(x: FloatArray, y: FloatArray) -> bool:
    return bool(x.size < 2 or np.all(x == x[0]) or np.all(y == y[0]))


def _ranks_rho(ranks_x: FloatArray, ranks_y: FloatArray) -> float:
    """Pearson's r of two rank vectors (Spearman's rho of what was ranked)."""
    rx = ranks_x - ranks_x.mean()
    ry = ranks_y - ranks_y.mean()
    rho = float(
        np.dot(rx, ry) / math.sqrt(float(np.dot(rx, rx)) * float(np.dot(ry, ry)))
    )
    return max(-1.0, min(1.0, rho))


def _as_vector(values: Any, name: str) -> FloatArray:
    arr = np.asarray(values, dtype=np.float64)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be a flat sequence of numbers")
    if not np.all(np.isfinite(arr)):
        raise ValueError(
            f"{name} contains NaN or infinite values; drop those days first"
        )
    return arr


def spearman(
    x: Sequence[float] | FloatArray, y: Sequence[float] | FloatArray
) -> tuple[float, float]:
    """Spearman's rho and its two-sided p-value, as ``scipy.stats.spearmanr`` has them.

    Average ranks for ties; p from Student's t with n - 2 degrees of freedom.
    Returns (nan, nan) for fewer than 3 pairs or a constant input.
    """
    xa = _as_vector(x, "x")
    ya = _as_vector(y, "y")
    if xa.size != ya.size:
        raise ValueError(f"x and y differ in length ({xa.size} and {ya.size})")
    n = xa.size
    if n < 3:
        return math.nan, math.nan
    rho = _rho(xa, ya)
    if math.isnan(rho):
        return math.nan, math.nan
    return rho, _spearman_p(rho, n)


def _spearman_p(rho: float, n: float) -> float:
    from scipy import special  # lazy: keeps the module import cheap

    dof = n - 2
    denom = (rho + 1.0) * (1.0 - rho)
    if denom <= 0.0:
        return 0.0
    t = rho * math.sqrt(dof / denom)
    return float(2.0 * special.stdtr(dof, -abs(t)))


def autocorrelations(values: FloatArray, lags: int) -> FloatArray:
    """Sample autocorrelations at lags 1..``lags`` (sums over the overlapping days
    divided by the total sum of squares, the usual estimator; by FFT)."""
    v = values - values.mean()
    denom = float(v @ v)
    if lags < 1 or denom == 0.0:
        return np.zeros(max(lags, 0))
    size = 1 << (2 * v.size - 1).bit_length()
    spectrum = np.fft.rfft(v, size)
    sums = np.fft.irfft(spectrum * np.conj(spectrum), size)[1 : lags + 1]
    return np.asarray(sums / denom, dtype=np.float64)


def effective_days(x: FloatArray, y: FloatArray) -> float:
    """What ``n`` paired days (in day order) are worth as independent days.

    Pyper and Peterman's (1998) version of Bartlett's correction: with the
    autocorrelations r_x(j), r_y(j) of the two ranked series,
    1 / n_eff = 1 / n + (2 / n) * sum over j = 1..n/5 of (n - j) / n r_x(j) r_y(j).
    A negative sum would claim more than n days and is not used. Never below 3,
    the least a correlation can be tested on.
    """
    if x.size < 3:
        return float(x.size)
    return _ranks_effective_days(_average_ranks(x), _average_ranks(y))


def _ranks_effective_days(ranks_x: FloatArray, ranks_y: FloatArray) -> float:
    n = int(ranks_x.size)
    if n < 3:
        return float(n)
    lags = max(1, n // 5)
    weights = (n - np.arange(1, lags + 1)) / n
    shared = float(
        np.sum(
            weights * autocorrelations(ranks_x, lags) * autocorrelations(ranks_y, lags)
        )
    )
    if shared <= 0.0:
        return float(n)
    return max(3.0, min(float(n), 1.0 / (1.0 / n + 2.0 * shared / n)))


def fisher_ci(rho: float, n: float) -> tuple[float, float]:
    """95% interval for a Spearman rho by Fisher's z with variance 1.06 / (n - 3).

    ``n`` may be a number of effective days (``effective_days``).
    """
    if n <= 3:
        return -1.0, 1.0
    clipped = max(-1.0 + 1e-15, min(1.0 - 1e-15, rho))
    z = math.atanh(clipped)
    half = _Z975 * math.sqrt(FISHER_VARIANCE / (n - 3))
    return math.tanh(z - half), math.tanh(z + half)


def welch_ci(
    high: FloatArray, low: FloatArray, *, inflation: float = 1.0
) -> tuple[float, float, float]:
    """Difference of means (high - low) and its Welch 95% interval.

    ``inflation`` (n / effective days, at least 1) widens the interval for days
    that are not independent: the variance grows by it, the degrees of freedom
    shrink by it.
    """
    from scipy import special  # lazy: keeps the module import cheap

    nh, nl = high.size, low.size
    if nh < 2 or nl < 2:
        raise ValueError("each side needs at least 2 days for an interval")
    diff = float(high.mean() - low.mean())
    vh = float(high.var(ddof=1)) / nh
    vl = float(low.var(ddof=1)) / nl
    se2 = vh + vl
    if se2 <= 0.0:
        return diff, diff, diff
    dof = se2 * se2 / (vh * vh / (nh - 1) + vl * vl / (nl - 1))
    inflation = max(1.0, inflation)
    se2 *= inflation
    dof = max(1.0, dof / inflation)
    half = float(special.stdtrit(dof, 0.5 + CONFIDENCE / 2.0)) * math.sqrt(se2)
    return diff, diff - half, diff + half


def benjamini_hochberg(p: Sequence[float] | FloatArray) -> list[float]:
    """Benjamini-Hochberg adjusted p-values, in the order given."""
    arr = np.asarray(p, dtype=np.float64)
    if arr.ndim != 1:
        raise ValueError("p-values must be a flat sequence")
    if arr.size == 0:
        return []
    if not np.all((arr >= 0.0) & (arr <= 1.0)):
        raise ValueError("p-values must be numbers between 0 and 1")
    m = arr.size
    order = np.argsort(arr, kind="mergesort")
    scaled = arr[order] * m / np.arange(1, m + 1)
    adjusted = np.minimum(np.minimum.accumulate(scaled[::-1])[::-1], 1.0)
    out = np.empty(m, dtype=np.float64)
    out[order] = adjusted
    return [float(v) for v in out]


# ---------------------------------------------------------------------- results


@dataclass(frozen=True)
class Association:
    """One factor x lag test and its plain-language sentence."""

    factor: str
    lag: int
    n: int
    rho: float | None
    rho_ci: tuple[float, float] | None
    threshold: float | None
    threshold_kind: Literal["health", "median"]
    high_n: int
    low_n: int
    high_mean: float | None
    low_mean: float | None
    difference: float | None  # high_mean - low_mean, outcome per day
    difference_ci: tuple[float, float] | None
    p: float | None
    p_adjusted: float | None
    status: Status
    days_needed: int
    direction_unclear: bool
    sentence: str
    # Extra detail for charts: how the high side is defined, which side the
    # sentence talks about, the reverse-direction rho, and the outcome measured.
    high_rule: Literal[">=", ">"] = ">="
    focus: Side = "high"
    reverse_rho: float | None = None
    outcome: Outcome = "episodes"
    # The paired days counted as independent ones (module docstring); None
    # before a test could run.
    n_effective: float | None = None

    @property
    def focus_difference(self) -> float | None:
        """The difference seen from the sentence's side (focus minus other side)."""
        if self.difference is None:
            return None
        return self.difference if self.focus == "high" else -self.difference

    def to_json(self) -> dict[str, Any]:
        """The ``twitchtrack insights --json`` record (plus ``days_needed``)."""
        data: dict[str, Any] = {
            "factor": self.factor,
            "lag": self.lag,
            "n": self.n,
            "rho": self.rho,
            "rho_ci": list(self.rho_ci) if self.rho_ci is not None else None,
            "threshold": self.threshold,
            "high_mean": self.high_mean,
            "low_mean": self.low_mean,
            "difference": self.difference,
            "difference_ci": (
                list(self.difference_ci) if self.difference_ci is not None else None
            ),
            "p": self.p,
            "p_adjusted": self.p_adjusted,
            "status": self.status,
            "direction_unclear": self.direction_unclear,
            "sentence": self.sentence,
            "days_needed": self.days_needed,
            "n_effective": self.n_effective,
        }
        assert tuple(data) == _JSON_KEYS
        return data


@dataclass(frozen=True)
class Insights:
    """All factor x lag results for one range, in ``FACTORS`` x ``LAGS`` order."""

    days_analyzed: int
    associations: list[Association]
    outcome: Outcome = "episodes"

    def get(self, factor: str, lag: int) -> Association:
        """The result for one factor and lag."""
        for a in self.associations:
            if a.factor == factor and a.lag == lag:
                return a
        raise KeyError(f"no result for factor {factor!r} at lag {lag}")

    def clear(self) -> list[Association]:
        """The results reported as an association."""
        return [a for a in self.associations if a.status == "association"]

    def to_json(self) -> dict[str, Any]:
        """The ``twitchtrack insights --json`` document."""
        return {
            "days_analyzed": self.days_analyzed,
            "associations": [a.to_json() for a in self.associations],
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
    """Where to split a factor's logged values into high and low (module docstring)."""
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
    ranks_x, ranks_y = _average_ranks(xv), _average_ranks(yv)
    n_eff = _ranks_effective_days(ranks_x, ranks_y)
    raw.n_effective = n_eff
    diff, lo, hi = welch_ci(yh, yl, inflation=n / n_eff)
    raw.diff = diff
    raw.diff_ci = (lo, hi)
    rho = math.nan if _constant(xv, yv) else _ranks_rho(ranks_x, ranks_y)
    if not math.isnan(rho):
        raw.rho = rho
        raw.rho_ci = fisher_ci(rho, n_eff)
        raw.p = _spearman_p(rho, n_eff)
    # Reverse direction: today's outcome against the factor some days later.
    back = max(lag, 1)
    xr = x[back:]
    yr = y[: max(size - back, 0)]
    rmask = ~np.isnan(xr)
    if np.count_nonzero(rmask) >= 3:
        reverse = _rho(xr[rmask], yr[rmask])
        raw.reverse_rho = None if math.isnan(reverse) else reverse
    return raw


def analyze_series(series: DailySeries, *, outcome: str = "episodes") -> Insights:
    """Every factor x lag test on an already built series."""
    _check_outcome(outcome)
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
    _check_outcome(outcome)
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
    return _with_sentence(assoc)


# ---------------------------------------------------------------------- wording

_NIGHT_FACTORS = frozenset({"sleep_h", "sleep_quality"})
_LOG_NAMES: dict[str, str] = {**FACTOR_LABELS, "sleep_h": "sleep"}
_VARIES_AS: dict[str, str] = {
    "caffeine_mg": "amount",
    "sleep_h": "length",
    "sleep_quality": "rating",
    "water_ml": "amount",
    "stress": "level",
    "exercise_min": "amount",
    "alcohol_units": "amount",
    "magnesium_mg": "amount",
}
# (unit, substance) for factors measured as an amount on a day.
_AMOUNTS: dict[str, tuple[str, str]] = {
    "caffeine_mg": ("mg", "caffeine"),
    "water_ml": ("ml", "water"),
    "exercise_min": ("min", "exercise"),
    "alcohol_units": ("units", "alcohol"),
    "magnesium_mg": ("mg", "magnesium"),
}


def _num(value: float) -> str:
    """A threshold for people: thousands separators, at most two decimals."""
    if abs(value - round(value)) < 1e-9:
        return f"{round(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _comparison(side: Side, rule: Literal[">=", ">"]) -> str:
    """'or more' / 'more than' / 'under' / 'or less' for the chosen side."""
    if side == "high":
        return "or more" if rule == ">=" else "more than"
    return "under" if rule == ">=" else "or less"


def _condition(
    factor: str, side: Side, rule: Literal[">=", ">"], threshold: float
) -> str:
    """The condition of a side, worded to follow 'On days' / 'after a day'."""
    t = _num(threshold)
    word = _comparison(side, rule)
    if factor in _AMOUNTS:
        unit, substance = _AMOUNTS[factor]
        if unit == "units" and t == "1":
            unit = "unit"
        if threshold == 0 and rule == ">":
            return f"with any {substance}" if side == "high" else f"with no {substance}"
        amount = f"{t} {unit} of {substance}"
        if word in ("or more", "or less"):
            return f"with {amount} {word}"
        return f"with {word} {amount}"
    if factor == "stress":
        if word in ("or more", "or less"):
            return f"with stress at {t} {word} (out of 10)"
        return (
            f"with stress {'above' if word == 'more than' else 'under'} {t} (out of 10)"
        )
    if factor == "sleep_h":
        if word in ("or more", "or less"):
            return f"you slept {t} h {word}"
        return f"you slept {word} {t} h"
    # sleep_quality
    phrase = {
        "or more": f"{t} or higher",
        "more than": f"above {t}",
        "under": f"below {t}",
        "or less": f"{t} or lower",
    }[word]
    return f"a night you rated {phrase} (out of 5)"


def _opening(factor: str, lag: int, condition: str) -> str:
    if factor in _NIGHT_FACTORS:
        return ("On days after", "On the second day after", "On the third day after")[
            lag
        ] + f" {condition}"
    return ("On days", "On days after a day", "Two days after a day")[
        lag
    ] + f" {condition}"


def _timing(factor: str, lag: int) -> str:
    if factor in _NIGHT_FACTORS:
        return (
            "on the day after the night",
            "on the second day after the night",
            "on the third day after the night",
        )[lag]
    return ("on the same day", "on the next day", "two days later")[lag]


def _outcome_words(outcome: Outcome) -> tuple[str, str, str]:
    """(noun, word for more, word for less)."""
    if outcome == "episodes":
        return "twitches", "more", "fewer"
    return "twitch intensity", "higher", "lower"


def _signed(value: float, more: str, less: str) -> str:
    return f"{abs(value):.1f} {more if value >= 0 else less}"


def _days(k: int) -> str:
    return f"{k} more day" if k == 1 else f"{k} more days"


def _with_sentence(a: Association) -> Association:
    return replace(a, sentence=_sentence(a))


def _sentence(a: Association) -> str:
    label = FACTOR_LABELS[a.factor]
    noun, more, less = _outcome_words(a.outcome)
    timing = _timing(a.factor, a.lag)
    if a.status == "insufficient_data":
        short_side = MIN_PER_SIDE - min(a.high_n, a.low_n)
        if a.n >= MIN_PAIRED_DAYS:
            return (
                f"{label.capitalize()} was about the same on most of the {a.n} days"
                f" you logged it, so there is nothing to compare yet: it takes at least"
                f" {_days(a.days_needed)} with a different {_VARIES_AS[a.factor]}."
            )
        at_least = "at least " if short_side > MIN_PAIRED_DAYS - a.n else ""
        return (
            f"Log {_LOG_NAMES[a.factor]} on {at_least}{_days(a.days_needed)} to see"
            f" whether it goes with your twitches {timing}."
        )
    if a.status == "no_clear_association":
        return f"No clear link between {label} and {noun} {timing} ({a.n} days)."
    # An association: describe the focus side in real units.
    assert a.threshold is not None
    assert a.difference is not None
    assert a.difference_ci is not None
    sign = 1.0 if a.focus == "high" else -1.0
    diff = sign * a.difference
    lo, hi = sorted((sign * a.difference_ci[0], sign * a.difference_ci[1]))
    opening = _opening(
        a.factor, a.lag, _condition(a.factor, a.focus, a.high_rule, a.threshold)
    )
    if round(abs(diff), 1) == 0.0:
        effect = (
            "you logged about the same number of twitches on average"
            if a.outcome == "episodes"
            else "your twitch intensity was about the same on average"
        )
    elif a.outcome == "episodes":
        effect = f"you logged {_signed(diff, more, less)} twitches on average"
    else:
        effect = (
            f"your total twitch intensity was {_signed(diff, more, less)} on average"
        )
    if lo >= 0 or hi <= 0:
        # Both ends on one side: plain magnitudes read like the estimate's words.
        near, far = sorted((abs(lo), abs(hi)))
        interval = f"95% CI {near:.1f} to {far:.1f}"
        text = f"{opening}, {effect} ({interval}; {a.n} days)"
    else:
        # The rank test found a steady link, but the two sides of the cut-off are
        # too uneven or noisy for a per-day number: say what the data do show
        # instead of quoting a difference whose interval spans zero.
        text = _trend_sentence(a, noun, more, timing)
    if a.direction_unclear:
        text += ", but the link runs both ways in your data, so which comes first"
        text += " is unclear"
    return text + "."


# factor -> (words for higher values, words for lower values), for trend sentences
_TREND_WORDS: dict[str, tuple[str, str]] = {
    "caffeine_mg": ("More caffeine", "Less caffeine"),
    "sleep_h": ("Longer nights", "Shorter nights"),
    "sleep_quality": ("Better-rated nights", "Worse-rated nights"),
    "water_ml": ("More water", "Less water"),
    "stress": ("Higher stress", "Lower stress"),
    "exercise_min": ("More exercise", "Less exercise"),
    "alcohol_units": ("More alcohol", "Less alcohol"),
    "magnesium_mg": ("More magnesium", "Less magnesium"),
}


def _trend_sentence(a: Association, noun: str, more: str, timing: str) -> str:
    assert a.rho is not None
    assert a.rho_ci is not None
    assert a.threshold is not None
    direction = _TREND_WORDS[a.factor][0 if a.rho > 0 else 1]
    lo, hi = a.rho_ci
    opening = _opening(
        a.factor, a.lag, _condition(a.factor, a.focus, a.high_rule, a.threshold)
    )
    return (
        f"{direction} went with {more} {noun} {timing}"
        f" (rank correlation {a.rho:+.2f}, 95% CI {lo:+.2f} to {hi:+.2f}; {a.n} days),"
        f" though how many {more} {opening[0].lower()}{opening[1:]} is still uncertain"
    )


# ---------------------------------------------------------------------- helpers


def _check_outcome(outcome: str) -> None:
    if outcome not in OUTCOMES:
        raise ValueError(f"outcome must be 'episodes' or 'intensity', not {outcome!r}")


def _check_range(start: date | None, end: date | None) -> None:
    if start is not None and end is not None and start > end:
        raise ValueError(
            f"the start date {start.isoformat()} is after"
            f" the end date {end.isoformat()}"
        )


def _epoch_day(day: date) -> int:
    return day.toordinal() - _EPOCH_ORDINAL


def _to_date(value: np.datetime64) -> date:
    return date.fromordinal(int(value.astype(np.int64)) + _EPOCH_ORDINAL)


# ------------------------------------------------------------------ chart helpers
# Small pure helpers behind the Trends charts.  They live here (not in the UI) so
# that every number a chart shows is computed, and tested, without Qt.

WEEKDAYS: tuple[str, ...] = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
ROLLING_DAYS = 7

_REGION_IDS: tuple[str, ...] = tuple(r.id for r in REGIONS)
_REGION_INDEX: dict[str, int] = {rid: i for i, rid in enumerate(_REGION_IDS)}
_GROUP_IDS: tuple[str, ...] = tuple(GROUPS)
# Region index -> index of its body-area group in ``GROUPS`` order.
_REGION_GROUP = np.array([_GROUP_IDS.index(r.group) for r in REGIONS], dtype=np.int64)
_UNITS: dict[str, str] = {
    "caffeine_mg": "mg",
    "sleep_h": "h",
    "sleep_quality": "",
    "water_ml": "ml",
    "stress": "",
    "exercise_min": "min",
    "alcohol_units": "units",
    "magnesium_mg": "mg",
}


def rolling_mean(
    values: Sequence[float] | FloatArray,
    window: int = ROLLING_DAYS,
    *,
    min_count: int | None = None,
) -> FloatArray:
    """Trailing mean over each day and the ``window - 1`` days before it.

    NaN values (days not logged) are skipped; a day gets NaN when fewer than
    ``min_count`` (default: more than half the window) of its days are numbers.
    """
    if window < 1:
        raise ValueError("the rolling window must be at least 1 day")
    arr = np.asarray(values, dtype=np.float64)
    if arr.ndim != 1:
        raise ValueError("values must be a flat sequence of numbers")
    need = window // 2 + 1 if min_count is None else min_count
    if not 1 <= need <= window:
        raise ValueError(f"min_count must be between 1 and {window}")
    finite = np.isfinite(arr)
    sums = np.concatenate(([0.0], np.cumsum(np.where(finite, arr, 0.0))))
    counts = np.concatenate(([0], np.cumsum(finite)))
    hi = np.arange(1, arr.size + 1)
    lo = np.maximum(hi - window, 0)
    n = counts[hi] - counts[lo]
    out = np.full(arr.size, np.nan)
    ok = n >= need
    out[ok] = (sums[hi] - sums[lo])[ok] / n[ok]
    return out


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


def linear_trend(
    x: Sequence[float] | FloatArray, y: Sequence[float] | FloatArray
) -> tuple[float, float] | None:
    """Least-squares (slope, intercept) of y on x; None for < 2 points or constant x."""
    xa = _as_vector(x, "x")
    ya = _as_vector(y, "y")
    if xa.size != ya.size:
        raise ValueError(f"x and y differ in length ({xa.size} and {ya.size})")
    if xa.size < 2:
        return None
    dx = xa - xa.mean()
    sxx = float(np.dot(dx, dx))
    if sxx <= 0.0:
        return None
    slope = float(np.dot(dx, ya - ya.mean())) / sxx
    return slope, float(ya.mean()) - slope * float(xa.mean())


def factor_unit(factor: str) -> str:
    """The stored unit of a factor ('' for ratings on a scale)."""
    return _UNITS[factor]


def focus_label(a: Association) -> str:
    """A short label for the side a sentence talks about: 'Sleep under 7 h'."""
    label = _LOG_NAMES[a.factor].capitalize()
    if a.threshold is None:
        return label
    if a.factor in _AMOUNTS and a.threshold == 0 and a.high_rule == ">":
        substance = _AMOUNTS[a.factor][1]
        return f"Any {substance}" if a.focus == "high" else f"No {substance}"
    unit = _UNITS[a.factor]
    value = _num(a.threshold)
    if unit == "units" and value == "1":
        unit = "unit"
    amount = f"{value} {unit}" if unit else value
    word = _comparison(a.focus, a.high_rule)
    phrase = (
        f"{amount} {word}" if word in ("or more", "or less") else f"{word} {amount}"
    )
    return f"{label} {phrase}"


@dataclass(frozen=True, eq=False)
class WeekTable:
    """Episodes per body-area group and week (weeks start on Monday)."""

    weeks: npt.NDArray[np.datetime64]  # the Monday of each week, oldest first
    groups: tuple[str, ...]  # group ids (``regions.GROUPS`` order) with any episode
    counts: npt.NDArray[np.int64]  # shape (len(groups), len(weeks))

    def count(self, group: str, week_start: date) -> int:
        """Episodes in one group during the week starting on ``week_start``."""
        if group not in self.groups:
            return 0
        col = int((np.datetime64(week_start, "D") - self.weeks[0]).astype(np.int64))
        if week_start.weekday() != 0 or not 0 <= col // 7 < self.weeks.size:
            raise ValueError(f"{week_start} is not the Monday of a week in the table")
        return int(self.counts[self.groups.index(group), col // 7])


@dataclass(frozen=True, eq=False)
class EpisodeTable:
    """Live episodes as columns, sorted by local day: cheap to slice and count."""

    day: npt.NDArray[np.int64]  # local calendar day, days since 1970-01-01
    hour: npt.NDArray[np.int64]  # local hour 0-23 when the episode was logged
    weekday: npt.NDArray[np.int64]  # 0 = Monday
    region: npt.NDArray[np.int64]  # index into the region catalogue

    def __len__(self) -> int:
        return int(self.day.size)

    def between(
        self, start: date | None = None, end: date | None = None
    ) -> EpisodeTable:
        """Episodes from ``start`` to ``end`` (local days, both inclusive)."""
        _check_range(start, end)
        lo = 0 if start is None else int(np.searchsorted(self.day, _epoch_day(start)))
        hi = (
            self.day.size
            if end is None
            else int(np.searchsorted(self.day, _epoch_day(end), side="right"))
        )
        hi = max(hi, lo)
        return EpisodeTable(
            self.day[lo:hi], self.hour[lo:hi], self.weekday[lo:hi], self.region[lo:hi]
        )

    def hour_weekday_counts(self) -> npt.NDArray[np.int64]:
        """Episodes per weekday (rows, Monday first) and local hour (24 columns)."""
        flat = np.bincount(self.weekday * 24 + self.hour, minlength=7 * 24)
        return flat.reshape(7, 24).astype(np.int64)

    def region_counts(self) -> dict[str, int]:
        """Episodes per body region (regions without any are left out)."""
        counts = np.bincount(self.region, minlength=len(_REGION_IDS))
        return {_REGION_IDS[i]: int(c) for i, c in enumerate(counts) if c}

    def week_group_counts(self, start: date, end: date) -> WeekTable:
        """Episodes per body-area group in every week that touches ``start..end``."""
        _check_range(start, end)
        first = _epoch_day(start - timedelta(days=start.weekday()))
        last = _epoch_day(end - timedelta(days=end.weekday()))
        n_weeks = (last - first) // 7 + 1
        inside = self.between(start, end)
        week = (inside.day - first) // 7
        group = _REGION_GROUP[inside.region]
        table = np.bincount(
            group * n_weeks + week, minlength=len(_GROUP_IDS) * n_weeks
        ).reshape(len(_GROUP_IDS), n_weeks)
        used = np.flatnonzero(table.sum(axis=1))
        weeks = (np.arange(n_weeks, dtype=np.int64) * 7 + first).astype("datetime64[D]")
        return WeekTable(
            weeks=weeks,
            groups=tuple(_GROUP_IDS[i] for i in used),
            counts=table[used].astype(np.int64),
        )


def episode_table(journal: Journal) -> EpisodeTable:
    """The live episodes of a journal as an ``EpisodeTable``."""
    rows = [
        (ep.at.toordinal() - _EPOCH_ORDINAL, ep.at.hour, _REGION_INDEX[ep.region])
        for ep in journal.episodes
        if ep.deleted_at is None
    ]
    if not rows:
        empty = np.empty(0, dtype=np.int64)
        return EpisodeTable(empty, empty, empty, empty)
    table = np.asarray(rows, dtype=np.int64)
    table = table[np.argsort(table[:, 0], kind="stable")]
    day = table[:, 0].copy()
    # 1970-01-01 was a Thursday (weekday 3).
    return EpisodeTable(
        day=day,
        hour=table[:, 1].copy(),
        weekday=(day + 3) % 7,
        region=table[:, 2].copy(),
    )
