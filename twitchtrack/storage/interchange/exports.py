"""Writing exports: the CSV files and the JSON journal, each replaced durably."""

from __future__ import annotations

from pathlib import Path

from twitchtrack.domain.models import Journal
from twitchtrack.storage.durable import (
    make_private_folders,
    os_reason,
)
from twitchtrack.storage.errors import StorageError
from twitchtrack.storage.interchange.csv_cells import (
    DAYS_CSV,
    EPISODES_CSV,
    EXPERIMENTS_CSV,
    INTAKES_CSV,
    SLEEPS_CSV,
)
from twitchtrack.storage.interchange.csv_export import (
    days_csv,
    episodes_csv,
    experiments_csv,
    intakes_csv,
    sleeps_csv,
)
from twitchtrack.storage.outputs import OutputError, write_output


class ExportError(OSError):
    """An export could not be written; ``filename`` and ``strerror`` say where and why.

    An ``OSError`` so callers that already report file errors handle it too.
    """

    def __str__(self) -> str:
        return f"Could not write {self.filename}: {self.strerror}"


def _prepare_folder(folder: Path) -> None:
    make_private_folders(folder)  # 0700 whatever the umask, parents too


def _export_failed(path: Path, exc: OSError | StorageError) -> ExportError:
    # The durable write says what failed in a SaveError; the OS error under it
    # (when there is one) gives the errno and the short reason callers show.
    if isinstance(exc, OutputError):
        return ExportError(None, str(exc), str(path))
    cause = exc if isinstance(exc, OSError) else exc.__cause__
    if isinstance(cause, OSError):
        return ExportError(cause.errno, os_reason(cause), str(path))
    return ExportError(None, str(exc), str(path))


def export_csv(journal: Journal, folder: Path) -> tuple[Path, Path]:
    """Write the live episodes and check-ins as ``episodes.csv`` and ``days.csv``,
    and the live intakes and sleep periods as ``intakes.csv`` and ``sleeps.csv``
    (``timed_csv_paths``). Returns the first two paths.

    ``intakes.csv`` and ``sleeps.csv`` are written when the journal has such
    records, or when the folder already holds one (then it is replaced, so an
    older export's records are not left beside this one). Each file is replaced
    atomically and created 0600; a missing folder is created 0700. Raises
    ``ExportError`` if a file cannot be written.
    """
    episodes_path, days_path = folder / EPISODES_CSV, folder / DAYS_CSV
    files = [(episodes_path, episodes_csv(journal)), (days_path, days_csv(journal))]
    makers = {
        INTAKES_CSV: intakes_csv,
        SLEEPS_CSV: sleeps_csv,
        EXPERIMENTS_CSV: experiments_csv,
    }
    for path in timed_csv_paths(journal, folder):
        files.append((path, makers[path.name](journal)))
    current = folder
    try:
        _prepare_folder(folder)
        for path, data in files:
            current = path
            # The safe writer for named outputs: never a device or a folder
            # replaced, a link written through.
            write_output(path, data, example=path.name)
    except (OSError, StorageError) as exc:
        raise _export_failed(current, exc) from exc
    return episodes_path, days_path


def timed_csv_paths(journal: Journal, folder: Path) -> list[Path]:
    """Which of ``intakes.csv``, ``sleeps.csv`` and ``experiments.csv``
    ``export_csv`` writes in ``folder``: those with live records, and those
    already there."""
    out = []
    for name, records in (
        (INTAKES_CSV, journal.intakes),
        (SLEEPS_CSV, journal.sleeps),
        (EXPERIMENTS_CSV, journal.experiments),
    ):
        path = folder / name
        if any(not r.deleted for r in records) or path.is_file():
            out.append(path)
    return out


def export_json(journal: Journal, path: Path) -> Path:
    """Write the whole journal (tombstones and settings too) in the journal format.

    Replaced atomically, created 0600. Raises ``ExportError`` if it cannot be written.
    """
    try:
        _prepare_folder(path.parent)
        data = journal.model_dump_json().encode("utf-8")
        write_output(path, data, example="twitchtrack-backup.json")
    except (OSError, StorageError) as exc:
        raise _export_failed(path, exc) from exc
    return path
