"""Print twitchtrack's performance table (medians; ``--json`` for machines).

Targets come from the issues; each row says the measured median, the target and
whether it is met. Run from the repository root: ``python benchmarks/run.py``.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

Row = dict[str, object]


def median_ms(fn: Callable[[], object], repeat: int) -> float:
    """Median wall time of ``fn`` in milliseconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _demo_folder(years: int) -> Path:
    """A data folder holding a demo journal of ``years`` years (cached per run)."""
    from twitchtrack.domain.demo import generate_demo
    from twitchtrack.storage.journal_store import JournalStore

    folder = Path(tempfile.mkdtemp(prefix=f"tt-bench-{years}y-")) / "data"
    store = JournalStore(folder)
    store.load()
    store.save(generate_demo(days=365 * years, seed=years))
    return folder


def bench_cli_log(years: int, repeat: int = 5) -> float:
    """Median wall time of a whole ``twitchtrack log`` process on that journal."""
    folder = _demo_folder(years)
    env = {**os.environ, "TWITCHTRACK_DATA_DIR": str(folder)}
    cmd = [sys.executable, "-m", "twitchtrack", "log", "calf_left", "--intensity", "3"]

    def once() -> None:
        subprocess.run(cmd, env=env, check=True, capture_output=True, cwd=ROOT)

    return median_ms(once, repeat)


# metric name -> (target, unit, what the issue compares it with)
TARGETS: dict[str, tuple[float, str]] = {
    "trends.trends_range_change_ms": (33.0, "ms"),
    "gui.first_paint_ratio": (3.0, "x"),
    "gui.click_to_durable_ms": (100.0, "ms"),
    "gui.ui_block_max_ms": (16.0, "ms"),
    "storage.load_over_json_loads_10y": (2.0, "x"),
    "storage.save_10y_ms": (150.0, "ms"),
    "cli.log_wall_10y_ms": (500.0, "ms"),
    "body_map.paint_front_600x1000_ms": (8.0, "ms"),
    "body_map.paint_back_600x1000_ms": (8.0, "ms"),
    "body_map.paint_face_600x1000_ms": (8.0, "ms"),
    "body_map.paint_front_900_taps_ms": (8.0, "ms"),
    "body_map.hit_test_front_ms": (0.1, "ms"),
    "body_map.hit_test_back_ms": (0.1, "ms"),
    "body_map.hit_test_face_ms": (0.1, "ms"),
    "analysis.analysis_10y_ms": (300.0, "ms"),
    "trends.refresh_after_range_change_10y_ms": (33.0, "ms"),
    "gui.first_paint_over_baseline": (3.0, "x"),
    "gui.click_to_durable_10y_ms": (100.0, "ms"),
    "gui.longest_ui_block_10y_ms": (16.0, "ms"),
    "report.report_1y_ms": (2000.0, "ms"),
}


def collect(quick: bool) -> dict[str, float]:
    """Run every benchmark module that is present; metric name -> value."""
    metrics: dict[str, float] = {}
    years_list = (1, 10) if quick else (1, 10, 50)
    # The GUI benchmark goes first: its child processes report peak memory, and on
    # Linux a child's high-water mark can start from this process's size, which the
    # 50-year journals below would inflate.
    modules = (
        "bench_gui",
        "bench_body_map",
        "bench_analysis",
        "bench_trends",
        "bench_report",
    )
    # One QApplication for every Qt benchmark: a QGuiApplication made by the first
    # module would leave later widget benchmarks without one.
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    for name in modules:
        mod = _optional(name)
        if mod is None:
            continue
        prefix = name.removeprefix("bench_") + "."
        for key, value in mod.run().items():
            metrics[key if key.startswith(prefix) else prefix + key] = float(value)
    del app
    storage = _optional("bench_storage")
    if storage is not None:
        for years in years_list:
            r = storage.run(years)
            metrics[f"storage.load_{years}y_ms"] = r["load_ms"]
            metrics[f"storage.json_loads_{years}y_ms"] = r["json_loads_ms"]
            metrics[f"storage.load_over_json_loads_{years}y"] = (
                r["load_ms"] / r["json_loads_ms"]
            )
            metrics[f"storage.save_{years}y_ms"] = r["save_ms"]
            if "first_save_ms" in r:
                metrics[f"storage.first_save_{years}y_ms"] = r["first_save_ms"]
    for years in years_list:
        metrics[f"cli.log_wall_{years}y_ms"] = bench_cli_log(years)
    return metrics


def _rows(metrics: dict[str, float]) -> list[Row]:
    rows: list[Row] = []
    for name, value in metrics.items():
        if "target" in name:
            continue  # the targets live in TARGETS, with the row they belong to
        if name.endswith("_ms"):
            unit = "ms"
        elif name.endswith("_mb"):
            unit = "MB"
        elif name.endswith(("_ratio", "_over_json_loads_1y", "_10y", "_50y")):
            unit = "x"
        else:
            unit = ""
        target = TARGETS.get(name, (None, unit))[0]
        rows.append(
            {
                "benchmark": name,
                "median": round(value, 3),
                "unit": unit,
                "target": target,
                "ok": None if target is None else value <= target,
            }
        )
    return rows


def _optional(name: str) -> Any:
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as err:
        if err.name != name:
            raise
        return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", action="store_true", help="print JSON rows")
    parser.add_argument("--quick", action="store_true", help="skip the 50-year sizes")
    args = parser.parse_args()
    rows = _rows(collect(args.quick))
    if args.json:
        json.dump(rows, sys.stdout, indent=2)
        print()
        return 0
    width = max(len(str(r["benchmark"])) for r in rows)
    print(f"{'benchmark (median)':<{width}}  {'value':>10}  {'target':>8}  ok")
    for r in rows:
        target = "" if r["target"] is None else f"{r['target']:g}"
        ok = "" if r["ok"] is None else ("yes" if r["ok"] else "NO")
        print(
            f"{r['benchmark']!s:<{width}}  {r['median']:>8.3f} {r['unit']!s:<2}"
            f"{target:>8}  {ok}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
