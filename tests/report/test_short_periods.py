"""Reports of a first week: every period from 1 to 8 days draws (issue #13, item 3)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import numpy as np
import pytest

from twitchtrack.domain.demo import generate_demo
from twitchtrack.graphics.body.geometry import BodyGeometry
from twitchtrack.report.timeline import rolling_mean

from .conftest import DEMO_END, make_report


@pytest.mark.parametrize("days", range(1, 9))
@pytest.mark.parametrize(("window", "minimum"), [(7, 3), (28, 7)])
def test_the_rolling_mean_has_one_value_per_day_for_any_length(
    days: int, window: int, minimum: int
) -> None:
    values = np.arange(days, dtype=np.float64)
    values[::3] = np.nan  # some days not logged
    out = rolling_mean(values, window, minimum)
    assert out.shape == values.shape
    logged = np.flatnonzero(~np.isnan(values))
    if logged.size >= minimum:
        # With every day inside one window, each day is the mean of all logged days.
        if days <= window // 2 + 1:
            assert np.allclose(out, np.nanmean(values))
    else:
        assert np.isnan(out).all()


def test_the_rolling_mean_is_unchanged_for_long_series() -> None:
    rng = np.random.default_rng(5)
    values = rng.normal(200, 40, 60)
    values[rng.random(60) < 0.2] = np.nan
    out = rolling_mean(values)
    for i in range(60):
        window = values[max(0, i - 3) : i + 4]
        logged = window[~np.isnan(window)]
        expected = logged.mean() if logged.size >= 3 else np.nan
        assert np.isclose(out[i], expected, equal_nan=True)


@pytest.mark.parametrize("days", range(1, 9))
def test_a_report_of_the_first_days_is_written(
    days: int, tmp_path: Path, geometry: BodyGeometry
) -> None:
    journal = generate_demo(days=days, seed=11, end=DEMO_END)
    assert journal.live_days()  # check-ins, so the factor strips are drawn
    start = DEMO_END - timedelta(days=days - 1)
    out = tmp_path / "report.pdf"
    pdf = make_report(journal, out, geometry, start=start, end=DEMO_END)
    assert out.read_bytes().startswith(b"%PDF-")
    assert (pdf.summary.start, pdf.summary.end) == (start, DEMO_END)
    assert len(pdf.reader.pages) == pdf.summary.pages >= 1
