"""Benchmark: Trends refresh after a range change, 10-year journal (target <= 33 ms).

A range change slices the daily series and the episode table cached for the
journal, redraws every chart and runs the statistics for the new range.  It is
timed three ways: with the statistics run at once in the same thread (the whole
refresh, an upper bound); with them left for the worker thread (what the UI
thread itself waits for); and with the window repainted before the clock stops.
Full analysis of the journal and a journal change (series, episode table and
statistics) are reported for reference.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future
from datetime import UTC, date
from itertools import cycle, islice
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

YEARS = 10
REPEATS = 9
TARGET_MS = 33.0
RANGES = ("30d", "90d", "1y", "all")


class _FirstOnly(Executor):
    """Runs the first job (the journal's series) and parks every later one.

    With the statistics parked, a range change costs only what the UI thread
    itself does; in the app the statistics run on the worker thread meanwhile.
    """

    def __init__(self) -> None:
        self._ran = False

    def submit(
        self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any
    ) -> Future[Any]:
        future: Future[Any] = Future()
        if not self._ran:
            self._ran = True
            future.set_result(fn(*args, **kwargs))
        return future


def _median_ms(fn: Callable[[], object], repeats: int = REPEATS) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000.0)
    return statistics.median(times)


def _range_changes(view: Any, keys: Iterator[str], count: int) -> list[float]:
    """Time ``count`` range changes, each to a range other than the current one."""
    times = []
    for key in islice(keys, count):
        t0 = time.perf_counter()
        view.set_range(key)
        times.append((time.perf_counter() - t0) * 1000.0)
    return times


def run() -> dict[str, float]:
    """Median timings in milliseconds (building the demo journal is not timed)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from twitchtrack.domain.analysis.count_model import fit_count_model
    from twitchtrack.domain.analysis.journal_input import day_inputs
    from twitchtrack.domain.demo import generate_demo
    from twitchtrack.graphics.body.geometry import BodyGeometry
    from twitchtrack.ui.jobs import ImmediateExecutor
    from twitchtrack.ui.trends.view import TrendsView

    app = QApplication.instance() or QApplication([])
    end = date(2025, 12, 31)
    journal = generate_demo(365 * YEARS, seed=7, end=end, tz=UTC)
    days = day_inputs(journal, today=end)
    fit_count_model(days)  # loads statsmodels once, outside the timings
    geometry = BodyGeometry()

    view = TrendsView(
        body_geometry=geometry, executor=ImmediateExecutor(), today=lambda: end
    )
    view.resize(1280, 800)
    view.set_journal(journal)
    app.processEvents()
    per_range: dict[str, list[float]] = {key: [] for key in RANGES}
    # Visit every range from every other one, several times over.
    for _ in range(REPEATS):
        for key in RANGES:
            view.set_range("all" if key != "all" else "30d")
            per_range[key] += _range_changes(view, iter([key]), 1)
    whole = [t for times in per_range.values() for t in times]
    # The same, drawn: the window is painted (offscreen) before the clock stops.
    view.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    view.show()
    app.processEvents()
    painted = []
    for key in islice(cycle(RANGES), REPEATS * len(RANGES)):
        t0 = time.perf_counter()
        view.set_range(key)
        view.repaint()
        painted.append((time.perf_counter() - t0) * 1000.0)
    view.hide()
    journal_change = _median_ms(lambda: view.set_journal(journal), 5)
    view.deleteLater()

    parked = TrendsView(
        body_geometry=geometry, executor=_FirstOnly(), today=lambda: end
    )
    parked.resize(1280, 800)
    parked.set_journal(journal)
    ui_only = _range_changes(parked, cycle(RANGES), REPEATS * len(RANGES))
    parked.deleteLater()
    app.processEvents()

    return {
        "trends_range_change_ms": statistics.median(whole),
        "trends_range_change_max_ms": max(
            statistics.median(t) for t in per_range.values()
        ),
        **{
            f"trends_range_change_{key}_ms": statistics.median(t)
            for key, t in per_range.items()
        },
        "trends_range_change_ui_thread_ms": statistics.median(ui_only),
        "trends_range_change_painted_ms": statistics.median(painted),
        "trends_journal_change_ms": journal_change,
        "full_analysis_10y_ms": _median_ms(lambda: fit_count_model(days)),
        "episodes": float(len(journal.episodes)),
        "target_ms": TARGET_MS,
    }


if __name__ == "__main__":
    for name, value in run().items():
        print(f"{name:34s} {value:10.1f}")
