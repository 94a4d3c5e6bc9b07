"""The journal model's plain accessors: what views read (JournalModel has the rest)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from datetime import date, datetime

from PySide6.QtGui import QUndoStack

from twitchtrack.domain.models import DayLog, Episode, Record, Settings, Units
from twitchtrack.storage.journal_store import JournalStore
from twitchtrack.ui.model.records import JournalRecords
from twitchtrack.ui.model.writer import Saver


class JournalReading:
    """Reads of the records, settings and save state, none of which changes them.

    While a staged load is still putting the older records in (``JournalModel.
    finish_loading``), the lookups (``episode``, ``day``, ``record``) and
    ``so_far`` see its newest part; the whole lists wait for the rest.
    """

    _store: JournalStore
    _undo: QUndoStack
    _clock: Callable[[], datetime]
    _data: JournalRecords
    _saver: Saver
    _read_only_reason: str | None

    def finish_loading(self) -> None:
        """Put the rest of a staged load in (``JournalModel``): every whole list
        read (``episodes``, ``days``, the count) waits for it."""
        raise NotImplementedError

    @property
    def store(self) -> JournalStore:
        """The store this model saves to (read its ``path`` for messages)."""
        return self._store

    @property
    def undo_stack(self) -> QUndoStack:
        """The stack every change goes through."""
        return self._undo

    @property
    def settings(self) -> Settings:
        """The journal's preferences."""
        return self._data.settings

    @property
    def units(self) -> Units:
        """The display unit setting."""
        return self._data.settings.units

    def now(self) -> datetime:
        """'Now' for this window (the injectable clock)."""
        return self._clock()

    def today(self) -> date:
        """Today's local date (per the injectable clock)."""
        return self._clock().date()

    def episode(self, episode_id: uuid.UUID) -> Episode | None:
        """An episode by id (deleted ones too), or None."""
        return self._data.episodes.get(episode_id)

    def episodes(self) -> Iterable[Episode]:
        """Every episode, tombstones included, in no particular order."""
        self.finish_loading()
        return self._data.episodes.values()

    def live_episode_count(self) -> int:
        """How many episodes are not deleted."""
        self.finish_loading()
        return self._data.live

    def so_far(self, name: str) -> Iterable[Record]:
        """The records of a list in memory now: while a staged load is still
        putting the rest in, only the newest part (a view that paints from it
        follows ``loaded`` and ``days_changed``); else every record."""
        return self._data.lists[name].values()

    def day(self, day: date) -> DayLog | None:
        """The live check-in of a date, if any."""
        return self._data.day(day)

    def days(self) -> Iterable[DayLog]:
        """Every check-in, tombstones included, in no particular order."""
        self.finish_loading()
        return self._data.days.values()

    def records(self, name: str) -> Iterable[Record]:
        """Every record of a journal list ("self_checks", ...), tombstones included."""
        return self._data.lists[name].values()

    def record(self, name: str, record_id: uuid.UUID) -> Record | None:
        """A record of a journal list by id (tombstones too), or None."""
        return self._data.lists[name].get(record_id)

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
        return self._saver.is_dirty

    @property
    def last_saved(self) -> datetime | None:
        """When the last save finished (local time)."""
        return self._saver.last_saved

    @property
    def last_error(self) -> str | None:
        """The message of the last failed save, until a save works again."""
        return self._saver.last_error
