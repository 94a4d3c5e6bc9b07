"""Checking a data folder for ``twitchtrack check``: the journal, then each backup."""

from __future__ import annotations

from pathlib import Path

from twitchtrack.domain.models import Journal
from twitchtrack.storage.backups import BackupFolder
from twitchtrack.storage.durable import read_file
from twitchtrack.storage.errors import JournalError, StorageError
from twitchtrack.storage.guard import write_refusal
from twitchtrack.storage.parse import parse_journal, read_journal_file

Results = list[tuple[Path, StorageError | None]]


def validate_folder(
    journal_path: Path, backups: BackupFolder
) -> tuple[Journal, str | None, Results]:
    """The journal (empty if missing or invalid), why it is read-only (or None),
    and for the journal file if present and then each backup newest first, its
    error or None. A folder whose backups cannot be listed says so after the
    journal's own problem, which comes first."""
    journal = Journal()
    reason: str | None = None
    results: Results = []
    try:
        read = read_file(journal_path)
        if read is not None:
            parsed = parse_journal(read[0], journal_path)
            journal = parsed.journal
            reason = parsed.read_only_reason or write_refusal(journal_path)
            results.append((journal_path, None))
    except JournalError as err:
        results.append((journal_path, err))
    try:
        found = backups.scan()
    except StorageError as err:
        results.append((backups.folder, err))
        found = []
    for b in found:
        try:
            read_journal_file(b.path)
        except JournalError as err:
            results.append((b.path, err))
        else:
            results.append((b.path, None))
    return journal, reason, results
