"""Table model of episodes for the History view, updated row by row as things change."""

from __future__ import annotations

import bisect
import uuid
from collections.abc import Callable
from functools import cache
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from twitchtrack.domain.models import Episode
from twitchtrack.domain.regions import region
from twitchtrack.ui.model import JournalModel

Index = QModelIndex | QPersistentModelIndex

COLUMNS: tuple[str, ...] = ("When", "Place", "Intensity", "Kind", "Symptoms", "Note")
WHEN, PLACE, INTENSITY, KIND, SYMPTOMS, NOTE = range(len(COLUMNS))

FLAG_WORDS: dict[str, str] = {
    "weakness": "weakness",
    "numbness": "numbness",
    "speech_swallowing": "speech/swallowing",
    "pain": "pain",
    "wasting": "wasting",
    "stiffness": "stiffness",
    "coordination": "coordination",
    "eyelid_closing": "eyelid closing",
}

# Role for the raw Episode of a row (the filter and the view read it).
EPISODE_ROLE = int(Qt.ItemDataRole.UserRole) + 1

_SortKey = tuple[Any, ...]


def _key_for(column: int) -> Callable[[Episode], _SortKey]:
    """Sort key of a column; every key ends with time and id so rows never tie."""
    if column == PLACE:
        return lambda e: (_label(e.region), e.at.timestamp(), e.id.int)
    if column == INTENSITY:
        return lambda e: (e.intensity, e.at.timestamp(), e.id.int)
    if column == KIND:
        return lambda e: (e.kind.value, e.at.timestamp(), e.id.int)
    if column == SYMPTOMS:
        return lambda e: (len(e.flags), e.flags, e.at.timestamp(), e.id.int)
    if column == NOTE:
        return lambda e: (e.note.casefold(), e.at.timestamp(), e.id.int)
    # Numbers compare much faster than aware datetimes and UUID objects.
    return lambda e: (e.at.timestamp(), e.id.int)


@cache
def _label(region_id: str) -> str:
    return region(region_id).label.casefold()


def format_when(episode: Episode) -> str:
    """'Mon 23 Nov 2026  14:02' in the offset the episode was logged in."""
    at = episode.at
    return f"{at:%a} {at.day:>2} {at:%b %Y}  {at:%H:%M}"


def format_flags(episode: Episode) -> str:
    """The set symptom flags as words."""
    return ", ".join(FLAG_WORDS[f] for f in episode.flags)


class EpisodeTableModel(QAbstractTableModel):
    """Live episodes (or, in trash mode, deleted ones) as table rows.

    Rows are kept sorted in Python, and a change to the journal touches only the
    rows of the episodes that changed, so a ten-year journal stays responsive: a
    full rebuild happens only when the sort column or the trash mode changes.
    Sorting happens here (``sort``); the filter proxy only filters.
    """

    def __init__(self, model: JournalModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self._trash = False
        self._column = WHEN
        self._descending = True
        self._key = _key_for(WHEN)
        # Ascending by key; with a descending order row r is entry n-1-r.
        self._rows: list[Episode] = []
        self._keys: list[_SortKey] = []
        self._where: dict[uuid.UUID, _SortKey] = {}
        self._loaded = False

    def load(self) -> None:
        """Fill the table (once). Until then it is empty: building rows for ten
        years of episodes is work the window need not do before it is first shown.
        """
        if self._loaded:
            return
        self._loaded = True
        self.beginResetModel()
        self._rebuild()
        self.endResetModel()
        self._model.episodes_changed.connect(self._on_model_episodes_changed)

    @property
    def loaded(self) -> bool:
        """True once ``load`` has filled the table."""
        return self._loaded

    # ------------------------------------------------------------------ structure

    def _wanted(self, episode: Episode) -> bool:
        return episode.deleted == self._trash

    def _rebuild(self) -> None:
        rows = [e for e in self._model.episodes() if self._wanted(e)]
        keyed = sorted(((self._key(e), e) for e in rows), key=lambda p: p[0])
        self._keys = [k for k, _ in keyed]
        self._rows = [e for _, e in keyed]
        self._where = {e.id: k for k, e in keyed}

    def _to_row(self, i: int) -> int:
        return len(self._rows) - 1 - i if self._descending else i

    def _entry(self, row: int) -> Episode:
        return self._rows[self._to_row(row)]

    @property
    def trash(self) -> bool:
        """True when the table shows deleted episodes."""
        return self._trash

    def set_trash(self, trash: bool) -> None:
        """Show deleted episodes (True) or live ones."""
        if trash == self._trash:
            return
        self.beginResetModel()
        self._trash = trash
        if self._loaded:
            self._rebuild()
        self.endResetModel()

    def episode_at(self, row: int) -> Episode:
        """The episode shown in a row."""
        return self._entry(row)

    def row_of(self, episode_id: uuid.UUID) -> int | None:
        """The row of an episode, or None if it is not in the table."""
        key = self._where.get(episode_id)
        if key is None:
            return None
        return self._to_row(bisect.bisect_left(self._keys, key))

    def total(self) -> int:
        """How many rows there are before filtering."""
        return len(self._rows)

    # ------------------------------------------------------------------ Qt model API

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = 0
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
        ):
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = 0) -> Any:
        if not index.isValid():
            return None
        episode = self._entry(index.row())
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if column == WHEN:
                return format_when(episode)
            if column == PLACE:
                return region(episode.region).label
            if column == INTENSITY:
                return episode.intensity
            if column == KIND:
                return episode.kind.value.capitalize()
            if column == SYMPTOMS:
                return format_flags(episode)
            if column == NOTE:
                if role == Qt.ItemDataRole.EditRole:
                    return episode.note
                return " ".join(episode.note.split())
            return None
        if role == EPISODE_ROLE:
            return episode
        if role == Qt.ItemDataRole.ToolTipRole and column == NOTE and episode.note:
            return episode.note
        if role == Qt.ItemDataRole.TextAlignmentRole and column == INTENSITY:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if (
            index.isValid()
            and index.column() in (INTENSITY, NOTE)
            and not self._trash
            and not self._model.read_only
        ):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: Index, value: Any, role: int = 2) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        episode = self._entry(index.row())
        if index.column() == INTENSITY:
            try:
                number = int(value)
            except (TypeError, ValueError):
                return False
            return self._model.edit_episode(episode.id, intensity=number) is None
        if index.column() == NOTE:
            return self._model.edit_episode(episode.id, note=str(value)) is None
        return False

    def sort(
        self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder
    ) -> None:
        if not 0 <= column < len(COLUMNS):
            column = WHEN
        descending = order == Qt.SortOrder.DescendingOrder
        if (column, descending) == (self._column, self._descending):
            return
        if not self._loaded:
            self._column, self._descending = column, descending
            self._key = _key_for(column)
            return
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        ids = [self._entry(i.row()).id for i in old]
        self._column = column
        self._descending = order == Qt.SortOrder.DescendingOrder
        self._key = _key_for(column)
        self._rebuild()
        new = []
        for index, episode_id in zip(old, ids, strict=True):
            row = self.row_of(episode_id)
            new.append(
                QModelIndex() if row is None else self.index(row, index.column())
            )
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()

    # ------------------------------------------------------------------ updates

    def _remove(self, episode_id: uuid.UUID) -> None:
        key = self._where.pop(episode_id)
        i = bisect.bisect_left(self._keys, key)
        row = self._to_row(i)
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._keys[i]
        del self._rows[i]
        self.endRemoveRows()

    def _insert(self, episode: Episode) -> None:
        key = self._key(episode)
        i = bisect.bisect_left(self._keys, key)
        row = len(self._rows) - i if self._descending else i
        self.beginInsertRows(QModelIndex(), row, row)
        self._keys.insert(i, key)
        self._rows.insert(i, episode)
        self._where[episode.id] = key
        self.endInsertRows()

    def _on_model_episodes_changed(self, ids: list[uuid.UUID]) -> None:
        for episode_id in ids:
            episode = self._model.episode(episode_id)
            present = episode_id in self._where
            wanted = episode is not None and self._wanted(episode)
            if present and wanted and episode is not None:
                old_key = self._where[episode_id]
                new_key = self._key(episode)
                if new_key == old_key:
                    i = bisect.bisect_left(self._keys, old_key)
                    self._rows[i] = episode
                    row = self._to_row(i)
                    self.dataChanged.emit(
                        self.index(row, 0), self.index(row, len(COLUMNS) - 1)
                    )
                    continue
                self._remove(episode_id)
                self._insert(episode)
            elif present:
                self._remove(episode_id)
            elif wanted and episode is not None:
                self._insert(episode)
