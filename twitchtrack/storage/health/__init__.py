"""Reading sleep and intakes from health-platform exports, offline (no Qt).

One module per platform (``apple``, ``health_connect``, ``samsung``, ``fitbit``,
``garmin``, ``oura``, ``withings``); ``detect`` tells which one a path is and
reads it; ``summary`` counts and words what an import would add or skipped.
Records get ids derived from their source and identity in the export, and fixed
version stamps, so importing the same export twice adds nothing. A record's
``source`` is ``"<Platform>: <app or device>"`` when the export names one
(``"Apple Health: Sam's Apple Watch"``), else the platform (``"Fitbit"``); see
docs/import-formats.md for each platform's mapping.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from twitchtrack.storage.health.common import HealthRead

if TYPE_CHECKING:
    from twitchtrack.storage.health.detect import (
        is_health_folder,
        read_as_import,
        read_health,
    )

__all__ = ["HealthRead", "is_health_folder", "read_as_import", "read_health"]
_FROM_DETECT = frozenset(__all__) - {"HealthRead"}  # the names in detect


def __getattr__(name: str) -> Any:
    # The readers (with XML and SQLite) load on first use: the window's File menu
    # imports the health preview, and with it this package, long before any
    # import is read (16 ms of its build step after the first paint).
    if name in _FROM_DETECT:
        return getattr(importlib.import_module(f"{__name__}.detect"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
