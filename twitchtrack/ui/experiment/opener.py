"""What "Self-Experiment…" opens: the plan wizard, or the result of the one on."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWidget

from twitchtrack.domain.trial import status_on
from twitchtrack.domain.trial_report import current
from twitchtrack.ui.model import JournalModel

WIZARD = "experiment_wizard"
RESULT = "experiment_result_dialog"


def _raise_open(parent: QWidget, name: str) -> QDialog | None:
    found = parent.findChild(QDialog, name)
    if found is not None and found.isVisible():
        found.raise_()
        found.activateWindow()
        return found
    return None


def open_result(
    parent: QWidget,
    model: JournalModel,
    *,
    today: Callable[[], date] | None = None,
) -> QDialog:
    """Show the result dialog (non-modal), or bring the open one forward."""
    from twitchtrack.ui.experiment.result import ResultDialog

    shown = _raise_open(parent, RESULT)
    if shown is not None:
        return shown
    dialog = ResultDialog(model, today=today, parent=parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    dialog.show()
    return dialog


def open_wizard(
    parent: QWidget,
    model: JournalModel,
    *,
    today: Callable[[], date] | None = None,
    seed: int | None = None,
) -> QDialog:
    """Show the plan wizard (non-modal), or bring the open one forward."""
    from twitchtrack.ui.experiment.wizard import PlanWizard

    shown = _raise_open(parent, WIZARD)
    if shown is not None:
        return shown
    wizard = PlanWizard(model, seed=seed, today=today, parent=parent)
    wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)

    def show_result() -> None:
        open_result(parent, model, today=today)
        wizard.close()

    wizard.result_requested.connect(show_result)
    wizard.show()
    return wizard


def open_experiment(
    parent: QWidget,
    model: JournalModel,
    *,
    today: Callable[[], date] | None = None,
) -> QDialog:
    """The result while an experiment is planned or running, else the wizard."""
    exp = current(model.journal)
    day = (today or model.today)()
    if exp is not None and status_on(exp, day) in ("planned", "running"):
        return open_result(parent, model, today=today)
    return open_wizard(parent, model, today=today)
