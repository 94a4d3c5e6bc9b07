"""What the store read from disk at one moment, and what it last loaded or wrote."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from twitchtrack.storage.crypto.envelope import is_encrypted, sealed_size
from twitchtrack.storage.crypto.session import decode
from twitchtrack.storage.durable import (
    DigestSoon,
    FileSig,
    file_sig,
    holds_bytes,
    read_file,
)
from twitchtrack.storage.pieces import Data, as_bytes, same_bytes


@dataclass
class Snapshot:
    """The journal file's bytes as read, or as this store wrote them (``data``,
    sealed when the folder is encrypted), and on first use their plain JSON."""

    data: Data
    hashing: DigestSoon  # the digest, worked out meanwhile (50 MB at 50 years)
    sig: FileSig
    path: Path
    _raw: bytes | None = field(default=None, repr=False)
    _plain: bytes | None = field(default=None, repr=False)

    @property
    def digest(self) -> bytes:
        """SHA-256 of the bytes on disk."""
        return self.hashing.result()

    @property
    def raw(self) -> bytes:
        """``data`` as one buffer (joined on first use when it is in pieces)."""
        if self._raw is None:
            self._raw = as_bytes(self.data)
        return self._raw

    @property
    def plain(self) -> bytes:
        """The journal JSON; :class:`JournalError` if it is sealed and cannot be
        opened (locked, damaged or another journal's key)."""
        if self._plain is None:
            self._plain = decode(self.raw, self.path)
        return self._plain

    @property
    def plain_data(self) -> Data:
        """The journal JSON as ``plain``, but not joined when it is in pieces."""
        return self.plain if is_encrypted(self.data) else self.data

    def holds(self, plain: Data) -> bool:
        """Whether the file holds the journal JSON ``plain``. A sealed file whose
        body is another size is told apart without being opened."""
        if is_encrypted(self.data) and sealed_size(self.data) not in (None, len(plain)):
            return False
        return same_bytes(plain, self.plain_data)


@dataclass(frozen=True)
class Known:
    """What this store last loaded or wrote: it decides if the disk changed."""

    digest: bytes
    version: int
    # The bytes themselves, when plain JSON: the store keeps their text for reuse
    # anyway, and with them at hand an unchanged file is compared, not read.
    raw: Data | None = field(default=None, repr=False, compare=False)

    @classmethod
    def of(cls, raw: Data, digest: bytes, version: int) -> Known:
        """What was read or written: ``raw`` kept unless it is sealed (a sealed
        journal is not otherwise kept in memory, so it is read as before)."""
        return cls(digest, version, None if is_encrypted(raw) else raw)


def take_snapshot(path: Path, known: Known | None) -> Snapshot | None:
    """The journal file as it is now; None when there is none.

    A file still holding ``known``'s bytes gives those bytes and their digest,
    shown byte for byte equal (``holds_bytes``); any other is read and hashed.
    Raises :class:`JournalError` for a file that cannot be read.
    """
    if known is not None and known.raw is not None:
        st = holds_bytes(path, known.raw)
        if st is not None:
            same = DigestSoon.ready(known.digest)
            return Snapshot(known.raw, same, file_sig(st), path)
    read = read_file(path)
    if read is None:
        return None
    raw, st = read
    return Snapshot(raw, DigestSoon(raw), file_sig(st), path)
