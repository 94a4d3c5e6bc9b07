"""The plan wizard: four calm pages, the randomised schedule shown, then saved."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Callable
from datetime import date

from pydantic import ValidationError
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from twitchtrack.domain.experiment import Experiment
from twitchtrack.domain.models import describe_validation_error
from twitchtrack.domain.trial import draw_order
from twitchtrack.domain.trial_report import current, few_pairs_warning, plan_problem
from twitchtrack.ui.exchange.dialogs import dress_dialog
from twitchtrack.ui.experiment.plan_pages import (
    FactorPage,
    OutcomePage,
    TimingPage,
    note_box,
)
from twitchtrack.ui.experiment.words import (
    FACTOR_LABELS,
    OUTCOME_LABELS,
    factor_name,
    schedule_rows,
    span_words,
)
from twitchtrack.ui.model import JournalModel
from twitchtrack.ui.widgets import set_names

STEPS = (
    "What to change",
    "How long",
    "What you will count",
    "Your randomised schedule",
)
SCHEDULE_COLUMNS = ("Pair", "Dates", "Arm", "Washout")


class SchedulePage(QWidget):
    """Step 4: the drawn order as a table, and anything that stops the save."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(10)
        self.summary = QLabel()
        self.summary.setObjectName("experiment_schedule_summary")
        self.summary.setWordWrap(True)
        self.summary.setProperty("role", "heading")
        column.addWidget(self.summary)
        self.details = QLabel()
        self.details.setObjectName("experiment_schedule_details")
        self.details.setWordWrap(True)
        column.addWidget(self.details)
        self.order_note = QLabel(
            "The order within each pair was drawn at random just now, from a seed "
            "kept with the plan. Once you save, the plan is fixed: that is what "
            "lets the result tell the change apart from chance and habit."
        )
        self.order_note.setProperty("role", "hint")
        self.order_note.setWordWrap(True)
        column.addWidget(self.order_note)
        self.table = QTableWidget(0, len(SCHEDULE_COLUMNS))
        set_names(self.table, "experiment_schedule", "The randomised schedule")
        self.table.setHorizontalHeaderLabels(list(SCHEDULE_COLUMNS))
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        rows = self.table.verticalHeader()
        rows.setDefaultSectionSize(self.fontMetrics().height() + 12)
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft)
        for c in range(len(SCHEDULE_COLUMNS) - 1):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(
            len(SCHEDULE_COLUMNS) - 1, QHeaderView.ResizeMode.Stretch
        )
        column.addWidget(self.table, 1)
        self.notes_box, self.notes = note_box("experiment_schedule_notes", "info")
        column.addWidget(self.notes_box)
        self.problem_box, self.problem = note_box("experiment_plan_problem", "warn")
        column.addWidget(self.problem_box)

    def show_plan(self, exp: Experiment, problem: str | None, notes: list[str]) -> None:
        """Fill the table from ``exp``; show the notes and the problem, if any."""
        name = factor_name(exp.factor)
        self.summary.setText(f"{name.capitalize()}: {span_words(exp)}")
        details = [
            f"Counted: {OUTCOME_LABELS[exp.outcome].lower()}.",
            f"You expect: {exp.expect}." if exp.expect else "No expectation written.",
        ]
        if exp.blinding:
            details.append(f"Blinding: {exp.blinding}.")
        self.details.setText(" ".join(details))
        rows = schedule_rows(exp)
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, text in enumerate((row.pair, row.dates, row.arm, row.washout)):
                item = QTableWidgetItem(text)
                if c == 2 and row.arm.startswith("B"):
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(r, c, item)
        self.notes.setText(" ".join(notes))
        self.notes_box.setVisible(bool(notes))
        self.problem.setText(
            f"This plan cannot be saved: {problem}." if problem else ""
        )
        self.problem_box.setVisible(bool(problem))


class PlanWizard(QDialog):
    """Plan a self-experiment step by step; Save adds it through the model.

    Non-modal: open it with ``show()``. ``seed`` fixes the random order (tests,
    and anyone re-creating a plan drawn elsewhere); by default it is drawn from
    the operating system's randomness.
    """

    planned = Signal(object)  # the Experiment saved
    result_requested = Signal()  # "Last Result…": the previous experiment's result

    def __init__(
        self,
        model: JournalModel,
        *,
        seed: int | None = None,
        today: Callable[[], date] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        dress_dialog(self)
        self.setObjectName("experiment_wizard")
        self.setWindowTitle("Plan a self-experiment")
        self._model = model
        self._today = today or model.today
        self.seed = seed if seed is not None else secrets.randbelow(2**31)
        self._id = uuid.uuid4()
        self.plan: Experiment | None = None
        self.problem_text: str | None = None

        column = QVBoxLayout(self)
        column.setContentsMargins(22, 18, 22, 16)
        column.setSpacing(12)
        title = QLabel("Plan a self-experiment")
        title.setProperty("role", "dialog-title")
        column.addWidget(title)
        self.step_label = QLabel()
        self.step_label.setObjectName("experiment_step")
        self.step_label.setProperty("role", "muted")
        column.addWidget(self.step_label)

        self.factor_page = FactorPage()
        self.timing_page = TimingPage(self._today())
        self.outcome_page = OutcomePage()
        self.schedule_page = SchedulePage()
        self.stack = QStackedWidget()
        self.stack.setObjectName("experiment_pages")
        for page in (
            self.factor_page,
            self.timing_page,
            self.outcome_page,
            self.schedule_page,
        ):
            self.stack.addWidget(page)
        column.addWidget(self.stack, 1)
        self.message = QLabel()
        self.message.setObjectName("experiment_wizard_message")
        self.message.setProperty("role", "field-error")
        self.message.setWordWrap(True)
        column.addWidget(self.message)

        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        self.cancel_button = QPushButton("Cancel")
        set_names(self.cancel_button, "experiment_cancel", "Cancel")
        self.back_button = QPushButton("Back")
        set_names(self.back_button, "experiment_back", "Back")
        self.next_button = QPushButton("Next")
        set_names(self.next_button, "experiment_next", "Next")
        self.next_button.setProperty("primary", True)
        self.save_button = QPushButton("Save Plan")
        set_names(self.save_button, "experiment_save", "Save the plan")
        self.save_button.setProperty("primary", True)
        buttons.addWidget(self.cancel_button)
        self.last_result_button = QPushButton("Last Result…")
        set_names(
            self.last_result_button,
            "experiment_last_result",
            "See the last experiment's result",
        )
        self.last_result_button.setProperty("flat-link", True)
        self.last_result_button.setVisible(current(model.journal) is not None)
        self.last_result_button.clicked.connect(self.result_requested)
        buttons.addWidget(self.last_result_button)
        buttons.addStretch(1)
        for button in (self.back_button, self.next_button, self.save_button):
            buttons.addWidget(button)
        column.addLayout(buttons)

        self.cancel_button.clicked.connect(self.reject)
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next)
        self.save_button.clicked.connect(self.save)
        self.factor_page.factor.currentIndexChanged.connect(
            lambda _=0: self.timing_page.set_factor(self.factor_page.factor_key())
        )
        for page in (self.factor_page, self.timing_page, self.outcome_page):
            page.changed.connect(self._on_page_changed)
        self.setMinimumSize(620, 520)
        self.resize(780, 680)
        self._go(0)

    # ------------------------------------------------------------------ navigation

    @property
    def step(self) -> int:
        """The page shown (0 to 3)."""
        return self.stack.currentIndex()

    def next(self) -> None:
        """The next page, when this one is filled in."""
        problem = self.factor_page.problem() if self.step == 0 else None
        if problem:
            self.message.setText(problem)
            return
        if self.step < len(STEPS) - 1:
            self._go(self.step + 1)

    def back(self) -> None:
        """The page before."""
        if self.step > 0:
            self._go(self.step - 1)

    def _go(self, index: int) -> None:
        self.stack.setCurrentIndex(index)
        self.step_label.setText(f"Step {index + 1} of {len(STEPS)}: {STEPS[index]}")
        self.message.setText("")
        last = index == len(STEPS) - 1
        self.back_button.setEnabled(index > 0)
        self.next_button.setVisible(not last)
        self.save_button.setVisible(last)
        # Enter goes on to the next page, and on the last one saves.
        self.next_button.setDefault(not last)
        self.save_button.setDefault(last)
        if last:
            self._refresh_schedule()
            self.save_button.setFocus()

    def _on_page_changed(self) -> None:
        self.message.setText("")

    # ------------------------------------------------------------------ the plan

    def build_plan(self) -> Experiment:
        """The Experiment the pages describe (raises ValidationError if refused)."""
        f, t, o = self.factor_page, self.timing_page, self.outcome_page
        pairs = t.pairs.value()
        now = self._model.now()
        return Experiment(
            id=self._id,
            created_at=now,
            updated_at=now,
            factor=f.factor_key(),
            target_a=f.target_a.text().strip(),
            target_b=f.target_b.text().strip(),
            pairs=pairs,
            period_days=t.period_days.value(),
            washout_days=t.washout.value(),
            start=t.start_date(),
            seed=self.seed,
            order=draw_order(pairs, self.seed),
            outcome=o.outcome(),
            expect=o.expect.text().strip(),
            blinding=o.blinding.text().strip(),
        )

    def _refresh_schedule(self) -> None:
        try:
            exp = self.build_plan()
        except ValidationError as err:
            self.plan, self.problem_text = None, describe_validation_error(err)
            self.save_button.setEnabled(False)
            self.message.setText(self.problem_text)
            return
        today = self._today()
        self.plan = exp
        self.problem_text = plan_problem(exp, self._model.journal, today)
        notes = []
        warning = few_pairs_warning(exp.pairs)
        if warning:
            notes.append(warning)
        if exp.start <= today:
            notes.append(
                "The first day is not in the future, so the plan will count as "
                "registered after the start, and the result will say so."
            )
        if self._model.read_only:
            notes.append("This journal is open read-only, so the plan cannot be saved.")
        if exp.factor.startswith("tag:"):
            notes.append(
                f"Arm B days are the days your check-in carries the tag "
                f"\u201c{exp.factor[4:]}\u201d; arm A days are the others."
            )
        self.schedule_page.show_plan(exp, self.problem_text, notes)
        self.save_button.setEnabled(
            self.problem_text is None and not self._model.read_only
        )

    def save(self) -> None:
        """Add the plan to the journal (one undoable step) and close."""
        self._refresh_schedule()
        if self.plan is None or self.problem_text is not None:
            return
        label = FACTOR_LABELS.get(self.plan.factor, factor_name(self.plan.factor))
        if self._model.put_record(
            "experiments", self.plan, f"Plan {label.lower()} experiment"
        ):
            self.planned.emit(self.plan)
            self.accept()
