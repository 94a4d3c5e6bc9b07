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


def collect(quick: bool) -> list[Row]:
    """Run every benchmark that is present and return table rows."""
    rows: list[Row] = []

    def add(
        name: str, value: float, target: float | None, unit: str = "ms", note: str = ""
    ) -> None:
        rows.append(
            {
                "benchmark": name,
                "median": round(value, 3),
                "unit": unit,
                "target": target,
                "ok": None if target is None else value <= target,
                "note": note,
            }
        )

    years_list = (1, 10) if quick else (1, 10, 50)
    storage = _optional("bench_storage")
    if storage is not None:
        for years in years_list:
            r = storage.run(years)
            ratio = r["load_ms"] / r["json_loads_ms"]
            add(
                f"journal load, {years} y",
                r["load_ms"],
                None,
                note=f"json.loads {r['json_loads_ms']:.1f} ms",
            )
            add(
                f"load / json.loads, {years} y",
                ratio,
                2.0 if years == 10 else None,
                unit="x",
            )
            add(
                f"durable save, {years} y", r["save_ms"], 150.0 if years == 10 else None
            )
    for years in years_list:
        add(
            f"`twitchtrack log` wall time, {years} y",
            bench_cli_log(years),
            500.0 if years == 10 else None,
        )

    for module, targets in (
        ("bench_body_map", {}),
        ("bench_analysis", {}),
        ("bench_gui", {}),
        ("bench_report", {}),
    ):
        mod = _optional(module)
        if mod is None:
            continue
        for row in mod.run():
            rows.append(row)
        del targets
    return rows


def _optional(name: str):  # type: ignore[no-untyped-def]
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
    rows = collect(args.quick)
    if args.json:
        json.dump(rows, sys.stdout, indent=2)
        print()
        return 0
    width = max(len(str(r["benchmark"])) for r in rows)
    print(f"{'benchmark':<{width}}  {'median':>10}  {'target':>10}  ok   note")
    for r in rows:
        target = "" if r["target"] is None else f"{r['target']:g}"
        ok = "" if r["ok"] is None else ("yes" if r["ok"] else "NO")
        print(
            f"{r['benchmark']!s:<{width}}  {r['median']:>8.2f} {r['unit']!s:<2}"
            f"{target:>10}  {ok:<4} {r['note']}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
