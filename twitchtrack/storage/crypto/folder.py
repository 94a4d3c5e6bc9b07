"""Turning a data folder's encryption on and off, unlocking it, changing its password.

Every file the journal leaves in the folder is covered: the journal, every backup,
damaged files kept aside, and the put-away conflict copies. A file is rewritten by
writing its new form beside it, reading that back, and only then replacing the
old one, so a crash at any point leaves each file readable in one form or the other
(and the journal, which goes first, opens with the password).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from twitchtrack.storage.crypto.envelope import (
    MAGIC,
    is_encrypted,
    read_envelope,
    seal,
    unlock_file,
)
from twitchtrack.storage.crypto.keys import DamagedError, KdfParams, Unlocked
from twitchtrack.storage.crypto.session import decode, key_of, register
from twitchtrack.storage.durable import atomic_write_bytes, read_file
from twitchtrack.storage.errors import JournalError, SaveError, StorageError

JOURNAL_FILE = "journal.json"
_SEALING = ".rewriting"


class NotEncryptedError(StorageError):
    """An operation for an encrypted folder was asked of a plain one (or back)."""


def journal_is_encrypted(folder: Path) -> bool:
    """True when the folder's journal file is an encrypted one (reads 8 bytes)."""
    try:
        with open(Path(folder) / JOURNAL_FILE, "rb") as file:
            return is_encrypted(file.read(len(MAGIC)))
    except OSError:
        return False


def unlock(
    folder: Path, *, password: str | None = None, recovery: str | None = None
) -> Unlocked:
    """Open the folder's journal key and register it for this process.

    Raises :class:`WrongKeyError` for a wrong password or recovery key, and
    :class:`JournalError` when the journal is missing, plain or damaged.
    """
    path = Path(folder) / JOURNAL_FILE
    read = read_file(path)
    if read is None:
        raise JournalError(path, "whole file", "does not exist")
    if not is_encrypted(read[0]):
        raise NotEncryptedError(f"{path} is not encrypted")
    try:
        key = unlock_file(read[0], password=password, recovery=recovery)
        # The body must open too: a damaged journal is reported, never registered.
        read_envelope(read[0]).open(key)
    except DamagedError as err:
        raise JournalError(path, "whole file", str(err)) from None
    register(folder, key)
    return key


def lock(folder: Path) -> None:
    """Forget the folder's key in this process (the files stay encrypted)."""
    register(folder, None)


def _files(folder: Path) -> Iterator[Path]:
    """Every file of ours that holds journal content, the journal first."""
    folder = Path(folder)
    yield folder / JOURNAL_FILE
    for name in sorted(os.listdir(folder)):
        if name.startswith("journal-damaged-") and not name.endswith(_SEALING):
            yield folder / name
    for sub in ("backups", "conflicts"):
        where = folder / sub
        if where.is_dir() and not where.is_symlink():
            for entry in sorted(where.iterdir()):
                ours = entry.is_file() and not entry.is_symlink()
                if ours and not entry.name.endswith(_SEALING):
                    yield entry


def _rewrite(path: Path, make: Callable[[bytes], bytes | None]) -> bool:
    """Replace ``path`` by ``make(content)`` once it reads back; False: unchanged."""
    read = read_file(path)
    if read is None:
        return False
    new = make(read[0])
    if new is None:
        return False
    side = path.with_name(path.name + _SEALING)
    atomic_write_bytes(side, new)
    back = read_file(side)
    if back is None or back[0] != new:
        with contextlib.suppress(OSError):
            side.unlink()
        raise SaveError(f"{side} did not read back as written; {path} was kept")
    try:
        os.replace(side, path)
    except OSError as err:
        raise SaveError(f"cannot replace {path}: {err.strerror}") from err
    return True


def _clean_sides(folder: Path) -> None:
    for sub in (Path(folder), Path(folder) / "backups", Path(folder) / "conflicts"):
        if sub.is_dir():
            for entry in sub.iterdir():
                if entry.name.endswith(_SEALING) and entry.is_file():
                    with contextlib.suppress(OSError):
                        entry.unlink()


def _reseal_all(folder: Path, key: Unlocked, opener: Unlocked | None) -> int:
    """Seal every file with ``key``: plain ones, and sealed ones opened by
    ``opener``; the journal first. Returns how many files were rewritten."""
    _clean_sides(folder)

    def make(raw: bytes) -> bytes | None:
        if is_encrypted(raw):
            if opener is None:
                return None
            try:
                plain = read_envelope(raw).open(opener)
            except StorageError:
                return None  # damaged: left exactly as it is
        else:
            plain = raw
        sealed = seal(plain, key)
        if read_envelope(sealed).open(key) != plain:
            raise SaveError("an encrypted copy did not open again; nothing replaced")
        return sealed

    return _rewrite_all(folder, make)


def _last_written(folder: Path) -> list[Path]:
    return sorted(Path(folder).glob(".journal-last-*.json"))


def _rewrite_all(folder: Path, make: Callable[[bytes], bytes | None]) -> int:
    """Rewrite every file; the last-written copies that are a second name of the
    journal (``last_written``) are linked to the new journal again."""
    journal = Path(folder) / JOURNAL_FILE
    try:
        ino = os.stat(journal).st_ino
    except OSError:
        ino = None
    lasts = _last_written(folder)
    linked = [p for p in lasts if ino is not None and os.lstat(p).st_ino == ino]
    count = 0
    for path in _files(folder):
        count += _rewrite(path, make)
    for last in lasts:
        if last in linked:
            side = last.with_name(last.name + _SEALING)
            with contextlib.suppress(FileNotFoundError):
                side.unlink()
            try:
                os.link(journal, side)
                os.replace(side, last)
            except OSError:
                with contextlib.suppress(OSError):
                    side.unlink()
                    last.unlink()  # a stale copy is worse than none
        else:
            count += _rewrite(last, make)
    return count


def encrypt_folder(
    folder: Path,
    password: str,
    *,
    locked: Callable[[], contextlib.AbstractContextManager[object]],
    kdf: KdfParams | None = None,
) -> tuple[Unlocked, str, int]:
    """Encrypt the journal and everything it left in ``folder``.

    ``locked`` holds the journal lock while files are rewritten. Returns the
    key, the recovery key's text (shown once) and how many files were sealed.
    """
    if journal_is_encrypted(folder):
        raise NotEncryptedError(f"{Path(folder) / JOURNAL_FILE} is already encrypted")
    key, recovery = Unlocked.create(password, kdf=kdf)
    with locked():
        count = _reseal_all(folder, key, None)
        register(folder, key)
    return key, recovery, count


def change_password(
    folder: Path,
    new_password: str,
    *,
    locked: Callable[[], contextlib.AbstractContextManager[object]],
    kdf: KdfParams | None = None,
) -> int:
    """Wrap the folder's data key with a new password and rewrite every file's
    header, so a backup opens with the new password alone. The folder must be
    unlocked; the recovery key stays the same."""
    key = key_of(folder)
    if key is None:
        raise NotEncryptedError(f"{folder} is not unlocked")
    new = key.with_new_password(new_password, kdf=kdf)
    with locked():
        count = _reseal_all(folder, new, key)
        register(folder, new)
    return count


def decrypt_folder(
    folder: Path, *, locked: Callable[[], contextlib.AbstractContextManager[object]]
) -> int:
    """Write every sealed file of the (unlocked) folder plain again."""
    key = key_of(folder)
    if key is None:
        raise NotEncryptedError(f"{folder} is not unlocked")

    def make(raw: bytes) -> bytes | None:
        if not is_encrypted(raw):
            return None
        try:
            return read_envelope(raw).open(key)
        except StorageError:
            return None

    with locked():
        _clean_sides(folder)
        count = _rewrite_all(folder, make)
        register(folder, None)
    return count


def plain_content(path: Path) -> bytes:
    """A file's journal JSON, opened with its folder's key when sealed."""
    read = read_file(path)
    if read is None:
        raise JournalError(path, "whole file", "does not exist")
    return decode(read[0], path)
