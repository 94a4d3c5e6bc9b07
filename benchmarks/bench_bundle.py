"""Benchmark: first painted window of the frozen Linux bundle vs the pip-installed app.

Target (issue 21): the bundle starts no more than 20% slower than the app pip
installs, both opening a 10-year journal. Both run the same probe as
bench_gui (its ``_APP`` script: open the window, print when the first frame is
complete, quit): once with the Python of the packaging venv, where
``packaging/linux/build`` pip-installed the wheel (not editable), and once
frozen by PyInstaller with the bundle's own spec (same modules, excludes and
libraries; only the entry script differs). Needs that venv: run
``packaging/linux/build`` first. The frozen probe is rebuilt on each run
(PyInstaller's cache makes that about a minute).
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "benchmarks") not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT / "benchmarks"))
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import bench_gui  # noqa: E402  (the probe, the journal maker and the start count)

BUILD = Path(os.environ.get("BUILD_DIR", ROOT / "build" / "packaging"))
VENV_PYTHON = BUILD / "venv" / "bin" / "python"
SPEC = ROOT / "packaging" / "linux" / "twitchtrack.spec"
PROBE_NAME = "twitchtrack-first-paint"
MAX_SLOWDOWN = 1.20


def build_probe(scratch: Path) -> Path:
    """Freeze bench_gui's first-paint probe with the bundle's spec; its path."""
    if not VENV_PYTHON.exists():
        raise RuntimeError(
            f"{VENV_PYTHON} is missing: run packaging/linux/build first "
            "(it makes the venv this benchmark freezes from)"
        )
    entry = scratch / "first_paint_probe.py"
    entry.write_text(bench_gui._APP, encoding="utf-8")
    env = {
        **os.environ,
        "TWITCHTRACK_SPEC_ENTRY": str(entry),
        "TWITCHTRACK_SPEC_NAME": PROBE_NAME,
    }
    out = BUILD / "bench-probe"
    subprocess.run(
        [
            str(VENV_PYTHON), "-m", "PyInstaller", "--noconfirm",
            "--log-level", "ERROR", "--distpath", str(out / "dist"),
            "--workpath", str(out / "work"), str(SPEC),
        ],
        check=True, env=env, cwd=scratch, capture_output=True, timeout=900,
    )  # fmt: skip
    return out / "dist" / PROBE_NAME / PROBE_NAME


def _first_paint(argv: list[str], cwd: Path) -> tuple[float, float]:
    """Seconds from spawning ``argv`` (bench_gui's probe) to its first complete
    frame, and its peak RSS in MiB. No PYTHONPATH: the pip-installed package
    and the frozen one are what load, never the checkout."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    start = time.time()
    out = subprocess.run(
        argv, capture_output=True, text=True, check=True, env=env, cwd=cwd, timeout=120
    ).stdout
    painted, rss_kib = out.split("\n", 1)[0].split()
    return float(painted) - start, float(rss_kib) / 1024.0


def run() -> dict[str, float]:
    """First paint (10-year journal) of the frozen bundle and of the pip install."""
    scratch = Path(tempfile.mkdtemp(prefix="tt-bench-bundle-"))
    try:
        probe = build_probe(scratch)
        folder = scratch / "data"
        bench_gui._make_journal(folder)
        pip_argv = [str(VENV_PYTHON), "-c", bench_gui._APP, str(folder)]
        frozen_argv = [str(probe), str(folder)]
        # One start each first, so neither pays alone for a cold file cache.
        _first_paint(pip_argv, scratch)
        _first_paint(frozen_argv, scratch)
        pip, frozen = [], []
        for _ in range(bench_gui.STARTS):  # alternated: load hits both alike
            pip.append(_first_paint(pip_argv, scratch))
            frozen.append(_first_paint(frozen_argv, scratch))
        pip_s = statistics.median(p[0] for p in pip)
        frozen_s = statistics.median(f[0] for f in frozen)
        return {
            "pip_first_paint_ms": pip_s * 1000,
            "bundle_first_paint_ms": frozen_s * 1000,
            "bundle_over_pip_ratio": frozen_s / pip_s,
            "bundle_over_pip_target_ratio": MAX_SLOWDOWN,
            "pip_peak_rss_mb": statistics.median(p[1] for p in pip),
            "bundle_peak_rss_mb": statistics.median(f[1] for f in frozen),
        }
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    for key, value in run().items():
        print(f"{key:>30}: {value:10.2f}")
