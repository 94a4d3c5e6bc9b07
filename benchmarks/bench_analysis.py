"""Benchmark: statistics of a 10-year journal (target <= 300 ms, scipy import apart)."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, date, timedelta

from twitchtrack.domain.analysis import analyze, analyze_series, daily_series
from twitchtrack.domain.demo import generate_demo

YEARS = 10
REPEATS = 7
TARGET_MS = 300.0


def _median_ms(fn: Callable[[], object], repeats: int = REPEATS) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000.0)
    return statistics.median(times)


def _scipy_import_ms() -> float:
    """Cold import of what the analysis loads lazily, in a fresh interpreter."""
    code = (
        "import time; t = time.perf_counter(); import scipy.special; "
        "print((time.perf_counter() - t) * 1000)"
    )
    runs = [
        float(
            subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(3)
    ]
    return statistics.median(runs)


def run() -> dict[str, float]:
    """Median timings in milliseconds (the journal build itself is not timed)."""
    end = date(2025, 12, 31)
    journal = generate_demo(365 * YEARS, seed=7, end=end, tz=UTC)
    analyze(journal)  # warm-up: loads scipy.special once, outside the timings
    series = daily_series(journal)
    last_year = series.between(end - timedelta(days=364), end)
    return {
        "analysis_10y_ms": _median_ms(lambda: analyze(journal)),
        "daily_series_10y_ms": _median_ms(lambda: daily_series(journal)),
        "statistics_10y_ms": _median_ms(lambda: analyze_series(series)),
        "statistics_1y_slice_ms": _median_ms(lambda: analyze_series(last_year)),
        "scipy_import_ms": _scipy_import_ms(),
    }


if __name__ == "__main__":
    for name, value in run().items():
        print(f"{name:28s} {value:10.1f}")
