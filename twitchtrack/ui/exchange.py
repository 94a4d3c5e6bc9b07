"""File menu work: PDF report, CSV / JSON export, import, and the Backups dialog.

Slow work (drawing the report, reading an import, writing files) runs on a worker
thread (``TaskRunner``) while a calm busy indicator shows, so the window never
freezes. File choosers are the ``QFileDialog`` / ``QMessageBox`` statics, looked up
when used, so tests patch them; this module never ``exec()``s a dialog of its own
(they are opened window-modal and answer through signals).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QObject, QSettings, QStandardPaths, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from twitchtrack.domain.models import Journal
from twitchtrack.storage.errors import StorageError
from twitchtrack.storage.interchange import (
    DAYS_CSV,
    EPISODES_CSV,
    ImportSummary,
    InvalidImportError,
    RowError,
    export_csv,
    export_json,
    read_import,
)
from twitchtrack.ui.backups_view import BackupsDialog
from twitchtrack.ui.forms.widgets import dialog_layout, set_names
from twitchtrack.ui.state import JournalModel
from twitchtrack.ui.tasks import TaskResult, TaskRunner

STATUS_MS = 8_000
BUSY_DELAY_MS = 300  # quick jobs finish before an indicator would flash up
PAPER_SIZES: tuple[tuple[str, str], ...] = (
    ("A4", "A4 (210 \u00d7 297 mm)"),
    ("Letter", "US Letter (8.5 \u00d7 11 in)"),
)
IMPORT_FILTER = (
    "Journal exports (*.csv *.json *.json.gz *.gz);;"
    "CSV files (*.csv);;Journal backups (*.json *.json.gz *.gz);;All files (*)"
)
UNDO_HINT = "Edit ▸ Undo (Ctrl+Z) takes it back."

# Rules our dialogs add to the window's style sheet, which reaches them as their
# parent's. Colours come from the palette, which the window's theme (light or dark)
# sets and which our dialogs inherit (WA_WindowPropagation), so they follow it live.
DIALOG_STYLE = """
QLabel[role="dialog-title"] { font-size: 13pt; font-weight: 600; }
QPushButton[primary="true"] {
    background: palette(highlight); border: 1px solid palette(highlight);
    color: palette(highlighted-text); font-weight: 600;
}
QPushButton[primary="true"]:disabled {
    background: palette(mid); border-color: palette(mid); color: palette(base);
}
"""


def dress_dialog(dialog: QDialog) -> None:
    """Give one of our dialogs the window's colours and our few extra rules."""
    dialog.setAttribute(Qt.WidgetAttribute.WA_WindowPropagation, True)
    dialog.setStyleSheet(DIALOG_STYLE)


# ----------------------------------------------------------------------------- report


@dataclass(frozen=True, slots=True)
class ReportOptions:
    """The period and paper chosen for a report."""

    start: date
    end: date
    page_size: str  # "A4" or "Letter"


PERIODS: tuple[tuple[str, str, int | None], ...] = (
    ("last_30", "Last 30 days", 30),
    ("last_90", "Last 90 days", 90),
    ("last_365", "Last 12 months", 365),
    ("all", "All entries", None),
    ("custom", "Chosen dates", None),
)


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pydate(d: QDate) -> date:
    return date(d.year(), d.month(), d.day())


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


class ReportOptionsDialog(QDialog):
    """Choose the report's period (a preset or two dates) and paper size."""

    def __init__(
        self,
        journal: Journal,
        today: date,
        page_size: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("report_options_dialog")
        self.setWindowTitle("Export report")
        dress_dialog(self)
        # Sorted days of entries, for the "what is in this period" line.
        self._episode_days = sorted(e.local_day for e in journal.live_episodes())
        self._check_in_days = sorted(
            d.date for d in journal.live_days() if not d.is_empty
        )
        logged = self._episode_days + self._check_in_days
        self._first = min(logged) if logged else None
        # Demo data or another time zone can run past today; the report would too.
        self._last = max([today, *logged])

        column, _ = dialog_layout(
            self,
            "Report for your doctor",
            "A PDF with a summary, body maps, a timeline, how your check-ins line "
            "up with twitching, and every entry of the period.",
        )

        form = QFormLayout()
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(8)
        self.period = QComboBox()
        set_names(self.period, "report_period", "Period")
        for key, label, _days in PERIODS:
            self.period.addItem(label, key)
        form.addRow("Period", self.period)

        dates = QHBoxLayout()
        dates.setSpacing(8)
        self.start_edit = self._date_edit("report_from", "From date")
        self.end_edit = self._date_edit("report_to", "To date")
        dates.addWidget(self.start_edit)
        dash = QLabel("to")
        dash.setProperty("role", "muted")
        dates.addWidget(dash)
        dates.addWidget(self.end_edit)
        dates.addStretch(1)
        form.addRow("Dates", dates)

        self.paper = QComboBox()
        set_names(self.paper, "report_paper", "Paper size")
        for key, label in PAPER_SIZES:
            self.paper.addItem(label, key)
        self.paper.setCurrentIndex(
            max(
                0,
                next((i for i, (k, _) in enumerate(PAPER_SIZES) if k == page_size), 0),
            )
        )
        form.addRow("Paper", self.paper)
        column.addLayout(form)

        self.summary = QLabel()
        self.summary.setObjectName("report_period_summary")
        self.summary.setProperty("role", "hint")
        self.summary.setWordWrap(True)
        column.addWidget(self.summary)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Choose File…")
        self.ok_button.setProperty("primary", True)
        set_names(self.ok_button, "report_ok", "Choose where to save the report")
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        set_names(cancel, "report_cancel", "Cancel")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        column.addWidget(self.buttons)

        default = "all"
        if self._first is not None and (self._last - self._first).days >= 90:
            default = "last_90"
        self.period.currentIndexChanged.connect(self._on_period_changed)
        self.start_edit.dateChanged.connect(self._on_dates_edited)
        self.end_edit.dateChanged.connect(self._on_dates_edited)
        self.set_period(default)
        self.setMinimumWidth(460)

    def _date_edit(self, name: str, accessible: str) -> QDateEdit:
        edit = QDateEdit()
        set_names(edit, name, accessible)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("d MMM yyyy")
        edit.setDateRange(QDate(1990, 1, 1), _qdate(self._last + timedelta(days=366)))
        edit.setMinimumWidth(130)
        return edit

    def set_period(self, key: str) -> None:
        """Choose a preset period ("last_90", "all", ...) and fill in its dates."""
        index = self.period.findData(key)
        if index < 0:
            raise ValueError(f"unknown period {key!r}")
        self.period.setCurrentIndex(index)
        self._on_period_changed(index)

    def set_dates(self, start: date, end: date) -> None:
        """Choose the period by its first and last day."""
        self.start_edit.setDate(_qdate(start))
        self.end_edit.setDate(_qdate(end))

    def options(self) -> ReportOptions:
        """The choices as they stand."""
        return ReportOptions(
            _pydate(self.start_edit.date()),
            _pydate(self.end_edit.date()),
            str(self.paper.currentData()),
        )

    def _on_period_changed(self, index: int) -> None:
        key, _label, days = PERIODS[index]
        if key == "custom":
            return
        if days is None:
            start = self._first or self._last
        else:
            start = self._last - timedelta(days=days - 1)
        for edit in (self.start_edit, self.end_edit):
            edit.blockSignals(True)
        self.set_dates(start, self._last)
        for edit in (self.start_edit, self.end_edit):
            edit.blockSignals(False)
        self._update_summary()

    def _on_dates_edited(self) -> None:
        custom = self.period.findData("custom")
        if self.period.currentIndex() != custom:
            self.period.blockSignals(True)
            self.period.setCurrentIndex(custom)
            self.period.blockSignals(False)
        self._update_summary()

    def _update_summary(self) -> None:
        options = self.options()
        if options.start > options.end:
            self.summary.setText("The first day is after the last day.")
            self.ok_button.setEnabled(False)
            return
        self.ok_button.setEnabled(True)
        length = (options.end - options.start).days + 1
        episodes = _count_between(self._episode_days, options.start, options.end)
        check_ins = _count_between(self._check_in_days, options.start, options.end)
        self.summary.setText(
            f"{_plural(length, 'day')}: {_plural(episodes, 'episode')} and "
            f"{_plural(check_ins, 'check-in')} in this period."
        )


def _count_between(days: Sequence[date], start: date, end: date) -> int:
    return bisect.bisect_right(days, end) - bisect.bisect_left(days, start)


# ----------------------------------------------------------------------------- import


class ImportErrorsDialog(QDialog):
    """Every problem of a refused import, with file and line; nothing was imported."""

    def __init__(self, errors: Sequence[RowError], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("import_errors_dialog")
        self.setWindowTitle("Nothing was imported")
        dress_dialog(self)
        self.errors = list(errors)
        count = len(self.errors)
        files = sorted({e.file.name for e in self.errors})
        where = files[0] if len(files) == 1 else f"{len(files)} files"
        column, intro = dialog_layout(
            self,
            "Nothing was imported",
            f"{_plural(count, 'problem').capitalize()} found in {where}. Your journal "
            "has not been changed. Correct the rows below (line numbers count the "
            "header as line 1, as a text editor does) and import the file again.",
            spacing=10,
            muted=False,  # here the intro is the message itself
        )
        intro.setObjectName("import_errors_intro")

        self.table = QTableWidget(count, 4)
        set_names(self.table, "import_errors_table", "Problems found in the import")
        self.table.setHorizontalHeaderLabels(["File", "Line", "Column", "Problem"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.table.setShowGrid(False)
        for row, error in enumerate(self.errors):
            cells = (
                error.file.name,
                str(error.line) if error.line > 0 else "\u2013",
                error.field or "",
                error.message,
            )
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col == 1:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                item.setToolTip(str(error.file) if col == 0 else text)
                self.table.setItem(row, col, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        # Long messages wrap; rows grow to fit whenever the column width changes.
        header.sectionResized.connect(lambda *_: self.table.resizeRowsToContents())
        self.table.resizeRowsToContents()
        column.addWidget(self.table, 1)

        buttons = QHBoxLayout()
        self.copy_button = QPushButton("Copy List")
        set_names(self.copy_button, "import_errors_copy", "Copy the list of problems")
        self.copy_button.clicked.connect(self.copy_to_clipboard)
        buttons.addWidget(self.copy_button)
        buttons.addStretch(1)
        close = QPushButton("Close")
        close.setProperty("primary", True)
        set_names(close, "import_errors_close", "Close")
        close.setDefault(True)
        close.clicked.connect(self.accept)
        buttons.addWidget(close)
        column.addLayout(buttons)
        self.resize(820, 440)

    def text(self) -> str:
        """The problems as plain lines (what Copy List puts on the clipboard)."""
        return "\n".join(str(e) for e in self.errors)

    def copy_to_clipboard(self) -> None:
        """Put the list on the clipboard, to fix the file or ask for help."""
        QGuiApplication.clipboard().setText(self.text())


# ------------------------------------------------------------------------- controller


class ExchangeController(QObject):
    """The File menu's export, import and backup actions for one window."""

    report_saved = Signal(object)  # ReportSummary (with its path)
    exported = Signal(object)  # list[Path] written
    import_finished = Signal(object)  # ImportSummary
    import_refused = Signal(object)  # list[RowError]
    failed = Signal(str)  # a message already shown to the person

    def __init__(
        self,
        model: JournalModel,
        window: QMainWindow,
        settings: QSettings,
        *,
        busy_delay_ms: int = BUSY_DELAY_MS,
    ) -> None:
        super().__init__(window)
        self._model = model
        self._window = window
        self._settings = settings
        self.runner = TaskRunner(self)
        self._geometry: Any = None  # the report's body geometry, built once
        self._busy_label = ""
        self._working = False
        self.progress: QProgressDialog | None = None
        self._busy_timer = QTimer(self)
        self._busy_timer.setSingleShot(True)
        self._busy_timer.setInterval(max(0, busy_delay_ms))
        self._busy_timer.timeout.connect(self._show_progress)
        self.report_dialog: ReportOptionsDialog | None = None
        self.errors_dialog: ImportErrorsDialog | None = None
        self.backups_dialog: BackupsDialog | None = None
        self.message_box: QMessageBox | None = None
        self._build_actions()

    # ------------------------------------------------------------------ actions

    def _action(self, text: str, name: str, slot: Callable[[], object]) -> QAction:
        action = QAction(text, self._window)
        action.setObjectName(name)
        action.triggered.connect(lambda _=False: slot())
        return action

    def _build_actions(self) -> None:
        self.report_action = self._action(
            "Export Report (PDF)…", "action_export_report", self.export_report
        )
        self.csv_action = self._action(
            "Export CSV…", "action_export_csv", self.export_csv
        )
        self.json_action = self._action(
            "Export Backup (JSON)…", "action_export_json", self.export_json
        )
        self.import_action = self._action("Import…", "action_import", self.import_files)
        self.backups_action = self._action(
            "Backups…", "action_backups", self.open_backups
        )
        self.report_action.setStatusTip("Save a PDF report to show a doctor")
        self.csv_action.setStatusTip("Save episodes and check-ins as CSV files")
        self.json_action.setStatusTip("Save the whole journal as one JSON file")
        self.import_action.setStatusTip("Add entries from CSV or JSON files")
        self.backups_action.setStatusTip("See and restore automatic backups")
        self._sync_actions()

    @property
    def actions(self) -> list[QAction]:
        """The actions in menu order."""
        return [
            self.report_action,
            self.csv_action,
            self.json_action,
            self.import_action,
            self.backups_action,
        ]

    def add_to_menu(self, menu: QMenu, before: QAction | None = None) -> None:
        """Put the actions in a (File) menu, grouped: exports, then import/backups.

        They go before ``before`` (at the end without it).
        """
        exports = (self.report_action, self.csv_action, self.json_action)
        for action in (*exports, None, self.import_action, self.backups_action):
            if action is None:
                menu.insertSeparator(before)
            else:
                menu.insertAction(before, action)

    def _sync_actions(self) -> None:
        idle = not self._working
        for action in (self.report_action, self.csv_action, self.json_action):
            action.setEnabled(idle)
        self.import_action.setEnabled(idle and not self._model.read_only)

    @property
    def busy(self) -> bool:
        """True while an export or import is under way."""
        return self._working

    def wait(self, msecs: int = -1) -> bool:
        """Wait for work under way (before quitting, so no file is left half done)."""
        return self.runner.wait(msecs)

    # ------------------------------------------------------------------ running

    def _start(
        self,
        name: str,
        label: str,
        job: Callable[[], Any],
        done: Callable[[TaskResult], None],
    ) -> None:
        self._working = True
        self._sync_actions()
        self._busy_label = label
        self._busy_timer.start()

        def finish(result: TaskResult) -> None:
            self._working = False
            self._busy_timer.stop()
            if self.progress is not None:
                self.progress.close()
                self.progress.deleteLater()
                self.progress = None
            self._sync_actions()
            done(result)

        self.runner.run(name, job, finish)

    def _show_progress(self) -> None:
        if not self._working:
            return
        dialog = QProgressDialog(self._busy_label, "", 0, 0, self._window)
        dialog.setObjectName("busy_dialog")
        dialog.setAttribute(Qt.WidgetAttribute.WA_WindowPropagation, True)  # theme
        dialog.setWindowTitle("twitchtrack")
        dialog.setCancelButton(None)  # the work cannot be stopped halfway safely
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumWidth(340)
        self.progress = dialog
        dialog.show()

    def _status(self, text: str) -> None:
        self._window.statusBar().showMessage(text, STATUS_MS)

    def _tell(self, title: str, text: str, detail: str = "", *, warn: bool) -> None:
        """A message box opened window-modal (never exec'd), kept for tests."""
        if self.message_box is not None:
            self.message_box.close()
            self.message_box.deleteLater()
        box = QMessageBox(self._window)
        box.setObjectName("exchange_message")
        box.setIcon(QMessageBox.Icon.Warning if warn else QMessageBox.Icon.Information)
        box.setWindowTitle(title)
        box.setText(text)
        if detail:
            box.setInformativeText(detail)
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        self.message_box = box
        box.open()
        if warn:
            self.failed.emit(text)

    def _folder(self) -> Path:
        saved = self._settings.value("exchange/folder", "")
        if isinstance(saved, str) and saved and Path(saved).is_dir():
            return Path(saved)
        docs = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )
        return Path(docs) if docs and Path(docs).is_dir() else Path.home()

    def _remember(self, folder: Path) -> None:
        self._settings.setValue("exchange/folder", str(folder))

    def _save_path(self, title: str, name: str, file_filter: str, suffix: str) -> Path:
        chosen, _ = QFileDialog.getSaveFileName(
            self._window, title, str(self._folder() / name), file_filter
        )
        if not chosen:
            return Path()
        path = Path(chosen)
        if path.suffix.lower() != suffix:
            path = path.with_name(path.name + suffix)
        self._remember(path.parent)
        return path

    # ------------------------------------------------------------------ report

    def export_report(self) -> None:
        """Ask for a period and paper (window-modal), then for a file, then write."""
        if self._working:
            return
        from twitchtrack.report import default_page_size  # loaded on first use

        paper = self._settings.value("report/page_size", "")
        if paper not in {k for k, _ in PAPER_SIZES}:
            paper = default_page_size()
        dialog = ReportOptionsDialog(
            self._model.journal, self._model.today(), str(paper), self._window
        )
        dialog.accepted.connect(lambda: self._on_report_options(dialog.options()))
        dialog.finished.connect(dialog.deleteLater)
        self.report_dialog = dialog
        dialog.open()

    def _on_report_options(self, options: ReportOptions) -> None:
        self.report_dialog = None
        self._settings.setValue("report/page_size", options.page_size)
        name = f"twitchtrack-report-{options.start:%Y-%m-%d}-to-{options.end:%Y-%m-%d}"
        path = self._save_path(
            "Save Report", name + ".pdf", "PDF documents (*.pdf)", ".pdf"
        )
        if path == Path():
            return
        self.write_report(path, options)

    def write_report(self, path: Path, options: ReportOptions) -> None:
        """Draw the report on the worker thread and save it atomically to ``path``."""
        journal = self._model.journal  # immutable: safe to hand to another thread
        today = self._model.today()
        geometry = self._geometry

        def job() -> tuple[Any, Any]:
            from twitchtrack.report import render_report
            from twitchtrack.report.body.geometry import BodyGeometry
            from twitchtrack.storage.journal_store import atomic_write

            shapes = geometry if geometry is not None else BodyGeometry()
            raw, summary = render_report(
                journal,
                start=options.start,
                end=options.end,
                page_size=options.page_size,
                today=today,
                geometry=shapes,
            )
            atomic_write(path, raw)
            return replace(summary, path=path), shapes

        self._start("report", "Drawing the report…", job, self._on_report_done)

    def _on_report_done(self, result: TaskResult) -> None:
        if result.error is not None:
            self._tell(
                "Report not saved",
                "The report could not be saved.",
                _describe(result.error),
                warn=True,
            )
            return
        summary, self._geometry = result.value
        self._status(f"Report saved: {summary.path} ({_plural(summary.pages, 'page')})")
        self.report_saved.emit(summary)

    # ------------------------------------------------------------------ exports

    def export_csv(self) -> None:
        """Write episodes.csv and days.csv into a folder the person chooses."""
        if self._working:
            return
        chosen = QFileDialog.getExistingDirectory(
            self._window, "Export CSV Into Folder", str(self._folder())
        )
        if not chosen:
            return
        folder = Path(chosen)
        present = [n for n in (EPISODES_CSV, DAYS_CSV) if (folder / n).exists()]
        if present:
            answer = QMessageBox.question(
                self._window,
                "Replace the CSV files?",
                f"{folder} already holds {' and '.join(present)}.\n\n"
                "Replace them with a new export?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self._remember(folder)
        journal = self._model.journal
        episodes = len(journal.live_episodes())
        days = len(journal.live_days())

        def done(result: TaskResult) -> None:
            if self._failed(result, "CSV export"):
                return
            self._status(
                f"Exported {_plural(episodes, 'episode')} and "
                f"{_plural(days, 'check-in')} to {EPISODES_CSV} and {DAYS_CSV} "
                f"in {folder}"
            )
            self.exported.emit(list(result.value))

        self._start(
            "export-csv",
            "Writing CSV files…",
            lambda: export_csv(journal, folder),
            done,
        )

    def export_json(self) -> None:
        """Write the whole journal (settings and deletions too) to one JSON file."""
        if self._working:
            return
        name = f"twitchtrack-journal-{self._model.today():%Y-%m-%d}.json"
        path = self._save_path(
            "Export Backup", name, "Journal backups (*.json)", ".json"
        )
        if path == Path():
            return
        journal = self._model.journal

        def done(result: TaskResult) -> None:
            if self._failed(result, "Backup export"):
                return
            self._status(f"Backup saved: {path}")
            self.exported.emit([path])

        self._start(
            "export-json",
            "Writing the backup…",
            lambda: export_json(journal, path),
            done,
        )

    def _failed(self, result: TaskResult, what: str) -> bool:
        if result.error is None:
            return False
        self._tell(
            f"{what} not saved",
            f"The {what.lower()} could not be written.",
            _describe(result.error),
            warn=True,
        )
        return True

    # ------------------------------------------------------------------ import

    def import_files(self) -> None:
        """Choose files, read them on the worker thread, then merge as one step."""
        if self._working:
            return
        if self._model.read_only:
            self._status("This window is read-only; nothing can be imported here.")
            return
        chosen, _ = QFileDialog.getOpenFileNames(
            self._window, "Import Into Your Journal", str(self._folder()), IMPORT_FILTER
        )
        if not chosen:
            return
        paths = [Path(p) for p in chosen]
        self._remember(paths[0].parent)
        self.read_and_import(paths)

    def read_and_import(self, paths: Sequence[Path]) -> None:
        """Read ``paths`` off the UI thread; import them if every row is valid."""
        label = "Reading the file…" if len(paths) == 1 else "Reading the files…"
        files = list(paths)
        self._start("import", label, lambda: read_import(files), self._on_import_read)

    def _on_import_read(self, result: TaskResult) -> None:
        error = result.error
        if isinstance(error, InvalidImportError):
            self._show_import_errors(error.errors)
            self.import_refused.emit(error.errors)
            return
        if error is not None:
            self._tell(
                "Nothing was imported",
                "The files could not be read, so nothing was imported.",
                _describe(error),
                warn=True,
            )
            return
        try:
            summary = self._model.import_journal(result.value)
        except (StorageError, OSError) as err:
            self._tell(
                "Nothing was imported",
                "A safety copy of your journal could not be made before the "
                "import, so nothing was imported.",
                _describe(err),
                warn=True,
            )
            return
        if summary is None:  # read-only: the model has said so
            return
        self._report_import(summary)

    def _report_import(self, summary: ImportSummary) -> None:
        text = f"{summary}."
        changed = summary.episodes_new or summary.days_new or summary.updated
        detail = (
            "Your journal was backed up just before. " + UNDO_HINT
            if changed
            else "Everything in these files is already in your journal."
        )
        self._status(text + (f" {UNDO_HINT}" if changed else ""))
        self._tell("Import finished", text, detail, warn=False)
        self.import_finished.emit(summary)

    def _show_import_errors(self, errors: Sequence[RowError]) -> None:
        if self.errors_dialog is not None:
            self.errors_dialog.close()
            self.errors_dialog.deleteLater()
        dialog = ImportErrorsDialog(errors, self._window)
        self.errors_dialog = dialog
        self._status(f"Nothing was imported: {_plural(len(errors), 'problem')} found.")
        dialog.open()

    # ------------------------------------------------------------------ backups

    def open_backups(self) -> BackupsDialog:
        """Show the Backups dialog (one per window, not modal), reloading its list."""
        if self.backups_dialog is None:
            self.backups_dialog = BackupsDialog(self._model, self.runner, self._window)
            dress_dialog(self.backups_dialog)
            self.backups_dialog.restored.connect(
                lambda summary: self._status(f"{summary}. {UNDO_HINT}")
            )
        dialog = self.backups_dialog
        dialog.refresh()
        if dialog.isVisible():  # already open, perhaps behind the window
            dialog.raise_()
            dialog.activateWindow()
        else:
            dialog.show()
        return dialog


def _describe(error: BaseException) -> str:
    """One readable line for an error from the storage layer or the OS."""
    if isinstance(error, OSError) and not str(error).startswith("Could not"):
        where = f"{error.filename}: " if error.filename else ""
        return f"{where}{error.strerror or error}"
    return str(error)
