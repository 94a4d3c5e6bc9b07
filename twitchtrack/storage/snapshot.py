"""What the store read from disk at one moment, and what it last loaded or wrote."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from twitchtrack.storage.crypto.session import decode
from twitchtrack.storage.durable import DigestSoon, FileSig


@dataclass
class Snapshot:
    """The journal file's bytes as read (``raw``, sealed when the folder is
    encrypted) and, on first use, their plain JSON (``plain``)."""

    raw: bytes
    hashing: DigestSoon  # the digest, worked out meanwhile (50 MB at 50 years)
    sig: FileSig
    path: Path
    _plain: bytes | None = field(default=None, repr=False)

    @property
    def digest(self) -> bytes:
        """SHA-256 of the bytes on disk."""
        return self.hashing.result()

    @property
    def plain(self) -> bytes:
        """The journal JSON; :class:`JournalError` if it is sealed and cannot be
        opened (locked, damaged or another journal's key)."""
        if self._plain is None:
            self._plain = decode(self.raw, self.path)
        return self._plain


@dataclass(frozen=True)
class Known:
    """What this store last loaded or wrote: it decides if the disk changed."""

    digest: bytes
    version: int
