"""Errors the journal store raises; each message is one human-readable line."""

from __future__ import annotations

from pathlib import Path


class StorageError(Exception):
    """Base class for every problem with the journal files."""


class JournalError(StorageError):
    """A file is not a valid journal: bad JSON, wrong format, or a field that fails.

    ``where`` is a position (``line 12, column 5``), a field path
    (``episodes[3].intensity``) or ``whole file``; ``what`` says what is wrong.
    """

    def __init__(self, path: Path, where: str, what: str) -> None:
        # Passing the parts to Exception keeps the error picklable and comparable.
        super().__init__(path, where, what)
        self.path = path
        self.where = where
        self.what = what

    def __str__(self) -> str:
        return f"{self.path}: {self.where}: {self.what}"


class MigrationError(StorageError):
    """A journal dict could not be upgraded to the current schema version."""


class JournalLockedError(StorageError):
    """Another process held the journal lock for longer than the timeout."""


class ReadOnlyJournalError(StorageError):
    """A save was attempted on a journal that is open read-only (newer schema)."""


class SaveError(StorageError):
    """Writing the journal (or a backup) failed; the message says what and where."""
