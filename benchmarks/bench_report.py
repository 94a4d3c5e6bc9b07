"""Benchmark: PDF report generation time for one year of demo data (target <= 2 s)."""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from twitchtrack.domain.demo import generate_demo
from twitchtrack.graphics.body.geometry import BodyGeometry
from twitchtrack.report import ensure_gui_app, write_report

TARGET_MS = 2000.0
END = date(2026, 11, 20)


def _median_ms(fn: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def run(repeats: int = 5) -> dict[str, float]:
    """Median milliseconds of ``write_report`` on a 365-day demo journal.

    ``report_1y_ms`` builds the body geometry afresh each time, as the command
    line does; ``report_1y_shared_geometry_ms`` reuses one, as the window can.
    The journal itself is generated outside the timings.
    """
    app = ensure_gui_app()
    journal = generate_demo(days=365, seed=7, end=END)
    folder = Path(tempfile.mkdtemp(prefix="tt-bench-report-"))
    out = folder / "report.pdf"
    shared = BodyGeometry()
    # Warm-up: scipy's first import and font loading happen once per process.
    summary = write_report(journal, out, today=END, geometry=shared)

    def cold() -> None:
        write_report(journal, out, today=END)

    def warm() -> None:
        write_report(journal, out, today=END, geometry=shared)

    results = {
        "report_1y_ms": _median_ms(cold, repeats),
        "report_1y_shared_geometry_ms": _median_ms(warm, repeats),
        "report_1y_pages": float(summary.pages),
        "report_1y_episodes": float(summary.episodes),
        "report_1y_kib": summary.size_bytes / 1024,
        "target_ms": TARGET_MS,
    }
    out.unlink()
    folder.rmdir()
    del app
    return results


if __name__ == "__main__":
    for name, value in run().items():
        print(f"{name:32s} {value:10.1f}")
