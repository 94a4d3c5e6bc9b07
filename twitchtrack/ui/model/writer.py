"""Saving off the GUI thread: the writer thread, retries, other programs' changes."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime

import shiboken6
from PySide6.QtCore import QFileSystemWatcher, QObject, QThread, QTimer, Signal, Slot

from twitchtrack.domain.models import Journal, Record
from twitchtrack.storage.errors import StorageError
from twitchtrack.storage.gc_pause import paused_collector
from twitchtrack.storage.journal_store import JournalStore
from twitchtrack.ui.model.disk import (
    BaseView,
    Foreign,
    Unabsorbed,
    look,
    merged_from_save,
    with_unabsorbed,
)
from twitchtrack.ui.model.records import JournalRecords

# Waits after a failed save before trying again; the last one repeats.
DEFAULT_RETRY_DELAYS_MS: tuple[int, ...] = (1_000, 2_000, 5_000, 15_000, 30_000)


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
    copies_found = Signal()  # conflict copies wait: a save merges them

    def __init__(
        self, store: JournalStore, io_lock: threading.Lock, base: Journal
    ) -> None:
        super().__init__()
        self._store = store
        self._io_lock = io_lock
        # The journal as this window last wrote (or first read) it: what its edits
        # start from, so a save can merge a record another process edited
        # meanwhile field by field (merge.merge_record).
        self.base = base
        # Versions the looks at the disk found since that save: the window takes
        # them in, so from then on they are what its edits start from. Without
        # this, a field the command line changed twice would look changed on both
        # sides, and the window's newer stamp would put the first value back.
        self._advanced: dict[str, dict[uuid.UUID, Record]] = {}
        self._view = BaseView(base, self._advanced)
        # What the looks found, until a save has written it. The store merges only
        # when the file differs from what *it* last read, so a snapshot taken
        # before the window took a look's records in gets them merged here.
        self.pending: list[Unabsorbed] = []
        self._generation = 0
        # The newest revision on disk. A request queued before a synchronous flush
        # must not write its older snapshot over the flushed one afterwards.
        self.written = 0

    def rebase(self, first: Journal, whole: Journal) -> None:
        """``whole`` as the base, if it still is ``first`` (io_lock held)."""
        if self.base is first:
            self.base = whole
            self._view = BaseView(whole, self._advanced)

    def save_locked(
        self, snapshot: Journal, revision: int, absorbed: int = 0
    ) -> Foreign:
        """Save with ``io_lock`` already held; returns disk records newer than ours.

        ``absorbed``: the newest look whose records ``snapshot`` already holds.
        """
        if revision <= self.written:
            return Foreign()
        to_save = with_unabsorbed(snapshot, self.pending, absorbed)
        disk = self._store.save(to_save, base=self._view.journal())
        self.base = disk
        self._advanced.clear()
        self._view = BaseView(disk, self._advanced)
        self.written = revision
        self.pending = []
        merged = self._store.last_merge
        notice = merged.notice() if merged is not None else None
        if disk is to_save and to_save is snapshot:
            return Foreign(notice=notice)  # nothing merged in: the common case
        return replace(merged_from_save(snapshot, disk), notice=notice)

    @Slot(int, object, int)
    def save(self, revision: int, snapshot: Journal, absorbed: int = 0) -> None:
        # Paused for the emits too: they allocate, and so could start a collection.
        with paused_collector():
            try:
                with self._io_lock:
                    found = self.save_locked(snapshot, revision, absorbed)
            except Exception as err:
                self.save_failed.emit(revision, describe_storage_error(err))
                return
            self.save_finished.emit(revision, found)

    @Slot(object)
    def check(self, snapshot: Journal) -> None:
        with paused_collector():
            try:
                with self._io_lock:
                    if self._store.sync.waiting():
                        # Copies (Syncthing may leave one beside an unchanged
                        # journal) are merged by a save, under the file lock.
                        self.copies_found.emit()
                    if not self._store.changed_on_disk():
                        return
                    found = self._look(snapshot, self._store.load())
            except Exception as err:
                self.check_failed.emit(describe_storage_error(err))
                return
            if found or found.rewrite:
                self.check_finished.emit(found)

    def _look(self, snapshot: Journal, disk: Journal) -> Foreign:
        """What ``disk`` holds for the window; the base moves on to it."""
        seen = look(snapshot, disk, self._view)
        if not seen.found:
            return Foreign(rewrite=seen.rewrite)
        self._generation += 1
        for name, records in seen.found.items():
            for rec in records:
                before = seen.bases.get(rec.id)
                self.pending.append(Unabsorbed(name, rec, before, self._generation))
                if before is None or rec.updated_at > before.updated_at:
                    self._advanced.setdefault(name, {})[rec.id] = rec
        return Foreign(
            seen.found, seen.bases, generation=self._generation, rewrite=seen.rewrite
        )


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
    conflicts_merged = Signal(str)  # the notice about merged conflict copies
    save_failed = Signal(str)
    check_failed = Signal(str)

    _save_requested = Signal(int, object, int)
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
        self._absorbed = 0  # the newest look at the disk the window has taken in
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
        self.writer.copies_found.connect(self._on_writer_copies_found)
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
        self.merge_copies()  # copies a sync tool left while the app was closed

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

    def absorbed(self, found: Foreign) -> None:
        """The window has taken ``found`` in; later snapshots hold its records."""
        self._absorbed = max(self._absorbed, found.generation)
        if found.rewrite:
            # The file lost records (or versions) shown here: write them back, so
            # quitting now loses nothing.
            self.changed()

    def set_read_only(self) -> None:
        """Save nothing from now on (the journal turned out not to be readable)."""
        self._read_only = True
        self._save_timer.stop()
        self._retry_timer.stop()

    def rebase(self, first: Journal, whole: Journal) -> None:
        """A staged load is in: edits start from ``whole``, unless a save since the
        window opened (its base still ``first``) has moved the base on already."""
        with self._io_lock:
            self.writer.rebase(first, whole)

    def merge_copies(self) -> None:
        """Save soon if a sync tool left conflict copies: the save merges them in.

        Called on open, and when a watcher event or the poll finds copies.
        """
        if not self._read_only and not self._closed and self._store.sync.waiting():
            self.changed()

    @Slot()
    def _on_writer_copies_found(self) -> None:
        self.merge_copies()

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
        self._save_requested.emit(self._revision, self._data.journal(), self._absorbed)

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
        self._tell(found)
        self._last_saved = self._clock()
        self.saved.emit(self._last_saved)
        self._rewatch()
        if self.is_dirty:
            self._schedule_save()

    @Slot(int, str)
    def _on_writer_save_failed(self, _revision: int, message: str) -> None:
        self._in_flight = False
        self._last_error = message
        self.save_failed.emit(message)
        self._retry_later()

    def _retry_later(self) -> None:
        """Try the failed save again after the next back-off delay."""
        delay = self._retry_delays[min(self._failures, len(self._retry_delays) - 1)]
        self._failures += 1
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
                found = self.writer.save_locked(snapshot, revision, self._absorbed)
        except Exception as err:
            self._last_error = describe_storage_error(err)
            self.save_failed.emit(self._last_error)
            # The changes stay in memory (the close dialog's Cancel says so): keep
            # retrying them, as after a failed background save.
            self._retry_later()
            return False
        self._saved_revision = max(self._saved_revision, revision)
        self._last_error = None
        self._failures = 0
        self._tell(found)
        self._last_saved = self._clock()
        self.saved.emit(self._last_saved)
        return True

    def _tell(self, found: Foreign) -> None:
        """Send what a save merged in: records from disk, then the copies' notice."""
        if found:
            self.found.emit(found)
        if found.notice:
            self.conflicts_merged.emit(found.notice)

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
