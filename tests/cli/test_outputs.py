"""Commands that draw: the PDF report and the screenshot, run headless."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from .helpers import ROOT, spawn


def test_report_command_runs_headless(data_dir: Path, tmp_path: Path) -> None:
    assert spawn(["demo", "--days", "40", "--seed", "5"], data_dir).returncode == 0
    out = tmp_path / "report.pdf"
    env = {
        k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM")
    }
    done = subprocess.run(
        [sys.executable, "-m", "twitchtrack", "report", "-o", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
        env={**env, "TWITCHTRACK_DATA_DIR": str(data_dir)},
    )
    assert done.returncode == 0, done.stderr
    assert "pages" in done.stdout
    assert out.read_bytes().startswith(b"%PDF-")
    assert out.stat().st_mode & 0o777 == 0o600


def test_screenshot_command_renders_the_demo_and_exits(
    data_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "shot.png"
    done = spawn(
        ["--demo", "screenshot", str(out), "--view", "history", "--size", "1024x700"],
        data_dir,
    )
    assert done.returncode == 0, done.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # the demo never touches the real data folder
    assert not (data_dir / "journal.json").exists()
    bad = spawn(["screenshot", str(tmp_path / "x.png"), "--size", "big"], data_dir)
    assert bad.returncode == 2
