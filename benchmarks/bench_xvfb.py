"""Benchmark: time to a visible window under a real X server (Xvfb), 10-year journal.

Target (issue 15): ``twitchtrack gui`` maps its window in no more than 2x the
time a bare PySide6 window takes under the same server, plus ``json.loads`` of the
journal. One Xvfb serves every start. The clock runs from spawning the process to
the X server's MapNotify for its top-level window, which this process waits for
on its own connection to the server (libX11 through ctypes: no polling, and no
helper process competing for the two cores).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import json
import os
import select
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
if str(ROOT / "benchmarks") not in sys.path:
    sys.path.insert(0, str(ROOT / "benchmarks"))

STARTS = int(os.environ.get("XVFB_STARTS", "7"))
TARGET_RATIO = 2.0
_MAP_NOTIFY = 19
_SUBSTRUCTURE_NOTIFY_MASK = 1 << 19

_BARE = """
import sys
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication(sys.argv[:1])
w = QWidget(); w.setWindowTitle("bare window"); w.resize(1280, 800); w.show()
app.exec()
"""


class _MapEvent(ctypes.Structure):
    # XMapEvent: type, serial, send_event, display, event, window, override_redirect
    _fields_ = [
        ("type", ctypes.c_int),
        ("serial", ctypes.c_ulong),
        ("send_event", ctypes.c_int),
        ("display", ctypes.c_void_p),
        ("event", ctypes.c_ulong),
        ("window", ctypes.c_ulong),
        ("override_redirect", ctypes.c_int),
    ]


class _XEvent(ctypes.Union):
    _fields_ = [
        ("type", ctypes.c_int),
        ("xmap", _MapEvent),
        ("pad", ctypes.c_long * 24),
    ]


class _Watcher:
    """A connection to the X server that reports each top-level window mapped."""

    def __init__(self, display: str) -> None:
        name = ctypes.util.find_library("X11")
        if name is None:
            raise RuntimeError("libX11 is missing")
        x = ctypes.CDLL(name)
        x.XOpenDisplay.restype = ctypes.c_void_p
        x.XOpenDisplay.argtypes = [ctypes.c_char_p]
        x.XDefaultRootWindow.restype = ctypes.c_ulong
        x.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
        x.XSelectInput.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_long]
        x.XPending.argtypes = [ctypes.c_void_p]
        x.XNextEvent.argtypes = [ctypes.c_void_p, ctypes.POINTER(_XEvent)]
        x.XFetchName.argtypes = [
            ctypes.c_void_p,
            ctypes.c_ulong,
            ctypes.POINTER(ctypes.c_char_p),
        ]
        x.XConnectionNumber.argtypes = [ctypes.c_void_p]
        x.XFlush.argtypes = [ctypes.c_void_p]
        # A window can be gone by the time its name is asked for: Xlib's default
        # handler would end this process over that, so errors are ignored.
        handler = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)
        self._on_error = handler(lambda _display, _event: 0)
        x.XSetErrorHandler.argtypes = [handler]
        x.XSetErrorHandler(self._on_error)
        x.XFree.argtypes = [ctypes.c_void_p]
        self._x = x
        self._dpy = x.XOpenDisplay(display.encode())
        if not self._dpy:
            raise RuntimeError(f"cannot open display {display}")
        root = x.XDefaultRootWindow(self._dpy)
        x.XSelectInput(self._dpy, root, _SUBSTRUCTURE_NOTIFY_MASK)
        x.XFlush(self._dpy)
        self._fd = x.XConnectionNumber(self._dpy)

    def wait_for(self, title_prefix: str, timeout: float) -> float:
        """``time.time()`` when a window whose title starts so was mapped."""
        deadline = time.time() + timeout
        event = _XEvent()
        while True:
            while self._x.XPending(self._dpy):
                self._x.XNextEvent(self._dpy, ctypes.byref(event))
                if event.type != _MAP_NOTIFY or event.xmap.override_redirect:
                    continue
                seen = time.time()
                name = ctypes.c_char_p()
                if not self._x.XFetchName(
                    self._dpy, event.xmap.window, ctypes.byref(name)
                ):
                    continue
                title = name.value or b""
                self._x.XFree(name)
                if title.decode(errors="replace").startswith(title_prefix):
                    return seen
            left = deadline - time.time()
            if left <= 0:
                raise TimeoutError(f"no window {title_prefix!r} was mapped")
            select.select([self._fd], [], [], left)


def _start_xvfb() -> tuple[subprocess.Popen[bytes], str]:
    for number in range(90, 140):
        if not Path(f"/tmp/.X11-unix/X{number}").exists():
            break
    display = f":{number}"
    server = subprocess.Popen(
        ["Xvfb", display, "-screen", "0", "1920x1200x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    socket = Path(f"/tmp/.X11-unix/X{number}")
    deadline = time.time() + 20
    while not socket.exists():  # Xvfb has no readiness signal but its socket
        if server.poll() is not None or time.time() > deadline:
            raise RuntimeError("Xvfb did not start")
        time.sleep(0.02)
    return server, display


def _visible(
    watcher: _Watcher, argv: list[str], env: dict[str, str], title: str
) -> float:
    """Seconds from spawning ``argv`` to its window being mapped; then it quits."""
    start = time.time()
    proc = subprocess.Popen(
        argv,
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        mapped = watcher.wait_for(title, timeout=120)
    finally:
        proc.send_signal(signal.SIGTERM)  # the app saves and closes on SIGTERM
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    return mapped - start


def run() -> dict[str, float]:
    """Visible-window time of the app and of a bare window, 10-year journal."""
    import bench_gui

    if shutil.which("Xvfb") is None:
        return {}
    work = Path(tempfile.mkdtemp(prefix="tt-bench-xvfb-"))
    server, display = _start_xvfb()
    try:
        folder = work / "data"
        path = bench_gui._make_journal(folder)
        raw = path.read_bytes()
        json_s = statistics.median(_timed(lambda: json.loads(raw)) for _ in range(5))
        base = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM",)}
        home = work / "home"
        env = {
            **base,
            "DISPLAY": display,
            "QT_QPA_PLATFORM": "xcb",
            "PYTHONPATH": str(ROOT),
            "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_CACHE_HOME": str(home / "cache"),
            "XDG_DATA_HOME": str(home / "data"),
            "XDG_STATE_HOME": str(home / "state"),
            "TWITCHTRACK_CONFIG_DIR": str(home / "config" / "twitchtrack"),
        }
        watcher = _Watcher(display)
        app_argv = [sys.executable, "-m", "twitchtrack", "--data-dir", str(folder)]
        app_argv.append("gui")
        bare_argv = [sys.executable, "-c", _BARE]
        # One of each first (file caches, the first save's note), then alternated.
        _visible(watcher, app_argv, env, "twitchtrack")
        _visible(watcher, bare_argv, env, "bare window")
        app, bare = [], []
        for _ in range(STARTS):
            bare.append(_visible(watcher, bare_argv, env, "bare window"))
            app.append(_visible(watcher, app_argv, env, "twitchtrack"))
        app_s, bare_s = statistics.median(app), statistics.median(bare)
        return {
            "xvfb_bare_visible_ms": bare_s * 1000,
            "xvfb_gui_visible_ms": app_s * 1000,
            "xvfb_gui_visible_spread_ms": (max(app) - min(app)) * 1000,
            "xvfb_json_loads_ms": json_s * 1000,
            "xvfb_visible_ratio": app_s / (bare_s + json_s),
        }
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)


def _timed(fn: object) -> float:
    start = time.perf_counter()
    fn()  # type: ignore[operator]
    return time.perf_counter() - start


if __name__ == "__main__":
    for key, value in run().items():
        print(f"{key:>30}: {value:10.1f}")
