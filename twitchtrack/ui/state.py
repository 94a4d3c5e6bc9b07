"""JournalModel: the one way the window changes the journal (undoable, saved apart)."""

from __future__ import annotations

import contextlib
import gc
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, get_args, get_origin

import shiboken6
from pydantic import ValidationError
from PySide6.QtCore import (
    QFileSystemWatcher,
    QLockFile,
    QObject,
    QThread,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QUndoCommand, QUndoStack

from twitchtrack.domain.models import (
    DayLog,
    Episode,
    Journal,
    Record,
    Settings,
    TapPoint,
    Units,
    day_id,
    describe_validation_error,
    merge_record,
    now_local,
)
from twitchtrack.domain.regions import region
from twitchtrack.storage.errors import StorageError
from twitchtrack.storage.interchange import ImportSummary
from twitchtrack.storage.journal_store import JournalStore

if TYPE_CHECKING:
    from twitchtrack.ui.bulk import RestoreSummary

R = TypeVar("R", bound=Record)

INSTANCE_LOCK_FILE = ".window.lock"
# Waits after a failed save before trying again; the last one repeats.
DEFAULT_RETRY_DELAYS_MS: tuple[int, ...] = (1_000, 2_000, 5_000, 15_000, 30_000)
_TICK = timedelta(microseconds=1)

# QUndoCommand ids: commands with the same id may merge (slider drags, typing).
_EDIT_EPISODE_ID = 4101
_SET_DAY_ID = 4102
_DEFAULT_INTENSITY_ID = 4103


# ----------------------------------------------------------------------------- helpers


def _wins(a: Record, b: Record) -> bool:
    """True when ``a`` beats ``b`` under the journal merge rule (models.merge)."""
    if a is b:
        return False
    if a.updated_at != b.updated_at:
        return a.updated_at > b.updated_at
    if a.deleted != b.deleted:
        return a.deleted
    if a == b:
        return False
    # Same stamp, different content: the fixed order every process uses.
    return a.model_dump_json() > b.model_dump_json()


def _winners(mine: dict[uuid.UUID, R], theirs: Iterable[R]) -> list[R]:
    """Records of ``theirs`` that are new to ``mine`` or beat ``mine``'s version."""
    out: list[R] = []
    for rec in theirs:
        have = mine.get(rec.id)
        if have is None or (have is not rec and _wins(rec, have)):
            out.append(rec)
    return out


def _record_lists() -> tuple[str, ...]:
    """Names of the Journal fields that are lists of records (episodes, days, ...)."""
    out: list[str] = []
    for name, info in Journal.model_fields.items():
        args = get_args(info.annotation)
        if (
            get_origin(info.annotation) is list
            and args
            and isinstance(args[0], type)
            and issubclass(args[0], Record)
        ):
            out.append(name)
    return tuple(out)


RECORD_LISTS: tuple[str, ...] = _record_lists()


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


def describe_storage_error(err: BaseException) -> str:
    """One line for the error bar; the store's messages already name the file."""
    if isinstance(err, StorageError):
        return str(err)
    if isinstance(err, OSError):
        where = f"{err.filename}: " if err.filename else ""
        return f"{where}{err.strerror or err}"
    return f"unexpected {type(err).__name__}: {err}"


def acquire_instance_lock(folder: Path) -> QLockFile | None:
    """Take the 'a window has this journal open' lock; None if another window has it.

    If no lock file can be made at all, an unlocked QLockFile is returned: a
    window that cannot even create a file will not overwrite anything either.

    QLockFile notices a lock left by a crashed process (its pid is gone) and takes
    it over, so a crash never locks the user out.
    """
    lock = QLockFile(str(folder / INSTANCE_LOCK_FILE))
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return lock
    lock.setStaleLockTime(0)  # never stale by age: only a dead owner frees it
    if lock.tryLock(0):
        return lock
    if lock.error() != QLockFile.LockError.LockFailedError:
        # The lock file cannot be made at all (a read-only folder, say). That says
        # nothing about another window; saving will report the real problem.
        return QLockFile(str(folder / INSTANCE_LOCK_FILE))
    return None


# ----------------------------------------------------------------------------- writer


class _CollectorPause:
    """How many worker threads need the (process-wide) cycle collector paused."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.holders = 0
        self.was_enabled = False


_PAUSE = _CollectorPause()


@contextlib.contextmanager
def no_cycle_collection() -> Iterator[None]:
    """Keep Python's cycle collector off while a worker thread runs Python code.

    The collector runs on whichever thread happens to allocate; if it ran on a
    worker it could destroy garbage Qt objects (widgets, watchers) off the GUI
    thread. Paused, it simply runs a moment later on the GUI thread. Workers may
    overlap (the writer, the guidance checks), so the pause is counted: the
    collector comes back when the last of them is done, if it was on before.
    """
    with _PAUSE.lock:
        if _PAUSE.holders == 0:
            _PAUSE.was_enabled = gc.isenabled()
            gc.disable()
        _PAUSE.holders += 1
    try:
        yield
    finally:
        with _PAUSE.lock:
            _PAUSE.holders -= 1
            if _PAUSE.holders == 0 and _PAUSE.was_enabled:
                gc.enable()


class _Writer(QObject):
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
        # field by field (models.merge_record).
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
        with no_cycle_collection():
            try:
                with self._io_lock:
                    found = self.save_locked(snapshot, revision)
            except Exception as err:
                self.save_failed.emit(revision, describe_storage_error(err))
                return
            self.save_finished.emit(revision, found)

    @Slot(object)
    def check(self, snapshot: Journal) -> None:
        with no_cycle_collection():
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


# ----------------------------------------------------------------------------- model


class JournalModel(QObject):
    """The journal in memory, changed only through undoable commands and saved for you.

    Views read through the accessors and listen to the signals; they never touch the
    store. Every change is pushed onto ``undo_stack``; a single-shot timer coalesces
    changes into one save on a worker thread. A failed save keeps everything in
    memory, reports ``save_failed`` and is retried with backoff; ``flush`` saves
    synchronously (on quit). A file watcher merges changes other programs (the CLI,
    a sync tool) make to the file without losing unsaved edits here.
    """

    journal_changed = Signal()
    episodes_changed = Signal(object)  # list[uuid.UUID] of changed episodes
    days_changed = Signal(object)  # list[date] of changed check-ins
    settings_changed = Signal()
    records_changed = Signal(str, object)  # another record list's name, ids
    episode_logged = Signal(object)  # uuid.UUID
    saved = Signal(object)  # datetime of the save (local)
    save_failed = Signal(str)
    external_change_merged = Signal(int)  # how many records came from disk
    external_check_failed = Signal(str)
    edit_refused = Signal(str)  # why (read-only)

    _save_requested = Signal(int, object)
    _check_requested = Signal(object)

    def __init__(
        self,
        store: JournalStore,
        undo_stack: QUndoStack,
        *,
        journal: Journal | None = None,
        save_delay_ms: int = 20,
        watch_delay_ms: int = 200,
        poll_ms: int = 5_000,
        retry_delays_ms: Sequence[int] = DEFAULT_RETRY_DELAYS_MS,
        clock: Callable[[], datetime] = now_local,
        read_only_reason: str | None = None,
        watch: bool = True,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._undo = undo_stack
        self._clock = clock
        self._retry_delays = tuple(retry_delays_ms) or DEFAULT_RETRY_DELAYS_MS
        loaded = journal if journal is not None else store.load()
        self._read_only_reason = read_only_reason or (
            store.read_only_reason if store.read_only else None
        )
        # Every record list of the journal by id; episodes and days get accessors,
        # any other list (self-checks, ...) is kept, merged and saved all the same.
        self._records: dict[str, dict[uuid.UUID, Record]] = {
            name: {r.id: r for r in getattr(loaded, name)} for name in RECORD_LISTS
        }
        self._episodes: dict[uuid.UUID, Episode] = self._records["episodes"]  # type: ignore[assignment]
        self._days: dict[uuid.UUID, DayLog] = self._records["days"]  # type: ignore[assignment]
        self._dates: dict[date, set[uuid.UUID]] = {}
        for d in loaded.days:
            self._dates.setdefault(d.date, set()).add(d.id)
        self._settings = loaded.settings
        self._live = sum(e.deleted_at is None for e in loaded.episodes)
        self._snapshot: Journal | None = loaded

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
        self._thread = QThread()
        self._thread.setObjectName("twitchtrack-writer")
        self._writer = _Writer(store, self._io_lock, loaded)
        self._writer.moveToThread(self._thread)
        self._save_requested.connect(self._writer.save)
        self._check_requested.connect(self._writer.check)
        self._writer.save_finished.connect(self._on_writer_save_finished)
        self._writer.save_failed.connect(self._on_writer_save_failed)
        self._writer.check_finished.connect(self._on_writer_check_finished)
        self._writer.check_failed.connect(self.external_check_failed)
        self._thread.start()

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

    # ------------------------------------------------------------------ reading

    @property
    def store(self) -> JournalStore:
        """The store this model saves to (read its ``path`` for messages)."""
        return self._store

    @property
    def undo_stack(self) -> QUndoStack:
        """The stack every change goes through."""
        return self._undo

    @property
    def journal(self) -> Journal:
        """The whole journal as it is now (an immutable snapshot; cheap to call)."""
        if self._snapshot is None:
            lists: dict[str, Any] = {
                name: list(recs.values()) for name, recs in self._records.items()
            }
            self._snapshot = Journal.model_construct(settings=self._settings, **lists)
        return self._snapshot

    @property
    def settings(self) -> Settings:
        """The journal's preferences."""
        return self._settings

    @property
    def units(self) -> Units:
        """The display unit setting."""
        return self._settings.units

    def now(self) -> datetime:
        """'Now' for this window (the injectable clock)."""
        return self._clock()

    def today(self) -> date:
        """Today's local date (per the injectable clock)."""
        return self._clock().date()

    def episode(self, episode_id: uuid.UUID) -> Episode | None:
        """An episode by id (deleted ones too), or None."""
        return self._episodes.get(episode_id)

    def episodes(self) -> Iterable[Episode]:
        """Every episode, tombstones included, in no particular order."""
        return self._episodes.values()

    def live_episode_count(self) -> int:
        """How many episodes are not deleted."""
        return self._live

    def day(self, day: date) -> DayLog | None:
        """The live check-in of a date, if any."""
        ids = self._dates.get(day)
        if not ids:
            return None
        found = [self._days[i] for i in ids if not self._days[i].deleted]
        return max(found, key=lambda d: d.updated_at) if found else None

    def days(self) -> Iterable[DayLog]:
        """Every check-in, tombstones included, in no particular order."""
        return self._days.values()

    def records(self, name: str) -> Iterable[Record]:
        """Every record of a journal list ("self_checks", ...), tombstones included."""
        return self._records[name].values()

    @property
    def read_only(self) -> bool:
        """True when this window may not change the journal."""
        return self._read_only_reason is not None

    @property
    def read_only_reason(self) -> str | None:
        """Why the journal is read-only, for the banner."""
        return self._read_only_reason

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

    # ------------------------------------------------------------------ changing

    def _refuse(self) -> bool:
        if self._read_only_reason is None:
            return False
        self.edit_refused.emit(self._read_only_reason)
        return True

    def log_episode(
        self,
        region_id: str,
        *,
        at: datetime | None = None,
        tap: TapPoint | None = None,
        **values: Any,
    ) -> Episode | None:
        """Log an episode (now, default intensity) as one undoable step."""
        if self._refuse():
            return None
        data: dict[str, Any] = {
            "at": at or self._clock(),
            "region": region_id,
            "intensity": self._settings.default_intensity,
            **values,
        }
        if tap is not None:
            data["tap"] = tap
        episode = Episode.model_validate(data)
        label = region(region_id).label.lower()
        self._undo.push(_LogEpisode(self, episode, f"Log {label}"))
        self.episode_logged.emit(episode.id)
        return episode

    def edit_episode(
        self, episode_id: uuid.UUID, *, merge: bool = False, **changes: Any
    ) -> str | None:
        """Change fields of an episode; returns a message if a value is refused.

        With ``merge`` a run of edits to the same fields of the same episode (a
        slider being dragged, a note being typed) becomes one undo step.
        """
        if self._refuse():
            return self._read_only_reason
        current = self._episodes.get(episode_id)
        if current is None:
            return "That episode is no longer in the journal."
        try:
            candidate = current.edited(**changes)
        except ValidationError as err:
            return describe_validation_error(err)
        after = {k: getattr(candidate, k) for k in changes}
        before = {k: getattr(current, k) for k in changes}
        if after == before:
            return None
        names = ", ".join(_FIELD_NAMES.get(k, k) for k in changes)
        self._undo.push(
            _EditRecord(
                self, "episode", episode_id, before, after, f"Edit {names}", merge
            )
        )
        return None

    def delete_episodes(self, episode_ids: Iterable[uuid.UUID]) -> int:
        """Move episodes to the trash (tombstones); returns how many."""
        if self._refuse():
            return 0
        ids = [i for i in episode_ids if (e := self._episodes.get(i)) and not e.deleted]
        if ids:
            text = "Move to trash" if len(ids) == 1 else f"Move {len(ids)} to trash"
            self._undo.push(_SetDeleted(self, ids, deleted=True, text=text))
        return len(ids)

    def restore_episodes(self, episode_ids: Iterable[uuid.UUID]) -> int:
        """Bring episodes back from the trash; returns how many."""
        if self._refuse():
            return 0
        ids = [i for i in episode_ids if (e := self._episodes.get(i)) and e.deleted]
        if ids:
            text = "Restore" if len(ids) == 1 else f"Restore {len(ids)}"
            self._undo.push(_SetDeleted(self, ids, deleted=False, text=text))
        return len(ids)

    def set_day_values(
        self, day: date, *, merge: bool = False, **values: Any
    ) -> str | None:
        """Set check-in fields for a date; returns a message if a value is refused."""
        if self._refuse():
            return self._read_only_reason
        current = self.day(day)
        try:
            candidate = (
                current.edited(**values) if current else DayLog.for_day(day, **values)
            )
        except ValidationError as err:
            return describe_validation_error(err)
        after = {k: getattr(candidate, k) for k in values}
        blank = DayLog.for_day(day)
        before = {k: getattr(current or blank, k) for k in values}
        if after == before:
            return None
        names = ", ".join(_FIELD_NAMES.get(k, k) for k in values)
        key = current.id if current else day_id(day)
        self._undo.push(
            _EditRecord(
                self, "day", key, before, after, f"Check-in: {names}", merge, day=day
            )
        )
        return None

    def put_record(self, name: str, record: Record, text: str) -> bool:
        """Add or replace one record of another journal list, as an undoable step.

        For lists without their own methods here (weekly self-checks, say). Undo
        writes the previous version back, or tombstones a record that was new.
        """
        if self._refuse():
            return False
        if name not in self._records or name in ("episodes", "days"):
            raise ValueError(f"put_record is for other record lists, not {name!r}")
        self._undo.push(_PutRecord(self, name, record, text))
        return True

    def set_units(self, units: Units) -> None:
        """Switch metric / US display units (saved with the journal, undoable)."""
        if self._refuse() or units == self._settings.units:
            return
        self._undo.push(_SetUnits(self, self._settings.units, Units(units)))

    def set_default_intensity(self, value: int) -> str | None:
        """The intensity new episodes start with (journal setting, undoable).

        Returns a message if the value is refused. A run of changes (spin-box
        arrows) becomes one undo step.
        """
        if self._refuse():
            return self._read_only_reason
        try:
            Settings.model_validate(
                {**self._settings.model_dump(), "default_intensity": value}
            )
        except ValidationError as err:
            return describe_validation_error(err)
        before = self._settings.default_intensity
        if int(value) != before:
            self._undo.push(_SetDefaultIntensity(self, before, int(value)))
        return None

    def import_journal(self, incoming: Journal) -> ImportSummary | None:
        """Merge an import in as one undoable step, after a "before-import" backup.

        None when read-only. Raises ``StorageError`` if the backup cannot be made
        (then nothing is imported). See ``ui.bulk`` for which records are taken.
        """
        from twitchtrack.ui import bulk  # bulk builds on this module

        return bulk.import_journal(self, incoming)

    def restore_journal(
        self, backup: Journal, label: str = "backup"
    ) -> RestoreSummary | None:
        """Make the journal equal to ``backup`` as one undoable step.

        A "before-restore" backup is made first; raises ``StorageError`` if that
        fails (nothing changes). See ``ui.bulk`` for why records get new versions.
        """
        from twitchtrack.ui import bulk

        return bulk.restore_journal(self, backup, label)

    def dismiss_guidance(self, item_id: str, fingerprint: str) -> None:
        """Hide a guidance note until the data behind it change (undoable, saved)."""
        self.dismiss_guidance_items({item_id: fingerprint})

    def dismiss_guidance_items(self, dismissals: Mapping[str, str]) -> None:
        """Dismiss several guidance notes (id -> fingerprint) as one undo step."""
        if self._refuse():
            return
        stored = self._settings.dismissed_guidance
        after = {k: v for k, v in dismissals.items() if stored.get(k) != v}
        if not after:
            return
        before = {k: stored.get(k) for k in after}
        text = "Dismiss note" if len(after) == 1 else f"Dismiss {len(after)} notes"
        self._undo.push(_SetDismissed(self, before, dict(after), text))

    def restore_guidance(self, item_id: str | None = None) -> None:
        """Show dismissed guidance notes again: one, or (no id) all (undoable)."""
        if self._refuse():
            return
        stored = self._settings.dismissed_guidance
        before = {k: v for k, v in stored.items() if item_id is None or k == item_id}
        if not before:
            return
        text = "Show note again" if len(before) == 1 else "Show notes again"
        self._undo.push(_SetDismissed(self, dict(before), dict.fromkeys(before), text))

    # ------------------------------------------------------------------ internals

    def _stamp(self, old: R | None, new: R) -> R:
        """``new`` with an ``updated_at`` strictly after ``old``'s.

        Undo writes the old values as a *new* version, and merges pick the newest
        stamp; two versions with equal stamps would let the disk copy win.
        """
        if old is not None and new.updated_at <= old.updated_at:
            return new.model_copy(update={"updated_at": old.updated_at + _TICK})
        return new

    def _apply_episode(self, episode_id: uuid.UUID, **changes: Any) -> None:
        """Write a new version of an episode (used by commands)."""
        current = self._episodes[episode_id]
        self._put(episodes=[self._stamp(current, current.edited(**changes))])

    def _apply_day(self, day: date, key: uuid.UUID, **changes: Any) -> None:
        current = self._days.get(key) or self.day(day)
        if current is None:
            new = DayLog.for_day(day, **changes)
        elif current.deleted:
            new = current.edited(deleted_at=None, **changes)
        else:
            new = current.edited(**changes)
        self._put(days=[self._stamp(current, new)])

    def _put(
        self,
        episodes: Sequence[Episode] = (),
        days: Sequence[DayLog] = (),
        *,
        other: Mapping[str, Sequence[Record]] | None = None,
        local: bool = True,
    ) -> None:
        """Store new record versions, tell the views, and (for our changes) save."""
        for e in episodes:
            old = self._episodes.get(e.id)
            self._live += (not e.deleted) - (old is not None and not old.deleted)
            self._episodes[e.id] = e
        for d in days:
            self._days[d.id] = d
            self._dates.setdefault(d.date, set()).add(d.id)
        changed_other: dict[str, list[uuid.UUID]] = {}
        for name, records in (other or {}).items():
            for r in records:
                self._records[name][r.id] = r
            if records:
                changed_other[name] = [r.id for r in records]
        self._snapshot = None
        if local:
            self._revision += 1
            self._schedule_save()
        if episodes:
            self.episodes_changed.emit([e.id for e in episodes])
        if days:
            self.days_changed.emit(sorted({d.date for d in days}))
        for name, ids in changed_other.items():
            self.records_changed.emit(name, ids)
        self.journal_changed.emit()

    def _put_settings(self, settings: Settings) -> None:
        self._settings = settings
        self._snapshot = None
        self._revision += 1
        self._schedule_save()
        self.settings_changed.emit()
        self.journal_changed.emit()

    # ------------------------------------------------------------------ saving

    def _schedule_save(self) -> None:
        if self.read_only or self._closed:
            return
        if not self._save_timer.isActive():
            self._save_timer.start()

    @Slot()
    def _start_save(self) -> None:
        if self._in_flight or not self.is_dirty or self.read_only or self._closed:
            return
        self._retry_timer.stop()
        self._in_flight = True
        self._save_requested.emit(self._revision, self.journal)

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
            self._absorb(found)
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
        if self.read_only or not self.is_dirty:
            return True
        revision = self._revision
        snapshot = self.journal
        try:
            with self._io_lock:
                found = self._writer.save_locked(snapshot, revision)
        except Exception as err:
            self._last_error = describe_storage_error(err)
            self.save_failed.emit(self._last_error)
            return False
        self._saved_revision = max(self._saved_revision, revision)
        self._last_error = None
        self._failures = 0
        if found:
            self._absorb(found)
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
        self._thread.quit()
        self._thread.wait()
        if self._watcher is not None:
            # Free the watcher's inotify descriptor here, on the GUI thread. Left to
            # Python's cycle collector it could be destroyed on whichever thread
            # happens to collect, leaving the GUI loop polling a closed descriptor.
            shiboken6.delete(self._watcher)
            self._watcher = None
        # Commands hold the model: clearing them breaks that cycle, so the model is
        # freed by reference counting on this thread rather than by a later
        # collection on some other thread.
        self._undo.clear()
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
        self._check_requested.emit(self.journal)

    @Slot(object)
    def _on_writer_check_finished(self, found: Foreign) -> None:
        self._rewatch()
        self._absorb(found)

    def _absorb(self, found: Foreign) -> None:
        """Take disk records that beat ours; our own newer edits stay (merge rule).

        Where both this window and another program edited a record since
        ``found.base``, the two versions are merged field by field; such a merge
        is new to the file too, so it is saved.
        """
        taken: dict[str, list[Record]] = {}
        merged_here = False
        for name, records in found.records.items():
            current = self._records.get(name)
            if current is None:
                continue
            # Only records this window also has need their base: look those up
            # (rarely any), not the whole list, on the window's thread.
            both = {r.id for r in records if r.id in current}
            bases: dict[uuid.UUID, Record] = {}
            if both and found.base is not None:
                bases = {r.id: r for r in getattr(found.base, name) if r.id in both}
            out: list[Record] = []
            for rec in records:
                have = current.get(rec.id)
                if have is None:
                    out.append(rec)
                    continue
                base = bases.get(rec.id)
                kept = merge_record(
                    base if type(base) is type(rec) else None, have, rec
                )
                if kept is not have:
                    out.append(kept)
                    merged_here |= kept is not rec
            if out:
                taken[name] = out
        count = sum(len(v) for v in taken.values())
        if not count:
            return
        self._put(
            taken.pop("episodes", []),  # type: ignore[arg-type]
            taken.pop("days", []),  # type: ignore[arg-type]
            other=taken,
            local=merged_here,
        )
        self.external_change_merged.emit(count)


_FIELD_NAMES: dict[str, str] = {
    "at": "time",
    "duration_s": "duration",
    "at_rest": "at rest",
    "speech_swallowing": "speech or swallowing",
    "caffeine_mg": "caffeine",
    "sleep_h": "sleep",
    "sleep_quality": "sleep quality",
    "water_ml": "water",
    "exercise_min": "exercise",
    "alcohol_units": "alcohol",
    "magnesium_mg": "magnesium",
    "medications": "medicines",
}


# ----------------------------------------------------------------------------- commands


class _LogEpisode(QUndoCommand):
    def __init__(self, model: JournalModel, episode: Episode, text: str) -> None:
        super().__init__(text)
        self._model = model
        self._episode = episode
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._first = False
            self._model._put(episodes=[self._episode])
        else:
            self._model._apply_episode(self._episode.id, deleted_at=None)

    def undo(self) -> None:
        current = self._model.episode(self._episode.id)
        if current is not None and not current.deleted:
            self._model._put(
                episodes=[self._model._stamp(current, current.tombstoned())]
            )


class _SetDeleted(QUndoCommand):
    def __init__(
        self, model: JournalModel, ids: list[uuid.UUID], *, deleted: bool, text: str
    ) -> None:
        super().__init__(text)
        self._model = model
        self._ids = ids
        self._deleted = deleted

    def _set(self, deleted: bool) -> None:
        out: list[Episode] = []
        for i in self._ids:
            current = self._model.episode(i)
            if current is None or current.deleted == deleted:
                continue
            new = current.tombstoned() if deleted else current.edited(deleted_at=None)
            out.append(self._model._stamp(current, new))
        if out:
            self._model._put(episodes=out)

    def redo(self) -> None:
        self._set(self._deleted)

    def undo(self) -> None:
        self._set(not self._deleted)


class _EditRecord(QUndoCommand):
    """Set fields of an episode or a check-in; undo writes the old values back."""

    def __init__(
        self,
        model: JournalModel,
        kind: str,
        key: uuid.UUID,
        before: dict[str, Any],
        after: dict[str, Any],
        text: str,
        merge: bool,
        *,
        day: date | None = None,
    ) -> None:
        super().__init__(text)
        self._model = model
        self._kind = kind
        self._key = key
        self._day = day
        self._before = before
        self._after = after
        self._merge = merge

    def _apply(self, values: dict[str, Any]) -> None:
        if self._kind == "episode":
            self._model._apply_episode(self._key, **values)
        else:
            assert self._day is not None
            self._model._apply_day(self._day, self._key, **values)

    def redo(self) -> None:
        self._apply(self._after)

    def undo(self) -> None:
        self._apply(self._before)

    def id(self) -> int:
        if not self._merge:
            return -1
        return _EDIT_EPISODE_ID if self._kind == "episode" else _SET_DAY_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if (
            not isinstance(other, _EditRecord)
            or not other._merge
            or other._kind != self._kind
            or other._key != self._key
            or other._after.keys() != self._after.keys()
        ):
            return False
        self._after = dict(other._after)
        return True


class _PutRecord(QUndoCommand):
    def __init__(
        self, model: JournalModel, name: str, record: Record, text: str
    ) -> None:
        super().__init__(text)
        self._model = model
        self._name = name
        self._record = record
        self._before = model._records[name].get(record.id)

    def redo(self) -> None:
        current = self._model._records[self._name].get(self._record.id)
        self._model._put(
            other={self._name: [self._model._stamp(current, self._record)]}
        )

    def undo(self) -> None:
        current = self._model._records[self._name][self._record.id]
        if self._before is None:
            back = current.tombstoned()
        else:
            values = self._before.model_dump(exclude={"id", "created_at", "updated_at"})
            back = current.edited(**values)
        self._model._put(other={self._name: [self._model._stamp(current, back)]})


class _SetUnits(QUndoCommand):
    def __init__(self, model: JournalModel, before: Units, after: Units) -> None:
        super().__init__("Change units")
        self._model = model
        self._before = before
        self._after = after

    def _set(self, units: Units) -> None:
        settings = self._model.settings.model_copy(update={"units": units})
        self._model._put_settings(settings)

    def redo(self) -> None:
        self._set(self._after)

    def undo(self) -> None:
        self._set(self._before)


class _SetDefaultIntensity(QUndoCommand):
    def __init__(self, model: JournalModel, before: int, after: int) -> None:
        super().__init__("Change default intensity")
        self._model = model
        self._before = before
        self._after = after

    def _set(self, value: int) -> None:
        settings = self._model.settings.model_copy(update={"default_intensity": value})
        self._model._put_settings(settings)

    def redo(self) -> None:
        self._set(self._after)

    def undo(self) -> None:
        self._set(self._before)

    def id(self) -> int:
        return _DEFAULT_INTENSITY_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, _SetDefaultIntensity):
            return False
        self._after = other._after
        return True


class _SetDismissed(QUndoCommand):
    """Change some guidance dismissals (None: not dismissed); others are left alone."""

    def __init__(
        self,
        model: JournalModel,
        before: dict[str, str | None],
        after: dict[str, str | None],
        text: str,
    ) -> None:
        super().__init__(text)
        self._model = model
        self._before = before
        self._after = after

    def _set(self, values: dict[str, str | None]) -> None:
        stored = dict(self._model.settings.dismissed_guidance)
        for item_id, fingerprint in values.items():
            if fingerprint is None:
                stored.pop(item_id, None)
            else:
                stored[item_id] = fingerprint
        settings = self._model.settings.model_copy(
            update={"dismissed_guidance": stored}
        )
        self._model._put_settings(settings)

    def redo(self) -> None:
        self._set(self._after)

    def undo(self) -> None:
        self._set(self._before)
