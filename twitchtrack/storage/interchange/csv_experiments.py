"""``experiments.csv``: self-experiments as rows, written and read back.

Columns in ``EXPERIMENT_COLUMNS``; ``order`` is the pairs' orders separated by
spaces ("AB BA AB"), ``deviations`` compact JSON ([{"date": ..., "note": ...}]).
Documented in docs/journal-format.md.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, time
from typing import Any

from twitchtrack.domain.experiment import Experiment
from twitchtrack.storage.interchange.csv_cells import (
    EXPERIMENT_COLUMNS,
    format_cell,
    parse_date,
    parse_int,
    shown,
)
from twitchtrack.storage.interchange.csv_import import _required
from twitchtrack.storage.interchange.csv_sheet import Row, Sheet
from twitchtrack.storage.interchange.csv_timed import _read, _text
from twitchtrack.storage.interchange.errors import ReadNotes, RowError


def experiment_row(e: Experiment) -> list[str]:
    """One experiment as cells (text cells guarded against formulas)."""
    values: dict[str, object] = {c: getattr(e, c, None) for c in EXPERIMENT_COLUMNS}
    values["order"] = " ".join(e.order)
    devs = [d.model_dump(mode="json") for d in e.deviations]
    values["deviations"] = None
    cells = [format_cell(values[c]) for c in EXPERIMENT_COLUMNS]
    # JSON text, never a formula: it starts with "[".
    cells[EXPERIMENT_COLUMNS.index("deviations")] = (
        json.dumps(devs, separators=(",", ":"), ensure_ascii=False) if devs else ""
    )
    return cells


def _fill(
    row: Row,
    sheet: Sheet,
    data: dict[str, Any],
    errors: list[RowError],
    failed: set[str],
) -> datetime | None:
    for column in ("factor", "target_a", "target_b", "outcome", "expect"):
        _text(row, column, data)
    _text(row, "blinding", data)
    _text(row, "status", data)
    for column in ("pairs", "period_days", "seed"):
        data[column] = _required(
            row,
            column,
            lambda r: parse_int(r, sheet.decimal_comma),
            sheet,
            errors,
            failed,
        )
    if row.get("washout_days").strip():
        data["washout_days"] = _required(
            row,
            "washout_days",
            lambda r: parse_int(r, sheet.decimal_comma),
            sheet,
            errors,
            failed,
        )
    start = _required(row, "start", parse_date, sheet, errors, failed)
    data["start"] = start
    if row.get("stopped_on").strip():
        data["stopped_on"] = _required(
            row, "stopped_on", parse_date, sheet, errors, failed
        )
    data["order"] = row.get("order").split()
    raw = row.get("deviations").strip()
    if raw:
        try:
            data["deviations"] = json.loads(raw)
        except ValueError:
            errors.append(
                RowError(
                    sheet.path,
                    row.line,
                    "deviations",
                    'must be JSON like [{"date": "2026-05-04", "note": "…"}] or '
                    f"empty (got {shown(raw)})",
                )
            )
            failed.add("deviations")
    if start is None:
        return None
    return datetime.combine(start, time(), UTC)


def read_experiments(
    sheet: Sheet, notes: ReadNotes | None = None
) -> tuple[list[Experiment], list[RowError]]:
    """The sheet's experiments and the problems of its rows."""
    return _read(
        sheet,
        Experiment,
        "experiment",
        _fill,
        lambda loc: str(loc[0]) if loc else "row",
        notes,
    )
