"""Preferences -> Calm: ways to track less on purpose, and a note on why.

Three choices, all off unless the person turns them on: sampling mode (a few
prompts a day instead of logging every twitch), a review day (Trends and
Guidance once a week), and a break from tracking (``settings.holiday``). The
settings live in ``Preferences``; the window's ``SamplingPrompter``,
``ReviewGate`` and ``HolidayKeeper`` act on them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time, timedelta

from PySide6.QtCore import QDate, QSignalBlocker, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from twitchtrack.domain.text import format_day
from twitchtrack.ui.i18n import tr
from twitchtrack.ui.model import JournalModel
from twitchtrack.ui.settings.holiday import end_holiday, holiday_dates, mark_holiday
from twitchtrack.ui.settings.preferences import (
    MAX_SAMPLING_TIMES,
    NO_REVIEW_DAY,
    SAMPLING_TIMES,
    Preferences,
)
from twitchtrack.ui.widgets import set_names

# What the time fields beyond the chosen count hold until they are shown.
SPARE_TIMES: tuple[time, ...] = (time(12, 30), time(17, 30), time(22, 0))
DEFAULT_BREAK_DAYS = 7
WEEKDAY_NAMES: dict[int, str] = {
    1: "Monday",
    2: "Tuesday",
    3: "Wednesday",
    4: "Thursday",
    5: "Friday",
    6: "Saturday",
    7: "Sunday",
}


def note_text() -> str:
    """The gentle note at the top of the tab (the project's own words)."""
    return tr(
        "Checking a symptom again and again, or looking for reassurance about it, "
        "tends to keep worry going rather than settle it: the relief is short and "
        "the urge to check returns. Tracking less is a reasonable choice, and the "
        "settings below make it easy. If worry about your health takes up a lot of "
        "your day, self-help for health anxiety can make a real difference (for "
        "example a book or online programme based on cognitive behavioural "
        "therapy), and so can a talk with your GP."
    )


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


def _note(text: str, name: str, role: str = "hint") -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setProperty("role", role)
    label.setWordWrap(True)
    return label


class CalmPage(QWidget):
    """The Calm tab of Preferences: sampling mode, review day, a break."""

    def __init__(
        self,
        model: JournalModel,
        prefs: Preferences,
        *,
        today: Callable[[], date] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("calm_page")
        self._model = model
        self._prefs = prefs
        self._today = today or model.today

        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(10)
        # The why first, on a soft strip of its own (the window's calm banners).
        box = QFrame()
        box.setObjectName("calm_note_box")
        box.setProperty("banner", "info")
        inner = QVBoxLayout(box)
        inner.setContentsMargins(14, 10, 14, 10)
        self.note = _note(note_text(), "calm_note", role="")
        inner.addWidget(self.note)
        column.addWidget(box)
        column.addWidget(self._build_sampling_group())
        column.addWidget(self._build_review_group())
        column.addWidget(self._build_break_group())
        column.addStretch(1)
        prefs.changed.connect(self._on_prefs_changed)
        self._load()

    # ------------------------------------------------------------------ building

    def _build_sampling_group(self) -> QGroupBox:
        group = QGroupBox(tr("Sampling mode"))
        group.setObjectName("calm_sampling_group")
        column = QVBoxLayout(group)
        column.setSpacing(8)
        self.sampling = QCheckBox(
            tr("A few gentle &prompts a day instead of logging every twitch")
        )
        set_names(self.sampling, "calm_sampling", tr("Sampling mode"))
        self.sampling.toggled.connect(self._on_sampling_toggled)
        column.addWidget(self.sampling)

        row = QHBoxLayout()
        row.setSpacing(8)
        label = QLabel(tr("Prompts a &day"))
        self.prompt_count = QSpinBox()
        set_names(
            self.prompt_count, "calm_prompt_count", tr("How many prompts a day, 1 to 6")
        )
        self.prompt_count.setRange(1, MAX_SAMPLING_TIMES)
        self.prompt_count.valueChanged.connect(self._on_prompt_count_changed)
        label.setBuddy(self.prompt_count)
        row.addWidget(label)
        row.addWidget(self.prompt_count)
        row.addSpacing(12)
        at = QLabel(tr("at"))
        row.addWidget(at)
        grid = QGridLayout()
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(6)
        self.time_edits: list[QTimeEdit] = []
        for index, start in enumerate((*SAMPLING_TIMES, *SPARE_TIMES)):
            edit = QTimeEdit(QTime(start.hour, start.minute))
            set_names(
                edit,
                f"calm_prompt_time_{index + 1}",
                tr("Time of prompt {number}").format(number=index + 1),
            )
            edit.setDisplayFormat("HH:mm")
            edit.timeChanged.connect(self._on_prompt_time_changed)
            grid.addWidget(edit, index // 3, index % 3)
            self.time_edits.append(edit)
        row.addLayout(grid)
        row.addStretch(1)
        column.addLayout(row)
        column.addWidget(
            _note(
                tr(
                    "Each prompt asks how many twitches there were in the last hour: "
                    "none, a few or many. A prompt left unanswered goes quietly "
                    "after two hours; they never pile up. Trends analyses the "
                    "answers as an outcome of their own, apart from logged twitches."
                ),
                "calm_sampling_note",
            )
        )
        return group

    def _build_review_group(self) -> QGroupBox:
        group = QGroupBox(tr("Review day"))
        group.setObjectName("calm_review_group")
        column = QVBoxLayout(group)
        column.setSpacing(8)
        row = QHBoxLayout()
        label = QLabel(tr("Show Trends and Guidance &on"))
        self.review_day = QComboBox()
        set_names(
            self.review_day,
            "calm_review_day",
            tr("Day of the weekly review of Trends and Guidance"),
        )
        self.review_day.addItem(tr("Every day (no review day)"), NO_REVIEW_DAY)
        for number, name in WEEKDAY_NAMES.items():
            self.review_day.addItem(tr(name), number)
        self.review_day.currentIndexChanged.connect(self._on_review_day_changed)
        label.setBuddy(self.review_day)
        row.addWidget(label)
        row.addWidget(self.review_day)
        row.addStretch(1)
        column.addLayout(row)
        column.addWidget(
            _note(
                tr(
                    "On other days they say when the next review is, with a button "
                    "to look anyway. Safety comes first: warning signs are never "
                    "held back, so their banner and any urgent note show every day."
                ),
                "calm_review_note",
            )
        )
        return group

    def _build_break_group(self) -> QGroupBox:
        group = QGroupBox(tr("Take a break from tracking"))
        group.setObjectName("calm_break_group")
        column = QVBoxLayout(group)
        column.setSpacing(8)
        row = QHBoxLayout()
        row.setSpacing(8)
        start_label = QLabel(tr("&From"))
        self.break_start = QDateEdit()
        set_names(self.break_start, "calm_break_start", tr("First day of the break"))
        end_label = QLabel(tr("&to"))
        self.break_end = QDateEdit()
        set_names(self.break_end, "calm_break_end", tr("Last day of the break"))
        for label, edit in (
            (start_label, self.break_start),
            (end_label, self.break_end),
        ):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("ddd d MMM yyyy")
            label.setBuddy(edit)
            row.addWidget(label)
            row.addWidget(edit)
        self.break_start.dateChanged.connect(self._on_break_start_changed)
        row.addSpacing(8)
        self.start_break = QPushButton(tr("&Start Break"))
        set_names(self.start_break, "calm_start_break", tr("Start the break"))
        self.start_break.clicked.connect(self.start_holiday)
        self.end_break = QPushButton(tr("&End Break"))
        set_names(self.end_break, "calm_end_break", tr("End the break now"))
        self.end_break.clicked.connect(self.end_holiday)
        row.addWidget(self.start_break)
        row.addWidget(self.end_break)
        row.addStretch(1)
        column.addLayout(row)
        self.break_state = _note("", "calm_break_state", role="")
        column.addWidget(self.break_state)
        column.addWidget(
            _note(
                tr(
                    "During a break, check-in reminders and prompts rest, and its "
                    "days are marked \u201cnot tracking\u201d as they come, so "
                    "Trends leaves them out instead of counting them as days "
                    "without twitches."
                ),
                "calm_break_note",
            )
        )
        return group

    # ------------------------------------------------------------------ state

    def _load(self) -> None:
        prefs = self._prefs
        times = prefs.sampling_times
        with (
            QSignalBlocker(self.sampling),
            QSignalBlocker(self.prompt_count),
            QSignalBlocker(self.review_day),
        ):
            self.sampling.setChecked(prefs.sampling)
            self.prompt_count.setValue(len(times))
            self.review_day.setCurrentIndex(self.review_day.findData(prefs.review_day))
        if tuple(self._shown_times()) != times:
            for edit, value in zip(self.time_edits, times, strict=False):
                with QSignalBlocker(edit):
                    edit.setTime(QTime(value.hour, value.minute))
        for index, edit in enumerate(self.time_edits):
            edit.setVisible(index < len(times))
        self.prompt_count.setEnabled(prefs.sampling)
        for edit in self.time_edits:
            edit.setEnabled(prefs.sampling)
        self._load_break()

    def _load_break(self) -> None:
        today = self._today()
        dates = holiday_dates(self._prefs)
        writable = not self._model.read_only
        with QSignalBlocker(self.break_start), QSignalBlocker(self.break_end):
            if dates is not None:
                self.break_start.setMinimumDate(_qdate(min(dates[0], today)))
                self.break_start.setDate(_qdate(dates[0]))
                self.break_end.setMinimumDate(_qdate(dates[0]))
                self.break_end.setDate(_qdate(dates[1]))
            else:
                self.break_start.setMinimumDate(_qdate(today))
                if _pydate(self.break_start.date()) < today:
                    self.break_start.setDate(_qdate(today))
                start = _pydate(self.break_start.date())
                self.break_end.setMinimumDate(_qdate(start))
                if self.break_end.date() <= self.break_start.date():
                    self.break_end.setDate(
                        _qdate(start + timedelta(days=DEFAULT_BREAK_DAYS))
                    )
        self.break_start.setEnabled(dates is None and writable)
        self.break_end.setEnabled(dates is None and writable)
        self.start_break.setEnabled(dates is None and writable)
        self.end_break.setEnabled(dates is not None and writable)
        self.break_state.setText(self._break_words(dates, today))

    def _break_words(self, dates: tuple[date, date] | None, today: date) -> str:
        if self._model.read_only:
            return tr("This journal is open read-only, so a break cannot start here.")
        if dates is None:
            return tr("No break planned.")
        start, end = dates
        if start > today:
            return tr("A break is planned from {start} to {end}.").format(
                start=format_day(start, today), end=format_day(end, today)
            )
        return tr(
            "On a break until {end}. Enjoy the time off; nothing is needed from you."
        ).format(end=format_day(end, today))

    def _shown_times(self) -> list[time]:
        return [
            time(edit.time().hour(), edit.time().minute())
            for edit in self.time_edits[: self.prompt_count.value()]
        ]

    # ------------------------------------------------------------------ commands

    def start_holiday(self) -> list[date]:
        """Start (or plan) the break with the dates shown; returns the days marked."""
        today = self._today()
        start = _pydate(self.break_start.date())
        end = max(_pydate(self.break_end.date()), start)
        # The end first: the break exists once both are set.
        self._prefs.holiday_end = end
        self._prefs.holiday_start = start
        return mark_holiday(self._model, self._prefs, today)

    def end_holiday(self) -> None:
        """End the break now: today counts as tracked again."""
        end_holiday(self._model, self._prefs, self._today())
        with QSignalBlocker(self.break_start), QSignalBlocker(self.break_end):
            today = self._today()
            self.break_start.setDate(_qdate(today))
            self.break_end.setDate(_qdate(today + timedelta(days=DEFAULT_BREAK_DAYS)))
        self._load_break()

    # ------------------------------------------------------------------ slots

    def _on_sampling_toggled(self, on: bool) -> None:
        self._prefs.sampling = on
        self._load()

    def _on_prompt_count_changed(self, _count: int) -> None:
        self._prefs.sampling_times = tuple(self._shown_times())
        self._load()

    def _on_prompt_time_changed(self, _value: QTime) -> None:
        self._prefs.sampling_times = tuple(self._shown_times())

    def _on_review_day_changed(self, index: int) -> None:
        self._prefs.review_day = int(self.review_day.itemData(index))

    def _on_break_start_changed(self, value: QDate) -> None:
        self.break_end.setMinimumDate(value)

    def _on_prefs_changed(self, key: str) -> None:
        if key.startswith("calm/"):
            self._load()
