"""Reading a CSV file into rows: encoding, delimiter, header and what kind it is."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from twitchtrack.storage.interchange.csv_cells import (
    DAY_COLUMNS,
    EPISODE_COLUMNS,
    EXPERIMENT_COLUMNS,
    INTAKE_COLUMNS,
    SLEEP_COLUMNS,
    unguard,
)
from twitchtrack.storage.interchange.errors import RowError

# A sheet's kind -> the columns it may have (others are ignored).
_COLUMNS: dict[str, tuple[str, ...]] = {
    "episodes": EPISODE_COLUMNS,
    "days": DAY_COLUMNS,
    "intakes": INTAKE_COLUMNS,
    "sleeps": SLEEP_COLUMNS,
    "experiments": EXPERIMENT_COLUMNS,
}


@dataclass(slots=True)
class Row:
    """One CSV record: its cells by column name and the line it starts on."""

    line: int
    cells: dict[str, str]

    def get(self, column: str) -> str:
        return unguard(self.cells.get(column, ""))


@dataclass(slots=True)
class Sheet:
    """A CSV file split into rows, with the delimiter it used."""

    path: Path
    kind: str
    decimal_comma: bool
    rows: list[Row] = field(default_factory=list)


def decode(path: Path, data: bytes) -> tuple[str | None, RowError | None]:
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, RowError(
            path,
            line,
            None,
            f"is not UTF-8 text (byte 0x{data[exc.start]:02x}); save it as UTF-8 CSV",
        )


def _header_delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def _sheet_kind(names: Sequence[str]) -> str | None:
    present = set(names)
    if {"at", "region"} <= present:
        return "episodes"
    if {"at", "kind", "amount"} <= present:
        return "intakes"
    if {"factor", "pairs", "seed"} <= present:
        return "experiments"
    if {"start", "end"} <= present:
        return "sleeps"
    if "date" in present:
        return "days"
    return None


def header_kind(first_line: str) -> str | None:
    cells = next(csv.reader([first_line], delimiter=_header_delimiter(first_line)), [])
    return _sheet_kind([c.strip().lower() for c in cells])


def read_sheet(path: Path, text: str) -> tuple[Sheet | None, list[RowError]]:
    first_line = text.split("\n", 1)[0]
    delimiter = _header_delimiter(first_line)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader, [])
    except csv.Error as exc:
        return None, [RowError(path, 1, None, f"cannot read the header row: {exc}")]
    names = [h.strip().lower() for h in header]
    kind = _sheet_kind(names)
    if kind is None:
        return None, [
            RowError(
                path,
                1,
                None,
                "is not a twitchtrack journal, episodes CSV or days CSV: a CSV header "
                "needs 'at' and 'region' (episodes), 'date' (check-ins), 'at', "
                "'kind' and 'amount' (intakes) or 'start' and 'end' (sleeps)",
            )
        ]
    known = set(_COLUMNS[kind])
    seen: set[str] = set()
    for name in names:
        if name in known and name in seen:
            return None, [RowError(path, 1, name, "column appears twice in the header")]
        seen.add(name)
    sheet = Sheet(path, kind, decimal_comma=delimiter != ",")
    errors: list[RowError] = []
    start = reader.line_num + 1
    try:
        for cells in reader:
            line, start = start, reader.line_num + 1
            if not any(c.strip() for c in cells):
                continue
            extra = cells[len(names) :]
            if any(c.strip() for c in extra):
                errors.append(
                    RowError(
                        path,
                        line,
                        None,
                        f"has {len(cells)} cells but the header has "
                        f"{len(names)} columns",
                    )
                )
                continue
            row = {n: c for n, c in zip(names, cells, strict=False) if n in known}
            sheet.rows.append(Row(line, row))
    except csv.Error as exc:
        errors.append(RowError(path, reader.line_num, None, f"malformed CSV: {exc}"))
    return sheet, errors
