"""Layering: domain and storage never load Qt, and headless commands stay headless."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

_PROBE = """
import sys, json
{body}
roots = ('PySide6', 'shiboken6', 'pyqtgraph', 'scipy')
heavy = sorted(m for m in sys.modules if m.split('.')[0] in roots)
print(json.dumps(heavy))
"""


def _loaded_after(body: str, env: dict[str, str] | None = None) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", _PROBE.format(body=body)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_domain_and_storage_import_no_qt_and_no_scipy() -> None:
    body = (
        "import pkgutil, importlib, twitchtrack.domain, twitchtrack.storage\n"
        "for pkg in (twitchtrack.domain, twitchtrack.storage):\n"
        "    for info in pkgutil.iter_modules(pkg.__path__, pkg.__name__ + '.'):\n"
        "        importlib.import_module(info.name)\n"
    )
    assert _loaded_after(body) == []


@pytest.mark.parametrize(
    "argv",
    [
        ["--version"],
        ["regions", "--json"],
        ["log", "calf_left", "--intensity", "4"],
        ["day", "--caffeine", "120"],
        ["list", "--json"],
        ["check"],
    ],
)
def test_headless_commands_load_no_qt(argv: list[str], data_dir: Path) -> None:
    body = (
        "from twitchtrack.cli import main\n"
        f"try:\n    main({argv!r})\nexcept SystemExit:\n    pass\n"
    )
    loaded = _loaded_after(body, {"TWITCHTRACK_DATA_DIR": str(data_dir)})
    assert [m for m in loaded if not m.startswith("scipy")] == []


def test_layers_never_import_upwards() -> None:
    # cli -> ui -> report -> graphics -> storage -> domain; never upwards.
    order = ["domain", "storage", "graphics", "report", "ui"]
    for index, layer in enumerate(order):
        higher = [f"twitchtrack.{name}" for name in order[index + 1 :]] + [
            "twitchtrack.cli"
        ]
        for path in (ROOT / "twitchtrack" / layer).rglob("*.py"):
            source = path.read_text(encoding="utf-8")
            for name in higher:
                where = path.relative_to(ROOT)
                assert f"from {name}" not in source, f"{where} imports {name}"
                assert f"import {name}" not in source, f"{where} imports {name}"


def test_the_package_has_no_network_code() -> None:
    # Health data stays on the machine: nothing in the package may open a network
    # connection, so no module even imports a network library.
    forbidden = (
        "import socket",
        "from socket",
        "urllib.request",
        "http.client",
        "import requests",
        "import httpx",
        "QtNetwork",
        "QNetworkAccessManager",
    )
    for path in (ROOT / "twitchtrack").rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        for needle in forbidden:
            assert needle not in source, f"{path.relative_to(ROOT)} uses {needle}"


def test_the_gui_modules_import_without_pyqtgraph_or_scipy() -> None:
    body = "import twitchtrack.ui.app, twitchtrack.ui.window.main_window\n"
    loaded = _loaded_after(body, {"QT_QPA_PLATFORM": "offscreen"})
    assert [m for m in loaded if m.split(".")[0] in ("pyqtgraph", "scipy")] == []
