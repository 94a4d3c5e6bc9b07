"""File menu work: PDF report, CSV / JSON export, import, and the Backups dialog.

Slow work (drawing the report, reading an import, writing files) runs on a worker
thread (``BusyWork``) while a calm busy indicator shows, so the window never
freezes. File choosers are the ``QFileDialog`` / ``QMessageBox`` statics, looked up
when used, so tests patch them; this module never ``exec()``s a dialog of its own
(they are opened window-modal and answer through signals).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMenu, QMessageBox

from twitchtrack.domain.models import Journal
from twitchtrack.domain.text import plural
from twitchtrack.storage.crypto.folder import journal_is_encrypted
from twitchtrack.storage.errors import StorageError
from twitchtrack.storage.interchange import (
    DAYS_CSV,
    EPISODES_CSV,
    ImportSummary,
    InvalidImportError,
    ReadNotes,
    RowError,
    export_csv,
    export_json,
)
from twitchtrack.ui.exchange import health_preview as health
from twitchtrack.ui.exchange.backups_view import BackupsDialog
from twitchtrack.ui.exchange.busy import BUSY_DELAY_MS, BusyWork
from twitchtrack.ui.exchange.dialogs import describe_error, dress_dialog
from twitchtrack.ui.exchange.files import FileChooser
from twitchtrack.ui.exchange.import_dialog import ImportErrorsDialog
from twitchtrack.ui.exchange.report_dialog import (
    PAPER_SIZES,
    ReportOptions,
    ReportOptionsDialog,
)
from twitchtrack.ui.jobs import JobResult
from twitchtrack.ui.model import JournalModel

STATUS_MS = 8_000
IMPORT_FILTER = (
    "Journal and health exports (*.csv *.json *.json.gz *.gz *.zip *.xml *.db);;"
    "CSV files (*.csv);;Journal backups (*.json *.json.gz *.gz);;All files (*)"
)
UNDO_HINT = "Edit ▸ Undo (Ctrl+Z) takes it back."
CANCELLED = "Import cancelled: nothing was written."
# Asked before an export of an encrypted journal (title, question); Cancel is the
# default, so a quick Enter never leaves a readable copy behind.
PLAIN_QUESTIONS = {
    "csv": (
        "Write unprotected CSV files?",
        "Your journal is encrypted, but CSV files cannot be. The exported files will "
        "not be protected by your password: anyone who can open them can read every "
        "entry.\n\nWrite plain CSV files anyway?",
    ),
    "json": (
        "Write an unprotected backup?",
        "Your journal is encrypted, but this export is a plain JSON file. It will "
        "not be protected by your password: anyone who can open it can read the "
        "whole journal. The automatic backups stay encrypted.\n\n"
        "Write a plain backup file anyway?",
    ),
    "report": (
        "The report will not be protected",
        "A PDF report is a plain file, not protected by your password: anyone who "
        "can open it can read it. Your journal itself stays encrypted.\n\n"
        "Write the report?",
    ),
}


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
        self._files = FileChooser(window, settings)
        self._work = BusyWork(window, delay_ms=busy_delay_ms, parent=self)
        self._work.working_changed.connect(self._on_work_working_changed)
        self.runner = self._work.runner
        self._geometry: Any = None  # the report's body geometry, built once
        self.report_dialog: ReportOptionsDialog | None = None
        self.errors_dialog: ImportErrorsDialog | None = None
        self.health_preview: health.HealthPreviewDialog | None = None
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
        self.import_action.setStatusTip("Add entries from CSV, JSON or health exports")
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

        They go before ``before`` (at the end without it: Qt takes a null
        ``before``, which PySide's stubs do not allow).
        """
        exports = (self.report_action, self.csv_action, self.json_action)
        for action in (*exports, None, self.import_action, self.backups_action):
            if action is None:
                menu.insertSeparator(before)  # type: ignore[arg-type]
            else:
                menu.insertAction(before, action)  # type: ignore[arg-type]

    def _sync_actions(self) -> None:
        idle = not self._work.working
        for action in (self.report_action, self.csv_action, self.json_action):
            action.setEnabled(idle)
        self.import_action.setEnabled(idle and not self._model.read_only)

    @property
    def busy(self) -> bool:
        """True while an export or import is under way."""
        return self._work.working

    def wait(self, msecs: int = -1) -> bool:
        """Wait for work under way (before quitting, so no file is left half done)."""
        return self._work.wait(msecs)

    def _on_work_working_changed(self, _working: bool) -> None:
        self._sync_actions()

    # ------------------------------------------------------------------ running

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

    # ------------------------------------------------------------------ report

    def export_report(self) -> None:
        """Ask for a period and paper (window-modal), then for a file, then write."""
        if self._work.working or not self._plain_file_ok("report"):
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
        path = self._files.save_path(
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
            from twitchtrack.graphics.body.geometry import BodyGeometry
            from twitchtrack.report import render_report
            from twitchtrack.storage.outputs import write_output

            shapes = geometry if geometry is not None else BodyGeometry()
            raw, summary = render_report(
                journal,
                start=options.start,
                end=options.end,
                page_size=options.page_size,
                today=today,
                geometry=shapes,
            )
            # The safe writer for named outputs (never a device or a folder).
            write_output(path, raw, example="report.pdf")
            return replace(summary, path=path), shapes

        self._work.start("report", "Drawing the report…", job, self._on_report_done)

    def _on_report_done(self, result: JobResult) -> None:
        if result.error is not None:
            self._tell(
                "Report not saved",
                "The report could not be saved.",
                describe_error(result.error),
                warn=True,
            )
            return
        summary, self._geometry = result.value
        self._status(f"Report saved: {summary.path} ({plural(summary.pages, 'page')})")
        self.report_saved.emit(summary)

    # ------------------------------------------------------------------ exports

    def export_csv(self) -> None:
        """Write episodes.csv and days.csv into a folder the person chooses."""
        if self._work.working or not self._plain_file_ok("csv"):
            return
        chosen = QFileDialog.getExistingDirectory(
            self._window, "Export CSV Into Folder", str(self._files.folder())
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
        self._files.remember(folder)
        journal = self._model.journal
        episodes = len(journal.live_episodes())
        days = len(journal.live_days())

        def done(result: JobResult) -> None:
            if self._failed(result, "CSV export"):
                return
            self._status(
                f"Exported {plural(episodes, 'episode')} and "
                f"{plural(days, 'check-in')} to {EPISODES_CSV} and {DAYS_CSV} "
                f"in {folder}"
            )
            self.exported.emit(list(result.value))

        self._work.start(
            "export-csv",
            "Writing CSV files…",
            lambda: export_csv(journal, folder),
            done,
        )

    def export_json(self) -> None:
        """Write the whole journal (settings and deletions too) to one JSON file."""
        if self._work.working or not self._plain_file_ok("json"):
            return
        name = f"twitchtrack-journal-{self._model.today():%Y-%m-%d}.json"
        path = self._files.save_path(
            "Export Backup", name, "Journal backups (*.json)", ".json"
        )
        if path == Path():
            return
        journal = self._model.journal

        def done(result: JobResult) -> None:
            if self._failed(result, "Backup export"):
                return
            self._status(f"Backup saved: {path}")
            self.exported.emit([path])

        self._work.start(
            "export-json",
            "Writing the backup…",
            lambda: export_json(journal, path),
            done,
        )

    def _plain_file_ok(self, kind: str) -> bool:
        """True to go on: the journal is plain, or the person agreed that this file
        will not be protected by the password (asked only when encrypted)."""
        if not journal_is_encrypted(self._model.store.folder):
            return True
        title, text = PLAIN_QUESTIONS[kind]
        answer = QMessageBox.warning(
            self._window,
            title,
            text,
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Save

    def _failed(self, result: JobResult, what: str) -> bool:
        if result.error is None:
            return False
        self._tell(
            f"{what} not saved",
            f"The {what.lower()} could not be written.",
            describe_error(result.error),
            warn=True,
        )
        return True

    # ------------------------------------------------------------------ import

    def import_files(self) -> None:
        """Choose files, read them on the worker thread, then merge as one step."""
        if self._work.working:
            return
        if self._model.read_only:
            self._status("This window is read-only; nothing can be imported here.")
            return
        chosen, _ = QFileDialog.getOpenFileNames(
            self._window,
            "Import Into Your Journal",
            str(self._files.folder()),
            IMPORT_FILTER,
        )
        if not chosen:
            return
        paths = [Path(p) for p in chosen]
        self._files.remember(paths[0].parent)
        self.read_and_import(paths)

    def read_and_import(self, paths: Sequence[Path]) -> None:
        """Read ``paths`` off the UI thread; import them if every row is valid."""
        label = "Reading the file…" if len(paths) == 1 else "Reading the files…"
        files, base = list(paths), self._model.journal  # immutable: thread-safe
        self._work.start(
            "import",
            label,
            lambda: health.read_for_preview(files, base),
            self._on_import_read,
        )

    def _on_import_read(self, result: JobResult) -> None:
        error = result.error
        if isinstance(error, InvalidImportError):
            self._show_import_errors(error.errors)
            self.import_refused.emit(error.errors)
            return
        if error is not None:
            self._tell(
                "Nothing was imported",
                "The files could not be read, so nothing was imported.",
                describe_error(error),
                warn=True,
            )
            return
        incoming, notes, preview = result.value
        if preview is None:  # else a health export: nothing is written until Import
            self._apply_import(incoming, notes)
            return
        self.health_preview = dialog = health.HealthPreviewDialog(preview, self._window)
        dialog.import_chosen.connect(
            lambda chosen: self._apply_import(
                health.keep_sources(incoming, preview, chosen), notes, (preview, chosen)
            )
        )
        dialog.rejected.connect(lambda: self._status(CANCELLED))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _apply_import(
        self,
        incoming: Journal,
        notes: ReadNotes,
        chosen: tuple[health.HealthPreview, frozenset[str]] | None = None,
    ) -> None:
        before = self._model.journal
        try:
            summary = self._model.import_journal(incoming, notes)
        except (StorageError, OSError) as err:
            self._tell(
                "Nothing was imported",
                "A safety copy of your journal could not be made before the "
                "import, so nothing was imported.",
                describe_error(err),
                warn=True,
            )
            return
        if summary is None:  # read-only: the model has said so
            return
        words = health.outcome(before, incoming, *chosen) if chosen else ()
        self._report_import(summary, *words)

    def _report_import(self, summary: ImportSummary, *words: str) -> None:
        text, more = words or ("", "")
        text = text or f"{summary}."  # a health import words its own, if it can
        changed = summary.changed  # intakes and sleep periods count too
        detail = (
            "Your journal was backed up just before. " + UNDO_HINT
            if changed
            else "Everything in these files is already in your journal."
            if not summary.differing
            else "Nothing in your journal was changed."
        )
        detail = f"{more}\n\n{detail}" if more else detail
        self._status(text + (f" {UNDO_HINT}" if changed else ""))
        self._tell("Import finished", text, detail, warn=False)
        self.import_finished.emit(summary)

    def _show_import_errors(self, errors: Sequence[RowError]) -> None:
        if self.errors_dialog is not None:
            self.errors_dialog.close()
            self.errors_dialog.deleteLater()
        dialog = ImportErrorsDialog(errors, self._window)
        self.errors_dialog = dialog
        self._status(f"Nothing was imported: {plural(len(errors), 'problem')} found.")
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
