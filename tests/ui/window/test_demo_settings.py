"""A ``--demo`` run leaves the person's own settings file alone."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QSettings

# Runs the real `twitchtrack --demo` start-up (run_gui) in a child process: switch to
# light, move to Trends, resize, close. The parent then reads the real settings file.
_DRIVE = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from twitchtrack.ui.app import make_application, run_gui

app = make_application()

def poke():
    window = next(w for w in QApplication.topLevelWidgets()
                  if w.objectName() == "main_window" and w.isVisible())
    print("demo starts in", window.extras.prefs.theme)
    window.extras.prefs.theme = "light"
    window.set_view("trends")
    window.resize(1111, 777)
    window.close()
    app.quit()

QTimer.singleShot(0, poke)
sys.exit(run_gui(None, demo=True))
"""


def test_a_demo_run_writes_nothing_into_the_real_settings(tmp_path: Path) -> None:
    config = tmp_path / "config"
    real_file = config / "twitchtrack" / "twitchtrack.conf"
    real_file.parent.mkdir(parents=True)
    real = QSettings(str(real_file), QSettings.Format.IniFormat)
    real.setValue("appearance/theme", "dark")
    real.setValue("window/view", "history")
    real.sync()
    before = real_file.read_bytes()
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(config),
        "TWITCHTRACK_DATA_DIR": str(tmp_path / "journal"),
    }
    done = subprocess.run(
        [sys.executable, "-c", _DRIVE],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "demo starts in dark" in done.stdout  # the person's own theme, read
    # Theme, geometry and last view of the demo went into its own throwaway file.
    assert real_file.read_bytes() == before
    assert not (tmp_path / "journal").exists()  # nor did it touch the journal
