"""Import entry points: which files were chosen, what each is, and how it lands."""

from __future__ import annotations

import gzip
import uuid
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import reduce
from pathlib import Path

from twitchtrack.domain.merge import (
    RECORD_LISTS,
    VERSION_FIELDS,
    merge,
    merge_stats,
    wins,
)
from twitchtrack.domain.models import Journal, Record
from twitchtrack.domain.text import join_words, plural
from twitchtrack.storage.interchange.csv_cells import (
    DAYS_CSV,
    EPISODES_CSV,
    EXPERIMENTS_CSV,
    INTAKES_CSV,
    SLEEPS_CSV,
)
from twitchtrack.storage.interchange.csv_import import read_days, read_episodes
from twitchtrack.storage.interchange.csv_sheet import decode, header_kind, read_sheet
from twitchtrack.storage.interchange.csv_timed import read_intakes, read_sleeps
from twitchtrack.storage.interchange.errors import (
    InvalidImportError,
    ReadNotes,
    RowError,
)
from twitchtrack.storage.interchange.json_import import read_json


@dataclass(frozen=True, slots=True)
class ImportSummary:
    """How an import landed.

    ``episodes_new``/``days_new`` count live records the journal did not have;
    ``updated`` counts records whose imported version replaced ours (a deletion
    arriving included); ``unchanged`` counts the rest that hold what the journal
    holds (already present, an old copy of a record deleted since, or a deleted
    record the journal never had). ``differing`` counts records the journal has
    with other values, whose imported version was not applied because the
    journal's is as new or newer (by ``updated_at``); ``unstamped`` of them came
    from CSV rows without ``updated_at``. ``merged_rows`` names rows dropped as
    identical to another.
    """

    episodes_new: int
    days_new: int
    updated: int
    unchanged: int
    differing: int = 0
    unstamped: int = 0
    merged_rows: tuple[str, ...] = ()
    # Schema 4's timed records, counted like episodes (after the older fields,
    # so positional construction keeps its meaning).
    intakes_new: int = 0
    sleeps_new: int = 0
    # New live records of the other lists (experiments, sampling answers,
    # self-checks).
    others_new: int = 0

    @property
    def changed(self) -> bool:
        """True when the import changes the journal."""
        return bool(self.added or self.updated)

    @property
    def added(self) -> int:
        """How many live records the journal did not have, of every kind."""
        return (
            self.episodes_new
            + self.days_new
            + self.intakes_new
            + self.sleeps_new
            + self.others_new
        )

    def __str__(self) -> str:
        if self.added:
            what = [
                plural(self.episodes_new, "episode"),
                plural(self.days_new, "day"),
            ]
            if self.intakes_new:
                what.append(plural(self.intakes_new, "intake"))
            if self.sleeps_new:
                what.append(plural(self.sleeps_new, "sleep period"))
            if self.others_new:
                what.append(plural(self.others_new, "other record"))
            parts = [f"Imported {', '.join(what)}"]
        else:
            parts = ["Nothing new to import"]
        if self.updated:
            parts.append(f"{self.updated:,} updated")
        if self.unchanged:
            parts.append(f"{self.unchanged:,} already present")
        if self.differing:
            verb = "differs" if self.differing == 1 else "differ"
            text = (
                f"{self.differing:,} {verb} from the journal and kept the "
                "journal's version, which is as new or newer"
            )
            if self.unstamped:
                text += (
                    f" ({plural(self.unstamped, 'row')} without updated_at: add an "
                    "updated_at later than the journal's to apply a row as an edit)"
                )
            parts.append(text)
        if self.merged_rows:
            n = len(self.merged_rows)
            parts.append(
                f"{plural(n, 'identical row')} merged into one "
                f"({join_words(self.merged_rows, limit=3)})"
            )
        return "; ".join(parts)


# The files an export folder holds (``exports.export_csv``), read in this order.
_CSV_NAMES = (EPISODES_CSV, DAYS_CSV, INTAKES_CSV, SLEEPS_CSV, EXPERIMENTS_CSV)


def _expand(paths: Sequence[Path]) -> tuple[list[Path], list[RowError]]:
    files: list[Path] = []
    errors: list[RowError] = []
    seen: set[Path] = set()
    # A Samsung, Fitbit or Garmin export folder is read whole (storage.health).
    from twitchtrack.storage.health import is_health_folder

    for path in paths:
        if is_health_folder(path):
            candidates = [path]
        elif path.is_dir():
            inside = [path / n for n in _CSV_NAMES if (path / n).is_file()]
            if not inside:
                errors.append(
                    RowError(
                        path, 0, None, f"folder has no {EPISODES_CSV} or {DAYS_CSV}"
                    )
                )
            candidates = inside
        else:
            candidates = [path]
        for file in candidates:
            key = file.resolve()
            if key not in seen:
                seen.add(key)
                files.append(file)
    return files, errors


def _read_file(path: Path, notes: ReadNotes) -> tuple[Journal | None, list[RowError]]:
    # A health-platform export (imported here lazily: storage.health uses errors).
    from twitchtrack.storage.health import read_as_import

    if (health := read_as_import(path)) is not None:
        return health
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None, [RowError(path, 0, None, "file not found")]
    except OSError as exc:
        return None, [RowError(path, 0, None, f"cannot be read: {exc.strerror or exc}")]
    if data[:2] == b"\x1f\x8b":  # a gzip-compressed journal backup
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error):
            return None, [RowError(path, 0, None, "is a damaged gzip file")]
    if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{":
        return read_json(path, data)
    text, problem = decode(path, data)
    if text is None:
        # Bad bytes in a file whose first line is a CSV header: say where.
        header = decode(path, data.split(b"\n", 1)[0])[0]
        if header is not None and problem is not None and header_kind(header):
            return None, [problem]
        return None, [
            RowError(
                path, 0, None, "is not a twitchtrack journal, episodes CSV or days CSV"
            )
        ]
    sheet, errors = read_sheet(path, text)
    if sheet is None:
        return None, errors
    if sheet.kind == "episodes":
        episodes, row_errors = read_episodes(sheet, notes)
        return Journal(episodes=episodes), errors + row_errors
    if sheet.kind == "intakes":
        intakes, row_errors = read_intakes(sheet, notes)
        return Journal(intakes=intakes), errors + row_errors
    if sheet.kind == "experiments":
        from twitchtrack.storage.interchange.csv_experiments import read_experiments

        experiments, row_errors = read_experiments(sheet, notes)
        return Journal(experiments=experiments), errors + row_errors
    if sheet.kind == "sleeps":
        sleeps, row_errors = read_sleeps(sheet, notes)
        return Journal(sleeps=sleeps), errors + row_errors
    days, row_errors = read_days(sheet, notes)
    return Journal(days=days), errors + row_errors


def read_import(paths: Sequence[Path]) -> Journal:
    """Read journal files, episodes/days CSVs and folders into one journal.

    Raises ``InvalidImportError`` listing every problem if any file or row is bad;
    then nothing is returned, so nothing can be half-imported.
    """
    return read_import_report(paths)[0]


def read_import_report(paths: Sequence[Path]) -> tuple[Journal, ReadNotes]:
    """:func:`read_import`, with the notes :func:`apply_import` words its summary
    from (identical rows merged, CSV rows without ``updated_at``)."""
    notes = ReadNotes()
    if not paths:
        raise InvalidImportError(
            [RowError(Path("import"), 0, None, "no files were chosen")]
        )
    files, errors = _expand(paths)
    parts: list[Journal] = []
    for file in files:
        journal, problems = _read_file(file, notes)
        errors.extend(problems)
        if journal is not None:
            parts.append(journal)
    if errors:
        raise InvalidImportError(errors)
    if not parts:
        return Journal(), notes
    # Starting from the first part keeps a journal file's own settings; the final
    # merge with an empty journal also settles an id that appears in two files.
    return reduce(merge, [*parts[1:], Journal()], parts[0]), notes


def _content(record: Record) -> dict[str, object]:
    """What a record holds, without its version stamps (``deleted`` stays)."""
    body = record.model_dump(exclude=set(VERSION_FIELDS))
    body["deleted"] = record.deleted
    return body


def apply_import(
    base: Journal, incoming: Journal, notes: ReadNotes | None = None
) -> tuple[Journal, ImportSummary]:
    """Merge ``incoming`` into ``base`` (newest ``updated_at`` wins) and summarise.

    ``notes`` (from :func:`read_import_report`) let the summary say which rows
    were merged and which differing rows had no ``updated_at``.
    """
    _, updated, same = merge_stats(base, incoming)
    mine: dict[uuid.UUID, Record] = {
        r.id: r for name in RECORD_LISTS for r in getattr(base, name)
    }
    episodes_new = sum(
        1 for e in incoming.episodes if e.id not in mine and not e.deleted
    )
    days_new = sum(1 for d in incoming.days if d.id not in mine and not d.deleted)
    intakes_new = sum(1 for r in incoming.intakes if r.id not in mine and not r.deleted)
    sleeps_new = sum(1 for r in incoming.sleeps if r.id not in mine and not r.deleted)
    counted = ("episodes", "days", "intakes", "sleeps")
    others = [r for n in RECORD_LISTS if n not in counted for r in getattr(incoming, n)]
    others_new = sum(1 for r in others if r.id not in mine and not r.deleted)
    # A deleted record we never had changes nothing the person can see.
    gone_new = sum(
        1
        for r in (
            *incoming.episodes,
            *incoming.days,
            *incoming.intakes,
            *incoming.sleeps,
            *others,
        )
        if r.id not in mine and r.deleted
    )
    # Ours wins, yet theirs holds something else: never "already present".
    differing = [
        r
        for name in RECORD_LISTS
        for r in getattr(incoming, name)
        if (have := mine.get(r.id)) is not None
        and not wins(r, have)
        # Deleted here since: an old copy of it is nothing to report.
        and not (have.deleted and not r.deleted)
        and _content(r) != _content(have)
    ]
    unstamped = notes.unstamped if notes is not None else set()
    summary = ImportSummary(
        episodes_new=episodes_new,
        days_new=days_new,
        updated=updated,
        unchanged=same - len(differing) + gone_new,
        differing=len(differing),
        unstamped=sum(1 for r in differing if r.id in unstamped),
        merged_rows=tuple(notes.merged) if notes is not None else (),
        intakes_new=intakes_new,
        sleeps_new=sleeps_new,
        others_new=others_new,
    )
    return merge(base, incoming), summary
