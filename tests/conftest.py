"""Shared test set-up: offscreen Qt and a data folder that is never the real one."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Set before any test module imports Qt, so GUI tests run without a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_QUICK_BACKEND", "software")


@pytest.fixture(autouse=True)
def data_dir(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """A private data folder per test; TWITCHTRACK_DATA_DIR points at it, and the
    config folder (TWITCHTRACK_CONFIG_DIR) is the test's own as well."""
    folder = tmp_path_factory.mktemp("data") / "twitchtrack"
    monkeypatch.setenv("TWITCHTRACK_DATA_DIR", str(folder))
    # QSettings and anything XDG-based also stay inside the test's folders.
    home = folder.parent / "home"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    # This computer's device id (storage.device) too, on every platform.
    monkeypatch.setenv("TWITCHTRACK_CONFIG_DIR", str(home / "config" / "twitchtrack"))
    return folder
