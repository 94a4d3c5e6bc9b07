"""CSV export: one live record per row, written as a spreadsheet expects."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence

from twitchtrack.domain.models import DayLog, Episode, Journal
from twitchtrack.domain.timed import INTAKE_UNITS, Intake, SleepPeriod
from twitchtrack.storage.interchange.csv_cells import (
    DAY_COLUMNS,
    EPISODE_COLUMNS,
    EXPERIMENT_COLUMNS,
    INTAKE_COLUMNS,
    SLEEP_COLUMNS,
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


def _intake_row(i: Intake) -> list[str]:
    values: dict[str, object] = {c: getattr(i, c, None) for c in INTAKE_COLUMNS}
    values["unit"] = INTAKE_UNITS[i.kind]
    return [format_cell(values[c]) for c in INTAKE_COLUMNS]


def stages_cell(period: SleepPeriod) -> str:
    """A period's stages as compact JSON text; empty when it has none."""
    if period.stages is None:
        return ""
    spans = [s.model_dump(mode="json") for s in period.stages]
    return json.dumps(spans, separators=(",", ":"), ensure_ascii=False)


def _sleep_row(p: SleepPeriod) -> list[str]:
    # The stages cell is JSON text, never a formula: it starts with "[".
    return [
        stages_cell(p) if c == "stages" else format_cell(getattr(p, c))
        for c in SLEEP_COLUMNS
    ]


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


def intakes_csv(journal: Journal) -> bytes:
    """``intakes.csv``: the live intakes, oldest first."""
    live = sorted(
        (i for i in journal.intakes if not i.deleted),
        key=lambda i: (i.at.timestamp(), str(i.id)),
    )
    return _csv_bytes(INTAKE_COLUMNS, map(_intake_row, live))


def sleeps_csv(journal: Journal) -> bytes:
    """``sleeps.csv``: the live sleep periods, by start."""
    live = sorted(
        (p for p in journal.sleeps if not p.deleted),
        key=lambda p: (p.start.timestamp(), str(p.id)),
    )
    return _csv_bytes(SLEEP_COLUMNS, map(_sleep_row, live))


def experiments_csv(journal: Journal) -> bytes:
    """``experiments.csv``: the live self-experiments."""
    from twitchtrack.storage.interchange.csv_experiments import experiment_row

    rows = [experiment_row(e) for e in journal.experiments if not e.deleted]
    return _csv_bytes(EXPERIMENT_COLUMNS, rows)
