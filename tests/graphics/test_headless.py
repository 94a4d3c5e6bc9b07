"""The graphics layer is QtGui only: no widgets, no charts, nothing above it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

_SCRIPT = """
import importlib, json, pkgutil, sys
import twitchtrack.graphics as top
for info in pkgutil.walk_packages(top.__path__, top.__name__ + "."):
    importlib.import_module(info.name)
print(json.dumps(sorted(sys.modules)))
"""


def test_graphics_loads_no_widgets_and_nothing_above_it() -> None:
    result = subprocess.run(
        [sys.executable, "-c", _SCRIPT],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=True,
    )
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert "twitchtrack.graphics.body.geometry" in loaded
    assert "PySide6.QtWidgets" not in loaded
    assert not [m for m in loaded if m.split(".")[0] == "pyqtgraph"]
    above = (
        "twitchtrack.ui",
        "twitchtrack.report",
        "twitchtrack.cli",
        "twitchtrack.dev",
    )
    assert not [m for m in loaded if m.startswith(above)]
