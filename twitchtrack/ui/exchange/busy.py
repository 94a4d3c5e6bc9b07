"""Slow File-menu work on the worker thread, with a calm busy indicator meanwhile."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from twitchtrack.ui.jobs import JobResult, JobRunner

BUSY_DELAY_MS = 300  # quick jobs finish before an indicator would flash up


class BusyWork(QObject):
    """Runs one job at a time; after a short delay a progress dialog says what.

    ``working_changed`` tells when work starts and (before its ``done``) ends.
    """

    working_changed = Signal(bool)

    def __init__(
        self,
        window: QWidget,
        *,
        delay_ms: int = BUSY_DELAY_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._window = window
        self.runner = JobRunner(self)
        self.working = False
        self.progress: QProgressDialog | None = None
        self._label = ""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(max(0, delay_ms))
        self._timer.timeout.connect(self._show_progress)

    def start(
        self,
        name: str,
        label: str,
        job: Callable[[], Any],
        done: Callable[[JobResult], None],
    ) -> None:
        """Run ``job`` on the worker, saying ``label`` if it takes a while."""
        self.working = True
        self.working_changed.emit(True)
        self._label = label
        self._timer.start()

        def finish(result: JobResult) -> None:
            self.working = False
            self._timer.stop()
            if self.progress is not None:
                self.progress.close()
                self.progress.deleteLater()
                self.progress = None
            self.working_changed.emit(False)
            done(result)

        self.runner.run(name, job, finish)

    def wait(self, msecs: int = -1) -> bool:
        """Wait for work under way (before quitting, so no file is left half done)."""
        return self.runner.wait(msecs)

    def _show_progress(self) -> None:
        if not self.working:
            return
        dialog = QProgressDialog(self._label, "", 0, 0, self._window)
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
