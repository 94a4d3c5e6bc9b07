"""Rank correlation and its intervals for days that are not independent."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
CONFIDENCE = 0.95

# Fieller, Hartley & Pearson (1957): var(atanh(rho_s)) ~= 1.06 / (n - 3).
FISHER_VARIANCE = 1.06
_Z975 = 1.959963984540054  # standard normal 97.5% quantile, no scipy needed


def average_ranks(a: FloatArray) -> FloatArray:
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


def spearman_rho(x: FloatArray, y: FloatArray) -> float:
    """Spearman's rho without a p-value; NaN when either input is constant."""
    if is_constant(x, y):
        return math.nan
    return ranks_rho(average_ranks(x), average_ranks(y))


def is_constant(x: FloatArray, y: FloatArray) -> bool:
    return bool(x.size < 2 or np.all(x == x[0]) or np.all(y == y[0]))


def ranks_rho(ranks_x: FloatArray, ranks_y: FloatArray) -> float:
    """Pearson's r of two rank vectors (Spearman's rho of what was ranked)."""
    rx = ranks_x - ranks_x.mean()
    ry = ranks_y - ranks_y.mean()
    rho = float(
        np.dot(rx, ry) / math.sqrt(float(np.dot(rx, rx)) * float(np.dot(ry, ry)))
    )
    return max(-1.0, min(1.0, rho))


def as_vector(values: Any, name: str) -> FloatArray:
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
    xa = as_vector(x, "x")
    ya = as_vector(y, "y")
    if xa.size != ya.size:
        raise ValueError(f"x and y differ in length ({xa.size} and {ya.size})")
    n = xa.size
    if n < 3:
        return math.nan, math.nan
    rho = spearman_rho(xa, ya)
    if math.isnan(rho):
        return math.nan, math.nan
    return rho, spearman_p(rho, n)


def spearman_p(rho: float, n: float) -> float:
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
    return ranks_effective_days(average_ranks(x), average_ranks(y))


def ranks_effective_days(ranks_x: FloatArray, ranks_y: FloatArray) -> float:
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


def linear_trend(
    x: Sequence[float] | FloatArray, y: Sequence[float] | FloatArray
) -> tuple[float, float] | None:
    """Least-squares (slope, intercept) of y on x; None for < 2 points or constant x."""
    xa = as_vector(x, "x")
    ya = as_vector(y, "y")
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
