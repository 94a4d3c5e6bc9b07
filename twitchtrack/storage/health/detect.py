"""Which health platform a file or folder came from, and reading it.

Detection looks at names, the first bytes and the first line only, so a file that
is not a health export costs almost nothing and goes on to the journal importer.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from datetime import tzinfo
from pathlib import Path

from twitchtrack.domain.models import Journal
from twitchtrack.storage.health import (
    apple,
    fitbit,
    garmin,
    health_connect,
    oura,
    samsung,
    withings,
)
from twitchtrack.storage.health.common import HealthRead, damaged
from twitchtrack.storage.interchange.errors import InvalidImportError, RowError

Reader = Callable[[], HealthRead]
_ZIP_MAGIC = b"PK\x03\x04"
_HEAD = 4096


def _head(path: Path) -> bytes:
    try:
        with path.open("rb") as stream:
            return stream.read(_HEAD)
    except OSError:
        return b""


def _folder_readers(path: Path, tz: tzinfo | None) -> list[Reader]:
    readers: list[Reader] = []
    if samsung.files_in(path):
        readers.append(lambda: samsung.read(path, tz=tz))
    if fitbit.files_in(path):
        readers.append(lambda: fitbit.read(path, tz=tz))
    if garmin.files_in(path):
        readers.append(lambda: garmin.read(path, tz=tz))
    return readers


def _zip_reader(path: Path, tz: tzinfo | None) -> Reader | None:
    try:
        with zipfile.ZipFile(path) as archive:
            db = health_connect.find_member(archive)
            if db is not None:
                return lambda: health_connect.read(path, tz=tz, member=db)
            xml = apple.find_member(archive)
    except (zipfile.BadZipFile, EOFError, OSError) as exc:
        # The journal importer reads no zip files, so a broken one is ours to name.
        raise damaged(path, 0, f"is a damaged or incomplete zip file ({exc})") from None
    if xml is not None:
        return lambda: apple.read(path, tz=tz, member=xml)
    return None


def _file_reader(path: Path, tz: tzinfo | None) -> Reader | None:
    head = _head(path)
    name = path.name
    if head.startswith(_ZIP_MAGIC):
        return _zip_reader(path, tz)
    if head.startswith(health_connect.SQLITE_MAGIC):
        return lambda: health_connect.read(path, tz=tz)
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(b"<"):
        return (lambda: apple.read(path, tz=tz)) if apple.is_apple_xml(path) else None
    if fitbit.FILE_NAME.match(name) or (
        text.startswith(b"[") and b'"dateOfSleep"' in head
    ):
        return lambda: fitbit.read(path, tz=tz)
    if garmin.FILE_NAME.match(name) or (
        text.startswith(b"[") and b'"sleepStartTimestampGMT"' in head
    ):
        return lambda: garmin.read(path, tz=tz)
    if samsung.kind_of(path):
        return lambda: samsung.read(path, tz=tz)
    first = head.split(b"\n", 1)[0].decode("utf-8-sig", errors="replace")
    if oura.is_oura_header(first):
        return lambda: oura.read(path, tz=tz)
    if withings.is_withings_header(first):
        return lambda: withings.read(path, tz=tz)
    return None


def is_health_folder(path: Path) -> bool:
    """True for a folder holding Samsung, Fitbit or Garmin export files."""
    return path.is_dir() and bool(_folder_readers(path, None))


def read_health(path: Path, *, tz: tzinfo | None = None) -> HealthRead | None:
    """The sleep and intakes of a health export, or None when ``path`` is none.

    Times without an offset are read in ``tz`` (None: this computer's zone).
    Raises ``InvalidImportError`` naming the file and place for a damaged or
    cut-short export; then nothing of it is returned.
    """
    if path.is_dir():
        readers = _folder_readers(path, tz)
        if not readers:
            return None
        total = readers[0]()
        for reader in readers[1:]:
            total.absorb(reader())
        return total
    if not path.is_file():
        return None
    found = _file_reader(path, tz)
    return None if found is None else found()


def read_as_import(path: Path) -> tuple[Journal, list[RowError]] | None:
    """What the journal importer wants for a health export: its records, or the
    problems; None when ``path`` is not a health export."""
    try:
        health = read_health(path)
    except InvalidImportError as err:
        return Journal(), err.errors
    return None if health is None else (health.journal(), [])
