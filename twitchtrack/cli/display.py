"""Can the window open here? Asked before Qt loads, so that a missing display or a
missing system library is one clear line and exit 2, not Qt's abort (SIGABRT)."""

from __future__ import annotations

import ctypes
import importlib.util
import os
import re
import sys
from collections.abc import Mapping
from pathlib import Path

# The system libraries Qt's X11 plugin needs on Debian and Ubuntu: the README's apt
# line without python3-venv (tests/cli/test_display.py keeps the two equal).
APT_PACKAGES: tuple[str, ...] = (
    "libgl1",
    "libegl1",
    "libfontconfig1",
    "fonts-dejavu-core",
    "libglib2.0-0",
    "libdbus-1-3",
    "libxkbcommon0",
    "libxkbcommon-x11-0",
    "libx11-xcb1",
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-image0",
    "libxcb-keysyms1",
    "libxcb-randr0",
    "libxcb-render0",
    "libxcb-render-util0",
    "libxcb-shm0",
    "libxcb-sync1",
    "libxcb-shape0",
    "libxcb-xfixes0",
    "libxcb-xkb1",
)
APT_LINE = "sudo apt-get install -y --no-install-recommends " + " ".join(APT_PACKAGES)
CLI_HINT = "the command-line commands work without one: twitchtrack --help"

_WAYLAND = frozenset({"wayland", "wayland-egl"})
_MISSING = re.compile(r"([\w.+-]+\.so[\w.]*): cannot open shared object file")


def display_problem(
    environ: Mapping[str, str] | None = None, platform: str | None = None
) -> str | None:
    """Why the window cannot open on this machine (one sentence), or None.

    Only the cases Qt turns into an abort are looked at: Linux with the X11 (xcb)
    or Wayland platform. Anything else (offscreen, another plugin, macOS,
    Windows) is left to Qt.
    """
    env = os.environ if environ is None else environ
    if not (platform or sys.platform).startswith("linux"):
        return None
    # QT_QPA_PLATFORM may name fallbacks ("wayland;xcb") and options ("xcb:x=y").
    names = [p.split(":")[0].strip() for p in env.get("QT_QPA_PLATFORM", "").split(";")]
    names = [n for n in names if n]
    if any(n != "xcb" and n not in _WAYLAND for n in names):
        return None
    wayland_ok = bool(env.get("WAYLAND_DISPLAY")) and (
        not names or any(n in _WAYLAND for n in names)
    )
    display = env.get("DISPLAY", "")
    xcb_ok = bool(display) and (not names or "xcb" in names)
    if wayland_ok:
        return None  # Qt takes Wayland (and falls back to X11 by itself)
    if not xcb_ok:
        unset = "DISPLAY and WAYLAND_DISPLAY are not set"
        if display or env.get("WAYLAND_DISPLAY"):
            unset = f"QT_QPA_PLATFORM={env.get('QT_QPA_PLATFORM', '')} has none to use"
        return f"no display found ({unset}); {CLI_HINT}"
    plugin = _xcb_plugin(env)
    if plugin is not None:
        missing = plugin_problem(plugin)
        if missing is not None:
            return missing
    if not _can_connect(display):
        return (
            f"cannot connect to the display {display} (is an X server running "
            f"there, and may this user use it?); {CLI_HINT}"
        )
    return None


def plugin_problem(plugin: Path) -> str | None:
    """Why Qt's X11 plugin at ``plugin`` cannot load (naming the missing library and
    the apt line that installs them all), or None when it loads."""
    try:
        ctypes.CDLL(str(plugin))
        # Qt opens this one itself when the plugin starts (Qt 6.5 and later), so
        # the plugin loads without it and the abort comes later.
        ctypes.CDLL("libxcb-cursor.so.0")
    except OSError as err:
        text = str(err)
        found = _MISSING.search(text)
        what = (
            f"needs {found.group(1)}, which is not installed"
            if found
            else f"cannot be loaded ({text.strip()})"
        )
        return (
            f"the window cannot open: Qt's X11 plugin {what}; install the system "
            f"libraries with: {APT_LINE} (the command-line commands work without "
            "them: twitchtrack --help)"
        )
    return None


def _xcb_plugin(env: Mapping[str, str]) -> Path | None:
    """Where Qt will look for libqxcb.so first: QT_QPA_PLATFORM_PLUGIN_PATH, then
    the Qt inside PySide6 (found without importing it)."""
    for folder in env.get("QT_QPA_PLATFORM_PLUGIN_PATH", "").split(os.pathsep):
        if folder and (Path(folder) / "libqxcb.so").is_file():
            return Path(folder) / "libqxcb.so"
    spec = importlib.util.find_spec("PySide6")
    if spec is None or spec.origin is None:
        return None
    plugin = Path(spec.origin).parent / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    return plugin if plugin.is_file() else None


def _can_connect(display: str) -> bool:
    """True if an X server answers at ``display`` (libxcb's own connect)."""
    try:
        xcb = ctypes.CDLL("libxcb.so.1")
    except OSError:
        return True  # cannot ask; Qt will say what is wrong
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    connection = xcb.xcb_connect(display.encode(), None)
    try:
        return connection is not None and xcb.xcb_connection_has_error(connection) == 0
    finally:
        if connection is not None:
            xcb.xcb_disconnect(connection)
