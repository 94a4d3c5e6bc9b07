"""Saving off the GUI thread: the writer thread, retries, other programs' changes."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import QFileSystemWatcher, QObject, QThread, QTimer, Signal, Slot

from twitchtrack.domain.merge import RECORD_LISTS, merge_record, wins
from twitchtrack.domain.models import Episode, Journal, Record
from twitchtrack.storage.errors import StorageError
from twitchtrack.storage.gc_pause import paused_collector
from twitchtrack.storage.journal_store import JournalStore
from twitchtrack.ui.model.records import JournalRecords

R = TypeVar("R", bound=Record)

# Waits after a failed save before trying again; the last one repeats.
DEFAULT_RETRY_DELAYS_MS: tuple[int, ...] = (1_000, 2_000, 5_000, 15_000, 30_000)


# ----------------------------------------------------------------- disk records


@dataclass(frozen=True, slots=True)
class Foreign:
    """Records found on disk that are newer than the window's copy, per record list."""

    records: dict[str, list[Record]] = field(default_factory=dict)
    # The journal these records and the window's copy both descend from: where
    # both edited one record since, the two are merged field by field.
    base: Journal | None = None

    @property
    def episodes(self) -> list[Episode]:
        """The episodes among them."""
        return self.records.get("episodes", [])  # type: ignore[return-value]

    def __bool__(self) -> bool:
        return any(self.records.values())

    def __len__(self) -> int:
        return sum(len(v) for v in self.records.values())


def _winners(mine: dict[uuid.UUID, R], theirs: Iterable[R]) -> list[R]:
    """Records of ``theirs`` that are new to ``mine`` or beat ``mine``'s version."""
    out: list[R] = []
    for rec in theirs:
        have = mine.get(rec.id)
        if have is None or (have is not rec and wins(rec, have)):
            out.append(rec)
    return out


def _foreign(snapshot: Journal, disk: Journal, base: Journal | None = None) -> Foreign:
    found: dict[str, list[Record]] = {}
    for name in RECORD_LISTS:
        mine: dict[uuid.UUID, Record] = {r.id: r for r in getattr(snapshot, name)}
        winners = _winners(mine, getattr(disk, name))
        if winners:
            found[name] = winners
    return Foreign(found, base)


def _with_foreign(journal: Journal, extra: Foreign) -> Journal:
    update: dict[str, object] = {}
    for name, records in extra.records.items():
        merged = {r.id: r for r in getattr(journal, name)}
        merged.update((r.id, r) for r in records)
        update[name] = list(merged.values())
    return journal.model_copy(update=update)


def absorbable(
    found: Foreign, records: Mapping[str, Mapping[uuid.UUID, Record]]
) -> tuple[dict[str, list[Record]], bool]:
    """The versions to take from ``found`` into ``records``, and whether any of them
    is a field-by-field merge (new to the file too, so it must be saved).

    Disk records that beat ours are taken; our own newer edits stay (merge rule).
    Where both this window and another program edited a record since
    ``found.base``, the two versions are merged field by field.
    """
    taken: dict[str, list[Record]] = {}
    merged_here = False
    for name, theirs in found.records.items():
        current = records.get(name)
        if current is None:
            continue
        # Only records this window also has need their base: look those up
        # (rarely any), not the whole list, on the window's thread.
        both = {r.id for r in theirs if r.id in current}
        bases: dict[uuid.UUID, Record] = {}
        if both and found.base is not None:
            bases = {r.id: r for r in getattr(found.base, name) if r.id in both}
        out: list[Record] = []
        for rec in theirs:
            have = current.get(rec.id)
            if have is None:
                out.append(rec)
                continue
            base = bases.get(rec.id)
            kept = merge_record(base if type(base) is type(rec) else None, have, rec)
            if kept is not have:
                out.append(kept)
                merged_here |= kept is not rec
        if out:
            taken[name] = out
    return taken, merged_here


def describe_storage_error(err: BaseException) -> str:
    """One line for the error bar; the store's messages already name the file."""
    if isinstance(err, StorageError):
        return str(err)
    if isinstance(err, OSError):
        where = f"{err.filename}: " if err.filename else ""
        return f"{where}{err.strerror or err}"
    return f"unexpected {type(err).__name__}: {err}"


# ----------------------------------------------------------------------- thread


class Writer(QObject):
    """Runs store I/O on a worker thread so the window never waits for the disk."""

    save_finished = Signal(int, object)  # revision, Foreign
    save_failed = Signal(int, str)  # revision, message
    check_finished = Signal(object)  # Foreign
    check_failed = Signal(str)

    def __init__(
        self, store: JournalStore, io_lock: threading.Lock, base: Journal
    ) -> None:
        super().__init__()
        self._store = store
        self._io_lock = io_lock
        # The journal as this window last read or wrote it: what its edits start
        # from, so a save can merge a record another process edited meanwhile
        # field by field (merge.merge_record).
        self.base = base
        # Records a watcher load found on disk. The store only merges when the file
        # differs from what *it* last read, so after such a load a snapshot taken
        # before the window absorbed them must get them added here, or the save
        # would drop them. Cleared once a save has written them.
        self.pending: Foreign = Foreign()
        # The newest revision on disk. A request queued before a synchronous flush
        # must not write its older snapshot over the flushed one afterwards.
        self.written = 0

    def save_locked(self, snapshot: Journal, revision: int) -> Foreign:
        """Save with ``io_lock`` already held; returns disk records newer than ours."""
        if revision <= self.written:
            return Foreign()
        to_save = snapshot
        if self.pending:
            pending: dict[str, Any] = dict(self.pending.records)
            extra = _foreign(snapshot, Journal.model_construct(**pending))
            if extra:
                to_save = _with_foreign(snapshot, extra)
        disk = self._store.save(to_save, base=self.base)
        self.base = disk
        self.written = revision
        self.pending = Foreign()
        if disk is to_save and to_save is snapshot:
            return Foreign()  # nothing merged in: the common case, and free
        return _foreign(snapshot, disk, base=snapshot)

    @Slot(int, object)
    def save(self, revision: int, snapshot: Journal) -> None:
        # Paused for the emits too: they allocate, and so could start a collection.
        with paused_collector():
            try:
                with self._io_lock:
                    found = self.save_locked(snapshot, revision)
            except Exception as err:
                self.save_failed.emit(revision, describe_storage_error(err))
                return
            self.save_finished.emit(revision, found)

    @Slot(object)
    def check(self, snapshot: Journal) -> None:
        with paused_collector():
            try:
                with self._io_lock:
                    if not self._store.changed_on_disk():
                        return
                    disk = self._store.load()
                    found = _foreign(snapshot, disk, base=self.base)
                    merged = {
                        name: list(
                            {
                                r.id: r
                                for r in (*self.pending.records.get(name, []), *recs)
                            }.values()
                        )
                        for name, recs in found.records.items()
                    }
                    self.pending = Foreign({**self.pending.records, **merged})
            except Exception as err:
                self.check_failed.emit(describe_storage_error(err))
                return
            if found:
                self.check_finished.emit(found)


# ----------------------------------------------------------------------- saver


class Saver(QObject):
    """Coalesces changes into saves on the writer thread; retries; watches the file.

    A single-shot timer turns a run of changes into one save; a failed save keeps
    everything in memory, reports ``save_failed`` and is retried with backoff;
    ``flush`` saves synchronously (on quit). A file watcher (and a poll, for file
    systems that send no events) looks for changes other programs (the CLI, a sync
    tool) make; the records they wrote are sent with ``found``, as are records a
    save merged in (before ``saved``).
    """

    found = Signal(object)  # Foreign: disk records newer than the window's
    saved = Signal(object)  # datetime of the save (local)
    save_failed = Signal(str)
    check_failed = Signal(str)

    _save_requested = Signal(int, object)
    _check_requested = Signal(object)

    def __init__(
        self,
        store: JournalStore,
        data: JournalRecords,
        *,
        clock: Callable[[], datetime],
        read_only: bool,
        save_delay_ms: int,
        watch_delay_ms: int,
        poll_ms: int,
        retry_delays_ms: Sequence[int],
        watch: bool,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        # The records only, not the model: no reference cycle through the model,
        # so it is freed by reference counting on the GUI thread.
        self._data = data
        self._clock = clock
        self._read_only = read_only
        self._retry_delays = tuple(retry_delays_ms) or DEFAULT_RETRY_DELAYS_MS

        self._revision = 0
        self._saved_revision = 0
        self._in_flight = False
        self._failures = 0
        self._last_error: str | None = None
        self._last_saved: datetime | None = None
        self._closed = False

        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(max(0, save_delay_ms))
        self._save_timer.timeout.connect(self._start_save)
        self._retry_timer = QTimer(self)
        self._retry_timer.setSingleShot(True)
        self._retry_timer.timeout.connect(self._start_save)

        self._io_lock = threading.Lock()
        self.writer_thread = QThread()
        self.writer_thread.setObjectName("twitchtrack-writer")
        self.writer = Writer(store, self._io_lock, data.journal())
        self.writer.moveToThread(self.writer_thread)
        self._save_requested.connect(self.writer.save)
        self._check_requested.connect(self.writer.check)
        self.writer.save_finished.connect(self._on_writer_save_finished)
        self.writer.save_failed.connect(self._on_writer_save_failed)
        self.writer.check_finished.connect(self._on_writer_check_finished)
        self.writer.check_failed.connect(self.check_failed)
        self.writer_thread.start()

        self._watcher: QFileSystemWatcher | None = None
        self._watch_timer = QTimer(self)
        self._watch_timer.setSingleShot(True)
        self._watch_timer.setInterval(max(0, watch_delay_ms))
        self._watch_timer.timeout.connect(self.check_external)
        self._poll_timer = QTimer(self)
        if watch:
            self._watcher = QFileSystemWatcher(self)
            self._watcher.fileChanged.connect(self._on_watcher_changed)
            self._watcher.directoryChanged.connect(self._on_watcher_changed)
            self._rewatch()
            if poll_ms > 0:
                # Some file systems (network shares) send no change events.
                self._poll_timer.setInterval(poll_ms)
                self._poll_timer.timeout.connect(self.check_external)
                self._poll_timer.start()

    @property
    def is_dirty(self) -> bool:
        """True while some change is not yet known to be on disk."""
        return self._revision != self._saved_revision

    @property
    def last_saved(self) -> datetime | None:
        """When the last save finished (local time)."""
        return self._last_saved

    @property
    def last_error(self) -> str | None:
        """The message of the last failed save, until a save works again."""
        return self._last_error

    @property
    def closed(self) -> bool:
        """True once :meth:`close` ran."""
        return self._closed

    def changed(self) -> None:
        """The journal changed here: it needs saving."""
        self._revision += 1
        self._schedule_save()

    # ------------------------------------------------------------------ saving

    def _schedule_save(self) -> None:
        if self._read_only or self._closed:
            return
        if not self._save_timer.isActive():
            self._save_timer.start()

    @Slot()
    def _start_save(self) -> None:
        if self._in_flight or not self.is_dirty or self._read_only or self._closed:
            return
        self._retry_timer.stop()
        self._in_flight = True
        self._save_requested.emit(self._revision, self._data.journal())

    def save_now(self) -> None:
        """Start a save at once (the error bar's Retry button)."""
        self._save_timer.stop()
        self._start_save()

    @Slot(int, object)
    def _on_writer_save_finished(self, revision: int, found: Foreign) -> None:
        self._in_flight = False
        self._saved_revision = max(self._saved_revision, revision)
        self._failures = 0
        self._last_error = None
        self._retry_timer.stop()
        if found:
            self.found.emit(found)
        self._last_saved = self._clock()
        self.saved.emit(self._last_saved)
        self._rewatch()
        if self.is_dirty:
            self._schedule_save()

    @Slot(int, str)
    def _on_writer_save_failed(self, _revision: int, message: str) -> None:
        self._in_flight = False
        self._last_error = message
        delay = self._retry_delays[min(self._failures, len(self._retry_delays) - 1)]
        self._failures += 1
        self.save_failed.emit(message)
        if not self._closed:
            self._retry_timer.start(delay)

    def flush(self) -> bool:
        """Save now, on this thread, and wait (for quitting). False if it failed."""
        self._save_timer.stop()
        self._retry_timer.stop()
        if self._read_only or not self.is_dirty:
            return True
        revision = self._revision
        snapshot = self._data.journal()
        try:
            with self._io_lock:
                found = self.writer.save_locked(snapshot, revision)
        except Exception as err:
            self._last_error = describe_storage_error(err)
            self.save_failed.emit(self._last_error)
            return False
        self._saved_revision = max(self._saved_revision, revision)
        self._last_error = None
        self._failures = 0
        if found:
            self.found.emit(found)
        self._last_saved = self._clock()
        self.saved.emit(self._last_saved)
        return True

    def close(self) -> bool:
        """Flush, stop watching and stop the writer thread; returns flush()'s result."""
        if self._closed:
            return not self.is_dirty
        ok = self.flush()
        self._closed = True
        for timer in (
            self._save_timer,
            self._retry_timer,
            self._watch_timer,
            self._poll_timer,
        ):
            timer.stop()
        self.writer_thread.quit()
        self.writer_thread.wait()
        if self._watcher is not None:
            # Free the watcher's inotify descriptor here, on the GUI thread. Left to
            # Python's cycle collector it could be destroyed on whichever thread
            # happens to collect, leaving the GUI loop polling a closed descriptor.
            shiboken6.delete(self._watcher)
            self._watcher = None
        return ok

    # ------------------------------------------------------------------ watching

    def _rewatch(self) -> None:
        """(Re)watch the file and its folder; an atomic replace drops the file watch."""
        if self._watcher is None or self._closed:
            return
        wanted = [str(self._store.folder)]
        if self._store.path.exists():
            wanted.append(str(self._store.path))
        have = set(self._watcher.files()) | set(self._watcher.directories())
        missing = [p for p in wanted if p not in have]
        if missing:
            self._watcher.addPaths(missing)

    @Slot(str)
    def _on_watcher_changed(self, _path: str) -> None:
        self._rewatch()
        self._watch_timer.start()

    @Slot()
    def check_external(self) -> None:
        """Look for changes another program made to the file and merge them in."""
        if self._closed:
            return
        self._check_requested.emit(self._data.journal())

    @Slot(object)
    def _on_writer_check_finished(self, found: Foreign) -> None:
        self._rewatch()
        self.found.emit(found)
