"""A journal file this computer wrote, read newest records first and the rest later.

A window paints sooner from part of a big journal: the head (settings, self-checks,
experiments, ...) and the newest slice of the episodes and of the check-ins; the
older slices are then validated a step at a time (``step``) and the whole journal
is put together by ``finish``. Only a file the trust note knows is read this way
(byte for byte what this program last wrote, not by another computer): any other
file is validated in full before anything is shown, as always.

Until its store is told the read is finished (``JournalStore.settle``), the store
knows nothing of the file's content, so a save in between re-reads the whole file
and merges it in: a part of the journal can never be written over the whole.
"""

from __future__ import annotations

import threading
import uuid
from pathlib import Path

from twitchtrack.domain.models import SCHEMA_VERSION, Journal, Record
from twitchtrack.storage.errors import JournalError
from twitchtrack.storage.gc_pause import paused_collector
from twitchtrack.storage.ids import check_unique_ids
from twitchtrack.storage.parse import parse_journal
from twitchtrack.storage.parse_ours import OurLayout
from twitchtrack.storage.serialize import ListSpan


class StagedRead:
    """The newest part of a journal (``first``) and the validation of the rest.

    ``step`` and ``finish`` may be called from any thread; ``finish`` returns the
    same journal (or raises the same error) every time.
    """

    def __init__(self, layout: OurLayout, first: Journal, raw: bytes, path: Path):
        self.first = first
        self._layout: OurLayout | None = layout
        self._left = layout.left()
        self._raw: bytes | None = raw
        self._path = path
        self._lock = threading.Lock()
        self._whole: Journal | None = None
        self._error: JournalError | None = None
        # Each slice's records by id, made as it is validated; and the layout the
        # whole was put together from (None: read the ordinary way instead).
        self._keyed: dict[tuple[str, int], dict[uuid.UUID, Record]] = {}
        self._sliced: OurLayout | None = None

    @property
    def steps_left(self) -> int:
        """How many slices are still to be validated."""
        return len(self._left)

    @property
    def finished(self) -> bool:
        """True once ``finish`` has run (whatever it found)."""
        return self._layout is None

    def step(self) -> None:
        """Validate the next slice (newest first) and index its records by id;
        nothing once all are done."""
        with self._lock, paused_collector():
            if self._layout is not None and self._left:
                name, i = self._left.pop(0)
                if self._layout.validate(name, i):
                    self._key(self._layout, name, i)

    def older(self, name: str) -> dict[uuid.UUID, Record]:
        """After ``finish``: the records of list ``name`` older than ``first``'s,
        by id in file order (indexed a slice a step: no long pause for it)."""
        whole = self.finish()
        with self._lock:
            if self._sliced is None:
                return {r.id: r for r in getattr(whole, name)}
            out: dict[uuid.UUID, Record] = {}
            for i in range(self._sliced.count(name) - 1):
                part = self._keyed.get((name, i))
                out.update(self._key(self._sliced, name, i) if part is None else part)
            return out

    def _key(self, layout: OurLayout, name: str, i: int) -> dict[uuid.UUID, Record]:
        keyed = self._keyed[(name, i)] = {r.id: r for r in layout.part(name, i)}
        return keyed

    def finish(self) -> Journal:
        """The whole journal, every slice validated; :class:`JournalError` if the
        file is not what its note said (then read in full for the exact error)."""
        with self._lock, paused_collector():
            if self._layout is not None:
                self._complete(self._layout)
            if self._error is not None:
                raise self._error
            assert self._whole is not None
            return self._whole

    def _complete(self, layout: OurLayout) -> None:
        raw, self._raw, self._layout, self._left = self._raw, None, None, []
        assert raw is not None
        try:
            whole = layout.whole()
            self._sliced = layout if whole is not None else None
            if whole is None:
                parsed = parse_journal(raw, self._path)
                if parsed.read_only_reason or parsed.schema_version != SCHEMA_VERSION:
                    raise JournalError(
                        self._path, "whole file", "changed while it was being read"
                    )
                whole = parsed.journal
            check_unique_ids(whole, self._path)
        except JournalError as err:
            self._error, self._sliced = err, None
        else:
            self._whole = whole


def stage(
    raw: bytes, path: Path, spans: tuple[ListSpan, ...], device: str | None
) -> StagedRead | None:
    """``raw`` (plain journal text this program wrote, laid out as ``spans`` say)
    as a staged read, or None: read it whole (a small journal, one another
    computer wrote, or anything not as expected)."""
    if not spans:
        return None
    with paused_collector():
        layout = OurLayout.open(raw, spans)
        if layout is None:
            return None
        writer = layout.head.written_by
        if device is not None and writer is not None and writer != device:
            return None  # another computer's file: a sync base, kept whole
        if len(layout.left()) <= len(spans):
            return None  # one slice per list: nothing to gain
        first = layout.newest()
        if first is None:
            return None
        try:
            check_unique_ids(first, path)
        except JournalError:
            return None
    return StagedRead(layout, first, raw, path)
