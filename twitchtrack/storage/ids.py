"""Refusing a journal in which two records share an id.

Records merge, undo and import by id; two records with one id would be folded
into one by the next save, silently dropping the other. Such a file (hand-edited,
or joined from two files) is therefore refused like any other invalid file: it
is left exactly as it is and the message says which records clash.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from twitchtrack.domain.merge import RECORD_LISTS
from twitchtrack.domain.models import Journal
from twitchtrack.storage.errors import JournalError


def check_unique_ids(journal: Journal, path: Path) -> None:
    """Raise :class:`JournalError` naming the first two records that share an id."""
    for name in RECORD_LISTS:
        records = getattr(journal, name)
        # By the ids' integers: hashing a UUID object runs Python code, 20,000 calls
        # at ten years on the window's way to its first paint.
        if len({r.id.int for r in records}) == len(records):
            continue  # the common case: one set, no positions needed
        first: dict[uuid.UUID, int] = {}
        for i, rec in enumerate(records):
            seen = first.setdefault(rec.id, i)
            if seen != i:
                raise JournalError(
                    path,
                    f"{name}[{i}].id",
                    f"{rec.id} is also the id of {name}[{seen}]; two records may "
                    "not share an id (the next save would keep only one), so the "
                    "file is left as it is: give one of them a new id, or restore "
                    "a backup",
                )
