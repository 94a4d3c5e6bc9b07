"""The trust note: the journal bytes this program last wrote, kept in the cache folder.

A journal file whose SHA-256 equals the note's is byte for byte what this program
wrote from validated records, so a command that only adds records (``log``) may
keep the old records' text without reading it again. Any other file (a byte
changed by hand, a copy from a sync tool, another version's file) is read and
validated in full, as always. The note is a cache: it lives in the user's cache
folder (never the data folder, so a sync tool never copies it), holds no health
data (a digest and offsets), is rebuilt by the next save when missing or stale,
and is never needed to read the journal.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import pydantic
from pydantic import ValidationError

from twitchtrack import __version__
from twitchtrack.domain import models, regions
from twitchtrack.domain.models import Settings
from twitchtrack.storage.durable import FILE_MODE, list_names, make_private_folders
from twitchtrack.storage.places import default_cache_dir
from twitchtrack.storage.serialize import ListSpan, head_text, spans_fit

NOTES_FOLDER: Final = "trust"
# Bumped whenever the note's meaning or layout changes: older notes are ignored.
_NOTE_FORMAT: Final = 1
# The most notes looked at when pruning those of journals that are gone.
_PRUNE_LIMIT: Final = 200
_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


@dataclass(frozen=True)
class Layout:
    """The identity (digest, size) and record-list places of one journal text."""

    digest: bytes
    size: int
    lists: tuple[ListSpan, ...]


@dataclass(frozen=True)
class Trusted:
    """A journal file this program wrote: its head's text (the journal without its
    record lists), the settings in it, and where the records' text sits."""

    head: bytes
    settings: Settings
    lists: tuple[ListSpan, ...]


def _program_stamp() -> str:
    """What the note's trust depends on: this program's validation rules.

    A release has its version; a changed checkout (a developer editing the models)
    changes the size or time of the modules holding them.
    """
    parts = [str(_NOTE_FORMAT), __version__, str(models.SCHEMA_VERSION)]
    parts.append(pydantic.VERSION)
    for module in (models, regions):
        try:
            st = os.stat(module.__file__ or "")
        except OSError:
            parts.append("-")
        else:
            parts.append(f"{st.st_size}.{st.st_mtime_ns}")
    return "/".join(parts)


class TrustNote:
    """The note for one journal file: read, written after each save, or dropped.

    Failures to read or write it are silent: without a note, the journal is
    simply read and validated in full.
    """

    def __init__(self, journal: Path, cache_dir: Path | None = None) -> None:
        self._journal = os.path.realpath(journal)
        self._folder = (
            default_cache_dir() if cache_dir is None else Path(cache_dir)
        ) / NOTES_FOLDER
        key = hashlib.sha256(self._journal.encode("utf-8", "surrogateescape"))
        self.path = self._folder / f"{key.hexdigest()[:32]}.json"
        self._stamp: str | None = None
        # How many times a file was trusted (kept unread): for tests and benchmarks.
        self.hits = 0

    def _program(self) -> str:
        if self._stamp is None:
            self._stamp = _program_stamp()
        return self._stamp

    def read(self) -> Layout | None:
        """The layout of the bytes this program last wrote there, if it knows it."""
        try:
            fd = os.open(self.path, os.O_RDONLY | _O_CLOEXEC | _O_NOFOLLOW)
        except OSError:
            return None
        try:
            raw = os.read(fd, 1 << 16)
        except OSError:
            return None
        finally:
            os.close(fd)
        try:
            note = json.loads(raw)
            if note["journal"] != self._journal or note["program"] != self._program():
                return None
            lists = tuple(
                ListSpan(str(n), int(s), int(e), int(c)) for n, s, e, c in note["lists"]
            )
            return Layout(bytes.fromhex(note["sha256"]), int(note["size"]), lists)
        except (ValueError, KeyError, TypeError):
            return None

    def spans(self, raw: bytes, digest: bytes) -> tuple[ListSpan, ...]:
        """Where the record lists sit in ``raw``, if it is what this program last
        wrote; else nothing."""
        layout = self.read()
        if layout is None or layout.digest != digest or layout.size != len(raw):
            return ()
        return layout.lists if spans_fit(raw, layout.lists) else ()

    def trusted(self, raw: bytes, digest: bytes, writer: str | None) -> Trusted | None:
        """``raw`` (whose SHA-256 is ``digest``) as trusted text, if it is byte for
        byte what this program last wrote, signed by ``writer`` (this computer);
        else None: read it in full."""
        lists = self.spans(raw, digest)
        if not lists:
            return None
        # The head is text this program wrote from a validated journal, as are the
        # records: it is kept as it is, and only the settings are read from it
        # (the journal's model, with every kind of record in it, is not even
        # built: about 30 ms of a ``log`` command).
        head = head_text(raw, lists)
        try:
            fields = json.loads(head)
            settings = Settings.model_validate(fields["settings"])
        except (ValueError, KeyError, TypeError, ValidationError):
            return None
        if fields.get("written_by") != writer:
            # Another computer's file is a merge base, which only a full read keeps.
            return None
        self.hits += 1
        return Trusted(head, settings, lists)

    def write(self, layout: Layout) -> None:
        """Remember ``layout`` as what was just written (best effort, atomic)."""
        note = {
            "journal": self._journal,
            "program": self._program(),
            "sha256": layout.digest.hex(),
            "size": layout.size,
            "lists": [[s.name, s.start, s.end, s.count] for s in layout.lists],
        }
        data = json.dumps(note).encode()
        tmp = self._folder / f".{self.path.name}.{secrets.token_hex(6)}.tmp"
        try:
            new = not self.path.exists()
            if new:
                make_private_folders(self._folder)
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_CLOEXEC | _O_NOFOLLOW
            fd = os.open(tmp, flags, FILE_MODE)
            try:
                os.write(fd, data)
            finally:
                os.close(fd)
            # No fsync: a note lost in a power cut only costs one full read.
            os.replace(tmp, self.path)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            return
        if new:
            self._prune()

    def clear(self) -> None:
        """Drop the note (the journal changed in a way it cannot describe)."""
        with contextlib.suppress(OSError):
            os.unlink(self.path)

    def _prune(self) -> None:
        """Remove the notes of journals that no longer exist (test and demo
        folders come and go); done only when a journal gets its first note."""
        for path in list_names(self._folder)[:_PRUNE_LIMIT]:
            if path == self.path or path.suffix != ".json":
                continue
            try:
                journal = json.loads(path.read_bytes())["journal"]
                if not os.path.lexists(journal):
                    path.unlink()
            except (OSError, ValueError, KeyError, TypeError):
                continue
