"""CSV export: one live record per row, written as a spreadsheet expects."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from twitchtrack.domain.models import DayLog, Episode, Journal
from twitchtrack.storage.interchange.csv_cells import (
    DAY_COLUMNS,
    EPISODE_COLUMNS,
    format_cell,
)


def _episode_row(e: Episode) -> list[str]:
    values: dict[str, object] = {
        c: getattr(e, c) for c in EPISODE_COLUMNS if not c.startswith("tap_")
    }
    if e.tap is not None:
        values.update(tap_view=e.tap.view, tap_x=e.tap.x, tap_y=e.tap.y)
    return [format_cell(values.get(c)) for c in EPISODE_COLUMNS]


def _day_row(d: DayLog) -> list[str]:
    return [format_cell(getattr(d, c)) for c in DAY_COLUMNS]


def _csv_bytes(header: Sequence[str], rows: Iterable[list[str]]) -> bytes:
    buf = io.StringIO()
    # CRLF line ends as RFC 4180 and spreadsheets expect; the csv module quotes any
    # cell holding a delimiter, quote or line break.
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8")


def episodes_csv(journal: Journal) -> bytes:
    """``episodes.csv``: the live episodes, oldest first."""
    return _csv_bytes(EPISODE_COLUMNS, map(_episode_row, journal.live_episodes()))


def days_csv(journal: Journal) -> bytes:
    """``days.csv``: the live check-ins, by date."""
    return _csv_bytes(DAY_COLUMNS, map(_day_row, journal.live_days()))
