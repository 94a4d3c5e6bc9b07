"""``twitchtrack`` (the window) without a usable display: one line and exit 2, never
Qt's abort; the check loads no Qt widgets."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from twitchtrack.cli.display import APT_PACKAGES, display_problem

from .helpers import ROOT

PLUGIN = (
    Path(__import__("PySide6").__file__ or "").parent
    / "Qt"
    / "plugins"
    / "platforms"
    / "libqxcb.so"
)

# Runs the command in a child and says whether Qt's widgets were ever imported.
_PROBE = """
import sys
from twitchtrack.cli import main
try:
    code = main(sys.argv[1:])
except SystemExit as exit_:
    code = exit_.code
print("widgets loaded:", "PySide6.QtWidgets" in sys.modules)
sys.exit(code)
"""

_DISPLAY_VARS = (
    "DISPLAY",
    "WAYLAND_DISPLAY",
    "QT_QPA_PLATFORM",
    "QT_QPA_PLATFORM_PLUGIN_PATH",
    "XDG_SESSION_TYPE",
)


def scrubbed(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _DISPLAY_VARS}
    return {**env, **extra}


def start(
    env: dict[str, str], data_dir: Path, *args: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", _PROBE, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
        env={**env, "TWITCHTRACK_DATA_DIR": str(data_dir)},
    )


@pytest.mark.parametrize("platform", ["", "xcb"])
@pytest.mark.parametrize("args", [(), ("--demo",), ("gui",)])
def test_no_display_is_one_line_and_exit_2(
    data_dir: Path, platform: str, args: tuple[str, ...]
) -> None:
    env = scrubbed(**({"QT_QPA_PLATFORM": platform} if platform else {}))
    done = start(env, data_dir, *args)
    assert done.returncode == 2, done.stderr  # was -6 (SIGABRT) with Qt's message
    assert done.stderr.splitlines() == [
        "twitchtrack: error: no display found (DISPLAY and WAYLAND_DISPLAY are not "
        "set); the command-line commands work without one: twitchtrack --help"
    ]
    assert "widgets loaded: False" in done.stdout
    assert not data_dir.exists()  # nothing was opened or created


def test_a_display_nobody_answers_is_one_line_and_exit_2(data_dir: Path) -> None:
    done = start(scrubbed(DISPLAY=":187"), data_dir)
    assert done.returncode == 2, done.stderr
    [line] = done.stderr.splitlines()
    assert line.startswith("twitchtrack: error: cannot connect to the display :187")
    assert "widgets loaded: False" in done.stdout


def test_a_missing_system_library_is_named_with_the_apt_line(
    data_dir: Path, tmp_path: Path
) -> None:
    # The X11 plugin copied where its own Qt libraries are not: dlopen fails the way
    # it does on a bare Debian without libxcb-cursor0, naming what is missing.
    platforms = tmp_path / "platforms"
    platforms.mkdir()
    shutil.copy(PLUGIN, platforms / "libqxcb.so")
    env = scrubbed(DISPLAY=":187", QT_QPA_PLATFORM_PLUGIN_PATH=str(platforms))
    done = start(env, data_dir)
    assert done.returncode == 2, done.stderr
    [line] = done.stderr.splitlines()
    assert re.match(
        r"twitchtrack: error: the window cannot open: Qt's X11 plugin needs "
        r"libQt6\w+\.so\.6, which is not installed; install the system libraries "
        r"with: sudo apt-get install ",
        line,
    ), line
    assert "libxcb-cursor0" in line
    assert "widgets loaded: False" in done.stdout


def test_other_platforms_and_wayland_are_left_to_qt() -> None:
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux") is None
    assert display_problem({"WAYLAND_DISPLAY": "wayland-0"}, "linux") is None
    assert display_problem({}, "darwin") is None
    assert display_problem({}, "win32") is None
    # Asked for X11 only, a Wayland display does not help.
    problem = display_problem(
        {"QT_QPA_PLATFORM": "xcb", "WAYLAND_DISPLAY": "wayland-0"}, "linux"
    )
    assert problem is not None
    assert problem.startswith("no display found (QT_QPA_PLATFORM=xcb has none")


def test_the_apt_packages_are_the_readmes() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    line = next(x for x in readme.splitlines() if x.startswith("sudo apt-get install"))
    words = line.split("&&")[0].split()
    listed = {w for w in words[2:] if not w.startswith("-") and w != "install"}
    assert listed - {"python3-venv"} == set(APT_PACKAGES)
