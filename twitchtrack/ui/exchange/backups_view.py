"""Backups dialog: the automatic copies of the journal, a read-only preview, restore."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from twitchtrack.domain.models import Episode, Journal
from twitchtrack.domain.regions import region
from twitchtrack.domain.text import plural
from twitchtrack.storage.backups import BackupInfo
from twitchtrack.storage.errors import StorageError
from twitchtrack.ui.jobs import JobResult, JobRunner
from twitchtrack.ui.model import JournalModel
from twitchtrack.ui.widgets import Card, caption, dialog_layout, set_names

LATEST_SHOWN = 5
COLUMNS = ("Date", "Reason", "Episodes", "Days", "Size")

REASONS: dict[str, str] = {
    "auto": "Automatic",
    "before-import": "Before an import",
    "before-restore": "Before a restore",
    "before-migration": "Before an upgrade",
    "manual": "Made by you",
    "before-conflict-merge": "Before merging a sync copy",
    "synced": "From another computer",
}


def reason_label(reason: str) -> str:
    """A backup's reason as people say it ("before-import" -> "Before an import")."""
    if reason in REASONS:
        return REASONS[reason]
    if reason.startswith("before-migration"):
        return REASONS["before-migration"]
    return reason.replace("-", " ").capitalize()


def format_size(size: int) -> str:
    """Bytes as a short human size: 944 KB, 1.2 MB."""
    if size < 1_000:
        return f"{size} B"
    if size < 1_000_000:
        return f"{size / 1_000:.0f} KB"
    return f"{size / 1_000_000:.1f} MB"


# English names, as in the rest of the window (strftime would follow the C locale).
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = (
    "Jan", "Feb", "Mar", "Apr", "May", "Jun",
    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
)  # fmt: skip


def _day(d: date, *, year: bool = True) -> str:
    """'Sun 1 Mar 2026' without the weekday: '1 Mar 2026'."""
    text = f"{d.day} {_MONTHS[d.month - 1]}"
    return f"{text} {d.year}" if year else text


def _when(moment: datetime) -> str:
    """A backup's time in local time: 'Sun 1 Mar 2026, 09:00'."""
    local = moment.astimezone()
    return f"{_WEEKDAYS[local.weekday()]} {_day(local.date())}, {local:%H:%M}"


def _episode_when(e: Episode) -> str:
    """'Sun 8 Nov, 21:18' in the offset the episode was logged in."""
    day = f"{_WEEKDAYS[e.at.weekday()]} {_day(e.at.date(), year=False)}"
    return f"{day}, {e.at:%H:%M}"


def _range(journal: Journal) -> str:
    days = [e.local_day for e in journal.live_episodes()]
    days += [d.date for d in journal.live_days() if not d.is_empty]
    if not days:
        return "No entries"
    first, last = min(days), max(days)
    if first == last:
        return _day(first)
    return f"{_day(first)} \u2013 {_day(last)}"


class _Notice(QFrame):
    """A calm information strip (the window's banner look)."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setProperty("banner", "info")
        row = QHBoxLayout(self)
        row.setContentsMargins(14, 8, 14, 8)
        self.label = QLabel()
        self.label.setObjectName(f"{name}_text")
        self.label.setWordWrap(True)
        row.addWidget(self.label)

    def set_text(self, text: str) -> None:
        self.label.setText(text)


class _LatestList(QWidget):
    """The newest few episodes of a backup: when, where, how strong."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("preview_latest_list")
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(12)
        self._grid.setVerticalSpacing(4)
        self._grid.setColumnStretch(1, 1)
        self._rows: list[tuple[QLabel, QLabel, QLabel]] = []
        for row in range(LATEST_SHOWN):
            labels = (QLabel(), QLabel(), QLabel())
            labels[0].setProperty("role", "muted")
            labels[2].setProperty("role", "muted")
            labels[2].setAlignment(Qt.AlignmentFlag.AlignRight)
            for col, label in enumerate(labels):
                self._grid.addWidget(label, row, col)
            self._rows.append(labels)

    def set_episodes(self, episodes: list[Episode]) -> None:
        """Show these episodes (newest first), at most ``LATEST_SHOWN``."""
        for i, (when, where, strength) in enumerate(self._rows):
            shown = i < len(episodes)
            for label in (when, where, strength):
                label.setVisible(shown)
            if shown:
                e = episodes[i]
                when.setText(_episode_when(e))
                where.setText(region(e.region).label)
                strength.setText(f"intensity {e.intensity}")

    def lines(self) -> list[str]:
        """The rows shown, as text (for tests and screen readers' sake)."""
        return [
            "  ".join(label.text() for label in labels)
            for labels in self._rows
            if labels[0].isVisibleTo(self)
        ]


class _Figure(QWidget):
    """A number with a small caption under it."""

    def __init__(self, name: str, label: str) -> None:
        super().__init__()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(1)
        self.value = QLabel("\u2013")
        self.value.setObjectName(name)
        self.value.setProperty("role", "big-value")
        self.value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addWidget(self.value)
        column.addWidget(caption(label))

    def set_text(self, text: str) -> None:
        self.value.setText(text)


class BackupsDialog(QDialog):
    """Lists the backups, previews one read-only, and restores it as an undoable step.

    Reading the list and a backup happen on the worker thread (a year of entries
    is a megabyte per backup). Restoring goes through ``JournalModel``: a
    "before-restore" backup first, then one undo step (see ``ui.model.bulk``).
    """

    listed = Signal()  # the list was (re)read
    previewed = Signal(object)  # Path of the backup now shown
    restored = Signal(object)  # RestoreSummary

    def __init__(
        self,
        model: JournalModel,
        runner: JobRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("backups_dialog")
        self.setWindowTitle("Backups")
        self._model = model
        self._runner = runner
        self._infos: list[BackupInfo] = []
        self._shown: Path | None = None
        self._journal: Journal | None = None
        self._pending_select: Path | None = None

        column, _ = dialog_layout(
            self,
            "Backups",
            "twitchtrack copies your journal now and then while you use it, and "
            "always before an import or a restore. Older copies are thinned out to "
            "one a day, then one a week and one a month.",
        )

        self.notice = _Notice("backups_notice")
        self.notice.setVisible(False)
        column.addWidget(self.notice)

        row = QHBoxLayout()
        row.setSpacing(14)
        self.table = QTableWidget(0, len(COLUMNS))
        set_names(self.table, "backups_table", "Backups, newest first")
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in range(1, len(COLUMNS)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._on_table_selection_changed)
        row.addWidget(self.table, 3)

        self.preview = self._build_preview()
        row.addWidget(self.preview, 2)
        column.addLayout(row, 1)

        footer = QHBoxLayout()
        self.folder_label = QLabel(f"Kept in {model.store.backups_dir}")
        self.folder_label.setObjectName("backups_folder")
        self.folder_label.setProperty("role", "muted")
        self.folder_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
        )
        footer.addWidget(self.folder_label, 1)
        close = QPushButton("Close")
        set_names(close, "backups_close", "Close")
        close.clicked.connect(self.close)
        footer.addWidget(close)
        column.addLayout(footer)
        self.resize(1000, 600)

    def _build_preview(self) -> Card:
        card = Card("Preview", "Choose a backup on the left")
        card.setObjectName("backup_preview")
        card.setMinimumWidth(340)
        figures = QGridLayout()
        figures.setHorizontalSpacing(18)
        figures.setVerticalSpacing(10)
        self.episodes_figure = _Figure("preview_episodes", "episodes")
        self.days_figure = _Figure("preview_days", "days")
        figures.addWidget(self.episodes_figure, 0, 0)
        figures.addWidget(self.days_figure, 0, 1)
        card.body.addLayout(figures)
        card.body.addWidget(caption("Entries from"))
        self.range_label = QLabel("\u2013")
        self.range_label.setObjectName("preview_range")
        card.body.addWidget(self.range_label)

        card.body.addWidget(caption("Latest episodes"))
        self.latest = _LatestList()
        card.body.addWidget(self.latest)
        # Says "Reading…", "no episodes" or why a backup cannot be used.
        self.latest_label = QLabel()
        self.latest_label.setObjectName("preview_message")
        self.latest_label.setTextFormat(Qt.TextFormat.PlainText)
        self.latest_label.setWordWrap(True)
        card.body.addWidget(self.latest_label)
        card.body.addStretch(1)

        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setStyleSheet("color: palette(mid);")
        card.body.addWidget(line)
        self.now_label = QLabel()
        self.now_label.setObjectName("preview_now")
        self.now_label.setProperty("role", "muted")
        self.now_label.setWordWrap(True)
        card.body.addWidget(self.now_label)
        self.restore_button = QPushButton("Restore This Backup…")
        self.restore_button.setProperty("primary", True)
        set_names(
            self.restore_button,
            "restore_backup_button",
            "Restore the chosen backup",
        )
        self.restore_button.setEnabled(False)
        self.restore_button.clicked.connect(self._on_restore_clicked)
        card.body.addWidget(self.restore_button)
        self.restore_hint = QLabel(
            "Your journal as it is now is backed up first, and Edit ▸ Undo "
            "(Ctrl+Z) brings it back."
        )
        self.restore_hint.setProperty("role", "hint")
        self.restore_hint.setWordWrap(True)
        card.body.addWidget(self.restore_hint)
        return card

    # ------------------------------------------------------------------ listing

    @property
    def backups(self) -> list[BackupInfo]:
        """The backups listed, newest first."""
        return list(self._infos)

    @property
    def shown_backup(self) -> Path | None:
        """The backup in the preview."""
        return self._shown

    def refresh(self, select: Path | None = None) -> None:
        """Read the list again (worker thread); then select ``select`` or the newest."""
        self._pending_select = select or self._shown
        store = self._model.store
        self.table.setEnabled(False)
        self._runner.run("list-backups", store.list_backups, self._on_listed)

    def _on_listed(self, result: JobResult) -> None:
        self.table.setEnabled(True)
        if result.error is not None:
            self._infos = []
            self.table.setRowCount(0)
            self._show_notice(f"The backups cannot be listed: {result.error}")
            self.listed.emit()
            return
        self._infos = list(result.value)
        self.table.blockSignals(True)
        self.table.setRowCount(len(self._infos))
        for row, info in enumerate(self._infos):
            cells = (
                _when(info.created),
                reason_label(info.reason),
                f"{info.episodes:,}" if info.error is None else "\u2013",
                f"{info.days:,}" if info.error is None else "\u2013",
                format_size(info.size),
            )
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col >= 2:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if info.error is not None:
                    item.setForeground(Qt.GlobalColor.gray)
                    item.setToolTip(f"Cannot be restored: {info.error}")
                else:
                    item.setToolTip(str(info.path))
                self.table.setItem(row, col, item)
        self.table.blockSignals(False)
        wanted = self._pending_select
        row = next((i for i, b in enumerate(self._infos) if b.path == wanted), 0)
        if self._infos:
            self.table.selectRow(row)
            self._on_table_selection_changed()
        else:
            self._clear_preview(
                "There are no backups yet. The first is made a while "
                "after you start logging."
            )
        self.listed.emit()

    def select_backup(self, path: Path) -> None:
        """Show ``path`` in the preview (it must be listed)."""
        row = next(i for i, b in enumerate(self._infos) if b.path == path)
        self.table.selectRow(row)

    def _on_table_selection_changed(self) -> None:
        rows = {i.row() for i in self.table.selectedIndexes()}
        if not rows:
            return
        info = self._infos[min(rows)]
        if info.path == self._shown and self._journal is not None:
            return
        self._shown = info.path
        self._journal = None
        self.restore_button.setEnabled(False)
        self.preview.title.setText(f"Backup from {_when(info.created)}")
        self.preview.set_subtitle(reason_label(info.reason))
        if info.error is not None:
            self._clear_preview(f"This backup cannot be restored: {info.error}.")
            self.previewed.emit(info.path)
            return
        self.latest.set_episodes([])
        self.latest_label.setText("Reading…")
        self.latest_label.setVisible(True)
        store = self._model.store
        path = info.path
        self._runner.run(
            "load-backup",
            lambda: store.load_backup(path),
            lambda result: self._on_loaded(path, result),
        )

    def _on_loaded(self, path: Path, result: JobResult) -> None:
        if path != self._shown:
            return  # another backup was chosen meanwhile
        if result.error is not None:
            self._clear_preview(f"This backup cannot be read: {result.error}")
            self.previewed.emit(path)
            return
        journal: Journal = result.value
        self._journal = journal
        episodes = journal.live_episodes()
        days = journal.live_days()
        self.episodes_figure.set_text(f"{len(episodes):,}")
        self.days_figure.set_text(f"{len(days):,}")
        self.range_label.setText(_range(journal))
        latest = episodes[::-1][:LATEST_SHOWN]  # live_episodes() runs oldest first
        self.latest.set_episodes(latest)
        self.latest_label.setText("" if latest else "No episodes in this backup.")
        self.latest_label.setVisible(not latest)
        now_days = len(self._model.journal.live_days())
        self.now_label.setText(
            f"Your journal now: {plural(self._model.live_episode_count(), 'episode')}, "
            f"{plural(now_days, 'day')}."
        )
        self.restore_button.setEnabled(not self._model.read_only)
        if self._model.read_only:
            self.restore_hint.setText("This window is read-only, so it cannot restore.")
        self.previewed.emit(path)

    def _clear_preview(self, message: str) -> None:
        self._journal = None
        for figure in (self.episodes_figure, self.days_figure):
            figure.set_text("\u2013")
        self.range_label.setText("\u2013")
        self.latest.set_episodes([])
        self.latest_label.setText(message)
        self.latest_label.setVisible(True)
        self.now_label.setText("")
        self.restore_button.setEnabled(False)

    def _show_notice(self, text: str) -> None:
        self.notice.set_text(text)
        self.notice.setVisible(True)

    # ------------------------------------------------------------------ restoring

    def _on_restore_clicked(self) -> None:
        info = next((b for b in self._infos if b.path == self._shown), None)
        if info is None or self._journal is None:
            return
        when = _when(info.created)
        answer = QMessageBox.question(
            self,
            "Restore this backup?",
            f"Make your journal the way it was on {when}?\n\n"
            "Your journal as it is now is backed up first, and Edit ▸ Undo "
            "(Ctrl+Z) brings it back.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.restore(info, self._journal)

    def restore(self, info: BackupInfo, journal: Journal) -> None:
        """Restore ``journal`` (read from ``info``) through the model, undoably."""
        when = _when(info.created)
        try:
            summary = self._model.restore_journal(journal, f"backup of {when}")
        except (StorageError, OSError) as err:
            self._show_notice(
                "Nothing was restored: your journal could not be backed up first. "
                f"{err}"
            )
            return
        if summary is None:
            return
        self._show_notice(
            f"Restored the backup from {when}: {plural(summary.episodes, 'episode')}, "
            f"{plural(summary.days, 'day')}. Edit ▸ Undo (Ctrl+Z) brings back the "
            "journal as it was just before."
        )
        self.restored.emit(summary)
        self.refresh(select=info.path)
