"""The Log view's calm line while a self-experiment runs: period, arm, day; stop."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from twitchtrack.ui.model import JournalModel
from twitchtrack.ui.widgets import set_names

if TYPE_CHECKING:
    from twitchtrack.domain.experiment import Experiment

# Often enough that the line moves on soon after midnight; the check is cheap.
REFRESH_MS = 10 * 60 * 1000


class ExperimentBanner(QFrame):
    """Shown only while an experiment runs (``status_on``), on the model's clock.

    "Stop experiment…" asks once, in the strip itself, and then records the stop
    (the plan and every day logged are kept). "See result" asks the owner to show
    the result (``result_requested``).
    """

    result_requested = Signal()
    stopped = Signal(object)  # the stopped Experiment

    def __init__(
        self,
        model: JournalModel,
        *,
        today: Callable[[], date] | None = None,
        refresh_ms: int = REFRESH_MS,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("experiment_banner")
        self.setProperty("banner", "info")
        self.setAccessibleName("Self-experiment")
        self._model = model
        self._today = today or model.today
        self._confirming = False
        self.experiment: Experiment | None = None

        row = QHBoxLayout(self)
        row.setContentsMargins(14, 8, 10, 8)
        row.setSpacing(10)
        self.label = QLabel()
        self.label.setObjectName("experiment_banner_text")
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        row.addWidget(self.label, 1)
        self.result_button = QPushButton("See Result")
        set_names(self.result_button, "experiment_banner_result", "See the result")
        self.stop_button = QPushButton("Stop Experiment…")
        set_names(self.stop_button, "experiment_banner_stop", "Stop the experiment")
        self.confirm_button = QPushButton("Stop It")
        set_names(self.confirm_button, "experiment_banner_confirm", "Yes, stop it")
        self.keep_button = QPushButton("Keep Going")
        set_names(self.keep_button, "experiment_banner_keep", "Keep going")
        for button in (
            self.result_button,
            self.stop_button,
            self.confirm_button,
            self.keep_button,
        ):
            row.addWidget(button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.result_button.clicked.connect(self.result_requested)
        self.stop_button.clicked.connect(self.ask_to_stop)
        self.keep_button.clicked.connect(self._on_keep_clicked)
        self.confirm_button.clicked.connect(self.stop)

        model.records_changed.connect(self._on_model_records_changed)
        model.external_change_merged.connect(self._on_model_merged)
        self._timer = QTimer(self)
        if refresh_ms > 0:
            self._timer.setInterval(refresh_ms)
            self._timer.timeout.connect(self.refresh)
            self._timer.start()
        self.refresh()

    def refresh(self) -> None:
        """Show the line for today, or hide when no experiment is running."""
        if not any(not e.deleted for e in self._model.records("experiments")):
            # Most journals: no experiment, and no need to load the trial code
            # (it brings numpy) while the window starts.
            self.experiment = None
            self._confirming = False
            self.setVisible(False)
            return
        from twitchtrack.domain.trial import status_on
        from twitchtrack.domain.trial_report import current
        from twitchtrack.ui.experiment.words import factor_name, running_words

        today = self._today()
        exp = current(self._model.journal)
        running = exp is not None and status_on(exp, today) == "running"
        self.experiment = exp if running else None
        if exp is None or not running:
            self._confirming = False
            self.setVisible(False)
            return
        words = running_words(exp, today) or ""
        name = factor_name(exp.factor).capitalize()
        if self._confirming:
            self.label.setText(
                f"<b>Stop the {factor_name(exp.factor)} experiment today?</b> "
                "The plan and every day logged so far are kept, and the result "
                "covers the days up to now."
            )
        else:
            self.label.setText(f"<b>{name} experiment</b> \u00b7 {words}")
        self.result_button.setVisible(not self._confirming)
        self.stop_button.setVisible(not self._confirming)
        self.confirm_button.setVisible(self._confirming)
        self.keep_button.setVisible(self._confirming)
        self.stop_button.setEnabled(not self._model.read_only)
        self.setVisible(True)

    def text(self) -> str:
        """The line shown, as plain text (for tests and screen readers)."""
        return self.label.text().replace("<b>", "").replace("</b>", "")

    def ask_to_stop(self) -> None:
        """Ask, in the strip, whether to stop (nothing changes yet)."""
        self._confirming = True
        self.refresh()
        self.keep_button.setFocus()

    def stop(self) -> None:
        """Record the stop as of today (undoable); the data stay."""
        exp = self.experiment
        self._confirming = False
        if exp is None:
            self.refresh()
            return
        stopped = exp.edited(status="stopped", stopped_on=self._today())
        label = exp.factor.removeprefix("tag:")
        if self._model.put_record("experiments", stopped, f"Stop {label} experiment"):
            self.stopped.emit(stopped)
        self.refresh()

    def _on_keep_clicked(self) -> None:
        self._confirming = False
        self.refresh()

    def _on_model_merged(self, _count: int) -> None:
        self.refresh()

    def _on_model_records_changed(self, name: str, _ids: object) -> None:
        if name == "experiments":
            self.refresh()


def add_log_banner(
    page: QWidget, body: QWidget, model: JournalModel
) -> ExperimentBanner:
    """Lay ``page`` out as the experiment banner above ``body`` (the Log view's
    columns); "See result" opens the result beside the window."""
    from PySide6.QtWidgets import QVBoxLayout

    def see_result() -> None:
        # Loaded when asked: the result brings the trial code and numpy, which
        # the window's start-up does without.
        from twitchtrack.ui.experiment.opener import open_result

        open_result(page.window(), model)

    column = QVBoxLayout(page)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(10)
    banner = ExperimentBanner(model, parent=page)
    banner.result_requested.connect(see_result)
    column.addWidget(banner)
    column.addWidget(body, 1)
    return banner
