"""The Trends view: twitches over time, what goes with them, and when and where.

pyqtgraph is imported only when a ``TrendsView`` is built (never on start-up), and
the count model (statsmodels, issue 16) runs off the UI thread on an injectable
executor (``JobRunner``); a result from an older request is dropped. Fits are
kept per range for the journal shown, so going back to a range is instant; while
a new range is worked out, the previous result stays, dimmed.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from twitchtrack.domain import analysis as an
from twitchtrack.domain.analysis.count_results import (
    CountModelResult,
    FactorResult,
    Outcome,
)
from twitchtrack.domain.analysis.series import to_date
from twitchtrack.domain.analysis.tracking import MODEL_FACTORS
from twitchtrack.domain.models import Journal
from twitchtrack.domain.times import EARLIEST_DAY, latest_day
from twitchtrack.ui.jobs import JobResult, JobRunner
from twitchtrack.ui.trends import wording as w
from twitchtrack.ui.trends.model_job import ModelInput, fit_range, model_input
from twitchtrack.ui.trends.range_bar import (
    DEFAULT_RANGE,
    RANGE_KEYS,
    RangeBar,
    range_span,
)
from twitchtrack.ui.trends.style import style_sheet

if TYPE_CHECKING:
    from twitchtrack.graphics.body.geometry import BodyGeometry
    from twitchtrack.ui.log.body_map.panel import BodyMapPanel
    from twitchtrack.ui.trends.charts.association import AssociationChart
    from twitchtrack.ui.trends.charts.common import ChartCard, Legend
    from twitchtrack.ui.trends.charts.forest import ForestChart
    from twitchtrack.ui.trends.charts.grid import HourWeekdayChart, WeekAreaChart
    from twitchtrack.ui.trends.charts.timeline import TimelineChart
    from twitchtrack.ui.trends.tabs import TrendsTabs

DEFAULT_FACTOR = "caffeine_mg"
# Job channels: a newer job on a channel makes the older one's result stale.
_PREPARE = "prepare"
_MODEL = "model"


@dataclass(frozen=True)
class _Prepared:
    """Everything derived from one journal; a range change only slices it."""

    series: an.DailySeries
    rolling: npt.NDArray[np.float64]  # 7-day average
    rolling_long: npt.NDArray[np.float64]  # 4-week average, for ranges over a year
    table: an.EpisodeTable
    model: ModelInput  # the days as the count model reads them


def _prepare(journal: Journal, outcome: Outcome = "episodes") -> _Prepared:
    series = an.daily_series(journal)
    return _Prepared(
        series,
        an.rolling_mean(series.episodes),
        an.rolling_mean(series.episodes, w.LONG_AVERAGE_DAYS),
        an.episode_table(journal),
        model_input(journal, outcome=outcome),
    )


class TrendsView(QWidget):
    """Charts of the journal over a shared date range (see module docstring)."""

    analysis_finished = Signal()

    # The cards and charts, made by the tabs (tests and screenshots use them).
    tabs: TrendsTabs
    timeline_card: ChartCard
    timeline_legend: Legend
    timeline: TimelineChart
    weeks_card: ChartCard
    week_areas: WeekAreaChart
    association_card: ChartCard
    association: AssociationChart
    sentence: QLabel
    detail: QLabel
    forest_card: ChartCard
    forest: ForestChart
    hours_card: ChartCard
    hour_grid: HourWeekdayChart
    body_panel: BodyMapPanel

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
        self._jobs = JobRunner(
            self, executor=executor, thread_name="twitchtrack-trends"
        )
        self._today = today or date.today
        self._journal: Journal | None = None
        self._prepared: _Prepared | None = None
        self._slice: an.DailySeries | None = None
        self._rolling: npt.NDArray[np.float64] = np.zeros(0)
        self._average_days = an.ROLLING_DAYS
        self._episodes = an.EpisodeTable(*(np.zeros(0, dtype=np.int64),) * 4)
        self._span: tuple[date, date] | None = None
        # Fits of the journal shown, by range; the one drawn (maybe an older
        # range's, dimmed, while the current one is worked out).
        self._fits: dict[tuple[date, date], CountModelResult] = {}
        self._fit: CountModelResult | None = None
        self._drawn: CountModelResult | None = None
        self._lag_chosen = False
        self._error: str | None = None
        self._range_key = DEFAULT_RANGE
        self._custom: tuple[date, date] | None = None
        self._factor = DEFAULT_FACTOR
        self._overlay: str | None = DEFAULT_FACTOR
        self._lag = 0
        self._dark = False
        self._calm = False
        self._outcome: Outcome = "episodes"  # "sampling" in sampling mode
        self._build(body_geometry)
        self._refresh()

    # ------------------------------------------------------------ building
    def _build(self, body_geometry: BodyGeometry | None) -> None:
        # Imported here, not at module level: pyqtgraph stays off the start-up path.
        from twitchtrack.ui.trends.tabs import TrendsTabs

        root = QVBoxLayout(self)
        root.setContentsMargins(16, 12, 16, 12)
        root.setSpacing(10)
        self.range_bar = bar = RangeBar(self._range_key, self)
        bar.range_clicked.connect(self._on_range_bar_range_clicked)
        bar.dates_edited.connect(self._on_range_bar_dates_edited)
        root.addWidget(bar)
        self.from_edit, self.to_edit = bar.from_edit, bar.to_edit
        self.range_error, self.summary = bar.range_error, bar.summary

        tabs = TrendsTabs(
            body_geometry,
            factor=self._factor,
            overlay=self._overlay,
            lag=self._lag,
            parent=self,
        )
        tabs.overlay_chosen.connect(self._on_tabs_overlay_chosen)
        tabs.factor_chosen.connect(self._on_tabs_factor_chosen)
        tabs.lag_chosen.connect(self._on_tabs_lag_chosen)
        root.addWidget(tabs, 1)
        self.tabs = tabs
        self.timeline_card, self.timeline = tabs.timeline_card, tabs.timeline
        self.timeline_legend = tabs.timeline_legend
        self.weeks_card, self.week_areas = tabs.weeks_card, tabs.week_areas
        self.association_card = tabs.association_card
        self.association = tabs.association
        self.sentence, self.detail = tabs.sentence, tabs.detail
        self.forest_card, self.forest = tabs.forest_card, tabs.forest
        self.hours_card, self.hour_grid = tabs.hours_card, tabs.hour_grid
        self.body_panel = tabs.body_panel
        self._apply_theme()

    # ----------------------------------------------------------------- API
    def set_journal(self, journal: Journal) -> None:
        """Show this journal (call on every change); the work runs off the UI thread."""
        self._journal = journal
        outcome = self._outcome
        self._jobs.run(
            _PREPARE,
            lambda: _prepare(journal, outcome),
            self._on_prepared,
            channel=_PREPARE,
        )

    def set_outcome(self, outcome: Outcome) -> None:
        """What the Links tab analyses: logged twitches, or sampling answers."""
        if outcome != self._outcome:
            self._outcome = outcome
            if self._journal is not None:
                self.set_journal(self._journal)

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
                self.range_bar.show_order_error(start, end)
                return
            self._custom = (start, end)
        self._range_key = key
        self.range_bar.check(key)
        self._refresh()

    def range_key(self) -> str:
        """The chosen range button."""
        return self._range_key

    def span(self) -> tuple[date, date] | None:
        """First and last day of the range shown (None before any data)."""
        return self._span

    def set_factor(self, factor: str) -> None:
        """The factor of the association chart (highlighted in the forest plot).

        The chart moves to the lag the model reports the factor at, unless a lag
        was picked by hand.
        """
        if factor not in MODEL_FACTORS:
            raise ValueError(f"unknown factor {factor!r}")
        self._factor = factor
        self.tabs.show_factor(factor)
        self._follow_reported_lag()
        self._update_association()

    def factor(self) -> str:
        """The factor of the association chart."""
        return self._factor

    def set_overlay(self, factor: str | None) -> None:
        """The factor drawn over the timeline on the right axis (None: nothing)."""
        if factor is not None and factor not in an.FACTORS:
            raise ValueError(f"unknown factor {factor!r}")
        self._overlay = factor
        self.tabs.show_overlay(factor)
        self._update_timeline()

    def set_lag(self, lag: int) -> None:
        """Compare with twitches on the same day (0), next day (1) or two days later."""
        if lag not in an.LAGS:
            raise ValueError(f"lag must be one of {an.LAGS}, not {lag!r}")
        self._lag_chosen = True
        self._show_lag(lag)

    def _show_lag(self, lag: int) -> None:
        self._lag = lag
        self.tabs.show_lag(lag)
        self._update_association()

    def _follow_reported_lag(self) -> None:
        result = self._factor_result()
        if result is not None and not self._lag_chosen and result.lag != self._lag:
            self._lag = result.lag
            self.tabs.show_lag(result.lag)

    def lag(self) -> int:
        """The chosen lag in days."""
        return self._lag

    def model_result(self) -> CountModelResult | None:
        """The count model of the range shown, once it has arrived."""
        return self._fit

    def cached_ranges(self) -> list[tuple[date, date]]:
        """The ranges whose fits are kept for the journal shown."""
        return list(self._fits)

    def last_error(self) -> str | None:
        """Why the last background job failed, if it did."""
        return self._error

    def shutdown(self) -> None:
        """Drop pending results and stop the executor this view created (an
        injected one is left alone)."""
        self._jobs.shutdown()

    # ----------------------------------------------------------- background
    def _on_prepared(self, result: JobResult) -> None:
        if not result.ok:
            self._fail(result.message)
            return
        self._error = None
        self._prepared = result.value
        self._fits = {}  # fits of the old journal
        self._refresh()

    def _on_fitted(self, span: tuple[date, date], result: JobResult) -> None:
        if not result.ok:
            self._fail(result.message)
            return
        self._error = None
        self._fits[span] = result.value
        if span == self._span:
            self._show_fit(result.value)
        self.analysis_finished.emit()

    def _show_fit(self, fit: CountModelResult) -> None:
        self._fit = self._drawn = fit
        self._follow_reported_lag()
        self._update_association()
        self._update_forest()

    def _fail(self, message: str) -> None:
        self._error = message
        self.tabs.show_failure(w.failed(message))
        self.analysis_finished.emit()

    # -------------------------------------------------------------- refresh
    def _journal_span(self) -> tuple[date, date] | None:
        prepared = self._prepared
        if prepared is None or prepared.series.first is None:
            return None
        assert prepared.series.last is not None
        series = prepared.series
        today = self._today()
        if series.first >= EARLIEST_DAY and series.last <= latest_day(today):
            return series.first, series.last
        # An entry no one could have logged (an older version let it in): the
        # span of the real ones, so no range opens on "3 Oct 9999".
        days = series.days[series.logged]
        low, high = np.datetime64(EARLIEST_DAY, "D"), np.datetime64(latest_day(today))
        kept = days[(days >= low) & (days <= high)]
        if kept.size == 0:
            return None
        return to_date(kept[0]), to_date(kept[-1])

    def _refresh(self) -> None:
        """Slice the cached series for the range and redraw; statistics follow."""
        # A fit under way is for the old range or journal: no longer wanted.
        self._jobs.drop(_MODEL)
        self._fit = None
        known = self._journal_span()
        span = (
            None
            if known is None
            else range_span(self._range_key, self._custom, *known, self._today())
        )
        self._span = span
        self.range_bar.sync_dates(known, self._today(), span)
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
            w.LONG_AVERAGE_DAYS if (end - start).days + 1 > 400 else an.ROLLING_DAYS
        )
        rolling = (
            prepared.rolling_long
            if self._average_days == w.LONG_AVERAGE_DAYS
            else prepared.rolling
        )
        self._rolling = rolling[lo : lo + len(self._slice)]
        self._episodes = prepared.table.between(start, end)
        self.summary.setText(
            w.summary_text(
                start,
                end,
                len(self._slice),
                None if self._calm else len(self._episodes),
            )
        )
        self._update_timeline()
        self.tabs.draw_places(self._episodes, span, self._calm)
        if not len(self._slice):
            self.tabs.show_nothing_in_range(w.nothing_in_range(start, end))
            self.analysis_finished.emit()
            return
        cached = self._fits.get(span)
        if cached is not None:
            self._show_fit(cached)
            self.analysis_finished.emit()
            return
        # The last result stays, dimmed, until this range's fit arrives.
        self._update_association()
        self._update_forest()
        data = prepared.model
        self._jobs.run(
            _MODEL,
            lambda: fit_range(data, start, end),
            lambda result: self._on_fitted(span, result),
            channel=_MODEL,
        )

    def _show_empty(self, waiting: bool) -> None:
        self.summary.setText("")
        self.tabs.show_empty(w.WAITING if waiting else w.NOTHING_YET)
        if not waiting:
            self.analysis_finished.emit()

    def _update_timeline(self) -> None:
        sl = self._slice
        if sl is None or self._span is None or not len(sl):
            return  # _refresh shows what to do instead
        self.tabs.draw_timeline(
            sl, self._rolling, self._span, self._overlay, self._average_days
        )

    def _factor_result(self) -> FactorResult | None:
        fit = self._fit or self._drawn
        if fit is None:
            return None
        return next((f for f in fit.factors if f.factor == self._factor), None)

    def _update_association(self) -> None:
        from twitchtrack.ui.trends.links import draw_association

        prepared, span = self._prepared, self._span
        if prepared is None or span is None or not len(self._slice or ()):
            return
        draw_association(
            self.tabs,
            prepared.model.tracked,
            span,
            self._factor,
            self._lag,
            self._factor_result(),
            stale=self._fit is None,
        )

    def _update_forest(self) -> None:
        from twitchtrack.ui.trends.links import draw_forest

        if self._span is None or not len(self._slice or ()):
            return
        draw_forest(
            self.tabs,
            self._fit or self._drawn,
            self._factor,
            stale=self._fit is None,
            timing=self._prepared.model.timing if self._prepared else None,
        )

    # ---------------------------------------------------------------- looks
    def _apply_theme(self) -> None:
        from twitchtrack.ui.trends.charts.theme import theme_for

        theme = theme_for(self._dark)
        self.setStyleSheet(style_sheet(theme))
        self.tabs.apply_theme(theme)

    # ---------------------------------------------------------------- slots
    def _on_range_bar_range_clicked(self, key: str) -> None:
        if key == "custom":
            span = self._span
            if span is None:
                return
            self.set_range("custom", *(self._custom or span))
        else:
            self.set_range(key)

    def _on_range_bar_dates_edited(self, start: date, end: date) -> None:
        self.set_range("custom", start, end)

    def _on_tabs_overlay_chosen(self, factor: str | None) -> None:
        self.set_overlay(factor)

    def _on_tabs_factor_chosen(self, factor: str) -> None:
        self.set_factor(factor)

    def _on_tabs_lag_chosen(self, lag: int) -> None:
        self.set_lag(lag)
