"""Benjamini-Hochberg against scipy, and scipy kept out of the import."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from twitchtrack.domain.analysis import benjamini_hochberg


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
