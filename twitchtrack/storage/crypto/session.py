"""Which data folders are encrypted and unlocked in this process, and the codec.

A folder is encrypted exactly when a key is registered for it here: every file the
store writes for it (the journal, backups, conflict archives) is then sealed with
that key, and every encrypted file read from it is opened with it. Reading an
encrypted file of a folder with no key gives :class:`LockedJournalError`.
"""

from __future__ import annotations

import threading
from pathlib import Path

from twitchtrack.storage.crypto.envelope import (
    is_encrypted,
    read_envelope,
    seal,
    seal_pieces,
)
from twitchtrack.storage.crypto.keys import DamagedError, Unlocked, WrongKeyError
from twitchtrack.storage.errors import JournalError
from twitchtrack.storage.pieces import Data

_KEYS: dict[Path, Unlocked] = {}
_GUARD = threading.Lock()
# A file is looked up in its own folder and up to two above it: the journal,
# backups/…, and conflicts/<name>/… all find the data folder's key.
_DEPTH = 3


class LockedJournalError(JournalError):
    """An encrypted file was read while its folder is locked (no key given)."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            path,
            "whole file",
            "is encrypted: unlock it with its password or recovery key",
        )


def _folder(path: Path) -> Path:
    return Path(path).resolve(strict=False)


def register(folder: Path, key: Unlocked | None) -> None:
    """Make ``folder`` encrypted with ``key`` in this process (None: plain)."""
    with _GUARD:
        if key is None:
            _KEYS.pop(_folder(folder), None)
        else:
            _KEYS[_folder(folder)] = key


def key_of(folder: Path) -> Unlocked | None:
    """The key registered for a data folder, if it is encrypted and unlocked."""
    with _GUARD:
        return _KEYS.get(_folder(folder))


def key_for_file(path: Path) -> Unlocked | None:
    """The key of the data folder holding ``path`` (a journal, backup or copy)."""
    here = _folder(path).parent
    with _GUARD:
        for _ in range(_DEPTH):
            key = _KEYS.get(here)
            if key is not None:
                return key
            here = here.parent
    return None


def decode(raw: bytes, path: Path) -> bytes:
    """The plain journal bytes of a file's content (plain content is returned as is).

    Raises :class:`LockedJournalError` with no key, and :class:`JournalError` for a
    damaged or changed file or one sealed with another journal's key.
    """
    if not is_encrypted(raw):
        return raw
    key = key_for_file(path)
    if key is None:
        raise LockedJournalError(Path(path))
    try:
        return read_envelope(raw).open(key)
    except WrongKeyError as err:
        raise JournalError(Path(path), "whole file", str(err)) from None
    except DamagedError as err:
        raise JournalError(Path(path), "whole file", str(err)) from None


def encode(folder: Path, plain: Data) -> Data:
    """``plain`` as it is written in ``folder``: sealed when the folder is encrypted."""
    key = key_of(folder)
    return plain if key is None else seal_pieces(plain, key)


def encode_for_file(path: Path, plain: bytes) -> bytes:
    """``plain`` sealed with the key of the data folder that holds ``path``."""
    key = key_for_file(path)
    return plain if key is None else seal(plain, key)
