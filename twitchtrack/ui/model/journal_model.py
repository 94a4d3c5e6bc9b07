"""JournalModel: the one way the window changes the journal (undoable, saved apart)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError
from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QUndoStack

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
    now_local,
)
from twitchtrack.domain.regions import region
from twitchtrack.storage.errors import JournalError
from twitchtrack.storage.gc_pause import paused_collector
from twitchtrack.storage.journal_store import JournalStore
from twitchtrack.ui.model.bulk import (
    RestoreSummary,
    import_text,
    plan_import,
    plan_restore,
)
from twitchtrack.ui.model.commands import (
    EditRecord,
    LogEpisode,
    PutRecord,
    ReplaceRecords,
    SetDefaultIntensity,
    SetDeleted,
    SetDismissed,
    SetUnits,
    field_names,
)
from twitchtrack.ui.model.disk import Foreign, absorbable

if TYPE_CHECKING:
    from twitchtrack.storage.interchange import ImportSummary, ReadNotes
    from twitchtrack.storage.staged import StagedRead
from twitchtrack.ui.model.reading import JournalReading
from twitchtrack.ui.model.records import JournalRecords
from twitchtrack.ui.model.writer import DEFAULT_RETRY_DELAYS_MS, Saver


class JournalModel(QObject, JournalReading):
    """The journal in memory, changed only through undoable commands and saved for you.

    Views read through the accessors and listen to the signals; they never touch the
    store. Every change is pushed onto ``undo_stack``; a single-shot timer coalesces
    changes into one save on a worker thread. A failed save keeps everything in
    memory, reports ``save_failed`` and is retried with backoff; ``flush`` saves
    synchronously (on quit). A file watcher merges changes other programs (the CLI,
    a sync tool) make to the file without losing unsaved edits here (``writer``).
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
    conflicts_merged = Signal(str)  # what merging sync conflict copies did
    external_check_failed = Signal(str)
    edit_refused = Signal(str)  # why (read-only)
    loaded = Signal()  # a staged load has put the older episodes and days in
    read_only_changed = Signal()  # the window became read-only (a staged load failed)

    def __init__(
        self,
        store: JournalStore,
        undo_stack: QUndoStack,
        *,
        journal: Journal | None = None,
        rest: StagedRead | None = None,
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
        self.device = store.device  # this computer: every version made here names it
        loaded = journal if journal is not None else store.load()
        self._read_only_reason = read_only_reason or (
            store.read_only_reason if store.read_only else None
        )
        self._data = JournalRecords(loaded)
        # A staged load (``journal`` its newest part): the rest, until it is in.
        self._rest = rest

        self._saver = Saver(
            store,
            self._data,
            clock=clock,
            read_only=self._read_only_reason is not None,
            save_delay_ms=save_delay_ms,
            watch_delay_ms=watch_delay_ms,
            poll_ms=poll_ms,
            retry_delays_ms=retry_delays_ms,
            watch=watch,
            parent=self,
        )
        self._saver.found.connect(self._absorb)
        self._saver.saved.connect(self.saved)
        self._saver.save_failed.connect(self.save_failed)
        self._saver.check_failed.connect(self.external_check_failed)
        self._saver.conflicts_merged.connect(self.conflicts_merged)

    # ------------------------------------------------------------------ reading
    # (the rest of the accessors: reading.JournalReading)

    @property
    def journal(self) -> Journal:
        """The whole journal as it is now (an immutable snapshot; cheap to call).

        After a staged load, the older records are put in first (``finish_loading``).
        """
        self.finish_loading()
        return self._data.journal()

    # ------------------------------------------------------------------ changing

    def _refuse(self) -> bool:
        self.finish_loading()  # every change starts from the whole journal
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
            "intensity": self._data.settings.default_intensity,
            **values,
            "device": self.device,
        }
        if tap is not None:
            data["tap"] = tap
        episode = Episode.model_validate(data)
        label = region(region_id).label.lower()
        self._undo.push(LogEpisode(self, episode, f"Log {label}"))
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
        current = self._data.episodes.get(episode_id)
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
        names = field_names(changes)
        self._undo.push(
            EditRecord(
                self, "episode", episode_id, before, after, f"Edit {names}", merge
            )
        )
        return None

    def delete_episodes(self, episode_ids: Iterable[uuid.UUID]) -> int:
        """Move episodes to the trash (tombstones); returns how many."""
        if self._refuse():
            return 0
        ids = [
            i
            for i in episode_ids
            if (e := self._data.episodes.get(i)) and not e.deleted
        ]
        if ids:
            text = "Move to trash" if len(ids) == 1 else f"Move {len(ids)} to trash"
            self._undo.push(SetDeleted(self, ids, deleted=True, text=text))
        return len(ids)

    def restore_episodes(self, episode_ids: Iterable[uuid.UUID]) -> int:
        """Bring episodes back from the trash; returns how many."""
        if self._refuse():
            return 0
        ids = [
            i for i in episode_ids if (e := self._data.episodes.get(i)) and e.deleted
        ]
        if ids:
            text = "Restore" if len(ids) == 1 else f"Restore {len(ids)}"
            self._undo.push(SetDeleted(self, ids, deleted=False, text=text))
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
        names = field_names(values)
        key = current.id if current else day_id(day)
        self._undo.push(
            EditRecord(
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
        if name not in self._data.lists or name in ("episodes", "days"):
            raise ValueError(f"put_record is for other record lists, not {name!r}")
        self._undo.push(PutRecord(self, name, record, text))
        return True

    def set_units(self, units: Units) -> None:
        """Switch metric / US display units (saved with the journal, undoable)."""
        if self._refuse() or units == self._data.settings.units:
            return
        self._undo.push(SetUnits(self, self._data.settings.units, Units(units)))

    def set_default_intensity(self, value: int) -> str | None:
        """The intensity new episodes start with (journal setting, undoable).

        Returns a message if the value is refused. A run of changes (spin-box
        arrows) becomes one undo step.
        """
        if self._refuse():
            return self._read_only_reason
        try:
            Settings.model_validate(
                {**self._data.settings.model_dump(), "default_intensity": value}
            )
        except ValidationError as err:
            return describe_validation_error(err)
        before = self._data.settings.default_intensity
        if int(value) != before:
            self._undo.push(SetDefaultIntensity(self, before, int(value)))
        return None

    def import_journal(
        self, incoming: Journal, notes: ReadNotes | None = None
    ) -> ImportSummary | None:
        """Merge an import in as one undoable step, after a "before-import" backup.

        ``notes`` (from ``read_import_report``) let the summary name merged rows.
        None when read-only. Raises ``StorageError`` if the backup cannot be made
        (then nothing is imported). See ``bulk`` for which records are taken.
        """
        if self._refuse():
            return None
        changes, summary = plan_import(self.journal, incoming, notes)
        if changes:
            # Unsaved edits first, so the copy is the journal as the person sees
            # it; the copy (one file copy, a few ms) raises if it cannot be made.
            self.flush()
            self._store.backup("before-import")
            self._undo.push(ReplaceRecords(self, changes, import_text(summary)))
        return summary

    def restore_journal(
        self, backup: Journal, label: str = "backup"
    ) -> RestoreSummary | None:
        """Make the journal equal to ``backup`` as one undoable step.

        A "before-restore" backup is made first; raises ``StorageError`` if that
        fails (nothing changes). See ``bulk`` for why records get new versions.
        """
        if self._refuse():
            return None
        changes, summary = plan_restore(self.journal, backup)
        current = self._data.settings
        settings = (current, backup.settings) if backup.settings != current else None
        if changes or settings:
            self.flush()  # then the copy, as for an import
            self._store.backup("before-restore")
            self._undo.push(
                ReplaceRecords(self, changes, f"Restore {label}", settings=settings)
            )
        return summary

    def dismiss_guidance(self, item_id: str, fingerprint: str) -> None:
        """Hide a guidance note until the data behind it change (undoable, saved)."""
        self.dismiss_guidance_items({item_id: fingerprint})

    def dismiss_guidance_items(self, dismissals: Mapping[str, str]) -> None:
        """Dismiss several guidance notes (id -> fingerprint) as one undo step."""
        if self._refuse():
            return
        stored = self._data.settings.dismissed_guidance
        after = {k: v for k, v in dismissals.items() if stored.get(k) != v}
        if not after:
            return
        before = {k: stored.get(k) for k in after}
        text = "Dismiss note" if len(after) == 1 else f"Dismiss {len(after)} notes"
        self._undo.push(SetDismissed(self, before, dict(after), text))

    def restore_guidance(self, item_id: str | None = None) -> None:
        """Show dismissed guidance notes again: one, or (no id) all (undoable)."""
        if self._refuse():
            return
        stored = self._data.settings.dismissed_guidance
        before = {k: v for k, v in stored.items() if item_id is None or k == item_id}
        if not before:
            return
        text = "Show note again" if len(before) == 1 else "Show notes again"
        self._undo.push(SetDismissed(self, dict(before), dict.fromkeys(before), text))

    # ------------------------------------------------------------- staged load

    @property
    def loading_steps(self) -> int:
        """Slices of a staged load still to be validated (0 when none)."""
        return 0 if self._rest is None else self._rest.steps_left + 1

    def load_more(self) -> None:
        """One step of a staged load (the window takes one per event-loop turn):
        validate a slice, or, when none is left, put the older records in."""
        if self._rest is not None and self._rest.steps_left:
            self._rest.step()
        else:
            self.finish_loading()

    def finish_loading(self) -> None:
        """Put the rest of a staged load in now (a no-op without one).

        Views hear of the older episodes by ``loaded`` (rebuilding what they keep
        of every episode), of the check-ins by ``days_changed``; the whole
        journal, any change and any look at the disk come after this. Should the
        rest not be valid after all, the window turns read-only and nothing is
        written.
        """
        rest, self._rest = self._rest, None
        if rest is None:
            return
        try:
            whole = self._store.settle(rest)
        except JournalError as err:
            self._read_only_reason = (
                f"Part of {self._store.path.name} cannot be read ({err.where}: "
                f"{err.what}). Nothing in it has been changed; restart twitchtrack "
                "to see what can be done."
            )
            self._saver.set_read_only()
            self.read_only_changed.emit()
            return
        with paused_collector():  # thousands of records: no collection midway
            older = {n: rest.older(n) for n in ("episodes", "days")}
            dates = self._data.add_older(older)
        self._saver.rebase(rest.first, whole)
        # Views that keep something of every episode rebuild it on ``loaded``
        # (cheaper than following thousands of ids one by one).
        self.loaded.emit()
        if dates:
            self.days_changed.emit(dates)
        self.journal_changed.emit()

    # ------------------------------------------------------------- saving, others

    def save_now(self) -> None:
        """Start a save at once (the error bar's Retry button)."""
        self._saver.save_now()

    def flush(self) -> bool:
        """Save now, on this thread, and wait (for quitting). False if it failed."""
        return self._saver.flush()

    def close(self) -> bool:
        """Flush, stop watching and stop the writer thread; returns flush()'s result."""
        if self._saver.closed:
            return not self.is_dirty
        ok = self._saver.close()
        # Commands hold the model: clearing them breaks that cycle, so the model is
        # freed by reference counting on this thread rather than by a later
        # collection on some other thread.
        self._undo.clear()
        return ok

    @Slot()
    def check_external(self) -> None:
        """Look for changes another program made to the file and merge them in."""
        self.finish_loading()
        self._saver.check_external()

    # ---------------------------------------------------- internals (for commands)

    def _put(
        self,
        episodes: Sequence[Episode] = (),
        days: Sequence[DayLog] = (),
        *,
        other: Mapping[str, Sequence[Record]] | None = None,
        local: bool = True,
    ) -> None:
        """Store new record versions, tell the views, and (for our changes) save."""
        changed_other = self._data.put(episodes, days, other or {})
        if local:
            self._saver.changed()
        if episodes:
            self.episodes_changed.emit([e.id for e in episodes])
        if days:
            self.days_changed.emit(sorted({d.date for d in days}))
        for name, ids in changed_other.items():
            self.records_changed.emit(name, ids)
        self.journal_changed.emit()

    def _put_settings(self, settings: Settings) -> None:
        self._data.set_settings(settings)
        self._saver.changed()
        self.settings_changed.emit()
        self.journal_changed.emit()

    @Slot(object)
    def _absorb(self, found: Foreign) -> None:
        """Take disk records that beat ours (see ``disk.absorbable``)."""
        self.finish_loading()
        taken, merged_here = absorbable(found, self._data.lists)
        count = sum(len(v) for v in taken.values())
        if count:
            self._put(
                taken.pop("episodes", []),  # type: ignore[arg-type]
                taken.pop("days", []),  # type: ignore[arg-type]
                other=taken,
                local=merged_here,
            )
        # After the records are in: from now on snapshots hold them.
        self._saver.absorbed(found)
        if count:
            self.external_change_merged.emit(count)
