"""Filter for the History table: date range, place (region, group or area) and text."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from twitchtrack.domain.models import Episode
from twitchtrack.domain.regions import region
from twitchtrack.ui.history.model import EPISODE_ROLE, FLAG_WORDS, EpisodeTableModel


def place_matches(episode: Episode, place: tuple[str, str] | None) -> bool:
    """True if the episode is at ``place``: ("region"|"group"|"area", id); None: any."""
    if place is None:
        return True
    kind, value = place
    where = region(episode.region)
    if kind == "region":
        return where.id == value
    if kind == "group":
        return where.group == value
    return str(where.area) == value


def text_matches(episode: Episode, needle: str) -> bool:
    """True if every word of ``needle`` appears in the episode's words (case-blind).

    Only words the table shows are searched: an episode's tags (kept from imports)
    appear in no column or form, so a match on them would have no visible reason.
    """
    if not needle:
        return True
    haystack = " ".join(
        (
            region(episode.region).label,
            episode.kind.value,
            episode.pattern.value if episode.pattern else "",
            episode.note,
            " ".join(FLAG_WORDS[f] for f in episode.flags),
        )
    ).casefold()
    return all(word in haystack for word in needle.casefold().split())


class EpisodeFilter(QSortFilterProxyModel):
    """Filters rows; sorting is passed to the source, which keeps its rows sorted."""

    def __init__(
        self, source: EpisodeTableModel, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._start: date | None = None
        self._end: date | None = None
        self._place: tuple[str, str] | None = None
        self._text = ""
        self._filtered = False
        self.setSourceModel(source)

    def table(self) -> EpisodeTableModel:
        """The unfiltered table."""
        source = self.sourceModel()
        assert isinstance(source, EpisodeTableModel)
        return source

    def set_date_range(self, start: date | None, end: date | None) -> None:
        """Only episodes on local days from ``start`` to ``end`` (None: open)."""
        if (start, end) != (self._start, self._end):
            self.beginFilterChange()
            self._start, self._end = start, end
            self._filtered = self.is_filtered()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_place(self, place: tuple[str, str] | None) -> None:
        """Only episodes at a region, group or area; None for everywhere."""
        if place != self._place:
            self.beginFilterChange()
            self._place = place
            self._filtered = self.is_filtered()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_text(self, text: str) -> None:
        """Only episodes whose place, kind, pattern, note or symptoms have the words."""
        text = text.strip()
        if text != self._text:
            self.beginFilterChange()
            self._text = text
            self._filtered = self.is_filtered()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def is_filtered(self) -> bool:
        """True when any filter is set."""
        return bool(self._start or self._end or self._place is not None or self._text)

    def filterAcceptsRow(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        if not self._filtered:
            return True
        episode = self.table().episode_at(source_row)
        day = episode.local_day
        if self._start is not None and day < self._start:
            return False
        if self._end is not None and day > self._end:
            return False
        return place_matches(episode, self._place) and text_matches(episode, self._text)

    def sort(
        self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder
    ) -> None:
        # The source sorts its Python list (fast); sorting here would call data()
        # from C++ for every comparison.
        self.table().sort(column, order)

    def episode_at(self, row: int) -> Episode:
        """The episode shown at a (filtered) row."""
        value = self.data(self.index(row, 0), EPISODE_ROLE)
        assert isinstance(value, Episode)
        return value
