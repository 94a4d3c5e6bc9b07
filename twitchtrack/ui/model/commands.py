"""The undoable steps: every change to the journal is one of these QUndoCommands."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import Any, Protocol, TypeVar

from PySide6.QtGui import QUndoCommand

from twitchtrack.domain.models import DayLog, Episode, Record, Settings, Units
from twitchtrack.ui.model.bulk import Change, fresh, same_content

R = TypeVar("R", bound=Record)

_TICK = timedelta(microseconds=1)

# QUndoCommand ids: commands with the same id may merge (slider drags, typing).
_EDIT_EPISODE_ID = 4101
_SET_DAY_ID = 4102
_DEFAULT_INTENSITY_ID = 4103


class Target(Protocol):
    """What a command may do to the journal model (``JournalModel`` is one).

    A protocol, so the commands need not import the model that pushes them.
    """

    @property
    def settings(self) -> Settings: ...

    @property
    def device(self) -> str | None: ...

    def episode(self, episode_id: uuid.UUID) -> Episode | None: ...

    def day(self, day: date) -> DayLog | None: ...

    def record(self, name: str, record_id: uuid.UUID) -> Record | None: ...

    def _put(
        self,
        episodes: Sequence[Episode] = (),
        days: Sequence[DayLog] = (),
        *,
        other: Mapping[str, Sequence[Record]] | None = None,
        local: bool = True,
    ) -> None: ...

    def _put_settings(self, settings: Settings) -> None: ...


# Field names as the undo menu says them ("Edit time, at rest").
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


def field_names(fields: Iterable[str]) -> str:
    """The fields of a change as the undo menu names them ("time, at rest")."""
    return ", ".join(_FIELD_NAMES.get(k, k) for k in fields)


def stamped(old: R | None, new: R, device: str | None = None) -> R:
    """``new`` with an ``updated_at`` strictly after ``old``'s, made on ``device``.

    Undo writes the old values as a *new* version, and merges pick the newest
    stamp; two versions with equal stamps would let the disk copy win. Every
    version this window makes names this computer (History's details say so).
    """
    update: dict[str, Any] = {}
    if old is not None and new.updated_at <= old.updated_at:
        update["updated_at"] = old.updated_at + _TICK
    if new.device != device:
        update["device"] = device
    return new.model_copy(update=update) if update else new


def _apply_episode(model: Target, episode_id: uuid.UUID, **changes: Any) -> None:
    """Write a new version of an episode."""
    current = model.episode(episode_id)
    assert current is not None  # commands only name episodes the model has
    new = current.edited(**changes)
    model._put(episodes=[stamped(current, new, model.device)])


def _apply_day(model: Target, day: date, key: uuid.UUID, **changes: Any) -> None:
    """Write a new version of a check-in (a new one, or one back from the trash)."""
    current = model.record("days", key) or model.day(day)
    new: Record
    if current is None:
        new = DayLog.for_day(day, **changes)
    elif current.deleted:
        new = current.edited(deleted_at=None, **changes)
    else:
        new = current.edited(**changes)
    model._put(days=[stamped(current, new, model.device)])  # type: ignore[list-item]


class LogEpisode(QUndoCommand):
    """A new episode; undo tombstones it, redo brings it back."""

    def __init__(self, model: Target, episode: Episode, text: str) -> None:
        super().__init__(text)
        self._model = model
        self._episode = episode
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._first = False
            self._model._put(episodes=[self._episode])
        else:
            _apply_episode(self._model, self._episode.id, deleted_at=None)

    def undo(self) -> None:
        current = self._model.episode(self._episode.id)
        if current is not None and not current.deleted:
            gone = stamped(current, current.tombstoned(), self._model.device)
            self._model._put(episodes=[gone])


class SetDeleted(QUndoCommand):
    """Move episodes to the trash, or back out of it."""

    def __init__(
        self, model: Target, ids: list[uuid.UUID], *, deleted: bool, text: str
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
            out.append(stamped(current, new, self._model.device))
        if out:
            self._model._put(episodes=out)

    def redo(self) -> None:
        self._set(self._deleted)

    def undo(self) -> None:
        self._set(not self._deleted)


class EditRecord(QUndoCommand):
    """Set fields of an episode or a check-in; undo writes the old values back."""

    def __init__(
        self,
        model: Target,
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
            _apply_episode(self._model, self._key, **values)
        else:
            assert self._day is not None
            _apply_day(self._model, self._day, self._key, **values)

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
            not isinstance(other, EditRecord)
            or not other._merge
            or other._kind != self._kind
            or other._key != self._key
            or other._after.keys() != self._after.keys()
        ):
            return False
        self._after = dict(other._after)
        return True


class PutRecord(QUndoCommand):
    """Add or replace one record of another list; undo writes the old one back."""

    def __init__(self, model: Target, name: str, record: Record, text: str) -> None:
        super().__init__(text)
        self._model = model
        self._name = name
        self._record = record
        self._before = model.record(name, record.id)

    def redo(self) -> None:
        current = self._model.record(self._name, self._record.id)
        new = stamped(current, self._record, self._model.device)
        self._model._put(other={self._name: [new]})

    def undo(self) -> None:
        current = self._model.record(self._name, self._record.id)
        assert current is not None  # redo put it there
        if self._before is None:
            back = current.tombstoned()
        else:
            values = self._before.model_dump(exclude={"id", "created_at", "updated_at"})
            back = current.edited(**values)
        self._model._put(
            other={self._name: [stamped(current, back, self._model.device)]}
        )


class SetUnits(QUndoCommand):
    """Switch the display units."""

    def __init__(self, model: Target, before: Units, after: Units) -> None:
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


class SetDefaultIntensity(QUndoCommand):
    """Change the intensity new episodes start with; a run of changes merges."""

    def __init__(self, model: Target, before: int, after: int) -> None:
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
        if not isinstance(other, SetDefaultIntensity):
            return False
        self._after = other._after
        return True


class SetDismissed(QUndoCommand):
    """Change some guidance dismissals (None: not dismissed); others are left alone."""

    def __init__(
        self,
        model: Target,
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


class ReplaceRecords(QUndoCommand):
    """Write many records (and optionally the settings) as one undo step.

    The step of an import or a restore (see ``bulk`` for how its records are
    chosen and why undo and redo write fresh versions).
    """

    def __init__(
        self,
        model: Target,
        changes: Mapping[str, Sequence[Change]],
        text: str,
        *,
        settings: tuple[Settings, Settings] | None = None,
    ) -> None:
        super().__init__(text)
        self._model = model
        self._changes = {name: list(items) for name, items in changes.items()}
        self._settings = settings
        self._first = True

    def redo(self) -> None:
        if self._first:
            # The planned versions already carry the right stamps.
            self._first = False
            self._put({n: [after for _, after in c] for n, c in self._changes.items()})
        else:
            again: dict[str, list[Record]] = {}
            for name, items in self._changes.items():
                out: list[Record] = []
                for _, after in items:
                    current = self._current(name, after.id)
                    if current is None or not same_content(current, after):
                        out.append(fresh(after, current))
                again[name] = out
            self._put(again)
        if self._settings is not None:
            self._model._put_settings(self._settings[1])

    def undo(self) -> None:
        back: dict[str, list[Record]] = {}
        for name, items in self._changes.items():
            out: list[Record] = []
            for before, after in items:
                current = self._current(name, after.id)
                if before is None:
                    if current is not None and not current.deleted:
                        out.append(fresh(current.tombstoned(), current))
                elif current is None or not same_content(current, before):
                    out.append(fresh(before, current))
            back[name] = out
        self._put(back)
        if self._settings is not None:
            self._model._put_settings(self._settings[0])

    def _current(self, name: str, rid: uuid.UUID) -> Record | None:
        return self._model.record(name, rid)

    def _put(self, records: Mapping[str, Sequence[Record]]) -> None:
        if not any(records.values()):
            return
        rest: dict[str, Any] = {
            n: list(r) for n, r in records.items() if n not in ("episodes", "days")
        }
        self._model._put(
            records.get("episodes", ()),  # type: ignore[arg-type]
            records.get("days", ()),  # type: ignore[arg-type]
            other=rest,
        )
