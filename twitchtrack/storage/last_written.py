"""The journal as this computer last wrote it, kept as a hard link in the data
folder, so records that a sync tool's replacement dropped come back.

A sync tool that puts another computer's ``journal.json`` in place (a rename over
it) can drop records only this side had: an episode logged a moment before, which
the other computer never saw. Every write therefore also leaves a second name,
``.journal-last-<device>.json``, for the file it wrote: a hard link, so it costs
no copy and no space while the journal is that same file. When the journal has
been replaced since, the link still holds what this computer wrote, and the next
write merges it back in by the one merge rule (newest version of each record
wins), then links its own file again.

The name carries the device id, so computers that share a sync folder never
write or read each other's link; a copy that arrives from another computer is
left alone. File systems without hard links simply keep no such name.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from twitchtrack.domain.models import Journal
from twitchtrack.storage.errors import StorageError
from twitchtrack.storage.parse import read_journal_file

_PREFIX = ".journal-last-"


class LastWritten:
    """The link to the journal file this computer wrote last, in one data folder."""

    def __init__(self, folder: Path, device: str | None) -> None:
        self.path = Path(folder) / f"{_PREFIX}{device or 'local'}.json"

    def dropped(self, journal_ino: int | None) -> Journal | None:
        """What this computer last wrote, if the journal file (inode
        ``journal_ino``, None when missing) is no longer that file; else None.

        A link that cannot be read as a journal is ignored: it is a safety net,
        never a reason for a write to fail.
        """
        try:
            st = os.lstat(self.path)
        except OSError:
            return None
        if not stat.S_ISREG(st.st_mode) or st.st_ino == journal_ino:
            return None
        if journal_ino is None:
            # No journal at all: deleted on purpose, perhaps. A fresh one starts
            # empty, as it always has; the link stays until a write replaces it.
            return None
        try:
            parsed = read_journal_file(self.path)
        except StorageError:
            return None
        if parsed.read_only_reason is not None:
            return None
        return parsed.journal
