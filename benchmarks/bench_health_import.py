"""Benchmark: ``twitchtrack import export.zip`` of a 200 MB synthetic Apple export.

Each run is a whole process importing into an empty data folder (read, merge,
save); its peak memory is the child's own ``ru_maxrss`` from ``os.wait4``. The
floor, measured in the same run on the same file, is a bare Python process that
streams the zip member through ``defusedxml`` ``iterparse`` and drops every
element: what reading the XML costs before anything of ours runs. Targets
(issue 18): import within 60 s, peak memory within 300 MB.
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
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.fixtures.health.make_apple import write_export  # noqa: E402

MEGABYTES = 200
TARGETS_MS = {f"import_apple_{MEGABYTES}mb_ms": 60_000.0}
RATIO_TARGETS = {f"import_apple_{MEGABYTES}mb_peak_rss_mb": 300.0}

_FLOOR = """
import sys, zipfile
from defusedxml.ElementTree import iterparse
with zipfile.ZipFile(sys.argv[1]) as z, z.open("apple_health_export/export.xml") as f:
    root = None
    for event, elem in iterparse(f, events=("start", "end")):
        if root is None:
            root = elem
        elif event == "end" and elem.tag == "Record":
            root.clear()
"""


# Runs ``twitchtrack ARGS`` and, at exit, writes the process's own peak memory
# to stderr. VmHWM starts afresh at exec; ru_maxrss from wait4 does not, so it
# would report this (large, after the 50-year benchmarks) parent's size instead.
_PEAK = """
import atexit, os, runpy, sys
def _peak():
    try:
        with open("/proc/self/status") as f:
            kb = next(int(l.split()[1]) for l in f if l.startswith("VmHWM:"))
    except (OSError, StopIteration):
        import resource
        kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    os.write(2, ("\\nPEAK_KB=%d\\n" % kb).encode())
atexit.register(_peak)
sys.argv = ["twitchtrack", *sys.argv[1:]]
runpy.run_module("twitchtrack", run_name="__main__")
"""


def _child(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall time (ms) and peak RSS (MB, the child's own VmHWM) of one child."""
    start = time.perf_counter()
    proc = subprocess.run(
        args, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    elapsed = (time.perf_counter() - start) * 1000.0
    err = proc.stderr.decode(errors="replace")
    if proc.returncode != 0:
        raise RuntimeError(f"{args[:4]} failed ({proc.returncode}): {err}")
    peaks = [int(line[8:]) for line in err.splitlines() if line.startswith("PEAK_KB=")]
    return elapsed, (peaks[-1] / 1024 if peaks else float("nan"))


def run(quick: bool = False) -> dict[str, float]:
    megabytes = 20 if quick else MEGABYTES
    repeats = 1 if quick else 3
    work = Path(tempfile.mkdtemp(prefix="twitchtrack-bench-health-"))
    env = {
        **os.environ,
        "TWITCHTRACK_CACHE_DIR": str(work / "cache"),
        "TWITCHTRACK_CONFIG_DIR": str(work / "config"),
    }
    try:
        export = work / "export.zip"
        write_export(export, megabytes)
        imports: list[float] = []
        peaks: list[float] = []
        floors: list[float] = []
        for i in range(repeats):
            data = work / f"data{i}"
            ms, peak = _child(
                [
                    sys.executable,
                    "-c",
                    _PEAK,
                    "--data-dir",
                    str(data),
                    "import",
                    str(export),
                ],
                env,
            )
            imports.append(ms)
            peaks.append(peak)
            floors.append(_child([sys.executable, "-c", _FLOOR, str(export)], env)[0])
    finally:
        shutil.rmtree(work, ignore_errors=True)
    size = f"{megabytes}mb"
    import_ms = statistics.median(imports)
    floor_ms = statistics.median(floors)
    return {
        f"import_apple_{size}_ms": import_ms,
        f"import_apple_{size}_peak_rss_mb": max(peaks),
        f"iterparse_floor_{size}_ms": floor_ms,
        f"import_over_iterparse_{size}_ratio": import_ms / floor_ms,
    }


if __name__ == "__main__":
    for name, value in run(quick="--quick" in sys.argv).items():
        print(f"{name:40s} {value:10.1f}")
