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
# Benchmarks never touch the person's own cache or config (trust notes, device id).
_SCRATCH = Path(tempfile.mkdtemp(prefix="tt-bench-home-"))
os.environ.setdefault("TWITCHTRACK_CACHE_DIR", str(_SCRATCH / "cache"))
os.environ.setdefault("TWITCHTRACK_CONFIG_DIR", str(_SCRATCH / "config"))

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


# The floor of ``twitchtrack log``: a Python process that reads the journal and
# atomically rewrites the same bytes (temp file, fsync, rename, folder fsync) in the
# same folder, with nothing of ours imported.
_REWRITE = """
import os, sys
path = sys.argv[1]
with open(path, "rb") as f:
    data = f.read()
tmp = path + ".floor.tmp"
fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
view, done = memoryview(data), 0
while done < len(data):
    done += os.write(fd, view[done:])
os.fsync(fd)
os.close(fd)
os.replace(tmp, path)
dfd = os.open(os.path.dirname(path), os.O_RDONLY)
os.fsync(dfd)
os.close(dfd)
"""


def bench_cli_log(years: int, repeat: int = 7) -> dict[str, float]:
    """Medians (ms) of a whole ``twitchtrack log`` process on that journal and of
    its floor (``python -c pass`` plus reading and atomically rewriting a copy of
    the same file), alternated so a busy moment hits both alike."""
    folder = _demo_folder(years)
    floor_dir = folder.parent / "floor"
    floor_dir.mkdir()
    copy = floor_dir / "journal.json"
    copy.write_bytes((folder / "journal.json").read_bytes())
    home = folder.parent / "home"
    env = {
        **os.environ,
        "TWITCHTRACK_DATA_DIR": str(folder),
        # The device id and the trust note stay out of the person's own folders.
        "TWITCHTRACK_CONFIG_DIR": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"),
    }
    cmd = [sys.executable, "-m", "twitchtrack", "log", "calf_left", "--intensity", "3"]

    def run(argv: list[str]) -> float:
        start = time.perf_counter()
        subprocess.run(argv, env=env, check=True, capture_output=True, cwd=ROOT)
        return (time.perf_counter() - start) * 1000

    run(cmd)  # the first: the device id is made, the journal gets its trust note
    logs, floors, bare = [], [], []
    for _ in range(repeat):
        logs.append(run(cmd))
        floors.append(run([sys.executable, "-c", _REWRITE, str(copy)]))
        bare.append(run([sys.executable, "-c", "pass"]))
    log_ms, floor_ms = statistics.median(logs), statistics.median(floors)
    return {
        f"cli.log_wall_{years}y_ms": log_ms,
        f"cli.log_wall_{years}y_spread_ms": max(logs) - min(logs),
        f"cli.log_floor_{years}y_ms": floor_ms,
        "cli.python_pass_ms": statistics.median(bare),
        f"cli.log_over_floor_{years}y_ratio": log_ms / floor_ms,
    }


# metric name -> target (the unit is read off the name)
TARGETS: dict[str, float] = {
    # issue 15
    "gui.first_paint_ratio": 2.0,
    "gui.first_paint_50y_ratio": 2.5,
    "xvfb.xvfb_visible_ratio": 2.0,
    # Issue 15 asked for "+25 MB over a bare window", from its own readings of 190
    # MB (ours) against 156 MB (bare): a peak of 181 MB at most. Its bare figure
    # was ru_maxrss, which a child inherits from the process it was forked from;
    # read as VmHWM a bare window is 49 MB, and +25 MB over that is below what
    # pydantic's import (13 MB) and a 10-year journal held as plain json.loads
    # objects (32.5 MB, ``gui.json_loads_held_mb``) need before any window. The
    # row keeps the budget, 156 + 25 MB; ``rss_over_bare_mb`` and
    # ``rss_over_empty_journal_mb`` are printed beside it.
    "gui.gui_peak_rss_mb": 181.0,
    "cli.log_wall_10y_ms": 250.0,
    "cli.log_wall_50y_ms": 600.0,
    "storage.save_over_write_50y_ratio": 2.0,
    "storage.first_save_over_write_50y_ratio": 2.0,
    "trends.trends_range_change_max_ms": 33.0,
    # earlier issues
    "trends.trends_range_change_ms": 33.0,
    "gui.click_to_durable_ms": 100.0,
    "gui.ui_block_max_ms": 16.0,
    "storage.load_over_json_loads_10y_ratio": 2.0,
    "storage.save_10y_ms": 150.0,
    "body_map.paint_front_600x1000_ms": 8.0,
    "body_map.paint_back_600x1000_ms": 8.0,
    "body_map.paint_face_600x1000_ms": 8.0,
    "body_map.paint_front_900_taps_ms": 8.0,
    "body_map.hit_test_front_ms": 0.1,
    "body_map.hit_test_back_ms": 0.1,
    "body_map.hit_test_face_ms": 0.1,
    "report.report_1y_ms": 2000.0,
}


def collect(quick: bool, bundle: bool = False) -> dict[str, float]:
    """Run every benchmark module that is present; metric name -> value."""
    metrics: dict[str, float] = {}
    years_list = (1, 10) if quick else (1, 10, 50)
    # The GUI benchmark goes first: its child processes report peak memory, and on
    # Linux a child's high-water mark can start from this process's size, which the
    # 50-year journals below would inflate.
    modules = [
        "bench_gui",
        "bench_xvfb",
        "bench_body_map",
        "bench_trends",
        "bench_report",
        "bench_count_model",
        "bench_crypto",
        "bench_health_import",
    ]
    if bundle:
        modules.append("bench_bundle")  # freezes the app first: minutes
    # One QApplication for every Qt benchmark: a QGuiApplication made by the first
    # module would leave later widget benchmarks without one.
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    for name in modules:
        mod = _optional(name)
        if mod is None:
            continue
        prefix = name.removeprefix("bench_") + "."
        for key, value in _run(mod, quick).items():
            metrics[key if key.startswith(prefix) else prefix + key] = float(value)
        targets = {
            **getattr(mod, "TARGETS_MS", {}),
            **getattr(mod, "RATIO_TARGETS", {}),
        }
        for key, target in targets.items():
            TARGETS.setdefault(prefix + key, float(target))
    del app
    storage = _optional("bench_storage")
    if storage is not None:
        for years in years_list:
            r = storage.run(years)
            metrics[f"storage.load_{years}y_ms"] = r["load_ms"]
            metrics[f"storage.json_loads_{years}y_ms"] = r["json_loads_ms"]
            metrics[f"storage.load_over_json_loads_{years}y_ratio"] = (
                r["load_ms"] / r["json_loads_ms"]
            )
            metrics[f"storage.save_{years}y_ms"] = r["save_ms"]
            metrics[f"storage.first_save_{years}y_ms"] = r["first_save_ms"]
            metrics[f"storage.atomic_write_{years}y_ms"] = r["write_ms"]
            metrics[f"storage.save_over_write_{years}y_ratio"] = (
                r["save_ms"] / r["write_ms"]
            )
            metrics[f"storage.first_save_over_write_{years}y_ratio"] = (
                r["first_save_ms"] / r["write_ms"]
            )
    for years in years_list:
        metrics.update(bench_cli_log(years))
    return metrics


def _run(mod: Any, quick: bool) -> dict[str, float]:
    try:
        result: dict[str, float] = mod.run(quick=quick)
    except TypeError as err:
        if "quick" not in str(err):
            raise
        result = mod.run()
    return result


def _unit(name: str) -> str:
    for suffix, unit in (("_ms", "ms"), ("_mb", "MB"), ("_ratio", "x")):
        if name.endswith(suffix):
            return unit
    return ""


def _rows(metrics: dict[str, float]) -> list[Row]:
    rows: list[Row] = []
    for name, value in metrics.items():
        if "target" in name:
            continue  # the targets live in TARGETS, with the row they belong to
        target = TARGETS.get(name)
        rows.append(
            {
                "benchmark": name,
                "median": round(value, 3),
                "unit": _unit(name),
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
    parser.add_argument(
        "--bundle", action="store_true", help="also the frozen bundle (minutes)"
    )
    args = parser.parse_args()
    rows = _rows(collect(args.quick, args.bundle))
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
