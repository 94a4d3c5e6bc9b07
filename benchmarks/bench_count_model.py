"""Benchmark: the count model of issue 16 (1 year <= 300 ms, 10 years <= 1 s)."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, date

from twitchtrack.domain.analysis.count_model import fit_count_model
from twitchtrack.domain.analysis.journal_input import day_inputs as journal_days
from twitchtrack.domain.analysis.tracking import DayInput
from twitchtrack.domain.demo import generate_demo

REPEATS = 5
TARGETS_MS = {"count_model_1y_ms": 300.0, "count_model_10y_ms": 1000.0}


def _median_ms(fn: Callable[[], object], repeats: int = REPEATS) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000.0)
    return statistics.median(times)


def day_inputs(years: int) -> list[DayInput]:
    """A demo journal as the app hands it to the model (every day "not said")."""
    end = date(2025, 12, 31)
    journal = generate_demo(365 * years, seed=7, end=end, tz=UTC)
    return list(journal_days(journal, today=end))


def _statsmodels_import_ms() -> float:
    """Cold import of what the model loads on its first call, in a fresh process."""
    code = (
        "import time; t = time.perf_counter(); "
        "import statsmodels.discrete.discrete_model, statsmodels.genmod.api; "
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
    """Median milliseconds of a full analysis (input building is not timed)."""
    one, ten = day_inputs(1), day_inputs(10)
    fit_count_model(one)  # warm-up: statsmodels is imported once, outside the timings
    return {
        "count_model_1y_ms": _median_ms(lambda: fit_count_model(one)),
        "count_model_10y_ms": _median_ms(lambda: fit_count_model(ten)),
        "statsmodels_import_ms": _statsmodels_import_ms(),
    }


if __name__ == "__main__":
    for name, value in run().items():
        target = TARGETS_MS.get(name)
        print(
            f"{name:<28} {value:8.1f} ms" + (f"  (target {target:g})" if target else "")
        )
