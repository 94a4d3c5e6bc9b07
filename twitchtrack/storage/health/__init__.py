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

from twitchtrack.storage.health.common import HealthRead
from twitchtrack.storage.health.detect import (
    is_health_folder,
    read_as_import,
    read_health,
)

__all__ = ["HealthRead", "is_health_folder", "read_as_import", "read_health"]
