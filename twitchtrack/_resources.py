"""Find files in ``resources/`` both in a source checkout and in an installed wheel."""

from __future__ import annotations

from pathlib import Path


def resource_path(*parts: str) -> Path:
    """Path of a bundled resource (the wheel copy first, then the checkout's)."""
    here = Path(__file__).resolve().parent
    for base in (here / "resources", here.parent / "resources"):
        if base.is_dir():
            return base.joinpath(*parts)
    raise FileNotFoundError("twitchtrack resources folder is missing")
