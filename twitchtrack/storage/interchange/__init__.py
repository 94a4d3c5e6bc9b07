"""CSV and JSON export and all-or-nothing import of episodes, daily check-ins,
intakes and sleep periods.

CSV is for people and spreadsheets: UTF-8, a header row, one live record per row
(deleted records are left out), ISO 8601 times with their UTC offset, an empty cell
for "not logged" (never 0), booleans as ``true``/``false``, and list cells
(``medications``, ``tags``) joined with ``"; "`` (a literal ``;`` or ``\\`` inside an
item is escaped with a backslash), and a text cell a spreadsheet would take for a
formula kept as text by a leading apostrophe (see ``csv_cells.guard``). The JSON
export is the journal file itself, tombstones and settings included, so it
restores exactly.

Import reads journal files (also gzip-compressed), ``episodes.csv``, ``days.csv``,
``intakes.csv`` and ``sleeps.csv`` (recognised by their header, whatever the file
name; ``,`` ``;`` or tab delimited; a UTF-8 BOM and CRLF are fine; unknown columns
are ignored) and folders holding these CSV files. Every row is checked; if any is
wrong nothing is imported and ``InvalidImportError`` lists every bad row with its
line. Rows without an ``id`` get one derived from their content and rows without
timestamps get ones derived from the row, so importing the same file twice adds
nothing. Empty cells of fields that cannot be "not logged" take the journal's
defaults (intensity 3, kind twitch, symptom flags false).

Modules: ``csv_cells`` (columns, one cell each way), ``csv_export`` (rows),
``exports`` (writing files), ``csv_sheet``, ``csv_import`` and ``csv_timed``
(reading CSV), ``json_import`` (reading a journal file), ``imports`` (detection,
read and apply).
"""

from twitchtrack.storage.interchange.csv_cells import (
    DAY_COLUMNS,
    DAYS_CSV,
    EPISODE_COLUMNS,
    EPISODES_CSV,
    INTAKE_COLUMNS,
    INTAKES_CSV,
    SLEEP_COLUMNS,
    SLEEPS_CSV,
)
from twitchtrack.storage.interchange.errors import (
    InvalidImportError,
    ReadNotes,
    RowError,
)
from twitchtrack.storage.interchange.exports import ExportError, export_csv, export_json
from twitchtrack.storage.interchange.imports import (
    ImportSummary,
    apply_import,
    read_import,
    read_import_report,
)

__all__ = [
    "DAYS_CSV",
    "DAY_COLUMNS",
    "EPISODES_CSV",
    "EPISODE_COLUMNS",
    "INTAKES_CSV",
    "INTAKE_COLUMNS",
    "SLEEPS_CSV",
    "SLEEP_COLUMNS",
    "ExportError",
    "ImportSummary",
    "InvalidImportError",
    "ReadNotes",
    "RowError",
    "apply_import",
    "export_csv",
    "export_json",
    "read_import",
    "read_import_report",
]
