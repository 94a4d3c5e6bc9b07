"""The journal in memory, indexed by id and by date (plain Python; no signals)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from twitchtrack.domain.merge import RECORD_LISTS
from twitchtrack.domain.models import DayLog, Episode, Journal, Record, Settings


class JournalRecords:
    """Every record list of a journal by id, check-ins by date, and the settings.

    Episodes and days get their own indexes; any other list (self-checks, ...) is
    kept, merged and saved all the same. ``journal()`` builds an immutable
    snapshot once per change.
    """

    def __init__(self, journal: Journal) -> None:
        self.lists: dict[str, dict[uuid.UUID, Record]] = {
            name: {r.id: r for r in getattr(journal, name)} for name in RECORD_LISTS
        }
        self.episodes: dict[uuid.UUID, Episode] = self.lists["episodes"]  # type: ignore[assignment]
        self.days: dict[uuid.UUID, DayLog] = self.lists["days"]  # type: ignore[assignment]
        self._dates: dict[date, set[uuid.UUID]] = {}
        for d in journal.days:
            self._dates.setdefault(d.date, set()).add(d.id)
        self.settings: Settings = journal.settings
        self.live = sum(e.deleted_at is None for e in journal.episodes)
        self._snapshot: Journal | None = journal

    def journal(self) -> Journal:
        """The whole journal as it is now (built once per change, then shared)."""
        if self._snapshot is None:
            lists: dict[str, Any] = {
                name: list(recs.values()) for name, recs in self.lists.items()
            }
            self._snapshot = Journal.model_construct(settings=self.settings, **lists)
        return self._snapshot

    def day(self, day: date) -> DayLog | None:
        """The live check-in of a date, if any (the newest, should there be two)."""
        ids = self._dates.get(day)
        if not ids:
            return None
        found = [self.days[i] for i in ids if not self.days[i].deleted]
        return max(found, key=lambda d: d.updated_at) if found else None

    def put(
        self,
        episodes: Sequence[Episode],
        days: Sequence[DayLog],
        other: Mapping[str, Sequence[Record]],
    ) -> dict[str, list[uuid.UUID]]:
        """Store new record versions; returns the ids changed per other list."""
        for e in episodes:
            old = self.episodes.get(e.id)
            self.live += (not e.deleted) - (old is not None and not old.deleted)
            self.episodes[e.id] = e
        for d in days:
            self.days[d.id] = d
            self._dates.setdefault(d.date, set()).add(d.id)
        changed: dict[str, list[uuid.UUID]] = {}
        for name, records in other.items():
            for r in records:
                self.lists[name][r.id] = r
            if records:
                changed[name] = [r.id for r in records]
        self._snapshot = None
        return changed

    def add_older(self, older: Mapping[str, dict[uuid.UUID, Record]]) -> list[date]:
        """Take in a staged load's older records (list name -> records by id, in
        file order), in front of those here, so the lists keep the file's order;
        returns the check-in dates taken in. A record here already (the newest
        part, or a newer version) stays. ``older``'s dicts are used up."""
        taken: dict[str, list[Record]] = {}
        for name, records in older.items():
            have = self.lists[name]
            for key in have:
                records.pop(key, None)
            taken[name] = list(records.values())
            # Dict to dict: the ids' hashes are reused, not worked out again.
            records.update(have)
            have.clear()
            have.update(records)
        episodes: list[Episode] = taken.get("episodes", [])  # type: ignore[assignment]
        days: list[DayLog] = taken.get("days", [])  # type: ignore[assignment]
        self.live += sum(e.deleted_at is None for e in episodes)
        for d in days:
            self._dates.setdefault(d.date, set()).add(d.id)
        self._snapshot = None
        return sorted({d.date for d in days})

    def set_settings(self, settings: Settings) -> None:
        """Replace the journal's preferences."""
        self.settings = settings
        self._snapshot = None
