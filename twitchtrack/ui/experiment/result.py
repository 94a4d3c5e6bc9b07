"""A self-experiment's result: the sentence, the per-period chart and the figures."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from twitchtrack.domain.experiment import Experiment
from twitchtrack.domain.text import format_day
from twitchtrack.domain.trial import (
    Effect,
    TrialResult,
    registered_in_advance,
    status_on,
    target_words,
)
from twitchtrack.domain.trial_report import current, excluded_words, result_of, sentence
from twitchtrack.ui.exchange.dialogs import dress_dialog
from twitchtrack.ui.experiment.chart import PeriodChart
from twitchtrack.ui.experiment.words import (
    OUTCOME_LABELS,
    factor_name,
    interval_text,
    p_text,
    ratio_text,
    share_text,
    span_words,
)
from twitchtrack.ui.model import JournalModel
from twitchtrack.ui.widgets import set_names

# The finding reads as a sentence: larger than body text, not bold throughout.
RESULT_STYLE = """
QLabel[role="sentence"] { font-size: 11.5pt; line-height: 140%; }
"""
FIGURE_ROWS = (
    ("rate_ratio", "Rate ratio (B against A)"),
    ("interval", "95% interval"),
    ("p", "Randomisation test p (one-sided)"),
    ("pairs", "Pairs used"),
    ("days", "Days used"),
)


def effect_cells(e: Effect) -> dict[str, str]:
    """The figures of one analysis, as the table shows them."""
    return {
        "rate_ratio": ratio_text(e),
        "interval": interval_text(e),
        "p": p_text(e.p_randomization),
        "pairs": f"{e.pairs_used}",
        "days": f"{e.days_used}",
    }


class ResultView(QWidget):
    """The result of one experiment as of ``today``; ``refresh`` recomputes it."""

    def __init__(
        self,
        model: JournalModel,
        *,
        today: Callable[[], date] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("experiment_result")
        self._model = model
        self._today = today or model.today
        self.experiment: Experiment | None = None
        self.result: TrialResult | None = None

        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(10)
        self.plan_line = self._label("experiment_result_plan", "muted")
        column.addWidget(self.plan_line)
        self.sentence = self._label("experiment_result_sentence", "sentence")
        self.sentence.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
        )
        column.addWidget(self.sentence)

        self.chart = PeriodChart()
        column.addWidget(self.chart)
        column.addWidget(
            self._label(
                "experiment_chart_caption",
                "hint",
                "Each bar is one period (pair and arm); a dashed box has no day "
                "counted yet. Under it: the share of its days, among those with "
                "the factor logged, that kept to the arm.",
            )
        )

        below = QHBoxLayout()
        below.setSpacing(18)
        table = QFrame()
        table.setObjectName("experiment_figures")
        table.setProperty("card", True)
        grid = QGridLayout(table)
        grid.setContentsMargins(14, 10, 14, 12)
        grid.setHorizontalSpacing(22)
        grid.setVerticalSpacing(7)
        head_itt = self._label("", "caption", "All days as planned", wrap=False)
        head_itt.setToolTip("Intention to treat: every used day in its planned arm")
        head_pp = self._label("", "caption", "Only days kept to the arm", wrap=False)
        head_pp.setToolTip("Per protocol: the days that kept to their arm")
        grid.addWidget(head_itt, 0, 1)
        grid.addWidget(head_pp, 0, 2)
        self.cells: dict[tuple[str, str], QLabel] = {}
        for r, (key, words) in enumerate(FIGURE_ROWS, start=1):
            grid.addWidget(self._label("", "muted", words, wrap=False), r, 0)
            for c, which in enumerate(("itt", "pp"), start=1):
                cell = self._label(f"experiment_{which}_{key}", "", wrap=False)
                self.cells[(which, key)] = cell
                grid.addWidget(cell, r, c)
        below.addWidget(table, 0, Qt.AlignmentFlag.AlignTop)

        notes = QVBoxLayout()
        notes.setSpacing(8)
        self.adherence = self._label("experiment_result_adherence", "")
        notes.addWidget(self.adherence)
        self.excluded = self._label("experiment_result_excluded", "muted")
        notes.addWidget(self.excluded)
        self.registered = self._label("experiment_result_registered", "muted")
        notes.addWidget(self.registered)
        self.expected = self._label("experiment_result_expected", "muted")
        notes.addWidget(self.expected)
        notes.addStretch(1)
        below.addLayout(notes, 1)
        column.addLayout(below)
        column.addStretch(1)
        # Bound methods, not lambdas: Qt drops them when this view is deleted.
        model.records_changed.connect(self._on_model_changed)
        model.episodes_changed.connect(self._on_model_changed)
        model.days_changed.connect(self._on_model_changed)
        self.refresh()

    @staticmethod
    def _label(name: str, role: str, text: str = "", *, wrap: bool = True) -> QLabel:
        label = QLabel(text)
        if name:
            label.setObjectName(name)
        if role:
            label.setProperty("role", role)
        label.setWordWrap(wrap)
        return label

    def _on_model_changed(self, *_args: object) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Recompute the result from the journal as it is now."""
        journal = self._model.journal
        exp = current(journal)
        self.experiment = exp
        if exp is None:
            self.result = None
            self.plan_line.setText("")
            self.sentence.setText("No self-experiment has been planned yet.")
            self.chart.set_periods((), ("", ""))
            return
        today = self._today()
        result = result_of(journal, exp, today)
        self.result = result
        a, b = target_words(exp)
        status = status_on(exp, today)
        state = {
            "planned": "not started yet",
            "running": "running",
            "finished": "finished",
            "stopped": f"stopped on {format_day(exp.stopped_on, year=True)}"
            if exp.stopped_on
            else "stopped",
        }[status]
        self.plan_line.setText(
            f"{factor_name(exp.factor).capitalize()}: {span_words(exp)} ({state}). "
            f"Counted: {OUTCOME_LABELS.get(exp.outcome, exp.outcome).lower()}."
        )
        self.sentence.setText(sentence(exp, result))
        unit = (
            "sampling score per day"
            if exp.outcome == "sampling"
            else "twitches per used day"
        )
        self.chart.set_periods(result.periods, (a, b), unit)
        for which, effect in (("itt", result.itt), ("pp", result.per_protocol)):
            for key, text in effect_cells(effect).items():
                self.cells[(which, key)].setText(text)
        self.adherence.setText(
            f"Kept to arm A ({a}) on {share_text(result.adherence.get('A'))} and to "
            f"arm B ({b}) on {share_text(result.adherence.get('B'))} of the used "
            "days with the factor logged."
        )
        left = excluded_words(result)
        self.excluded.setText(left or "No days were left out.")
        self.registered.setText(
            "Registered in advance: the plan was saved before its first day."
            if registered_in_advance(exp)
            else "Not registered in advance: the plan was saved after its first day."
        )
        self.expected.setText(f"You expected: {exp.expect}" if exp.expect else "")
        self.expected.setVisible(bool(exp.expect))


class ResultDialog(QDialog):
    """The result in a window of its own (non-modal: ``show()`` it)."""

    def __init__(
        self,
        model: JournalModel,
        *,
        today: Callable[[], date] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        dress_dialog(self)
        self.setStyleSheet(self.styleSheet() + RESULT_STYLE)
        self.setObjectName("experiment_result_dialog")
        self.setWindowTitle("Self-experiment result")
        column = QVBoxLayout(self)
        column.setContentsMargins(22, 18, 22, 16)
        column.setSpacing(12)
        self.title = QLabel("Self-experiment result")
        self.title.setProperty("role", "dialog-title")
        column.addWidget(self.title)
        self.view = ResultView(model, today=today)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.view)
        scroll.viewport().setAutoFillBackground(False)
        self.view.setAutoFillBackground(False)
        column.addWidget(scroll, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.close_button = QPushButton("Close")
        set_names(self.close_button, "experiment_result_close", "Close")
        self.close_button.setProperty("primary", True)
        self.close_button.clicked.connect(self.accept)
        buttons.addWidget(self.close_button)
        column.addLayout(buttons)
        exp = self.view.experiment
        if exp is not None:
            self.title.setText(
                f"{factor_name(exp.factor).capitalize()} experiment: the result"
            )
        self.resize(960, 700)
