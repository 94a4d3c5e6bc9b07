"""What an import reports: each bad row or file, the refusal that lists them, and
the notes on rows that were read but need a word (merged, or without a stamp)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from twitchtrack.domain.text import plural

_SHOWN_ERRORS = 5  # how many problems the exception message spells out


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem found while reading an import.

    ``line`` is the 1-based line where the bad row starts, or 0 when the problem is
    not tied to one line (a whole file, or a record inside a JSON journal).
    """

    file: Path
    line: int
    field: str | None
    message: str

    def __str__(self) -> str:
        where = (
            self.file.name if self.line <= 0 else f"{self.file.name} line {self.line}"
        )
        return (
            f"{where}: {self.field}: {self.message}"
            if self.field
            else f"{where}: {self.message}"
        )


class InvalidImportError(Exception):
    """The import was refused: ``errors`` lists every problem; nothing was imported."""

    def __init__(self, errors: Iterable[RowError]) -> None:
        self.errors: list[RowError] = list(errors)
        count = len(self.errors)
        head = f"{plural(count, 'problem')} found; nothing was imported."
        lines = [head, *(f"  {e}" for e in self.errors[:_SHOWN_ERRORS])]
        if count > _SHOWN_ERRORS:
            lines.append(f"  … and {count - _SHOWN_ERRORS} more")
        super().__init__("\n".join(lines))


@dataclass(slots=True)
class ReadNotes:
    """What reading an import found worth saying, besides errors.

    ``merged``: one sentence per row dropped as identical to an earlier row
    ("episodes.csv line 3 is the same as line 2"). ``unstamped``: ids of CSV rows
    without ``updated_at``, whose version stamp was derived from the row (so a
    difference from the journal cannot be told apart from an older version).
    """

    merged: list[str] = field(default_factory=list)
    unstamped: set[uuid.UUID] = field(default_factory=set)
