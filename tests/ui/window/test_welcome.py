"""The welcome dialog's demo starts this same program, frozen or not."""

from __future__ import annotations

import sys

import pytest

from twitchtrack.ui.window.welcome import demo_arguments


def test_a_python_install_starts_the_package_as_a_module(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delattr(sys, "frozen", raising=False)
    assert demo_arguments() == ["-m", "twitchtrack", "--demo"]


def test_a_frozen_bundle_starts_itself_with_only_the_demo_flag(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # In a PyInstaller bundle sys.executable is the app: "-m" would be a usage error.
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert demo_arguments() == ["--demo"]
