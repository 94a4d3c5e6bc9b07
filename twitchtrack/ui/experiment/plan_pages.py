"""The plan wizard's input pages: what changes, how long, what is counted."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from twitchtrack.domain.experiment import ExperimentOutcome
from twitchtrack.domain.trial import DEFAULT_WASHOUT, MIN_PAIRS
from twitchtrack.domain.trial_report import few_pairs_warning
from twitchtrack.ui.experiment.words import (
    FACTOR_LABELS,
    OUTCOME_LABELS,
    TAG,
    default_b_words,
)
from twitchtrack.ui.widgets import set_names

MAX_PAIRS = 52
MAX_PERIOD = 60
MAX_WASHOUT = 30
FIELD_WIDTH = 380


def _hint(text: str, name: str = "") -> QLabel:
    label = QLabel(text)
    label.setProperty("role", "hint")
    label.setWordWrap(True)
    if name:
        label.setObjectName(name)
    return label


def note_box(name: str, tone: str) -> tuple[QFrame, QLabel]:
    """A calm boxed note (``tone`` "info" or "warn") and its label."""
    box = QFrame()
    box.setObjectName(f"{name}_box")
    box.setProperty("banner", tone)
    row = QVBoxLayout(box)
    row.setContentsMargins(12, 8, 12, 8)
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    row.addWidget(label)
    return box, label


def _form() -> QFormLayout:
    form = QFormLayout()
    form.setHorizontalSpacing(14)
    form.setVerticalSpacing(10)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
    return form


def _line(name: str, accessible: str, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    set_names(edit, name, accessible)
    edit.setPlaceholderText(placeholder)
    edit.setMinimumWidth(FIELD_WIDTH)
    return edit


class FactorPage(QWidget):
    """Step 1: the factor, and what each arm means."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(12)
        column.addWidget(
            _hint(
                "Pick one thing to change. For a few weeks at a time you live "
                "either as usual (arm A) or with the change (arm B), in an order "
                "drawn at random, and compare your twitches between them."
            )
        )
        form = _form()
        self.factor = QComboBox()
        set_names(self.factor, "experiment_factor", "What to change")
        self.factor.setMinimumWidth(220)
        for key, label in FACTOR_LABELS.items():
            self.factor.addItem(label, key)
        self.factor.addItem("A tag of my own", TAG)
        form.addRow("What to change", self.factor)
        self.tag = _line(
            "experiment_tag", "Tag name", "a check-in tag, e.g. screen-break"
        )
        self.tag_label = QLabel("Tag")
        form.addRow(self.tag_label, self.tag)
        self.target_b = _line("experiment_target_b", "Arm B, the change")
        form.addRow("Arm B (the change)", self.target_b)
        self.target_a = _line("experiment_target_a", "Arm A, as usual", "usual")
        form.addRow("Arm A (as usual)", self.target_a)
        column.addLayout(form)
        column.addWidget(
            _hint(
                "Make arm B something your check-in can show, with a number: "
                "\u201cunder 50 mg caffeine\u201d, \u201cat least 8 h in bed\u201d. "
                "Days are then counted as kept to the arm or not from what you log."
            )
        )
        column.addStretch(1)
        self._default_b = default_b_words("caffeine")
        self.target_b.setText(self._default_b)
        self.factor.currentIndexChanged.connect(self._on_factor_changed)
        self.tag.textChanged.connect(self._on_factor_changed)
        self.target_a.textChanged.connect(self.changed)
        self.target_b.textChanged.connect(self.changed)
        self._show_tag()

    def factor_key(self) -> str:
        """'caffeine', ... or 'tag:NAME' ('tag:' while no name is typed)."""
        key = str(self.factor.currentData())
        if key == TAG:
            return "tag:" + self.tag.text().strip()
        return key

    def set_factor(self, key: str) -> None:
        """Choose a factor ('caffeine', ... or 'tag:NAME')."""
        if key.startswith("tag:"):
            self.tag.setText(key[4:])
            key = TAG
        self.factor.setCurrentIndex(self.factor.findData(key))

    def problem(self) -> str | None:
        """What must be filled in before going on, or None."""
        if self.factor_key() == "tag:":
            return "Type the tag's name, as you use it in the check-in."
        if not self.target_b.text().strip():
            return "Say what arm B means, with a number if it has one."
        return None

    def _show_tag(self) -> None:
        custom = self.factor.currentData() == TAG
        self.tag.setVisible(custom)
        self.tag_label.setVisible(custom)

    def _on_factor_changed(self) -> None:
        self._show_tag()
        new = default_b_words(self.factor_key())
        # Words the person typed stay; the last default follows the factor.
        if self.target_b.text().strip() in ("", self._default_b):
            self.target_b.setText(new)
        self._default_b = new
        self.changed.emit()


class TimingPage(QWidget):
    """Step 2: pairs, period length, washout and the first day."""

    changed = Signal()

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(12)
        column.addWidget(
            _hint(
                "Each pair is one period of each arm, in a random order. More "
                "pairs give a clearer answer; a week per period leaves room for "
                "a washout and for ordinary ups and downs."
            )
        )
        form = _form()
        self.pairs = self._spin("experiment_pairs", "Pairs", MIN_PAIRS, MAX_PAIRS, 5)
        form.addRow("Pairs", self.pairs)
        self.period_days = self._spin(
            "experiment_period_days", "Days per period", 1, MAX_PERIOD, 7
        )
        self.period_days.setSuffix(" days")
        form.addRow("Each period", self.period_days)
        self.washout = self._spin(
            "experiment_washout", "Washout days", 0, MAX_WASHOUT, 2
        )
        self.washout.setSuffix(" days")
        form.addRow("Washout", self.washout)
        self.start = QDateEdit()
        set_names(self.start, "experiment_start", "First day")
        self.start.setCalendarPopup(True)
        self.start.setDisplayFormat("d MMM yyyy")
        self.start.setDate(_qdate(today + timedelta(days=1)))
        form.addRow("First day", self.start)
        column.addLayout(form)
        self.few_pairs_box, self.few_pairs = note_box("experiment_few_pairs", "warn")
        column.addWidget(self.few_pairs_box)
        self.washout_hint = _hint("", "experiment_washout_hint")
        column.addWidget(self.washout_hint)
        column.addStretch(1)
        for spin in (self.pairs, self.period_days, self.washout):
            spin.valueChanged.connect(self._on_changed)
        for spin in (self.period_days, self.washout):
            spin.valueChanged.connect(
                lambda v, s=spin: s.setSuffix(" day" if v == 1 else " days")
            )
        self.start.dateChanged.connect(self._on_changed)
        self._on_changed()

    @staticmethod
    def _spin(name: str, accessible: str, low: int, high: int, value: int) -> QSpinBox:
        spin = QSpinBox()
        set_names(spin, name, accessible)
        spin.setRange(low, high)
        spin.setValue(value)
        spin.setMinimumWidth(110)
        return spin

    def start_date(self) -> date:
        """The first day chosen."""
        d = self.start.date()
        return date(d.year(), d.month(), d.day())

    def set_factor(self, factor: str) -> None:
        """Wash out as long as the factor's default (0 for sleep and tags)."""
        self.washout.setValue(DEFAULT_WASHOUT.get(factor, 0))

    def _on_changed(self) -> None:
        self.washout.setMaximum(min(MAX_WASHOUT, self.period_days.value() - 1))
        warning = few_pairs_warning(self.pairs.value())
        self.few_pairs.setText(warning or "")
        self.few_pairs_box.setVisible(bool(warning))
        wash = self.washout.value()
        self.washout_hint.setText(
            f"The first {wash} days of every period are lived as planned but not "
            "counted, so the previous period's effect can wear off (caffeine "
            "withdrawal, for one, can last days)."
            if wash
            else "No washout: every day of a period is counted."
        )
        self.changed.emit()


class OutcomePage(QWidget):
    """Step 3: what is counted, what you expect, and an optional blinding note."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(12)
        column.addWidget(
            _hint(
                "Decide now what the result will be read from, and write down "
                "what you expect: fixing both before the first day is what makes "
                "the answer honest."
            )
        )
        self.outcome_group = QButtonGroup(self)
        self.outcomes: dict[str, QRadioButton] = {}
        for key, label in OUTCOME_LABELS.items():
            button = QRadioButton(label)
            set_names(button, f"experiment_outcome_{key}", label)
            self.outcome_group.addButton(button)
            self.outcomes[key] = button
            column.addWidget(button)
            button.toggled.connect(lambda _=False: self.changed.emit())
        self.outcomes["episodes"].setChecked(True)
        form = _form()
        self.expect = _line(
            "experiment_expect",
            "What you expect",
            "e.g. fewer eyelid twitches in the B weeks",
        )
        form.addRow("I expect", self.expect)
        self.blinding = _line(
            "experiment_blinding",
            "Blinding note (optional)",
            "optional, e.g. my partner makes regular or decaf",
        )
        form.addRow("Blinding", self.blinding)
        column.addLayout(form)
        column.addWidget(
            _hint(
                "Blinding is optional: if someone else prepares regular or decaf "
                "coffee without telling you which, what you expect cannot colour "
                "what you notice."
            )
        )
        column.addStretch(1)
        self.expect.textChanged.connect(self.changed)
        self.blinding.textChanged.connect(self.changed)

    def outcome(self) -> ExperimentOutcome:
        """'episodes' or 'sampling'."""
        chosen = next(k for k, b in self.outcomes.items() if b.isChecked())
        return "sampling" if chosen == "sampling" else "episodes"


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)
