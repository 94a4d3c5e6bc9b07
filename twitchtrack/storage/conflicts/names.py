"""Conflict copies of the journal by name (Syncthing, Dropbox, Nextcloud, ownCloud).

Only names a sync tool gives a copy of the journal file itself count; each copy is
read with the normal parser, so a damaged one is reported and left alone.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import stat
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from twitchtrack.domain.models import Journal
from twitchtrack.storage.durable import os_reason
from twitchtrack.storage.errors import JournalError
from twitchtrack.storage.parse import read_journal_file


@dataclass(frozen=True)
class ConflictCopy:
    """A conflict copy of the journal, as its name describes it.

    ``made_on``/``made_at`` are the date and time in the name: the wall clock of
    the computer that made the copy (Dropbox gives no time); ``made_by`` is
    Syncthing's short device id or the name Dropbox puts in, when there is one.
    """

    path: Path
    tool: str
    made_on: date | None
    made_at: time | None = None
    made_by: str | None = None


@functools.lru_cache(maxsize=8)
def _patterns(journal_name: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    path = Path(journal_name)
    s, x = re.escape(path.stem), re.escape(path.suffix)
    return (
        # journal.sync-conflict-20261201-101500-ABCDEF7.json; a conflict of a
        # conflict copy repeats the part (the last one is the newest).
        (
            "Syncthing",
            re.compile(
                rf"{s}(?:\.sync-conflict-(?P<d>\d{{8}})-(?P<t>\d{{6}})"
                rf"-(?P<who>[A-Z0-9]{{7}}))+{x}"
            ),
        ),
        # journal (Ann's conflicted copy 2026-12-01).json, and " (1)" for more on
        # one day, inside or after the parentheses.
        (
            "Dropbox",
            re.compile(
                rf"{s} \((?P<who>.+?)['\u2019]s conflicted copy "
                rf"(?P<d>\d{{4}}-\d{{2}}-\d{{2}})(?: \(\d+\))?\)(?: \(\d+\))?{x}"
            ),
        ),
        # Nextcloud and ownCloud >= 2.5: journal (conflicted copy 2026-12-01
        # 101500).json; some versions put the user's name before the date.
        (
            "Nextcloud",
            re.compile(
                rf"{s} \(conflicted copy (?:(?P<who>.+?) )?"
                rf"(?P<d>\d{{4}}-\d{{2}}-\d{{2}}) (?P<t>\d{{6}})\)(?: \(\d+\))?{x}"
            ),
        ),
        # ownCloud before 2.5: journal_conflict-20261201-101500.json
        (
            "ownCloud",
            re.compile(rf"{s}_conflict-(?P<d>\d{{8}})-(?P<t>\d{{6}}){x}"),
        ),
    )


def _stamp(text: str | None, *formats: str) -> datetime | None:
    for fmt in formats:
        with contextlib.suppress(ValueError, TypeError):
            return datetime.strptime(text or "", fmt)
    return None


def conflict_copy(path: Path, journal_path: Path) -> ConflictCopy | None:
    """``path`` as a conflict copy of the journal at ``journal_path``, or None.

    Only names the sync tools give copies of this very file count: temporary
    files (``.syncthing.*.tmp``), backups and anything else are not copies.
    """
    path = Path(path)
    if path.parent != Path(journal_path).parent:
        return None
    for tool, pattern in _patterns(Path(journal_path).name):
        match = pattern.fullmatch(path.name)
        if match is None:
            continue
        day = _stamp(match["d"], "%Y%m%d", "%Y-%m-%d")
        clock = _stamp(match.groupdict().get("t"), "%H%M%S")
        return ConflictCopy(
            path,
            tool,
            day.date() if day else None,
            clock.time() if clock else None,
            match.groupdict().get("who"),
        )
    return None


def find_conflict_copies(journal_path: Path) -> list[ConflictCopy]:
    """The conflict copies of the journal in its folder, oldest first."""
    journal_path = Path(journal_path)
    try:
        entries = list(os.scandir(journal_path.parent))
    except OSError:
        return []
    found = []
    # Every copy's name starts with the journal's: the rest (backups, locks, the
    # sync tool's own files) are passed over cheaply, on every save.
    stem = journal_path.stem
    for entry in entries:
        if not entry.name.startswith(stem) or entry.name == journal_path.name:
            continue
        if entry.is_dir(follow_symlinks=False):
            continue
        copy = conflict_copy(Path(entry.path), journal_path)
        if copy is not None:
            found.append(copy)
    found.sort(
        key=lambda c: (c.made_on or date.min, c.made_at or time.min, c.path.name)
    )
    return found


def _plain_file(path: Path) -> None:
    """Refuse anything but a plain file: a link or FIFO is not a copy to merge."""
    try:
        st = os.lstat(path)
    except OSError as err:
        what = f"cannot be read: {os_reason(err)}"
        raise JournalError(path, "whole file", what) from None
    if stat.S_ISLNK(st.st_mode):
        raise JournalError(path, "whole file", "is a link, not a file")
    if not stat.S_ISREG(st.st_mode):
        raise JournalError(path, "whole file", "is not a regular file")


@dataclass(frozen=True)
class LoadedCopy:
    """A copy read with the normal parser: its journal, or why it cannot be merged."""

    copy: ConflictCopy
    journal: Journal | None
    problem: str | None


def load_copy(copy: ConflictCopy) -> LoadedCopy:
    """Read and validate a copy; a problem is reported, never merged in part."""
    try:
        _plain_file(copy.path)
        parsed = read_journal_file(copy.path)
    except JournalError as err:
        return LoadedCopy(copy, None, f"{err.where}: {err.what}")
    if parsed.read_only_reason is not None:
        # Read leniently, a newer file may have lost fields: never merge that.
        return LoadedCopy(
            copy,
            None,
            f"written by a newer version of twitchtrack (journal schema "
            f"{parsed.schema_version}); update twitchtrack here to merge it",
        )
    return LoadedCopy(copy, parsed.journal, None)
