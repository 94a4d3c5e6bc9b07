"""Import entry points: which files were chosen, what each is, and how it lands."""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import reduce
from pathlib import Path

from twitchtrack.domain.merge import merge, merge_stats
from twitchtrack.domain.models import Journal
from twitchtrack.domain.text import plural
from twitchtrack.storage.interchange.csv_cells import DAYS_CSV, EPISODES_CSV
from twitchtrack.storage.interchange.csv_import import read_days, read_episodes
from twitchtrack.storage.interchange.csv_sheet import decode, header_kind, read_sheet
from twitchtrack.storage.interchange.errors import InvalidImportError, RowError
from twitchtrack.storage.interchange.json_import import read_json


@dataclass(frozen=True, slots=True)
class ImportSummary:
    """How an import landed.

    ``episodes_new``/``days_new`` count live records the journal did not have;
    ``updated`` counts records whose imported version replaced ours (a deletion
    arriving included); ``unchanged`` counts the rest (already present, older, or
    a deleted record the journal never had).
    """

    episodes_new: int
    days_new: int
    updated: int
    unchanged: int

    def __str__(self) -> str:
        if self.episodes_new or self.days_new:
            parts = [
                f"Imported {plural(self.episodes_new, 'episode')}, "
                f"{plural(self.days_new, 'day')}"
            ]
        else:
            parts = ["Nothing new to import"]
        if self.updated:
            parts.append(f"{self.updated} updated")
        if self.unchanged:
            parts.append(f"{self.unchanged} already present")
        return "; ".join(parts)


def _expand(paths: Sequence[Path]) -> tuple[list[Path], list[RowError]]:
    files: list[Path] = []
    errors: list[RowError] = []
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            inside = [
                path / n for n in (EPISODES_CSV, DAYS_CSV) if (path / n).is_file()
            ]
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


def _read_file(path: Path) -> tuple[Journal | None, list[RowError]]:
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
        episodes, row_errors = read_episodes(sheet)
        return Journal(episodes=episodes), errors + row_errors
    days, row_errors = read_days(sheet)
    return Journal(days=days), errors + row_errors


def read_import(paths: Sequence[Path]) -> Journal:
    """Read journal files, episodes/days CSVs and folders into one journal.

    Raises ``InvalidImportError`` listing every problem if any file or row is bad;
    then nothing is returned, so nothing can be half-imported.
    """
    if not paths:
        raise InvalidImportError(
            [RowError(Path("import"), 0, None, "no files were chosen")]
        )
    files, errors = _expand(paths)
    parts: list[Journal] = []
    for file in files:
        journal, problems = _read_file(file)
        errors.extend(problems)
        if journal is not None:
            parts.append(journal)
    if errors:
        raise InvalidImportError(errors)
    if not parts:
        return Journal()
    # Starting from the first part keeps a journal file's own settings; the final
    # merge with an empty journal also settles an id that appears twice in a file.
    return reduce(merge, [*parts[1:], Journal()], parts[0])


def apply_import(base: Journal, incoming: Journal) -> tuple[Journal, ImportSummary]:
    """Merge ``incoming`` into ``base`` (newest ``updated_at`` wins) and summarise."""
    _, updated, same = merge_stats(base, incoming)
    have = {r.id for r in (*base.episodes, *base.days)}
    episodes_new = sum(
        1 for e in incoming.episodes if e.id not in have and not e.deleted
    )
    days_new = sum(1 for d in incoming.days if d.id not in have and not d.deleted)
    # A deleted record we never had changes nothing the person can see.
    gone_new = sum(
        1
        for r in (*incoming.episodes, *incoming.days)
        if r.id not in have and r.deleted
    )
    summary = ImportSummary(
        episodes_new=episodes_new,
        days_new=days_new,
        updated=updated,
        unchanged=same + gone_new,
    )
    return merge(base, incoming), summary
