"""The Trends view: twitches over time, what goes with them, and when and where.

pyqtgraph is imported only when a ``TrendsView`` is built (never on start-up), and
the statistics run off the UI thread on an injectable executor; results come back
through a queued signal, and a result from an older request is dropped.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
from PySide6.QtCore import QDate, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from twitchtrack.domain import analysis as an
from twitchtrack.domain.models import Journal
from twitchtrack.domain.regions import GROUPS
from twitchtrack.ui.state import no_cycle_collection

if TYPE_CHECKING:
    from twitchtrack.ui.body_map.geometry import BodyGeometry
    from twitchtrack.ui.body_map.widget import BodyMapPanel
    from twitchtrack.ui.charts.association import AssociationChart
    from twitchtrack.ui.charts.common import ChartCard, Legend
    from twitchtrack.ui.charts.forest import ForestChart, ForestRow
    from twitchtrack.ui.charts.grid import HourWeekdayChart, WeekAreaChart
    from twitchtrack.ui.charts.theme import ChartTheme
    from twitchtrack.ui.charts.timeline import TimelineChart

# (key, button text, days); None days: the whole journal or the custom dates.
RANGES: tuple[tuple[str, str, int | None], ...] = (
    ("30d", "30 days", 30),
    ("90d", "90 days", 90),
    ("1y", "1 year", 365),
    ("all", "All", None),
    ("custom", "Custom", None),
)
RANGE_KEYS = tuple(key for key, _, _ in RANGES)
DEFAULT_RANGE = "90d"
DEFAULT_FACTOR = "caffeine_mg"
LONG_AVERAGE_DAYS = 28

FACTOR_TITLES: dict[str, str] = {
    "caffeine_mg": "Caffeine (mg)",
    "sleep_h": "Sleep (hours)",
    "sleep_quality": "Sleep quality (1-5)",
    "water_ml": "Water (ml)",
    "stress": "Stress (0-10)",
    "exercise_min": "Exercise (minutes)",
    "alcohol_units": "Alcohol (units)",
    "magnesium_mg": "Magnesium (mg)",
}
LAG_BUTTONS: tuple[tuple[int, str, str], ...] = (
    (0, "Same day", "trendsLagSame"),
    (1, "Next day", "trendsLagNext"),
    (2, "Two days later", "trendsLagTwo"),
)
_NIGHT = frozenset({"sleep_h", "sleep_quality"})


def _day_text(day: date) -> str:
    """'3 Mar 2026' on every platform (no %-d)."""
    return f"{day.day} {day:%b %Y}"


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n:,} {word}" if n == 1 else f"{n:,} {many or word + 's'}"


def outcome_axis_label(factor: str, lag: int) -> str:
    """The y axis of the association chart in words (sleep is a night, not a day)."""
    if factor in _NIGHT:
        return (
            "Twitches on the day after the night",
            "Twitches two days after the night",
            "Twitches three days after the night",
        )[lag]
    return ("Twitches that day", "Twitches the next day", "Twitches two days later")[
        lag
    ]


def lag_phrase(lag: int) -> str:
    """How a lag reads in a subtitle."""
    return ("on the same day", "on the next day", "two days later")[lag]


# ----------------------------------------------------------------- background work


class ImmediateExecutor(Executor):
    """Runs each job at once in the caller's thread (tests, benchmarks, screenshots)."""

    def submit(
        self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any
    ) -> Future[Any]:
        future: Future[Any] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except Exception as err:  # kept in the future, as a real executor does
            future.set_exception(err)
        return future


@dataclass(frozen=True)
class _Prepared:
    """Everything derived from one journal; a range change only slices it."""

    series: an.DailySeries
    rolling: npt.NDArray[np.float64]  # 7-day average
    rolling_long: npt.NDArray[np.float64]  # 4-week average, for ranges over a year
    table: an.EpisodeTable


@dataclass(frozen=True)
class _Outcome:
    kind: str  # "prepare" or "analysis"
    token: int
    value: Any
    error: str | None


def _prepare(journal: Journal) -> _Prepared:
    series = an.daily_series(journal)
    return _Prepared(
        series,
        an.rolling_mean(series.episodes),
        an.rolling_mean(series.episodes, LONG_AVERAGE_DAYS),
        an.episode_table(journal),
    )


class _Jobs:
    """The executor: the injected one, or a one-thread pool made (and owned) here."""

    def __init__(self, executor: Executor | None) -> None:
        self._executor = executor
        self._owned = executor is None

    def submit(self, fn: Callable[..., Any], *args: Any) -> None:
        if self._executor is None:
            self._executor = ThreadPoolExecutor(
                max_workers=1, thread_name_prefix="twitchtrack-trends"
            )
        self._executor.submit(fn, *args)

    def shutdown(self) -> None:
        if self._owned and self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None


class _Relay(QObject):
    """Lives in the UI thread; a worker emits on it, so delivery is queued."""

    delivered = Signal(object)


def _run_job(
    relay: _Relay, kind: str, token: int, fn: Callable[..., Any], *args: Any
) -> None:
    # The statistics allocate a lot: without the pause the cycle collector could run
    # on this thread and destroy garbage Qt objects (old charts, closed windows) off
    # the GUI thread. Paused (the emit too), it runs a moment later on the GUI thread.
    with no_cycle_collection():
        try:
            outcome = _Outcome(kind, token, fn(*args), None)
        except Exception as err:  # shown in the view as a sentence, not a traceback
            outcome = _Outcome(kind, token, None, str(err) or type(err).__name__)
        # RuntimeError: the view went away while the job ran; nobody is left to tell.
        with contextlib.suppress(RuntimeError):
            relay.delivered.emit(outcome)


# ----------------------------------------------------------------------- the view


class TrendsView(QWidget):
    """Charts of the journal over a shared date range (see module docstring)."""

    analysis_finished = Signal()

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        body_geometry: BodyGeometry | None = None,
        executor: Executor | None = None,
        today: Callable[[], date] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("trendsView")
        self.setAccessibleName("Trends")
        self._jobs = _Jobs(executor)
        self._today = today or date.today
        self._relay = _Relay(self)
        self._relay.delivered.connect(self._on_relay_delivered)
        self._journal_token = 0
        self._analysis_token = 0
        self._journal: Journal | None = None
        self._prepared: _Prepared | None = None
        self._slice: an.DailySeries | None = None
        self._pair_count = 0
        self._pairs: tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]] = (
            np.zeros(0),
            np.zeros(0),
        )
        self._rolling: npt.NDArray[np.float64] = np.zeros(0)
        self._average_days = an.ROLLING_DAYS
        self._episodes = an.EpisodeTable(*(np.zeros(0, dtype=np.int64),) * 4)
        self._span: tuple[date, date] | None = None
        self._insights: an.Insights | None = None
        self._error: str | None = None
        self._range_key = DEFAULT_RANGE
        self._custom: tuple[date, date] | None = None
        self._factor = DEFAULT_FACTOR
        self._overlay: str | None = DEFAULT_FACTOR
        self._lag = 0
        self._dark = False
        self._calm = False
        self._build(body_geometry)
        jobs = self._jobs
        # A closure over the job runner only: the view is gone when this fires.
        self.destroyed.connect(lambda *_: jobs.shutdown())
        self._refresh()

    # ------------------------------------------------------------ building
    def _build(self, body_geometry: BodyGeometry | None) -> None:
        # Imported here, not at module level: pyqtgraph stays off the start-up path.
        from twitchtrack.ui.body_map.widget import BodyMapPanel
        from twitchtrack.ui.charts.association import AssociationChart
        from twitchtrack.ui.charts.common import ChartCard, Legend
        from twitchtrack.ui.charts.forest import ForestChart
        from twitchtrack.ui.charts.grid import HourWeekdayChart, WeekAreaChart
        from twitchtrack.ui.charts.theme import theme_for
        from twitchtrack.ui.charts.timeline import TimelineChart

        self._theme: ChartTheme = theme_for(False)
        root = QVBoxLayout(self)
        root.setContentsMargins(16, 12, 16, 12)
        root.setSpacing(10)
        root.addWidget(self._build_range_bar())

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("trendsTabs")
        self.tabs.setAccessibleName("Trends sections")
        self.tabs.setDocumentMode(True)
        # The base line of a document-mode tab bar ignores the palette (a white
        # rule in dark mode); the pane draws the rule instead.
        self.tabs.tabBar().setDrawBase(False)
        root.addWidget(self.tabs, 1)

        # --- Over time -------------------------------------------------------
        page, row = self._page("trendsPageTime")
        self.timeline_card: ChartCard = ChartCard(
            "trendsTimelineCard", "Twitches per day", page
        )
        self.overlay_combo = QComboBox(self.timeline_card)
        self.overlay_combo.setObjectName("trendsOverlay")
        self.overlay_combo.setAccessibleName("Check-in value shown alongside")
        self.overlay_combo.setToolTip("Draw a check-in value on the right-hand axis")
        self.overlay_combo.addItem("Nothing", None)
        for factor in an.FACTORS:
            self.overlay_combo.addItem(FACTOR_TITLES[factor], factor)
        self.overlay_combo.setCurrentIndex(self.overlay_combo.findData(self._overlay))
        self.overlay_combo.currentIndexChanged.connect(self._on_overlay_combo_changed)
        shown_with = QLabel("Show alongside", self.timeline_card)
        shown_with.setProperty("role", "muted")
        shown_with.setBuddy(self.overlay_combo)
        self.timeline_card.header.addWidget(shown_with)
        self.timeline_card.header.addWidget(self.overlay_combo)
        self.timeline_legend: Legend = Legend(
            "trendsTimelineLegend", self.timeline_card
        )
        self.timeline: TimelineChart = TimelineChart(self.timeline_card)
        # The main chart of the page gets the room; the week grid scrolls in time.
        self.timeline.plot.setMinimumHeight(250)
        self.timeline_note = QLabel(
            "Scroll to zoom, drag to move. A gap in the dashed line: no check-in.",
            self.timeline_card,
        )
        self.timeline_note.setObjectName("trendsTimelineNote")
        self.timeline_note.setProperty("role", "hint")
        legend_row = QHBoxLayout()
        legend_row.addWidget(self.timeline_legend, 1)
        legend_row.addWidget(self.timeline_note)
        self.timeline_card.body_layout.addLayout(legend_row)
        self.timeline_card.body_layout.addWidget(self.timeline, 1)

        self.weeks_card: ChartCard = ChartCard(
            "trendsWeeksCard", "Where, week by week", page
        )
        self.weeks_card.set_subtitle(
            "Twitches in each body area per week: a row filling up shows twitches "
            "moving or spreading to that area."
        )
        self.week_areas: WeekAreaChart = WeekAreaChart(self.weeks_card)
        self.week_areas.view.setXLink(self.timeline.view)
        self.weeks_card.body_layout.addWidget(self.week_areas, 1)
        row.addWidget(self.timeline_card, 3)
        row.addWidget(self.weeks_card, 2)
        self.tabs.addTab(page, "Over time")

        # --- What goes with it ----------------------------------------------
        page, row = self._page("trendsPageLinks", horizontal=True)
        self.association_card: ChartCard = ChartCard(
            "trendsAssociationCard", "One factor, day by day", page
        )
        self.factor_combo = QComboBox(self.association_card)
        self.factor_combo.setObjectName("trendsFactor")
        self.factor_combo.setAccessibleName("Factor to compare with twitches")
        for factor in an.FACTORS:
            self.factor_combo.addItem(FACTOR_TITLES[factor], factor)
        self.factor_combo.setCurrentIndex(self.factor_combo.findData(self._factor))
        self.factor_combo.currentIndexChanged.connect(self._on_factor_combo_changed)
        self.association_card.header.addWidget(self.factor_combo)
        lag_row = QHBoxLayout()
        lag_row.setSpacing(0)
        lag_label = QLabel("Twitches counted", self.association_card)
        lag_label.setProperty("role", "muted")
        lag_row.addWidget(lag_label)
        lag_row.addSpacing(8)
        self.lag_buttons = QButtonGroup(self)
        self.lag_buttons.setExclusive(True)
        for i, (lag, text, name) in enumerate(LAG_BUTTONS):
            button = QPushButton(text, self.association_card)
            button.setObjectName(name)
            button.setAccessibleName(f"Compare with twitches: {text.lower()}")
            button.setCheckable(True)
            button.setChecked(lag == self._lag)
            button.setProperty(
                "segment", "first" if i == 0 else "last" if i == 2 else "middle"
            )
            self.lag_buttons.addButton(button, lag)
            lag_row.addWidget(button)
        lag_row.addStretch(1)
        self.lag_buttons.idClicked.connect(self._on_lag_buttons_clicked)
        self.association_card.body_layout.addLayout(lag_row)
        self.association_legend: Legend = Legend(
            "trendsAssociationLegend", self.association_card
        )
        self.association: AssociationChart = AssociationChart(self.association_card)
        self.sentence = QLabel("", self.association_card)
        self.sentence.setObjectName("trendsSentence")
        self.sentence.setProperty("role", "sentence")
        self.sentence.setWordWrap(True)
        self.sentence.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
        )
        self.detail = QLabel("", self.association_card)
        self.detail.setObjectName("trendsDetail")
        self.detail.setProperty("role", "hint")
        self.detail.setWordWrap(True)
        body = self.association_card.body_layout
        body.addWidget(self.association_legend)
        body.addWidget(self.association, 1)
        body.addWidget(self.sentence)
        body.addWidget(self.detail)

        self.forest_card: ChartCard = ChartCard(
            "trendsForestCard", "All factors at a glance", page
        )
        self.forest: ForestChart = ForestChart(self.forest_card)
        self.forest.row_clicked.connect(self._on_forest_row_clicked)
        self.forest_legend: Legend = Legend("trendsForestLegend", self.forest_card)
        self.forest_note = QLabel(
            "A link is clear when it holds across all your days, after allowing for "
            "the many comparisons made here. A link in your data is not proof that "
            "one brings on the other. Click a row to see that factor day by day.",
            self.forest_card,
        )
        self.forest_note.setObjectName("trendsForestNote")
        self.forest_note.setProperty("role", "hint")
        self.forest_note.setWordWrap(True)
        self.forest_card.body_layout.addWidget(self.forest_legend)
        self.forest_card.body_layout.addWidget(self.forest, 1)
        self.forest_card.body_layout.addWidget(self.forest_note)
        row.addWidget(self.association_card, 11)
        row.addWidget(self.forest_card, 10)
        self.tabs.addTab(page, "What goes with it")

        # --- When & where ---------------------------------------------------
        page, row = self._page("trendsPagePlaces", horizontal=True)
        self.hours_card: ChartCard = ChartCard(
            "trendsHoursCard", "Time of day and weekday", page
        )
        self.hours_card.set_subtitle(
            "Twitches logged in each hour of each weekday; deeper colour and a "
            "larger number mean more."
        )
        self.hour_grid: HourWeekdayChart = HourWeekdayChart(self.hours_card)
        self.hours_card.body_layout.addWidget(self.hour_grid, 1)
        self.body_card: ChartCard = ChartCard(
            "trendsBodyCard", "Where on the body", page
        )
        self.body_card.set_subtitle("Deeper colour: more twitches in the range.")
        self.body_panel: BodyMapPanel = BodyMapPanel(body_geometry, self.body_card)
        self.body_panel.setObjectName("trendsBodyMap")
        self.body_panel.setAccessibleName("Body map of twitches in the range")
        self.body_card.body_layout.addWidget(self.body_panel, 1)
        row.addWidget(self.hours_card, 3)
        row.addWidget(self.body_card, 2)
        self.tabs.addTab(page, "When && where")

        self._apply_theme()

    def _page(
        self, name: str, *, horizontal: bool = False
    ) -> tuple[QWidget, QHBoxLayout | QVBoxLayout]:
        page = QWidget(self)
        page.setObjectName(name)
        page.setProperty("trendsPage", "true")
        layout = QHBoxLayout(page) if horizontal else QVBoxLayout(page)
        layout.setContentsMargins(0, 10, 0, 0)
        layout.setSpacing(12)
        return page, layout

    def _build_range_bar(self) -> QWidget:
        bar = QFrame(self)
        bar.setObjectName("trendsRangeBar")
        bar.setAccessibleName("Date range for every chart")
        row = QHBoxLayout(bar)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        title = QLabel("Trends", bar)
        title.setObjectName("trendsTitle")
        title.setProperty("role", "page-title")
        row.addWidget(title)
        row.addSpacing(18)
        self.range_buttons = QButtonGroup(self)
        self.range_buttons.setExclusive(True)
        for i, (key, text, _days) in enumerate(RANGES):
            button = QPushButton(text, bar)
            button.setObjectName(f"trendsRange{key.capitalize()}")
            button.setAccessibleName(
                f"Show {text.lower()}" if key != "custom" else "Choose dates"
            )
            button.setCheckable(True)
            button.setChecked(key == self._range_key)
            button.setProperty("range", key)
            button.setProperty(
                "segment",
                "first" if i == 0 else "last" if i == len(RANGES) - 1 else "middle",
            )
            self.range_buttons.addButton(button, i)
            row.addWidget(button)
        self.range_buttons.idClicked.connect(self._on_range_buttons_clicked)
        row.addSpacing(12)
        self.from_edit = self._date_edit("trendsFrom", "First day of the range")
        self.to_edit = self._date_edit("trendsTo", "Last day of the range")
        dash = QLabel("to", bar)
        dash.setProperty("role", "muted")
        row.addWidget(self.from_edit)
        row.addSpacing(6)
        row.addWidget(dash)
        row.addSpacing(6)
        row.addWidget(self.to_edit)
        row.addSpacing(14)
        self.range_error = QLabel("", bar)
        self.range_error.setObjectName("trendsRangeError")
        self.range_error.setProperty("role", "warning")
        self.range_error.setVisible(False)
        row.addWidget(self.range_error)
        row.addStretch(1)
        self.summary = QLabel("", bar)
        self.summary.setObjectName("trendsSummary")
        self.summary.setProperty("role", "muted")
        self.summary.setAccessibleName("Range summary")
        row.addWidget(self.summary)
        return bar

    def _date_edit(self, name: str, accessible: str) -> QDateEdit:
        edit = QDateEdit(self)
        edit.setObjectName(name)
        edit.setAccessibleName(accessible)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("d MMM yyyy")
        # Only whole dates count: no refresh for every digit typed.
        edit.setKeyboardTracking(False)
        edit.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        edit.dateChanged.connect(self._on_date_edit_changed)
        return edit

    # ----------------------------------------------------------------- API
    def set_journal(self, journal: Journal) -> None:
        """Show this journal (call on every change); the work runs off the UI thread."""
        self._journal = journal
        self._journal_token += 1
        self._submit("prepare", self._journal_token, _prepare, journal)

    def set_dark(self, dark: bool) -> None:
        """Follow a dark or light window."""
        if dark == self._dark:
            return
        self._dark = dark
        self._apply_theme()

    def set_calm(self, calm: bool) -> None:
        """Hide counts and heat maps (the calm view); the statistics stay."""
        if calm == self._calm:
            return
        self._calm = calm
        self.body_panel.set_calm(calm)
        self._refresh()

    def set_range(
        self, key: str, start: date | None = None, end: date | None = None
    ) -> None:
        """Pick a range: '30d', '90d', '1y', 'all', or 'custom' with both dates."""
        if key not in RANGE_KEYS:
            raise ValueError(f"unknown range {key!r}; expected one of {RANGE_KEYS}")
        if key == "custom":
            if start is None or end is None:
                raise ValueError("a custom range needs a start and an end date")
            if start > end:
                self._show_range_error(start, end)
                return
            self._custom = (start, end)
        self.range_error.setVisible(False)
        self._range_key = key
        for button in self.range_buttons.buttons():
            button.setChecked(button.property("range") == key)
        self._refresh()

    def range_key(self) -> str:
        """The chosen range button."""
        return self._range_key

    def span(self) -> tuple[date, date] | None:
        """First and last day of the range shown (None before any data)."""
        return self._span

    def set_factor(self, factor: str) -> None:
        """The factor of the association chart (highlighted in the summary)."""
        if factor not in an.FACTORS:
            raise ValueError(f"unknown factor {factor!r}")
        self._factor = factor
        self.factor_combo.blockSignals(True)
        self.factor_combo.setCurrentIndex(self.factor_combo.findData(factor))
        self.factor_combo.blockSignals(False)
        self._update_association()

    def factor(self) -> str:
        """The factor of the association chart."""
        return self._factor

    def set_overlay(self, factor: str | None) -> None:
        """The factor drawn over the timeline on the right axis (None: nothing)."""
        if factor is not None and factor not in an.FACTORS:
            raise ValueError(f"unknown factor {factor!r}")
        self._overlay = factor
        self.overlay_combo.blockSignals(True)
        self.overlay_combo.setCurrentIndex(self.overlay_combo.findData(factor))
        self.overlay_combo.blockSignals(False)
        self._update_timeline()

    def set_lag(self, lag: int) -> None:
        """Compare with twitches on the same day (0), next day (1) or two days later."""
        if lag not in an.LAGS:
            raise ValueError(f"lag must be one of {an.LAGS}, not {lag!r}")
        self._lag = lag
        button = self.lag_buttons.button(lag)
        if button is not None:
            button.setChecked(True)
        self._update_association()
        self._update_forest()

    def lag(self) -> int:
        """The chosen lag in days."""
        return self._lag

    def insights(self) -> an.Insights | None:
        """The statistics behind the charts, once they have arrived."""
        return self._insights

    def last_error(self) -> str | None:
        """Why the last background job failed, if it did."""
        return self._error

    def shutdown(self) -> None:
        """Stop the executor this view created (an injected one is left alone)."""
        self._journal_token += 1
        self._analysis_token += 1
        self._jobs.shutdown()

    # ----------------------------------------------------------- background
    def _submit(
        self, kind: str, token: int, fn: Callable[..., Any], *args: Any
    ) -> None:
        self._jobs.submit(_run_job, self._relay, kind, token, fn, *args)

    def _on_relay_delivered(self, outcome: _Outcome) -> None:
        if outcome.kind == "prepare":
            if outcome.token != self._journal_token:
                return  # an older journal: a newer one is on its way
            if outcome.error is not None:
                self._fail(outcome.error)
                return
            self._error = None
            self._prepared = outcome.value
            self._refresh()
        elif outcome.kind == "analysis":
            if outcome.token != self._analysis_token:
                return  # an older range or journal
            if outcome.error is not None:
                self._fail(outcome.error)
                return
            self._error = None
            self._insights = outcome.value
            self._update_association(pairs=False)
            self._update_forest()
            self.analysis_finished.emit()

    def _fail(self, message: str) -> None:
        self._error = message
        text = f"The trends could not be worked out: {message}"
        for card in (self.association_card, self.forest_card):
            card.show_message(text)
        self.analysis_finished.emit()

    # -------------------------------------------------------------- refresh
    def _compute_span(self) -> tuple[date, date] | None:
        prepared = self._prepared
        if prepared is None or prepared.series.first is None:
            return None
        first = prepared.series.first
        last = prepared.series.last
        assert last is not None
        if self._range_key == "custom" and self._custom is not None:
            return self._custom
        days = {k: d for k, _, d in RANGES}[self._range_key]
        if days is None:
            return first, last
        end = max(self._today(), last)
        # Days before the first record are unknown, not quiet: never show them.
        return max(end - timedelta(days=days - 1), first), end

    def _refresh(self) -> None:
        """Slice the cached series for the range and redraw; statistics follow."""
        self._analysis_token += 1
        self._insights = None
        span = self._compute_span()
        self._span = span
        self._sync_date_edits()
        prepared = self._prepared
        if prepared is None or span is None:
            self._slice = None
            self._show_empty(waiting=self._journal is not None and prepared is None)
            return
        start, end = span
        self._slice = prepared.series.between(start, end)
        lo = int(np.searchsorted(prepared.series.days, np.datetime64(start, "D")))
        # Over long ranges a week-long average is mostly noise: use four weeks.
        self._average_days = (
            LONG_AVERAGE_DAYS if (end - start).days + 1 > 400 else an.ROLLING_DAYS
        )
        rolling = (
            prepared.rolling_long
            if self._average_days == LONG_AVERAGE_DAYS
            else prepared.rolling
        )
        self._rolling = rolling[lo : lo + len(self._slice)]
        self._episodes = prepared.table.between(start, end)
        self._update_summary()
        self._update_timeline()
        self._update_places()
        self._update_association()
        self._update_forest()
        if len(self._slice):
            self._submit(
                "analysis", self._analysis_token, an.analyze_series, self._slice
            )
            return
        text = (
            f"Nothing logged between {_day_text(start)} and {_day_text(end)}. Pick "
            "another range, or log twitches and check-ins on these days."
        )
        for card in (self.timeline_card, self.association_card, self.forest_card):
            card.show_message(text)
        self.analysis_finished.emit()

    def _show_empty(self, waiting: bool) -> None:
        text = (
            "Working out your trends..."
            if waiting
            else "Nothing logged yet. Log a twitch on the body map or fill in a daily "
            "check-in, and your days will show up here."
        )
        self.summary.setText("")
        for card in (
            self.timeline_card,
            self.weeks_card,
            self.association_card,
            self.forest_card,
            self.hours_card,
        ):
            card.show_message(text)
        self.body_panel.set_heat(None)
        if not waiting:
            self.analysis_finished.emit()

    def _sync_date_edits(self) -> None:
        prepared = self._prepared
        span = self._span
        for edit in (self.from_edit, self.to_edit):
            edit.blockSignals(True)
        if prepared is not None and prepared.series.first is not None:
            low = _qdate(prepared.series.first)
            high = _qdate(max(self._today(), prepared.series.last or self._today()))
            for edit in (self.from_edit, self.to_edit):
                edit.setDateRange(low.addYears(-1), high)
        if span is not None:
            self.from_edit.setDate(_qdate(span[0]))
            self.to_edit.setDate(_qdate(span[1]))
        for edit in (self.from_edit, self.to_edit):
            edit.setEnabled(prepared is not None and span is not None)
            edit.blockSignals(False)

    def _update_summary(self) -> None:
        assert self._span is not None
        assert self._slice is not None
        start, end = self._span
        days = len(self._slice)
        parts = [f"{_day_text(start)} to {_day_text(end)}", _plural(days, "day")]
        if not self._calm:
            parts.append(_plural(len(self._episodes), "twitch", "twitches"))
        self.summary.setText("  ·  ".join(parts))

    def _update_timeline(self) -> None:
        sl = self._slice
        if sl is None or self._span is None:
            return
        if not len(sl):
            return  # _refresh shows what to do instead
        self.timeline_card.show_chart()
        overlay = self._overlay
        values = sl.factors[overlay] if overlay is not None else None
        title = FACTOR_TITLES[overlay] if overlay is not None else ""
        self.timeline.set_data(sl.days, sl.episodes, self._rolling, values, title)
        self.timeline.set_span(*self._span)
        entries = [
            ("bar", "bar", "Twitches logged each day"),
            ("line", "accent", self._average_text()),
        ]
        if overlay is not None:
            if self.timeline.has_overlay():
                entries.append(("dots-line", "overlay", f"{title}, right-hand scale"))
            else:
                entries.append(
                    ("dots-line", "muted_mark", f"{title}: not logged in this range")
                )
        self.timeline_legend.set_entries(entries, self._theme)

    def _average_text(self) -> str:
        if self._average_days == LONG_AVERAGE_DAYS:
            return "4-week average"
        return f"{self._average_days}-day average"

    def _update_places(self) -> None:
        assert self._span is not None
        start, end = self._span
        table = self._episodes
        calm_text = (
            "Hidden while the calm view is on. Turn off the calm map in the View menu "
            "to see counts and colours here."
        )
        nothing = "No twitches logged in this range."
        if self._calm:
            self.hours_card.show_message(calm_text)
            self.weeks_card.show_message(calm_text)
            self.body_panel.set_heat(None)
            return
        if not len(table):
            self.hours_card.show_message(nothing)
            self.weeks_card.show_message(nothing)
            self.body_panel.set_heat(None)
            return
        self.hours_card.show_chart()
        self.weeks_card.show_chart()
        self.hour_grid.set_counts(table.hour_weekday_counts(), an.WEEKDAYS)
        weeks = table.week_group_counts(start, end)
        mondays = [date.fromisoformat(str(w)) for w in weeks.weeks]
        labels = [GROUPS[g][0] for g in weeks.groups]
        self.week_areas.set_counts(weeks.counts, mondays, labels)
        self.body_panel.set_heat(
            {k: float(v) for k, v in table.region_counts().items()}
        )

    def _current(self) -> an.Association | None:
        if self._insights is None:
            return None
        return self._insights.get(self._factor, self._lag)

    def _update_association(self, *, pairs: bool = True) -> None:
        """Redraw the association chart; ``pairs=False`` keeps the dots (new stats)."""
        sl = self._slice
        self.forest.set_selected(self._factor)
        self.association_card.title.setText(
            f"{an.FACTOR_LABELS[self._factor].capitalize()} and twitches"
        )
        if sl is None or not len(sl):
            return
        if pairs:
            x, y = an.lagged_pairs(sl, self._factor, self._lag)
            self._pair_count = int(x.size)
            if x.size == 0:
                name = an.FACTOR_LABELS[self._factor]
                self.association_card.show_message(
                    f"You have not logged {name} in this range yet. Add it to your "
                    "daily check-in and this chart will show how it goes with your "
                    "twitches."
                )
                return
            self.association_card.show_chart()
            self.association.set_pairs(
                x,
                y,
                FACTOR_TITLES[self._factor],
                outcome_axis_label(self._factor, self._lag),
            )
            self._pairs = (x, y)
        elif self._pair_count == 0:
            return
        result = self._current()
        entries = [("dot", "point", f"One day ({_plural(self._pair_count, 'day')})")]
        self.association.clear_summary()
        if result is None:
            self.sentence.setText("Working out what goes with your twitches...")
            self.detail.setText("")
        else:
            self.sentence.setText(result.sentence)
            self.detail.setText(self._detail_text(result))
            # Lines only once there is enough data to say something: a trend
            # through a handful of days would look like a finding.
            if result.status != "insufficient_data" and result.threshold is not None:
                self.association.set_sides(
                    result.threshold, result.low_mean, result.high_mean
                )
                entries.append(
                    ("line", "accent", "Average on each side of the cut-off")
                )
                self.association.set_trend(an.linear_trend(*self._pairs))
                entries.append(("dashed", "muted", "Overall trend"))
        self.association_legend.set_entries(entries, self._theme)

    @staticmethod
    def _detail_text(a: an.Association) -> str:
        if a.status == "insufficient_data" or a.threshold is None:
            return f"{_plural(a.n, 'day')} with {an.FACTOR_LABELS[a.factor]} so far."
        cut = "a health guideline" if a.threshold_kind == "health" else "your median"
        parts = [f"Split at {an.focus_label(a).lower()} ({cut})"]
        parts.append(f"{a.high_n} days on the high side, {a.low_n} on the low side")
        if a.n_effective is not None and a.n_effective < 0.95 * a.n:
            # Said plainly: the interval below is wider than the day count suggests.
            parts.append(
                "neighbouring days are much alike, so they weigh as about "
                f"{_plural(round(a.n_effective), 'independent day')}"
            )
        if a.rho is not None and a.rho_ci is not None:
            parts.append(
                f"rank correlation {a.rho:+.2f} (95% CI {a.rho_ci[0]:+.2f} to "
                f"{a.rho_ci[1]:+.2f})"
            )
        if a.p_adjusted is not None:
            p = "p < 0.001" if a.p_adjusted < 0.001 else f"p = {a.p_adjusted:.3f}"
            parts.append(f"{p} after allowing for every comparison")
        return "; ".join(parts) + "."

    def _update_forest(self) -> None:
        from twitchtrack.ui.charts.forest import ForestRow

        if self._slice is None or not len(self._slice):
            return
        insights = self._insights
        if insights is None:
            if len(self._slice):
                self.forest_card.show_message(
                    "Working out what goes with your twitches..."
                )
            return
        results = [insights.get(f, self._lag) for f in an.FACTORS]
        waiting = [a for a in results if a.status == "insufficient_data"]
        if len(waiting) == len(results):
            needed = min(a.days_needed for a in waiting)
            self.forest_card.show_message(
                f"Log a check-in on {_plural(needed, 'more day')} to see which of "
                "caffeine, sleep, water, stress, exercise, alcohol and magnesium go "
                "with your twitches."
            )
            return
        self.forest_card.show_chart()
        rows: list[ForestRow] = []
        for a in results:
            if a.status == "insufficient_data" or a.difference_ci is None:
                rows.append(
                    ForestRow(
                        a.factor,
                        an.focus_label(a)
                        if a.threshold is not None
                        else an.FACTOR_LABELS[a.factor].capitalize(),
                        None,
                        None,
                        None,
                        False,
                        f"needs {_plural(a.days_needed, 'more day')}",
                    )
                )
                continue
            sign = 1.0 if a.focus == "high" else -1.0
            low, high = sorted((sign * a.difference_ci[0], sign * a.difference_ci[1]))
            clear = a.status == "association"
            note = "clear link" if clear else "no clear link"
            if a.direction_unclear:
                note = "link, order unclear"
            rows.append(
                ForestRow(
                    a.factor,
                    an.focus_label(a),
                    a.focus_difference,
                    low,
                    high,
                    clear,
                    note,
                )
            )
        self.forest.set_rows(rows, "Difference in twitches per day")
        self.forest.set_selected(self._factor)
        self.forest_card.set_subtitle(
            "More (right of 0) or fewer (left) twitches per day on days in each group "
            f"than on other days, {lag_phrase(self._lag)}. Each line shows the likely "
            "range (95%)."
        )
        self.forest_legend.set_entries(
            [
                ("square", "accent", "Clear link"),
                ("hollow", "muted_mark", "No clear link"),
            ],
            self._theme,
        )

    # ---------------------------------------------------------------- looks
    def _apply_theme(self) -> None:
        from twitchtrack.ui.charts.theme import theme_for

        self._theme = theme_for(self._dark)
        self.setStyleSheet(_style_sheet(self._theme))
        for chart in (
            self.timeline,
            self.association,
            self.forest,
            self.hour_grid,
            self.week_areas,
        ):
            chart.set_theme(self._theme)
        self.body_panel.set_dark(self._dark)
        self._refresh_legends()

    def _refresh_legends(self) -> None:
        for legend in (
            self.timeline_legend,
            self.association_legend,
            self.forest_legend,
        ):
            legend.set_entries(legend.entries(), self._theme)

    def _show_range_error(self, start: date, end: date) -> None:
        self.range_error.setText(
            f"The start date {_day_text(start)} is after the end date {_day_text(end)}."
        )
        self.range_error.setVisible(True)

    # ---------------------------------------------------------------- slots
    def _on_range_buttons_clicked(self, index: int) -> None:
        key = RANGES[index][0]
        if key == "custom":
            span = self._span
            if span is None:
                return
            self.set_range("custom", *(self._custom or span))
        else:
            self.set_range(key)

    def _on_date_edit_changed(self, _value: QDate) -> None:
        start = self.from_edit.date().toPython()
        end = self.to_edit.date().toPython()
        assert isinstance(start, date)
        assert isinstance(end, date)
        self.set_range("custom", start, end)

    def _on_overlay_combo_changed(self, index: int) -> None:
        self.set_overlay(self.overlay_combo.itemData(index))

    def _on_factor_combo_changed(self, index: int) -> None:
        self.set_factor(str(self.factor_combo.itemData(index)))

    def _on_lag_buttons_clicked(self, lag: int) -> None:
        self.set_lag(lag)

    def _on_forest_row_clicked(self, factor: str) -> None:
        self.set_factor(factor)


# Style sheets want a file for the drop-down arrow; it ships inside the package.
CHEVRON = (Path(__file__).resolve().parent / "charts" / "chevron.svg").as_posix()


def _style_sheet(t: ChartTheme) -> str:
    """The view's own look, light or dark (cards, segmented buttons, tabs)."""
    white = "#ffffff" if not t.dark else "#101418"
    return f"""
QWidget#trendsView, QWidget[trendsPage="true"] {{ background: {t.page}; }}
QWidget#trendsView QLabel {{ color: {t.text}; background: transparent; }}
QLabel[role="page-title"] {{ font-size: 15pt; font-weight: 600; }}
QLabel[role="card-title"] {{ font-size: 12pt; font-weight: 600; }}
QWidget#trendsView QLabel[role="muted"], QWidget#trendsView QLabel[role="legend"] {{
    color: {t.muted}; }}
QWidget#trendsView QLabel[role="hint"] {{ color: {t.muted}; font-size: 9pt; }}
QWidget#trendsView QLabel[role="empty"] {{ color: {t.muted}; font-size: 11pt;
    padding: 24px 40px; }}
QWidget#trendsView QLabel[role="sentence"] {{ font-size: 11.5pt; font-weight: 600;
    color: {t.text}; padding-top: 4px; }}
QWidget#trendsView QLabel[role="warning"] {{ color: {t.overlay}; }}
QFrame[card="true"] {{ background: {t.card}; border: 1px solid {t.border};
    border-radius: 10px; }}
QFrame[card="true"] QStackedWidget, QFrame[card="true"] QStackedWidget > QWidget {{
    background: transparent; }}
QWidget#trendsView QPushButton {{ background: {t.card}; color: {t.text};
    border: 1px solid {t.border}; border-radius: 6px; padding: 5px 12px; }}
QWidget#trendsView QPushButton:hover {{ background: {t.accent_soft}; }}
QWidget#trendsView QPushButton:focus {{ border-color: {t.accent}; }}
QWidget#trendsView QPushButton[segment] {{ border-radius: 0; margin-left: -1px; }}
QWidget#trendsView QPushButton[segment="first"] {{ border-top-left-radius: 6px;
    border-bottom-left-radius: 6px; margin-left: 0; }}
QWidget#trendsView QPushButton[segment="last"] {{ border-top-right-radius: 6px;
    border-bottom-right-radius: 6px; }}
QWidget#trendsView QPushButton:checked {{ background: {t.accent}; color: {white};
    border-color: {t.accent}; }}
QWidget#trendsView QComboBox, QWidget#trendsView QDateEdit {{
    background: {t.card}; color: {t.text}; border: 1px solid {t.border};
    border-radius: 6px; padding: 4px 8px; min-height: 20px; }}
QWidget#trendsView QComboBox:focus, QWidget#trendsView QDateEdit:focus {{
    border-color: {t.accent}; }}
QWidget#trendsView QDateEdit:disabled {{ color: {t.muted}; }}
QWidget#trendsView QComboBox::drop-down, QWidget#trendsView QDateEdit::drop-down {{
    border: none; width: 20px; }}
QWidget#trendsView QComboBox::down-arrow, QWidget#trendsView QDateEdit::down-arrow {{
    image: url({CHEVRON}); width: 10px; height: 6px; }}
QWidget#trendsBodyMap QToolButton {{ background: {t.card}; color: {t.text};
    border: 1px solid {t.border}; padding: 4px 14px; margin-left: -1px; }}
QWidget#trendsBodyMap QToolButton:hover {{ background: {t.accent_soft}; }}
QWidget#trendsBodyMap QToolButton:checked {{ background: {t.accent}; color: {white};
    border-color: {t.accent}; }}
QWidget#trendsBodyMap QToolButton#bodyMapViewFront {{ border-top-left-radius: 6px;
    border-bottom-left-radius: 6px; margin-left: 0; }}
QWidget#trendsBodyMap QToolButton#bodyMapViewFace {{ border-top-right-radius: 6px;
    border-bottom-right-radius: 6px; }}
QWidget#trendsView QComboBox QAbstractItemView {{ background: {t.card};
    color: {t.text}; selection-background-color: {t.accent_soft};
    selection-color: {t.text}; }}
QTabWidget#trendsTabs::pane {{ border: none; border-top: 1px solid {t.border}; }}
QTabWidget#trendsTabs > QTabBar::tab {{ background: transparent; color: {t.muted};
    font-weight: 600; padding: 7px 16px; margin-right: 4px; border: none;
    border-bottom: 2px solid transparent; }}
QTabWidget#trendsTabs > QTabBar::tab:selected {{ color: {t.accent};
    border-bottom: 2px solid {t.accent}; }}
QTabWidget#trendsTabs > QTabBar::tab:hover {{ color: {t.text}; }}
QWidget#trendsView QToolTip {{ color: {t.text}; background: {t.card};
    border: 1px solid {t.border}; }}
"""


# ----------------------------------------------------------------- screenshots


def render_screenshot(
    out: str,
    size: tuple[int, int] = (1280, 800),
    *,
    tab: int = 1,
    range_key: str = "1y",
    factor: str = DEFAULT_FACTOR,
    dark: bool = False,
) -> None:
    """Draw the view on the fixed demo journal into a PNG (for the README)."""
    import os
    from datetime import timezone

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from twitchtrack.domain.demo import generate_demo

    app = QApplication.instance() or QApplication([])
    end = date(2026, 11, 20)
    journal = generate_demo(days=365, seed=7, end=end, tz=timezone(timedelta(hours=1)))
    view = TrendsView(executor=ImmediateExecutor(), today=lambda: end)
    view.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    view.set_dark(dark)
    view.resize(*size)
    view.set_journal(journal)
    view.set_range(range_key)
    view.set_factor(factor)
    view.tabs.setCurrentIndex(tab)
    view.show()
    for _ in range(5):
        app.processEvents()
    if not view.grab().save(out, "PNG"):
        raise OSError(f"could not write the screenshot {out}")
    view.close()
    view.deleteLater()


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(prog="python -m twitchtrack.ui.trends_view")
    parser.add_argument("out", help="PNG file to write")
    parser.add_argument("--tab", type=int, default=1, help="0, 1 or 2")
    parser.add_argument("--range", default="1y", choices=RANGE_KEYS[:-1])
    parser.add_argument("--factor", default=DEFAULT_FACTOR, choices=an.FACTORS)
    parser.add_argument("--dark", action="store_true")
    args = parser.parse_args()
    render_screenshot(
        args.out, tab=args.tab, range_key=args.range, factor=args.factor, dark=args.dark
    )
    sys.exit(0)
