"""Statistics primitives against scipy: Spearman, Benjamini-Hochberg, Welch and
Fisher intervals, the trend line, and scipy kept out of the import."""

from __future__ import annotations

import math
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy import stats

from twitchtrack.domain.analysis import (
    FISHER_VARIANCE,
    benjamini_hochberg,
    fisher_ci,
    linear_trend,
    spearman,
    welch_ci,
)

tied_element = st.integers(0, 6).map(float)
smooth_element = st.floats(-1e3, 1e3, allow_nan=False, allow_infinity=False)
tied_values = st.lists(tied_element, min_size=3, max_size=60)
smooth_values = st.lists(smooth_element, min_size=3, max_size=60)


@settings(max_examples=150, deadline=None)
@given(data=st.data(), kind=st.sampled_from(["tied", "smooth", "mixed"]))
def test_spearman_matches_scipy(data: st.DataObject, kind: str) -> None:
    x = data.draw(tied_values if kind != "smooth" else smooth_values)
    element = tied_element if kind == "tied" else smooth_element
    y = data.draw(st.lists(element, min_size=len(x), max_size=len(x)))
    assume(len(set(x)) > 1 and len(set(y)) > 1)
    rho, p = spearman(x, y)
    ref = stats.spearmanr(x, y)
    assert rho == pytest.approx(float(ref.statistic), abs=1e-9)
    assert p == pytest.approx(float(ref.pvalue), abs=1e-9)


def test_spearman_seeded_sizes_match_scipy() -> None:
    rng = np.random.default_rng(5)
    for n in (3, 4, 5, 14, 30, 365, 3650):
        x = rng.integers(0, 5, n).astype(float)
        y = x * 0.3 + rng.poisson(2, n)
        rho, p = spearman(x, y)
        ref = stats.spearmanr(x, y)
        assert abs(rho - ref.statistic) < 1e-9
        assert abs(p - ref.pvalue) < 1e-9


def test_spearman_perfect_and_degenerate_inputs() -> None:
    assert spearman([1, 2, 3, 4], [10, 20, 30, 40]) == pytest.approx((1.0, 0.0))
    assert spearman([1, 2, 3, 4], [4, 3, 2, 1]) == pytest.approx((-1.0, 0.0))
    rho, p = spearman([2, 2, 2, 2], [1, 2, 3, 4])
    assert math.isnan(rho)
    assert math.isnan(p)
    assert all(math.isnan(v) for v in spearman([1, 2], [2, 1]))
    with pytest.raises(ValueError, match="differ in length"):
        spearman([1, 2, 3], [1, 2])
    with pytest.raises(ValueError, match="NaN"):
        spearman([1, 2, float("nan")], [1, 2, 3])


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.floats(0, 1, allow_nan=False) | st.sampled_from([0.0, 0.01, 0.05, 1.0]),
        min_size=1,
        max_size=40,
    )
)
def test_benjamini_hochberg_matches_scipy(p: list[float]) -> None:
    ours = benjamini_hochberg(p)
    ref = stats.false_discovery_control(p, method="bh")
    assert ours == pytest.approx(list(ref), abs=1e-12)


def test_benjamini_hochberg_rejects_bad_input() -> None:
    assert benjamini_hochberg([]) == []
    with pytest.raises(ValueError, match="between 0 and 1"):
        benjamini_hochberg([0.2, 1.5])
    with pytest.raises(ValueError, match="between 0 and 1"):
        benjamini_hochberg([float("nan")])


def test_welch_interval_matches_scipy() -> None:
    rng = np.random.default_rng(11)
    for nh, nl in ((5, 5), (6, 40), (120, 300)):
        high = rng.poisson(4, nh).astype(float)
        low = rng.poisson(2.5, nl).astype(float)
        diff, lo, hi = welch_ci(high, low)
        res = stats.ttest_ind(high, low, equal_var=False)
        ci = res.confidence_interval(0.95)
        assert diff == pytest.approx(high.mean() - low.mean())
        assert (lo, hi) == pytest.approx((ci.low, ci.high), abs=1e-9)
    with pytest.raises(ValueError, match="at least 2 days"):
        welch_ci(np.array([1.0]), np.array([1.0, 2.0, 3.0]))


def test_fisher_interval_uses_fieller_variance() -> None:
    lo, hi = fisher_ci(0.3, 67)
    half = 1.959963984540054 * math.sqrt(FISHER_VARIANCE / 64)
    assert (lo, hi) == pytest.approx(
        (math.tanh(math.atanh(0.3) - half), math.tanh(math.atanh(0.3) + half))
    )
    assert lo < 0.3 < hi
    # Wider than the plain 1 / (n - 3) interval, narrower with more days.
    assert hi - lo > math.tanh(math.atanh(0.3) + 1.96 / 8) - math.tanh(
        math.atanh(0.3) - 1.96 / 8
    )
    lo2, hi2 = fisher_ci(0.3, 400)
    assert hi2 - lo2 < hi - lo


def test_linear_trend() -> None:
    slope, intercept = linear_trend([0, 1, 2, 3], [1, 3, 5, 7]) or (0, 0)
    assert slope == pytest.approx(2.0)
    assert intercept == pytest.approx(1.0)
    ref = np.polyfit([1, 2, 4, 7, 9], [3, 1, 4, 1, 5], 1)
    assert linear_trend([1, 2, 4, 7, 9], [3, 1, 4, 1, 5]) == pytest.approx(tuple(ref))
    assert linear_trend([2, 2, 2], [1, 2, 3]) is None
    assert linear_trend([1], [1]) is None


def test_importing_analysis_does_not_import_scipy() -> None:
    code = (
        "import sys\n"
        "import twitchtrack.domain.analysis\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] == 'scipy')\n"
        "print(','.join(loaded))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == ""
