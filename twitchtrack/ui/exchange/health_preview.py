"""The preview of a health-platform import: what each source holds, chosen per source.

File ▸ Import reads a health export (Apple Health, Health Connect, Samsung Health,
Fitbit, Garmin, Oura, Withings) off the UI thread; before anything is written this
dialog shows, per source, its nights and intakes and dates, and what the readers
skipped. The person unticks sources they do not want; Import emits the rest. The
counting happens on the worker thread (:func:`read_for_preview`), so a large
export never stalls the window.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from twitchtrack.domain.day_values import local_day
from twitchtrack.domain.models import Journal
from twitchtrack.domain.text import format_day, format_range, join_words, plural
from twitchtrack.storage.health.common import SLEEP
from twitchtrack.storage.health.summary import (
    describe_new,
    describe_skipped,
    new_by_source,
    read_paths,
)
from twitchtrack.storage.interchange import ReadNotes, read_import_report
from twitchtrack.ui.exchange.dialogs import dress_dialog
from twitchtrack.ui.style import colours
from twitchtrack.ui.widgets import dialog_layout, set_names

INTAKE_KINDS = ("caffeine", "water", "alcohol", "magnesium")
COLUMNS = ("Source", "Nights", "Caffeine", "Water", "Alcohol", "Magnesium")
DATE_COLUMNS = ("First", "Last")
_NONE = "\u2013"  # an en dash for "none", quieter than a 0
# The boxes of the table, drawn as the window's own check boxes are (the window's
# sheet styles QCheckBox only, and the plain item-view box all but vanished on dark).
_BOXES = """
QTableView::indicator {{
    width: 14px; height: 14px; border: 1px solid {c.check_border};
    border-radius: 4px; background: {c.card};
}}
QTableView::indicator:hover {{ border-color: {c.accent}; }}
QTableView::indicator:checked {{
    background: {c.accent}; border: 1px solid {c.accent}; image: url({c.check_mark});
}}
"""


@dataclass(frozen=True, slots=True)
class SourceRow:
    """What one source (``"Apple Health: Sam's iPhone"``) of an export holds."""

    source: str
    nights: int  # local days on which its sleep periods end
    sleeps: int  # sleep periods (a watch may split one night into several)
    intakes: Counter[str]  # per kind
    first: date
    last: date
    new: Counter[str] = field(default_factory=Counter)  # not in the journal yet

    @property
    def records(self) -> int:
        """Sleep periods and intakes together."""
        return self.sleeps + sum(self.intakes.values())


@dataclass(frozen=True, slots=True)
class HealthPreview:
    """What a health import would bring, per source, and what was skipped."""

    platforms: tuple[str, ...]
    files: tuple[str, ...]
    rows: tuple[SourceRow, ...]
    skipped: str | None
    nights: int = 0  # distinct nights over all sources (two devices, one night)

    @property
    def sources(self) -> frozenset[str]:
        """Every source the export holds records of."""
        return frozenset(row.source for row in self.rows)

    def rows_of(self, chosen: Iterable[str]) -> list[SourceRow]:
        """The rows of the ``chosen`` sources, in table order."""
        wanted = set(chosen)
        return [row for row in self.rows if row.source in wanted]


def build_preview(
    base: Journal,
    incoming: Journal,
    platforms: Sequence[str],
    files: Sequence[str],
    skipped: str | None,
    sources: Collection[str] | None = None,
) -> HealthPreview:
    """Count ``incoming``'s live intakes and sleep periods of ``sources`` (None:
    every source not typed by hand) per source, and what ``base`` lacks of them."""
    wanted = set(sources) if sources is not None else None

    def listed(source: str) -> bool:
        return source != "manual" if wanted is None else source in wanted

    days: dict[str, list[date]] = {}
    nights: dict[str, set[date]] = {}
    sleeps: Counter[str] = Counter()
    intakes: dict[str, Counter[str]] = {}
    for sleep in incoming.sleeps:
        if sleep.deleted or not listed(sleep.source):
            continue
        day = local_day(sleep.end)
        nights.setdefault(sleep.source, set()).add(day)
        days.setdefault(sleep.source, []).append(day)
        sleeps[sleep.source] += 1
    for intake in incoming.intakes:
        if intake.deleted or not listed(intake.source):
            continue
        intakes.setdefault(intake.source, Counter())[intake.kind] += 1
        days.setdefault(intake.source, []).append(local_day(intake.at))
    new = new_by_source(base, incoming)
    rows = tuple(
        SourceRow(
            source=source,
            nights=len(nights.get(source, ())),
            sleeps=sleeps[source],
            intakes=intakes.get(source, Counter()),
            first=min(dates),
            last=max(dates),
            new=new.get(source, Counter()),
        )
        for source, dates in sorted(days.items(), key=lambda kv: kv[0].casefold())
    )
    every_night = {day for each in nights.values() for day in each}
    return HealthPreview(
        tuple(platforms), tuple(files), rows, skipped, nights=len(every_night)
    )


def read_for_preview(
    paths: Sequence[Path], base: Journal
) -> tuple[Journal, ReadNotes, HealthPreview | None]:
    """Read ``paths`` (the worker thread's job); the preview when any of them is a
    health export, else None (a journal or CSV import, imported at once)."""
    incoming, notes, reads = read_paths(paths, read_import_report)
    if not reads:
        return incoming, notes, None
    platforms = list(dict.fromkeys(r.platform for r in reads))
    files = [p.name for p in paths]
    # Only the exports' own sources: records of a journal file chosen with them
    # are imported as they are.
    sources = {source for r in reads for source in r.counts}
    skipped = describe_skipped(reads)
    preview = build_preview(base, incoming, platforms, files, skipped, sources)
    return incoming, notes, preview


def keep_sources(
    incoming: Journal, preview: HealthPreview, chosen: Iterable[str]
) -> Journal:
    """``incoming`` without the intakes and sleep periods of the sources of the
    preview that were not chosen (records from a journal file stay)."""
    dropped = preview.sources - set(chosen)
    if not dropped:
        return incoming
    return incoming.model_copy(
        update={
            "intakes": [r for r in incoming.intakes if r.source not in dropped],
            "sleeps": [r for r in incoming.sleeps if r.source not in dropped],
        }
    )


def outcome(
    before: Journal,
    chosen_journal: Journal,
    preview: HealthPreview,
    chosen: frozenset[str],
) -> tuple[str, str]:
    """The summary after a health import (its first line, then per source).

    ``before`` is the journal just before the import, so what was new is counted
    against it, not against the journal the preview was read against. The first
    line is empty when journal files came along (episodes, check-ins): then the
    import's own summary, which counts every kind, says it.
    """
    new = {
        source: kinds
        for source, kinds in new_by_source(before, chosen_journal).items()
        if source in preview.sources
    }
    offered = sum(row.records for row in preview.rows_of(chosen))
    added = sum(sum(kinds.values()) for kinds in new.values())
    lines = describe_new(new, offered - added)
    head = lines[0].removesuffix(":")
    detail = [line.strip() for line in lines[1:]]
    left_out = sorted(preview.sources - chosen, key=str.casefold)
    if left_out:
        detail.append(f"Left out (not ticked): {join_words(left_out, limit=6)}.")
    if preview.skipped:
        detail.append(preview.skipped + ".")
    mixed = bool(chosen_journal.episodes or chosen_journal.days)
    return "" if mixed else head + ".", "\n".join(detail)


def zone_words(now: datetime | None = None) -> str:
    """This computer's zone as ``CET, UTC+01:00``, for the note on times."""
    here = (now or datetime.now()).astimezone()
    offset = here.strftime("%z")
    utc = f"UTC{offset[:3]}:{offset[3:]}" if offset else "UTC"
    name = here.tzname() or ""
    return utc if not name or name.startswith(("UTC", "+", "-")) else f"{name}, {utc}"


def _short(source: str, platforms: Sequence[str]) -> str:
    """The app or device alone when the header already names the one platform."""
    if len(platforms) == 1 and source.startswith(f"{platforms[0]}: "):
        return source.removeprefix(f"{platforms[0]}: ")
    return source


class HealthPreviewDialog(QDialog):
    """What a health export would add, per source; nothing is written until Import.

    Opened window-modal with ``open()``; ``import_chosen`` carries the ticked
    sources (a ``frozenset[str]``) and Cancel just closes it (``rejected``).
    """

    import_chosen = Signal(object)  # frozenset[str]

    def __init__(
        self,
        preview: HealthPreview,
        parent: QWidget | None = None,
        *,
        zone: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("health_preview_dialog")
        self.setWindowTitle("Import health data")
        dress_dialog(self)
        self.preview = preview
        platforms = join_words(list(preview.platforms), limit=7)
        files = join_words(list(preview.files), limit=2)
        column, self.header = dialog_layout(
            self,
            f"Import from {platforms}",
            f"{files} {'holds' if len(preview.files) == 1 else 'hold'} "
            f"{self._totals_text()}.\nNothing is written until you "
            "choose Import; untick any source you do not want.",
            spacing=10,
            muted=False,
        )
        self.header.setObjectName("health_preview_header")

        self.table = self._build_table()
        self._dress_boxes()
        column.addWidget(self.table, 1)

        self.added = QLabel()
        self.added.setObjectName("health_preview_added")
        self.added.setWordWrap(True)
        column.addWidget(self.added)

        self.skipped = QLabel(f"{preview.skipped}." if preview.skipped else "")
        self.skipped.setObjectName("health_preview_skipped")
        self.skipped.setProperty("role", "muted")
        self.skipped.setWordWrap(True)
        self.skipped.setVisible(bool(preview.skipped))
        column.addWidget(self.skipped)

        self.note = QLabel(
            "Times the export gives without a UTC offset are read in this "
            f"computer's time zone ({zone or zone_words()}). A value you typed in a "
            "day's check-in always wins over the imported ones for that day."
        )
        self.note.setObjectName("health_preview_note")
        self.note.setProperty("role", "hint")
        self.note.setWordWrap(True)
        column.addWidget(self.note)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.cancel_button = QPushButton("Cancel")
        set_names(self.cancel_button, "health_preview_cancel", "Cancel the import")
        self.cancel_button.clicked.connect(self.reject)
        buttons.addWidget(self.cancel_button)
        self.import_button = QPushButton("Import")
        self.import_button.setProperty("primary", True)
        set_names(
            self.import_button, "health_preview_import", "Import the ticked sources"
        )
        self.import_button.setDefault(True)
        self.import_button.clicked.connect(self._on_import_clicked)
        buttons.addWidget(self.import_button)
        column.addLayout(buttons)

        self.table.itemChanged.connect(self._on_table_item_changed)
        self._sync()
        self._fit(860)

    def _fit(self, width: int) -> None:
        """As tall as the text at ``width`` and up to eight rows need (then the
        table scrolls); the table may be shrunk to three rows by hand."""
        table = self.table

        def rows_height(rows: int) -> int:
            header = table.horizontalHeader().sizeHint().height()
            size = table.verticalHeader().defaultSectionSize()
            return header + size * rows + 2 * table.frameWidth()

        count = max(1, table.rowCount())
        wanted = rows_height(min(count, 8))
        table.setMinimumHeight(rows_height(min(count, 3)))
        rest = self.heightForWidth(width) - max(
            table.sizeHint().height(), table.minimumHeight()
        )
        self.resize(width, max(rest, 0) + wanted)

    # ------------------------------------------------------------------ building

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        # The window went light or dark (the table is there once built).
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "table"):
            self._dress_boxes()

    def _dress_boxes(self) -> None:
        dark = self.palette().color(QPalette.ColorRole.Window).lightness() < 128
        self.table.setStyleSheet(_BOXES.format(c=colours(dark)))

    def _totals_text(self) -> str:
        rows = self.preview.rows
        if not rows:
            return "no sleep or intakes"
        intakes = sum(sum(r.intakes.values()) for r in rows)
        first = min(r.first for r in rows)
        last = max(r.last for r in rows)
        return (
            f"{plural(self.preview.nights, 'night')} and {plural(intakes, 'intake')} "
            f"from {plural(len(rows), 'source')}, "
            f"{format_range(first, last, year=True)}"
        )

    def _build_table(self) -> QTableWidget:
        rows = self.preview.rows
        labels = [*COLUMNS, *DATE_COLUMNS]
        table = QTableWidget(len(rows), len(labels))
        set_names(table, "health_preview_table", "Sources in the export")
        table.setHorizontalHeaderLabels(labels)
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        table.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        table.setAlternatingRowColors(True)
        table.setShowGrid(False)
        table.setWordWrap(False)
        tips = {
            1: "Nights with sleep from this source (a night may hold several "
            "sleep periods)",
            2: "Caffeine intakes",
            3: "Water intakes",
            4: "Alcohol intakes",
            5: "Magnesium intakes",
        }
        for col, tip in tips.items():
            head = table.horizontalHeaderItem(col)
            if head is not None:
                head.setToolTip(tip)
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        for index, row in enumerate(rows):
            name = QTableWidgetItem(_short(row.source, self.preview.platforms))
            name.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            name.setCheckState(Qt.CheckState.Checked)
            name.setData(Qt.ItemDataRole.UserRole, row.source)
            name.setToolTip(row.source)
            table.setItem(index, 0, name)
            counts = [row.nights, *(row.intakes[k] for k in INTAKE_KINDS)]
            for col, count in enumerate(counts, start=1):
                cell = QTableWidgetItem(f"{count:,}" if count else _NONE)
                cell.setTextAlignment(right)
                cell.setFlags(Qt.ItemFlag.ItemIsEnabled)
                if col == 1 and row.sleeps != row.nights:
                    cell.setToolTip(f"{plural(row.sleeps, 'sleep period')}")
                table.setItem(index, col, cell)
            for col, day in enumerate((row.first, row.last), start=len(COLUMNS)):
                cell = QTableWidgetItem(format_day(day, year=True))
                cell.setTextAlignment(right)
                cell.setFlags(Qt.ItemFlag.ItemIsEnabled)
                table.setItem(index, col, cell)
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        first = table.horizontalHeaderItem(0)
        if first is not None:  # over the names, as the numbers sit over theirs
            first.setTextAlignment(
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
            )
        for col in range(1, len(labels)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
            head = table.horizontalHeaderItem(col)
            if head is not None:
                head.setTextAlignment(right)
        table.verticalHeader().setDefaultSectionSize(34)
        return table

    # ------------------------------------------------------------------ choosing

    def source_item(self, source: str) -> QTableWidgetItem:
        """The checkable first cell of ``source``'s row."""
        for index in range(self.table.rowCount()):
            item = self.table.item(index, 0)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == source:
                return item
        raise KeyError(source)

    def set_chosen(self, source: str, chosen: bool) -> None:
        """Tick or untick ``source`` (as a click on its box does)."""
        state = Qt.CheckState.Checked if chosen else Qt.CheckState.Unchecked
        self.source_item(source).setCheckState(state)

    def chosen(self) -> frozenset[str]:
        """The ticked sources."""
        out: set[str] = set()
        for index in range(self.table.rowCount()):
            item = self.table.item(index, 0)
            if item is not None and item.checkState() == Qt.CheckState.Checked:
                out.add(str(item.data(Qt.ItemDataRole.UserRole)))
        return frozenset(out)

    def rows_text(self) -> list[list[str]]:
        """The table's cells as text (row by row), for tests and scripts."""
        return [
            [
                item.text() if (item := self.table.item(r, c)) is not None else ""
                for c in range(self.table.columnCount())
            ]
            for r in range(self.table.rowCount())
        ]

    def _on_table_item_changed(self, item: QTableWidgetItem) -> None:
        if item.column() == 0:
            self._sync()

    def _sync(self) -> None:
        rows = self.preview.rows_of(self.chosen())
        self.import_button.setEnabled(bool(rows))
        if not rows:
            self.added.setText(
                "Tick at least one source to import."
                if self.preview.rows
                else "There is nothing in this export to import."
            )
            return
        new: Counter[str] = Counter()
        for row in rows:
            new.update(row.new)
        sleeps = new[SLEEP]
        intakes = sum(new.values()) - sleeps
        present = sum(r.records for r in rows) - sleeps - intakes
        if not sleeps and not intakes:
            self.added.setText(
                "Everything from the ticked sources is already in your journal."
            )
            return
        already = f" ({present:,} already in your journal)" if present else ""
        self.added.setText(
            f"Import will add {plural(sleeps, 'sleep period')} and "
            f"{plural(intakes, 'intake')}{already}, as one step you can undo."
        )

    def _on_import_clicked(self) -> None:
        chosen = self.chosen()
        if not chosen:
            return
        self.accept()
        self.import_chosen.emit(chosen)
