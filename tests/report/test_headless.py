"""The report runs without a display and without QtWidgets, as the CLI needs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

_SCRIPT = """
import json, sys
from datetime import date
from pathlib import Path
import twitchtrack.report
after_import = sorted(sys.modules)
from twitchtrack.domain.demo import generate_demo
from twitchtrack.report import write_report
journal = generate_demo(days=30, seed=3, end=date(2026, 11, 20))
summary = write_report(journal, Path(sys.argv[1]), today=date(2026, 11, 20))
from PySide6.QtGui import QGuiApplication
print(json.dumps({
    "after_import": after_import,
    "after_write": sorted(sys.modules),
    "pages": summary.pages,
    "platform": QGuiApplication.platformName(),
}))
"""


def test_report_loads_no_widgets_and_needs_no_display(tmp_path: Path) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    out = tmp_path / "report.pdf"
    result = subprocess.run(
        [sys.executable, "-c", _SCRIPT, str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    info = json.loads(result.stdout.strip().splitlines()[-1])
    for stage in ("after_import", "after_write"):
        loaded = info[stage]
        assert "PySide6.QtWidgets" not in loaded, stage
        assert not [m for m in loaded if m.split(".")[0] == "pyqtgraph"], stage
        assert not [m for m in loaded if m.startswith("twitchtrack.ui")], stage
    assert info["platform"] == "offscreen"
    assert info["pages"] >= 3
    assert out.read_bytes().startswith(b"%PDF-")
